package slack

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// maxResponseURLPosts is how many times Slack lets us use one
// response_url (within 30 minutes).
const maxResponseURLPosts = 5

// respond delivers a command's reply through its response_url, in order.
// Messages past Slack's five uses go through the Web API: the paced
// sender for channel replies, chat.postEphemeral for private ones. A
// reply that needs the Web API keeps the last response_url use in
// reserve: when Slack refuses the Web API post (the bot is not in the
// channel), that use delivers the rest or tells the user what was not
// shown and why (see refused.go).
func (a *Adapter) respond(ctx context.Context, cmd slack.SlashCommand, out outgoing) {
	direct := 0
	if cmd.ResponseURL != "" {
		direct = maxResponseURLPosts
	}
	reserve := direct > 0 && len(out.msgs) > direct
	if reserve {
		direct--
	}
	for i, m := range out.msgs {
		var err error
		switch {
		case i < direct:
			err = a.postResponseURL(ctx, cmd.ResponseURL, out.responseType, m)
		case out.responseType == slack.ResponseTypeInChannel:
			_, err = a.send.post(ctx, target{channel: cmd.ChannelID}, []message{m})
		default:
			err = a.postEphemeral(ctx, cmd.ChannelID, cmd.UserID, m)
		}
		if code := refusal(err); code != "" && reserve {
			a.deliverRefused(ctx, cmd, out, i, code)
			return
		}
		if err != nil {
			a.log.Error("slack reply not delivered", "command", cmd.Command, "channel", cmd.ChannelID,
				"message", i+1, "of", len(out.msgs), "err", err)
			return // later parts would arrive out of order
		}
	}
}

func (a *Adapter) postResponseURL(ctx context.Context, url, responseType string, m message) error {
	if err := validate(m); err != nil {
		return fmt.Errorf("slack: reply fails validation: %w", err)
	}
	opts := append(messageOptions(m), slack.MsgOptionResponseURL(url, responseType))
	return a.withRetry(ctx, func() error {
		_, _, err := a.api.PostMessageContext(ctx, "", opts...)
		return err
	})
}

func (a *Adapter) postEphemeral(ctx context.Context, channel, user string, m message) error {
	if err := validate(m); err != nil {
		return fmt.Errorf("slack: reply fails validation: %w", err)
	}
	return a.withRetry(ctx, func() error {
		_, err := a.api.PostEphemeralContext(ctx, channel, user, messageOptions(m)...)
		return err
	})
}

// withRetry retries call only on rate limits, after the wait Slack asks
// for (a rate-limited call was not accepted, so this cannot duplicate);
// any other error is returned as is.
func (a *Adapter) withRetry(ctx context.Context, call func() error) error {
	for attempt := 1; ; attempt++ {
		err := call()
		wait, limited := retryAfter(err, attempt)
		if !limited {
			if err != nil {
				return fmt.Errorf("slack: %w", err)
			}
			return nil
		}
		a.log.Warn("slack rate limit on a reply; will retry", "retry_after", wait.String(), "attempt", attempt)
		if err := sleepUntil(ctx, a.clock, a.clock.Now().Add(wait)); err != nil {
			return err
		}
	}
}
