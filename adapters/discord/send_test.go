package discord_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

const messagesPath = "/api/v9/channels/55/messages"

var target = briefing.Channel{Platform: "discord", ID: channel}

// bigDigest has three topics of nine long stories; one story's text
// tries to ping everyone.
func bigDigest() (bot.Reply, []string) {
	r := bot.Reply{Title: "Your morning digest", Text: "27 new stories on 3 topics."}
	titles := []string{r.Title}
	long := strings.Repeat("The committee met again and the talks went on late into the night. ", 20)
	for s, heading := range []string{"pipeline sanctions", "gsomia", "crude oil"} {
		sec := bot.Section{Heading: heading}
		for i := range 9 {
			it := briefing.Item{Title: fmt.Sprintf("Story %d.%d on %s", s+1, i+1, heading),
				URL: fmt.Sprintf("https://news.example.org/%d/%d", s, i), Source: "news.example.org",
				Published: time.Date(2026, 3, 1+i, 8, 0, 0, 0, time.UTC), Summary: []string{long},
				Why: "“" + heading + "” in the title and text"}
			if s == 1 && i == 4 {
				it.Summary = []string{"@everyone read this now, @here too, and <@123456789012345678> and <@&42424242424242>."}
			}
			sec.Items = append(sec.Items, it)
			titles = append(titles, it.Title)
		}
		r.Sections = append(r.Sections, sec)
	}
	return r, titles
}

func TestSendSplitsALargeDigestIntoValidMessages(t *testing.T) {
	w := newWorld(t)
	a := w.adapter(t, nil)
	reply, titles := bigDigest()
	ids, err := a.Send(context.Background(), target, reply)
	if err != nil {
		t.Fatal(err)
	}
	sent := w.fake.Sent()
	if len(sent) < 2 || len(ids) != len(sent) {
		t.Fatalf("%d messages, %d ids: want several, one id each", len(sent), len(ids))
	}
	for _, c := range w.fake.Calls() {
		if c.Status != 200 {
			t.Fatalf("the fake refused a message (%d): %s", c.Status, c.Body)
		}
		if !strings.Contains(string(c.Body), `"allowed_mentions":{"parse":[]`) {
			t.Errorf("request without empty allowed_mentions: %.200s", c.Body)
		}
	}
	var got []string
	seen := map[string]bool{}
	for i, s := range sent {
		if s.Kind != "channel" || s.Channel != channel || len(s.Message.Embeds) > 10 || !s.Message.PingsNobody() {
			t.Errorf("message %d: kind %s channel %s, %d embeds, allowed_mentions %+v", i, s.Kind, s.Channel,
				len(s.Message.Embeds), s.Message.AllowedMentions)
		}
		if err := s.Message.Validate(); err != nil {
			t.Errorf("message %d: %v", i, err)
		}
		for _, e := range s.Message.Embeds {
			if e.Title != "" {
				got = append(got, e.Title)
			}
		}
		if text := allText(s.Message); strings.Contains(text, "@everyone") || strings.Contains(text, "@here") || strings.Contains(text, "<@") {
			t.Errorf("message %d carries a live mention:\n%s", i, text)
		}
		if seen[ids[i]] || ids[i] == "" {
			t.Errorf("id %d %q empty or repeated", i, ids[i])
		}
		seen[ids[i]] = true
	}
	if strings.Join(got, "\n") != strings.Join(titles, "\n") {
		t.Errorf("stories out of order or missing:\n got %q\nwant %q", got, titles)
	}
	if all := fmt.Sprint(sent); !strings.Contains(all, "@\u200beveryone") {
		t.Error("the @everyone story is missing")
	}
}

