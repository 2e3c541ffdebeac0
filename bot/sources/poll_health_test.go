package sources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

type notice struct {
	src  sources.Source
	text string
}

// Failures back off exponentially from the interval; the third in a row
// pauses the source (tried again in a day) and tells the channel that
// added it, once.
func TestPollBackoffAndPause(t *testing.T) {
	good := etagFeed(rss(stories(1, 2), ""), `"v1"`)
	rc, url := serve(t, good)
	var mu sync.Mutex
	var notices []notice
	e := newEnv(t, sources.PollerConfig{AllowPrivate: true, Interval: time.Minute, MaxFailures: 3,
		Notify: func(_ context.Context, s sources.Source, text string) error {
			mu.Lock()
			defer mu.Unlock()
			notices = append(notices, notice{s, text})
			return nil
		}})
	ch := briefing.Channel{Platform: "slack", ID: "C42"}
	added, err := e.poller.AddSource(context.Background(), sources.Source{URL: url, Channel: ch, AddedBy: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	id := added.Source.ID
	rc.set(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "broken", http.StatusInternalServerError) })

	for i, wantDelay := range []time.Duration{time.Minute, 2 * time.Minute, 24 * time.Hour} {
		e.clk.Advance(e.source(t, id).State.NextCheck.Sub(e.clk.Now()))
		if rep := e.pass(t); rep.Failed != 1 {
			t.Fatalf("check %d: %+v", i+1, rep)
		}
		st := e.source(t, id).State
		if st.Failures != i+1 || !st.NextCheck.Equal(e.clk.Now().Add(wantDelay)) || st.Paused != (i == 2) {
			t.Fatalf("after failure %d: %+v; want next check in %s", i+1, st, wantDelay)
		}
		if !strings.Contains(st.LastError, "HTTP 500") || !st.LastErrorAt.Equal(e.clk.Now()) {
			t.Errorf("last error %q at %s", st.LastError, st.LastErrorAt)
		}
	}
	mu.Lock()
	if len(notices) != 1 || notices[0].src.Channel != ch || !strings.Contains(notices[0].text, "paused") ||
		!strings.Contains(notices[0].text, url) || !strings.Contains(notices[0].text, "HTTP 500") {
		t.Fatalf("notices = %+v; want one to %s naming the source and the error", notices, ch)
	}
	mu.Unlock()

	requests := rc.n()
	e.clk.Advance(23 * time.Hour) // a paused source is tried once a day (TestPollPausedSourceIsTriedDaily)
	if rep := e.pass(t); rep.Claimed != 0 || rc.n() != requests {
		t.Fatalf("a paused source was checked within the day: %+v", rep)
	}
	rc.set(good)
	res, err := e.poller.AddSource(context.Background(), sources.Source{URL: url})
	if err != nil || !res.Resumed {
		t.Fatalf("adding a paused source: %+v, %v; want it resumed", res, err)
	}
	if rep := e.pass(t); rep.Claimed != 1 || rep.Failed != 0 {
		t.Fatalf("check after resuming: %+v", rep)
	}
	if st := e.source(t, id).State; st.Paused || st.Failures != 0 || !st.LastSuccess.Equal(e.clk.Now()) {
		t.Fatalf("state after resuming: %+v", st)
	}
	if len(notices) != 1 {
		t.Errorf("%d notices, want still 1", len(notices))
	}
}

