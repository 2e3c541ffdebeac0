package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/sources"
)

const adminToken = "s3cret-admin-token"

// signIn goes through the form as a browser does and returns the session
// cookie and the page's CSRF token.
func signIn(t *testing.T, f *fixture) (*http.Cookie, string) {
	t.Helper()
	form := f.do("GET", "/admin", nil)
	if form.code != 401 {
		t.Fatalf("GET /admin signed out: %d, want 401 with the form", form.code)
	}
	login := cookieNamed(form.cookies, "briefbot_login")
	res := f.do("POST", "/admin/login", url.Values{"csrf": {csrfIn(t, form.body)}, "token": {adminToken}}, login)
	session := cookieNamed(res.cookies, "briefbot_admin")
	if res.code != http.StatusSeeOther || session == nil {
		t.Fatalf("sign in: %d %s", res.code, res.body)
	}
	page := f.do("GET", "/admin", nil, session)
	if page.code != 200 {
		t.Fatalf("GET /admin signed in: %d", page.code)
	}
	return session, csrfIn(t, page.body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func csrfIn(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF field in:\n%s", body)
	}
	return m[1]
}

func cookieNamed(cs []*http.Cookie, name string) *http.Cookie {
	for _, c := range cs {
		if c.Name == name && c.MaxAge >= 0 {
			return c
		}
	}
	return nil
}

func TestAdminSignIn(t *testing.T) {
	for _, tc := range []struct {
		public string
		secure bool
	}{{"https://news.example", true}, {"http://127.0.0.1:8080", false}} {
		f := newFixture(t, tc.public, adminToken)
		form := f.do("GET", "/admin", nil)
		login := cookieNamed(form.cookies, "briefbot_login")
		if form.code != 401 || login == nil || !strings.Contains(form.body, `type="password"`) {
			t.Fatalf("signed-out /admin: %d", form.code)
		}
		csrf := csrfIn(t, form.body)
		if res := f.do("POST", "/admin/login", url.Values{"csrf": {csrf}, "token": {"wrong"}}, login); res.code != 401 || cookieNamed(res.cookies, "briefbot_admin") != nil {
			t.Errorf("wrong token: %d", res.code)
		}
		if res := f.do("POST", "/admin/login", url.Values{"csrf": {csrf}}, login); res.code != 401 {
			t.Errorf("missing token: %d", res.code)
		}
		if res := f.do("POST", "/admin/login", url.Values{"token": {adminToken}}, login); res.code != 403 {
			t.Errorf("sign-in without CSRF token: %d, want 403", res.code)
		}
		if res := f.do("POST", "/admin/login", url.Values{"csrf": {csrf}, "token": {adminToken}}); res.code != 403 {
			t.Errorf("sign-in without the form's cookie: %d, want 403", res.code)
		}
		res := f.do("POST", "/admin/login", url.Values{"csrf": {csrf}, "token": {adminToken}}, login)
		s := cookieNamed(res.cookies, "briefbot_admin")
		if res.code != http.StatusSeeOther || s == nil {
			t.Fatalf("sign in: %d", res.code)
		}
		if !s.HttpOnly || s.SameSite != http.SameSiteStrictMode || s.Secure != tc.secure || s.Path != "/admin" {
			t.Errorf("%s: session cookie HttpOnly=%v SameSite=%v Secure=%v Path=%q", tc.public, s.HttpOnly, s.SameSite, s.Secure, s.Path)
		}
		if login.Secure != tc.secure || !login.HttpOnly || login.SameSite != http.SameSiteStrictMode {
			t.Errorf("%s: sign-in cookie flags %+v", tc.public, login)
		}
		if res.header.Get("Content-Security-Policy") == "" {
			t.Errorf("no CSP on the sign-in answer")
		}
		// A forged or expired session is no session.
		forged := *s
		forged.Value = strings.Replace(s.Value, ".", "9.", 1)
		if res := f.do("GET", "/admin", nil, &forged); res.code != 401 {
			t.Errorf("forged session: %d", res.code)
		}
		f.advance(13 * time.Hour)
		if res := f.do("GET", "/admin", nil, s); res.code != 401 {
			t.Errorf("expired session: %d", res.code)
		}
	}
	off := newFixture(t, base, "")
	if res := off.do("GET", "/admin", nil); res.code != 404 {
		t.Errorf("/admin without BRIEFBOT_API_TOKEN: %d, want 404", res.code)
	}
}

func TestAdminActions(t *testing.T) {
	f := newFixture(t, base, adminToken)
	ctx := context.Background()
	src, _, err := f.store.AddSource(ctx, sources.Source{URL: "https://tidewater.example/feed.xml", Title: "Tidewater Post"})
	if err != nil {
		t.Fatal(err)
	}
	f.say(chX, "/watch harbour strike")
	now := f.clock()
	d, _, _ := f.store.ClaimDelivery(ctx, digest.Delivery{Channel: chX, Period: "2026-12-01", Owner: "A", LeaseUntil: now})
	if _, err := f.store.BeginSend(ctx, d.ID, "A", []int64{1}, now); err != nil {
		t.Fatal(err)
	}
	d, _ = f.store.FindDelivery(ctx, chX, "2026-12-01")
	if ok, _ := f.store.MarkUnknown(ctx, d); !ok {
		t.Fatal("mark unknown")
	}
	session, csrf := signIn(t, f)
	pause := "/admin/sources/" + itoa(src.ID) + "/pause"
	paused := func() bool {
		s, err := f.store.Source(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		return s.Held
	}
	if res := f.do("POST", pause, url.Values{"csrf": {csrf}}); res.code != 401 || paused() {
		t.Errorf("pause without a session: %d, paused %v", res.code, paused())
	}
	bad := &http.Cookie{Name: "briefbot_admin", Value: "1.2.3"}
	if res := f.do("POST", pause, url.Values{"csrf": {csrf}}, bad); res.code != 401 || paused() {
		t.Errorf("pause with a bad session: %d, paused %v", res.code, paused())
	}
	if res := f.do("POST", pause, url.Values{}, session); res.code != 403 || paused() {
		t.Errorf("pause without CSRF: %d, paused %v", res.code, paused())
	}
	if res := f.do("POST", pause, url.Values{"csrf": {strings.Repeat("0", 64)}}, session); res.code != 403 || paused() {
		t.Errorf("pause with a wrong CSRF token: %d, paused %v", res.code, paused())
	}
	if res := f.do("POST", pause, url.Values{"csrf": {csrf}}, session); res.code != http.StatusSeeOther || !paused() {
		t.Fatalf("pause: %d, paused %v", res.code, paused())
	}
	page := f.do("GET", "/admin", nil, session)
	for _, want := range []string{"paused by an operator", "Tidewater Post", "slack:C1", "harbour strike", "unknown",
		`action="/admin/deliveries/` + itoa(d.ID) + `/retry"`, `/resume"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("operator page lacks %q", want)
		}
	}
	if page.header.Get("Cache-Control") != "no-store" {
		t.Errorf("operator page may be cached: %q", page.header.Get("Cache-Control"))
	}
	retry := "/admin/deliveries/" + itoa(d.ID) + "/retry"
	if res := f.do("POST", retry, url.Values{}, session); res.code != 403 {
		t.Errorf("retry without CSRF: %d", res.code)
	}
	if got, _ := f.store.FindDelivery(ctx, chX, "2026-12-01"); got.Status != digest.DeliveryUnknown {
		t.Fatalf("refused retry changed the delivery: %s", got.Status)
	}
	if res := f.do("POST", retry, url.Values{"csrf": {csrf}}, session); res.code != http.StatusSeeOther {
		t.Errorf("retry: %d", res.code)
	}
	if got, _ := f.store.FindDelivery(ctx, chX, "2026-12-01"); got.Status != digest.DeliveryFailed {
		t.Errorf("after retry: %s, want failed (due again)", got.Status)
	}
	if res := f.do("POST", "/admin/sources/"+itoa(src.ID)+"/resume", url.Values{"csrf": {csrf}}, session); res.code != http.StatusSeeOther || paused() {
		t.Errorf("resume: %d, paused %v", res.code, paused())
	}
	if res := f.do("POST", "/admin/logout", url.Values{"csrf": {csrf}}, session); res.code != http.StatusSeeOther {
		t.Errorf("sign out: %d", res.code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestWrongSignInsAreLimited(t *testing.T) {
	f := newFixture(t, base, adminToken)
	form := f.do("GET", "/admin", nil)
	login, csrf := cookieNamed(form.cookies, "briefbot_login"), csrfIn(t, form.body)
	for i := 0; i < 20; i++ {
		if res := f.do("POST", "/admin/login", url.Values{"csrf": {csrf}, "token": {"guess"}}, login); res.code != 401 {
			t.Fatalf("wrong sign-in %d: %d", i+1, res.code)
		}
	}
	if res := f.do("POST", "/admin/login", url.Values{"csrf": {csrf}, "token": {adminToken}}, login); res.code != http.StatusTooManyRequests || cookieNamed(res.cookies, "briefbot_admin") != nil {
		t.Fatalf("sign-in after 20 wrong ones in a minute: %d", res.code)
	}
	f.advance(time.Minute)
	if res := f.do("POST", "/admin/login", url.Values{"csrf": {csrf}, "token": {adminToken}}, login); res.code != http.StatusSeeOther {
		t.Fatalf("sign-in a minute later: %d", res.code)
	}
}

// The operator page shows a source's URL as /source list and the logs do:
// a password or token in it is hidden, and such a URL is not a link
// (which would put the credentials in the page's HTML and send them on a
// click).
func TestAdminPageHidesSourceCredentials(t *testing.T) {
	f := newFixture(t, base, adminToken)
	ctx := context.Background()
	for _, u := range []string{"https://reader:hunter2pass@private.example/feed.xml", "https://wire.example/rss?token=s3cr3tvalue&lang=en"} {
		if _, _, err := f.store.AddSource(ctx, sources.Source{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := f.store.AddSource(ctx, sources.Source{URL: "https://tidewater.example/feed.xml", Title: "Tidewater Post"}); err != nil {
		t.Fatal(err)
	}
	session, _ := signIn(t, f)
	page := f.do("GET", "/admin", nil, session)
	if page.code != 200 {
		t.Fatalf("operator page: %d", page.code)
	}
	for _, secret := range []string{"hunter2pass", "reader:", "s3cr3tvalue"} {
		if strings.Contains(page.body, secret) {
			t.Errorf("operator page shows the credential %q", secret)
		}
	}
	for _, want := range []string{"https://xxxxx@private.example/feed.xml", "https://wire.example/rss?token=xxxxx&amp;lang=en",
		`href="https://tidewater.example/feed.xml"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("operator page lacks %q", want)
		}
	}
}

// The operator page's status line shows only what the server wrote after
// an action: a link carrying its own "done" text (someone's message to
// the operator, dressed as the page's) shows nothing.
func TestAdminStatusLineIsTheServers(t *testing.T) {
	f := newFixture(t, base, adminToken)
	src, _, err := f.store.AddSource(context.Background(), sources.Source{URL: "https://tidewater.example/feed.xml", Title: "Tidewater Post"})
	if err != nil {
		t.Fatal(err)
	}
	session, csrf := signIn(t, f)
	phish := "Your API token has leaked. Rotate it now at https://evil.example/rotate"
	page := f.do("GET", "/admin?done="+url.QueryEscape(phish), nil, session)
	if page.code != 200 || strings.Contains(page.body, "evil.example") || strings.Contains(page.body, `role="status"`) {
		t.Errorf("a link's own status text is shown: %d\n%s", page.code, page.body)
	}
	res := f.do("POST", "/admin/sources/"+itoa(src.ID)+"/pause", url.Values{"csrf": {csrf}}, session)
	loc := res.header.Get("Location")
	if res.code != http.StatusSeeOther || loc == "" {
		t.Fatalf("pause: %d, Location %q", res.code, loc)
	}
	if page := f.do("GET", loc, nil, session); !strings.Contains(page.body, "Source #"+itoa(src.ID)+" paused.") {
		t.Errorf("after pausing, the page lacks the server's status line:\n%s", page.body)
	}
}
