// Command briefbot is the news-briefing chat bot: ingest news, answer
// /brief, keep channels' watches, and serve Slack, Discord and an HTTP API.
// Run `briefbot help` for the subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // digests use IANA zones even where the OS has none
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv)
	stop()
	os.Exit(code)
}
