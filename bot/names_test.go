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

func namedRouter(t *testing.T, n bot.Naming) *bot.Router {
	t.Helper()
	r := bot.NewRouter(bot.RouterConfig{Naming: n})
	r.Register(&bot.Command{CommandSpec: bot.CommandSpec{Name: "echo", Description: "Say it back", Usage: "/echo <words>",
		Example: "/echo hi", Args: []bot.Arg{{Name: "words", Required: true}}},
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			return bot.Reply{Text: "echo:" + req.Text}, nil
		}})
	return r
}

func names(specs []bot.CommandSpec) string {
	var out []string
	for _, s := range specs {
		out = append(out, s.Name)
	}
	return strings.Join(out, " ")
}

// The platforms register what the naming says; the router runs the
// platform names, the plain names and /briefbot <command> alike.
func TestNamingRegistrationAndRouting(t *testing.T) {
	ch := briefing.Channel{Platform: "slack", ID: "C1"}
	for _, c := range []struct {
		naming     bot.Naming
		registered string
		platform   string // how a user types /echo on the platform
		help       string // how help shows it
	}{
		{bot.Naming{}, "echo help", "echo", "/echo <words>"},
		{bot.Naming{Prefix: "news-"}, "news-echo news-help", "news-echo", "/news-echo <words>"},
		{bot.Naming{Single: true}, "briefbot", "", "/briefbot echo <words>"},
	} {
		r := namedRouter(t, c.naming)
		if got := names(r.Commands()); got != c.registered {
			t.Errorf("%+v: registers %q, want %q", c.naming, got, c.registered)
		}
		run := func(cmd, text string) string {
			return r.Handle(context.Background(), bot.Request{Channel: ch, Command: cmd, Text: text}).Text
		}
		if c.platform != "" {
			if got := run(c.platform, "hi"); got != "echo:hi" {
				t.Errorf("%+v: /%s hi = %q", c.naming, c.platform, got)
			}
		}
		if got := run("echo", "hi"); got != "echo:hi" {
			t.Errorf("%+v: /echo hi = %q", c.naming, got)
		}
		if got := run("briefbot", "echo hi there"); got != "echo:hi there" {
			t.Errorf("%+v: /briefbot echo hi there = %q", c.naming, got)
		}
		if got := run("briefbot", ""); !strings.Contains(got, c.help) {
			t.Errorf("%+v: /briefbot alone shows help %q, want it to show %q", c.naming, got, c.help)
		}
	}
}

func TestParseNaming(t *testing.T) {
	for in, want := range map[string]bot.Naming{"": {}, "each": {}, "single": {Single: true}, "prefix:news-": {Prefix: "news-"}} {
		if got, err := bot.ParseNaming(in); err != nil || got != want {
			t.Errorf("ParseNaming(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"prefix:", "prefix:Bad Name", "all"} {
		if _, err := bot.ParseNaming(bad); err == nil {
			t.Errorf("ParseNaming(%q) accepted", bad)
		}
	}
}

// With /briefbot <command> or prefixed names, the commands a reply names
// are the ones users can type there: "Next page: /brief …" sent Slack
// users to a command the workspace does not have (or another app's).
// The "Show more" value stays the router's own, and links keep their
// paths.
func TestRepliesNameCommandsAsThePlatformHasThem(t *testing.T) {
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{Now: func() time.Time { return briefNow }})
	if _, err := eng.Ingest(context.Background(), pagingStories()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		naming          bot.Naming
		brief, watching string // how /brief and /watching are typed there
	}{{bot.Naming{Single: true}, "/briefbot brief", "/briefbot watching"}, {bot.Naming{Prefix: "news-"}, "/news-brief", "/news-watching"},
		{bot.Naming{}, "/brief", "/watching"}} {
		r := namedRouter(t, c.naming)
		bot.RegisterCore(r, eng, briefingtest.NewMemStore(), bot.CoreConfig{Now: func() time.Time { return briefNow }})
		page := ask(r, "/brief tariffs limit 2")
		if want := "Next page: " + c.brief + " tariffs limit 2 page 2"; !strings.Contains(page.Footer, want) ||
			page.More != "brief tariffs limit 2 page 2" {
			t.Errorf("%+v: footer %q, more %q; want %q", c.naming, page.Footer, page.More, want)
		}
		if usage := ask(r, "/brief"); !strings.Contains(usage.Text, "Usage: "+c.brief+" <topic>") ||
			!strings.Contains(usage.Text, "for example "+c.brief+" tariffs") {
			t.Errorf("%+v: usage %q", c.naming, usage.Text)
		}
		if got := ask(r, "/echo see https://h.example/brief/x and (/watching)").Text; got !=
			"echo:see https://h.example/brief/x and ("+c.watching+")" {
			t.Errorf("%+v: echo %q", c.naming, got)
		}
	}
}
