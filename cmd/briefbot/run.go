package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/bench"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/evalcmd"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/loadtest"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/prune"
)

// subcommand is one `briefbot NAME`.
type subcommand struct {
	summary string
	run     func(ctx context.Context, env *cli.Env, args []string) error
}

func subcommands() map[string]subcommand {
	return map[string]subcommand{
		"demo":      {"ingest the bundled sample news and print /brief gsomia (or --topic)", runDemo},
		"ingest":    {"ingest feeds, pages or text files (paths or URLs)", runIngest},
		"ask":       {"run one chat command and print the reply", runAsk},
		"chat":      {"an interactive console: type commands, read replies", runChat},
		"serve":     {"run the bot: HTTP API, chat adapters and schedules", runServe},
		"match":     {"list the stored articles a topic selects, ranked", runMatch},
		"summarize": {"summarise one article's text", runSummarize},
		"sources":   {"list the polled feeds, import or export OPML, add feeds as the operator", runSources},
		"bench":     {"benchmark ingest, /brief, match and digests against SQLite FTS5", bench.Run},
		"loadtest":  {"drive a local serve with concurrent API, Slack and Discord requests; report latency and memory", loadtest.Run},
		"eval":      {"measure selection and summaries on labelled data", evalcmd.Run},
		"prune":     {"delete articles older than an age (--older-than 180d) from the database and the index", prune.Command(openPruneTarget)},
		"version":   {"print the module version and the VCS revision of this binary", runVersion},
		"manifest":  {"print the Slack app manifest for the configured command names", runManifest},
	}
}

// Run runs briefbot with args and returns the exit code.
func Run(ctx context.Context, args []string, stdio cli.Stdio, getenv func(string) string) int {
	cmds := subcommands()
	if len(args) == 0 { // a mistake, like an unknown command: usage on stderr
		printUsage(stdio.Err, cmds)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		printUsage(stdio.Out, cmds)
		return 0
	}
	name := args[0]
	sc, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stdio.Err, "briefbot: unknown command %q\n", name)
		printUsage(stdio.Err, cmds)
		return 2
	}
	getenv, err := config.WithDotEnv(getenv, ".env")
	if err != nil {
		fmt.Fprintf(stdio.Err, "briefbot: %v\n", err)
		return 1
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stdio.Err, "briefbot: configuration: %v\n", err)
		return 1
	}
	env := &cli.Env{Config: cfg, Stdio: stdio, Log: cfg.Logger(stdio.Err)}
	env.Config.Getenv = getenv
	err = sc.run(ctx, env, args[1:])
	var ee cli.ExitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, cli.ErrUsage):
		return 2
	case errors.As(err, &ee):
		return ee.Code
	}
	fmt.Fprintf(stdio.Err, "briefbot %s: %v\n", name, err)
	return 1
}

func printUsage(w io.Writer, cmds map[string]subcommand) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "Usage: briefbot <command> [flags] [args]\n\nCommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun `briefbot <command> --help` for a command's flags. Settings come from the environment\nor a .env file; see .env.example.")
}
