package bot_test

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// Fuzz targets for what users type: command lines, the router's dispatch
// (lengths, admin checks, arguments) and digest schedules.

var lineSeeds = []string{"/brief gsomia", "  /BRIEF   crude oil  ", "/", "", "brief", "/watch \"a b\" OR c -d",
	"/digest weekly mon 09:00 Asia/Seoul", "/purge everything", "/\xff\xfe", "/help me", "/brief\tx\ny",
	"/" + strings.Repeat("x", 1200), "/brief " + strings.Repeat("é", 1001)}

func FuzzParseLine(f *testing.F) {
	for _, s := range lineSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		cmd, text, ok := bot.ParseLine(line)
		if !ok {
			if strings.TrimPrefix(strings.TrimSpace(line), "/") != "" {
				t.Fatalf("%q refused as empty", line)
			}
			return
		}
		if cmd == "" || strings.ContainsFunc(cmd, unicode.IsSpace) || cmd != strings.ToLower(cmd) || text != strings.TrimSpace(text) {
			t.Fatalf("%q: command %q, text %q: want a lower-case word and trimmed text", line, cmd, text)
		}
		if c2, t2, _ := bot.ParseLine("/" + cmd + " " + text); c2 != cmd || t2 != text {
			t.Fatalf("%q: reparse gives %q %q, want %q %q", line, c2, t2, cmd, text)
		}
	})
}

// fuzzRouter is a router with the core commands over a small corpus, an
// admin-only command that counts its runs, and a log to catch panics.
type fuzzRouter struct {
	r        *bot.Router
	adminRan atomic.Int64
	logs     *lockedBuffer
}

// lockedBuffer is briefingtest.LogBuffer: goroutines log to it while the test reads.
type lockedBuffer = briefingtest.LogBuffer

func newFuzzRouter(f *testing.F) *fuzzRouter {
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	day := time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC)
	_, err := eng.Ingest(context.Background(), []briefing.Article{
		{Source: "s", URL: "https://x.example/1", Title: "Seoul ends GSOMIA pact", Published: day,
			Text: "South Korea ended the GSOMIA intelligence pact with Japan. Officials said talks would go on."},
		{Source: "s", URL: "https://x.example/2", Title: "Crude oil @everyone <!channel> rises", Published: day.AddDate(0, 0, 1),
			Text: "Crude oil prices rose on Monday. Brent gained two percent <script>alert(1)</script>."},
	})
	if err != nil {
		f.Fatal(err)
	}
	fr := &fuzzRouter{logs: &lockedBuffer{}}
	fr.r = bot.NewRouter(bot.RouterConfig{Admins: []string{"console:UADMIN"}, Logger: slog.New(slog.NewTextHandler(fr.logs, nil))})
	bot.RegisterCore(fr.r, eng, store, bot.CoreConfig{})
	fr.r.Register(&bot.Command{CommandSpec: bot.CommandSpec{Name: "purge", Description: "admin only", Usage: "/purge",
		Example: "/purge", AdminOnly: true}, Run: func(context.Context, bot.Request) (bot.Reply, error) {
		fr.adminRan.Add(1)
		return bot.Reply{Text: "purged"}, nil
	}})
	return fr
}

func FuzzRouterHandle(f *testing.F) {
	for _, s := range lineSeeds {
		f.Add(s, "U1", false)
	}
	f.Add("/purge", "UADMIN", false)
	f.Add("/purge", "U2", true)
	fr := newFuzzRouter(f)
	f.Fuzz(func(t *testing.T, line, user string, adapterAdmin bool) {
		cmd, text, _ := bot.ParseLine(line)
		req := bot.Request{Channel: briefing.Channel{Platform: "console", ID: "C" + user}, User: bot.User{ID: user, Admin: adapterAdmin},
			Command: cmd, Text: text}
		before := fr.adminRan.Load()
		reply := fr.r.Handle(context.Background(), req)
		if strings.Contains(fr.logs.String(), "panicked") {
			t.Fatalf("%q panicked:\n%s", line, fr.logs.String())
		}
		if reply.Text == "" && len(reply.Sections) == 0 && reply.Briefing == nil {
			t.Fatalf("%q: empty reply", line)
		}
		if utf8.ValidString(line) && utf8.ValidString(user) && !utf8.ValidString(reply.Text) {
			t.Fatalf("%q: reply text is not UTF-8: %q", line, reply.Text)
		}
		isAdmin := adapterAdmin || user == "UADMIN"
		ran := fr.adminRan.Load() != before
		if cmd == "purge" && ran != (isAdmin && utf8.RuneCountInString(text) <= bot.MaxCommandLength) {
			t.Fatalf("%q by %q (admin %v): admin-only command ran=%v, reply %q", line, user, isAdmin, ran, reply.Text)
		}
		if utf8.RuneCountInString(strings.TrimSpace(text)) > bot.MaxCommandLength && !reply.Error {
			t.Fatalf("%d-character command accepted", utf8.RuneCountInString(text))
		}
	})
}
