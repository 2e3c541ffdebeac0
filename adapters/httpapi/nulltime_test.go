package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// memDB is the in-memory store with the Ping the API asks of its database.
type memDB struct{ *briefingtest.MemStore }

func (memDB) Ping(context.Context) error { return nil }

// getPublished GETs url and returns the "published" values it finds at the
// given place: the body itself, or each element of its "matches".
func getPublished(t *testing.T, url string, inMatches bool) map[float64]*string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %s", url, resp.StatusCode, body)
	}
	type row struct {
		ID        float64 `json:"id"`
		Published *string `json:"published"`
		Title     string  `json:"title"`
	}
	var rows []row
	if inMatches {
		var m struct{ Matches []row }
		err = json.Unmarshal(body, &m)
		rows = m.Matches
	} else {
		var r row
		err = json.Unmarshal(body, &r)
		rows = []row{r}
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", url, err, body)
	}
	out := map[float64]*string{}
	for _, r := range rows {
		if r.Title == "" {
			t.Errorf("%s: row %v has no title:\n%s", url, r.ID, body)
		}
		out[r.ID] = r.Published
	}
	return out
}

// An article whose feed gave no date has an unknown publication time:
// /api/v1/match and /api/v1/articles/{id} show it as null, as
// /api/v1/brief does, never as year 1.
func TestUnknownPublishedIsNull(t *testing.T) {
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	when := time.Date(2026, 11, 3, 5, 30, 0, 0, time.UTC)
	added, err := eng.Ingest(context.Background(), []briefing.Article{
		{Source: "https://a.example/feed", GUID: "1", Title: "Harbour deal signed", Published: when,
			Text: "The port and the union signed a harbour deal on Tuesday after months of talks."},
		{Source: "https://a.example/feed", GUID: "2", Title: "Harbour tug sinks",
			Text: "A harbour tug sank at its mooring overnight, and divers will raise it next week."},
	})
	if err != nil || len(added.Added) != 2 {
		t.Fatalf("ingest: %v %+v", err, added)
	}
	dated, undated := float64(added.Added[0].ID), float64(added.Added[1].ID)
	srv := httptest.NewServer(httpapi.New(eng, memDB{store}, httpapi.Config{}))
	defer srv.Close()

	got := getPublished(t, srv.URL+"/api/v1/match?topic=harbour", true)
	if len(got) != 2 || got[undated] != nil || got[dated] == nil || *got[dated] != "2026-11-03T05:30:00Z" {
		t.Errorf("/api/v1/match published: %v", show(got))
	}
	for id, want := range map[float64]string{dated: "2026-11-03T05:30:00Z", undated: ""} {
		got := getPublished(t, fmt.Sprintf("%s/api/v1/articles/%d", srv.URL, int64(id)), false)
		p := got[id]
		if (want == "") != (p == nil) || (p != nil && *p != want) {
			t.Errorf("/api/v1/articles/%d published: %v, want %q", int64(id), show(got), want)
		}
	}
}

func show(m map[float64]*string) map[float64]string {
	out := map[float64]string{}
	for k, v := range m {
		out[k] = "null"
		if v != nil {
			out[k] = *v
		}
	}
	return out
}

// A match whose source gave only a day says so ("day_only": true), as a
// briefing's story does; one with a time of day, even 00:00 UTC, does not.
func TestMatchRowsSayDayOnly(t *testing.T) {
	store := briefingtest.NewMemStore()
	eng := briefing.NewEngine(store, briefing.Config{})
	midnight := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	added, err := eng.Ingest(context.Background(), []briefing.Article{
		{Source: "https://a.example/feed", GUID: "1", Title: "Harbour deal signed", Published: midnight, DayOnly: true,
			Text: "The port and the union signed a harbour deal after months of talks."},
		{Source: "https://a.example/feed", GUID: "2", Title: "Harbour tug sinks", Published: midnight,
			Text: "A harbour tug sank at its mooring at midnight, and divers will raise it next week."},
	})
	if err != nil || len(added.Added) != 2 {
		t.Fatalf("ingest: %v %+v", err, added)
	}
	srv := httptest.NewServer(httpapi.New(eng, memDB{store}, httpapi.Config{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/v1/match?topic=harbour")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Matches []struct {
			ID      int64 `json:"id"`
			DayOnly bool  `json:"day_only"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	day := map[int64]bool{}
	for _, m := range got.Matches {
		day[m.ID] = m.DayOnly
	}
	if len(day) != 2 || !day[added.Added[0].ID] || day[added.Added[1].ID] {
		t.Errorf("day_only by id: %v, want true for %d only", day, added.Added[0].ID)
	}
}
