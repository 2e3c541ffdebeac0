package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A channel's 👎 (/rate) takes the story out of that channel's /brief and
// `match --channel`, and nothing else's.
func TestRateChangesOnlyThatChannelsAnswers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	brief := func(channel string) []int64 {
		t.Helper()
		r := briefbot(t, dir, db, "ask", "--json", "--platform", "slack", "--channel", channel, "/brief gsomia")
		var b struct{ Articles []struct{ ID int64 } }
		if err := json.Unmarshal([]byte(r.stdout), &b); r.code != 0 || err != nil {
			t.Fatalf("brief in %s: %d %v\n%s%s", channel, r.code, err, r.stdout, r.stderr)
		}
		var ids []int64
		for _, a := range b.Articles {
			ids = append(ids, a.ID)
		}
		return ids
	}
	before := brief("C1")
	if len(before) != 2 {
		t.Fatalf("want the two GSOMIA articles, got %v", before)
	}
	down := before[0]
	ask := func(line string) result {
		return briefbot(t, dir, db, "ask", "--platform", "slack", "--channel", "C1", line)
	}
	if r := ask(fmt.Sprintf("/rate gsomia %d down", down)); r.code != 0 || !strings.Contains(r.stdout, "👎") {
		t.Fatalf("rate: %d %s%s", r.code, r.stdout, r.stderr)
	}
	if got := brief("C1"); len(got) != 1 || got[0] == down {
		t.Errorf("C1 after 👎 on %d: %v", down, got)
	}
	if got := brief("C2"); len(got) != 2 {
		t.Errorf("C2 must be unchanged: %v", got)
	}
	if r := ask("/rate GSOMIA"); r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("👎 %d", down)) {
		t.Errorf("listing: %s%s", r.stdout, r.stderr)
	}
	m := briefbot(t, dir, db, "match", "gsomia", "--channel", "slack:C1", "--json")
	if m.code != 0 || strings.Contains(m.stdout, fmt.Sprintf(`"id": %d,`, down)) {
		t.Errorf("match --channel slack:C1 still lists %d:\n%s%s", down, m.stdout, m.stderr)
	}
	if m := briefbot(t, dir, db, "match", "gsomia", "--json"); !strings.Contains(m.stdout, fmt.Sprintf(`"id": %d,`, down)) {
		t.Errorf("match without a channel must list %d:\n%s", down, m.stdout)
	}
	for _, bad := range []string{"/rate gsomia x1 down", "/rate"} {
		if r := ask(bad); r.code == 0 {
			t.Errorf("%q accepted: %s", bad, r.stdout)
		}
	}
	if r := briefbot(t, dir, db, "match", "gsomia", "--channel", "nocolon"); r.code != 2 {
		t.Errorf("--channel nocolon: exit %d, want 2", r.code)
	}
}