func TestSendWaitsOutA429AndDeliversOnce(t *testing.T) {
	w := newWorld(t)
	w.fake.RateLimit("POST", messagesPath, 0.5, 1)
	ids, err := w.adapter(t, nil).Send(context.Background(), target, bot.Reply{Text: "hello"})
	if err != nil || len(ids) != 1 {
		t.Fatalf("Send = %v, %v", ids, err)
	}
	calls := w.fake.CallsTo("POST", messagesPath)
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("calls: %+v", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < 500*time.Millisecond {
		t.Errorf("retried after %v, before retry_after (0.5 s)", gap)
	}
	if n := len(w.fake.Sent()); n != 1 {
		t.Errorf("delivered %d times", n)
	}
}

// recorder is a Sleep that records its waits and returns at once.
type recorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, d)
	return ctx.Err()
}

func TestSendWaitsRetryAfterEachTime(t *testing.T) {
	w := newWorld(t)
	w.fake.RateLimit("POST", messagesPath, 0.5, 2)
	rec := &recorder{}
	if _, err := w.adapter(t, func(c *discord.Config) { c.Sleep = rec.sleep }).Send(context.Background(), target, bot.Reply{Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rec.waits) != "[500ms 500ms]" || len(w.fake.Sent()) != 1 {
		t.Fatalf("waits %v, delivered %d", rec.waits, len(w.fake.Sent()))
	}
}

func TestSendGivesUpAfterMaxAttemptsAndSaysSo(t *testing.T) {
	w := newWorld(t)
	w.fake.RateLimit("POST", messagesPath, 0.1, 10)
	rec := &recorder{}
	a := w.adapter(t, func(c *discord.Config) { c.Sleep, c.MaxAttempts = rec.sleep, 3 })
	ids, err := a.Send(context.Background(), target, bot.Reply{Text: "hi"})
	if !errors.Is(err, discord.ErrRateLimited) || len(ids) != 0 {
		t.Fatalf("Send = %v, %v; want ErrRateLimited", ids, err)
	}
	if n := len(w.fake.CallsTo("POST", messagesPath)); n != 3 || len(w.fake.Sent()) != 0 {
		t.Fatalf("%d attempts, %d delivered; want 3 and 0", n, len(w.fake.Sent()))
	}
}

func TestSendReportsARetryAfterTooLongToWait(t *testing.T) {
	w := newWorld(t)
	w.fake.RateLimit("POST", messagesPath, 600, 1)
	rec := &recorder{}
	_, err := w.adapter(t, func(c *discord.Config) { c.Sleep = rec.sleep }).Send(context.Background(), target, bot.Reply{Text: "hi"})
	if !errors.Is(err, discord.ErrRateLimited) || len(rec.waits) != 0 {
		t.Fatalf("err %v, waits %v", err, rec.waits)
	}
}

func TestSendNeverResendsAfterAnAmbiguousFailure(t *testing.T) {
	for _, status := range []int{500, 502} {
		w := newWorld(t)
		w.fake.Fail("POST", messagesPath, status, 1)
		ids, err := w.adapter(t, nil).Send(context.Background(), target, bot.Reply{Text: "hi"})
		if err == nil || len(ids) != 0 {
			t.Fatalf("%d: Send = %v, %v; want an error", status, ids, err)
		}
		if n := len(w.fake.CallsTo("POST", messagesPath)); n != 1 {
			t.Errorf("%d: sent %d times; a %d may have been delivered, so once only", status, n, status)
		}
	}
}

func TestSendStopsAtTheFirstFailedPart(t *testing.T) {
	w := newWorld(t)
	reply, _ := bigDigest()
	w.fake.Fail("POST", messagesPath, 403, 1)
	ids, err := w.adapter(t, nil).Send(context.Background(), target, reply)
	if err == nil || len(ids) != 0 || len(w.fake.Calls()) != 1 {
		t.Fatalf("ids %v err %v calls %d: a later part must not go out without the first", ids, err, len(w.fake.Calls()))
	}
}

func TestSendRefusesOtherPlatforms(t *testing.T) {
	w := newWorld(t)
	if _, err := w.adapter(t, nil).Send(context.Background(), briefing.Channel{Platform: "slack", ID: "C1"}, bot.Reply{Text: "hi"}); err == nil {
		t.Fatal("sent to a slack channel")
	}
	if len(w.fake.Calls()) != 0 {
		t.Fatal("called Discord")
	}
}
