package digest_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// replies is an adapter that keeps the replies it is asked to send, as
// the platform renderers get them.
type replies struct {
	mu   sync.Mutex
	sent map[string][]bot.Reply // by channel ID
}

func (r *replies) Name() string                                 { return platform }
func (r *replies) Run(ctx context.Context, _ bot.Handler) error { <-ctx.Done(); return nil }

func (r *replies) Send(_ context.Context, ch briefing.Channel, reply bot.Reply) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent[ch.ID] = append(r.sent[ch.ID], reply)
	return []string{ch.ID + "-msg"}, nil
}

func (r *replies) of(id string) []bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Reply(nil), r.sent[id]...)
}

// whens lists the story times a reply shows.
func whens(r bot.Reply) []string {
	var out []string
	for _, s := range r.Sections {
		for _, it := range s.Items {
			out = append(out, it.When)
		}
	}
	return out
}

// Story times in a digest are the channel's local times: a Seoul channel
// reads KST and a New York channel EDT/EST, whatever zone the engine
// (BRIEFBOT_TIMEZONE, UTC here) formats in. Scheduled digests and
// /digest now alike.
func TestDigestStoryTimesAreInTheChannelsZone(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	b := newTestBot(t, clk, digest.DigesterConfig{})
	rec := &replies{sent: map[string][]bot.Reply{}}
	b.adapters[platform] = rec
	b.ingest(t, ledgerArticles()...)
	for _, l := range []struct{ ch, zone string }{{"seoul", "Asia/Seoul"}, {"nyc", "America/New_York"}} {
		b.say(t, l.ch, true, "/watch gsomia")
		b.say(t, l.ch, true, "/digest daily 09:00 "+l.zone)
	}
	// 22 Aug 2019 09:00 UTC and 22 Nov 2019 09:00 UTC (ledgerArticles).
	want := map[string][]string{
		"seoul": {"22 Aug 2019, 18:00 KST", "22 Nov 2019, 18:00 KST"},
		"nyc":   {"22 Aug 2019, 05:00 EDT", "22 Nov 2019, 04:00 EST"},
	}
	ctx := context.Background()
	s, err := b.store.Schedule(ctx, briefing.Channel{Platform: platform, ID: "seoul"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.dg.RunOccurrence(ctx, s, s.Next(clk.Now())); err != nil {
		t.Fatal(err)
	}
	got := rec.of("seoul")
	if len(got) != 1 || !slices.Equal(whens(got[0]), want["seoul"]) {
		t.Fatalf("scheduled Seoul digest shows %v, want %v", whensAll(got), want["seoul"])
	}
	req := bot.Request{ID: "now-1", Channel: briefing.Channel{Platform: platform, ID: "nyc"}, User: bot.User{ID: "U1"},
		Command: "digest", Text: "now"}
	if r := b.router.Handle(ctx, req); !slices.Equal(whens(r), want["nyc"]) {
		t.Fatalf("/digest now in New York shows %v, want %v", whens(r), want["nyc"])
	}
}

func whensAll(rs []bot.Reply) [][]string {
	var out [][]string
	for _, r := range rs {
		out = append(out, whens(r))
	}
	return out
}

// A channel that moves its digest to another zone gets it at the "Next:"
// the reply states, even when that is the same wall-clock time of the
// same local date as the digest it already had: 09:00 in New York is not
// the 09:00 Seoul digest of that date.
func TestDigestMovedToAnotherZoneRunsTheSameDay(t *testing.T) {
	dialects(t, func(t *testing.T, store *storage.Store) {
		c := newChat(t, store, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), ledgerArticles()) // 09:00 KST
		c.say(t, "/watch gsomia")
		c.say(t, "/digest daily 09:00 Asia/Seoul")
		if st := c.run(t); st != digest.DeliverySent {
			t.Fatalf("Seoul 09:00: %s", st)
		}
		c.clk.Advance(time.Hour)
		if _, err := c.eng.Ingest(context.Background(), []briefing.Article{{Source: "wire", URL: "https://news.example/gsomia-3",
			Title: "Seoul and Tokyo agree to restore GSOMIA", Published: c.clk.Now(),
			Text: "South Korea and Japan agreed to fully restore GSOMIA, their military intelligence-sharing pact. " +
				"Defence ministers will sign the documents next week."}}); err != nil {
			t.Fatal(err)
		}
		next := stated(t, c.say(t, "/digest daily 09:00 America/New_York"), "America/New_York")
		if want := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC); !next.Equal(want) {
			t.Fatalf("Next %v, want %v", next, want)
		}
		c.clk.Advance(next.Sub(c.clk.Now()))
		if st := c.run(t); st != digest.DeliverySent {
			t.Fatalf("New York 09:00, the Next the reply stated: %s, want sent", st)
		}
		if msgs := c.rec.messages(); len(msgs) != 2 || !strings.Contains(msgs[1], "restore GSOMIA") {
			t.Fatalf("sent %q", msgs)
		}
	})
}

// A digest's title carries its date as the channel reads it: the 09:00
// KST digest of 1 Dec is dated 1 Dec although it is still 30 Nov in UTC;
// an hourly one also says its hour; /digest now says today's date there.
func TestDigestTitleIsDatedInTheChannelsZone(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)) // 08:00 KST on 1 Dec
	b := newTestBot(t, clk, digest.DigesterConfig{})
	rec := &replies{sent: map[string][]bot.Reply{}}
	b.adapters[platform] = rec
	b.ingest(t, ledgerArticles()...)
	b.say(t, "seoul", true, "/watch gsomia")
	b.say(t, "seoul", true, "/digest daily 09:00 Asia/Seoul")
	b.say(t, "hourly", true, "/watch gsomia")
	b.say(t, "hourly", true, "/digest every 2h America/New_York")
	b.say(t, "now", true, "/watch gsomia")
	b.say(t, "now", true, "/digest weekly mon 09:00 Pacific/Auckland")
	ctx := context.Background()
	for id, want := range map[string]string{"seoul": "Digest for Tue 1 Dec 2026: gsomia", "hourly": "Digest for 20:00, Mon 30 Nov 2026: gsomia"} {
		s, err := b.store.Schedule(ctx, briefing.Channel{Platform: platform, ID: id})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.dg.RunOccurrence(ctx, s, s.Next(clk.Now())); err != nil {
			t.Fatal(err)
		}
		if got := rec.of(id); len(got) != 1 || got[0].Title != want {
			t.Errorf("%s digest titled %q, want %q", id, titlesOf(got), want)
		}
	}
	req := bot.Request{ID: "now-1", Channel: briefing.Channel{Platform: platform, ID: "now"}, User: bot.User{ID: "U1"},
		Command: "digest", Text: "now"}
	if r := b.router.Handle(ctx, req); r.Title != "Digest for Tue 1 Dec 2026: gsomia" { // 12:00 NZDT
		t.Errorf("/digest now titled %q", r.Title)
	}
}

func titlesOf(rs []bot.Reply) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

// "/digest 09:00 Asia/Seoul" (no cadence) is answered with the command
// meant, not only the usage line.
func TestDigestTimeWithoutCadenceSuggestsDaily(t *testing.T) {
	b := newTestBot(t, clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)), digest.DigesterConfig{})
	if r := b.say(t, "c", true, "/digest 8:00 asia/seoul"); !strings.Contains(r, "/digest daily 8:00 asia/seoul") {
		t.Fatalf("reply %q", r)
	}
	if r := b.say(t, "c", true, "/digest lunchtime"); !strings.Contains(r, "unknown /digest option") {
		t.Fatalf("reply %q", r)
	}
}
