package sources_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/ingest"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// panicky stores articles through the engine, but panics on an article
// whose title holds its word: a bug met on one feed's bytes.
type panicky struct {
	sources.Ingester
	word string
}

func (p panicky) Ingest(ctx context.Context, arts []briefing.Article) (briefing.IngestResult, error) {
	for _, a := range arts {
		if strings.Contains(a.Title, p.word) {
			panic("index out of range [3] with length 3")
		}
	}
	return p.Ingester.Ingest(ctx, arts)
}

// A panic while checking one source fails that source ("internal
// error", the stack in the log), and the pass goes on: the other feed's
// story is stored and the poller is not taken down with it.
func TestPollSurvivesAPanicOnOneSource(t *testing.T) {
	store := storagetest.Open(t, storagetest.SQLiteURL(t))
	clk := clockwork.NewFakeClockAt(start)
	eng := briefing.NewEngine(store, briefing.Config{Now: clk.Now})
	var logs syncBuffer
	p, err := sources.NewPoller(sources.PollerConfig{Sources: store, Ingester: panicky{eng, "Poison"}, Clock: clk,
		Fetcher: ingest.Fetcher{Client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	feed := func(title string) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><guid>%s</guid>`+
				`<title>%s</title><description>The quay crane at berth four was repaired overnight by the harbour crew.</description>`+
				`</item></channel></rss>`, title, title)
		}
	}
	_, bad := serve(t, feed("Poison pill in the parser"))
	_, good := serve(t, feed("Quay crane repaired"))
	var ids []int64
	for _, u := range []string{bad, good} {
		s, _, err := p.Register(context.Background(), sources.Source{URL: u})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	rep, err := p.PollDue(context.Background())
	if err != nil || rep.Failed != 1 || rep.Updated != 1 {
		t.Fatalf("pass: %+v, %v; want one failed, one updated", rep, err)
	}
	st, err := store.Source(context.Background(), ids[0])
	if err != nil || !strings.Contains(st.State.LastError, "internal error") || st.State.Failures != 1 {
		t.Errorf("the panicking source: %+v, %v", st.State, err)
	}
	if n, err := eng.CountMatches(context.Background(), "quay crane"); err != nil || n != 1 {
		t.Errorf("the other feed's story: %d stored, %v", n, err)
	}
	if !strings.Contains(logs.String(), `"msg":"source check panicked"`) || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("no panic with its stack in the log:\n%.2000s", logs.String())
	}
}

// Large bodies are parsed one at a time, whatever the number of hosts
// checked at once: parsing costs tens of times a body's size. Four hosts
// each serve a 1.5 MB page; the pass stores all four, and at no moment
// were two of them being parsed.
func TestPollParsesLargeBodiesOneAtATime(t *testing.T) {
	e := newEnv(t, sources.PollerConfig{Workers: 4})
	para := strings.Repeat("<p>The harbour board met again about the dredging of the outer channel and the pilots' rota.</p>\n", 16000)
	for i := range 4 {
		_, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<html><head><title>Harbour board minutes %d</title></head><body><article><h1>Harbour board minutes %d</h1>%s</article></body></html>", i, i, para)
		})
		e.register(t, url, 0)
	}
	if rep := e.pass(t); rep.Failed != 0 || rep.Updated != 4 {
		t.Fatalf("pass: %+v", rep)
	}
	if n := e.poller.LargeParsesAtOnce(); n != 1 {
		t.Errorf("%d large bodies parsed at once, want 1", n)
	}
}
