package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// "Private means private" beyond /brief and digests, on SQLite and
// PostgreSQL through the wired app and real feed servers: channel B
// learns nothing of channel A's private source from a /watch count, a
// "did you mean" word or part count, a page of /brief, a /rate of one of
// its story ids, or `briefbot sources export`; A itself sees all of it.
func TestChannelSourcesNoLeaks(t *testing.T) {
	for name, db := range map[string]func(testing.TB) string{"sqlite": storagetest.SQLiteURL, "postgres": storagetest.PostgresURL} {
		t.Run(name, func(t *testing.T) {
			url := db(t)
			checkNoLeaks(t, scopeApp(t, url), url)
		})
	}
}

func checkNoLeaks(t *testing.T, app *App, dbURL string) {
	pier := outletFeed(t, "Pier Bulletin", "Pier", 1, []string{"Crane operators", "walked out at", "over overtime rules",
		"Union stewards promised pickets"}, 3)
	gazette := outletFeed(t, "Harbour Gazette", "Gazette", 2, []string{"Ferry timetables", "were rewritten for",
		"after council budget votes", "Commuters queued longer"}, 3)
	sayIn := func(ch, line string, want, never []string) string {
		t.Helper()
		out := say(t, app, ch, false, line)
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s in %s lacks %q:\n%s", line, ch, w, out)
			}
		}
		for _, n := range never {
			if strings.Contains(out, n) {
				t.Errorf("%s in %s says %q (channel A's private source):\n%s", line, ch, n, out)
			}
		}
		return out
	}
	for line, want := range map[string]string{"/source add " + pier + " for this channel": "for this channel only",
		"/source add " + gazette: "Added source #"} {
		if out := say(t, app, "A", true, line); !strings.Contains(out, want) {
			t.Fatalf("%s:\n%s", line, out)
		}
	}

	// 1. /watch counts what the channel may read (and what the watch reads).
	sayIn("A", "/watch pickets", []string{"(3 stored articles match the topic so far)"}, nil)
	sayIn("B", "/watch pickets", []string{"(0 stored articles match the topic so far)"}, []string{"pickets?", "3 stored"})
	sayIn("A", "/watch harbour", []string{"(6 stored articles match"}, nil)
	sayIn("B", "/watch harbour", []string{"(3 stored articles match"}, nil)
	sayIn("C", "/watch harbour from Harbour Gazette", []string{"(3 stored articles match"}, nil)

	// 2. "Did you mean": words and part counts from what the channel reads.
	sayIn("A", "/brief pikets", []string{"Did you mean: pickets?"}, nil)
	sayIn("B", "/brief pikets", []string{"No stories match “pikets” yet.", "Try fewer or broader words"}, []string{"pickets"})
	sayIn("B", "/watch stewads", nil, []string{"stewards"})
	sayIn("A", "/brief ferry pickets", []string{"ferry (3 articles)", "pickets (3 articles)"}, nil)
	sayIn("B", "/brief ferry pickets", []string{"Did you mean: ferry (3 articles)?"}, []string{"pickets ("})

	// 3. Pages of /brief (what "Show more" posts) hold none of A's stories.
	for page := 1; page <= 4; page++ {
		sayIn("B", fmt.Sprintf("/brief harbour limit 1 page %d", page), nil, []string{"Pier"})
	}
	// A /rate of a private story's id answers as for an unknown id.
	ms, err := app.Engine.Match(context.Background(), "pickets", briefing.MatchOptions{})
	if err != nil || len(ms) != 3 {
		t.Fatalf("match pickets: %v %v", ms, err)
	}
	id := ms[0].ArticleID
	sayIn("A", fmt.Sprintf("/rate harbour %d up", id), []string{fmt.Sprintf("Noted 👍 for article %d", id)}, nil)
	sayIn("B", fmt.Sprintf("/rate harbour %d up", id), []string{fmt.Sprintf("there is no article %d, so nothing was judged", id)}, []string{"Noted"})
	sayIn("B", "/rate harbour", []string{"has judged no stories"}, nil)

	// 4. The OPML export leaves the private source out and says so.
	r := briefbot(t, t.TempDir(), dbURL, "sources", "export")
	if r.code != 0 || strings.Contains(r.stdout, "Pier") || strings.Contains(r.stdout, pier) ||
		!strings.Contains(r.stdout, "<!-- 1 channel-private source left out") || !strings.Contains(r.stdout, gazette) {
		t.Errorf("sources export: want Harbour Gazette alone and a comment on the private source left out: %+v", r)
	}
}
