package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/storage/storagetest"
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

// A time a feed gives that falls on 00:00 UTC (09:00 KST, or
// "T00:00:00Z") is a time: shown with its time of day, in the configured
// zone. A date without a time of day ("Thu, 3 Dec 2026", "2026-12-05") is
// a day, shown alone. The fact is stored with the article, on SQLite and
// PostgreSQL, and the JSON keeps the full timestamp of both, with
// day_only for the days.
func TestMidnightUTCTimesAreTimesAndDaysAreDays(t *testing.T) {
	for name, url := range map[string]func(*testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "d.db") },
		"postgres": func(t *testing.T) string { return storagetest.PostgresURL(t) },
	} {
		t.Run(name, func(t *testing.T) {
			dir, db := t.TempDir(), url(t)
			rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Lamp Wire</title><link>https://lamp.example/</link>` +
				`<item><guid>l1</guid><title>Lighthouse lamp relit at Hallim</title><pubDate>Wed, 02 Dec 2026 09:00:00 KST</pubDate>` +
				`<description>Keepers relit the old lighthouse lamp at Hallim harbour at dawn.</description></item>` +
				`<item><guid>l2</guid><title>Lighthouse keeper cottage reopens</title><pubDate>Thu, 3 Dec 2026</pubDate>` +
				`<description>The lighthouse keeper cottage on the headland reopened to visitors.</description></item>` +
				`</channel></rss>`
			atom := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Log</title>` +
				`<id>urn:coast</id><updated>2026-12-05T00:00:00Z</updated>` +
				`<entry><id>urn:c1</id><title>Lighthouse fog horn tested</title><published>2026-12-04T00:00:00Z</published>` +
				`<updated>2026-12-04T00:00:00Z</updated><summary>Engineers tested the lighthouse fog horn after repairs.</summary></entry>` +
				`<entry><id>urn:c2</id><title>Lighthouse museum guide printed</title><published>2026-12-05</published>` +
				`<updated>2026-12-05</updated><summary>A printed guide to the lighthouse museum went on sale.</summary></entry></feed>`
			for file, body := range map[string]string{"lamp.xml": rss, "coast.xml": atom} {
				if err := os.WriteFile(filepath.Join(dir, file), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if r := briefbot(t, dir, db, "ingest", filepath.Join(dir, "lamp.xml"), filepath.Join(dir, "coast.xml")); r.code != 0 {
				t.Fatalf("ingest: %+v", r)
			}
			want := map[string]string{"relit at Hallim": "2 Dec 2026, 00:00 UTC", "cottage reopens": "3 Dec 2026 ·",
				"fog horn tested": "4 Dec 2026, 00:00 UTC", "museum guide printed": "5 Dec 2026 ·"}
			text := briefbot(t, dir, db, "ask", "/brief lighthouse")
			lines := strings.Split(text.stdout, "\n")
			for title, when := range want {
				i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, title) })
				if i < 0 || i+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[i+1]), when) {
					t.Errorf("%q: want its date line to start %q:\n%s", title, when, text.stdout)
				}
			}
			seoul := briefbotWith(t, dir, db, []string{"BRIEFBOT_TIMEZONE=Asia/Seoul"}, "ask", "/brief lighthouse")
			for _, w := range []string{"2 Dec 2026, 09:00 KST", "3 Dec 2026 ·", "4 Dec 2026, 09:00 KST", "5 Dec 2026 ·"} {
				if !strings.Contains(seoul.stdout, w) {
					t.Errorf("in Asia/Seoul, want %q:\n%s", w, seoul.stdout)
				}
			}
			js := briefbot(t, dir, db, "ask", "--json", "/brief lighthouse")
			var got struct {
				Articles []struct {
					Title     string `json:"title"`
					Published string `json:"published"`
					DayOnly   bool   `json:"day_only"`
				} `json:"articles"`
			}
			if err := json.Unmarshal([]byte(js.stdout), &got); err != nil || len(got.Articles) != 4 {
				t.Fatalf("ask --json: %v\n%s", err, js.stdout)
			}
			for _, a := range got.Articles {
				day := strings.Contains(a.Title, "cottage") || strings.Contains(a.Title, "museum")
				if a.DayOnly != day || !strings.HasSuffix(a.Published, "T00:00:00Z") {
					t.Errorf("%q: published %q day_only %v, want the full timestamp and day_only %v", a.Title, a.Published, a.DayOnly, day)
				}
			}
		})
	}
}
