package digest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// A channel's first digest has no last digest to count from: it says it
// is the first, and only later ones speak of "since the last digest". A
// first attempt that posted nothing (failed) does not make the retry a
// second digest; /digest now follows the same rule, empty or not.
func TestFirstDigestDoesNotSpeakOfALastOne(t *testing.T) {
	for name, url := range map[string]func(testing.TB) string{"sqlite": storagetest.SQLiteURL, "postgres": storagetest.PostgresURL} {
		t.Run(name, func(t *testing.T) {
			f := newLedgerFixtureAt(t, 0, url(t))
			f.rec.fails = 1
			ctx := context.Background()
			if st, err := f.dg.RunOccurrence(ctx, f.sched, f.occ); st != digest.DeliveryFailed || err != nil {
				t.Fatalf("first attempt: %s %v", st, err)
			}
			f.clk.Advance(time.Minute)
			f.sweep(t)
			msgs := f.rec.messages()
			if len(msgs) != 1 || !strings.Contains(msgs[0], "First digest in this channel: 2 stories,") ||
				strings.Contains(msgs[0], "since the last digest") {
				t.Fatalf("first digest, retried once:\n%s", strings.Join(msgs, "\n---\n"))
			}

			f.ingest(t, briefing.Article{Source: "test", URL: "https://news.example/5", Published: f.clk.Now(),
				Title: "Tokyo and Seoul renew GSOMIA for another year",
				Text:  "South Korea and Japan renewed GSOMIA, their military intelligence pact. Both said talks go on."})
			next := f.sched.Next(f.clk.Now())
			f.clk.Advance(next.Sub(f.clk.Now()))
			if st, err := f.dg.RunOccurrence(ctx, f.sched, next); st != digest.DeliverySent || err != nil {
				t.Fatalf("second digest: %s %v", st, err)
			}
			if msgs = f.rec.messages(); len(msgs) != 2 || !strings.Contains(msgs[1], "1 new story since the last digest,") {
				t.Fatalf("second digest:\n%s", strings.Join(msgs, "\n---\n"))
			}
			if reply := f.say(t, "ops", false, "/digest now"); !strings.Contains(reply, "Nothing new on gsomia since the last digest.") {
				t.Fatalf("/digest now after two digests: %q", reply)
			}

			f.say(t, "new", true, "/watch wheat")
			if reply := f.say(t, "new", false, "/digest now"); !strings.Contains(reply, "First digest in this channel: 1 story,") ||
				strings.Contains(reply, "since the last") {
				t.Fatalf("first /digest now: %q", reply)
			}
			// A digest being sent counts: its stories are reserved, so a
			// /digest now meanwhile finds nothing new since it.
			mid := briefing.Channel{Platform: platform, ID: "mid"}
			f.say(t, "mid", true, "/watch gsomia")
			del, _, err := f.store.ClaimDelivery(ctx, digest.Delivery{Channel: mid, Period: "2026-12-02 09:00 UTC",
				Owner: "other", LeaseUntil: f.clk.Now().Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.store.BeginSend(ctx, del.ID, "other", []int64{1, 2, 3, 4, 5}, f.clk.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if reply := f.say(t, "mid", false, "/digest now"); !strings.Contains(reply, "Nothing new on gsomia since the last digest.") {
				t.Fatalf("/digest now while a digest is being sent: %q", reply)
			}
			f.say(t, "empty", true, "/watch volcano")
			if reply := f.say(t, "empty", false, "/digest now"); !strings.Contains(reply, "Nothing on volcano yet.") {
				t.Fatalf("first /digest now, nothing to send: %q", reply)
			}
		})
	}
}
