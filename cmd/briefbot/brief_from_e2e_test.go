package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/storage/storagetest"
)

// "/brief TOPIC from SOURCE" takes the names briefings show, as /watch
// does: a feed's title or one of its words, a source number, and a name
// of several words in quotes. It used to look for the name inside the
// feed's URL only, so "from Gazette" found nothing on a feed titled
// "Harbour Gazette" at http://127.0.0.1:…/feed.xml, and the answer said
// to try broader words.
func TestBriefFromTheNamesBriefingsShow(t *testing.T) {
	app := scopeApp(t, storagetest.SQLiteURL(t))
	pier := outletFeed(t, "Pier Bulletin", "Pier", 1, []string{"Crane operators", "walked out at", "over overtime rules",
		"Union stewards promised pickets"}, 3)
	gazette := outletFeed(t, "Harbour Gazette", "Gazette", 2, []string{"Ferry timetables", "were rewritten for",
		"after council budget votes", "Commuters queued longer"}, 3)
	for _, u := range []string{pier, gazette} {
		if out := say(t, app, "A", true, "/source add "+u); !strings.Contains(out, "Added source") {
			t.Fatalf("/source add: %s", out)
		}
	}
	onlyGazette := func(line string, first int) string {
		t.Helper()
		out := say(t, app, "A", false, line)
		if !strings.Contains(out, fmt.Sprintf("%d. Gazette ", first)) || strings.Contains(out, "Pier") {
			t.Fatalf("%s: want the Harbour Gazette's stories alone:\n%s", line, out)
		}
		return out
	}
	if out := onlyGazette("/brief harbour from Gazette limit 20", 1); !strings.Contains(out, "3 stories") {
		t.Fatalf("from Gazette: want its 3 stories:\n%s", out)
	}
	onlyGazette("/brief harbour from #2 limit 20", 1)
	onlyGazette(`/brief harbour limit 20 from "Harbour Gazette"`, 1)
	first := onlyGazette(`/brief harbour from “harbour gazette” limit 2`, 1)
	_, next, ok := strings.Cut(first, "Next page: ")
	if !ok || !strings.HasPrefix(next, `/brief harbour limit 2 from "harbour gazette" page 2`) {
		t.Fatalf("next page of a quoted source:\n%s", first)
	}
	if out := onlyGazette(strings.TrimSpace(next), 3); !strings.Contains(out, "(page 2)") { // numbered on from page 1
		t.Fatalf("page 2:\n%s", out)
	}
}
