package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Issue 17 finding 8, end to end with the binary: an item dated in year
// 9999 is stored with its fetch time and marked, an undated item's date
// is null in the JSON, and an empty answer is "articles": [].
func TestFutureDatesClampedUndatedNullEmptyList(t *testing.T) {
	dir := t.TempDir()
	feed := filepath.Join(dir, "tides.xml")
	items := []struct{ guid, title, date, text string }{
		{"tide-1", "Tide tables for the estuary revised", "Fri, 31 Dec 9999 23:00:00 +0000",
			"Printed estuary tide tables for next spring now list the new dredged channel depths."},
		{"tide-2", "Tide gauge at the estuary mouth repaired", "",
			"Divers replaced the corroded float of the old estuary tide gauge after a storm bent its pole."},
		{"tide-3", "Estuary tide warning lifted", "Mon, 02 Nov 2026 08:00:00 +0000",
			"Coastguard officers ended the flood alert once the estuary tide fell below the quay wall."},
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Tides</title><link>https://tides.example/</link>`)
	for _, it := range items {
		b.WriteString(`<item><guid>` + it.guid + `</guid><title>` + it.title + `</title>`)
		if it.date != "" {
			b.WriteString(`<pubDate>` + it.date + `</pubDate>`)
		}
		b.WriteString(`<description>` + it.text + `</description></item>`)
	}
	b.WriteString(`</channel></rss>`)
	if err := os.WriteFile(feed, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "d.db")
	before := time.Now()
	if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	r := briefbot(t, dir, db, "ask", "--json", "/brief estuary tide")
	var got struct {
		Articles []map[string]any `json:"articles"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("ask --json: %v\n%s", err, r.stdout)
	}
	byTitle := map[string]map[string]any{}
	for _, a := range got.Articles {
		byTitle[a["title"].(string)] = a
	}
	future, undated := byTitle[items[0].title], byTitle[items[1].title]
	if future == nil || undated == nil || len(got.Articles) != 3 {
		t.Fatalf("want the three items as stories:\n%s", r.stdout)
	}
	p, _ := future["published"].(string)
	when, err := time.Parse(time.RFC3339Nano, p)
	if err != nil || when.Before(before.Add(-time.Minute)) || when.After(time.Now().Add(time.Minute)) || future["date_clamped"] != true {
		t.Errorf("year-9999 item: published %q date_clamped %v; want the fetch time, marked", p, future["date_clamped"])
	}
	if v, ok := undated["published"]; !ok || v != nil {
		t.Errorf("undated item: published %v (present %v), want null", v, ok)
	}
	if strings.Contains(r.stdout, "0001-01-01") || strings.Contains(r.stdout, "9999") {
		t.Errorf("JSON shows a zero or far-future date:\n%s", r.stdout)
	}
	none := briefbot(t, dir, db, "ask", "--json", "/brief zzyzx")
	if !strings.Contains(strings.ReplaceAll(none.stdout, " ", ""), `"articles":[]`) {
		t.Errorf("empty answer is not \"articles\": []:\n%s", none.stdout)
	}
}
