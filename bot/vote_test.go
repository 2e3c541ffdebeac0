package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// judgmentMap is an in-memory briefing.JudgmentStore: a later verdict on
// an article replaces the earlier one, as storage's does.
type judgmentMap struct {
	mu sync.Mutex
	m  map[string][]briefing.Judgment
}

func (j *judgmentMap) key(ch briefing.Channel, topic string) string {
	return ch.String() + "|" + briefing.NormalizeTopic(topic)
}

func (j *judgmentMap) Judge(_ context.Context, ch briefing.Channel, topic string, v briefing.Judgment, _ string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	k := j.key(ch, topic)
	for i, old := range j.m[k] {
		if old.ArticleID == v.ArticleID {
			j.m[k][i] = v
			return nil
		}
	}
	j.m[k] = append(j.m[k], v)
	return nil
}

func (j *judgmentMap) Judgments(_ context.Context, ch briefing.Channel, topic string) ([]briefing.Judgment, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]briefing.Judgment(nil), j.m[j.key(ch, topic)]...), nil
}

// voteWorld is a router over four hand-written stories with a judgment
// store and the article check.
func voteWorld(t *testing.T) (*bot.Router, *briefingtest.MemStore, *judgmentMap, []int64) {
	t.Helper()
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	var arts []briefing.Article
	for i, port := range []string{"Busan", "Santos", "Durban", "Halifax"} {
		arts = append(arts, briefing.Article{Source: "Harbor Wire", URL: fmt.Sprintf("https://news.example/v%d", i),
			Published: time.Date(2026, 12, 1+i, 9, 0, 0, 0, time.UTC), Title: "New tariffs slow the port of " + port,
			Text: "Dock workers in " + port + " said the tariffs cut container traffic by a third this week."})
	}
	added, err := eng.Ingest(context.Background(), arts)
	if err != nil || len(added.Added) != len(arts) {
		t.Fatalf("ingest: %+v %v", added, err)
	}
	js := &judgmentMap{m: map[string][]briefing.Judgment{}}
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, eng, store, bot.CoreConfig{Judgments: js, Articles: store})
	ms, err := eng.Match(context.Background(), "tariffs", briefing.MatchOptions{})
	if err != nil || len(ms) != 4 {
		t.Fatalf("match: %d %v", len(ms), err)
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ArticleID
	}
	return r, store, js, ids
}

func click(t *testing.T, r *bot.Router, ch briefing.Channel, value string) bot.Reply {
	t.Helper()
	req, err := bot.VoteRequest(value)
	if err != nil {
		t.Fatalf("VoteRequest(%q): %v", value, err)
	}
	req.Channel, req.User = ch, bot.User{ID: "U1"}
	return r.Handle(context.Background(), req)
}

// A control's value round-trips to the /rate it stands for: a second
// click changes nothing, a change of mind replaces the verdict, and the
// verdict is the clicking channel's alone.
func TestVoteValueJudgesThroughRate(t *testing.T) {
	r, _, js, ids := voteWorld(t)
	c1 := briefing.Channel{Platform: "slack", ID: "C1"}
	down, ok := bot.VoteValue("Tariffs", ids[0], false, 100)
	if !ok || !strings.HasPrefix(down, "d ") || !strings.HasSuffix(down, " tariffs") {
		t.Fatalf("VoteValue: %q %v", down, ok)
	}
	if rep := click(t, r, c1, down); rep.Error || !strings.HasPrefix(rep.Text, "Noted 👎") {
		t.Fatalf("first click: %+v", rep)
	}
	if rep := click(t, r, c1, down); rep.Error || !strings.HasPrefix(rep.Text, "Already noted 👎") {
		t.Fatalf("second click: %+v", rep)
	}
	up, _ := bot.VoteValue("tariffs", ids[0], true, 100)
	if rep := click(t, r, c1, up); rep.Error || !strings.HasPrefix(rep.Text, "Changed 👎 to 👍") {
		t.Fatalf("change of mind: %+v", rep)
	}
	got, _ := js.Judgments(context.Background(), c1, "tariffs")
	if len(got) != 1 || got[0] != (briefing.Judgment{ArticleID: ids[0], Up: true}) {
		t.Fatalf("judgments after three clicks: %+v", got)
	}
	if other, _ := js.Judgments(context.Background(), briefing.Channel{Platform: "slack", ID: "C2"}, "tariffs"); len(other) != 0 {
		t.Fatalf("another channel got judgments: %+v", other)
	}
}

// A topic too long for the value travels as a reference, which resolves
// to a topic the process briefed, or one the channel watches; an
// unresolvable reference, an unknown story or a damaged value is a clear
// error that records nothing.
func TestVoteValueReferencesAndRefusals(t *testing.T) {
	r, store, js, ids := voteWorld(t)
	ctx := context.Background()
	c1 := briefing.Channel{Platform: "discord", ID: "55"}
	long := "tariffs port container traffic dock workers week third cut new slow"
	v, ok := bot.VoteValue(long, ids[1], false, 40)
	if !ok || len(v) > 40 || strings.Contains(v, "tariffs") {
		t.Fatalf("long topic: %q %v", v, ok)
	}
	if rep := click(t, r, c1, v); !rep.Error || !rep.Private || !strings.Contains(rep.Text, "no longer known") {
		t.Fatalf("unresolved reference: %+v", rep)
	}
	if rep := r.Handle(ctx, bot.Request{Channel: c1, User: bot.User{ID: "U1"}, Command: "brief", Text: long}); rep.Error || len(rep.Sections) != 1 || rep.Sections[0].Topic != long {
		t.Fatalf("brief: %+v", rep)
	}
	if rep := click(t, r, c1, v); rep.Error || !strings.Contains(rep.Text, long) {
		t.Fatalf("reference after /brief: %+v", rep)
	}
	// A reference to a watched topic resolves without a /brief of it (a
	// digest's controls, after a restart).
	watched := "dock workers tariffs"
	if _, err := store.AddWatch(ctx, briefing.Watch{Channel: c1, Topic: watched}); err != nil {
		t.Fatal(err)
	}
	v2, _ := bot.VoteValue(watched, ids[2], true, 20+len(fmt.Sprint(ids[2])))
	if !strings.Contains(v2, "ref:") {
		t.Fatalf("want a reference: %q", v2)
	}
	if rep := click(t, r, c1, v2); rep.Error || !strings.Contains(rep.Text, watched) {
		t.Fatalf("watched reference: %+v", rep)
	}
	before, _ := js.Judgments(ctx, c1, watched)
	missing, _ := bot.VoteValue("tariffs", 999999, false, 100)
	if rep := click(t, r, c1, missing); !rep.Error || !strings.Contains(rep.Text, "no article 999999") {
		t.Fatalf("unknown story: %+v", rep)
	}
	if got, _ := js.Judgments(ctx, c1, "tariffs"); len(got) != 0 {
		t.Fatalf("unknown story recorded: %+v", got)
	}
	if after, _ := js.Judgments(ctx, c1, watched); len(after) != len(before) {
		t.Fatalf("judgments changed: %+v → %+v", before, after)
	}
	for _, bad := range []string{"", "x 1 tariffs", "u abc tariffs", "u 0 tariffs", "u 5"} {
		if _, err := bot.VoteRequest(bad); err == nil {
			t.Errorf("VoteRequest(%q) accepted", bad)
		}
	}
	if _, ok := bot.VoteValue("tariffs", 12, true, 5); ok {
		t.Error("a value that cannot fit was offered")
	}
}
