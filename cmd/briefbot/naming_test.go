package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// `briefbot manifest slack` lists exactly the commands the app's router
// registers, for each BRIEFBOT_COMMANDS setting.
func TestManifestFollowsTheCommandNaming(t *testing.T) {
	dir := t.TempDir()
	for setting, want := range map[string][]string{
		"":             {"brief", "watch", "unwatch", "watching", "rate", "digest", "source", "help"},
		"single":       {"briefbot"},
		"prefix:news-": {"news-brief", "news-watch", "news-unwatch", "news-watching", "news-rate", "news-digest", "news-source", "news-help"},
	} {
		cmd := exec.Command(binary, "manifest", "slack")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "BRIEFBOT_COMMANDS="+setting, "BRIEFBOT_DATABASE_URL="+filepath.Join(dir, "m.db"))
		r := run(t, cmd)
		var got []string
		for _, m := range manifestCommand.FindAllStringSubmatch(r.stdout, -1) {
			got = append(got, m[1])
		}
		cfg := mustConfig(t, filepath.Join(dir, "m.db"))
		cfg.Getenv = func(k string) string {
			if k == "BRIEFBOT_COMMANDS" {
				return setting
			}
			return ""
		}
		app, err := openApp(t.Context(), &cli.Env{Config: cfg, Stdio: cli.Stdio{Out: os.Stdout, Err: os.Stderr}, Log: cfg.Logger(os.Stderr)}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var routed []string
		for _, c := range app.Router.Commands() {
			routed = append(routed, c.Name)
		}
		app.Close()
		slices.Sort(got)
		slices.Sort(routed)
		slices.Sort(want)
		if r.code != 0 || !slices.Equal(got, want) || !slices.Equal(routed, want) {
			t.Errorf("BRIEFBOT_COMMANDS=%q: manifest %v, router %v, want %v (%s)", setting, got, routed, want, r.stderr)
		}
	}
}

// With BRIEFBOT_COMMANDS=single, serve registers one Discord command,
// /briefbot, and a Slack /briefbot brief gsomia is a briefing.
func TestServeWithTheSingleEntryCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "single.db")
	ingestSampleInto(t, dir, db)
	sf := slackfake.New(t)
	df := discordfake.New(t)
	signer := discordfake.NewSigner()
	srv := startSlackServe(t, dir, db, "BRIEFBOT_COMMANDS=single",
		"SLACK_BOT_TOKEN="+slackfake.BotToken, "SLACK_SIGNING_SECRET="+slackSecret, "SLACK_API_URL="+sf.APIURL(),
		"DISCORD_BOT_TOKEN=e2e-token", "DISCORD_APP_ID=200", "DISCORD_PUBLIC_KEY="+signer.PublicKey(), "DISCORD_API_URL="+df.URL)
	df.Wait(t, 20*time.Second, "the registration", func() bool {
		return len(df.CallsTo("PUT", "/api/v9/applications/200/commands")) == 1
	})
	var cmds []struct {
		Name    string `json:"name"`
		Options []struct {
			Name string `json:"name"`
		} `json:"options"`
	}
	if err := json.Unmarshal(df.CallsTo("PUT", "/api/v9/applications/200/commands")[0].Body, &cmds); err != nil {
		t.Fatal(err)
	}
	if len(cmds) != 1 || cmds[0].Name != "briefbot" || len(cmds[0].Options) != 1 || cmds[0].Options[0].Name != "command" {
		t.Fatalf("Discord registration with BRIEFBOT_COMMANDS=single: %+v", cmds)
	}
	checkSlackGSOMIA(t, srv.ask(t, sf, "/briefbot", "brief gsomia"))
	if help := srv.ask(t, sf, "/briefbot", ""); !strings.Contains(help, "/briefbot brief") {
		t.Errorf("/briefbot alone: %s", help)
	}
}
