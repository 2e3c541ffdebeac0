package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/briefbot/briefbot/briefing"
)

// An undated story in a topic feed is dated by when briefbot stored it,
// not by the request: otherwise its <updated>, the feed's, and so the
// ETag, changed on every poll, readers saw the entry as updated each
// time, and If-None-Match never got a 304.
func TestTopicFeedWithUndatedStoryIsStable(t *testing.T) {
	f := newFixture(t, base, "")
	if _, err := f.eng.Ingest(context.Background(), []briefing.Article{{Source: "Quay Notes", GUID: "q-1",
		Title: "Harbour strike diary", Text: "Notes from the picket line at the harbour strike, written over three days by a union steward."}}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.web)
	defer srv.Close()
	feedURL := strings.Replace(linkIn(f.say(chX, "/watch harbour strike").Text, base+"/feeds/"), base, srv.URL, 1)
	get := func(etag string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, feedURL, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	first, body := get("")
	feed, err := gofeed.NewParser().ParseString(body)
	if first.StatusCode != 200 || err != nil {
		t.Fatalf("feed: %d %v", first.StatusCode, err)
	}
	var diary *gofeed.Item
	for _, it := range feed.Items {
		if it.Title == "Harbour strike diary" {
			diary = it
		}
	}
	if diary == nil || diary.UpdatedParsed == nil {
		t.Fatalf("undated entry missing, or without <updated>: %+v", diary)
	}
	f.advance(time.Hour)
	again, _ := get(first.Header.Get("ETag"))
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("nothing changed in an hour, yet the feed answered %d to its own ETag", again.StatusCode)
	}
}

// A topic feed with no story yet is dated by when the watch began, not by
// the request, for the same reason.
func TestEmptyTopicFeedIsStable(t *testing.T) {
	f := newFixture(t, base, "")
	srv := httptest.NewServer(f.web)
	defer srv.Close()
	feedURL := strings.Replace(linkIn(f.say(chX, "/watch lighthouse keepers").Text, base+"/feeds/"), base, srv.URL, 1)
	first, err := http.Get(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	first.Body.Close()
	f.advance(time.Hour)
	req, _ := http.NewRequest(http.MethodGet, feedURL, nil)
	req.Header.Set("If-None-Match", first.Header.Get("ETag"))
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if first.StatusCode != 200 || again.StatusCode != http.StatusNotModified {
		t.Errorf("empty feed: %d, then %d to its own ETag an hour later; want 200, 304", first.StatusCode, again.StatusCode)
	}
}
