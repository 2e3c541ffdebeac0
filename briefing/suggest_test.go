package briefing_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/briefbot/briefbot/briefing"
)

func suggestionEngine(t *testing.T) *briefing.Engine {
	eng, _ := literalEngine(t,
		[2]string{"Election day set for June", "The election commission named the date; elections in two regions follow."},
		[2]string{"Electronics makers see strong sales", "Consumer electronics sold well, and electronics exports rose for 4 months."},
		[2]string{"Electronics fair opens", "Electronics from 50 countries, 3 halls and 1 stage: electronics everywhere."},
		[2]string{"Steel tariffs raised", "The tariffs take effect in 500 days; tariffs on aluminium follow in 1 year."},
	)
	return eng
}

func suggestions(t *testing.T, eng *briefing.Engine, topic string) []string {
	t.Helper()
	b, err := eng.Brief(context.Background(), topic, briefing.BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 0 {
		t.Fatalf("%q matched %d stories; the test needs a topic that matches nothing", topic, len(b.Items))
	}
	return b.Suggestions
}

func TestDidYouMeanPrefersTheClosestSpelling(t *testing.T) {
	eng := suggestionEngine(t)
	// "electronics" is commoner here, but "election" is one swap away
	if got := suggestions(t, eng, "eletcion"); len(got) == 0 || got[0] != "election" {
		t.Errorf("eletcion: %v, want election first", got)
	}
	if got := suggestions(t, eng, "tarrifs"); !slices.Contains(got, "tariffs") {
		t.Errorf("tarrifs: %v, want tariffs", got)
	}
}

func TestDidYouMeanNeverOffersBareNumbers(t *testing.T) {
	eng := suggestionEngine(t)
	for _, topic := range []string{"S&P 5000", "51", "tarrifs 3"} {
		for _, s := range suggestions(t, eng, topic) {
			if !strings.ContainsFunc(s, unicode.IsLetter) {
				t.Errorf("%q: suggested %q, a bare number", topic, s)
			}
		}
	}
}

func TestWhyNamesEveryAlternativeThatMatched(t *testing.T) {
	eng, _ := literalEngine(t,
		[2]string{"Tariffs and duties on steel rise", "New duties join the tariffs from Monday."},
		[2]string{"Orchard growers count the cost of frost", "Apples were hit."},
	)
	ms, err := eng.Match(context.Background(), "tariffs OR duties", briefing.MatchOptions{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("matches %+v, %v", ms, err)
	}
	if !strings.Contains(ms[0].Why, "tariffs") || !strings.Contains(ms[0].Why, "duties") {
		t.Errorf("why %q: want both alternatives named", ms[0].Why)
	}
}
