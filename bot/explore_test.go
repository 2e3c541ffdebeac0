package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// exploreEngine answers every /brief with one story and, when asked to
// explore, one exploratory story after it; it records what it was asked.
type exploreEngine struct {
	bot.Engine
	asked []briefing.BriefOptions
}

func (e *exploreEngine) Brief(_ context.Context, topic string, opt briefing.BriefOptions) (briefing.Briefing, error) {
	e.asked = append(e.asked, opt)
	b := briefing.Briefing{Topic: topic, Total: 1, Matches: 1, Items: []briefing.Item{{ID: 1, Title: "Dredgers deepen the berth"}}}
	if opt.Explore > 0 {
		b.Items = append(b.Items, briefing.Item{ID: 2, Title: "Tugs idle on the waterfront", Exploratory: true})
	}
	return b, nil
}

// /brief asks for exploration only when configured and when a 👍/👎 can be
// recorded; its reply counts the question apart from the stories, and
// the question carries the section's topic for its controls.
func TestBriefAsksForExplorationOnlyWhereItCanBeJudged(t *testing.T) {
	ch := briefing.Channel{Platform: "console", ID: "ops"}
	for _, tc := range []struct {
		name    string
		cfg     bot.CoreConfig
		explore int
	}{
		{"default", bot.CoreConfig{Judgments: &judgmentMap{m: map[string][]briefing.Judgment{}}}, 0},
		{"on", bot.CoreConfig{Judgments: &judgmentMap{m: map[string][]briefing.Judgment{}}, Explore: 2}, 2},
		{"over the cap", bot.CoreConfig{Judgments: &judgmentMap{m: map[string][]briefing.Judgment{}}, Explore: 9}, briefing.MaxExplore},
		{"no judgment store", bot.CoreConfig{Explore: 2}, 0},
	} {
		eng := &exploreEngine{}
		r := bot.NewRouter(bot.RouterConfig{})
		bot.RegisterCore(r, eng, briefingtest.NewMemStore(), tc.cfg)
		rep := r.Handle(context.Background(), bot.Request{Command: "brief", Text: "harbour", Channel: ch, User: bot.User{ID: "U1"}})
		if rep.Error || len(eng.asked) != 1 || eng.asked[0].Explore != tc.explore || eng.asked[0].Limit != 5-tc.explore {
			t.Fatalf("%s: asked %+v, reply %+v; want Explore %d of the 5 places", tc.name, eng.asked, rep, tc.explore)
		}
		if tc.explore == 0 {
			continue
		}
		// page 2 starts where page 1's stories ended, and asks nothing
		r.Handle(context.Background(), bot.Request{Command: "brief", Text: "harbour page 2", Channel: ch, User: bot.User{ID: "U1"}})
		if p2 := eng.asked[1]; p2.Offset != 5-tc.explore || p2.Limit != 5 || p2.Explore != 0 {
			t.Errorf("%s: page 2 asked %+v, want offset %d, limit 5, no exploration", tc.name, p2, 5-tc.explore)
		}
		// a one-story briefing has no place for a question
		r.Handle(context.Background(), bot.Request{Command: "brief", Text: "harbour limit 1", Channel: ch, User: bot.User{ID: "U1"}})
		if one := eng.asked[2]; one.Limit != 1 || one.Explore != 0 {
			t.Errorf("%s: limit 1 asked %+v, want the story alone", tc.name, one)
		}
		if !strings.HasPrefix(rep.Text, "1 story, oldest first. 1 question after them") || rep.Footer != "" {
			t.Errorf("%s: text %q footer %q: the question is not a story, nor a story not shown", tc.name, rep.Text, rep.Footer)
		}
		if len(rep.Sections) != 1 || rep.Sections[0].Topic != "harbour" || len(rep.Sections[0].Items) != 2 {
			t.Errorf("%s: sections %+v, want the story and the question under the topic", tc.name, rep.Sections)
		}
		kept := bot.WithoutExploratory(rep)
		if len(kept.Sections[0].Items) != 1 || len(kept.Briefing.Items) != 1 || kept.Briefing.Items[0].Exploratory {
			t.Errorf("%s: WithoutExploratory kept %+v", tc.name, kept.Sections[0].Items)
		}
		if len(rep.Sections[0].Items) != 2 {
			t.Errorf("%s: WithoutExploratory changed the reply it was given", tc.name)
		}
	}
}
