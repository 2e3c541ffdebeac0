package briefing_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// Counts and "did you mean" in a scope: a source hidden from the asker
// adds nothing to a count, offers no word and no part count; a watch's
// named sources bound its count; the unscoped answers are unchanged.
func TestCountsAndSuggestionsKeepToTheScope(t *testing.T) {
	eng, _ := newDigestEngine(t,
		story("wire-a", "Seoul ends GSOMIA pact with Japan", pactText),
		story("wire-b", "South Korea quits GSOMIA", pactText+" Japan said it regretted the move."),
		story("wire-a", "Oil jumps on output cuts", oilText),
	)
	ctx := context.Background()
	hideA := map[string]bool{"wire-a": true}
	for _, c := range []struct {
		topic  string
		hidden map[string]bool
		only   []string
		want   int
	}{
		{"gsomia", nil, nil, 2}, {"gsomia", hideA, nil, 1}, {"crude oil", hideA, nil, 0},
		{"crude oil", nil, []string{"wire-a"}, 1}, {"gsomia", nil, []string{"wire-b"}, 1}, {"gsomia", hideA, []string{"wire-a"}, 0},
	} {
		n, atLeast, err := eng.CountScoped(ctx, c.topic, c.hidden, c.only)
		if err != nil || n != c.want || atLeast {
			t.Errorf("CountScoped(%q, hidden %v, only %v) = %d (at least %v), %v; want exactly %d", c.topic, c.hidden, c.only, n, atLeast, err, c.want)
		}
	}
	if _, _, err := eng.CountScoped(ctx, "", hideA, nil); briefing.ErrorCode(err) != briefing.EInvalid {
		t.Errorf("an empty topic in a scope: %v, want EInvalid", err)
	}

	suggest := func(topic string, opt briefing.BriefOptions) string {
		t.Helper()
		b, err := eng.Brief(ctx, topic, opt)
		if err != nil || len(b.Items) != 0 {
			t.Fatalf("%q: %d stories, %v; the test needs a topic that matches nothing", topic, len(b.Items), err)
		}
		return strings.Join(b.Suggestions, "; ")
	}
	for topic, want := range map[string]string{"outpt": "output", "gsomai": "gsomia", "gsomia barrel": "gsomia (2 articles); barrel (1 article)"} {
		if got := suggest(topic, briefing.BriefOptions{}); got != want {
			t.Errorf("unscoped %q suggests %q, want %q", topic, got, want)
		}
	}
	for topic, want := range map[string]string{"outpt": "", "gsomai": "gsomia", "gsomia barrel": "gsomia (1 article)"} {
		if got := suggest(topic, briefing.BriefOptions{Hidden: hideA}); got != want {
			t.Errorf("%q with wire-a hidden suggests %q, want %q", topic, got, want)
		}
	}
	if got := suggest("outpt", briefing.BriefOptions{Only: []string{"wire-b"}}); got != "" {
		t.Errorf("outpt from wire-b only suggests %q, a word of wire-a alone", got)
	}
	if got := suggest("outpt", briefing.BriefOptions{Source: "wire-a"}); !slices.Contains(strings.Split(got, "; "), "output") {
		t.Errorf("outpt from wire-a suggests %q, want output", got)
	}
}
