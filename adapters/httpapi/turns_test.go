package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/briefing"
)

// stalling answers a brief only when released, telling when it has
// started one.
type stalling struct {
	sinces
	started chan struct{}
	release chan struct{}
}

func (s *stalling) Brief(ctx context.Context, topic string, o briefing.BriefOptions) (briefing.Briefing, error) {
	s.started <- struct{}{}
	<-s.release
	return briefing.Briefing{Topic: topic}, nil
}

// Briefs and matches take turns: with one turn taken, the next request
// waits QueueWait and gets 503 with Retry-After, not a second query at
// once; when the turn is free again, requests are answered.
func TestRequestsTakeTurns(t *testing.T) {
	eng := &stalling{started: make(chan struct{}), release: make(chan struct{})}
	srv := httptest.NewServer(httpapi.New(eng, db{}, httpapi.Config{MaxConcurrent: 1, QueueWait: 20 * time.Millisecond}))
	defer srv.Close()
	first := make(chan int)
	go func() {
		resp, err := http.Get(srv.URL + "/api/v1/brief?topic=oil")
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	<-eng.started // the first request holds the one turn
	for _, path := range []string{"/api/v1/brief?topic=gas", "/api/v1/match?topic=gas"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
			t.Errorf("%s while the turn is taken: %d, Retry-After %q; want 503, 1", path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	close(eng.release)
	if code := <-first; code != http.StatusOK {
		t.Fatalf("the first request: %d", code)
	}
	go func() { <-eng.started }()
	resp, err := http.Get(srv.URL + "/api/v1/brief?topic=coal")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after the turn is free: %d, want 200", resp.StatusCode)
	}
}
