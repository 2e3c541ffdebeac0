// Package cli is the plumbing every briefbot subcommand shares: the
// process's streams, the Env a subcommand runs with, flag parsing that
// allows flags between positional arguments, and the errors that choose
// the exit code (ErrUsage: 2, ExitError: its code, others: 1).
//
// Invariants: a subcommand writes results to Env.Out and diagnostics to
// Env.Err or Env.Log, never to the process's own streams, so tests drive
// every subcommand in-process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
)

// Stdio is the process's standard streams, injected for tests.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Env is what every subcommand gets: configuration, streams and logger.
type Env struct {
	Config config.Config
	Stdio
	Log *slog.Logger
	// Serving is true in `briefbot serve`, the process that polls
	// sources: only it knows the poll interval in force.
	Serving bool
}

// ErrUsage marks errors whose message is the usage text (exit code 2).
var ErrUsage = errors.New("usage")

// ExitError carries a specific exit code without more output.
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

// NewFlags makes a FlagSet that prints usage to the env's stdout on --help
// and to stderr on misuse.
func NewFlags(env *Env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(env.Out, "Usage: %s\n\n%s\n", strings.TrimSpace("briefbot "+name+" "+args), about)
		fs.SetOutput(env.Out)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// Parse parses flags that may come before, between or after positional
// arguments, and returns the positionals.
func Parse(env *Env, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) { // the flag package has printed the usage
				return nil, err
			}
			fmt.Fprintf(env.Err, "briefbot %s: %v (see --help)\n", fs.Name(), err)
			return nil, ErrUsage
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

// UsageErr prints msg as a misuse of fs and returns ErrUsage.
func UsageErr(env *Env, fs *flag.FlagSet, msg string) error {
	fmt.Fprintf(env.Err, "briefbot %s: %s (see --help)\n", fs.Name(), msg)
	return ErrUsage
}

// Quote lists ss as Go-quoted strings: "a", "b".
func Quote(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
