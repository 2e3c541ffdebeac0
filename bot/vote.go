package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// 👍/👎 controls. Every story of a reply section with a Topic carries
// two controls (Slack buttons, Discord components); a control's value
// names the topic, the story and the verdict, and a click comes back
// with it. Adapters turn the click into the /rate request it stands for
// (VoteRequest) and answer the clicker with its reply, privately: the
// judgment is recorded by /rate alone, so a click and a typed /rate are
// one code path. The value never says which channel: that comes from
// the platform's signed payload, so a value copied into another channel
// judges for that channel only.

// voteRef starts a topic reference in a vote value and in /rate's text:
// the first 16 hex digits of the SHA-256 of the normalised topic. A topic
// too long for the platform's value (Discord allows 100 characters) is
// carried as a reference.
const (
	voteRef    = "ref:"
	voteRefHex = 16
)

// VoteValue is the value of a control judging story id up (👍) or down
// (👎) for topic, at most max bytes: "u 1234 tariffs", or, when the topic
// does not fit, "u 1234 ref:<16 hex digits>". ok is false when id is not
// a story's or not even a reference fits.
func VoteValue(topic string, id int64, up bool, max int) (string, bool) {
	topic = briefing.NormalizeTopic(topic)
	if id <= 0 || topic == "" {
		return "", false
	}
	verdict := "d"
	if up {
		verdict = "u"
	}
	v := fmt.Sprintf("%s %d %s", verdict, id, topic)
	if len(v) > max {
		v = fmt.Sprintf("%s %d %s", verdict, id, topicRef(topic))
	}
	return v, len(v) <= max
}

// VoteRequest turns a control's value into the /rate request it stands
// for. The caller sets the request's ID, Channel and User from the
// platform's signed payload. An error means the value is not a vote
// value (not one of ours, or damaged).
func VoteRequest(value string) (Request, error) {
	f := strings.Fields(value)
	if len(f) < 3 || (f[0] != "u" && f[0] != "d") {
		return Request{}, briefing.Errorf(briefing.EInvalid, "that button is not a 👍/👎 of briefbot's")
	}
	id, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil || id <= 0 {
		return Request{}, briefing.Errorf(briefing.EInvalid, "that button names no story")
	}
	verdict := "down"
	if f[0] == "u" {
		verdict = "up"
	}
	return Request{Command: "rate", Text: strings.Join(f[2:], " ") + " " + f[1] + " " + verdict}, nil
}

func topicRef(normalized string) string {
	sum := sha256.Sum256([]byte(normalized))
	return voteRef + hex.EncodeToString(sum[:])[:voteRefHex]
}

// isTopicRef reports whether a /rate topic is a reference (see voteRef).
func isTopicRef(topic string) bool {
	hexPart, ok := strings.CutPrefix(topic, voteRef)
	if !ok || len(hexPart) != voteRefHex {
		return false
	}
	_, err := hex.DecodeString(hexPart)
	return err == nil
}

// TopicRefStore keeps the topic behind a reference (see VoteValue) for
// every process that shares the database.
type TopicRefStore interface {
	RememberTopicRef(ctx context.Context, ref, topic string, now time.Time) error
	// TopicByRef returns "" for a reference it does not know.
	TopicByRef(ctx context.Context, ref string) (string, error)
}

// keptRefOver is the topic length, in bytes, above which a /brief keeps
// its topic's reference in CoreConfig.TopicRefs: below it the topic fits
// in every platform's control value with any story id (Discord's
// custom_id has 100 characters; the prefix and "u <id> " take at most 35).
const keptRefOver = 64

// keepRef stores a long topic's reference (see TopicRefStore).
func (c *core) keepRef(ctx context.Context, topic string) error {
	topic = briefing.NormalizeTopic(topic)
	if c.cfg.TopicRefs == nil || len(topic) <= keptRefOver {
		return nil
	}
	return c.cfg.TopicRefs.RememberTopicRef(ctx, topicRef(topic), topic, c.cfg.Now())
}

// recentTopics remembers the topics this process briefed lately by their
// reference, so that a control carrying a reference can be resolved
// without a database read. It is bounded (the oldest is forgotten first)
// and per process: after a restart, or on another replica, a reference
// resolves through CoreConfig.TopicRefs when there is one, else only to
// a topic the channel watches (see core.resolveRef), and otherwise the
// clicker is told to use /rate.
type recentTopics struct {
	mu    sync.Mutex
	max   int
	byRef map[string]string
	order []string
}

func newRecentTopics(max int) *recentTopics {
	return &recentTopics{max: max, byRef: map[string]string{}}
}

func (r *recentTopics) remember(topic string) {
	topic = briefing.NormalizeTopic(topic)
	ref := topicRef(topic)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byRef[ref]; ok {
		return
	}
	if len(r.order) >= r.max {
		delete(r.byRef, r.order[0])
		r.order = r.order[1:]
	}
	r.byRef[ref] = topic
	r.order = append(r.order, ref)
}

func (r *recentTopics) lookup(ref string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.byRef[ref]
	return t, ok
}
