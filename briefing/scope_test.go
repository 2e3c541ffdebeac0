package briefing_test

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// A story folded from two sources keeps, in a scoped digest or briefing,
// only the copies the scope admits: a watch from wire-b shows wire-b's
// copy alone, a channel that may not read wire-a does too, and a story
// whose only copy is hidden is not there at all (nor covered, so another
// scope still gets it).
func TestScopesFilterFoldedStories(t *testing.T) {
	eng, added := newDigestEngine(t,
		story("wire-a", "Seoul ends GSOMIA pact with Japan", pactText),
		story("wire-b", "South Korea quits GSOMIA", pactText+" Japan said it regretted the move."),
		story("wire-a", "Oil jumps on output cuts", oilText),
	)
	ctx := context.Background()
	onlyB := briefing.Watch{Topic: "gsomia", Sources: []string{"wire-b"}}
	hideA := map[string]bool{"wire-a": true}
	for name, opt := range map[string]briefing.DigestOptions{
		"watch from wire-b": {Watches: []briefing.Watch{onlyB, {Topic: "crude oil", Sources: []string{"wire-b"}}}},
		"wire-a hidden":     {Watches: []briefing.Watch{{Topic: "gsomia"}, {Topic: "crude oil"}}, Hidden: hideA},
	} {
		opt.Seen = seenOf(nil)
		d, err := eng.Digest(ctx, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Sections) != 1 || len(d.Sections[0].Items) != 1 {
			t.Fatalf("%s: sections %+v; want gsomia's one story", name, d.Sections)
		}
		it := d.Sections[0].Items[0]
		if it.ID != added[1].ID || len(it.Sources) != 1 || it.Sources[0].ID != added[1].ID || it.Outlets != 1 {
			t.Errorf("%s: story %+v; want wire-b's copy alone", name, it)
		}
		for _, id := range d.Covered {
			if id == added[0].ID || id == added[2].ID {
				t.Errorf("%s: covered wire-a's article %d, so an unscoped digest would lose it", name, id)
			}
		}
	}
	b, err := eng.Brief(ctx, "gsomia OR crude oil", briefing.BriefOptions{Hidden: hideA})
	if err != nil || len(b.Items) != 1 || b.Items[0].ID != added[1].ID || len(b.Items[0].Sources) != 1 {
		t.Fatalf("brief with wire-a hidden: %+v, %v", b.Items, err)
	}
	b, err = eng.Brief(ctx, "gsomia OR crude oil", briefing.BriefOptions{Only: []string{"wire-a"}})
	if err != nil || len(b.Items) != 2 {
		t.Fatalf("brief from wire-a only: %+v, %v", b.Items, err)
	}
	for _, it := range b.Items {
		if len(it.Sources) != 1 || it.Sources[0].Source != "wire-a" {
			t.Errorf("brief from wire-a only shows %+v", it.Sources)
		}
	}
	if !onlyB.Admits(added[1], nil) || onlyB.Admits(added[0], nil) || (briefing.Watch{}).Admits(added[0], hideA) {
		t.Error("Watch.Admits disagrees with the watch's sources or the hidden ones")
	}
}
