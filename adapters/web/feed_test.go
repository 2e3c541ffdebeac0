package web_test

import (
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

func TestTopicFeed(t *testing.T) {
	f := newFixture(t, base, "")
	rep := f.say(chX, "/watch Harbour Strike")
	feedURL := linkIn(rep.Text, base+"/feeds/")
	if rep.Error || !strings.HasSuffix(feedURL, ".atom") {
		t.Fatalf("/watch reply has no feed URL: %+v", rep)
	}
	if again := linkIn(f.say(chX, "/watching").Text, base+"/feeds/"); again != feedURL {
		t.Fatalf("/watching shows %q, /watch showed %q", again, feedURL)
	}
	res := f.do("GET", strings.TrimPrefix(feedURL, base), nil)
	if res.code != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s", res.code, res.header.Get("Content-Type"))
	}
	if etag := res.header.Get("ETag"); etag == "" {
		t.Errorf("feed has no ETag")
	} else if again := f.doWith("GET", strings.TrimPrefix(feedURL, base), map[string]string{"If-None-Match": etag}); again.code != 304 {
		t.Errorf("conditional GET with the ETag: %d, want 304", again.code)
	}
	feed, err := gofeed.NewParser().ParseString(res.body)
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, res.body)
	}
	if feed.FeedType != "atom" || feed.FeedVersion != "1.0" || feed.Title != "briefbot: harbour strike" {
		t.Errorf("feed %s %s %q", feed.FeedType, feed.FeedVersion, feed.Title)
	}
	titles := map[string]string{}
	for _, it := range feed.Items {
		titles[it.Title] = it.Link
		if it.GUID == "" || it.UpdatedParsed == nil || it.Description == "" {
			t.Errorf("entry %q lacks id, updated or summary", it.Title)
		}
		if it.Link == "" && it.Content == "" {
			t.Errorf("entry %q has neither an alternate link nor content (RFC 4287 4.1.1.1)", it.Title)
		}
	}
	if len(feed.Items) != 3 {
		t.Errorf("feed has %d entries, want the 3 stories", len(feed.Items))
	}
	if titles["Harbour strike ends after port authority drops night-shift rota"] != "https://tidewater.example/strike-ends" {
		t.Errorf("entries: %v", titles)
	}
	if link, ok := titles[hostileTitle]; !ok || link != "" {
		t.Errorf("hostile entry: present %v, link %q (want the title as text, no link)", ok, link)
	}
	if strings.Contains(res.body, "javascript:") {
		t.Errorf("a javascript: link reached the feed")
	}

	// Another channel watching the same topic gets its own address.
	other := linkIn(f.say(chY, "/watch harbour strike").Text, base+"/feeds/")
	if other == "" || other == feedURL {
		t.Fatalf("second channel's feed URL %q", other)
	}

	reset := f.say(chX, "/watch harbour strike feed-reset")
	newURL := linkIn(reset.Text, base+"/feeds/")
	if reset.Error || newURL == "" || newURL == feedURL {
		t.Fatalf("feed-reset: %+v", reset)
	}
	if res := f.do("GET", strings.TrimPrefix(feedURL, base), nil); res.code != 404 {
		t.Errorf("revoked feed: %d, want 404", res.code)
	}
	if res := f.do("GET", strings.TrimPrefix(newURL, base), nil); res.code != 200 {
		t.Errorf("new feed: %d", res.code)
	}
	if res := f.do("GET", strings.TrimPrefix(other, base), nil); res.code != 200 {
		t.Errorf("the other channel's feed broke on this channel's reset: %d", res.code)
	}
	if rep := f.say(chX, "/watch tide tables feed-reset"); !rep.Error {
		t.Errorf("feed-reset of an unwatched topic: %+v", rep)
	}
	f.say(chX, "/unwatch harbour strike")
	if res := f.do("GET", strings.TrimPrefix(newURL, base), nil); res.code != 404 {
		t.Errorf("feed of an unwatched topic: %d, want 404", res.code)
	}
	for _, bad := range []string{"/feeds/x.atom", "/feeds/" + strings.TrimSuffix(strings.TrimPrefix(other, base+"/feeds/"), ".atom")} {
		if res := f.do("GET", bad, nil); res.code != 404 {
			t.Errorf("GET %s: %d, want 404", bad, res.code)
		}
	}
}
