package main

import (
	"context"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// A 👍/👎 button of a topic too long for Discord's 100-character value
// carries a reference; a click that reaches another replica (or this one
// after a restart) still judges, because the topic behind the reference
// is kept in the shared database.
func TestLongTopicButtonOnAnotherReplica(t *testing.T) {
	db := storagetest.SQLiteURL(t)
	getenv := func(k string) string {
		if k == "BRIEFBOT_DATABASE_URL" {
			return db
		}
		return ""
	}
	a, _ := testApp(t, getenv)
	ingestSample(t, a)
	b, _ := testApp(t, getenv) // the second replica: its own process memory
	ctx := context.Background()
	ch := briefing.Channel{Platform: "discord", ID: "C-replicas"}
	long := "gsomia OR military intelligence pact OR military information agreement between seoul and tokyo"
	rep := a.Router.Handle(ctx, bot.Request{Channel: ch, User: bot.User{ID: "U1"}, Command: "brief", Text: long})
	if rep.Error || len(rep.Sections) != 1 || len(rep.Sections[0].Items) == 0 || rep.Sections[0].Topic == "" {
		t.Fatalf("/brief on replica A: %+v", rep)
	}
	id := rep.Sections[0].Items[0].ID
	value, ok := bot.VoteValue(rep.Sections[0].Topic, id, false, 100-len("briefbot_vote:"))
	if !ok || !strings.Contains(value, "ref:") {
		t.Fatalf("want a reference in the button value: %q %v", value, ok)
	}
	req, err := bot.VoteRequest(value)
	if err != nil {
		t.Fatal(err)
	}
	req.Channel, req.User = ch, bot.User{ID: "U2"}
	got := b.Router.Handle(ctx, req)
	if got.Error || !strings.HasPrefix(got.Text, "Noted 👎") {
		t.Fatalf("click on replica B: %+v", got)
	}
	js, err := a.Store.Judgments(ctx, ch, briefing.NormalizeTopic(long))
	if err != nil || len(js) != 1 || js[0].ArticleID != id || js[0].Up {
		t.Fatalf("judgment recorded: %+v %v", js, err)
	}
}
