package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// scopeApp opens the wired App (engine, router, digests, poller) on db,
// with chat sources allowed on 127.0.0.1 and every item of a new source
// counted as new, so digests have them at once.
func scopeApp(t *testing.T, db string) *App {
	t.Helper()
	keys := map[string]string{"BRIEFBOT_DATABASE_URL": db, "BRIEFBOT_ALLOW_PRIVATE_SOURCES": "true",
		"BRIEFBOT_SOURCE_BACKFILL": "20", "BRIEFBOT_DIGEST_LIMIT": "30"}
	getenv := func(k string) string { return keys[k] }
	app, _ := testApp(t, getenv)
	return app
}

// outletFeed serves an RSS feed titled title with n stories about the
// harbour, each titled "<label> <i>" and worded by its own vocabulary so
// that no two outlets' stories fold into one.
func outletFeed(t *testing.T, title, label string, day int, words []string, n int) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>https://%s.example/</link>`,
		title, strings.ToLower(label))
	for i := n; i >= 1; i-- {
		fmt.Fprintf(&b, `<item><guid>urn:%s:%d</guid><title>%s %d</title><pubDate>%s</pubDate><description>%s %s `+
			`harbour %d %s. %s %s.</description></item>`,
			label, i, label, i, time.Date(2026, 11, day+i*3, 8, 0, 0, 0, time.UTC).Format(time.RFC1123Z),
			words[0], words[1], i*7+day, words[2], words[3], []string{"", "on the north quay at dawn",
				"after the storm flooded the southern basin", "while inspectors measured the eastern breakwater"}[i])
	}
	b.WriteString(`</channel></rss>`)
	body := b.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/feed.xml"
}

// Issue 19 item 4 on SQLite and PostgreSQL, through the wired app and
// real feed servers: a channel-private source's stories are in its
// channel's /brief and digest and in no other channel's; a watch
// restricted to a source gets only that source's stories; /watching and
// /source list show the scopes; bad names are refused and change nothing.
func TestChannelSourcesEndToEnd(t *testing.T) {
	for name, db := range map[string]func(testing.TB) string{"sqlite": storagetest.SQLiteURL, "postgres": storagetest.PostgresURL} {
		t.Run(name, func(t *testing.T) { checkChannelSources(t, scopeApp(t, db(t))) })
	}
}

