package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// Platform is the Channel.Platform of Slack channels.
const Platform = "slack"

// Visibility says who sees /brief replies.
type Visibility string

const (
	InChannel Visibility = "channel"   // everyone in the channel
	Ephemeral Visibility = "ephemeral" // only the person who asked
)

// ParseVisibility reads a visibility setting; empty means InChannel.
func ParseVisibility(s string) (Visibility, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "channel", "in_channel":
		return InChannel, nil
	case "ephemeral", "private":
		return Ephemeral, nil
	}
	return "", fmt.Errorf("%q is not channel or ephemeral", s)
}

// Config configures the adapter. BotToken is required; AppToken turns on
// Socket Mode and SigningSecret the HTTP endpoints.
type Config struct {
	BotToken      string // xoxb-…
	AppToken      string // xapp-…, for Socket Mode
	SigningSecret string // verifies HTTP requests
	// APIURL is the Web API base, ending in "/" (default Slack's).
	APIURL string
	// BriefVisibility is who sees /brief replies; other replies go to the
	// channel, and errors and private replies only to the caller.
	BriefVisibility Visibility
	HTTPClient      *http.Client
	Logger          *slog.Logger
	Clock           clockwork.Clock
	// AckWait is how long a command may take before it is acknowledged
	// with a "working" note and answered through response_url (default
	// 2 s, inside Slack's 3 s window).
	AckWait time.Duration
	// Pace is the minimum gap between posts to one channel (default 1 s,
	// Slack's chat.postMessage rate).
	Pace time.Duration
	// CommandTimeout bounds a command's work (default 1 min).
	CommandTimeout time.Duration
	// AdminTTL is how long users.info answers are cached (default 10 min).
	AdminTTL time.Duration
	// PingInterval is how long Socket Mode waits for Slack's ping before
	// reconnecting (default 30 s).
	PingInterval time.Duration
}

// Adapter is the Slack chat adapter. It is safe for concurrent use.
type Adapter struct {
	cfg    Config
	api    *slack.Client
	send   *sender
	events *dedup
	admins *adminCache
	log    *slog.Logger
	clock  clockwork.Clock
	work   inflight // replies still being delivered
}

var _ bot.Adapter = (*Adapter)(nil)

// New checks the configuration and returns an adapter. It makes no
// network calls.
func New(cfg Config) (*Adapter, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	opts := []slack.Option{slack.OptionAPIURL(cfg.APIURL), slack.OptionHTTPClient(cfg.HTTPClient),
		slack.OptionLog(logOutput{cfg.Logger})}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	api := slack.New(cfg.BotToken, opts...)
	a := &Adapter{cfg: cfg, api: api, log: cfg.Logger, clock: cfg.Clock,
		send:   newSender(api, cfg.Clock, cfg.Pace, cfg.Logger),
		events: newDedup(cfg.Clock, 10000, time.Hour),
		admins: newAdminCache(api, cfg.Clock, cfg.AdminTTL, cfg.Logger)}
	return a, nil
}

func (c *Config) setDefaults() error {
	switch {
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		return errors.New("slack: the bot token must start with xoxb- (OAuth & Permissions → Bot User OAuth Token)")
	case c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-"):
		return errors.New("slack: the app token must start with xapp- (Basic Information → App-Level Tokens, scope connections:write)")
	}
	if c.APIURL == "" {
		c.APIURL = slack.APIURL
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("slack: API URL %q is not an http(s) URL", c.APIURL)
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/" // slack-go appends method names to it
	}
	if c.BriefVisibility == "" {
		c.BriefVisibility = InChannel
	}
	c.setTimingDefaults()
	return nil
}

func (c *Config) setTimingDefaults() {
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = clockwork.NewRealClock()
	}
	defaults := []struct {
		d   *time.Duration
		def time.Duration
	}{{&c.AckWait, 2 * time.Second}, {&c.Pace, time.Second}, {&c.CommandTimeout, time.Minute},
		{&c.AdminTTL, 10 * time.Minute}, {&c.PingInterval, 30 * time.Second}}
	for _, d := range defaults {
		if *d.d <= 0 {
			*d.d = d.def
		}
	}
}

// Name is the platform key, "slack".
func (a *Adapter) Name() string { return Platform }

// Send posts a reply (a digest) to a channel through the paced sender and
// returns the messages' timestamps, in order.
func (a *Adapter) Send(ctx context.Context, ch briefing.Channel, r bot.Reply) ([]string, error) {
	if ch.Platform != Platform || ch.ID == "" {
		return nil, fmt.Errorf("slack: cannot send to %s", ch)
	}
	ids, err := a.send.post(ctx, target{channel: ch.ID, threadTS: r.ThreadOf}, render(r, renderOptions{}))
	return ids, explainRefusal(err)
}

// Run first checks the tokens with Slack (Check), then receives commands
// over Socket Mode until ctx is done, reconnecting as needed; it returns
// nil on cancellation and an error wrapping ErrRefused when Slack refuses
// a token. Without an app token commands arrive over HTTP
// (Handler), and Run just waits for ctx. Before returning it waits for
// replies still being delivered.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	defer a.work.Wait()
	if err := a.Check(ctx); err != nil {
		return err
	}
	if a.cfg.AppToken == "" {
		<-ctx.Done()
		return nil
	}
	return a.runSocket(ctx, h)
}

// logOutput sends slack-go's debug lines to slog.
type logOutput struct{ log *slog.Logger }

func (l logOutput) Output(_ int, s string) error {
	l.log.Debug(strings.TrimSpace(s), "source", "slack-go")
	return nil
}
