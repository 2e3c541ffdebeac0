package sources

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

const sourceUsage = "/source [list | add <feed-or-page-url> [every 30m] [for this channel] | pause <id> | resume <id> | remove <id>]"

// Manager is what /source needs: the source poller (wired in cmd).
type Manager interface {
	// AddSource checks, fetches and stores a source added from chat. A
	// refusal is a *briefing.Error the user can read: EInvalid (bad URL,
	// does not fetch or parse), EForbidden (a non-public address),
	// EConflict (already a source).
	AddSource(ctx context.Context, s Source) (Added, error)
	// Sources lists every source.
	Sources(ctx context.Context) ([]Source, error)
	// RemoveSource deletes a source and returns it; ENotFound if absent.
	RemoveSource(ctx context.Context, id int64) (Source, error)
	// HoldSource pauses (held) or resumes a source and returns it;
	// ENotFound if absent.
	HoldSource(ctx context.Context, id int64, held bool) (Source, error)
	// RestrictedWatches lists the watches restricted to named sources.
	RestrictedWatches(ctx context.Context) ([]briefing.Watch, error)
}

// CommandConfig tunes /source.
type CommandConfig struct {
	Now func() time.Time // default time.Now
	// Interval is the default check interval, for display. 0 means this
	// process does not poll (the CLI): the default is then whatever
	// `briefbot serve` runs with, and replies say so instead of showing
	// this process's setting.
	Interval time.Duration
}

// Register registers /source. Anyone may list the sources and
// their health; adding, pausing, resuming and removing them is for
// admins (checked per subcommand, as /digest does).
func Register(r *bot.Router, m Manager, cfg CommandConfig) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &sourceCmd{m: m, cfg: cfg}
	r.Register(&bot.Command{CommandSpec: bot.CommandSpec{Name: "source",
		Description: "The feeds and pages briefbot checks for news, with their health",
		Usage:       sourceUsage, Example: "/source add https://example.com/feed.xml",
		Args: []bot.Arg{{Name: "action", Description: "list, add <feed-or-page-url> [every 30m] [for this channel], pause <id>, resume <id> or remove <id>"}}},
		Run: c.run})
}

type sourceCmd struct {
	m   Manager
	cfg CommandConfig
}

func (c *sourceCmd) run(ctx context.Context, req bot.Request) (bot.Reply, error) {
	fields := strings.Fields(req.Text)
	sub := "list"
	if len(fields) > 0 {
		sub = strings.ToLower(fields[0])
	}
	switch sub {
	case "list":
		return c.list(ctx, req)
	case "add", "remove", "rm", "pause", "resume":
	default:
		return bot.Reply{}, briefing.Errorf(briefing.EInvalid, "unknown /source option “%s”. Usage: %s", clip(fields[0], 40), sourceUsage)
	}
	if !req.User.Admin {
		return bot.Reply{}, briefing.Errorf(briefing.EForbidden, "only briefbot admins can add, pause, resume or remove sources; "+
			"anyone can see them with /source list")
	}
	switch sub {
	case "add":
		return c.add(ctx, req, fields[1:])
	case "pause", "resume":
		return c.hold(ctx, sub, fields[1:])
	}
	return c.remove(ctx, fields[1:])
}

func (c *sourceCmd) add(ctx context.Context, req bot.Request, args []string) (bot.Reply, error) {
	src, err := parseSourceAdd(args)
	if err != nil {
		return bot.Reply{}, err
	}
	src.Channel, src.AddedBy = req.Channel, req.User.ID
	res, err := c.m.AddSource(ctx, src)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Title: "Source added", Text: c.addedText(res)}, nil
}

// parseSourceAdd reads "<url> [every 30m] [for this channel]" (the
// options in either order, "every" optional). An interval out of bounds
// is refused here, before anything is fetched.
func parseSourceAdd(args []string) (Source, error) {
	if len(args) == 0 {
		return Source{}, briefing.Errorf(briefing.EInvalid, "give the feed or page URL. Usage: %s", sourceUsage)
	}
	s := Source{URL: args[0]}
	for rest := args[1:]; len(rest) > 0; {
		switch {
		case !s.Private && len(rest) >= 3 && strings.EqualFold(strings.Join(rest[:3], " "), "for this channel"):
			s.Private, rest = true, rest[3:]
		case s.Interval == 0 && len(rest) >= 2 && strings.EqualFold(rest[0], "every"):
			rest = rest[1:]
		case s.Interval == 0:
			d, err := time.ParseDuration(strings.ToLower(rest[0]))
			if err != nil || d <= 0 {
				return Source{}, sourceAddError(rest[0])
			}
			if d < MinInterval || d > MaxInterval {
				return Source{}, intervalError(d)
			}
			s.Interval, rest = d, rest[1:]
		default:
			return Source{}, sourceAddError(rest[0])
		}
	}
	return s, nil
}

