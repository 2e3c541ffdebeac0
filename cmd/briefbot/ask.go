package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/briefbot/briefbot/adapters/console"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

type askOptions struct {
	line     string
	platform string
	channel  string
	user     string
	admin    bool
	json     bool
}

func runAsk(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "ask", `[--channel ID] [--platform NAME] [--user ID] [--admin=false] [--json] "/command args"`,
		"Run one chat command as the console user (or as --user in any adapter's --channel) and print the reply.")
	o := askOptions{}
	fs.StringVar(&o.channel, "channel", "console", "the channel the command runs in")
	fs.StringVar(&o.platform, "platform", console.Platform, "the platform of the channel (console, slack, discord)")
	fs.StringVar(&o.user, "user", "console", "the user id the command runs as")
	fs.BoolVar(&o.admin, "admin", true, "run as an admin (the operator's own terminal is trusted)")
	fs.BoolVar(&o.json, "json", false, "print the structured reply as JSON")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return cli.UsageErr(env, fs, `give the command to run, for example "/brief gsomia"`)
	}
	o.line = strings.Join(pos, " ")
	app, err := openApp(ctx, env, 0)
	if err != nil {
		return err
	}
	defer app.Close()
	return askOnce(ctx, env, app, o)
}

func askOnce(ctx context.Context, env *cli.Env, app *App, o askOptions) error {
	cmd, text, ok := bot.ParseLine(o.line)
	if !ok {
		return fmt.Errorf("empty command")
	}
	if o.platform == "" {
		o.platform, o.channel, o.user, o.admin = console.Platform, "console", "console", true
	}
	req := bot.Request{Channel: briefing.Channel{Platform: o.platform, ID: o.channel},
		User: bot.User{ID: o.user, Name: o.user, Admin: o.admin}, Command: cmd, Text: text}
	reply := app.Router.Handle(ctx, req)
	if o.json {
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		var v any = reply
		if reply.Briefing != nil {
			v = reply.Briefing
		}
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("write reply: %w", err)
		}
	} else {
		fmt.Fprintln(env.Out, console.Render(reply))
	}
	if reply.Error {
		return cli.ExitError{Code: 1}
	}
	return nil
}

func runChat(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "chat", "[--channel ID]", "An interactive console: type /help, /brief TOPIC, /watch TOPIC …; quit to leave.")
	channel := fs.String("channel", "console", "the console channel to talk in")
	app, err := parseAndOpen(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer app.Close()
	prompt := ""
	if f, ok := env.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		prompt = "> "
		fmt.Fprintln(env.Out, "briefbot console. Type /help for commands, quit to leave.")
	}
	ad := console.New(env.In, env.Out, console.Config{Channel: *channel, Prompt: prompt, Admin: true})
	app.Adapters[console.Platform] = ad
	stop, err := startChatScheduler(ctx, env, app, *channel) // digests print here when due
	if err != nil {
		return err
	}
	defer stop()
	return ad.Run(ctx, app.Router)
}
