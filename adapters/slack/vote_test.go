package slack

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

func voteItems(n int) []briefing.Item {
	items := make([]briefing.Item, n)
	for i := range items {
		items[i] = briefing.Item{ID: int64(100 + i), Title: fmt.Sprintf("Tariffs story %d", i+1),
			URL: fmt.Sprintf("https://news.example/v%d", i), Summary: []string{"Customs held the cargo after the tariffs."},
			Why: "“tariffs” in the title"}
	}
	return items
}

// voteButtons returns the 👍 values of the messages' buttons, in order.
func voteButtons(msgs []message) []string {
	var out []string
	for _, m := range msgs {
		for _, b := range m.blocks {
			a, ok := b.(*slack.ActionBlock)
			if !ok {
				continue
			}
			for _, e := range a.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok && btn.ActionID == voteUpActionID {
					out = append(out, btn.Value)
				}
			}
		}
	}
	return out
}

// Every story of a section with a topic gets 👍/👎, a /brief of 50 as
// well as a digest of several topics, and every message stays within
// Slack's limits (the buttons take the divider's place, so no message
// holds more blocks for them). A section without a topic gets none.
func TestVoteButtonsOnEveryStoryWithinLimits(t *testing.T) {
	brief := bot.Reply{Title: "Briefing: tariffs", Text: "50 stories.", More: "brief tariffs limit 50 page 2",
		Sections: []bot.Section{{Heading: "tariffs", Topic: "tariffs", Items: voteItems(50)}}}
	digest := bot.Reply{Title: "Digest", Sections: []bot.Section{{Heading: "tariffs", Topic: "tariffs", Items: voteItems(3)},
		{Heading: "crude oil (carried over)", Topic: "crude oil", Items: voteItems(4)[1:]}}}
	for name, c := range map[string]struct {
		r    bot.Reply
		want []string
	}{
		"brief":  {brief, nil},
		"digest": {digest, []string{"u 100 tariffs", "u 101 tariffs", "u 102 tariffs", "u 101 crude oil", "u 102 crude oil", "u 103 crude oil"}},
	} {
		msgs := render(c.r, renderOptions{})
		for i, m := range msgs {
			if err := validate(m); err != nil || len(m.blocks) > maxBlocks {
				t.Errorf("%s: message %d of %d: %d blocks, %v", name, i+1, len(msgs), len(m.blocks), err)
			}
		}
		got := voteButtons(msgs)
		stories := 0
		for _, s := range c.r.Sections {
			stories += len(s.Items)
		}
		if len(got) != stories || (c.want != nil && strings.Join(got, "|") != strings.Join(c.want, "|")) {
			t.Errorf("%s: %d 👍 buttons for %d stories: %q", name, len(got), stories, got)
		}
		for _, v := range got {
			if req, err := bot.VoteRequest(v); err != nil || req.Command != "rate" {
				t.Errorf("%s: value %q is not a vote: %v", name, v, err)
			}
		}
	}
	plain := bot.Reply{Title: "x", Sections: []bot.Section{{Heading: "x", Items: voteItems(2)}}}
	if got := voteButtons(render(plain, renderOptions{})); len(got) != 0 {
		t.Errorf("a section without a topic got buttons: %q", got)
	}
}

// judgments is an in-memory briefing.JudgmentStore.
type judgments struct {
	mu sync.Mutex
	m  map[string]briefing.Judgment // channel|topic|id
}

func (j *judgments) Judge(_ context.Context, ch briefing.Channel, topic string, v briefing.Judgment, _ string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.m[fmt.Sprintf("%s|%s|%d", ch, briefing.NormalizeTopic(topic), v.ArticleID)] = v
	return nil
}

func (j *judgments) Judgments(_ context.Context, ch briefing.Channel, topic string) ([]briefing.Judgment, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []briefing.Judgment
	for k, v := range j.m {
		if strings.HasPrefix(k, fmt.Sprintf("%s|%s|", ch, briefing.NormalizeTopic(topic))) {
			out = append(out, v)
		}
	}
	return out, nil
}

// A click is a /rate in the channel of the signed payload, answered to
// the clicker alone; a value that is not a vote runs nothing and says so.
func TestVoteClickRunsRateInThePayloadsChannel(t *testing.T) {
	w := newWorld(t, nil)
	js := &judgments{m: map[string]briefing.Judgment{}}
	eng := briefing.NewEngine(w.store, briefing.Config{})
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, w.store, bot.CoreConfig{Judgments: js})
	w.h.Handler = router
	ms, err := eng.Match(context.Background(), "gsomia", briefing.MatchOptions{})
	if err != nil || len(ms) == 0 {
		t.Fatalf("no gsomia stories: %v", err)
	}
	value, _ := bot.VoteValue("gsomia", ms[0].ArticleID, false, maxButtonValue)
	clickWith := func(value string) map[string]any {
		t.Helper()
		respURL := w.fake.ResponseURL()
		payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0BOB", "name": "bob"},
			"channel": map[string]any{"id": "C0GEN"}, "response_url": respURL, "trigger_id": "t1",
			"actions": []any{map[string]any{"action_id": voteDownActionID, "block_id": "b", "value": value, "type": "button"}}}
		form := url.Values{"payload": {string(mustJSON(t, payload))}}
		before := len(w.fake.Responses())
		if code, b := w.post(t, "/slack/interactions", testSecret, time.Now(), formType, []byte(form.Encode())); code != 200 {
			t.Fatalf("click: %d %s", code, b)
		}
		waitFor(t, w.fake, "the answer", func() bool { return len(w.fake.Responses()) == before+1 })
		r := w.fake.Responses()[before]
		if r.Type() != "ephemeral" || r.Path != strings.TrimPrefix(respURL, w.fake.URL()) {
			t.Fatalf("answer is %s at %s, want ephemeral at the click's response_url", r.Type(), r.Path)
		}
		return r.Body
	}
	if body := clickWith(value); !strings.Contains(fmt.Sprint(body), "Noted 👎") {
		t.Fatalf("answer: %v", body)
	}
	reqs := w.h.requests()
	if len(reqs) != 1 || reqs[0].Command != "rate" || reqs[0].Channel != (briefing.Channel{Platform: Platform, ID: "C0GEN"}) || reqs[0].User.ID != "U0BOB" {
		t.Fatalf("requests: %+v", reqs)
	}
	if got, _ := js.Judgments(context.Background(), briefing.Channel{Platform: Platform, ID: "C0GEN"}, "gsomia"); len(got) != 1 || got[0].Up {
		t.Fatalf("judgments: %+v", got)
	}
	if body := clickWith("digest off"); !strings.Contains(fmt.Sprint(body), "Sorry") {
		t.Fatalf("a damaged value: %v", body)
	}
	if n := len(w.h.requests()); n != 1 {
		t.Fatalf("a damaged value reached the router: %d requests", n)
	}
}
