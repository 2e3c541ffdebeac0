package discord

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// The 👍/👎 buttons of the stories of a section with a topic (see
// bot.Section.Topic). A button's custom_id is voteIDPrefix and
// bot.VoteValue's value (topic, story, verdict), within Discord's 100
// characters: a long topic travels as a short reference. A click runs the
// /rate it stands for in the channel of the signed interaction, and the
// clicker alone sees the answer.
//
// Layout: a message holds at most 10 embeds, so at most 10 stories; their
// buttons go two stories to an action row ("👍 1" "👎 1" "👍 2" "👎 2"),
// so 10 stories fill at most 5 rows of 4, and the last row keeps a place
// for "Show more". Story titles are numbered to match the labels.
const (
	voteIDPrefix  = "briefbot_vote:"
	maxRows       = 5
	maxRowButtons = 5
	maxLabel      = 80
	votesPerRow   = 2
	labelTopic    = 24 // characters of the topic in a label, in a digest of several topics
)

// storyVote is one story's place in a message's buttons.
type storyVote struct {
	topic string
	id    int64
	n     int // the story's number, as its title shows (bot.Section.Number)
}

// voteRows lays out the buttons of one message's stories; multi adds the
// topic to the labels (a digest's sections are numbered from 1 each).
func voteRows(votes []storyVote, multi bool) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	seen := map[string]bool{}
	for _, v := range votes {
		up, okUp := bot.VoteValue(v.topic, v.id, true, maxCustomID-len(voteIDPrefix))
		down, okDown := bot.VoteValue(v.topic, v.id, false, maxCustomID-len(voteIDPrefix))
		if !okUp || !okDown || seen[up] {
			continue // no topic or id; or the same story twice under one topic
		}
		seen[up] = true
		label := fmt.Sprint(v.n)
		if multi {
			label += " · " + cut(strings.TrimSpace(clean(v.topic, false)), labelTopic)
		}
		row = append(row,
			discordgo.Button{Label: cut("👍 "+label, maxLabel), Style: discordgo.SecondaryButton, CustomID: voteIDPrefix + up},
			discordgo.Button{Label: cut("👎 "+label, maxLabel), Style: discordgo.SecondaryButton, CustomID: voteIDPrefix + down})
		if len(row) == 2*votesPerRow {
			rows, row = append(rows, discordgo.ActionsRow{Components: row}), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	return rows
}

// withMore adds the "Show more" row's button to rows: into the last row
// when it has room, else as a row of its own.
func withMore(rows, more []discordgo.MessageComponent) []discordgo.MessageComponent {
	if len(more) == 0 {
		return rows
	}
	if n := len(rows); n > 0 {
		last := rows[n-1].(discordgo.ActionsRow)
		if len(last.Components) < maxRowButtons {
			last.Components = append(append([]discordgo.MessageComponent(nil), last.Components...), more[0].(discordgo.ActionsRow).Components...)
			return append(rows[:n-1:n-1], last)
		}
	}
	return append(rows, more...)
}

// validateComponents checks Discord's limits on a message's buttons: 5
// action rows of at most 5, custom_ids of at most 100 characters, unique
// in the message, and labels of at most 80.
func validateComponents(cs []discordgo.MessageComponent) error {
	if len(cs) > maxRows {
		return fmt.Errorf("%d action rows (at most %d)", len(cs), maxRows)
	}
	ids := map[string]bool{}
	for _, c := range cs {
		row, ok := c.(discordgo.ActionsRow)
		if !ok || len(row.Components) == 0 || len(row.Components) > maxRowButtons {
			return fmt.Errorf("an action row must hold 1 to %d buttons", maxRowButtons)
		}
		for _, b := range row.Components {
			btn, ok := b.(discordgo.Button)
			switch {
			case !ok:
				return fmt.Errorf("component %T is not a button", b)
			case btn.CustomID == "" || width(btn.CustomID) > maxCustomID || ids[btn.CustomID]:
				return fmt.Errorf("custom_id %q is empty, repeated or over %d characters", btn.CustomID, maxCustomID)
			case btn.Label == "" || width(btn.Label) > maxLabel:
				return fmt.Errorf("button label %q is empty or over %d characters", btn.Label, maxLabel)
			}
			ids[btn.CustomID] = true
		}
	}
	return nil
}

// vote answers a click on a 👍/👎 button with /rate's answer, visible only
// to the user who clicked; the channel and the user are the signed
// interaction's. ok is false for other components.
func (a *Adapter) vote(ctx context.Context, h bot.Handler, i *discordgo.Interaction) (*discordgo.InteractionResponse, bool) {
	value, ok := strings.CutPrefix(i.MessageComponentData().CustomID, voteIDPrefix)
	if !ok {
		return nil, false
	}
	req, err := bot.VoteRequest(value)
	r := bot.Reply{Text: briefing.ErrorMessage(err), Error: true}
	if err == nil {
		req.ID, req.Channel, req.User = i.ID, briefing.Channel{Platform: Platform, ID: i.ChannelID}, toUser(i)
		ctx, cancel := context.WithTimeout(ctx, a.cfg.ReplyWithin)
		defer cancel()
		r = h.Handle(ctx, req)
	}
	r.Private = true // the clicker's answer, not the channel's
	msgs := a.render(r)
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: responseData(msgs[0])}, true
}
