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

// A channel that set its digest in a zone reads its /brief in that zone
// too, as its digests are shown; a channel that did not keeps
// BRIEFBOT_TIMEZONE (here UTC). Through the binary on one SQLite file: the
// schedule is the channel's stored setting.
func TestBriefShowsTimesInTheChannelsDigestZone(t *testing.T) {
	dir := t.TempDir()
	feed := filepath.Join(dir, "lock.xml")
	if err := os.WriteFile(feed, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Canal Post</title>`+
		`<link>https://canal.example/</link><item><guid>lock-1</guid><title>Lock gates on the old canal reopen</title>`+
		`<pubDate>Mon, 02 Nov 2026 23:30:00 +0000</pubDate><description>Boats passed the repaired lock gates on the old canal `+
		`for the first time since the spring floods.</description></item></channel></rss>`), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "z.db")
	if r := briefbot(t, dir, db, "ingest", feed); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	if r := briefbot(t, dir, db, "ask", "/brief canal lock"); r.code != 0 || !strings.Contains(r.stdout, "2 Nov 2026, 23:30 UTC") {
		t.Fatalf("before any digest: want the UTC time\n%s%s", r.stdout, r.stderr)
	}
	if r := briefbot(t, dir, db, "ask", "/digest daily 09:00 Asia/Seoul"); r.code != 0 {
		t.Fatalf("/digest: %+v", r)
	}
	r := briefbot(t, dir, db, "ask", "/brief canal lock")
	if r.code != 0 || !strings.Contains(r.stdout, "3 Nov 2026, 08:30 KST") || strings.Contains(r.stdout, "UTC") {
		t.Errorf("after /digest … Asia/Seoul: want the time in KST\n%s%s", r.stdout, r.stderr)
	}
	// Turned off, the digest keeps its zone, and so does /brief.
	if r := briefbot(t, dir, db, "ask", "/digest off"); r.code != 0 {
		t.Fatalf("/digest off: %+v", r)
	}
	if r := briefbot(t, dir, db, "ask", "/brief canal lock"); !strings.Contains(r.stdout, "3 Nov 2026, 08:30 KST") {
		t.Errorf("after /digest off: want the time still in KST\n%s%s", r.stdout, r.stderr)
	}
}
