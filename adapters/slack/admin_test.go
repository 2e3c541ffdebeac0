package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
)

// Workspace admins and owners may run admin-only commands; Slack's answer
// (users.info) is cached per user for AdminTTL.
func TestWorkspaceAdminsRunAdminCommands(t *testing.T) {
	clk := clockwork.NewFakeClock()
	w := newWorld(t, func(c *Config) { c.Clock = clk; c.AdminTTL = time.Minute })
	w.router.Register(&bot.Command{CommandSpec: bot.CommandSpec{Name: "purge", Usage: "/purge", AdminOnly: true},
		Run: func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{Text: "purged"}, nil }})
	w.fake.SetUser(slackfake.User{ID: "U0ADMIN", Name: "ann", Admin: true})
	w.fake.SetUser(slackfake.User{ID: "U0OWNER", Name: "olga", Owner: true})
	w.fake.SetUser(slackfake.User{ID: "U0ALICE", Name: "alice"})
	run := func(user, cmd string) string {
		form := slackfake.CommandForm(cmd, "", "C0GEN", user, w.fake.ResponseURL())
		_, b := w.post(t, "/slack/commands", testSecret, time.Now(), formType, []byte(form.Encode()))
		return string(b)
	}
	for user, want := range map[string]string{"U0ADMIN": "purged", "U0OWNER": "purged", "U0ALICE": "only briefbot admins", "U0GHOST": "only briefbot admins"} {
		if got := run(user, "/purge"); !strings.Contains(got, want) {
			t.Errorf("%s: %s", user, got)
		}
	}
	lookups := func() int { return len(w.fake.Calls("users.info")) }
	before := lookups()
	run("U0ADMIN", "/purge")
	run("U0ADMIN", "/watching")
	run("U0ALICE", "/watching")
	if lookups() != before {
		t.Errorf("users.info called again within the TTL: %d more lookups", lookups()-before)
	}
	clk.Advance(2 * time.Minute)
	run("U0ADMIN", "/purge")
	if lookups() != before+1 {
		t.Errorf("users.info not asked again after the TTL: %d lookups", lookups()-before)
	}
}

// Commands that check Admin per subcommand see it too: a workspace admin
// may change the digest schedule, a member may not.
func TestWorkspaceAdminSeenBySubcommandChecks(t *testing.T) {
	w := newWorld(t, nil)
	w.router.Register(&bot.Command{CommandSpec: bot.CommandSpec{Name: "digest", Usage: "/digest"},
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			if req.Text == "daily 09:00" && !req.User.Admin {
				return bot.Reply{Text: "admins only", Error: true}, nil
			}
			return bot.Reply{Text: "scheduled"}, nil
		}})
	w.fake.SetUser(slackfake.User{ID: "U0ADMIN", Admin: true})
	for user, want := range map[string]string{"U0ADMIN": "scheduled", "U0ALICE": "admins only"} {
		form := slackfake.CommandForm("/digest", "daily 09:00", "C0GEN", user, w.fake.ResponseURL())
		if _, b := w.post(t, "/slack/commands", testSecret, time.Now(), formType, []byte(form.Encode())); !strings.Contains(string(b), want) {
			t.Errorf("%s: %s", user, b)
		}
	}
}
