package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/adapters/httpapi"
)

// Every /api/ answer is JSON, also for a path or method the API does not
// have: a script that decodes the body gets a readable error, not
// "invalid character 'p' after top-level value".
func TestUnknownEndpointsAnswerJSON(t *testing.T) {
	srv := httptest.NewServer(httpapi.New(engine{}, db{}, httpapi.Config{Token: "s3cret"}))
	defer srv.Close()
	for _, tc := range []struct {
		method, path, auth string
		status             int
		says               string
	}{
		{"GET", "/api/v1/briefs?topic=x", "Bearer s3cret", 404, "no such endpoint"},
		{"GET", "/api/v2/brief?topic=x", "Bearer s3cret", 404, "no such endpoint"},
		{"POST", "/api/v1/brief?topic=x", "Bearer s3cret", 405, "GET"},
		{"DELETE", "/api/v1/articles/3", "Bearer s3cret", 405, "GET"},
		{"GET", "/api/v1/nope", "", 401, "bearer token"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct{ Error string }
		if resp.StatusCode != tc.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
			json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, tc.says) {
			t.Errorf("%s %s: %d %s %q, want %d and JSON saying %q", tc.method, tc.path, resp.StatusCode,
				resp.Header.Get("Content-Type"), body, tc.status, tc.says)
		}
		if tc.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q", tc.method, tc.path, resp.Header.Get("Allow"))
		}
	}
}
