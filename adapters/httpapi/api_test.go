package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// engine answers every call with err (nil: an empty briefing).
type engine struct{ err error }

func (e engine) Brief(ctx context.Context, topic string, _ briefing.BriefOptions) (briefing.Briefing, error) {
	return briefing.Briefing{Topic: topic}, e.err
}

func (e engine) Match(context.Context, string, briefing.MatchOptions) ([]briefing.Match, error) {
	return nil, e.err
}

func (e engine) CountMatches(context.Context, string) (int, error) { return 0, e.err }

func (e engine) CountScoped(context.Context, string, map[string]bool, []string) (int, bool, error) {
	return 0, false, e.err
}

type db struct{}

func (db) Ping(context.Context) error { return nil }

func get(h http.Handler, path, auth string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestBearerToken(t *testing.T) {
	h := httpapi.New(engine{}, db{}, httpapi.Config{Token: "s3cret"})
	for auth, want := range map[string]int{"": 401, "Bearer wrong": 401, "Bearer s3cret2": 401, "bearer s3cret": 401,
		"Basic s3cret": 401, "Bearer s3cret": 200} {
		if got := get(h, "/api/v1/brief?topic=x", auth).Code; got != want {
			t.Errorf("Authorization %q: %d, want %d", auth, got, want)
		}
	}
	if got := get(h, "/healthz", "").Code; got != 200 {
		t.Errorf("/healthz needs no token: %d", got)
	}
}

func TestErrorsAreLoggedOnlyWhenOurs(t *testing.T) {
	for _, tt := range []struct {
		err    error
		status int
		logged bool
	}{
		{fmt.Errorf("briefing: load: %w", context.Canceled), 503, false}, // the client hung up
		{briefing.Errorf(briefing.EInvalid, "bad topic"), 400, false},
		{fmt.Errorf("storage: load: connection refused"), 500, true},
	} {
		var logs bytes.Buffer
		h := httpapi.New(engine{tt.err}, db{}, httpapi.Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		rec := get(h, "/api/v1/brief?topic=x", "")
		if rec.Code != tt.status || strings.Contains(rec.Body.String(), "connection refused") {
			t.Errorf("%v: %d %s", tt.err, rec.Code, rec.Body)
		}
		if got := strings.Contains(logs.String(), "level=ERROR"); got != tt.logged {
			t.Errorf("%v: logged as an error = %v, want %v:\n%s", tt.err, got, tt.logged, logs.String())
		}
	}
}

// depths records the depth each call asked for.
type depths struct{ got []int }

func (d *depths) Brief(_ context.Context, topic string, o briefing.BriefOptions) (briefing.Briefing, error) {
	d.got = append(d.got, o.Depth)
	return briefing.Briefing{Topic: topic}, nil
}

func (d *depths) Match(_ context.Context, _ string, o briefing.MatchOptions) ([]briefing.Match, error) {
	d.got = append(d.got, o.Depth)
	return nil, nil
}

func (d *depths) CountMatches(context.Context, string) (int, error) { return 0, nil }

func (d *depths) CountScoped(context.Context, string, map[string]bool, []string) (int, bool, error) {
	return 0, false, nil
}

func TestDepthParameter(t *testing.T) {
	for _, path := range []string{"/api/v1/brief", "/api/v1/match"} {
		for q, want := range map[string]int{"": 0, "&depth=all": -1, "&depth=ALL": -1, "&depth=1000": 1000, "&depth=250000": 250000} {
			d := &depths{}
			h := httpapi.New(d, db{}, httpapi.Config{})
			if rec := get(h, path+"?topic=oil"+q, ""); rec.Code != 200 || len(d.got) != 1 || d.got[0] != want {
				t.Errorf("%s%s: %d %s, depth %v; want %d", path, q, rec.Code, rec.Body, d.got, want)
			}
		}
		for _, bad := range []string{"999", "0", "-1", "deep", "1e6"} {
			d := &depths{}
			h := httpapi.New(d, db{}, httpapi.Config{})
			rec := get(h, path+"?topic=oil&depth="+bad, "")
			if rec.Code != 400 || !strings.Contains(rec.Body.String(), "depth must be") || len(d.got) != 0 {
				t.Errorf("%s depth=%q: %d %s", path, bad, rec.Code, rec.Body)
			}
		}
	}
}

// Issue 17: a topic over the engine's per-request budget is a 400 with a
// "too complex" message, never a partial answer (a real engine with a
// budget too small for any topic).
func TestTopicOverBudgetIs400TooComplex(t *testing.T) {
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{QueryBudget: time.Nanosecond})
	if _, err := eng.Ingest(context.Background(), []briefing.Article{{Source: "test", GUID: "1",
		Title: "Tariffs on steel rise", Text: "New tariffs on steel take effect on Monday."}}); err != nil {
		t.Fatal(err)
	}
	h := httpapi.New(eng, db{}, httpapi.Config{})
	for _, path := range []string{"/api/v1/brief?topic=tariffs", "/api/v1/match?topic=tariffs+OR+steel"} {
		rec := get(h, path, "")
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), "too complex") || strings.Contains(rec.Body.String(), "Tariffs on steel") {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
}
