package discord

import (
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// decode parses an interaction from its wire JSON, as both ways in do.
func decode(t *testing.T, i discordfake.Interaction) *discordgo.Interaction {
	t.Helper()
	var out discordgo.Interaction
	if err := json.Unmarshal(i.JSON(), &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

var specs = []bot.CommandSpec{{Name: "source", Args: []bot.Arg{{Name: "action", Required: true}, {Name: "url"}, {Name: "label"}}}}

func TestRequestJoinsOptionsInDeclaredOrder(t *testing.T) {
	i := decode(t, discordfake.Interaction{ID: "9", Type: discordfake.Command, ChannelID: "55", GuildID: "66",
		UserID: "77", Username: "ana", Command: "source", Options: []discordfake.Option{
			{Name: "label", Value: " Wire "}, {Name: "action", Value: "add"}, {Name: "url", Value: "https://x.example/rss"}}})
	req, partial := toRequest(i, specs)
	want := bot.Request{ID: "9", Channel: briefing.Channel{Platform: "discord", ID: "55"},
		User: bot.User{ID: "77", Name: "ana"}, Command: "source", Text: "add https://x.example/rss Wire"}
	if req != want || partial != "" {
		t.Fatalf("got %+v %q\nwant %+v", req, partial, want)
	}
}

func TestRequestAutocompleteSeparatesThePartial(t *testing.T) {
	i := decode(t, discordfake.Interaction{ID: "9", Type: discordfake.Autocomplete, ChannelID: "55", GuildID: "66",
		UserID: "77", Command: "source", Options: []discordfake.Option{
			{Name: "action", Value: "remove"}, {Name: "url", Value: "https://x", Focused: true}}})
	req, partial := toRequest(i, specs)
	if req.Text != "remove" || partial != "https://x" {
		t.Fatalf("text %q partial %q", req.Text, partial)
	}
}

func TestAdminIsManageServerOrAdministrator(t *testing.T) {
	for perms, want := range map[int64]bool{0: false, 1 << 11: false, discordfake.PermManageGuild: true,
		discordfake.PermAdministrator: true, discordfake.PermManageGuild | 1<<11: true} {
		i := decode(t, discordfake.Interaction{ID: "1", Type: discordfake.Command, GuildID: "66", ChannelID: "55",
			UserID: "77", Permissions: perms, Command: "brief"})
		if got := toUser(i).Admin; got != want {
			t.Errorf("permissions %d: admin %v, want %v", perms, got, want)
		}
	}
	dm := decode(t, discordfake.Interaction{ID: "1", Type: discordfake.Command, ChannelID: "d1", UserID: "78",
		Username: "bo", Command: "brief"})
	if u := toUser(dm); u != (bot.User{ID: "78", Name: "bo"}) {
		t.Errorf("direct message user %+v", u)
	}
}

func TestFakeAdminBitsAreDiscords(t *testing.T) {
	if discordfake.PermManageGuild != discordgo.PermissionManageServer || discordfake.PermAdministrator != discordgo.PermissionAdministrator {
		t.Fatal("the fake's permission bits differ from discordgo's")
	}
}
