package sources_test

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// Issue 17 finding 1 at the poller (the guard's decision table is in
// briefing/ingest/ssrf_iana_test.go).

// An operator source (trusted: BRIEFBOT_FEEDS, OPML) may name a private
// host, but where it redirects is checked like any chat source: here the
// operator's feed on 127.0.0.1 sends the poller to "localhost", another
// name for the bot's own machine.
func TestOperatorSourceRedirectToPrivateIsRefused(t *testing.T) {
	var privateHits atomic.Int32
	_, privateURL := serve(t, func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		w.Write(rss(stories(1, 2), ""))
	})
	_, publicURL := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(privateURL, "127.0.0.1", "localhost", 1), http.StatusFound)
	})
	e := newEnv(t, sources.PollerConfig{})
	src := e.register(t, publicURL, 0)
	if rep := e.pass(t); rep.Failed != 1 || privateHits.Load() != 0 {
		t.Fatalf("operator source redirected to loopback: %+v, %d private hits", rep, privateHits.Load())
	}
	if st := e.source(t, src.ID).State; st.LastError != "localhost resolves to a loopback address" {
		t.Errorf("last error %q", st.LastError)
	}
	// The operator's own private URL is still fetched.
	e.register(t, privateURL, 0)
	if rep := e.pass(t); rep.Updated != 1 || privateHits.Load() != 1 {
		t.Fatalf("operator's private source: %+v, %d hits", rep, privateHits.Load())
	}
	// With BRIEFBOT_ALLOW_PRIVATE_SOURCES the redirect is followed.
	e2 := newEnv(t, sources.PollerConfig{AllowPrivate: true})
	e2.register(t, publicURL, 0)
	if rep := e2.pass(t); rep.Updated != 1 || privateHits.Load() != 2 {
		t.Fatalf("allowed private redirect: %+v, %d hits", rep, privateHits.Load())
	}
}

// Chat errors say what failed without an address of the bot's network:
// not the resolver's, not what a name resolved to, not the ip:port dialled.
func TestChatFetchErrorsNameNoInternalAddress(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadPort := closed.Addr().String()
	closed.Close()
	_, notFound := serve(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	n := &fakeNet{names: map[string][]netip.Addr{
		"dead.example": {netip.MustParseAddr("93.184.216.34")},
		"gone.example": {netip.MustParseAddr("93.184.216.35")},
	}, hosts: map[string]string{
		"93.184.216.34:80": deadPort,
		"93.184.216.35:80": strings.TrimSuffix(strings.TrimPrefix(notFound, "http://"), "/feed.xml"),
	}}
	g := n.guard()
	lookup := g.LookupIP
	g.LookupIP = func(ctx context.Context, host string) ([]netip.Addr, error) {
		if host == "nx.example" {
			return nil, &net.DNSError{Err: "no such host", Name: host, Server: "10.11.12.13:53", IsNotFound: true}
		}
		if host == "intranet.example" {
			return []netip.Addr{netip.MustParseAddr("10.20.30.40")}, nil
		}
		return lookup(ctx, host)
	}
	e := newEnv(t, sources.PollerConfig{Guard: g})
	for url, want := range map[string]string{
		"http://nx.example/feed":       "could not fetch: no such host",
		"http://dead.example/feed":     "could not fetch: connection refused",
		"http://gone.example/feed.xml": "could not fetch: HTTP 404 Not Found",
		"http://intranet.example/feed": "intranet.example resolves to a private address",
	} {
		_, err := e.poller.AddSource(context.Background(), sources.Source{URL: url})
		msg := briefing.ErrorMessage(err)
		if !strings.Contains(msg, want) {
			t.Errorf("AddSource(%s): %q, want it to say %q", url, msg, want)
		}
		for _, leak := range []string{"10.11.12.13", "10.20.30.40", "127.0.0.1", "93.184.216", ":53"} {
			if strings.Contains(msg, leak) {
				t.Errorf("AddSource(%s) names an address of the bot's network: %q", url, msg)
			}
		}
	}
}
