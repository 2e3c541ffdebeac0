package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// longHandler answers /brief with n long stories: a reply of many
// messages, more than response_url's five.
type longHandler struct {
	bot.Handler
	n int
}

func longReply(topic string, n int) bot.Reply {
	var items []briefing.Item
	for i := range n {
		items = append(items, briefing.Item{Title: fmt.Sprintf("Story %03d", i), Summary: []string{strings.Repeat("Words & more words. ", 120)}})
	}
	return bot.BriefingReply(briefing.Briefing{Topic: topic, Items: items, Total: n})
}

func (h longHandler) Handle(ctx context.Context, req bot.Request) bot.Reply {
	return longReply(req.Text, h.n)
}

// storiesIn lists the "Story NNN" names in the texts of a response.
func storiesIn(t *testing.T, body map[string]any) []string {
	return storyNum.FindAllString(strings.Join(blockTexts(t, body), "\n"), -1)
}

// Acceptance 5: a 50-story reply in a channel the bot is not in. Slack
// (the fake) answers chat.postMessage with not_in_channel; every story is
// either delivered through the response_url or named in an ephemeral note
// that says why and how to invite the bot.
func TestRefusedTailIsReportedStoryByStory(t *testing.T) {
	w := newWorld(t, nil)
	w.h.Handler = longHandler{w.h.Handler, 50}
	if n := len(render(longReply("tariffs", 50), renderOptions{watchTopic: "tariffs"})); n <= maxResponseURLPosts+1 {
		t.Fatalf("the reply is %d messages; the test needs more than %d", n, maxResponseURLPosts+1)
	}
	w.fake.RefusePosts("C0OUT", "not_in_channel")
	if code, _ := w.command(t, "/brief", "tariffs", "C0OUT", w.fake.ResponseURL()); code != 200 {
		t.Fatalf("ack %d", code)
	}
	w.a.work.Wait()
	rs := w.fake.Responses()
	if len(rs) != maxResponseURLPosts {
		t.Fatalf("%d response_url posts, want all %d used", len(rs), maxResponseURLPosts)
	}
	shown := map[string]bool{}
	for _, r := range rs[:maxResponseURLPosts-1] {
		if r.Type() != "in_channel" {
			t.Fatalf("story message of type %s", r.Type())
		}
		for _, s := range storiesIn(t, r.Body) {
			shown[s] = true
		}
	}
	note := rs[maxResponseURLPosts-1]
	told := storiesIn(t, note.Body)
	if note.Type() != "ephemeral" || !strings.Contains(note.Text(), "not_in_channel") || !strings.Contains(note.Text(), "/invite @briefbot") ||
		!strings.Contains(note.Text(), fmt.Sprintf("%d stories were not posted", len(told))) {
		t.Fatalf("note: %s %s", note.Type(), note.Text())
	}
	for _, s := range told {
		if shown[s] {
			t.Fatalf("%s is both shown and listed as not shown", s)
		}
		shown[s] = true
	}
	if len(shown) != 50 || len(told) == 0 {
		t.Fatalf("%d of 50 stories delivered or named (%d named as not shown)", len(shown), len(told))
	}
	if posts := w.fake.Calls("chat.postMessage"); len(posts) != 1 || posts[0].Error != "not_in_channel" {
		t.Fatalf("Web API posts: %+v", posts)
	}
}

// A digest to a channel that refuses the bot fails with the reason and
// the remedy, for the ledger and /digest.
func TestDigestToARefusingChannelSaysWhy(t *testing.T) {
	w := newWorld(t, nil)
	w.fake.RefusePosts("C0GONE", "not_in_channel")
	ids, err := w.a.Send(context.Background(), briefing.Channel{Platform: Platform, ID: "C0GONE"}, longReply("tariffs", 2))
	if err == nil || len(ids) != 0 || !strings.Contains(err.Error(), "briefbot is not a member of this channel (not_in_channel): invite it with /invite @briefbot") {
		t.Fatalf("ids %v err %v", ids, err)
	}
}
