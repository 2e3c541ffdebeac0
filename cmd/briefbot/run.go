package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
)

// Stdio is the process's standard streams, injected for tests.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// subcommand is one `briefbot NAME`.
type subcommand struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// Env is what every subcommand gets: configuration, streams and logger.
type Env struct {
	Config Config
	Stdio
	Log *slog.Logger
}

// errUsage marks errors whose message is the usage text (exit code 2).
var errUsage = errors.New("usage")

// exitError carries a specific exit code without more output.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

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
		"bench":     {"benchmark ingest, /brief, match and digests against SQLite FTS5", runBench},
		"loadtest":  {"drive a local serve with concurrent API, Slack and Discord requests; report latency and memory", runLoadtest},
		"eval":      {"measure selection and summaries on labelled data", runEval},
	}
}

// Run runs briefbot with args and returns the exit code.
func Run(ctx context.Context, args []string, stdio Stdio, getenv func(string) string) int {
	cmds := subcommands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		printUsage(stdio.Out, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name := args[0]
	sc, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stdio.Err, "briefbot: unknown command %q\n", name)
		printUsage(stdio.Err, cmds)
		return 2
	}
	getenv, err := withDotEnv(getenv, ".env")
	if err != nil {
		fmt.Fprintf(stdio.Err, "briefbot: %v\n", err)
		return 1
	}
	cfg, err := LoadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stdio.Err, "briefbot: configuration: %v\n", err)
		return 1
	}
	env := &Env{Config: cfg, Stdio: stdio, Log: cfg.logger(stdio.Err)}
	env.Config.rawEnv = getenv
	err = sc.run(ctx, env, args[1:])
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &ee):
		return ee.code
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

// newFlags makes a FlagSet that prints usage to the env's stdout on --help
// and to stderr on misuse.
func newFlags(env *Env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(env.Out, "Usage: briefbot %s %s\n\n%s\n", name, args, about)
		fs.SetOutput(env.Out)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags that may come before, between or after positional
// arguments, and returns the positionals.
func parse(env *Env, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
				return nil, err
			}
			fmt.Fprintf(env.Err, "briefbot %s: %v (see --help)\n", fs.Name(), err)
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func usageErr(env *Env, fs *flag.FlagSet, msg string) error {
	fmt.Fprintf(env.Err, "briefbot %s: %s (see --help)\n", fs.Name(), msg)
	return errUsage
}

func quote(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
