package slack

import (
	"context"
	"regexp"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// onEvent handles an Events API event once per event_id: an app mention
// ("@briefbot brief gsomia") runs as a command, answered in a thread.
func (a *Adapter) onEvent(base context.Context, h bot.Handler, ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	if !a.events.first(cb.EventID) {
		a.log.Debug("slack event already handled", "event_id", cb.EventID)
		return
	}
	m, ok := ev.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if !ok || m.BotID != "" || m.User == "" {
		return // bots' own posts must not trigger replies
	}
	req := mentionRequest(cb.EventID, m, commandNames(h))
	a.background(base, func(ctx context.Context) {
		a.answerMention(ctx, h, req, m)
	})
}

// mentionLead matches the mentions that start an app mention's text, and
// mentionTo the text up to and including its first mention.
var (
	mentionLead = regexp.MustCompile(`^(\s*<@[A-Z0-9]+(\|[^>]*)?>)+`)
	mentionTo   = regexp.MustCompile(`^[^<]*?<@[A-Z0-9]+(\|[^>]*)?>`)
)

// commandNames is the set of h's command names, for telling a command
// from talk in a mention.
func commandNames(h bot.Handler) map[string]bool {
	names := map[string]bool{"help": true}
	for _, c := range h.Commands() {
		names[c.Name] = true
	}
	return names
}

// mentionRequest reads an app mention as a command. People address the
// bot in the middle of a sentence ("hey @briefbot brief gsomia"), so what
// comes before the first mention is a greeting, not the command; and a
// mention that names no command ("@briefbot what's new?") gets the help,
// not "Unknown command /what", a command the user never typed. known
// holds the command names (nil: every name is taken as typed).
func mentionRequest(eventID string, m *slackevents.AppMentionEvent, known map[string]bool) bot.Request {
	rest := m.Text
	if loc := mentionTo.FindStringIndex(rest); loc != nil {
		rest = rest[loc[1]:]
	}
	line := strings.TrimSpace(incoming(mentionLead.ReplaceAllString(rest, "")))
	cmd, text, ok := bot.ParseLine(line)
	if !ok || known != nil && !known[cmd] && !strings.HasPrefix(line, "/") {
		cmd, text = "help", ""
	}
	return bot.Request{ID: eventID, Channel: briefing.Channel{Platform: Platform, ID: m.Channel},
		User: bot.User{ID: m.User}, Command: cmd, Text: text}
}

// answerMention replies in the mention's thread; errors and private
// replies go to the caller alone.
func (a *Adapter) answerMention(ctx context.Context, h bot.Handler, req bot.Request, m *slackevents.AppMentionEvent) {
	out := a.outgoing(h, req, a.handle(ctx, h, req))
	thread := m.ThreadTimeStamp
	if thread == "" {
		thread = m.TimeStamp
	}
	var err error
	if out.responseType == slack.ResponseTypeEphemeral {
		for _, msg := range out.msgs {
			if err = a.postEphemeral(ctx, m.Channel, m.User, msg); err != nil {
				break
			}
		}
	} else {
		_, err = a.send.post(ctx, target{channel: m.Channel, threadTS: thread}, out.msgs)
	}
	if err != nil {
		a.log.Error("slack mention reply not delivered", "channel", m.Channel, "err", err)
	}
}

// onInteraction handles a click on a briefing's "Watch" button by running
// /watch with the button's topic; the reply goes to its response_url.
func (a *Adapter) onInteraction(base context.Context, h bot.Handler, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if act != nil && act.ActionID == moreActionID && cb.Channel.ID != "" {
			a.showMore(base, h, cb, act.Value)
			continue
		}
		if act != nil && (act.ActionID == voteUpActionID || act.ActionID == voteDownActionID) && cb.Channel.ID != "" {
			a.vote(base, h, cb, act.Value)
			continue
		}
		if act == nil || act.ActionID != watchActionID || cb.Channel.ID == "" {
			continue
		}
		cmd := slack.SlashCommand{Command: "/watch", Text: act.Value, ChannelID: cb.Channel.ID,
			UserID: cb.User.ID, UserName: cb.User.Name, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
		a.background(base, func(ctx context.Context) {
			req := commandRequest(cmd)
			req.Text = act.Value // our own button's value, not Slack-escaped text
			a.respond(ctx, cmd, a.outgoing(h, req, a.handle(ctx, h, req)))
		})
	}
}

// background runs work after the request that caused it has been
// acknowledged, bounded by CommandTimeout; Run waits for it.
func (a *Adapter) background(base context.Context, work func(ctx context.Context)) {
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		ctx, cancel := context.WithTimeout(base, a.cfg.CommandTimeout)
		defer cancel()
		work(ctx)
	}()
}
