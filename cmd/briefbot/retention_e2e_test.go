package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Hand-written parts of the archive's articles: each article combines one
// of each (by its day), so no two read as copies of one story.
var (
	harbourWhat = []string{
		"The harbour board approved a dredging contract for the north channel after a long debate.",
		"Pilots at the harbour reported fog delays that held three container ships at anchor overnight.",
		"A crane operator strike at the harbour ended when the union accepted a revised shift plan.",
		"The harbour master closed the fishing quay for repairs to its cracked concrete apron.",
		"Customs officers at the harbour seized a shipment of counterfeit bicycle parts.",
		"A new ferry berth opened at the harbour, cutting boarding times for island commuters.",
		"The harbour authority published tide tables that warn of unusually low water in spring.",
		"Environmental inspectors sampled harbour water after residents complained about an oily sheen.",
		"The harbour's old lighthouse keeper's cottage will become a small maritime museum.",
		"Tug crews at the harbour rehearsed a towing drill with the coast guard on Saturday.",
	}
	harbourWho = []string{
		"Councillor Ada Brennan said the budget would be reviewed before winter.",
		"Shipping agents welcomed the decision but asked for clearer timetables.",
		"Local traders worried that roadworks near the gate would keep customers away.",
		"The port's chief engineer promised a written report within a fortnight.",
		"Fishermen said their catch had been landed at the southern slipway instead.",
		"Residents of the waterfront terraces asked for quieter night work.",
		"Insurers asked the board to publish its safety audit in full.",
		"The mayor's office said more meetings would follow in the new year.",
		"Volunteers from the sailing club offered to help with the clean-up.",
	}
)

