package digest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// dialects runs a test on SQLite and on PostgreSQL.
func dialects(t *testing.T, run func(t *testing.T, store *storage.Store)) {
	t.Run("sqlite", func(t *testing.T) { run(t, storagetest.Open(t, storagetest.SQLiteURL(t))) })
	t.Run("postgres", func(t *testing.T) { run(t, storagetest.Open(t, storagetest.PostgresURL(t))) })
}

// tariffStories are six hand-written tariff stories stored most relevant
// first (the topic in the title and all through the text) down to a
// passing mention, so that storage order and relevance disagree.
func tariffStories() []briefing.Article {
	var arts []briefing.Article
	for i := range 6 {
		title := fmt.Sprintf("Harbour report %d", i)
		if i < 3 {
			title = fmt.Sprintf("Tariffs report %d", i)
		}
		body := fmt.Sprintf("Report %d from desk %d on port traffic and shipping lanes near terminal %d.", i, i*7, i*13)
		for m := range 6 - i {
			body += fmt.Sprintf(" Note %d: tariffs on item %d were discussed by official %d.", m, i*31+m, i*5+m)
		}
		arts = append(arts, briefing.Article{Source: "feed", URL: fmt.Sprintf("https://news.example/t%d", i), Title: title,
			Text: body, Published: time.Date(2026, 11, 30, 8, i, 0, 0, time.UTC)})
	}
	return arts
}

// chat is a channel's view of a bot: router, digester and a recording
// adapter on a fake clock.
type chat struct {
	store *storage.Store
	eng   *briefing.Engine
	r     *bot.Router
	dg    *digest.Digester
	clk   *clockwork.FakeClock
	rec   *recorder
	ch    briefing.Channel
}

func newChat(t *testing.T, store *storage.Store, at time.Time, arts []briefing.Article) *chat {
	t.Helper()
	c := &chat{store: store, clk: clockwork.NewFakeClockAt(at), rec: &recorder{}, ch: briefing.Channel{Platform: platform, ID: "ops"}}
	c.eng = briefing.NewEngine(store, briefing.Config{})
	if _, err := c.eng.Ingest(context.Background(), arts); len(arts) > 0 && err != nil {
		t.Fatal(err)
	}
	c.r = bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(c.r, c.eng, store, bot.CoreConfig{})
	c.dg = digest.NewDigester(c.eng, store, map[string]bot.Adapter{platform: c.rec}, digest.DigesterConfig{Owner: "p1", Now: c.clk.Now})
	digest.Register(c.r, c.dg)
	return c
}

func (c *chat) say(t *testing.T, line string) string {
	t.Helper()
	cmd, text, _ := bot.ParseLine(line)
	req := bot.Request{ID: line + c.clk.Now().String(), Channel: c.ch, User: bot.User{ID: "U1", Admin: true}, Command: cmd, Text: text}
	return render(c.r.Handle(context.Background(), req))
}