// Cache-Control max-age and the RSS <ttl> delay the next check; they
// never bring it forward, and never beyond MaxDelay.
func TestPollCacheControlAndTTL(t *testing.T) {
	tests := []struct {
		name, cacheControl, channelExtra string
		want                             time.Duration
	}{
		{"MaxAge", "public, max-age=3600", "", time.Hour},
		{"ShortMaxAge", "max-age=60", "", 15 * time.Minute},
		{"NoStore", "no-store", "", 15 * time.Minute},
		{"TTL", "", "<ttl>120</ttl>", 2 * time.Hour},
		{"TTLAndMaxAge", "max-age=10800", "<ttl>120</ttl>", 3 * time.Hour},
		{"Capped", "max-age=604800", "", 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := rss(stories(1, 1), tt.channelExtra)
			_, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.cacheControl != "" {
					w.Header().Set("Cache-Control", tt.cacheControl)
				}
				w.Write(body)
			})
			e := newEnv(t, sources.PollerConfig{})
			src := e.register(t, url, 0)
			e.pass(t)
			if got := e.source(t, src.ID).State.NextCheck.Sub(start); got != tt.want {
				t.Fatalf("next check in %s, want %s", got, tt.want)
			}
		})
	}
}

// Two sources on one host are fetched one at a time, HostGap apart.
func TestPollHostPoliteness(t *testing.T) {
	var inFlight, most atomic.Int32
	var mu sync.Mutex
	var at []time.Time
	var e *env
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		if n > most.Load() {
			most.Store(n)
		}
		mu.Lock()
		at = append(at, e.clk.Now())
		mu.Unlock()
		w.Write(rss(stories(1, 1), ""))
	})
	e = newEnv(t, sources.PollerConfig{HostGap: 10 * time.Second, Workers: 4})
	e.register(t, url+"?a", 0)
	e.register(t, url+"?b", 0)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan sources.PassReport)
	go func() {
		rep, _ := e.poller.PollDue(ctx)
		done <- rep
	}()
	if err := e.clk.BlockUntilContext(ctx, 1); err != nil { // the second request waits for the gap
		t.Fatal(err)
	}
	if rc.n() != 1 {
		t.Fatalf("%d requests before the gap, want 1", rc.n())
	}
	e.clk.Advance(10 * time.Second)
	if rep := <-done; rep.Claimed != 2 || rep.Updated != 2 {
		t.Fatalf("pass: %+v", rep)
	}
	if most.Load() != 1 || len(at) != 2 || at[1].Sub(at[0]) < 10*time.Second {
		t.Fatalf("concurrency %d, request times %v; want one at a time, 10s apart", most.Load(), at)
	}
}

// A Retry-After from a host holds back its other sources too.
func TestPollRetryAfterHoldsTheHost(t *testing.T) {
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "300")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	e := newEnv(t, sources.PollerConfig{Interval: time.Minute})
	e.register(t, url+"?a", 0)
	e.pass(t)
	e.register(t, url+"?b", 0) // due now, but its host said wait
	e.clk.Advance(time.Minute)
	if rep := e.pass(t); rep.Claimed != 0 || rc.n() != 1 {
		t.Fatalf("host contacted during its Retry-After: %+v, %d requests", rep, rc.n())
	}
	e.clk.Advance(4 * time.Minute)
	// The host is asked again, answers 429 again, and its other source
	// waits again (TestPollRetryAfterHoldsTheHostWithinAPass).
	if rep := e.passWithGaps(t, 2*time.Second); rep.Claimed != 1 || rc.n() != 2 {
		t.Fatalf("after the Retry-After: %+v, %d requests", rep, rc.n())
	}
}

