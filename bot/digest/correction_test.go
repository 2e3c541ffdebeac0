package digest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
)

// TestCorrectedStoryIsNotAnnouncedAgain: a story a digest delivered is
// corrected by its source (same key, new title); /brief shows the
// correction, and the next digest does not deliver the story again: the
// ledger reserves articles by ID, which a correction keeps.
func TestCorrectedStoryIsNotAnnouncedAgain(t *testing.T) {
	f := newLedgerFixture(t, 0)
	ctx := context.Background()
	if st, err := f.dg.RunOccurrence(ctx, f.sched, f.occ); st != digest.DeliverySent || err != nil {
		t.Fatalf("first digest: %s %v", st, err)
	}
	corrected := ledgerArticles()[2]
	corrected.Title = "Seoul keeps GSOMIA alive, for now, hours before it was to expire"
	f.ingest(t, corrected)
	if out := f.say(t, "ops", false, "/brief gsomia"); !strings.Contains(out, corrected.Title) {
		t.Fatalf("/brief after the correction:\n%s", out)
	}
	f.clk.Advance(24 * time.Hour)
	if st, err := f.dg.RunOccurrence(ctx, f.sched, f.occ.Add(24*time.Hour)); st != digest.DeliveryEmpty || err != nil {
		t.Fatalf("next day's digest: %s %v; want empty (the corrected story was delivered)\n%q", st, err, f.rec.sent)
	}
	if len(f.rec.sent) != 1 {
		t.Fatalf("%d digests posted, want 1", len(f.rec.sent))
	}
}
