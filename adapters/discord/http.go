package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/adapters/internal/httpjson"
	"github.com/briefbot/briefbot/bot"
)

// InteractionsPath is where the HTTP interactions endpoint is served; the
// developer portal's "Interactions Endpoint URL" points at it.
const InteractionsPath = "/discord/interactions"

// maxInteractionBytes bounds a request body; interactions are a few KB.
const maxInteractionBytes = 1 << 20

// Interactions returns the HTTP interactions endpoint. A request must be
// signed with the application's key (ed25519 over the timestamp header and
// the body) and timestamped within MaxClockSkew; otherwise it gets 401 and
// nothing else happens. PING gets PONG.
func (a *Adapter) Interactions(h bot.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { a.serveInteraction(w, r, h) })
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, h bot.Handler) {
	switch {
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	case a.pub == nil:
		http.Error(w, "the Discord public key is not configured", http.StatusNotFound)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxInteractionBytes)
	if !discordgo.VerifyInteraction(r, a.pub) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	if !a.fresh(r.Header.Get("X-Signature-Timestamp")) {
		// Signed, but old (or from the future): a replay.
		http.Error(w, "stale request timestamp", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.NewDecoder(r.Body).Decode(&i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		httpjson.Write(w, http.StatusOK, discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	a.flight.add()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), a.cfg.HandleTimeout)
	resp, rest := a.answer(ctx, h, &i)
	httpjson.Write(w, http.StatusOK, resp)
	if rest == nil {
		cancel()
		a.flight.done()
		return
	}
	go func() { // a late reply or further parts outlive this request
		defer a.flight.done()
		defer cancel()
		rest(ctx)
	}()
}

// fresh reports whether a signed Unix timestamp is within MaxClockSkew
// of now.
func (a *Adapter) fresh(stamp string) bool {
	sec, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return false
	}
	d := a.cfg.Now().Sub(time.Unix(sec, 0))
	return d <= a.cfg.MaxClockSkew && d >= -a.cfg.MaxClockSkew
}