func TestPollEmptyFeedAndBrokenFeed(t *testing.T) {
	body := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>`)
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	e := newEnv(t, sources.PollerConfig{})
	src := e.register(t, url, 0)
	if rep := e.pass(t); rep.Failed != 0 || rep.Updated != 1 {
		t.Fatalf("empty feed: %+v", rep)
	}
	if s := e.source(t, src.ID); s.Title != "Quiet" || !s.State.Primed {
		t.Fatalf("empty feed source: %+v", s)
	}
	rc.set(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<rss><channel><item><title>cut") })
	e.clk.Advance(15 * time.Minute)
	if rep := e.pass(t); rep.Failed != 1 {
		t.Fatalf("broken feed: %+v", rep)
	}
	if st := e.source(t, src.ID).State; st.Failures != 1 || st.LastError == "" {
		t.Fatalf("broken feed state: %+v", st)
	}
}

// Stopping mid-check hands the source back, due at once and without a
// failure: the next process to run checks it.
func TestPollShutdownReleasesTheSource(t *testing.T) {
	arrived := make(chan struct{})
	_, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	})
	e := newEnv(t, sources.PollerConfig{})
	src := e.register(t, url, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan sources.PassReport)
	go func() {
		rep, _ := e.poller.PollDue(ctx)
		done <- rep
	}()
	<-arrived
	cancel()
	if rep := <-done; rep.Failed != 0 {
		t.Fatalf("pass: %+v", rep)
	}
	st := e.source(t, src.ID).State
	if st.Failures != 0 || st.LastError != "" || st.NextCheck.After(e.clk.Now()) {
		t.Fatalf("state after a shutdown mid-check: %+v; want due now, no failure", st)
	}
	if due, err := e.store.DueSources(context.Background(), e.clk.Now(), 10); err != nil || len(due) != 1 {
		t.Fatalf("due after release: %v, %v", due, err)
	}
}

// A feed that starts answering with a web page (a login wall, a "we
// moved" notice, a bot challenge) is failing: the page is not stored as
// a story for digests to announce, and the source stays a feed, so the
// next good answer resumes it where it was.
func TestPollFeedThatTurnsIntoAPageFails(t *testing.T) {
	rc, url := serve(t, etagFeed(rss(stories(1, 2), ""), `"v1"`))
	e := newEnv(t, sources.PollerConfig{AllowPrivate: true})
	added, err := e.poller.AddSource(context.Background(), sources.Source{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	id := added.Source.ID
	rc.set(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>We moved</title>`+
			`<link rel="alternate" type="application/rss+xml" href="/news/rss.xml"></head><body><article>`+
			`<p>This site now lives on a new platform. Sign in to continue reading the harbour news you follow.</p>`+
			`</article></body></html>`)
	})
	e.clk.Advance(15 * time.Minute)
	if rep := e.pass(t); rep.Failed != 1 || rep.New != 0 {
		t.Fatalf("feed answering with a page: %+v; want one failed check, nothing new", rep)
	}
	if got := e.announced(t); len(got) != 0 {
		t.Fatalf("announced %q; want nothing from the page", got)
	}
	s := e.source(t, id)
	if s.Kind != sources.SourceFeed || s.State.Failures != 1 ||
		!strings.Contains(s.State.LastError, "web page") || !strings.Contains(s.State.LastError, "We moved") ||
		!strings.Contains(s.State.LastError, "links a feed at ") || !strings.Contains(s.State.LastError, "/news/rss.xml") {
		t.Fatalf("source after the page: kind %q, %+v; want a feed failing with the page and the feed it links named", s.Kind, s.State)
	}

	rc.set(etagFeed(rss(stories(1, 3), ""), `"v2"`))
	e.clk.Advance(s.State.NextCheck.Sub(e.clk.Now()))
	if rep := e.pass(t); rep.Failed != 0 || rep.New != 1 {
		t.Fatalf("feed back: %+v; want its one new story", rep)
	}
	if got := e.announced(t); len(got) != 1 || got[0] != story(3).title {
		t.Fatalf("announced %q; want only %q", got, story(3).title)
	}
}

