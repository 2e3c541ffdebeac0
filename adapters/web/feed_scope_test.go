package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// A topic feed reads what its watch's channel may read: never another
// channel's private source, and only the watch's sources when it names
// some.
func TestTopicFeedKeepsChannelScopes(t *testing.T) {
	f := newFixture(t, base, "")
	ctx := context.Background()
	// The fixture's articles carry outlet names as their Source; a source
	// row with that key makes Tidewater Post private to chY.
	if _, _, err := f.store.AddSource(ctx, sources.Source{URL: "Tidewater Post", Channel: chY, Private: true,
		State: sources.State{NextCheck: f.now}}); err != nil {
		t.Fatal(err)
	}
	entries := func(feedURL string) []string {
		t.Helper()
		res := f.do("GET", strings.TrimPrefix(feedURL, base), nil)
		feed, err := gofeed.NewParser().ParseString(res.body)
		if res.code != 200 || err != nil {
			t.Fatalf("feed: %d %v\n%s", res.code, err, res.body)
		}
		var out []string
		for _, it := range feed.Items {
			out = append(out, it.Link)
		}
		return out
	}
	x := entries(linkIn(f.say(chX, "/watch harbour strike").Text, base+"/feeds/"))
	if len(x) == 0 || strings.Contains(strings.Join(x, " "), "tidewater.example") {
		t.Errorf("chX's feed shows chY's private source (or nothing): %v", x)
	}
	if _, err := f.store.AddWatch(ctx, briefing.Watch{Channel: chY, Topic: "harbour strike", Sources: []string{"Coastal Ledger"}}); err != nil {
		t.Fatal(err)
	}
	u, err := f.web.FeedURL(ctx, chY, "harbour strike")
	if err != nil {
		t.Fatal(err)
	}
	if y := entries(u); len(y) != 1 || y[0] != "https://ledger.example/dock-walkout" {
		t.Errorf("the feed of a watch from Coastal Ledger lists %v; want its one story", y)
	}
}
