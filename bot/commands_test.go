package bot

import (
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

func TestBriefingReplySaysWhenTheTotalIsALowerBound(t *testing.T) {
	b := briefing.Briefing{Topic: "oil", Items: []briefing.Item{{Title: "A"}, {Title: "B"}}, Total: 40}
	if r := BriefingReply(b); r.Footer != "38 more stories not shown." {
		t.Errorf("footer %q", r.Footer)
	}
	b.TotalAtLeast = true // counted among the newest candidates only
	if r := BriefingReply(b); r.Footer != "At least 38 more stories not shown." {
		t.Errorf("footer %q", r.Footer)
	}
}