func checkChannelSources(t *testing.T, app *App) {
	pier := outletFeed(t, "Pier Bulletin", "Pier", 1, []string{"Crane operators", "walked out at", "over overtime rules",
		"Union stewards promised pickets"}, 3)
	gazette := outletFeed(t, "Harbour Gazette", "Gazette", 2, []string{"Ferry timetables", "were rewritten for",
		"after council budget votes", "Commuters queued longer"}, 3)
	courier := outletFeed(t, "Coast Courier", "Courier", 3, []string{"Dredging contracts", "went to bidders near",
		"despite mayoral objections", "Auditors requested invoices"}, 3)
	mustSay := func(ch, line, want string) string {
		t.Helper()
		out := say(t, app, ch, true, line)
		if !strings.Contains(out, want) {
			t.Fatalf("%s in %s:\n%s\nwant %q", line, ch, out, want)
		}
		return out
	}
	mustSay("A", "/source add "+pier+" every 30m for this channel", "for this channel only")
	mustSay("A", "/source add "+gazette, "Added source #2")
	mustSay("A", "/source add "+courier, "Added source #3")

	a := mustSay("A", "/brief harbour limit 20", "Pier 2")
	b := mustSay("B", "/brief harbour limit 20", "Gazette 2")
	if !strings.Contains(a, "Gazette 2") || strings.Contains(b, "Pier") {
		t.Fatalf("/brief: channel A should see every source, B all but A's private one\nA:\n%s\nB:\n%s", a, b)
	}
	if out := say(t, app, "B", false, "/brief harbour from Pier"); strings.Contains(out, "Pier 1") {
		t.Fatalf("B named A's private source and got its stories:\n%s", out)
	}

	for _, ch := range []string{"A", "B"} {
		mustSay(ch, "/watch harbour", "Now watching “harbour”")
	}
	mustSay("C", "/watch harbour from Harbour Gazette", "Now watching “harbour” (from Harbour Gazette)")
	mustSay("C", "/watching", "harbour (from Harbour Gazette)")
	da := mustSay("A", "/digest now", "Pier 3")
	db := mustSay("B", "/digest now", "Courier 3")
	dc := mustSay("C", "/digest now", "Gazette 3")
	if !strings.Contains(da, "Courier 1") || strings.Contains(db, "Pier") {
		t.Fatalf("digests: A should hold every source, B none of A's private one\nA:\n%s\nB:\n%s", da, db)
	}
	if strings.Contains(dc, "Courier") || strings.Contains(dc, "Pier") || !strings.Contains(dc, "Gazette 1") {
		t.Fatalf("digest of a watch from Harbour Gazette holds other sources' stories:\n%s", dc)
	}

	// A private source is listed in its own channel and to admins; other
	// channels learn only that one exists.
	for _, who := range []struct {
		channel string
		admin   bool
	}{{"A", false}, {"B", true}} {
		list := say(t, app, who.channel, who.admin, "/source list")
		for _, want := range []string{"#1 “Pier Bulletin”", "every 30 min", "only for console:A", "watched from console:C: “harbour”"} {
			if !strings.Contains(list, want) {
				t.Errorf("/source list in %s (admin %v) lacks %q:\n%s", who.channel, who.admin, want, list)
			}
		}
	}
	if list := say(t, app, "B", false, "/source list"); strings.Contains(list, "Pier") ||
		!strings.Contains(list, "(1 private to other channels, not shown)") || !strings.Contains(list, "watched from console:C: “harbour”") {
		t.Errorf("/source list in B shows A's private source or hides the shared ones:\n%s", list)
	}

	// Bad names: a clear error, and the channel's watches unchanged.
	for line, want := range map[string]string{
		"/watch ferry from Gazete":                      "no source is named “Gazete”. Close names: Harbour Gazette (#2)",
		"/watch ferry from Pier Bulletin":               "no source is named “Pier Bulletin”",
		"/watch ferry from " + strings.Repeat("x", 500): "a source name is at most 100 characters",
		"/watch ferry from":                             "name the sources after “from”",
		"/watch harbour from Coast Courier":             "already watches “harbour” (from Harbour Gazette)",
	} {
		out := say(t, app, "C", true, line)
		if !strings.Contains(out, want) || len(out) > 700 {
			t.Errorf("%.50s:\n%s\nwant a short error saying %q", line, out, want)
		}
	}
	mustSay("C", "/watching", "This channel watches: harbour (from Harbour Gazette).")

	// Removing the private source leaves its stored stories A's alone.
	mustSay("A", "/source remove 1", "Removed source #1")
	mustSay("A", "/brief harbour limit 20", "Pier 2")
	if out := say(t, app, "B", false, "/brief harbour limit 20"); strings.Contains(out, "Pier") {
		t.Fatalf("after its source was removed, A's private stories reached B:\n%s", out)
	}
}

// `briefbot sources pause|resume ID...` on a real database (the binary,
// on SQLite and PostgreSQL): pause shows in the list and survives the
// process, resume undoes it, and an unknown or malformed id is an error
// on stderr, exit status 1, changing nothing.
func TestSourcesPauseResumeCLI(t *testing.T) {
	for name, db := range map[string]func(testing.TB) string{"sqlite": storagetest.SQLiteURL, "postgres": storagetest.PostgresURL} {
		t.Run(name, func(t *testing.T) {
			dir, url := t.TempDir(), db(t)
			if r := briefbot(t, dir, url, "sources", "add", "--no-check", "https://one.example/feed", "https://two.example/feed"); r.code != 0 {
				t.Fatalf("add: %+v", r)
			}
			if r := briefbot(t, dir, url, "sources", "pause", "1", "#2"); r.code != 0 || !strings.Contains(r.stdout, "Paused source #1") ||
				!strings.Contains(r.stdout, "Paused source #2") {
				t.Fatalf("pause: %+v", r)
			}
			if r := briefbot(t, dir, url, "sources", "resume", "2"); r.code != 0 || !strings.Contains(r.stdout, "Resumed source #2") {
				t.Fatalf("resume: %+v", r)
			}
			listed := func() string {
				r := briefbot(t, dir, url, "sources", "list")
				if r.code != 0 {
					t.Fatalf("list: %+v", r)
				}
				return r.stdout
			}
			before := listed()
			if strings.Count(before, "PAUSED by an operator") != 1 || !strings.Contains(before, "#1 https://one.example/feed\n    PAUSED") {
				t.Fatalf("list after pause 1, 2 and resume 2:\n%s", before)
			}
			for _, args := range [][]string{{"pause", "99"}, {"resume", "x"}, {"pause", strings.Repeat("9", 500)}} {
				r := briefbot(t, dir, url, append([]string{"sources"}, args...)...)
				if r.code != 1 || !strings.Contains(r.stderr, "briefbot sources "+args[0]) ||
					!(strings.Contains(r.stderr, "no source #99") || strings.Contains(r.stderr, "not a source number")) {
					t.Errorf("sources %s %.20s: %+v", args[0], args[1], r)
				}
			}
			if r := briefbot(t, dir, url, "sources", "pause"); r.code != 2 {
				t.Errorf("pause without an id: %+v; want a usage error", r)
			}
			if after := listed(); after != before {
				t.Errorf("bad commands changed the sources:\n%s\nwas:\n%s", after, before)
			}
		})
	}
}

