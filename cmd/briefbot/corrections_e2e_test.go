package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// correctedFeed is the Harbour Gazette's feed with its crane story as
// first sent (version 1) or corrected under the same GUID (version 2),
// beside a story that never changes.
func correctedFeed(version int) []byte {
	crane := `<title>Harbour board signs crane contract</title><description>The harbour board signed the crane contract ` +
		`on Monday, ending a year of talks with the shipyard. Work starts in spring.</description>`
	if version == 2 {
		crane = `<title>Harbour board delays crane contract</title><description>The harbour board delayed the crane contract ` +
			`on Monday after a dispute over dredging costs. An earlier version of this story said it was concluded.</description>`
	}
	pub := func(h int) string {
		return time.Date(2026, 11, 29, h, 0, 0, 0, time.UTC).Format(time.RFC1123Z)
	}
	return fmt.Appendf(nil, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>`+
		`<link>https://gazette.example/</link>`+
		`<item><guid>urn:gazette:crane</guid><link>https://gazette.example/crane</link><pubDate>%s</pubDate>%s</item>`+
		`<item><guid>urn:gazette:ferry</guid><link>https://gazette.example/ferry</link><pubDate>%s</pubDate>`+
		`<title>Ferry timetable changes</title><description>The ferry to the island runs every hour from Monday, `+
		`the harbour office said.</description></item></channel></rss>`, pub(10), crane, pub(9))
}

// correctionApp opens the wired app on db, with its index file at index
// and sources polled by clk.
func correctionApp(t *testing.T, db, index string, clk clockwork.Clock) *App {
	t.Helper()
	keys := map[string]string{"BRIEFBOT_DATABASE_URL": db, "BRIEFBOT_ALLOW_PRIVATE_SOURCES": "true", "BRIEFBOT_POLL_INTERVAL": "5m",
		"BRIEFBOT_INDEX_FILE": index}
	getenv := func(k string) string { return keys[k] }
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Getenv = getenv
	env := &cli.Env{Config: cfg, Stdio: cli.Stdio{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}}
	env.Log = cfg.Logger(io.Discard)
	app, err := openApp(context.Background(), env, 0)
	if err != nil {
		t.Fatal(err)
	}
	app.Clock = clk
	if err := wireSources(env, app); err != nil {
		t.Fatal(err)
	}
	return app
}

func matchedIDs(t *testing.T, app *App, topic string) []int64 {
	t.Helper()
	ms, err := app.Engine.Match(context.Background(), topic, briefing.MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ArticleID)
	}
	return ids
}

// TestFeedCorrectionEndToEnd, on SQLite and PostgreSQL, through a real
// feed server and the poller: the feed re-publishes an item under its
// GUID with a new title and text; after the next poll /brief shows the
// corrected story, marked as updated, under the same article ID, the old
// words no longer select it, and a restart (from the index file) does
// not bring the first version back.
func TestFeedCorrectionEndToEnd(t *testing.T) {
	for name, db := range map[string]func(testing.TB) string{"sqlite": storagetest.SQLiteURL, "postgres": storagetest.PostgresURL} {
		t.Run(name, func(t *testing.T) { checkFeedCorrection(t, db(t)) })
	}
}

func checkFeedCorrection(t *testing.T, db string) {
	clk := clockwork.NewFakeClockAt(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	index := t.TempDir() + "/index"
	app := correctionApp(t, db, index, clk)
	var body atomic.Pointer[answer]
	body.Store(&answer{body: correctedFeed(1)})
	srv, _ := serveBytes(t, &body)
	if rep := chat(app, bot.User{ID: "U1", Admin: true}, "/source add "+srv.URL+"/feed.xml"); rep.Error {
		t.Fatal(rep.Text)
	}
	first := say(t, app, "A", false, "/brief crane contract")
	ids := matchedIDs(t, app, "crane contract")
	if !strings.Contains(first, "signs crane contract") || len(ids) != 1 {
		t.Fatalf("version 1: /brief crane contract:\n%s\nmatches %v", first, ids)
	}

	body.Store(&answer{body: correctedFeed(2)})
	clk.Advance(5 * time.Minute)
	if rep, err := app.Sources.PollDue(context.Background()); err != nil || rep.Failed != 0 {
		t.Fatalf("second poll: %+v, %v", rep, err)
	}
	out := say(t, app, "A", false, "/brief crane contract")
	if !strings.Contains(out, "delays crane contract") || !strings.Contains(out, "dredging costs") ||
		strings.Contains(out, "signs crane contract") || strings.Contains(out, "year of talks") {
		t.Fatalf("after the correction /brief crane contract shows:\n%s\nwant the corrected title and text only", out)
	}
	if !strings.Contains(out, "updated 30 Nov, 09:05 UTC") {
		t.Errorf("the corrected story is not marked as updated:\n%s", out)
	}
	// In a channel whose digests are in Seoul time, so is /brief's.
	say(t, app, "B", true, "/digest daily 09:00 Asia/Seoul")
	if out := say(t, app, "B", false, "/brief crane contract"); !strings.Contains(out, "29 Nov 2026, 19:00 KST, updated 30 Nov, 18:05 KST") {
		t.Errorf("in a channel on Seoul time the correction is not shown in KST:\n%s", out)
	}
	if got := matchedIDs(t, app, "dredging"); len(got) != 1 || got[0] != ids[0] {
		t.Fatalf("the corrected words match %v, want the same article %d", got, ids[0])
	}
	if got := matchedIDs(t, app, "shipyard"); len(got) != 0 {
		t.Fatalf("the first version's words still match %v", got)
	}
	if n, err := app.Store.CountArticles(context.Background()); err != nil || n != 2 {
		t.Fatalf("%d articles stored, %v; want 2 (the correction updates in place)", n, err)
	}

	// A restart loads the index file saved at Close (or rebuilds): the
	// first version does not come back.
	app.Close()
	again := correctionApp(t, db, index, clk)
	defer again.Close()
	if got := matchedIDs(t, again, "dredging"); len(got) != 1 || got[0] != ids[0] {
		t.Fatalf("after a restart the corrected words match %v, want [%d]", got, ids[0])
	}
	if got := matchedIDs(t, again, "shipyard"); len(got) != 0 {
		t.Fatalf("after a restart the first version's words match %v", got)
	}
}

// `briefbot ingest` of a feed file, then of its corrected version: the
// second run says it corrected the item, and a new process's /brief (from
// the index file the first run left) shows only the corrected text.
func TestIngestCLIReportsCorrection(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	feed := filepath.Join(dir, "gazette.xml")
	for v, want := range []string{1: "added 2, skipped 0", 2: "added 0, skipped 1 already stored (feed); corrected 1 stored under the same id"} {
		if v == 0 {
			continue
		}
		if err := os.WriteFile(feed, correctedFeed(v), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("ingest of version %d: %+v; want %q", v, r, want)
		}
		if v == 1 {
			if r := briefbot(t, dir, db, "ask", "/brief crane contract"); !strings.Contains(r.stdout, "signs crane contract") {
				t.Fatalf("/brief after version 1: %+v", r)
			}
		}
	}
	r := briefbot(t, dir, db, "ask", "/brief dredging")
	if r.code != 0 || !strings.Contains(r.stdout, "delays crane contract") || strings.Contains(r.stdout, "signs crane contract") {
		t.Fatalf("/brief dredging after the correction: %+v", r)
	}
	if r := briefbot(t, dir, db, "ask", "/brief shipyard"); strings.Contains(r.stdout, "crane contract") {
		t.Fatalf("/brief on the first version's words still finds it: %+v", r)
	}
}
