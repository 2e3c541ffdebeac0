package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/briefing"
)

// /rate: a channel's 👍/👎 on a story for a topic. The verdicts are the
// channel's own (another channel's answers never change), and /brief in
// the channel applies them (briefing.Judgment): an article judged down
// never returns for that topic there. The 👍/👎 buttons of Slack and
// Discord run this command too (see vote.go), so a click and a typed
// /rate are judged alike; saying the same verdict twice changes nothing.

func (c *core) registerRate(r *Router) {
	r.Register(&Command{CommandSpec: CommandSpec{Name: "rate",
		Description: "Judge a story for a topic (👍 up / 👎 down), or list this channel's judgments",
		Usage:       "/rate <topic> <article-id> up|down, or /rate <topic>", Example: "/rate crude oil 1234 down",
		Args: []Arg{{Name: "topic", Description: "the topic, then the story's id and up or down", Required: true}}},
		Run: c.rate})
}

// parseRate splits "<topic> <id> up|down" (or a bare topic, to list).
func parseRate(text string) (topic string, id int64, up, judge bool, err error) {
	f := strings.Fields(text)
	if n := len(f); n >= 3 {
		verdict, _, _ := strings.Cut(strings.ToLower(f[n-1]), ":skin-tone-") // Slack's :+1::skin-tone-3:
		if v, ok := verdicts[verdict]; ok {
			id, perr := strconv.ParseInt(f[n-2], 10, 64)
			if perr != nil || id <= 0 {
				return "", 0, false, false, briefing.Errorf(briefing.EInvalid, "the article id must be a whole number, not “%s” (usage: /rate <topic> <article-id> up|down)", f[n-2])
			}
			return strings.Join(f[:n-2], " "), id, v, true, nil
		}
	}
	return strings.Join(f, " "), 0, false, false, nil
}

// verdicts are the words for up and down; Slack sends a typed 👍 as its
// short code.
var verdicts = map[string]bool{"up": true, "👍": true, "+1": true, ":+1:": true, ":thumbsup:": true,
	"down": false, "👎": false, "-1": false, ":-1:": false, ":thumbsdown:": false}

func (c *core) rate(ctx context.Context, req Request) (Reply, error) {
	topic, id, up, judge, err := parseRate(req.Text)
	if err != nil {
		return Reply{}, err
	}
	if isTopicRef(topic) {
		if topic, err = c.resolveRef(ctx, req.Channel, topic); err != nil {
			return Reply{}, err
		}
	}
	if _, err := c.eng.CountMatches(ctx, topic); err != nil { // validates the topic
		return Reply{}, err
	}
	topic = briefing.NormalizeTopic(topic)
	if !judge {
		return c.listJudgments(ctx, req.Channel, topic, c.verdictHint(ctx, req.Channel, topic))
	}
	if err := c.storyExists(ctx, req.Channel, id, topic); err != nil {
		return Reply{}, err
	}
	before, err := c.cfg.Judgments.Judgments(ctx, req.Channel, topic)
	if err != nil {
		return Reply{}, err
	}
	if err := c.cfg.Judgments.Judge(ctx, req.Channel, topic, briefing.Judgment{ArticleID: id, Up: up}, req.User.ID); err != nil {
		return Reply{}, err
	}
	effect := "stories like it will rank higher here"
	if !up {
		effect = "it will not appear in this channel's briefings on it again"
	}
	noted := "Noted"
	for _, j := range before {
		switch {
		case j.ArticleID == id && j.Up == up:
			noted = "Already noted" // a second click changes nothing
		case j.ArticleID == id:
			noted = fmt.Sprintf("Changed %s to", thumb(j.Up))
		}
	}
	return Reply{Text: fmt.Sprintf("%s %s for article %d on “%s”: %s.", noted, thumb(up), id, topic, effect)}, nil
}

