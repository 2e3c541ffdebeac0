package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// Issue 17 finding 5, end to end with the binary: a feed reached with
// user:pass@ and ?token= is fetched with its credentials, and they appear
// nowhere the text leaves the process: CLI output, /source list, /brief,
// ask --json (the API's JSON), OPML export and debug logs.
func TestFeedCredentialsNeverLeaveTheProcess(t *testing.T) {
	const user, pass, token = "reader", "SeCrEtPw1", "SeCrEtTok2"
	var authorized atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != user || p != pass || r.URL.Query().Get("token") != token {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		authorized.Add(1)
		w.Write(harbourFeed(5))
	}))
	defer srv.Close()
	feed := "http://" + user + ":" + pass + "@" + strings.TrimPrefix(srv.URL, "http://") + "/feed.xml?token=" + token + "&lang=en"
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	debug := []string{"BRIEFBOT_LOG_LEVEL=debug"}

	var seen []string
	check := func(what string, r result) {
		t.Helper()
		seen = append(seen, what)
		if out := r.stdout + r.stderr; strings.Contains(out, "SeCrEt") {
			t.Errorf("%s shows a credential:\n%s", what, out)
		}
	}
	add := briefbotWith(t, dir, db, debug, "sources", "add", feed)
	if add.code != 0 {
		t.Fatalf("sources add: %+v", add)
	}
	check("sources add", add)
	proc := startServe(t, dir, db, "BRIEFBOT_FEEDS="+feed)
	proc.waitLog(t, "polling pass")
	proc.stop(t)
	if strings.Contains(proc.logs.String(), "SeCrEt") {
		t.Errorf("serve's debug log shows a credential:\n%s", proc.logs.String())
	}
	if authorized.Load() < 1 {
		t.Fatalf("feed never fetched with its credentials:\n%s", proc.logs.String())
	}
	list := briefbotWith(t, dir, db, debug, "sources", "list")
	check("sources list", list)
	if !strings.Contains(list.stdout, "xxxxx@127.0.0.1") || !strings.Contains(list.stdout, "token=xxxxx&lang=en") {
		t.Errorf("sources list does not show the redacted URL:\n%s", list.stdout)
	}
	check("/source list", briefbotWith(t, dir, db, debug, "ask", "/source list"))
	brief := briefbotWith(t, dir, db, debug, "ask", "/brief harbour report")
	check("/brief", brief)
	if !strings.Contains(brief.stdout, "Harbour report 5") {
		t.Fatalf("/brief does not find the feed's items:\n%+v", brief)
	}
	check("ask --json", briefbotWith(t, dir, db, debug, "ask", "--json", "/brief harbour report"))
	check("sources export", briefbotWith(t, dir, db, debug, "sources", "export"))
	check("sources add again", briefbotWith(t, dir, db, debug, "sources", "add", feed))
	before := authorized.Load()
	ingest := briefbotWith(t, dir, db, debug, "ingest", feed)
	check("ingest URL", ingest)
	if ingest.code != 0 || authorized.Load() != before+1 {
		t.Errorf("ingest of the feed URL: %+v (%d authorized fetches)", ingest, authorized.Load())
	}
	check("ingest URL failing", briefbotWith(t, dir, db, debug, "ingest", strings.Replace(feed, pass, pass+"x", 1)))
}
