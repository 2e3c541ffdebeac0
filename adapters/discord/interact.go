package discord

import (
	"context"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// answer works out an interaction's first response, within ReplyWithin,
// and returns what must be posted after it (nil when nothing is). The
// same answer serves the gateway (posted to the callback endpoint) and
// HTTP interactions (written as the response body).
func (a *Adapter) answer(ctx context.Context, h bot.Handler, i *discordgo.Interaction) (*discordgo.InteractionResponse, func(context.Context)) {
	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		return a.autocomplete(ctx, h, i), nil
	case discordgo.InteractionApplicationCommand:
		return a.command(ctx, h, i)
	case discordgo.InteractionMessageComponent:
		if resp, rest, ok := a.showMore(ctx, h, i); ok {
			return resp, rest
		}
		if resp, ok := a.vote(ctx, h, i); ok {
			return resp, nil
		}
	}
	m := message{Content: "briefbot does not handle this kind of interaction.", Ephemeral: true}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: responseData(m)}, nil
}

// command runs a command. A reply ready within ReplyWithin is the
// response; otherwise the response is a deferral ("briefbot is
// thinking…") and the reply replaces it when it comes.
//
// Discord fixes a deferred message's visibility when it is deferred, so a
// late reply only the caller should see (an error, help) must never
// become an edit of a public deferral: the deferral is ephemeral when the
// reply is bound to be private (help, or a command the router does not
// know), and otherwise, should the late reply turn out private, the
// public "thinking…" is deleted and the reply follows ephemerally.
func (a *Adapter) command(ctx context.Context, h bot.Handler, i *discordgo.Interaction) (*discordgo.InteractionResponse, func(context.Context)) {
	req, _ := toRequest(i, h.Commands())
	done := make(chan bot.Reply, 1) // buffered: the handler never blocks on a dropped wait
	go func() { done <- h.Handle(ctx, req) }()
	timer := time.NewTimer(a.cfg.ReplyWithin)
	defer timer.Stop()
	select {
	case r := <-done:
		msgs := a.render(r)
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: responseData(msgs[0])}, a.followups(i, msgs[1:])
	case <-timer.C:
		private := privateReply(h, req.Command)
		a.log.Debug("deferring interaction", "command", req.Command, "interaction", i.ID, "ephemeral", private)
		resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
		if private {
			resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
		}
		return resp, func(ctx context.Context) { a.finishDeferred(ctx, i, private, <-done) }
	}
}

// privateReply reports whether a command's reply is only ever for its
// caller: help, and names the router does not know (an error).
func privateReply(h bot.Handler, name string) bool {
	if name == "help" {
		return true
	}
	for _, c := range h.Commands() {
		if c.Name == name {
			return false
		}
	}
	return true
}

// finishDeferred puts a late reply in place of the deferred message and
// posts any further messages as follow-ups. A private reply (an error)
// after a public deferral deletes the deferred message and follows up
// ephemerally instead, so only the caller sees it.
func (a *Adapter) finishDeferred(ctx context.Context, i *discordgo.Interaction, deferredPrivate bool, r bot.Reply) {
	msgs := a.render(r)
	if msgs[0].Ephemeral && !deferredPrivate {
		if err := a.post.deleteOriginal(ctx, i); err != nil {
			// Never fall back to editing the public message with an error.
			a.log.Error("could not remove a public deferral before a private reply", "interaction", i.ID, "err", err)
		}
		a.followups(i, msgs)(ctx)
		return
	}
	if err := a.post.editOriginal(ctx, i, msgs[0]); err != nil {
		a.log.Error("reply to a deferred interaction failed", "interaction", i.ID, "err", err)
		return
	}
	if rest := a.followups(i, msgs[1:]); rest != nil {
		rest(ctx)
	}
}

// followups returns the posting of msgs as follow-up messages, in order;
// nil when there are none. It stops at the first failure, so a later part
// never arrives without an earlier one.
func (a *Adapter) followups(i *discordgo.Interaction, msgs []message) func(context.Context) {
	if len(msgs) == 0 {
		return nil
	}
	return func(ctx context.Context) {
		for n, m := range msgs {
			if _, err := a.post.followup(ctx, i, m); err != nil {
				a.log.Error("follow-up failed", "interaction", i.ID, "part", n+2, "of", len(msgs)+1, "err", err)
				return
			}
		}
	}
}

// autocomplete offers the router's completions for the option being
// typed (the channel's watched topics, for /unwatch).
func (a *Adapter) autocomplete(ctx context.Context, h bot.Handler, i *discordgo.Interaction) *discordgo.InteractionResponse {
	ctx, cancel := context.WithTimeout(ctx, a.cfg.ReplyWithin)
	defer cancel()
	req, partial := toRequest(i, h.Commands())
	return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices(h.Complete(ctx, req, partial))}}
}

// render renders a reply for an interaction; a reply that cannot be
// rendered within the limits is logged and answered with a short error.
func (a *Adapter) render(r bot.Reply) []message {
	msgs, err := render(r)
	if err != nil {
		a.log.Error("reply not sent", "err", err)
		return failed
	}
	return msgs
}

func responseData(m message) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{Content: m.Content, Embeds: m.Embeds, AllowedMentions: noMentions(),
		Components: m.Components}
	if d.Embeds == nil {
		d.Embeds = []*discordgo.MessageEmbed{}
	}
	if m.Ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

// onInteraction handles one interaction from the gateway: the response
// goes to the callback endpoint, then whatever follows it.
func (a *Adapter) onInteraction(ctx context.Context, h bot.Handler, i *discordgo.Interaction) {
	a.flight.add()
	defer a.flight.done()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.HandleTimeout)
	defer cancel()
	resp, rest := a.answer(ctx, h, i)
	if err := a.post.respond(ctx, i, resp); err != nil {
		a.log.Error("interaction response failed", "interaction", i.ID, "err", err)
		return
	}
	if rest != nil {
		rest(ctx)
	}
}

// inflight counts interactions still being answered, so shutting down
// can wait for them. (A sync.WaitGroup may not be added to while it is
// waited on, which HTTP interactions arriving during shutdown would do.)
type inflight struct {
	mu   sync.Mutex
	n    int
	idle *sync.Cond
}

func (f *inflight) add() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
}

func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n--; f.n == 0 && f.idle != nil {
		f.idle.Broadcast()
	}
}

func (f *inflight) wait() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.idle == nil {
		f.idle = sync.NewCond(&f.mu)
	}
	for f.n > 0 {
		f.idle.Wait()
	}
}
