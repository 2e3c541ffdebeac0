package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// Issue 18 item 11: at the default (info) level serve says when a poll
// stored new articles; idle passes stay quiet.
func TestServeLogsPollsThatFindArticlesAtInfo(t *testing.T) {
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(harbourFeed(3)) }))
	defer feed.Close()
	dir := t.TempDir()
	proc := startServe(t, dir, filepath.Join(dir, "i.db"), "BRIEFBOT_LOG_LEVEL=info", "BRIEFBOT_FEEDS="+feed.URL+"/feed.xml")
	proc.waitLog(t, "level=INFO", `msg="polling pass"`, "updated=1")
	proc.stop(t)
}