// At the default log level an operator learns which source failed, why,
// and when it recovered: one line when a source starts failing or fails
// differently, none for the same failure again, one when it recovers.
func TestPollLogsFailuresOncePerCause(t *testing.T) {
	rc, url := serve(t, etagFeed(rss(stories(1, 2), ""), `"v1"`))
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	e := newEnv(t, sources.PollerConfig{AllowPrivate: true, Interval: time.Minute, MaxFailures: 10, Logger: log})
	added, err := e.poller.AddSource(context.Background(), sources.Source{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	id := added.Source.ID
	check := func(h func(w http.ResponseWriter, r *http.Request)) {
		t.Helper()
		rc.set(h)
		e.clk.Advance(e.source(t, id).State.NextCheck.Sub(e.clk.Now()))
		if rep := e.pass(t); rep.Claimed != 1 {
			t.Fatalf("pass: %+v", rep)
		}
	}
	status := func(code int) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", code) }
	}
	for range 3 {
		check(status(http.StatusInternalServerError))
	}
	check(status(http.StatusNotFound))
	check(status(http.StatusNotFound))
	check(etagFeed(rss(stories(1, 3), ""), `"v2"`))

	type line struct {
		Level, Msg, URL, Err string
		SourceID             int64 `json:"source_id"`
		Failures             int
	}
	var got []line
	for _, raw := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line %q: %v", raw, err)
		}
		if l.SourceID == id && l.Msg != "source added" {
			got = append(got, l)
		}
	}
	want := []line{
		{Level: "WARN", Msg: "source check failed", URL: url, Err: "HTTP 500", Failures: 1},
		{Level: "WARN", Msg: "source check failed", URL: url, Err: "HTTP 404", Failures: 4},
		{Level: "INFO", Msg: "source recovered", URL: url, Failures: 5},
	}
	if len(got) != len(want) {
		t.Fatalf("log lines about the source:\n%s\nwant %d: %+v", buf.String(), len(want), want)
	}
	for i, w := range want {
		g := got[i]
		if g.Level != w.Level || g.Msg != w.Msg || g.URL != w.URL || g.Failures != w.Failures || !strings.Contains(g.Err, w.Err) {
			t.Errorf("line %d = %+v; want %+v", i, g, w)
		}
	}
}

// syncBuffer is briefingtest.LogBuffer: goroutines log to it while the test reads.
type syncBuffer = briefingtest.LogBuffer