func (c *core) listJudgments(ctx context.Context, ch briefing.Channel, topic, hint string) (Reply, error) {
	js, err := c.cfg.Judgments.Judgments(ctx, ch, topic)
	if err != nil {
		return Reply{}, err
	}
	if len(js) == 0 && hint != "" {
		return Reply{Text: fmt.Sprintf("This channel has judged no stories for “%s” yet. %s", topic, hint)}, nil
	}
	if len(js) == 0 {
		return Reply{Text: fmt.Sprintf("This channel has judged no stories for “%s” yet. Judge one with /rate %s <article-id> up|down.", topic, topic)}, nil
	}
	parts := make([]string, len(js))
	for i, j := range js {
		parts[i] = fmt.Sprintf("%s %d", thumb(j.Up), j.ArticleID)
	}
	return Reply{Title: "Judgments: " + topic, Text: fmt.Sprintf("This channel's judgments for “%s”: %s.", topic, strings.Join(parts, ", "))}, nil
}

// verdictHint reads a /rate that ends in a stored story's id and a word
// that is no verdict ("/rate oil 1234 sideways") as a judgment with a
// mistyped verdict, and says how to give it; "" otherwise (a topic may
// end in a number and a word: "covid 19 vaccine").
func (c *core) verdictHint(ctx context.Context, ch briefing.Channel, topic string) string {
	f := strings.Fields(topic)
	if len(f) < 3 {
		return ""
	}
	id, err := strconv.ParseInt(f[len(f)-2], 10, 64)
	if err != nil || id <= 0 || c.cfg.Articles == nil || c.storyExists(ctx, ch, id, "") != nil {
		return ""
	}
	rest := strings.Join(f[:len(f)-2], " ")
	return fmt.Sprintf("To judge article %d for “%s”, end with up or down, not “%s”: /rate %s %d up.", id, rest, f[len(f)-1], rest, id)
}

// storyExists refuses a judgment on an article that is not stored (a
// mistyped id, or a damaged button) or that ch may not read (another
// channel's private source: answered as for an unknown id, so the reply
// tells nothing of it); without an article store, any id is taken.
func (c *core) storyExists(ctx context.Context, ch briefing.Channel, id int64, topic string) error {
	if c.cfg.Articles == nil {
		return nil
	}
	as, err := c.cfg.Articles.Articles(ctx, []int64{id})
	if err != nil {
		return err
	}
	hidden, err := c.hidden(ctx, ch)
	if err != nil {
		return err
	}
	if len(as) == 0 || hidden[as[0].Source] {
		return briefing.Errorf(briefing.ENotFound, "there is no article %d, so nothing was judged; judge the stories /brief %s shows, "+
			"with their 👍/👎 (or the /rate line under each one in a terminal)", id, topic)
	}
	return nil
}

// resolveRef finds the topic a 👍/👎 control's reference stands for (see
// VoteValue): one this process briefed lately, else one the channel
// watches (a digest's topics).
func (c *core) resolveRef(ctx context.Context, ch briefing.Channel, ref string) (string, error) {
	if t, ok := c.refs.lookup(ref); ok {
		return t, nil
	}
	if c.cfg.TopicRefs != nil {
		t, err := c.cfg.TopicRefs.TopicByRef(ctx, ref)
		if err != nil {
			return "", err
		}
		if t != "" {
			c.refs.remember(t)
			return t, nil
		}
	}
	ws, err := c.watches.Watches(ctx, ch)
	if err != nil {
		return "", err
	}
	for _, w := range ws {
		if topicRef(briefing.NormalizeTopic(w.Topic)) == ref {
			return w.Topic, nil
		}
	}
	return "", briefing.Errorf(briefing.ENotFound, "that button's topic is no longer known here (its briefing is too old, or briefbot restarted without a database since), so nothing was judged; "+
		"use /rate <topic> <article-id> up|down")
}

func thumb(up bool) string {
	if up {
		return "👍"
	}
	return "👎"
}

// judgments loads the channel's verdicts for a topic; none without a
// judgment store.
func (c *core) judgments(ctx context.Context, req Request) ([]briefing.Judgment, error) {
	if c.cfg.Judgments == nil {
		return nil, nil
	}
	return c.cfg.Judgments.Judgments(ctx, req.Channel, req.Text)
}
