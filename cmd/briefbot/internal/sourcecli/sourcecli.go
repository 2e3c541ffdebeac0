// Package sourcecli is the operator's side of the /source chat command:
// `briefbot sources pause|resume ID...` run the chat command's own
// subcommands as an admin, so the CLI and chat share one set of rules,
// checks and wording.
//
// Invariants: every ID is tried, in order; one that fails (unknown, not a
// number) is reported on stderr and makes the exit status 1, and changes
// nothing.
package sourcecli

import (
	"context"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// operator is "/source <text>" from the CLI: an admin in the console
// channel.
func operator(text string) bot.Request {
	return bot.Request{Channel: briefing.Channel{Platform: "console", ID: "console"},
		User: bot.User{ID: "operator", Admin: true}, Command: "source", Text: text}
}

// Each runs "/source <verb> <id>" for every id through handle (the
// router's Handle) and prints each reply.
func Each(ctx context.Context, env *cli.Env, verb string, ids []string, handle func(context.Context, bot.Request) bot.Reply) error {
	failed := 0
	for _, id := range ids {
		r := handle(ctx, operator(verb+" "+id))
		text := strings.TrimSpace(strings.TrimSpace(r.Title + "\n" + r.Text))
		if r.Error {
			fmt.Fprintf(env.Err, "briefbot sources %s %s: %s\n", verb, id, text)
			failed++
			continue
		}
		fmt.Fprintln(env.Out, text)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return cli.ExitError{Code: 1}
	}
	return nil
}
