package web_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A story whose article its source corrected shows the corrected title
// on its page, with when it was updated in the page's zone beside its
// date.
func TestPageShowsCorrection(t *testing.T) {
	f := newFixture(t, base, "")
	fixed := fixtureArticles()[2]
	fixed.Title = "Harbour strike ends as port authority withdraws night-shift rota"
	fixed.Fetched = time.Date(2026, 11, 9, 14, 5, 0, 0, time.UTC)
	if res, err := f.eng.Ingest(context.Background(), append(fixtureArticles()[:2], fixed)); err != nil || len(res.Revised) != 1 {
		t.Fatalf("correction: %+v, %v", res, err)
	}
	rep := f.say(chX, "/brief harbour strike")
	link := linkIn(rep.Footer, base+"/b/")
	res := f.do("GET", strings.TrimPrefix(link, base), nil)
	if res.code != 200 {
		t.Fatalf("GET %s: %d", link, res.code)
	}
	if !strings.Contains(res.body, fixed.Title) || strings.Contains(res.body, "drops night-shift rota") {
		t.Errorf("page does not show the corrected title only")
	}
	if !strings.Contains(res.body, `<time datetime="2026-11-09T14:05:00Z">updated 14:05</time>`) {
		t.Errorf("page does not say when the story was updated:\n%s", res.body)
	}
}
