package sources_test

import (
	"context"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

func TestAddSourceDiscoversFeed(t *testing.T) {
	feed := rss(stories(1, 4), "")
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			w.Write(feed)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Home</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><p>Hi</p></body></html>`))
	})
	home := strings.TrimSuffix(url, "feed.xml")
	e := newEnv(t, sources.PollerConfig{AllowPrivate: true})
	res, err := e.poller.AddSource(context.Background(), sources.Source{URL: home})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Discovered || res.Source.URL != url || res.Items != 4 || rc.n() != 2 {
		t.Fatalf("AddSource(%s) = %+v after %d requests; want the feed %s", home, res, rc.n(), url)
	}
	// The page again, or the feed itself, is the same source.
	for _, u := range []string{home, url} {
		if _, err := e.poller.AddSource(context.Background(), sources.Source{URL: u}); briefing.ErrorCode(err) != briefing.EConflict {
			t.Errorf("AddSource(%s) again: %v, want a conflict", u, err)
		}
	}
}

// Acceptance 4 at the poller: chat sources on private addresses are
// refused with a message, and nothing is stored.
func TestAddSourceRefusesPrivateAddresses(t *testing.T) {
	var privateHits atomic.Int32
	_, privateURL := serve(t, func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		w.Write(rss(stories(1, 2), ""))
	})
	rcPublic, publicURL := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, privateURL, http.StatusMovedPermanently)
	})
	n := &fakeNet{names: map[string][]netip.Addr{"news.example": {netip.MustParseAddr("93.184.216.34")}},
		hosts: map[string]string{"93.184.216.34:80": strings.TrimSuffix(strings.TrimPrefix(publicURL, "http://"), "/feed.xml")}}
	e := newEnv(t, sources.PollerConfig{Guard: n.guard()})

	for url, want := range map[string]string{
		privateURL:                          "127.0.0.1 is a loopback address",
		"http://169.254.169.254/":           "169.254.169.254 is a cloud metadata address",
		"http://[fd00:ec2::254]/latest":     "cloud metadata",
		"http://10.0.0.1/feed":              "private address",
		"http://news.example/feed.xml":      "127.0.0.1 is a loopback address", // via its redirect
		"http://localhost.example/feed.xml": "no such host",                    // fake DNS knows no such name
		"ftp://news.example/feed.xml":       "not an http or https URL",
	} {
		_, err := e.poller.AddSource(context.Background(), sources.Source{URL: url, Channel: briefing.Channel{Platform: "console", ID: "c"}})
		if err == nil || !strings.Contains(briefing.ErrorMessage(err), want) {
			t.Errorf("AddSource(%s): %v; want a refusal saying %q", url, err, want)
		}
		if strings.Contains(want, "address") && briefing.ErrorCode(err) != briefing.EForbidden {
			t.Errorf("AddSource(%s): code %s, want forbidden", url, briefing.ErrorCode(err))
		}
	}
	if privateHits.Load() != 0 || rcPublic.n() != 1 {
		t.Fatalf("private server hit %d times, public %d; want 0 and 1 (the redirect)", privateHits.Load(), rcPublic.n())
	}
	if all, _ := e.poller.Sources(context.Background()); len(all) != 0 {
		t.Fatalf("refused sources were stored: %+v", all)
	}
	// The operator's own sources are trusted: the same private feed polls.
	if _, _, err := e.poller.Register(context.Background(), sources.Source{URL: privateURL}); err != nil {
		t.Fatal(err)
	}
	if rep := e.pass(t); rep.Updated != 1 || privateHits.Load() != 1 {
		t.Fatalf("trusted private source: %+v", rep)
	}
	// A chat source whose name later moves to a private address fails
	// its checks instead of reaching it.
	n.hosts["93.184.216.34:80"] = strings.TrimSuffix(strings.TrimPrefix(privateURL, "http://"), "/feed.xml")
	chat, _, err := e.store.AddSource(context.Background(), sources.Source{URL: "http://news.example/feed.xml",
		State: sources.State{NextCheck: e.clk.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	n.names["news.example"] = []netip.Addr{netip.MustParseAddr("192.168.0.10")}
	e.clk.Advance(time.Minute)
	if rep := e.pass(t); rep.Failed != 1 || privateHits.Load() != 1 {
		t.Fatalf("rebound chat source: %+v, %d private hits", rep, privateHits.Load())
	}
	if st := e.source(t, chat.ID).State; st.LastError != "news.example resolves to a private address" {
		t.Errorf("last error %q", st.LastError)
	}
}
