package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/briefbot/briefbot/adapters/web"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

const (
	courierFeed = "https://feeds.tidewater.example/rss.xml" // a polled feed titled "Tidewater Courier"
	ledgerFeed  = "https://ledger.example/feed.xml"         // a feed with no title
)

// Articles are stored under their feed's URL; chat shows the outlet by
// the feed's title, else its site. The briefing page and the topic feed
// must name outlets the same way, not by the feed URL.
func TestPageAndFeedNameOutletsAsChatDoes(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "web.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	titles := func(_ context.Context, source string) (string, string) {
		if source == courierFeed {
			return "Tidewater Courier", "https://tidewater.example/"
		}
		return "", ""
	}
	eng := briefing.NewEngine(st, briefing.Config{SourceTitle: titles})
	day := time.Date(2026, 11, 3, 8, 30, 0, 0, time.UTC)
	if _, err := eng.Ingest(ctx, []briefing.Article{
		{Source: courierFeed, GUID: "c1", URL: "https://tidewater.example/strike", Title: "Dockworkers begin harbour strike over night shifts",
			Published: day, Text: "Dockworkers at the northern harbour walked out on Tuesday over a new night-shift rota. The union said the strike would last until the port authority withdrew the rota."},
		{Source: ledgerFeed, GUID: "l1", URL: "https://ledger.example/walkout", Title: "Harbour strike begins as dockworkers walk out over night shifts",
			Published: day.Add(time.Hour), Text: "Dockworkers at the northern harbour walked out on Tuesday over a new night-shift rota, the union said. The strike would last until the port authority withdrew the rota, it added."},
	}); err != nil {
		t.Fatal(err)
	}
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, st, bot.CoreConfig{})
	srv := httptest.NewServer(nil)
	defer srv.Close()
	w, err := web.New(eng, st, web.Config{PublicURL: srv.URL, Now: func() time.Time { return day.Add(48 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = w
	w.WireRouter(router)
	say := func(line string) bot.Reply {
		cmd, text, _ := bot.ParseLine(line)
		return router.Handle(ctx, bot.Request{Channel: chX, User: bot.User{ID: "U1"}, Command: cmd, Text: text})
	}

	rep := say("/brief harbour strike")
	if !strings.Contains(rep.Text+renderSections(rep), "Tidewater Courier") {
		t.Fatalf("chat reply does not name the feed by its title: %+v", rep)
	}
	page := httpGet(t, linkIn(rep.Footer, srv.URL+"/b/"))
	for _, want := range []string{"Tidewater Courier", `<span class="outlet">ledger.example</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{courierFeed, ledgerFeed} {
		if strings.Contains(page, bad) {
			t.Errorf("page names an outlet by its feed URL %q", bad)
		}
	}

	feedURL := linkIn(say("/watch harbour strike").Text, srv.URL+"/feeds/")
	feed, err := gofeed.NewParser().ParseString(httpGet(t, feedURL))
	if err != nil || len(feed.Items) == 0 {
		t.Fatalf("topic feed: %v", err)
	}
	for _, it := range feed.Items {
		if len(it.Authors) == 0 || (it.Authors[0].Name != "Tidewater Courier" && it.Authors[0].Name != "ledger.example") {
			t.Errorf("entry %q: author %+v, want the outlet's name", it.Title, it.Authors)
		}
		if strings.Contains(it.Description, courierFeed) || strings.Contains(it.Description, ledgerFeed) {
			t.Errorf("entry %q names an outlet by its feed URL: %q", it.Title, it.Description)
		}
	}
}

// renderSections lists the outlet names of a reply's stories and of the
// other reports folded into them, as chat shows them.
func renderSections(r bot.Reply) string {
	var b strings.Builder
	for _, s := range r.Sections {
		for _, it := range s.Items {
			b.WriteString(it.SourceName + "\n")
			for _, ref := range it.Sources {
				b.WriteString(ref.SourceName + "\n")
			}
		}
	}
	return b.String()
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	if url == "" {
		t.Fatal("no URL")
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return string(body)
}
