package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// With retention on, /brief says older stories are not kept when its
// answer reaches back to the limit (nothing found, "since" past it, or a
// story near it), and stays quiet otherwise or when retention is off.
func TestBriefSaysOlderStoriesAreNotKept(t *testing.T) {
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{Now: func() time.Time { return briefNow }})
	if _, err := eng.Ingest(context.Background(), pagingStories()); err != nil {
		t.Fatal(err)
	}
	router := func(keep time.Duration) *bot.Router {
		r := bot.NewRouter(bot.RouterConfig{})
		bot.RegisterCore(r, eng, briefingtest.NewMemStore(), bot.CoreConfig{Now: func() time.Time { return briefNow }, Retention: keep})
		return r
	}
	const note = "Stories older than 19 days are not kept."
	on, off := router(19*24*time.Hour), router(0)
	for line, want := range map[string]bool{
		"/brief tariffs since 2d":  false, // recent stories only: no note
		"/brief tariffs since 30d": true,  // asks past the limit
		"/brief tariffs limit 20":  true,  // the oldest story (18 days) is within a tenth of the limit
		"/brief zeppelin":          true,  // nothing found
	} {
		if got := strings.Contains(ask(on, line).Footer, note); got != want {
			t.Errorf("%s: footer %q; note shown %v, want %v", line, ask(on, line).Footer, got, want)
		}
		if f := ask(off, line).Footer; strings.Contains(f, "not kept") {
			t.Errorf("%s without retention: footer %q", line, f)
		}
	}
}
