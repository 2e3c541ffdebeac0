package console

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// numberedTitle is a rendered story's number and title line.
var numberedTitle = regexp.MustCompile(`(?m)^(\d+)\. Crane strike day `)

// A /brief page after the first numbers its stories on from the pages
// before (page 2 of 4 a page starts at 5), so a number names one story
// whatever page shows it.
func TestBriefPagesNumberStoriesContinuously(t *testing.T) {
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	var arts []briefing.Article
	for i := range 10 {
		arts = append(arts, briefing.Article{Source: "Harbour Gazette", URL: fmt.Sprintf("https://news.example/c%d", i),
			Published: time.Date(2026, 12, 1+i, 9, 0, 0, 0, time.UTC), Title: fmt.Sprintf("Crane strike day %d at pier %d", i+1, 3*i+2),
			Text: fmt.Sprintf("Crane operators stayed out for day %d at pier %d. The crane strike held %d ships at anchor.", i+1, 3*i+2, 4+i)})
	}
	if _, err := eng.Ingest(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, store, bot.CoreConfig{})
	next := 1
	for page := 1; page <= 3; page++ {
		out := Render(router.Handle(context.Background(), bot.Request{Channel: briefing.Channel{Platform: "console", ID: "t"},
			Command: "brief", Text: fmt.Sprintf("crane strike limit 4 page %d", page)}))
		nums := numberedTitle.FindAllStringSubmatch(out, -1)
		if len(nums) == 0 {
			t.Fatalf("page %d shows no story:\n%s", page, out)
		}
		for _, m := range nums {
			if m[1] != fmt.Sprint(next) {
				t.Fatalf("page %d: story numbered %s, want %d:\n%s", page, m[1], next, out)
			}
			next++
		}
	}
	if next != 11 {
		t.Fatalf("three pages numbered %d stories, want 10", next-1)
	}
}