// writeArchive writes an RSS feed of 90 harbour articles, one a day for
// the 90 days before now, and returns the path. Titles carry the day
// ("D045" is 45 days old) so answers can be checked for old articles.
func writeArchive(t *testing.T, dir string, now time.Time) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example/</link>`)
	for day := range 90 {
		pub := now.AddDate(0, 0, -day).Add(-time.Hour)
		fmt.Fprintf(&b, "<item><title>Harbour note D%03d: %s</title><link>https://gazette.example/d%03d</link><guid>d%03d</guid>"+
			"<pubDate>%s</pubDate><description>%s %s Figures for day %d showed %d vessel movements.</description></item>",
			day, strings.TrimSuffix(strings.SplitN(harbourWhat[day%10], ",", 2)[0], "."), day, day, pub.Format(time.RFC1123Z),
			harbourWhat[day%10], harbourWho[day%9], day, 40+day*7%53)
	}
	b.WriteString("</channel></rss>")
	p := filepath.Join(dir, "archive.xml")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// oldTitle finds a title of an article 30 days old or more.
var oldTitle = regexp.MustCompile(`D0(?:[3-8][0-9])`)

func noOldArticles(t *testing.T, what, answer string) {
	t.Helper()
	if m := oldTitle.FindString(answer); m != "" {
		t.Fatalf("%s shows an article older than 30 days (%s):\n%s", what, m, answer)
	}
}

// dayMarks lists the day marks of the articles an answer shows.
func dayMarks(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`D0\d\d`).FindAllString(s, -1) {
		out[m] = true
	}
	return out
}

// TestRetentionAcceptance is issue 20's acceptance 4, on both databases:
// an archive spanning 90 days, BRIEFBOT_RETENTION=30d, a restart and a
// digest cycle. Afterwards no article older than 30 days is in the
// database or in any answer (/brief, match, the HTTP API, the digest), no
// delivery is repeated, and the channel's judgments and watches are
// intact.
func TestRetentionAcceptance(t *testing.T) {
	for name, url := range map[string]func(*testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "r.db") },
		"postgres": func(t *testing.T) string { return storagetest.PostgresURL(t) },
	} {
		t.Run(name, func(t *testing.T) { retentionAcceptance(t, url(t)) })
	}
}

func retentionAcceptance(t *testing.T, db string) {
	dir := t.TempDir()
	index := []string{"BRIEFBOT_INDEX_FILE=" + filepath.Join(dir, "index.bin")}
	keep := append([]string{"BRIEFBOT_RETENTION=30d"}, index...)
	archive := writeArchive(t, dir, time.Now())
	ask := func(env []string, line string) result {
		t.Helper()
		r := briefbotWith(t, dir, db, env, "ask", "--channel", "C1", line)
		if r.code != 0 {
			t.Fatalf("%s: %+v", line, r)
		}
		return r
	}

	// Before retention: the whole archive, a watch, judgments on an old
	// and a recent article, and a first digest.
	if r := briefbotWith(t, dir, db, index, "ingest", archive); r.code != 0 || !strings.Contains(r.stdout, "added 90") {
		t.Fatalf("ingest: %+v", r)
	}
	ask(index, "/watch harbour")
	ids := matchIDs(t, briefbotWith(t, dir, db, index, "match", "--json", "harbour"))
	if len(ids) != 90 {
		t.Fatalf("match before retention: %d articles, want 90", len(ids))
	}
	ask(index, fmt.Sprintf("/rate harbour %d up", ids["D045"]))
	ask(index, fmt.Sprintf("/rate harbour %d down", ids["D003"]))
	first := ask(index, "/digest now").stdout
	if len(dayMarks(first)) == 0 {
		t.Fatalf("first digest shows no stories:\n%s", first)
	}

	// serve with BRIEFBOT_RETENTION=30d prunes at start; the HTTP API
	// answers without the old articles, then the process stops (saving
	// its index file).
	addr := freeAddr(t)
	srv := startReplica(t, dir, db, append(keep, "BRIEFBOT_HTTP_ADDR="+addr))
	srv.waitLog(t, "retention: removed old articles")
	for _, path := range []string{"/api/v1/brief?topic=harbour&limit=50", "/api/v1/match?topic=harbour&limit=500"} {
		body := httpGet(t, "http://"+addr+path)
		noOldArticles(t, path, body)
		if len(dayMarks(body)) == 0 {
			t.Fatalf("%s answers nothing:\n%s", path, body)
		}
	}
	var api struct {
		Total   int `json:"total"`
		Matches []struct {
			ID int64 `json:"id"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(httpGet(t, "http://"+addr+"/api/v1/match?topic=harbour&limit=500")), &api); err != nil {
		t.Fatal(err)
	}
	if api.Total != 30 || len(api.Matches) != 30 {
		t.Fatalf("API match after pruning: total %d, %d rows; want the 30 newest", api.Total, len(api.Matches))
	}
	srv.stop()
	if !strings.Contains(srv.output(), "deleted=60 dropped_from_index=60") {
		t.Fatalf("serve did not delete the 60 old articles:\n%s", srv.output())
	}

	// Restart (the saved index file is used, and holds none of them) and
	// a digest cycle; the archive fed again brings nothing old back.
	if r := briefbotWith(t, dir, db, keep, "ingest", archive); r.code != 0 || !strings.Contains(r.stdout, "added 0") {
		t.Fatalf("ingest again under retention: %+v", r)
	}
	m := briefbotWith(t, dir, db, append(keep, "BRIEFBOT_LOG_LEVEL=debug"), "match", "--json", "harbour")
	if !strings.Contains(m.stderr, "index file loaded") {
		t.Fatalf("the index file saved after pruning was not used:\n%s", m.stderr)
	}
	after := matchIDs(t, m)
	if len(after) != 30 {
		t.Fatalf("match after retention: %d articles, want the 30 newest", len(after))
	}
	noOldArticles(t, "match", m.stdout)
	brief := ask(keep, "/brief harbour limit 50").stdout
	noOldArticles(t, "/brief", brief)
	if !strings.Contains(brief, "Stories older than 30 days are not kept.") {
		t.Errorf("/brief reaching back to the limit does not say so:\n%s", brief)
	}
	second := ask(keep, "/digest now").stdout
	noOldArticles(t, "digest", second)
	if len(dayMarks(second)) == 0 {
		t.Fatalf("second digest shows nothing (the test proves nothing):\n%s", second)
	}
	for mark := range dayMarks(second) {
		if dayMarks(first)[mark] {
			t.Errorf("article %s delivered twice", mark)
		}
	}
	checkStoreAfterRetention(t, db, ids)
}

func matchIDs(t *testing.T, r result) map[string]int64 {
	t.Helper()
	var rows []struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("match --json: %v\n%+v", err, r)
	}
	out := map[string]int64{}
	for _, row := range rows {
		out[regexp.MustCompile(`D0\d\d`).FindString(row.Title)] = row.ID
	}
	return out
}

func httpGet(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	return string(b)
}

// checkStoreAfterRetention reads the database: nothing older than 30
// days, the 30 newest kept, the judgments and the watch intact.
func checkStoreAfterRetention(t *testing.T, db string, ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	s := storagetest.Open(t, db)
	if n, err := s.CountArticlesBefore(ctx, time.Now().AddDate(0, 0, -30)); err != nil || n != 0 {
		t.Errorf("articles older than 30 days in the database: %d, %v", n, err)
	}
	if n, err := s.CountArticles(ctx); err != nil || n != 30 {
		t.Errorf("articles in the database: %d, %v; want 30", n, err)
	}
	ch := briefing.Channel{Platform: "console", ID: "C1"}
	js, err := s.Judgments(ctx, ch, "harbour")
	if err != nil || len(js) != 2 {
		t.Errorf("judgments after retention: %+v, %v; want both", js, err)
	}
	for _, j := range js {
		if (j.ArticleID == ids["D045"]) != j.Up {
			t.Errorf("judgment %+v changed", j)
		}
	}
	if ws, err := s.Watches(ctx, ch); err != nil || len(ws) != 1 {
		t.Errorf("watches after retention: %+v, %v", ws, err)
	}
}