func sourceAddError(word string) error {
	return briefing.Errorf(briefing.EInvalid, "“%s” is not an option of /source add: after the URL, give how often "+
		"to check it, such as “every 30m” or “every 2h”, and “for this channel” to keep its stories to this channel. "+
		"Usage: %s", clip(word, 40), sourceUsage)
}

func (c *sourceCmd) addedText(res Added) string {
	s := res.Source
	if res.Resumed {
		return fmt.Sprintf("Source #%d %s was paused after failed checks; checks resume now.", s.ID, sourceName(s))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Added source #%d %s", s.ID, sourceName(s))
	if res.Discovered {
		b.WriteString(", the feed the page you gave links to")
	}
	fmt.Fprintf(&b, ". Checked %s.", c.every(s))
	if s.Private {
		b.WriteString(" Its stories are for this channel only: other channels' briefings and digests leave them out.")
	}
	switch {
	case res.Items == 0:
		b.WriteString(" It lists no items yet.")
	case res.New == 0:
		fmt.Fprintf(&b, " Its %s stored as already seen: digests bring only what it publishes from now on.",
			bot.Plural(res.Items, "current item is", "current items are"))
	default:
		fmt.Fprintf(&b, " Of its %s, the newest %d count as new; the rest are stored as already seen.",
			bot.Plural(res.Items, "current item", "current items"), res.New)
	}
	return b.String()
}

// sourceID reads the one argument of remove, pause and resume.
func sourceID(verb string, args []string) (int64, error) {
	if len(args) != 1 {
		return 0, briefing.Errorf(briefing.EInvalid, "give the number of the source to %s, as /source list shows it: /source %s 3", verb, verb)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, briefing.Errorf(briefing.EInvalid, "“%s” is not a source number; /source list shows them", clip(args[0], 40))
	}
	return id, nil
}

// hold pauses or resumes a source.
func (c *sourceCmd) hold(ctx context.Context, verb string, args []string) (bot.Reply, error) {
	id, err := sourceID(verb, args)
	if err != nil {
		return bot.Reply{}, err
	}
	s, err := c.m.HoldSource(ctx, id, verb == "pause")
	if err != nil {
		return bot.Reply{}, err
	}
	if verb == "pause" {
		return bot.Reply{Text: fmt.Sprintf("Paused source #%d %s: it is not checked until /source resume %d. "+
			"Its stored stories stay.", s.ID, sourceName(s), s.ID)}, nil
	}
	return bot.Reply{Text: fmt.Sprintf("Resumed source #%d %s: checked now, then %s.", s.ID, sourceName(s), c.every(s))}, nil
}

func (c *sourceCmd) remove(ctx context.Context, args []string) (bot.Reply, error) {
	id, err := sourceID("remove", args)
	if err != nil {
		return bot.Reply{}, err
	}
	s, err := c.m.RemoveSource(ctx, id)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Text: fmt.Sprintf("Removed source #%d %s. The articles already stored from it stay searchable.", s.ID, sourceName(s))}, nil
}

func sourceName(s Source) string {
	title := briefing.SourceName(s.Title) // also one stored before titles were bounded
	if title == "" {
		return briefing.RedactURL(s.URL)
	}
	return fmt.Sprintf("“%s” (%s)", title, briefing.RedactURL(s.URL))
}

// every says how often s is checked: its own interval, the poller's
// default, or, where that is not known here, serve's default.
func (c *sourceCmd) every(s Source) string {
	switch {
	case s.Interval > 0:
		return "every " + spokenDuration(s.Interval)
	case c.cfg.Interval > 0:
		return "every " + spokenDuration(c.cfg.Interval)
	}
	return "at serve's default interval (BRIEFBOT_POLL_INTERVAL)"
}

// clip shortens what a user typed before it is quoted back, so a long
// paste cannot blow up a reply.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
