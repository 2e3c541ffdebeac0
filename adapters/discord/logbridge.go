package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"
)

// discordgo logs through one package variable, discordgo.Logger, and
// otherwise prints plain text to stderr, which breaks JSON logs. The
// bridge below is installed once and sends every discordgo line to the
// slog logger of the adapter made last (a process has one Discord
// adapter; tests that make several only change where lines go). This is
// the one piece of package state here, forced by discordgo's.
var (
	bridgeOnce sync.Once
	bridgeLog  atomic.Pointer[slog.Logger]
)

// routeLibraryLogs sends discordgo's log lines to log.
func routeLibraryLogs(log *slog.Logger) {
	bridgeLog.Store(log)
	bridgeOnce.Do(func() { discordgo.Logger = bridge })
}

// bridge is discordgo.Logger. Its informational lines (every heartbeat,
// every handshake step) become debug; the dial failed on purpose to
// reach the resume gateway (errRediscover) is not an error either.
func bridge(level, _ int, format string, args ...any) {
	log := bridgeLog.Load()
	if log == nil {
		return
	}
	l := slog.LevelDebug
	switch level {
	case discordgo.LogError:
		l = slog.LevelError
	case discordgo.LogWarning:
		l = slog.LevelWarn
	}
	for _, a := range args {
		if err, ok := a.(error); ok && errors.Is(err, errRediscover) {
			l = slog.LevelDebug
		}
	}
	if !log.Enabled(context.Background(), l) {
		return
	}
	log.Log(context.Background(), l, fmt.Sprintf(format, args...), "source", "discordgo")
}
