package slack

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// commandRequest converts a slash command, decoding Slack's escaping of
// its text (see incoming); everything else is the handler's business.
func commandRequest(c slack.SlashCommand) bot.Request {
	return bot.Request{
		ID:      c.TriggerID,
		Channel: briefing.Channel{Platform: Platform, ID: c.ChannelID},
		User:    bot.User{ID: c.UserID, Name: c.UserName},
		Command: strings.ToLower(strings.TrimPrefix(strings.TrimSpace(c.Command), "/")),
		Text:    incoming(c.Text),
	}
}

// handle runs req, first asking Slack whether the user is a workspace
// admin or owner (users.info, cached per user). It asks for every known
// command, not only admin-only ones, because some commands check Admin
// per subcommand (/digest daily … is for admins, /digest now is not).
func (a *Adapter) handle(ctx context.Context, h bot.Handler, req bot.Request) bot.Reply {
	if _, ok := commandSpec(h, req.Command); ok && req.User.ID != "" {
		req.User.Admin = a.admins.isAdmin(ctx, req.User.ID)
	}
	return h.Handle(ctx, req)
}

func commandSpec(h bot.Handler, name string) (bot.CommandSpec, bool) {
	for _, c := range h.Commands() {
		if c.Name == name {
			return c, true
		}
	}
	return bot.CommandSpec{}, false
}

// outgoing is a rendered reply and who may see it.
type outgoing struct {
	msgs         []message
	responseType string // slack.ResponseTypeInChannel or ResponseTypeEphemeral
}

func (a *Adapter) outgoing(h bot.Handler, req bot.Request, r bot.Reply) outgoing {
	rt := slack.ResponseTypeInChannel
	name := r.Command // the router's own name, however the platform calls it
	if name == "" {
		name = req.Command
	}
	if r.Private || r.Error || (name == "brief" && a.cfg.BriefVisibility == Ephemeral) {
		rt = slack.ResponseTypeEphemeral
	}
	var opt renderOptions
	if r.Briefing != nil && len(r.Briefing.Items) > 0 && !r.Error {
		if understandsWatch(h) {
			opt.watchTopic = r.Briefing.Topic
		}
	}
	return outgoing{msgs: render(r, opt), responseType: rt}
}

// answer runs a slash command and returns what to acknowledge it with:
// the reply itself when it is ready within AckWait and fits in one
// message of at most maxAck bytes (0: any), else a "working" note or
// nothing, with the reply following through response_url.
func (a *Adapter) answer(base context.Context, h bot.Handler, cmd slack.SlashCommand, maxAck int) map[string]any {
	ctx, cancel := context.WithTimeout(base, a.cfg.CommandTimeout)
	req := commandRequest(cmd)
	ready := make(chan outgoing, 1)
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		ready <- a.outgoing(h, req, a.handle(ctx, h, req))
	}()
	timer := a.clock.NewTimer(a.cfg.AckWait)
	defer timer.Stop()
	select {
	case out := <-ready:
		if len(out.msgs) == 1 {
			if p := payload(out.msgs[0], out.responseType); fits(p, maxAck) {
				cancel()
				return p
			}
		}
		ready <- out
		a.follow(ctx, cancel, cmd, ready)
		return nil
	case <-timer.Chan():
		a.follow(ctx, cancel, cmd, ready)
		return map[string]any{"response_type": slack.ResponseTypeEphemeral, "text": "Working on " + mrkdwn(truncate(oneLine(cmd.Command+" "+req.Text), 200)) + " …"}
	}
}

// payload is a message as a slash-command response body or ack payload.
func payload(m message, responseType string) map[string]any {
	p := map[string]any{"response_type": responseType, "text": m.text}
	if len(m.blocks) > 0 {
		p["blocks"] = m.blocks
	}
	return p
}

func fits(p map[string]any, maxBytes int) bool {
	if maxBytes <= 0 {
		return true
	}
	b, err := json.Marshal(p)
	return err == nil && len(b) < maxBytes
}

// follow delivers the reply from ready through the command's
// response_url, in the background, then releases ctx.
func (a *Adapter) follow(ctx context.Context, cancel context.CancelFunc, cmd slack.SlashCommand, ready <-chan outgoing) {
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		defer cancel()
		select {
		case out := <-ready:
			a.respond(ctx, cmd, out)
		case <-ctx.Done():
			a.log.Error("slack command gave no reply in time", "command", cmd.Command, "channel", cmd.ChannelID, "err", ctx.Err())
		}
	}()
}

// understandsWatch reports whether the router behind h runs /watch, which
// the Watch button sends: under its own name, a prefixed one
// (BRIEFBOT_COMMANDS=prefix:…) or the single /briefbot entry.
func understandsWatch(h bot.Handler) bool {
	for _, c := range h.Commands() {
		if c.Name == "watch" || c.Name == bot.EntryCommand ||
			(strings.HasSuffix(c.Name, "watch") && !strings.HasSuffix(c.Name, "unwatch")) {
			return true
		}
	}
	return false
}