// run delivers the scheduled occurrence at the clock's time.
func (c *chat) run(t *testing.T) digest.DeliveryStatus {
	t.Helper()
	s, err := c.store.Schedule(context.Background(), c.ch)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.dg.RunOccurrence(context.Background(), s, s.Prev(c.clk.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// titles lists the story lines of a rendered message, and those under a
// "(carried over)" heading.
func titles(msg string) (all, carried []string) {
	under := false
	for _, line := range strings.Split(msg, "\n") {
		if t, ok := strings.CutPrefix(line, "- "); ok {
			all = append(all, t)
			if under {
				carried = append(carried, t)
			}
			continue
		}
		under = strings.HasSuffix(line, "(carried over)")
	}
	return all, carried
}

// Acceptance 1: a cap of 3 over 6 matching stories of different relevance
// keeps the 3 most relevant; the other 3 come in the next digest, marked
// carried over; none is lost, none repeats.
func TestDigestKeepsTheMostRelevantAndCarriesTheRest(t *testing.T) {
	dialects(t, func(t *testing.T, store *storage.Store) {
		c := newChat(t, store, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), tariffStories())
		ctx := context.Background()
		c.say(t, "/watch tariffs")
		c.say(t, "/digest daily 09:00 UTC")
		c.say(t, "/digest limit 3")
		ranked, err := c.eng.Match(ctx, "tariffs", briefing.MatchOptions{})
		if err != nil || len(ranked) != 6 {
			t.Fatalf("match: %d, %v", len(ranked), err)
		}
		ids := make([]int64, 6)
		for i, m := range ranked {
			ids[i] = m.ArticleID
		}
		arts, err := store.Articles(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		title := map[int64]string{}
		for _, a := range arts {
			title[a.ID] = a.Title
		}
		want := make([]string, 6)
		for i, id := range ids {
			want[i] = title[id]
		}
		if slices.Contains(want[:3], "Harbour report 5") {
			t.Fatalf("the test stories do not rank as written: %v", want)
		}

		c.clk.Advance(time.Hour)
		if st := c.run(t); st != digest.DeliverySent {
			t.Fatalf("day 1: %s", st)
		}
		c.clk.Advance(24 * time.Hour)
		if st := c.run(t); st != digest.DeliverySent {
			t.Fatalf("day 2: %s", st)
		}
		c.clk.Advance(24 * time.Hour)
		if st := c.run(t); st != digest.DeliveryEmpty {
			t.Fatalf("day 3: %s, want empty (nothing left, nothing repeated)", st)
		}
		msgs := c.rec.messages()
		if len(msgs) != 2 {
			t.Fatalf("%d messages: %q", len(msgs), msgs)
		}
		day1, carried1 := titles(msgs[0])
		day2, carried2 := titles(msgs[1])
		slices.Sort(day1)
		slices.Sort(day2)
		slices.Sort(carried2)
		best, rest := slices.Sorted(slices.Values(want[:3])), slices.Sorted(slices.Values(want[3:]))
		if !slices.Equal(day1, best) || len(carried1) != 0 {
			t.Fatalf("day 1 shows %v (carried %v), want the 3 most relevant %v", day1, carried1, best)
		}
		if !slices.Equal(day2, rest) || !slices.Equal(carried2, rest) {
			t.Fatalf("day 2 shows %v (carried %v), want the other 3 carried over %v", day2, carried2, rest)
		}
		if !strings.Contains(msgs[0], "3 more stories past this digest's limit carried over to the next one.") {
			t.Fatalf("day 1 does not say what was carried: %s", msgs[0])
		}
		d, err := store.FindDelivery(ctx, c.ch, "2026-12-02 09:00 UTC")
		if err != nil || d.Stories != 3 {
			t.Fatalf("day 2 ledger: %+v %v", d, err)
		}
	})
}

// refusingAdapter fails every post the way the Slack adapter reports a
// channel that removed the bot.
type refusingAdapter struct{ recorder }

func (*refusingAdapter) Send(context.Context, briefing.Channel, bot.Reply) ([]string, error) {
	return nil, errors.New("briefbot is not a member of this channel (not_in_channel): invite it with /invite @briefbot: slack: post to C1: not_in_channel")
}

// A digest to a channel the bot was removed from is marked failed, and
// /digest says why and what to do; its stories stay owed.
func TestDigestToARemovedChannelShowsWhyInDigest(t *testing.T) {
	dialects(t, func(t *testing.T, store *storage.Store) {
		c := newChat(t, store, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), tariffStories())
		c.dg = digest.NewDigester(c.eng, store, map[string]bot.Adapter{platform: &refusingAdapter{}},
			digest.DigesterConfig{Owner: "p1", Now: c.clk.Now})
		c.r = bot.NewRouter(bot.RouterConfig{})
		bot.RegisterCore(c.r, c.eng, store, bot.CoreConfig{})
		digest.Register(c.r, c.dg)
		c.say(t, "/watch tariffs")
		c.say(t, "/digest daily 09:00 UTC")
		c.clk.Advance(time.Hour)
		if st := c.run(t); st != digest.DeliveryFailed {
			t.Fatalf("status %s, want failed", st)
		}
		out := c.say(t, "/digest")
		if !strings.Contains(out, "Last digest: 2026-12-01 09:00 UTC, failed: briefbot is not a member of this channel (not_in_channel): "+
			"invite it with /invite @briefbot") || !strings.Contains(out, "retried automatically") {
			t.Fatalf("/digest: %s", out)
		}
		ms, err := c.eng.Match(context.Background(), "tariffs", briefing.MatchOptions{})
		if err != nil || len(ms) != 6 {
			t.Fatalf("match %d %v", len(ms), err)
		}
		ids := make([]int64, len(ms))
		for i, m := range ms {
			ids[i] = m.ArticleID
		}
		seen, err := store.DeliveredArticles(context.Background(), c.ch, ids)
		if err != nil || len(seen) != 0 {
			t.Fatalf("a failed digest holds articles %v (%v)", seen, err)
		}
	})
}
