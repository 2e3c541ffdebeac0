package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/briefing"
)

// sinces records the since each briefing asked for.
type sinces struct{ got []time.Time }

func (s *sinces) Brief(_ context.Context, topic string, o briefing.BriefOptions) (briefing.Briefing, error) {
	s.got = append(s.got, o.Since)
	return briefing.Briefing{Topic: topic}, nil
}

func (s *sinces) Match(context.Context, string, briefing.MatchOptions) ([]briefing.Match, error) {
	return nil, nil
}

func (s *sinces) CountMatches(context.Context, string) (int, error) { return 0, nil }

func (s *sinces) CountScoped(context.Context, string, map[string]bool, []string) (int, bool, error) {
	return 0, false, nil
}

// since= takes what /brief's "since" takes (2d, 12h, 3w, a date, today,
// yesterday or a weekday, as UTC days), and an
// RFC 3339 time whose "+" arrived as a space because it was not
// URL-encoded (curl 'since=2026-11-03T09:00:00+09:00'): it was refused
// with "since must be … an RFC 3339 time", although it was one.
func TestSinceParameter(t *testing.T) {
	now := time.Date(2026, 12, 7, 22, 0, 30, 0, time.UTC)
	rec := &sinces{}
	srv := httptest.NewServer(httpapi.New(rec, db{}, httpapi.Config{Now: func() time.Time { return now }}))
	defer srv.Close()
	for raw, want := range map[string]time.Time{
		"2026-11-03":                  time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC),
		"2026-11-03T09:00:00Z":        time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC),
		"2026-11-03T09:00:00%2B09:00": time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC),
		"2026-11-03T09:00:00+09:00":   time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC),
		"2d":                          time.Date(2026, 12, 5, 22, 0, 0, 0, time.UTC),
		"12h":                         time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC),
		"yesterday":                   time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), // UTC days
		"Monday":                      time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
	} {
		rec.got = nil
		resp, err := http.Get(srv.URL + "/api/v1/brief?topic=oil&since=" + raw)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(rec.got) != 1 || !rec.got[0].Equal(want) {
			t.Errorf("since=%s: %d %s, since %v; want %v", raw, resp.StatusCode, body, rec.got, want)
		}
	}
	for _, bad := range []string{"tomorrow", "0d", "2026-13-01"} {
		resp, err := http.Get(srv.URL + "/api/v1/brief?topic=oil&since=" + bad)
		if err != nil {
			t.Fatal(err)
		}
		var e struct{ Error string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(e.Error, "since") {
			t.Errorf("since=%s: %d %q", bad, resp.StatusCode, e.Error)
		}
	}
}