// `briefbot prune` for operators: bad ages are usage errors, --dry-run
// only counts, and a prune removes the articles from the database and
// from the index file the next command loads.
func TestPruneCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if r := briefbot(t, dir, db, "ingest", writeArchive(t, dir, time.Now())); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	for _, args := range [][]string{{"prune"}, {"prune", "--older-than", "60"}, {"prune", "--older-than", "0d"}, {"prune", "60d"}} {
		if r := briefbot(t, dir, db, args...); r.code != 2 || !strings.Contains(r.stderr, "briefbot prune:") {
			t.Errorf("%v: %+v; want a usage error", args, r)
		}
	}
	if r := briefbot(t, dir, db, "prune", "--older-than", "60d", "--dry-run"); r.code != 0 ||
		!strings.Contains(r.stdout, "30 articles are older than 60 days") || !strings.Contains(r.stdout, "nothing deleted") {
		t.Fatalf("dry run: %+v", r)
	}
	if n := len(matchIDs(t, briefbot(t, dir, db, "match", "--json", "harbour"))); n != 90 {
		t.Fatalf("after the dry run %d articles match, want all 90", n)
	}
	if r := briefbot(t, dir, db, "prune", "--older-than", "60d"); r.code != 0 ||
		!strings.Contains(r.stdout, "Deleted 30 articles older than 60 days") || !strings.Contains(r.stdout, "30 left the index") {
		t.Fatalf("prune: %+v", r)
	}
	m := briefbotWith(t, dir, db, []string{"BRIEFBOT_LOG_LEVEL=debug"}, "match", "--json", "harbour")
	if !strings.Contains(m.stderr, "index file loaded") || !strings.Contains(m.stderr, "articles=60") {
		t.Fatalf("the pruned index file was not used:\n%s", m.stderr)
	}
	after := matchIDs(t, m)
	if len(after) != 60 || after["D060"] != 0 || after["D059"] == 0 {
		t.Fatalf("after prune %d articles match (D059 %d, D060 %d); want the 60 newest", len(after), after["D059"], after["D060"])
	}
}

// The poller stores through the retention filter: a feed listing a
// 90-day archive stores only the last 30 days, and after a pass removed
// an undated item, the feed still listing it does not bring it back as
// new (it would be announced again); a fresh item still gets in.
func TestPollerUnderRetention(t *testing.T) {
	ctx := context.Background()
	app, env := sourcesApp(t, map[string]string{"BRIEFBOT_RETENTION": "30d", "BRIEFBOT_ALLOW_PRIVATE_SOURCES": "true"})
	start := time.Now()
	clk := clockwork.NewFakeClockAt(start)
	app.Clock = clk
	s, err := config.LoadSources(env.Config.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	poller, err := newSourcePoller(env, app, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	archive, err := os.ReadFile(writeArchive(t, t.TempDir(), start))
	if err != nil {
		t.Fatal(err)
	}
	undated := `<item><title>Harbour note undated: the pier lamps</title><guid>undated</guid>` +
		`<description>The harbour's pier lamps were repainted green by volunteers.</description></item></channel>`
	feed := func(extra string) *answer {
		return &answer{body: []byte(strings.Replace(string(archive), "</channel>", extra+undated, 1))}
	}
	var body atomic.Pointer[answer]
	body.Store(feed(""))
	srv, _ := serveBytes(t, &body)
	if _, err := poller.AddSource(ctx, sources.Source{URL: srv.URL + "/feed.xml", Channel: slackC1}); err != nil {
		t.Fatal(err)
	}
	if n := mustCount(t, app); n != 31 {
		t.Fatalf("stored %d of the feed's 91 items, want the 30 dated within 30 days and the undated one", n)
	}

	// 31 days on, a pass removes everything stored (the undated item by
	// when it was stored); the feed, still listing it all, gains one item.
	clk.Advance(31 * 24 * time.Hour)
	if _, err := retention.NewPruner(app.Store, app.Engine, retention.Config{MaxAge: 30 * 24 * time.Hour, Now: clk.Now}).Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if n := mustCount(t, app); n != 0 {
		t.Fatalf("%d articles left after the pass, want 0", n)
	}
	fresh := fmt.Sprintf(`<item><title>Harbour note fresh: the new crane</title><guid>fresh</guid><pubDate>%s</pubDate>`+
		`<description>A new crane arrived at the harbour's container terminal.</description></item>`, clk.Now().Format(time.RFC1123Z))
	body.Store(feed(fresh))
	if _, err := poller.PollDue(ctx); err != nil {
		t.Fatal(err)
	}
	var titles []string
	err = app.Store.ScanArticles(ctx, 0, 100, func(as []briefing.Article) error {
		for _, a := range as {
			titles = append(titles, a.Title)
		}
		return nil
	})
	if err != nil || len(titles) != 1 || !strings.Contains(titles[0], "fresh") {
		t.Fatalf("stored after the poll: %q, %v; want only the fresh item", titles, err)
	}
}