// A source paused after failures is tried once a day (MaxDelay): a feed
// that is gone for a day comes back by itself, and its channel hears of
// the pause once and of the return once. An operator's pause (Held) is
// never lifted by the poller (poll_hold_test.go).
func TestPollPausedSourceIsTriedDaily(t *testing.T) {
	rc, url := serve(t, etagFeed(rss(stories(1, 2), ""), `"v1"`))
	var mu sync.Mutex
	var notices []string
	e := newEnv(t, sources.PollerConfig{AllowPrivate: true, Interval: time.Minute, MaxFailures: 2,
		Notify: func(_ context.Context, _ sources.Source, text string) error {
			mu.Lock()
			defer mu.Unlock()
			notices = append(notices, text)
			return nil
		}})
	added, err := e.poller.AddSource(context.Background(), sources.Source{URL: url, Channel: briefing.Channel{Platform: "slack", ID: "C42"}})
	if err != nil {
		t.Fatal(err)
	}
	id := added.Source.ID
	rc.set(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	next := func(want sources.PassReport) sources.State {
		t.Helper()
		e.clk.Advance(e.source(t, id).State.NextCheck.Sub(e.clk.Now()))
		if rep := e.pass(t); rep.Claimed != want.Claimed || rep.Failed != want.Failed || rep.New != want.New {
			t.Fatalf("pass = %+v; want %+v", rep, want)
		}
		return e.source(t, id).State
	}
	next(sources.PassReport{Claimed: 1, Failed: 1})
	st := next(sources.PassReport{Claimed: 1, Failed: 1})
	if !st.Paused || !st.NextCheck.Equal(e.clk.Now().Add(24*time.Hour)) {
		t.Fatalf("after %d failures: %+v; want paused, tried again in a day", st.Failures, st)
	}
	if st = next(sources.PassReport{Claimed: 1, Failed: 1}); !st.Paused || st.Failures != 3 ||
		!st.NextCheck.Equal(e.clk.Now().Add(24*time.Hour)) {
		t.Fatalf("a day later, still gone: %+v; want still paused, tried again in a day", st)
	}
	rc.set(etagFeed(rss(stories(1, 3), ""), `"v2"`))
	if st = next(sources.PassReport{Claimed: 1, New: 1}); st.Paused || st.Failures != 0 ||
		!st.NextCheck.Equal(e.clk.Now().Add(time.Minute)) {
		t.Fatalf("back: %+v; want resumed at its interval", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(notices) != 2 || !strings.Contains(notices[0], "is paused") || !strings.Contains(notices[0], "once a day") ||
		!strings.Contains(notices[1], "works again") {
		t.Fatalf("notices = %q; want one pause notice saying it is tried daily, then one that it works again", notices)
	}
}

// A Retry-After holds back the host's other sources in the same pass
// too: one 429, not one per source of the host, and none of the others
// counts a failure.
func TestPollRetryAfterHoldsTheHostWithinAPass(t *testing.T) {
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "300")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	e := newEnv(t, sources.PollerConfig{Interval: time.Minute})
	var ids []int64
	for _, q := range []string{"?a", "?b", "?c"} {
		ids = append(ids, e.register(t, url+q, 0).ID)
	}
	if rep := e.passWithGaps(t, 2*time.Second); rep.Failed != 1 || rc.n() != 1 {
		t.Fatalf("pass: %+v, %d requests; want one request, one failure", rep, rc.n())
	}
	for _, id := range ids[1:] {
		if st := e.source(t, id).State; st.Failures != 0 || !st.NextCheck.Equal(start.Add(5*time.Minute)) {
			t.Errorf("source %d held back: %+v; want no failure, due when the host allows", id, st)
		}
	}
}

// Sources of a host that asked to wait do not take the pass's batch from
// other hosts' due sources: they are put off until the host allows.
func TestPollRetryAfterDoesNotStarveOtherHosts(t *testing.T) {
	_, slowURL := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	other, otherURL := serve(t, etagFeed(rss(stories(1, 2), ""), `"v1"`))
	e := newEnv(t, sources.PollerConfig{Interval: 15 * time.Minute, Batch: 2})
	for _, q := range []string{"?a", "?b", "?c", "?d"} {
		e.register(t, slowURL+q, 0)
	}
	e.register(t, otherURL, 0)
	for i := 0; i < 4 && other.n() == 0; i++ {
		e.passWithGaps(t, 2*time.Second)
		e.clk.Advance(time.Minute)
	}
	if other.n() != 1 {
		t.Fatalf("the other host's source was not checked in 4 passes (%d requests) while the first host's Retry-After ran", other.n())
	}
}

// A feed's own title and home page are bounded like an article's fields:
// a 200 KB <title> would otherwise be stored and shown on every story's
// source line, in /source list and in OPML.
func TestPollBoundsAGiganticFeedTitle(t *testing.T) {
	title := strings.Repeat("Huge ", 40000)
	body := []byte(strings.Replace(string(rss(stories(1, 2), "")), "<title>Harbour News</title><link>https://news.example/</link>",
		"<title>"+title+"</title><link>https://news.example/"+strings.Repeat("x", 50000)+"</link>", 1))
	_, url := serve(t, etagFeed(body, `"v1"`))
	e := newEnv(t, sources.PollerConfig{AllowPrivate: true})
	added, err := e.poller.AddSource(context.Background(), sources.Source{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	s := e.source(t, added.Source.ID)
	if n := utf8.RuneCountInString(s.Title); n > briefing.MaxSourceNameRunes || !strings.HasPrefix(s.Title, "Huge Huge") ||
		!strings.HasSuffix(s.Title, "…") {
		t.Errorf("title of %d runes: %.60q…; want the start, cut to %d runes", n, s.Title, briefing.MaxSourceNameRunes)
	}
	if len(s.SiteURL) > briefing.MaxURLBytes {
		t.Errorf("site URL of %d bytes kept", len(s.SiteURL))
	}
}
