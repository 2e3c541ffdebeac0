package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// ErrRefused marks a refusal retrying cannot mend: the bot token (401)
// or the command list (400). The adapter stops; serve reports it and
// keeps the other platforms running.
var ErrRefused = errors.New("refused by Discord")

// Run checks the bot token (GET /users/@me), registers the commands and
// handles interactions from the gateway until ctx is done, reconnecting
// whenever the connection drops. With a public key, interactions come to
// the HTTP endpoint instead (Discord then sends none over the gateway),
// so no gateway is opened. Without a bot token it opens nothing and only
// waits. Either way it returns nil once ctx is done and the interactions
// in flight are answered; it returns an error wrapping ErrRefused when
// Discord refuses the token or the commands.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	defer a.flight.wait()
	if a.cfg.Token == "" {
		<-ctx.Done()
		return nil
	}
	if err := a.Check(ctx); err != nil {
		return err
	}
	if err := a.register(ctx, h); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	if a.pub != nil {
		<-ctx.Done()
		return nil
	}
	down := make(chan struct{}, 1)
	defer a.s.AddHandler(a.resume.onEvent)()
	defer a.s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		a.onInteraction(ctx, h, ic.Interaction)
	})()
	defer a.s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		select {
		case down <- struct{}{}:
		default:
		}
	})()
	for {
		if a.connect(ctx) != nil {
			return nil // ctx is done
		}
		select {
		case <-ctx.Done():
			_ = a.s.Close() // sends a close frame, then waits 1 s for the server
			return nil
		case <-down:
			a.log.Info("gateway connection closed; resuming")
			a.resume.dropped()
			// discordgo's reader and heartbeat may both close the session
			// for one drop; reopening only after both have would keep the
			// second close from cutting the new connection.
			_ = a.cfg.Sleep(ctx, a.cfg.ReconnectMin)
			select {
			case <-down:
			default:
			}
		}
	}
}

// connect opens the gateway, retrying with a growing wait until it
// succeeds or ctx is done.
func (a *Adapter) connect(ctx context.Context) error {
	wait := a.cfg.ReconnectMin
	for ctx.Err() == nil {
		err := a.s.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			a.log.Info("connected to the gateway")
			return nil
		}
		if errors.Is(err, errRediscover) {
			continue // the next Open dials resume_gateway_url (see resumer)
		}
		a.log.Warn("gateway connection failed; retrying", "err", err, "retry_in", wait.String())
		if err := a.cfg.Sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, a.cfg.ReconnectMax)
	}
	return ctx.Err()
}

// register overwrites the application's commands with the router's, in
// one request, so a start-up leaves exactly the current set (the overwrite
// is idempotent). Failures Discord may recover from are retried.
func (a *Adapter) register(ctx context.Context, h bot.Handler) error {
	cmds, err := applicationCommands(h.Commands())
	if err != nil {
		return err
	}
	wait := a.cfg.ReconnectMin
	for {
		err := a.post.overwriteCommands(ctx, a.cfg.AppID, a.cfg.GuildID, cmds)
		if err == nil {
			a.log.Info("registered commands", "count", len(cmds), "guild", a.cfg.GuildID)
			return nil
		}
		if !transient(err) {
			return fmt.Errorf("discord: registering the commands was %w: %s", ErrRefused, oneLine(err))
		}
		a.log.Warn("registering commands failed; retrying", "err", err, "retry_in", wait.String())
		if err := a.cfg.Sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, a.cfg.ReconnectMax)
	}
}

// transient reports whether a REST failure may pass: a network error, a
// server error or a long rate limit, not a refusal such as a bad token
// (401) or bad commands (400).
func transient(err error) bool {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		return rest.Response.StatusCode >= http.StatusInternalServerError
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// Check asks Discord who the bot token belongs to; a 401 returns a
// one-line error naming DISCORD_BOT_TOKEN. Failures that may pass (an
// unreachable Discord) are logged and not held against the token.
func (a *Adapter) Check(ctx context.Context) error {
	err := a.post.do(ctx, "check the bot token", func(opts ...discordgo.RequestOption) error {
		_, err := a.s.User("@me", opts...)
		return err
	})
	var rest *discordgo.RESTError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &rest) && rest.Response != nil &&
		(rest.Response.StatusCode == http.StatusUnauthorized || rest.Response.StatusCode == http.StatusForbidden):
		return fmt.Errorf("discord: DISCORD_BOT_TOKEN %w (HTTP %d): check the token under Bot in the developer portal", ErrRefused, rest.Response.StatusCode)
	case ctx.Err() != nil:
		return nil
	}
	a.log.Warn("could not check the bot token; going on", "err", oneLine(err))
	return nil
}

// oneLine is an error as one line: discordgo puts Discord's JSON body,
// which may hold newlines, into its messages.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