// What `briefbot sources` prints names the CLI's commands, never the
// chat's /source: the chat command's replies it reuses (pause, resume,
// list, their errors) say `briefbot sources …` instead, as remove's own
// errors do.
func TestSourcesCLINamesItsOwnCommands(t *testing.T) {
	for name, db := range map[string]func(testing.TB) string{"sqlite": storagetest.SQLiteURL, "postgres": storagetest.PostgresURL} {
		t.Run(name, func(t *testing.T) {
			dir, url := t.TempDir(), db(t)
			check := func(r result, code int, want string, args ...string) {
				t.Helper()
				all := r.stdout + r.stderr
				if r.code != code || strings.Contains(all, "/source") || !strings.Contains(all, want) {
					t.Errorf("briefbot sources %s: exit %d (want %d), want %q and no /source in:\n%s",
						strings.Join(args, " "), r.code, code, want, all)
				}
			}
			sources := func(code int, want string, args ...string) {
				t.Helper()
				check(briefbot(t, dir, url, append([]string{"sources"}, args...)...), code, want, args...)
			}
			sources(0, "`briefbot sources add <feed-or-page-url>`", "list")
			sources(0, "added #1", "add", "--no-check", "https://one.example/feed")
			sources(1, "no source #99; `briefbot sources list` shows them", "pause", "99")
			sources(1, "no source #99 (see `briefbot sources list`)", "remove", "99")
			sources(1, "not a source number; `briefbot sources list` shows them", "resume", "x")
			sources(0, "not checked until `briefbot sources resume 1`", "pause", "1")
			sources(0, "An admin can resume it with `briefbot sources resume 1`", "list")
		})
	}
}

// A scheduled digest (the scheduler on a fake clock, not /digest now)
// keeps a channel-private source's stories to its channel.
func TestScheduledDigestKeepsPrivateSources(t *testing.T) {
	clk := clockwork.NewFakeClockAt(time.Date(2026, 12, 7, 8, 59, 0, 0, time.UTC))
	app := digestApp(t, clk, map[string]string{"BRIEFBOT_ALLOW_PRIVATE_SOURCES": "true", "BRIEFBOT_SOURCE_BACKFILL": "20"})
	rec := &recorder{}
	app.Adapters[console.Platform] = rec
	pier := outletFeed(t, "Pier Bulletin", "Pier", 1, []string{"Crane operators", "walked out at", "over overtime rules",
		"Union stewards promised pickets"}, 2)
	gazette := outletFeed(t, "Harbour Gazette", "Gazette", 2, []string{"Ferry timetables", "were rewritten for",
		"after council budget votes", "Commuters queued longer"}, 2)
	for _, line := range []string{"/source add " + pier + " for this channel", "/source add " + gazette} {
		if out := say(t, app, "A", true, line); !strings.Contains(out, "Added source") {
			t.Fatalf("%s: %s", line, out)
		}
	}
	for _, ch := range []string{"A", "B"} {
		say(t, app, ch, true, "/watch harbour")
		say(t, app, ch, true, "/digest daily 09:00 UTC")
	}
	_, runs, _, _ := startScheduler(t, app, clk, never, never)
	blockUntil(t, clk, 4)
	clk.Advance(time.Minute)
	for range 2 {
		if r := waitRun(t, runs); r.status != digest.DeliverySent {
			t.Fatalf("run: %+v", r)
		}
	}
	got := map[string]string{}
	for _, m := range rec.messages() {
		ch, body, _ := strings.Cut(m, "\n")
		got[ch] += body
	}
	if a := got["A"]; !strings.Contains(a, "Pier 2") || !strings.Contains(a, "Gazette 2") {
		t.Errorf("A's digest should hold both sources:\n%s", a)
	}
	if b := got["B"]; strings.Contains(b, "Pier") || !strings.Contains(b, "Gazette 2") {
		t.Errorf("B's digest should hold the shared source alone:\n%s", b)
	}
}
