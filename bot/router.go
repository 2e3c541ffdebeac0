package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/briefbot/briefbot/briefing"
)

// Arg describes one argument of a command, for usage text and for
// platforms with typed options (Discord).
type Arg struct {
	Name        string
	Description string
	Required    bool
	// Autocomplete: the router can Complete this argument.
	Autocomplete bool
	// MaxLength is the longest value the command accepts, in characters
	// (0: MaxCommandLength); platforms that check lengths use it.
	MaxLength int
}

// CommandSpec is a command's public description.
type CommandSpec struct {
	Name        string
	Description string // one line, under 100 characters
	Usage       string // "/watch <topic>"
	Example     string // "/watch gsomia"
	Args        []Arg
	AdminOnly   bool
}

// Command is a registered command.
type Command struct {
	CommandSpec
	Run      func(ctx context.Context, req Request) (Reply, error)
	Complete func(ctx context.Context, req Request, partial string) ([]string, error)
}

// Router dispatches requests to commands.
type Router struct {
	cmds    map[string]*Command
	order   []string
	isAdmin func(User, briefing.Channel) bool
	log     *slog.Logger
	naming  Naming
}

var _ Handler = (*Router)(nil)

// RouterConfig configures a Router.
type RouterConfig struct {
	// Admins are user ids allowed to run admin-only commands, as
	// "platform:user" or a bare user id (any platform).
	Admins []string
	Logger *slog.Logger
	// Naming is how the commands are named on the platforms (default:
	// their own names).
	Naming Naming
}

// NewRouter returns a router with the help command registered.
func NewRouter(cfg RouterConfig) *Router {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	admins := map[string]bool{}
	for _, a := range cfg.Admins {
		if a = strings.TrimSpace(a); a != "" {
			admins[a] = true
		}
	}
	r := &Router{cmds: map[string]*Command{}, log: cfg.Logger, naming: cfg.Naming}
	r.isAdmin = func(u User, ch briefing.Channel) bool {
		return u.Admin || admins[u.ID] || admins[ch.Platform+":"+u.ID]
	}
	r.Register(&Command{CommandSpec: CommandSpec{Name: "help", Description: "List the commands, with an example of each",
		Usage: "/help", Example: "/help"}, Run: r.help})
	return r
}

// Register adds a command; a later registration of a name replaces it.
func (r *Router) Register(c *Command) {
	if _, ok := r.cmds[c.Name]; !ok {
		r.order = append(r.order, c.Name)
	}
	r.cmds[c.Name] = c
}

// Commands lists the commands as the platforms register them (see
// Naming): in registration order, help last.
func (r *Router) Commands() []CommandSpec {
	return r.naming.platform(r.commands())
}

// commands lists the commands under their own names.
func (r *Router) commands() []CommandSpec {
	out := make([]CommandSpec, 0, len(r.order))
	for _, n := range r.order {
		if n != "help" {
			out = append(out, r.cmds[n].CommandSpec)
		}
	}
	return append(out, r.cmds["help"].CommandSpec)
}

// Handle runs a request. Panics and errors become safe replies.
func (r *Router) Handle(ctx context.Context, req Request) (reply Reply) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("command panicked", "command", req.Command, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			reply = errorReply(errors.New("panic"))
		}
	}()
	req.Command = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(req.Command), "/"))
	req.Command, req.Text = r.naming.resolve(req.Command, strings.TrimSpace(visibleText(req.Text)))
	defer func() {
		reply.Command = req.Command
		reply.Text, reply.Footer = r.naming.commandsIn(reply.Text, r.order), r.naming.commandsIn(reply.Footer, r.order)
	}()
	c, ok := r.cmds[req.Command]
	switch {
	case !ok:
		return r.unknown(req.Command)
	case tooLong(req.Text):
		return errorReply(briefing.Errorf(briefing.EInvalid, "that command is too long (at most %d characters)", MaxCommandLength))
	case c.AdminOnly && !r.isAdmin(req.User, req.Channel):
		return errorReply(briefing.Errorf(briefing.EForbidden, "only briefbot admins can use /%s", c.Name))
	}
	// Commands that are open to all but have admin-only options check
	// req.User.Admin: it says what the router decided, from the adapter's
	// role check and BRIEFBOT_ADMINS alike.
	req.User.Admin = r.isAdmin(req.User, req.Channel)
	for _, a := range c.Args {
		if a.Required && req.Text == "" {
			return errorReply(briefing.Errorf(briefing.EInvalid, "%s is missing. Usage: %s (for example %s)", a.Name, c.Usage, c.Example))
		}
	}
	out, err := c.Run(ctx, req)
	if err != nil {
		if briefing.ErrorCode(err) == briefing.EInternal {
			r.log.Error("command failed", "command", req.Command, "channel", req.Channel.String(), "err", err)
		}
		return errorReply(err)
	}
	return out
}

// Complete offers values for a command's autocompleted argument.
func (r *Router) Complete(ctx context.Context, req Request, partial string) []string {
	name, _ := r.naming.resolve(strings.ToLower(req.Command), "")
	c, ok := r.cmds[name]
	if !ok || c.Complete == nil {
		return nil
	}
	vals, err := c.Complete(ctx, req, partial)
	if err != nil {
		r.log.Warn("autocomplete failed", "command", req.Command, "err", err)
		return nil
	}
	return vals
}

func (r *Router) unknown(name string) Reply {
	names := make([]string, 0, len(r.order))
	for _, n := range r.order {
		names = append(names, r.naming.show("/"+n))
	}
	sort.Strings(names)
	msg := fmt.Sprintf("Unknown command /%s. Commands: %s. Try %s.", name, strings.Join(names, ", "), r.naming.show("/help"))
	if name == "" {
		msg = fmt.Sprintf("Type a command, for example %s. Try %s.", r.naming.show("/brief gsomia"), r.naming.show("/help"))
	}
	return Reply{Text: msg, Error: true, Private: true}
}

func (r *Router) help(context.Context, Request) (Reply, error) {
	var b strings.Builder
	for _, c := range r.commands() {
		fmt.Fprintf(&b, "%s: %s. Example: %s", r.naming.show(c.Usage), c.Description, r.naming.show(c.Example))
		if c.AdminOnly {
			b.WriteString(" (admins)")
		}
		b.WriteByte('\n')
	}
	return Reply{Title: "briefbot commands", Text: strings.TrimRight(b.String(), "\n"), Private: true}, nil
}

// errorReply is the one place errors become user-facing text.
func errorReply(err error) Reply {
	return Reply{Text: briefing.ErrorMessage(err), Error: true, Private: true}
}
