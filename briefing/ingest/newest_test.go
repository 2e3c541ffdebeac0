package ingest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// datedItems is an RSS feed whose item i is dated day[i] of December 2026,
// or undated when day[i] is 0.
func datedItems(days ...int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Dated</title>`)
	for i, d := range days {
		date := ""
		if d > 0 {
			date = "<pubDate>" + time.Date(2026, 12, d, 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z) + "</pubDate>"
		}
		fmt.Fprintf(&b, "<item><title>Item %d</title><guid>i%d</guid>%s<description>Body %d.</description></item>", i, i, date, i)
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

// A feed over the item limit gives its newest items, in the feed's order,
// and says how many it left out. It used to be refused whole.
func TestParseKeepsTheNewestItemsOverTheLimit(t *testing.T) {
	for name, tc := range map[string]struct {
		data []byte
		max  int
		want []string
	}{
		// Dated out of order: the three latest days win wherever they are.
		"by date": {datedItems(3, 9, 1, 7, 5, 8), 3, []string{"Item 1", "Item 3", "Item 5"}},
		// Undated: the first in the feed.
		"undated": {datedItems(0, 0, 0, 0, 0), 2, []string{"Item 0", "Item 1"}},
		// Mixed: a date beats none; then the undated by place.
		"mixed": {datedItems(0, 4, 0, 2, 0), 3, []string{"Item 0", "Item 1", "Item 3"}},
		// The same date keeps the earlier in the feed.
		"ties": {datedItems(5, 5, 5, 5), 2, []string{"Item 0", "Item 1"}},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ingest.ParseInput(ingest.Input{Name: "dated.xml", Data: tc.data}, ingest.Options{MaxItems: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range p.Articles {
				got = append(got, a.Title)
			}
			offered := strings.Count(string(tc.data), "<item>")
			if strings.Join(got, ",") != strings.Join(tc.want, ",") || p.Offered != offered || p.Omitted != offered-tc.max {
				t.Fatalf("got %v, offered %d, omitted %d; want %v, %d, %d", got, p.Offered, p.Omitted, tc.want, offered, offered-tc.max)
			}
		})
	}
}

func TestParseDefaultLimitKeepsTheFirstThousandOfAnUndatedFeed(t *testing.T) {
	p, err := ingest.ParseInput(ingest.Input{Name: "many.xml", Data: rssItems(ingest.DefaultMaxItems + 1)}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Articles) != ingest.DefaultMaxItems || p.Omitted != 1 || p.Articles[len(p.Articles)-1].Title != fmt.Sprintf("Item %d", ingest.DefaultMaxItems-1) {
		t.Fatalf("kept %d, omitted %d", len(p.Articles), p.Omitted)
	}
}
