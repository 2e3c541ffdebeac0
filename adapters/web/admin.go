package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The operator page's authentication. Signing in exchanges
// BRIEFBOT_API_TOKEN for a session cookie; the cookie and every CSRF
// token are HMACs under a key derived from the token, so nothing is
// stored server-side.

const (
	sessionCookie = "briefbot_admin"
	loginCookie   = "briefbot_login"
	sessionTTL    = 12 * time.Hour
	adminPath     = "/admin"
)

type adminKeys struct {
	token string
	key   []byte
}

func newAdminKeys(token string) adminKeys {
	if token == "" {
		return adminKeys{}
	}
	k := sha256.Sum256([]byte("briefbot admin session key\x00" + token))
	return adminKeys{token: token, key: k[:]}
}

func (k adminKeys) enabled() bool { return k.token != "" }

func (k adminKeys) mac(parts ...string) string {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(m.Sum(nil))
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func nonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// newSession returns a cookie value "expiry.nonce.mac".
func (k adminKeys) newSession(now time.Time) (value, csrf string) {
	exp := strconv.FormatInt(now.Add(sessionTTL).Unix(), 10)
	n := nonce()
	return exp + "." + n + "." + k.mac("session", exp, n), k.mac("csrf", n)
}

// session checks a cookie value and returns the session's CSRF token.
func (k adminKeys) session(value string, now time.Time) (csrf string, ok bool) {
	parts := strings.Split(value, ".")
	if !k.enabled() || len(parts) != 3 {
		return "", false
	}
	exp, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || !equal(parts[2], k.mac("session", parts[0], parts[1])) || now.Unix() >= exp {
		return "", false
	}
	return k.mac("csrf", parts[1]), true
}

func (s *Server) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: adminPath, MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteStrictMode}
}

// authed returns the request's session CSRF token, or writes the answer
// for a request without a valid session (the sign-in form, 401).
func (s *Server) authed(w http.ResponseWriter, r *http.Request) (string, bool) {
	if !s.admin.enabled() {
		s.notFound(w)
		return "", false
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if csrf, ok := s.admin.session(c.Value, s.cfg.Now()); ok {
			return csrf, true
		}
	}
	s.loginForm(w, http.StatusUnauthorized, "")
	return "", false
}

// loginForm answers with the sign-in form. Its CSRF token is tied to a
// fresh random cookie (double submit), so another site cannot sign a
// browser in.
func (s *Server) loginForm(w http.ResponseWriter, status int, msg string) {
	n := nonce()
	http.SetCookie(w, s.cookie(loginCookie, n, 600))
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, status, "login.html", map[string]any{"Title": "Sign in", "CSRF": s.admin.mac("login", n), "Message": msg})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !s.admin.enabled() {
		s.notFound(w)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.forbidden(w)
		return
	}
	c, err := r.Cookie(loginCookie)
	if err != nil || !equal(r.PostForm.Get("csrf"), s.admin.mac("login", c.Value)) {
		s.forbidden(w)
		return
	}
	if !s.signIns.allow(s.cfg.Now()) {
		w.Header().Set("Retry-After", "60")
		s.render(w, http.StatusTooManyRequests, "error.html", map[string]any{"Title": "Too many attempts",
			"Message": "Too many wrong sign-ins in the last minute. Wait a minute and try again."})
		return
	}
	if !equal(r.PostForm.Get("token"), s.admin.token) {
		s.signIns.failed(s.cfg.Now())
		s.log.Warn("web: admin sign-in refused", "remote", r.RemoteAddr)
		s.loginForm(w, http.StatusUnauthorized, "That is not the API token. Try again.")
		return
	}
	value, _ := s.admin.newSession(s.cfg.Now())
	http.SetCookie(w, s.cookie(sessionCookie, value, int(sessionTTL/time.Second)))
	http.SetCookie(w, s.cookie(loginCookie, "", -1))
	http.Redirect(w, r, adminPath, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.checkPost(w, r); !ok {
		return
	}
	http.SetCookie(w, s.cookie(sessionCookie, "", -1))
	http.Redirect(w, r, adminPath, http.StatusSeeOther)
}

// checkPost admits a state-changing request: a valid session (else 401)
// and that session's CSRF token in the form (else 403).
func (s *Server) checkPost(w http.ResponseWriter, r *http.Request) (string, bool) {
	csrf, ok := s.authed(w, r)
	if !ok {
		return "", false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil || !equal(r.PostForm.Get("csrf"), csrf) {
		s.forbidden(w)
		return "", false
	}
	return csrf, true
}

func (s *Server) forbidden(w http.ResponseWriter) {
	s.render(w, http.StatusForbidden, "error.html", map[string]any{"Title": "Refused",
		"Message": "This form is out of date or did not come from this site. Go back to the operator page, reload it and try again."})
}

// maxFailedSignIns bounds wrong sign-ins per minute, for the whole
// process: guessing the token costs an attacker a minute per batch, and
// an operator who mistypes a few times is never held up.
const maxFailedSignIns = 20

// signInLimit counts wrong sign-ins in the current one-minute window.
type signInLimit struct {
	mu    sync.Mutex
	start time.Time
	n     int
}

func (l *signInLimit) roll(now time.Time) {
	if now.Sub(l.start) >= time.Minute {
		l.start, l.n = now, 0
	}
}

func (l *signInLimit) allow(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll(now)
	return l.n < maxFailedSignIns
}

func (l *signInLimit) failed(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll(now)
	l.n++
}
