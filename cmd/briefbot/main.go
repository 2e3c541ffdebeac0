// Command briefbot is the news-briefing chat bot: ingest news, answer
// /brief, keep channels' watches, and serve Slack, Discord and an HTTP API.
// Run `briefbot help` for the subcommands.
//
// This package only wires and dispatches: openApp builds the store, the
// engine, the router and the features (bot/digest, bot/sources); run.go
// maps subcommands to their code; serve.go starts the adapters and
// services. The tools have their own packages under internal/ (config,
// cli, metrics, memlimit, indexfile, sharedindex, bench, loadtest,
// evalcmd, prune, sourcecli), which nothing outside cmd/briefbot imports.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	_ "time/tzdata" // digests use IANA zones even where the OS has none

	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv)
	stop()
	os.Exit(code)
}

// gcPercent is the collector's headroom unless GOGC says otherwise. Most
// of the heap is the search index: long-lived and mostly pointer-free
// arrays that a collection barely scans. Go's default (100) lets the heap
// reach twice its live size between collections, which nearly doubles
// resident memory for the index's sake; half that headroom keeps 100k
// articles under 500 MB for a few percent more CPU (BENCHMARKS.md).
const gcPercent = 50

func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
