package bot

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing"
)

// User is who sent a command. Admin is set by adapters that can tell (a
// Slack workspace admin, a Discord member with Manage Server).
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Admin bool   `json:"admin,omitempty"`
}

// Request is one chat command, whatever platform it came from.
type Request struct {
	ID      string           `json:"id,omitempty"` // the platform's id for it, for logs and de-duplication
	Channel briefing.Channel `json:"channel"`
	User    User             `json:"user"`
	Command string           `json:"command"` // lower case, no slash: "brief"
	Text    string           `json:"text"`    // everything after the command
}

// Reply is what a command answers. Text is plain text (never markup);
// adapters escape and lay it out for their platform.
type Reply struct {
	Title    string             `json:"title,omitempty"`
	Text     string             `json:"text,omitempty"`
	Sections []Section          `json:"sections,omitempty"`
	Briefing *briefing.Briefing `json:"briefing,omitempty"` // set by /brief, for structured consumers
	// Scope, set by /brief, is the selection its briefing was made in
	// (sources, dates, the channel's judgments; the topic is
	// Briefing.Topic), so that a fuller copy of it (the web page) keeps
	// to the same stories.
	Scope *briefing.BriefOptions `json:"-"`
	// Footer is a closing line ("3 more stories: /brief …").
	Footer string `json:"footer,omitempty"`
	// More, when set, is the command (without its slash) that shows the
	// next page of this reply, for platforms with a "Show more" button:
	// "brief tariffs limit 5 page 2".
	More    string `json:"more,omitempty"`
	Error   bool   `json:"error,omitempty"`
	Private bool   `json:"private,omitempty"` // only the caller should see it
	// ThreadOf, for Adapter.Send, is the platform id of an earlier post
	// (one Send returned) that this reply follows up: Slack posts it in
	// that message's thread, Discord as a reply to it.
	ThreadOf string `json:"thread_of,omitempty"`
	// Command is the router's own name of the command that answered
	// ("brief" for /news-brief or /briefbot brief), so adapters can treat
	// commands alike whatever they are called on the platform.
	Command string `json:"-"`
}

// Section is a titled group of stories (one per topic in a digest).
type Section struct {
	Heading string          `json:"heading"`
	Items   []briefing.Item `json:"items"`
	// Topic, when set, is the topic the stories were selected for, and
	// each story carries 👍/👎 controls judging it for that topic in the
	// channel (VoteValue, VoteRequest; /rate records the verdict).
	Topic string `json:"topic,omitempty"`
	// Overview, when set, is a written overview of Items, shown above
	// them; its citations are 1-based positions in Items.
	Overview *Overview `json:"overview,omitempty"`
	// Offset is how many places earlier pages of the reply held: the
	// stories are numbered from Offset+1 (Number), so that page 2 of a
	// /brief goes on from page 1 and a number names one story.
	Offset int `json:"offset,omitempty"`
}

// Number is the number Items[i] is shown with, and an overview's
// citation of position i+1.
func (s Section) Number(i int) int { return s.Offset + i + 1 }

// Handler is what adapters drive: the Router implements it.
type Handler interface {
	// Handle runs a command and always returns a Reply (errors included).
	Handle(ctx context.Context, req Request) Reply
	// Complete suggests values for the argument being typed, for
	// platforms with autocomplete.
	Complete(ctx context.Context, req Request, partial string) []string
	// Commands lists the commands, for help and platform registration.
	Commands() []CommandSpec
}

// Adapter connects the bot to one chat platform.
type Adapter interface {
	// Name is the platform key used in Channel.Platform.
	Name() string
	// Run receives commands and passes them to h until ctx is done. It
	// returns nil on cancellation and an error when it cannot go on.
	Run(ctx context.Context, h Handler) error
	// Send posts an unsolicited reply (a digest) to a channel and returns
	// the platform's ids of the messages it posted, in order. An error
	// means the reply may be partly delivered: the ids say how far.
	Send(ctx context.Context, ch briefing.Channel, r Reply) ([]string, error)
}

// MaxCommandLength bounds a command's text.
const MaxCommandLength = 1000

// ParseLine reads a typed command line ("/brief gsomia"). The leading slash
// is optional. ok is false for an empty line.
func ParseLine(line string) (command, text string, ok bool) {
	// Trim again after the slash: "/ brief x" is /brief, not a nameless
	// command. Any white space ends the name ("/brief\tx").
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "/"))
	if line == "" {
		return "", "", false
	}
	cmd, rest := line, ""
	if i := strings.IndexFunc(line, unicode.IsSpace); i >= 0 {
		cmd, rest = line[:i], line[i:]
	}
	return strings.ToLower(cmd), strings.TrimSpace(rest), true
}

func tooLong(s string) bool { return utf8.RuneCountInString(s) > MaxCommandLength }

// FirstNonBlank returns the first of ss that is not empty or white space,
// else "": adapters name a story's other sources by name, else by link.
func FirstNonBlank(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
