package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/briefbot/briefbot/adapters/internal/httpjson"
	"github.com/briefbot/briefbot/bot"
)

// maxBody bounds a Slack request body; Slack's are a few kilobytes.
const maxBody = 1 << 20

// Routes lists the HTTP patterns Handler serves.
func (a *Adapter) Routes() []string {
	return []string{"POST /slack/commands", "POST /slack/interactions", "POST /slack/events"}
}

// Handler serves Slack's HTTP requests: slash commands, interactions and
// events. Every request must carry a valid signature made with the
// signing secret, less than 5 minutes old; others get 401 before their
// body is parsed. Without a signing secret every request gets 401.
func (a *Adapter) Handler(h bot.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/commands", a.verified(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		a.serveCommand(w, r, h)
	}))
	mux.Handle("POST /slack/interactions", a.verified(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		a.serveInteraction(w, r, h)
	}))
	mux.Handle("POST /slack/events", a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) {
		a.serveEvent(w, r, h, body)
	}))
	return mux
}

type verifiedHandler func(w http.ResponseWriter, r *http.Request, body []byte)

// verified checks the request's signature over its raw body, then hands
// the body on (restored, because form parsing reads it again).
func (a *Adapter) verified(next verifiedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		if err := a.verify(r.Header, body); err != nil {
			a.log.Warn("slack request refused", "path", r.URL.Path, "reason", err.Error(), "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	})
}

// verify checks Slack's v0 HMAC-SHA256 signature; slack-go compares it in
// constant time and rejects timestamps more than 5 minutes off.
func (a *Adapter) verify(header http.Header, body []byte) error {
	if a.cfg.SigningSecret == "" {
		return errors.New("no signing secret configured")
	}
	sv, err := slack.NewSecretsVerifier(header, a.cfg.SigningSecret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, h bot.Handler) {
	if r.PostFormValue("ssl_check") == "1" { // Slack checking the certificate of a command URL
		w.WriteHeader(http.StatusOK)
		return
	}
	cmd, err := slack.SlashCommandParse(r)
	if err != nil || cmd.Command == "" || cmd.ChannelID == "" {
		http.Error(w, "not a slash command", http.StatusBadRequest)
		return
	}
	p := a.answer(context.WithoutCancel(r.Context()), h, cmd, 0)
	if p == nil {
		w.WriteHeader(http.StatusOK) // the reply follows through response_url
		return
	}
	httpjson.Write(w, http.StatusOK, p)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, h bot.Handler) {
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(r.PostFormValue("payload")), &cb); err != nil {
		http.Error(w, "not an interaction payload", http.StatusBadRequest)
		return
	}
	a.onInteraction(context.WithoutCancel(r.Context()), h, cb)
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, h bot.Handler, body []byte) {
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// Signed, so it is Slack's: an event type we do not handle. A 200
		// stops Slack from retrying it.
		a.log.Debug("slack event ignored", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	if ev.Type == slackevents.URLVerification {
		if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			httpjson.Write(w, http.StatusOK, slackevents.ChallengeResponse{Challenge: v.Challenge})
			return
		}
	}
	a.onEvent(context.WithoutCancel(r.Context()), h, ev)
	w.WriteHeader(http.StatusOK)
}
