package briefing_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

func TestBriefingJSONNullDatesAndEmptyLists(t *testing.T) {
	empty, err := json.Marshal(briefing.Briefing{Topic: "nothing"})
	if err != nil || !strings.Contains(string(empty), `"articles":[]`) || strings.Contains(string(empty), "null") {
		t.Fatalf("empty briefing: %s %v", empty, err)
	}
	when := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	b := briefing.Briefing{Topic: "t", GeneratedAt: when, Items: []briefing.Item{
		{ID: 1, Title: "undated", Stored: when},
		{ID: 2, Title: "dated", Published: when, Stored: when, Sources: []briefing.SourceRef{{ID: 2, Published: when}, {ID: 3}}},
	}}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{`"published":null`, `"summary":[]`, `"sources":[]`,
		`"published":"2026-11-02T03:04:05Z"`, `{"id":3,"source":"","published":null}`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, "0001-01-01") {
		t.Errorf("zero date in JSON:\n%s", s)
	}
	var back briefing.Briefing
	if err := json.Unmarshal(out, &back); err != nil || len(back.Items) != 2 || !back.Items[0].Published.IsZero() ||
		!back.Items[1].Published.Equal(when) || back.Items[1].Sources[1].ID != 3 {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}
