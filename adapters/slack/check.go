package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/slack-go/slack"
)

// ErrRefused marks a credential Slack refused: retrying cannot help, so
// the adapter stops (and serve reports it) instead of reconnecting
// forever.
var ErrRefused = errors.New("refused by Slack")

// refusals are the Web API error codes that mean the token itself is bad.
var refusals = map[string]bool{"invalid_auth": true, "not_authed": true, "token_revoked": true,
	"token_expired": true, "account_inactive": true, "not_allowed_token_type": true}

// Check asks Slack whether the tokens are accepted: auth.test for the bot
// token and apps.connections.open (the one method app-level tokens are
// for; the URL it returns goes unused) for the app token. A refusal
// returns a one-line error wrapping ErrRefused that names the variable to
// fix; an unreachable Slack is not a refusal and returns nil after a
// warning, since the connection retries on its own.
func (a *Adapter) Check(ctx context.Context) error {
	if _, err := a.api.AuthTestContext(ctx); err != nil {
		if code, ok := refused(err); ok {
			return fmt.Errorf("slack: SLACK_BOT_TOKEN %w (%s): check the Bot User OAuth Token (xoxb-…) under OAuth & Permissions", ErrRefused, code)
		}
		a.log.Warn("slack: could not check the bot token; going on", "err", err)
	}
	if a.cfg.AppToken == "" {
		return nil
	}
	if _, _, err := a.api.StartSocketModeContext(ctx); err != nil {
		if code, ok := refused(err); ok {
			return fmt.Errorf("slack: SLACK_APP_TOKEN %w (%s): check the app-level token (xapp-…, scope connections:write) under Basic Information", ErrRefused, code)
		}
		a.log.Warn("slack: could not check the app token; going on", "err", err)
	}
	return nil
}

// refused reports whether err is Slack refusing a token (an HTTP 401 or
// 403, or an error code such as invalid_auth), and how it said so.
func refused(err error) (string, bool) {
	var status slack.StatusCodeError
	if errors.As(err, &status) && (status.Code == http.StatusUnauthorized || status.Code == http.StatusForbidden) {
		return fmt.Sprintf("HTTP %d", status.Code), true
	}
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) && refusals[resp.Err] {
		return resp.Err, true
	}
	if refusals[err.Error()] { // slack-go returns some API errors as plain strings
		return err.Error(), true
	}
	return "", false
}
