package bot

import (
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

func TestBriefingReplySaysWhenTheTotalIsALowerBound(t *testing.T) {
	two := []briefing.Item{{Title: "A"}, {Title: "B"}}
	for _, tc := range []struct {
		b    briefing.Briefing
		want string
	}{
		{briefing.Briefing{Total: 5, Matches: 9}, "3 more stories not shown."}, // every match folded: exact
		{briefing.Briefing{Total: 2, Matches: 4}, ""},
		// matches past the folded candidates: the folded stories are a lower bound
		{briefing.Briefing{Total: 20, TotalAtLeast: true, Matches: 340}, "At least 18 more stories not shown (340 matching articles)."},
		{briefing.Briefing{Total: 20, TotalAtLeast: true, Matches: 20000, MatchesAtLeast: true},
			"At least 18 more stories not shown (at least 20000 matching articles)."},
		{briefing.Briefing{Total: 2, TotalAtLeast: true, Matches: 31}, "More stories may be among the 31 matching articles."},
	} {
		tc.b.Topic, tc.b.Items = "oil", two
		if r := BriefingReply(tc.b); r.Footer != tc.want {
			t.Errorf("total %d (at least %v), matches %d (at least %v): footer %q, want %q",
				tc.b.Total, tc.b.TotalAtLeast, tc.b.Matches, tc.b.MatchesAtLeast, r.Footer, tc.want)
		}
	}
}
