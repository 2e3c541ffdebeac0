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

// A watched typo is allowed (stories may come) but never silent.
func TestWatchWarnsAboutATopicMatchingNothing(t *testing.T) {
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	if _, err := eng.Ingest(context.Background(), []briefing.Article{{Source: "s", URL: "https://x.example/t",
		Title: "Canada raises tariffs on steel", Text: "The tariffs take effect on Monday.", Published: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, eng, store, bot.CoreConfig{})
	ch := briefing.Channel{Platform: "console", ID: "C1"}
	reply := r.Handle(context.Background(), bot.Request{Channel: ch, User: bot.User{ID: "U1"}, Command: "watch", Text: "tarrifs"})
	if reply.Error || !strings.Contains(reply.Text, "Now watching “tarrifs”") || !strings.Contains(reply.Text, "did you mean tariffs?") {
		t.Fatalf("watch tarrifs: %+v", reply)
	}
	ws, err := store.Watches(context.Background(), ch)
	if err != nil || len(ws) != 1 || ws[0].Topic != "tarrifs" {
		t.Fatalf("the watch must still be added: %+v %v", ws, err)
	}
	reply = r.Handle(context.Background(), bot.Request{Channel: ch, User: bot.User{ID: "U1"}, Command: "watch", Text: "tariffs"})
	if strings.Contains(reply.Text, "did you mean") {
		t.Errorf("a topic that matches warned: %q", reply.Text)
	}
}

// A watch of alternatives is stored with its OR intact: lower-cased to
// "or" it was a stop word, so the stored watch matched nothing and its
// digests stayed empty while /watch had counted the alternatives' matches.
func TestWatchKeepsItsORAlternatives(t *testing.T) {
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, err := eng.Ingest(context.Background(), []briefing.Article{
		{Source: "s", URL: "https://x.example/1", Title: "Crane strike called off", Text: "The crane strike is off.", Published: day},
		{Source: "s", URL: "https://x.example/2", Title: "Ferry timetable changes", Text: "The ferry sails earlier.", Published: day}}); err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, eng, store, bot.CoreConfig{})
	ch := briefing.Channel{Platform: "console", ID: "C1"}
	reply := r.Handle(context.Background(), bot.Request{Channel: ch, User: bot.User{ID: "U1"}, Command: "watch", Text: `"Crane Strike" OR Ferry`})
	if reply.Error || !strings.Contains(reply.Text, "(2 stored articles match") {
		t.Fatalf("watch: %+v", reply)
	}
	ws, err := store.Watches(context.Background(), ch)
	if err != nil || len(ws) != 1 {
		t.Fatalf("watches %+v %v", ws, err)
	}
	if n, err := eng.CountMatches(context.Background(), ws[0].Topic); err != nil || n != 2 {
		t.Errorf("the stored watch %q matches %d articles (%v), want the 2 /watch counted", ws[0].Topic, n, err)
	}
	if got := briefing.NormalizeTopic(`  "Imports OR Exports"  OR  Tariffs `); got != `"imports or exports" OR tariffs` {
		t.Errorf("NormalizeTopic: %q", got)
	}
}
