package briefing_test

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

func TestParseQuery(t *testing.T) {
	st := briefing.NewStemmer()
	q, err := briefing.ParseQuery(st, `crude oil OR "natural gas" | petroleum -"heating oil" -shale`)
	if err != nil {
		t.Fatal(err)
	}
	var alts []string
	for _, alt := range q.Alts {
		var cs []string
		for _, c := range alt {
			cs = append(cs, strings.Join(c.Forms[0], "_"))
		}
		alts = append(alts, strings.Join(cs, "+"))
	}
	want := []string{"crude+oil", "natur_gas", "petroleum"}
	if !reflect.DeepEqual(alts, want) {
		t.Errorf("alternatives %q, want %q", alts, want)
	}
	if len(q.Not) != 2 || q.Not[0].Surface != "heating oil" || q.Not[1].Surface != "shale" {
		t.Errorf("exclusions %+v", q.Not)
	}
	// A topic of exclusions only is refused as such, not as "very common
	// words".
	for topic, want := range map[string]string{"-crane": "for example: harbour -crane", `-"crane strike" -port`: `for example: harbour -"crane strike"`} {
		if _, err := briefing.ParseQuery(st, topic); briefing.ErrorCode(err) != briefing.EInvalid || !strings.Contains(err.Error(), "only leaves things out") || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseQuery(%q) error %v, want the exclusions-only message with %q", topic, err, want)
		}
	}
	for _, bad := range []string{"", "   ", "the of and", strings.Repeat("x", briefing.MaxTopicLength+1)} {
		if _, err := briefing.ParseQuery(st, bad); briefing.ErrorCode(err) != briefing.EInvalid {
			t.Errorf("ParseQuery(%.20q) error %v, want EInvalid", bad, err)
		}
	}
}

// topicCorpus is a small set of made-up wire stories.
var topicCorpus = []briefing.Article{
	{Title: "Refinery restarts after fire", Text: "The refinery in Rotterdam restarted crude oil processing on Monday. Crude oil prices eased after the news."},
	{Title: "Heating oil stocks fall", Text: "Heating oil inventories fell for a third week as a cold spell lifted demand for heating oil."},
	{Title: "Natural gas output rises", Text: "Natural gas output from the North Sea rose 4.5 percent in March. Natural gas exports grew as well."},
	{Title: "Petroleum ministers meet", Text: "Petroleum ministers met in Vienna to discuss petroleum output quotas for the second quarter."},
	{Title: "Shale producers cut rigs", Text: "Shale producers cut rigs again. The shale crude oil boom is slowing as crude oil prices fall."},
	{Title: "Boeing 747 retired", Text: "The last Boeing 747 in passenger service was retired. The 747 flew for five decades."},
	{Title: "Moon Jae-in visits Tokyo", Text: "South Korean President Moon Jae-in arrived in Tokyo for talks. Moon Jae-in met the prime minister."},
	{Title: "Pact ends", Text: "Seoul ended the General Security of Military Information Agreement (GSOMIA) on Friday. The agreement covered missile data."},
	{Title: "Washington urges Seoul", Text: "Washington urged Seoul to keep GSOMIA. Officials said GSOMIA helps track missile launches."},
	{Title: "Sanctions widened", Text: "The council widened sanctions on shipping firms. The sanctions take effect in May."},
}

func newTopicEngine(t *testing.T) *briefing.Engine {
	t.Helper()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	arts := make([]briefing.Article, len(topicCorpus))
	for i, a := range topicCorpus {
		a.Source, a.GUID = "test", a.Title
		a.Published = time.Date(2024, 3, 1+i, 9, 0, 0, 0, time.UTC)
		arts[i] = a
	}
	if _, err := eng.Ingest(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	return eng
}

func matchedTitles(t *testing.T, eng *briefing.Engine, topic string) []string {
	t.Helper()
	ms, err := eng.Match(context.Background(), topic, briefing.MatchOptions{})
	if err != nil {
		t.Fatalf("Match(%q): %v", topic, err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, topicCorpus[m.ArticleID-1].Title)
	}
	sort.Strings(out)
	return out
}

func TestTopicLanguage(t *testing.T) {
	eng := newTopicEngine(t)
	tests := []struct {
		topic string
		want  []string
	}{
		{"crude oil", []string{"Refinery restarts after fire", "Shale producers cut rigs"}},
		{`"crude oil" -shale`, []string{"Refinery restarts after fire"}},
		{`oil -"heating oil"`, []string{"Refinery restarts after fire", "Shale producers cut rigs"}},
		{"natural gas OR petroleum", []string{"Natural gas output rises", "Petroleum ministers meet"}},
		{"natural gas | petroleum", []string{"Natural gas output rises", "Petroleum ministers meet"}},
		{"SANCTION", []string{"Sanctions widened"}},
		{"747", []string{"Boeing 747 retired"}},
		{"Jae-in", []string{"Moon Jae-in visits Tokyo"}},
		{"jaein", []string{"Moon Jae-in visits Tokyo"}},
		{"gsomia", []string{"Pact ends", "Washington urges Seoul"}},
		{"General Security of Military Information Agreement", []string{"Pact ends", "Washington urges Seoul"}},
		{`"information agreement"`, []string{"Pact ends"}},
	}
	for _, tt := range tests {
		if got := matchedTitles(t, eng, tt.topic); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q selects %q, want %q", tt.topic, got, tt.want)
		}
	}
}

func TestAcronymInBracketsAtStart(t *testing.T) {
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	_, err := eng.Ingest(context.Background(), []briefing.Article{{Source: "t", Title: "(WHO) report", Text: "(WHO) The World Health Organization (WHO) said cases fell."}})
	if err != nil {
		t.Fatal(err)
	}
	if ms, _ := eng.Match(context.Background(), "world health organization", briefing.MatchOptions{}); len(ms) != 1 {
		t.Errorf("long form found %d articles, want 1", len(ms))
	}
}
