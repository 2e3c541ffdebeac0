package slack

import (
	"context"
	"fmt"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/briefbot/briefbot/bot"
)

// maxAckBytes keeps Socket Mode acks under Slack's 20 KB limit (larger
// acks are silently dropped); bigger replies go through response_url.
const maxAckBytes = 19 * 1024

// runSocket runs a Socket Mode connection until ctx is done. slack-go
// reconnects on its own (after a disconnect request, a dropped socket or
// missing pings) and returns only on cancellation or a refused token.
func (a *Adapter) runSocket(parent context.Context, h bot.Handler) error {
	sm := socketmode.New(a.api, socketmode.OptionPingInterval(a.cfg.PingInterval),
		socketmode.OptionLog(logOutput{a.log}))
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { a.socketEvents(ctx, sm, h) })
	err := sm.RunContext(ctx)
	cancel()
	wg.Wait()
	if parent.Err() != nil {
		return nil
	}
	if code, ok := refused(err); ok {
		return fmt.Errorf("slack: SLACK_APP_TOKEN %w (%s) when reconnecting Socket Mode", ErrRefused, code)
	}
	return fmt.Errorf("slack: socket mode: %w", err)
}

// socketEvents drains sm.Events (the client blocks if nobody does) and
// dispatches each request.
func (a *Adapter) socketEvents(ctx context.Context, sm *socketmode.Client, h bot.Handler) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-sm.Events:
			a.socketEvent(ctx, sm, h, evt)
		}
	}
}

func (a *Adapter) socketEvent(ctx context.Context, sm *socketmode.Client, h bot.Handler, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		env := evt.Request.EnvelopeID
		a.work.Go(func() {
			a.ack(ctx, sm, env, a.answer(ctx, h, cmd, maxAckBytes))
		})
	case socketmode.EventTypeEventsAPI: // onEvent only queues work, so the ack stays prompt
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			a.onEvent(ctx, h, ev)
		}
		a.ack(ctx, sm, envelope(evt), nil)
	case socketmode.EventTypeInteractive:
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			a.onInteraction(ctx, h, cb)
		}
		a.ack(ctx, sm, envelope(evt), nil)
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage:
		a.log.Warn("slack socket mode trouble; slack-go will reconnect", "event", string(evt.Type), "detail", fmt.Sprint(evt.Data))
	case socketmode.EventTypeConnected:
		a.log.Info("slack socket mode connected")
	}
}

func envelope(evt socketmode.Event) string {
	if evt.Request == nil {
		return ""
	}
	return evt.Request.EnvelopeID
}

// ack acknowledges an envelope, with the reply as payload when there is
// one.
func (a *Adapter) ack(ctx context.Context, sm *socketmode.Client, envelopeID string, payload map[string]any) {
	if envelopeID == "" {
		return
	}
	var p any
	if payload != nil {
		p = payload
	}
	if err := sm.AckCtx(ctx, envelopeID, p); err != nil {
		a.log.Error("slack socket mode ack failed", "envelope_id", envelopeID, "err", err)
	}
}
