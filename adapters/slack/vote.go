package slack

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// The 👍/👎 buttons under a story of a section with a topic (see
// bot.Section.Topic). A button's value is bot.VoteValue's (topic, story,
// verdict; a topic always fits Slack's 2,000 characters); a click runs
// the /rate it stands for in the channel of the signed payload, and the
// clicker alone sees the answer.
const (
	voteUpActionID   = "briefbot_vote_up"
	voteDownActionID = "briefbot_vote_down"
)

// voteBlock is the actions block with a story's 👍 and 👎 buttons, or nil
// when the story cannot be judged (no topic or id).
func voteBlock(topic string, id int64) slack.Block {
	up, okUp := bot.VoteValue(topic, id, true, maxButtonValue)
	down, okDown := bot.VoteValue(topic, id, false, maxButtonValue)
	if topic == "" || !okUp || !okDown {
		return nil
	}
	return slack.NewActionBlock("",
		slack.NewButtonBlockElement(voteUpActionID, up, slack.NewTextBlockObject(slack.PlainTextType, "👍", true, false)),
		slack.NewButtonBlockElement(voteDownActionID, down, slack.NewTextBlockObject(slack.PlainTextType, "👎", true, false)))
}

// vote runs a 👍/👎 click as /rate and posts the answer to the user who
// clicked, ephemerally, through the click's response_url. A value that
// is not a vote (damaged, or not ours) gets an error reply and judges
// nothing.
func (a *Adapter) vote(base context.Context, h bot.Handler, cb slack.InteractionCallback, value string) {
	cmd := slack.SlashCommand{Command: "/rate", ChannelID: cb.Channel.ID, UserID: cb.User.ID, UserName: cb.User.Name,
		ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
	a.background(base, func(ctx context.Context) {
		req, err := bot.VoteRequest(value)
		req.ID, req.Channel = cb.TriggerID, briefing.Channel{Platform: Platform, ID: cb.Channel.ID}
		req.User = bot.User{ID: cb.User.ID, Name: cb.User.Name}
		r := bot.Reply{Text: briefing.ErrorMessage(err), Error: true}
		if err == nil {
			r = a.handle(ctx, h, req)
		}
		r.Private = true // the clicker's answer, not the channel's
		a.respond(ctx, cmd, a.outgoing(h, req, r))
	})
}
