package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"testing"
)

func getJSON(t *testing.T, url string, into any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if into != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("%s: %v\n%s", url, err, body)
		}
	}
	return resp.StatusCode
}

// Issue 18 item 10: /api/v1/match returns what `briefbot match --json`
// prints (id, score, date, why, title, url, source), with the total and
// the limit applied; /api/v1/articles/{id} turns an id into the article.
func TestAPIMatchIsMatchJSONAndArticlesResolveIDs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "api.db")
	ingestSampleInto(t, dir, db)
	cli := briefbot(t, dir, db, "match", "gsomia", "--json")
	var want []map[string]any
	if err := json.Unmarshal([]byte(cli.stdout), &want); err != nil || len(want) < 2 {
		t.Fatalf("match --json: %v\n%s", err, cli.stdout)
	}
	srv := startSlackServe(t, dir, db)

	var all struct {
		Topic   string           `json:"topic"`
		Total   int              `json:"total"`
		Limit   int              `json:"limit"`
		Matches []map[string]any `json:"matches"`
	}
	if code := getJSON(t, srv.url+"/api/v1/match?topic=gsomia", &all); code != 200 {
		t.Fatalf("match: %d", code)
	}
	got, _ := json.Marshal(all.Matches)
	exp, _ := json.Marshal(want)
	if string(got) != string(exp) || all.Total != len(want) {
		t.Fatalf("/api/v1/match differs from match --json (total %d):\n%s\n%s", all.Total, got, exp)
	}
	for _, k := range []string{"id", "title", "source", "score", "why"} {
		if _, ok := all.Matches[0][k]; !ok {
			t.Errorf("a match lacks %q: %v", k, all.Matches[0])
		}
	}
	var one struct {
		Total   int              `json:"total"`
		Limit   int              `json:"limit"`
		Matches []map[string]any `json:"matches"`
	}
	if code := getJSON(t, srv.url+"/api/v1/match?topic=gsomia&limit=1", &one); code != 200 || len(one.Matches) != 1 ||
		one.Total != len(want) || one.Limit != 1 {
		t.Fatalf("limit=1: %d %+v", code, one)
	}
	for _, bad := range []string{"0", "1001", "x"} {
		if code := getJSON(t, srv.url+"/api/v1/match?topic=gsomia&limit="+bad, nil); code != 400 {
			t.Errorf("limit=%s: %d, want 400", bad, code)
		}
	}

	id := int64(want[0]["id"].(float64))
	var art map[string]any
	if code := getJSON(t, fmt.Sprintf("%s/api/v1/articles/%d", srv.url, id), &art); code != 200 ||
		art["title"] != want[0]["title"] || art["text"] == "" {
		t.Fatalf("article %d: %d %v", id, code, art)
	}
	if code := getJSON(t, srv.url+"/api/v1/articles/999999", nil); code != 404 {
		t.Errorf("missing article: %d, want 404", code)
	}
	if code := getJSON(t, srv.url+"/api/v1/articles/abc", nil); code != 400 {
		t.Errorf("bad id: %d, want 400", code)
	}
}
