// Package console is the terminal adapter: each typed line is a command,
// replies and digests are printed as plain text. It needs no tokens, so
// anyone can try briefbot with it, and the end-to-end tests drive it.
//
// Invariant: article text reaches the terminal only after control
// characters (including ANSI escape sequences) are removed.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Platform is the Channel.Platform of console channels.
const Platform = "console"

// Config sets who and where the console user is.
type Config struct {
	Channel string // default "console"
	User    string // default "console"
	Prompt  string // printed before each line is read; empty for none
	// Admin makes the console user an admin (it is the operator's own
	// terminal).
	Admin bool
}

// Adapter is the console adapter.
type Adapter struct {
	in  io.Reader
	out io.Writer
	cfg Config
	mu  sync.Mutex // one reply printed at a time
	seq atomic.Int64
}

var _ bot.Adapter = (*Adapter)(nil)

// New returns a console adapter reading commands from in.
func New(in io.Reader, out io.Writer, cfg Config) *Adapter {
	if cfg.Channel == "" {
		cfg.Channel = "console"
	}
	if cfg.User == "" {
		cfg.User = "console"
	}
	return &Adapter{in: in, out: out, cfg: cfg}
}

// Name returns the platform key.
func (a *Adapter) Name() string { return Platform }

// Request builds the request a typed line stands for.
func (a *Adapter) Request(line string) (bot.Request, bool) {
	cmd, text, ok := bot.ParseLine(line)
	if !ok {
		return bot.Request{}, false
	}
	return bot.Request{
		ID:      strconv.FormatInt(a.seq.Add(1), 10),
		Channel: briefing.Channel{Platform: Platform, ID: a.cfg.Channel},
		User:    bot.User{ID: a.cfg.User, Name: a.cfg.User, Admin: a.cfg.Admin},
		Command: cmd, Text: text,
	}, true
}

// Run reads lines until EOF, "quit" or ctx is done.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(a.in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
		close(lines)
	}()
	for {
		a.prompt()
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				return <-errc
			}
			if t := strings.TrimSpace(line); t == "quit" || t == "exit" {
				return nil
			}
			req, ok := a.Request(line)
			if !ok || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			a.print(Render(h.Handle(ctx, req)))
		}
	}
}

func (a *Adapter) prompt() {
	if a.cfg.Prompt != "" {
		a.mu.Lock()
		fmt.Fprint(a.out, a.cfg.Prompt)
		a.mu.Unlock()
	}
}

func (a *Adapter) print(s string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fmt.Fprintln(a.out, s)
}

// Send prints an unsolicited reply (a digest) with the channel it is for.
func (a *Adapter) Send(_ context.Context, ch briefing.Channel, r bot.Reply) ([]string, error) {
	a.print(fmt.Sprintf("── to #%s ──\n%s", clean(ch.ID), Render(r)))
	return []string{"console-" + strconv.FormatInt(a.seq.Add(1), 10)}, nil
}
