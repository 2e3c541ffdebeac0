package briefing

import "testing"

// TestJoinsEventCountsOwnOutletAgainst: a report of the story's own outlet
// counts as a report that does not agree (one outlet does not tell one
// event twice at once), and the first pass asks for every other report.
func TestJoinsEventCountsOwnOutletAgainst(t *testing.T) {
	arts := []Article{{Source: "one"}, {Source: "two"}, {Source: "three"}, {Source: "three"}, {Source: "four"}}
	agreesWith := func(js ...int) func(j int) bool {
		return func(j int) bool {
			for _, k := range js {
				if j == k {
					return true
				}
			}
			return false
		}
	}
	for _, c := range []struct {
		name    string
		members []int
		i       int
		agrees  []int
		every   bool
		want    bool
	}{
		{"one of two other outlets", []int{0, 1}, 4, []int{0}, false, true},
		{"one of two other outlets, first pass", []int{0, 1}, 4, []int{0}, true, false},
		{"both other outlets, first pass", []int{0, 1}, 4, []int{0, 1}, true, true},
		{"one of two other outlets beside its own outlet's report", []int{0, 1, 2}, 3, []int{0}, false, false},
		{"two other outlets beside its own outlet's report", []int{0, 1, 2}, 3, []int{0, 1}, false, true},
		{"two other outlets beside its own outlet's report, first pass", []int{0, 1, 2}, 3, []int{0, 1}, true, false},
	} {
		if got := joinsEvent(arts, c.members, c.i, agreesWith(c.agrees...), c.every); got != c.want {
			t.Errorf("%s: joins %v, want %v", c.name, got, c.want)
		}
	}
}
