package bot

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseBrief: any /brief text parses or fails cleanly; what parses
// has a topic and bounded options, and the next-page command it names
// parses back to the same request one page on (same topic, limit, source
// and since instant), so paging cannot drift.
func FuzzParseBrief(f *testing.F) {
	for _, s := range []string{"tariffs", "tariffs limit 10 since 2d", "tariffs since 2026-11-01 from reuters page 3",
		"speed limit", "\"imports from china\"", "tariffs --limit 5", "tariffs since 12h limit 50", "limit 3", "x page 0",
		"a since 2026-11-01T09:30Z", "tariffs from \"AP\"", "b since 99999d"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 7, 12, 34, 56, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		a, err := parseBrief(text, now)
		if err != nil {
			return
		}
		if strings.TrimSpace(a.topic) == "" || a.limit < 0 || a.limit > BriefMaxLimit || a.page < 1 {
			t.Fatalf("%q -> %+v", text, a)
		}
		limit := max(a.limit, 1)
		next, err := parseBrief(strings.TrimPrefix(a.nextPage(limit), "/brief "), now.Add(time.Hour))
		if err != nil {
			t.Fatalf("%q: next page %q: %v", text, a.nextPage(limit), err)
		}
		if next.topic != a.topic || next.limit != limit || next.page != a.page+1 || next.source != a.source || !next.since.Equal(a.since) {
			t.Fatalf("%q -> %+v; next page %q -> %+v", text, a, a.nextPage(limit), next)
		}
	})
}
