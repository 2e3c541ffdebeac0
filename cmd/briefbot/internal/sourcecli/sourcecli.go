// Package sourcecli is the operator's side of the /source chat command:
// `briefbot sources pause|resume ID...` run the chat command's own
// subcommands as an admin, so the CLI and chat share one set of rules,
// checks and wording.
//
// Invariants: every ID is tried, in order; one that fails (unknown, not a
// number) is reported on stderr and makes the exit status 1, and changes
// nothing. What the CLI prints names the CLI's commands: a reply's
// "/source list" or "/source resume 3" is printed as `briefbot sources
// list` or `briefbot sources resume 3` (Words).
package sourcecli

import (
	"context"
	"fmt"
	"regexp"
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

// chatSource finds a /source subcommand a reply names, with its argument
// (a number or a <placeholder>), where a word starts.
var chatSource = regexp.MustCompile(`(^|[\s(“"])/source (list|add|pause|resume|remove)((?: (?:#?\d+|<[^>\s]+>))?)`)

// Words rewrites the /source commands a chat reply names as the CLI's own
// (`briefbot sources …`), for an operator who is not in a chat.
func Words(s string) string {
	return chatSource.ReplaceAllString(s, "${1}`briefbot sources ${2}${3}`")
}

// Text is a /source reply as the CLI prints it: title and text, in the
// CLI's words.
func Text(r bot.Reply) string {
	return Words(strings.TrimSpace(r.Title + "\n" + r.Text))
}

// Each runs "/source <verb> <id>" for every id through handle (the
// router's Handle) and prints each reply.
func Each(ctx context.Context, env *cli.Env, verb string, ids []string, handle func(context.Context, bot.Request) bot.Reply) error {
	failed := 0
	for _, id := range ids {
		r := handle(ctx, operator(verb+" "+id))
		text := Text(r)
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
