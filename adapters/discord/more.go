package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// moreIDPrefix starts a "Show more" button's custom_id; the rest is the
// command, without the slash, that shows the next page (bot.Reply.More).
// Discord allows 100 characters in a custom_id: a longer command gets no
// button (the reply's footer still names it).
const (
	moreIDPrefix = "briefbot_more:"
	maxCustomID  = 100
)

// moreCommands are the commands a button may run: the custom_id comes
// back in the click's payload, so it is checked, not trusted.
var moreCommands = map[string]bool{"brief": true}

// moreButton is the action row with a "Show more" button, or nil.
func moreButton(more string) []discordgo.MessageComponent {
	more = strings.Join(strings.Fields(more), " ")
	name, _, _ := strings.Cut(more, " ")
	if !moreCommands[name] || len(moreIDPrefix)+len(more) > maxCustomID {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Show more", Style: discordgo.SecondaryButton, CustomID: moreIDPrefix + more}}}}
}

// showMore answers a click on "Show more" with the next page, visible
// only to the user who clicked. ok is false for other components.
func (a *Adapter) showMore(ctx context.Context, h bot.Handler, i *discordgo.Interaction) (*discordgo.InteractionResponse, func(context.Context), bool) {
	more, ok := strings.CutPrefix(i.MessageComponentData().CustomID, moreIDPrefix)
	name, text, _ := strings.Cut(more, " ")
	if !ok || !moreCommands[name] {
		return nil, nil, false
	}
	req := bot.Request{ID: i.ID, Channel: briefing.Channel{Platform: Platform, ID: i.ChannelID}, User: toUser(i),
		Command: name, Text: text}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.ReplyWithin)
	defer cancel()
	r := h.Handle(ctx, req)
	r.Private = true // the asker's next page, not the channel's
	msgs := a.render(r)
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: responseData(msgs[0])}, a.followups(i, msgs[1:]), true
}
