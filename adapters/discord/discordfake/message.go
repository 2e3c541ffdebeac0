package discordfake

import (
	"encoding/json"
	"fmt"
	"net/url"
	"unicode/utf8"
)

// Message is a message body as Discord receives it (create, edit,
// follow-up or interaction response data).
type Message struct {
	Content         string           `json:"content"`
	Embeds          []Embed          `json:"embeds"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions"`
	Flags           int              `json:"flags"`
	Choices         []Choice         `json:"choices"` // autocomplete results
	Components      []Row            `json:"components"`
	// MessageReference makes the message a reply to another message.
	MessageReference *MessageReference `json:"message_reference"`
}

// MessageReference points at the message a reply answers.
type MessageReference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id"`
	GuildID         string `json:"guild_id"`
	FailIfNotExists *bool  `json:"fail_if_not_exists"`
}

// ReplyTo is the id of the message this one replies to, "" for none.
func (m Message) ReplyTo() string {
	if m.MessageReference == nil {
		return ""
	}
	return m.MessageReference.MessageID
}

// Row is an action row of message components.
type Row struct {
	Type       int         `json:"type"`
	Components []Component `json:"components"`
}

// Component is a button (the only component briefbot sends).
type Component struct {
	Type     int    `json:"type"`
	Label    string `json:"label"`
	CustomID string `json:"custom_id"`
}

// Embed is a rich embed.
type Embed struct {
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	Description string  `json:"description"`
	Timestamp   string  `json:"timestamp"`
	Footer      *Text   `json:"footer"`
	Author      *Author `json:"author"`
	Fields      []Field `json:"fields"`
}

// Text is an embed footer.
type Text struct {
	Text string `json:"text"`
}

// Author is an embed author.
type Author struct {
	Name string `json:"name"`
}

// Field is an embed field.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Choice is one autocomplete suggestion.
type Choice struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// AllowedMentions says which mentions in a message may notify anyone.
type AllowedMentions struct {
	Parse       []string `json:"parse"`
	Users       []string `json:"users"`
	Roles       []string `json:"roles"`
	RepliedUser bool     `json:"replied_user"`
}

// PingsNobody reports whether the message carries allowed_mentions that
// allow no mention at all ({"parse":[]}). A missing allowed_mentions, or
// "parse": null, lets Discord parse mentions from the content.
func (m Message) PingsNobody() bool {
	a := m.AllowedMentions
	return a != nil && a.Parse != nil && len(a.Parse) == 0 && len(a.Users) == 0 && len(a.Roles) == 0 && !a.RepliedUser
}

// Discord's documented limits, in characters. The fake states them itself
// rather than importing the adapter's copy: it is the platform's side of
// the test, so a wrong limit in the adapter must not become the fake's.
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthor      = 256
	maxEmbedTotal  = 6000
)

// Validate checks the message against Discord's limits.
func (m Message) Validate() error {
	if n := utf8.RuneCountInString(m.Content); n > maxContent {
		return fmt.Errorf("content: %d characters, at most %d", n, maxContent)
	}
	if len(m.Embeds) > maxEmbeds {
		return fmt.Errorf("embeds: %d, at most %d", len(m.Embeds), maxEmbeds)
	}
	total := 0
	for i, e := range m.Embeds {
		n, err := e.check()
		if err != nil {
			return fmt.Errorf("embeds[%d]: %w", i, err)
		}
		total += n
	}
	if total > maxEmbedTotal {
		return fmt.Errorf("embeds: %d characters in all, at most %d", total, maxEmbedTotal)
	}
	return nil
}

type part struct {
	name string
	s    string
	max  int
}

// check returns the embed's character count or the limit it breaks.
func (e Embed) check() (int, error) {
	parts := []part{{"title", e.Title, maxTitle}, {"description", e.Description, maxDescription}}
	if e.Footer != nil {
		parts = append(parts, part{"footer.text", e.Footer.Text, maxFooter})
	}
	if e.Author != nil {
		parts = append(parts, part{"author.name", e.Author.Name, maxAuthor})
	}
	if len(e.Fields) > maxFields {
		return 0, fmt.Errorf("fields: %d, at most %d", len(e.Fields), maxFields)
	}
	total := 0
	for _, p := range parts {
		n := utf8.RuneCountInString(p.s)
		if n > p.max {
			return 0, fmt.Errorf("%s: %d characters, at most %d", p.name, n, p.max)
		}
		total += n
	}
	for i, f := range e.Fields {
		nn, nv := utf8.RuneCountInString(f.Name), utf8.RuneCountInString(f.Value)
		if nn == 0 || nn > maxFieldName || nv == 0 || nv > maxFieldValue {
			return 0, fmt.Errorf("fields[%d]: name %d and value %d characters (1-%d, 1-%d)", i, nn, nv, maxFieldName, maxFieldValue)
		}
		total += nn + nv
	}
	if e.URL != "" {
		if u, err := url.Parse(e.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return 0, fmt.Errorf("url: %q is not a http(s) URL", e.URL)
		}
	}
	return total, nil
}

// Sent is one message the fake accepted.
type Sent struct {
	Kind    string // "channel", "callback", "followup" or "edit"
	Channel string // for Kind "channel"
	Token   string // the interaction token, for the other kinds
	Type    int    // the interaction response type, for Kind "callback"
	Message Message
}

// Sent returns the messages the fake accepted, in order: channel
// messages, interaction responses, follow-ups and edits of the original
// response.
func (s *Server) Sent() []Sent {
	var out []Sent
	for _, c := range s.Calls() {
		if c.Status >= 300 {
			continue
		}
		if sent, ok := decodeSent(c); ok {
			out = append(out, sent)
		}
	}
	return out
}

func decodeSent(c Call) (Sent, bool) {
	var sent Sent
	switch {
	case c.Method == "POST" && reChannelMsg.MatchString(c.Path):
		sent.Kind, sent.Channel = "channel", reChannelMsg.FindStringSubmatch(c.Path)[1]
		_ = json.Unmarshal(c.Body, &sent.Message)
	case c.Method == "POST" && reCallback.MatchString(c.Path):
		var resp struct {
			Type int     `json:"type"`
			Data Message `json:"data"`
		}
		_ = json.Unmarshal(c.Body, &resp)
		sent.Kind, sent.Token, sent.Type, sent.Message = "callback", reCallback.FindStringSubmatch(c.Path)[2], resp.Type, resp.Data
	case c.Method == "POST" && reWebhook.MatchString(c.Path):
		sent.Kind, sent.Token = "followup", reWebhook.FindStringSubmatch(c.Path)[2]
		_ = json.Unmarshal(c.Body, &sent.Message)
	case c.Method == "PATCH" && reOriginal.MatchString(c.Path):
		sent.Kind, sent.Token = "edit", reOriginal.FindStringSubmatch(c.Path)[2]
		_ = json.Unmarshal(c.Body, &sent.Message)
	default:
		return sent, false
	}
	return sent, true
}
