package sources_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

var start = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// item is one RSS item of a test feed.
type item struct {
	guid, link, title, text string
	published               time.Time
}

// story makes the n-th distinct item, published n hours after a base.
// Its text is words drawn by n, so different stories share no phrases.
func story(n int) item {
	return item{guid: fmt.Sprintf("urn:story:%d", n), link: fmt.Sprintf("https://news.example/%d", n),
		title: fmt.Sprintf("Story number %d", n), published: start.Add(time.Duration(n-100) * time.Hour),
		text: prose(n, 30)}
}

var vocabulary = strings.Fields(`harbour council vote budget river bridge school teacher market price
	railway station storm flood farmer harvest museum painting doctor clinic tunnel engineer festival
	music league match coach minister treaty border pilot airport factory worker union strike court judge
	police report forest fire village mayor island ferry tourist hotel garden library student exam bank
	loan mine copper ship cargo port road tax park zoo orchestra bakery bread`)

func prose(seed, words int) string {
	x := uint32(seed)*2654435761 + 12345
	out := make([]string, words)
	for i := range out {
		x = x*1664525 + 1013904223
		out[i] = vocabulary[int(x>>8)%len(vocabulary)]
	}
	return strings.Join(out, " ") + "."
}

func stories(from, to int) []item {
	var out []item
	for n := to; n >= from; n-- { // newest first, as feeds list them
		out = append(out, story(n))
	}
	return out
}

// rss renders items as an RSS 2.0 feed; extra goes inside <channel>.
func rss(items []item, extra string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Harbour News</title>` +
		`<link>https://news.example/</link>` + extra)
	for _, it := range items {
		fmt.Fprintf(&b, "<item><guid>%s</guid><link>%s</link><title>%s</title><pubDate>%s</pubDate><description>%s</description></item>",
			it.guid, it.link, it.title, it.published.Format(time.RFC1123Z), it.text)
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

// env is a poller over a real SQLite store and engine, on a fake clock.
type env struct {
	clk    *clockwork.FakeClock
	store  *storage.Store
	eng    *briefing.Engine
	poller *sources.Poller
}

func newEnv(t *testing.T, cfg sources.PollerConfig) *env {
	t.Helper()
	if cfg.Sources == nil {
		cfg.Sources = storagetest.Open(t, storagetest.SQLiteURL(t))
	}
	e := &env{clk: clockwork.NewFakeClockAt(start), store: cfg.Sources.(*storage.Store)}
	if cfg.Clock != nil {
		e.clk = cfg.Clock.(*clockwork.FakeClock)
	}
	e.eng = briefing.NewEngine(e.store, briefing.Config{Now: e.clk.Now})
	cfg.Ingester, cfg.Clock = e.eng, e.clk
	cfg.Fetcher.Client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	p, err := sources.NewPoller(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.poller = p
	return e
}

func (e *env) register(t *testing.T, url string, interval time.Duration) sources.Source {
	t.Helper()
	s, added, err := e.poller.Register(context.Background(), sources.Source{URL: url, Interval: interval})
	if err != nil || !added {
		t.Fatalf("Register(%s) = %v, %v", url, added, err)
	}
	return s
}

func (e *env) pass(t *testing.T) sources.PassReport {
	t.Helper()
	rep, err := e.poller.PollDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// passWithGaps runs a pass whose requests to one host wait out HostGap
// on the fake clock, advancing it by gap whenever the pass waits.
func (e *env) passWithGaps(t *testing.T, gap time.Duration) sources.PassReport {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan sources.PassReport, 1)
	go func() {
		rep, err := e.poller.PollDue(context.Background())
		if err != nil {
			t.Error(err)
		}
		done <- rep
		cancel()
	}()
	for e.clk.BlockUntilContext(ctx, 1) == nil {
		e.clk.Advance(gap)
	}
	return <-done
}

func (e *env) source(t *testing.T, id int64) sources.Source {
	t.Helper()
	s, err := e.store.Source(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// announced returns the titles of the stored articles that are not
// backfill: what digests may announce.
func (e *env) announced(t *testing.T) []string {
	t.Helper()
	var out []string
	err := e.store.ScanArticles(context.Background(), 0, 100, func(as []briefing.Article) error {
		for _, a := range as {
			if !a.Backfill {
				out = append(out, a.Title)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (e *env) count(t *testing.T) int64 {
	t.Helper()
	n, err := e.store.CountArticles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// recorder is a feed server that logs the validators each request sent.
type recorder struct {
	mu       sync.Mutex
	requests []http.Header
	handler  func(w http.ResponseWriter, r *http.Request)
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	rc.requests = append(rc.requests, r.Header.Clone())
	h := rc.handler
	rc.mu.Unlock()
	h(w, r)
}

func (rc *recorder) set(h func(w http.ResponseWriter, r *http.Request)) {
	rc.mu.Lock()
	rc.handler = h
	rc.mu.Unlock()
}

func (rc *recorder) n() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.requests)
}

func (rc *recorder) last() http.Header {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests[len(rc.requests)-1]
}

func serve(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) (*recorder, string) {
	rc := &recorder{handler: h}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return rc, srv.URL + "/feed.xml"
}

// etagFeed serves body with an ETag and answers 304 to a matching
// If-None-Match.
func etagFeed(body []byte, etag string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	}
}
