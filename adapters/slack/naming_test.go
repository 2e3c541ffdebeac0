package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// Renamed commands (BRIEFBOT_COMMANDS) behave as their plain names: a
// /news-brief or /briefbot brief reply follows SLACK_BRIEF_VISIBILITY
// and carries the Watch button.
func TestRenamedBriefKeepsVisibilityAndWatchButton(t *testing.T) {
	for _, c := range []struct {
		naming       bot.Naming
		command, arg string
	}{
		{bot.Naming{Prefix: "news-"}, "/news-brief", "gsomia"},
		{bot.Naming{Single: true}, "/briefbot", "brief gsomia"},
		{bot.Naming{}, "/brief", "gsomia"},
	} {
		store := briefingtest.NewMemStore()
		eng := briefing.NewEngine(store, briefing.Config{})
		if _, err := eng.Ingest(context.Background(), loadArticles(t)); err != nil {
			t.Fatal(err)
		}
		router := bot.NewRouter(bot.RouterConfig{Naming: c.naming})
		bot.RegisterCore(router, eng, store, bot.CoreConfig{})
		a, err := New(Config{BotToken: "xoxb-x", SigningSecret: "s", BriefVisibility: Ephemeral})
		if err != nil {
			t.Fatal(err)
		}
		req := commandRequest(slack.SlashCommand{Command: c.command, Text: c.arg, ChannelID: "C1", UserID: "U1"})
		rep := router.Handle(context.Background(), req)
		out := a.outgoing(router, req, rep)
		var all []slack.Block
		for _, m := range out.msgs {
			all = append(all, m.blocks...)
		}
		blocks, _ := json.Marshal(all)
		if rep.Error || out.responseType != slack.ResponseTypeEphemeral || !strings.Contains(string(blocks), watchActionID) {
			t.Errorf("%s %s: error %v, response type %s, watch button %v", c.command, c.arg, rep.Error, out.responseType,
				strings.Contains(string(blocks), watchActionID))
		}
	}
}
