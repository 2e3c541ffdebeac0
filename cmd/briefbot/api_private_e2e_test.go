package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// The JSON API without BRIEFBOT_API_TOKEN answers whoever reaches the
// server (behind the README's reverse proxy, the internet): it leaves
// every channel's private sources out of /brief, /match and
// /articles/{id}, as another channel's answers do. With the token (the
// operator's API) it answers from every source. Through the wired app,
// real feed servers and the API on a real HTTP server.
func TestAPIWithoutTokenLeavesPrivateSourcesOut(t *testing.T) {
	app := scopeApp(t, storagetest.SQLiteURL(t))
	pier := outletFeed(t, "Pier Bulletin", "Pier", 1, []string{"Crane operators", "walked out at", "over overtime rules",
		"Union stewards promised pickets"}, 3)
	gazette := outletFeed(t, "Harbour Gazette", "Gazette", 2, []string{"Ferry timetables", "were rewritten for",
		"after council budget votes", "Commuters queued longer"}, 3)
	for line, want := range map[string]string{"/source add " + pier + " for this channel": "for this channel only",
		"/source add " + gazette: "Added source #"} {
		if out := say(t, app, "A", true, line); !strings.Contains(out, want) {
			t.Fatalf("%s:\n%s", line, out)
		}
	}
	open := httptest.NewServer(httpapi.New(app.Engine, app.Store, httpapi.Config{BriefLimit: 50}))
	t.Cleanup(open.Close)
	operator := httptest.NewServer(httpapi.New(app.Engine, app.Store, httpapi.Config{BriefLimit: 50, Token: "op"}))
	t.Cleanup(operator.Close)
	get := func(base, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer op")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body json.RawMessage
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}

	var match struct {
		Total   int `json:"total"`
		Matches []struct {
			ArticleID int64  `json:"id"`
			Title     string `json:"title"`
		} `json:"matches"`
	}
	code, body := get(operator.URL, "/api/v1/match?topic=pickets")
	if err := json.Unmarshal([]byte(body), &match); err != nil || code != 200 || match.Total != 3 || len(match.Matches) != 3 {
		t.Fatalf("operator's match pickets: %d %s", code, body)
	}
	private := match.Matches[0].ArticleID
	if code, body := get(operator.URL, fmt.Sprintf("/api/v1/articles/%d", private)); code != 200 || !strings.Contains(body, "Pier") {
		t.Errorf("operator's article %d: %d %s", private, code, body)
	}
	if code, body := get(operator.URL, "/api/v1/brief?topic=harbour&limit=50"); code != 200 || !strings.Contains(body, "Pier 1") {
		t.Errorf("operator's brief harbour lacks the private source's stories: %d %s", code, body)
	}

	for path, want := range map[string]string{
		"/api/v1/match?topic=pickets":               `"total": 0`,
		"/api/v1/match?topic=harbour&limit=1000":    `"total": 3`,
		"/api/v1/brief?topic=harbour&limit=50":      "Gazette 1",
		fmt.Sprintf("/api/v1/articles/%d", private): fmt.Sprintf("no article %d", private),
	} {
		code, body := get(open.URL, path)
		if strings.Contains(body, "Pier") || !strings.Contains(body, want) {
			t.Errorf("open API %s: %d, want %q and nothing of the private source:\n%s", path, code, want, body)
		}
	}
}
