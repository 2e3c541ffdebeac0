package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"
)

// sender is the one way out to Discord's REST API. discordgo's rate-limit
// buckets pace the requests; a 429 that still happens is waited out
// (retry_after) and the request tried again, at most attempts times.
// A 429 means Discord did not act on the request, so repeating it cannot
// post twice; nothing else is retried.
type sender struct {
	s        *discordgo.Session
	attempts int
	maxWait  time.Duration
	sleep    func(ctx context.Context, d time.Duration) error
	log      *slog.Logger
}

// ErrRateLimited is returned (wrapped) when Discord kept answering 429.
var ErrRateLimited = errors.New("rate limited by Discord")

// do runs call until it succeeds, fails with something other than a 429,
// or the attempts run out.
func (p *sender) do(ctx context.Context, what string, call func(opts ...discordgo.RequestOption) error) error {
	for attempt := 1; ; attempt++ {
		err := call(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			return err
		}
		wait := rl.RetryAfter
		switch {
		case attempt >= p.attempts:
			return fmt.Errorf("%s: %w (%d attempts)", what, ErrRateLimited, attempt)
		case wait > p.maxWait:
			return fmt.Errorf("%s: %w (retry after %v, longer than %v)", what, ErrRateLimited, wait, p.maxWait)
		}
		p.log.Warn("rate limited; waiting", "request", what, "retry_after", wait.String(), "attempt", attempt)
		if err := p.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s: waiting out a rate limit: %w", what, err)
		}
	}
}

// noMentions lets no mention in a message notify anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// channelMessage posts m to the channel, as a reply to the message
// replyTo when that is set. The reply does not fail when that message was
// deleted meanwhile (fail_if_not_exists false): the news still goes out.
func (p *sender) channelMessage(ctx context.Context, channelID string, m message, replyTo string) (string, error) {
	send := &discordgo.MessageSend{Content: m.Content, Embeds: m.Embeds, AllowedMentions: noMentions()}
	if replyTo != "" {
		no := false
		send.Reference = &discordgo.MessageReference{MessageID: replyTo, ChannelID: channelID, FailIfNotExists: &no}
	}
	var msg *discordgo.Message
	err := p.do(ctx, "post to channel "+channelID, func(opts ...discordgo.RequestOption) (err error) {
		msg, err = p.s.ChannelMessageSendComplex(channelID, send, opts...)
		return err
	})
	if err != nil {
		return "", err
	}
	return msg.ID, nil
}

// respond posts the first answer to an interaction (gateway mode; over
// HTTP the answer is the response body).
func (p *sender) respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	return p.do(ctx, "interaction response", func(opts ...discordgo.RequestOption) error {
		return p.s.InteractionRespond(i, r, opts...)
	})
}

func (p *sender) followup(ctx context.Context, i *discordgo.Interaction, m message) (string, error) {
	params := &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, AllowedMentions: noMentions(),
		Components: m.Components}
	if m.Ephemeral {
		params.Flags = discordgo.MessageFlagsEphemeral
	}
	var msg *discordgo.Message
	err := p.do(ctx, "interaction follow-up", func(opts ...discordgo.RequestOption) (err error) {
		msg, err = p.s.FollowupMessageCreate(i, true, params, opts...)
		return err
	})
	if err != nil {
		return "", err
	}
	return msg.ID, nil
}

// editOriginal replaces a deferred response's "thinking…" with m.
func (p *sender) editOriginal(ctx context.Context, i *discordgo.Interaction, m message) error {
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	edit := &discordgo.WebhookEdit{Content: &m.Content, Embeds: &embeds, AllowedMentions: noMentions()}
	if len(m.Components) > 0 {
		edit.Components = &m.Components
	}
	return p.do(ctx, "edit interaction response", func(opts ...discordgo.RequestOption) error {
		_, err := p.s.InteractionResponseEdit(i, edit, opts...)
		return err
	})
}

func (p *sender) deleteOriginal(ctx context.Context, i *discordgo.Interaction) error {
	return p.do(ctx, "delete interaction response", func(opts ...discordgo.RequestOption) error {
		return p.s.InteractionResponseDelete(i, opts...)
	})
}

func (p *sender) overwriteCommands(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) error {
	return p.do(ctx, "register commands", func(opts ...discordgo.RequestOption) error {
		_, err := p.s.ApplicationCommandBulkOverwrite(appID, guildID, cmds, opts...)
		return err
	})
}
