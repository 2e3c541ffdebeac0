package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// A channel may refuse the bot's Web API posts while its slash commands
// still work: a command's response_url needs no membership, but
// chat.postMessage does. A reply longer than response_url's five uses
// would then lose its tail; these are the codes that mean so.
var refusalCodes = map[string]string{
	"not_in_channel":    "briefbot is not a member of this channel",
	"channel_not_found": "briefbot cannot see this channel (a private channel or conversation it was not added to)",
	"is_archived":       "this channel is archived",
}

// refusal returns Slack's error code when err says the channel refuses
// the bot's posts, or "".
func refusal(err error) string {
	if err == nil {
		return ""
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if _, ok := refusalCodes[se.Err]; ok {
			return se.Err
		}
	}
	for code := range refusalCodes {
		if strings.Contains(err.Error(), code) {
			return code
		}
	}
	return ""
}

// refusedAdvice says why Slack refused and what the user can do.
func refusedAdvice(code string) string {
	why := refusalCodes[code]
	if code == "is_archived" {
		return fmt.Sprintf("Slack refused the post (%s): %s; unarchive it to get the whole reply here.", code, why)
	}
	return fmt.Sprintf("Slack refused the post (%s): %s, so it can answer a command only through Slack's "+
		"5-message reply link. Invite it with /invite @briefbot to get whole replies here.", code, why)
}

// deliverRefused spends the reply's last response_url use after Slack
// refused message i of out: the rest as one message when only one is
// left, else an ephemeral note listing exactly what was not shown.
func (a *Adapter) deliverRefused(ctx context.Context, cmd slack.SlashCommand, out outgoing, i int, code string) {
	rest := out.msgs[i:]
	a.log.Warn("slack refused a reply's Web API post; using the reply link", "command", cmd.Command,
		"channel", cmd.ChannelID, "code", code, "left", len(rest))
	if len(rest) == 1 {
		if err := a.postResponseURL(ctx, cmd.ResponseURL, out.responseType, rest[0]); err != nil {
			a.log.Error("slack reply not delivered", "command", cmd.Command, "channel", cmd.ChannelID, "err", err)
		}
		return
	}
	if err := a.postResponseURL(ctx, cmd.ResponseURL, slack.ResponseTypeEphemeral, notShown(rest, code)); err != nil {
		a.log.Error("slack: telling the user what was not shown failed", "command", cmd.Command, "channel", cmd.ChannelID, "err", err)
	}
}

// notShown is the note about messages that Slack refused: how many
// stories, their titles, why, and what to do. It stays within one
// message's limits by listing titles until the budget is spent and
// counting the rest.
func notShown(rest []message, code string) message {
	var titles []string
	for _, m := range rest {
		titles = append(titles, m.titles...)
	}
	head := fmt.Sprintf("Only part of this reply could be shown: the last %d of its messages were not posted.", len(rest))
	if len(titles) > 0 {
		head = fmt.Sprintf("Only part of this reply could be shown: %d stories were not posted.", len(titles))
	}
	blocks := []slack.Block{section(mrkdwn(head + " " + refusedAdvice(code)))}
	var b strings.Builder
	chars, listed := 0, 0
	for _, t := range titles {
		line := "• " + mrkdwn(truncate(oneLine(t), titleChars)) + "\n"
		if b.Len()+len(line) > sectionChars-100 {
			if len(blocks) >= maxBlocks-2 || chars+b.Len() > maxMessageChars-2*sectionChars {
				break
			}
			blocks = append(blocks, section(b.String()))
			chars += b.Len()
			b.Reset()
		}
		b.WriteString(line)
		listed++
	}
	if b.Len() > 0 {
		blocks = append(blocks, section(b.String()))
	}
	if listed < len(titles) {
		blocks = append(blocks, contextText(mrkdwn(fmt.Sprintf("…and %d more not shown.", len(titles)-listed))))
	}
	return message{text: truncateEscaped(mrkdwn(head), maxFallback), blocks: blocks}
}

// explainRefusal puts the reason and the remedy in front of an error
// that means the channel refuses the bot, for the digest ledger (shown
// by /digest); other errors pass unchanged.
func explainRefusal(err error) error {
	code := refusal(err)
	if code == "" {
		return err
	}
	if code == "is_archived" {
		return fmt.Errorf("the channel is archived (%s): %w", code, err)
	}
	return fmt.Errorf("%s (%s): invite it with /invite @briefbot: %w", refusalCodes[code], code, err)
}
