package discordfake

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Signer signs HTTP interactions as Discord does: ed25519 over the
// X-Signature-Timestamp header followed by the body.
type Signer struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

// NewSigner makes a fresh key pair.
func NewSigner() *Signer {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic("discordfake: ed25519 key: " + err.Error())
	}
	return &Signer{pub, priv}
}

// PublicKey is the hex public key, as the developer portal shows it.
func (s *Signer) PublicKey() string { return hex.EncodeToString(s.pub) }

// Request builds a signed POST of body to url, timestamped ts.
func (s *Signer) Request(url string, body []byte, ts time.Time) *http.Request {
	r, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		panic("discordfake: " + err.Error())
	}
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.priv, append([]byte(stamp), body...))))
	return r
}

// Interaction types.
const (
	Ping         = 1
	Command      = 2
	Autocomplete = 4
	Click        = 3 // a click on a message component (CustomID says which)
)

// Permission bits that make a member a briefbot admin.
const (
	PermAdministrator = 1 << 3
	PermManageGuild   = 1 << 5
)

// Interaction describes an interaction payload to send to the adapter.
type Interaction struct {
	ID, AppID, Token   string
	Type               int
	ChannelID, GuildID string // GuildID empty: a direct message
	UserID, Username   string
	Permissions        int64 // of the member, in a guild
	Command            string
	Options            []Option
	CustomID           string // of the component clicked, for Click
}

// Option is one option value of a command.
type Option struct {
	Name, Value string
	Focused     bool // the option being typed, for autocomplete
}

// Payload returns the interaction as Discord's JSON object.
func (i Interaction) Payload() map[string]any {
	p := map[string]any{"id": i.ID, "application_id": i.AppID, "type": i.Type, "token": i.Token, "version": 1}
	if i.Type == Ping {
		return p
	}
	user := map[string]any{"id": i.UserID, "username": i.Username, "discriminator": "0"}
	if i.GuildID != "" {
		p["guild_id"] = i.GuildID
		p["member"] = map[string]any{"user": user, "roles": []string{}, "permissions": strconv.FormatInt(i.Permissions, 10),
			"joined_at": "2024-01-01T00:00:00Z"}
	} else {
		p["user"] = user
	}
	p["channel_id"] = i.ChannelID
	if i.Type == Click {
		p["data"] = map[string]any{"custom_id": i.CustomID, "component_type": 2}
		// Discord sends the message the component is on.
		p["message"] = map[string]any{"id": "901", "channel_id": i.ChannelID, "content": "", "type": 0,
			"timestamp": "2024-01-01T00:00:00Z", "author": map[string]any{"id": "100", "username": "briefbot", "bot": true}}
		return p
	}
	opts := []map[string]any{}
	for _, o := range i.Options {
		m := map[string]any{"name": o.Name, "type": 3, "value": o.Value}
		if o.Focused {
			m["focused"] = true
		}
		opts = append(opts, m)
	}
	p["data"] = map[string]any{"id": "900", "name": i.Command, "type": 1, "options": opts}
	return p
}

// JSON returns the payload encoded.
func (i Interaction) JSON() []byte {
	b, err := json.Marshal(i.Payload())
	if err != nil {
		panic("discordfake: " + err.Error())
	}
	return b
}
