package slack

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
)

// moreActionID marks a reply's "Show more" button; its value is the
// command, without the slash, that shows the next page (bot.Reply.More).
const moreActionID = "briefbot_more"

// moreCommands are the commands a "Show more" button may run: the value
// comes back in the click's payload, so it is checked, not trusted.
var moreCommands = map[string]bool{"brief": true}

// moreButton is the "Show more" block for a reply's More, or nil.
func moreButton(more string) slack.Block {
	more = oneLine(more)
	if name, _, _ := strings.Cut(more, " "); !moreCommands[name] || len(more) > maxButtonValue {
		return nil
	}
	btn := slack.NewButtonBlockElement(moreActionID, more, slack.NewTextBlockObject(slack.PlainTextType, "Show more", false, false))
	return slack.NewActionBlock("", btn)
}

// showMore runs a "Show more" click's command and posts the next page to
// the user who clicked, ephemerally, through the click's response_url.
func (a *Adapter) showMore(base context.Context, h bot.Handler, cb slack.InteractionCallback, value string) {
	name, text, _ := strings.Cut(oneLine(value), " ")
	if !moreCommands[name] {
		a.log.Warn("slack: a Show more click names a command it may not run", "command", name)
		return
	}
	cmd := slack.SlashCommand{Command: "/" + name, Text: text, ChannelID: cb.Channel.ID,
		UserID: cb.User.ID, UserName: cb.User.Name, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
	a.background(base, func(ctx context.Context) {
		req := commandRequest(cmd)
		r := a.handle(ctx, h, req)
		r.Private = true // the asker's next page, not the channel's
		a.respond(ctx, cmd, a.outgoing(h, req, r))
	})
}
