package sources_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// memSources is an in-memory Manager that accepts any http URL.
type memSources struct {
	mu    sync.Mutex
	list  []sources.Source
	added []sources.Source // what AddSource was asked
	// watches are the restricted watches /source list shows.
	watches []briefing.Watch
}

func (m *memSources) AddSource(_ context.Context, s sources.Source) (sources.Added, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.added = append(m.added, s)
	u, err := sources.NormalizeURL(s.URL)
	if err != nil {
		return sources.Added{}, err
	}
	for _, o := range m.list {
		if o.URL == u {
			return sources.Added{}, briefing.Errorf(briefing.EConflict, "%s is already source #%d", u, o.ID)
		}
	}
	s.URL, s.ID = u, int64(len(m.list)+1)
	m.list = append(m.list, s)
	return sources.Added{Source: s, Items: 50}, nil
}

func (m *memSources) Sources(context.Context) ([]sources.Source, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]sources.Source(nil), m.list...), nil
}

func (m *memSources) RemoveSource(_ context.Context, id int64) (sources.Source, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, s := range m.list {
		if s.ID == id {
			m.list = append(m.list[:i], m.list[i+1:]...)
			return s, nil
		}
	}
	return sources.Source{}, briefing.Errorf(briefing.ENotFound, "there is no source #%d", id)
}

func (m *memSources) HoldSource(_ context.Context, id int64, held bool) (sources.Source, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, s := range m.list {
		if s.ID == id {
			m.list[i].Held = held
			return m.list[i], nil
		}
	}
	return sources.Source{}, briefing.Errorf(briefing.ENotFound, "there is no source #%d", id)
}

func (m *memSources) RestrictedWatches(context.Context) ([]briefing.Watch, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]briefing.Watch(nil), m.watches...), nil
}

var srcNow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func sourceRouter(m sources.Manager) *bot.Router {
	r := bot.NewRouter(bot.RouterConfig{Admins: []string{"slack:UADMIN"}})
	sources.Register(r, m, sources.CommandConfig{Now: func() time.Time { return srcNow }, Interval: 15 * time.Minute})
	return r
}

// A process that does not poll (the CLI) does not know serve's default
// interval, and says so rather than showing its own setting.
func TestSourceListWithoutTheServeIntervalSaysSo(t *testing.T) {
	m := &memSources{}
	r := bot.NewRouter(bot.RouterConfig{Admins: []string{"slack:UADMIN"}})
	sources.Register(r, m, sources.CommandConfig{Now: func() time.Time { return srcNow }})
	if rep := askSource(r, bot.User{ID: "UADMIN"}, "add https://news.example/feed.xml"); rep.Error ||
		!strings.Contains(rep.Text, "at serve's default interval") {
		t.Fatalf("add: %+v", rep)
	}
	if rep := askSource(r, bot.User{ID: "U1"}, "list"); !strings.Contains(rep.Text, "at serve's default interval (BRIEFBOT_POLL_INTERVAL)") ||
		strings.Contains(rep.Text, "every 15 min") {
		t.Fatalf("list: %+v", rep)
	}
}

func askSource(r *bot.Router, user bot.User, text string) bot.Reply {
	return r.Handle(context.Background(), bot.Request{Channel: briefing.Channel{Platform: "slack", ID: "C1"}, User: user,
		Command: "source", Text: text})
}

// Acceptance 6 (sources half): a non-admin's /source add is refused; an
// admin's works, whether BRIEFBOT_ADMINS or the platform says so.
func TestSourceAdminOnly(t *testing.T) {
	m := &memSources{}
	r := sourceRouter(m)
	nobody := bot.User{ID: "U2"}
	for _, text := range []string{"add https://news.example/feed.xml", "remove 1", "rm #1"} {
		rep := askSource(r, nobody, text)
		if !rep.Error || !strings.Contains(rep.Text, "only briefbot admins") {
			t.Errorf("non-admin /source %s: %+v", text, rep)
		}
	}
	if len(m.added) != 0 {
		t.Fatalf("a refused add reached the manager: %+v", m.added)
	}
	for _, admin := range []bot.User{{ID: "UADMIN"}, {ID: "U3", Admin: true}} {
		rep := askSource(r, admin, "add https://news.example/"+admin.ID+".xml")
		if rep.Error || !strings.Contains(rep.Text, "Added source #") {
			t.Fatalf("admin %+v: %+v", admin, rep)
		}
	}
	if got := m.added[0]; got.Channel != (briefing.Channel{Platform: "slack", ID: "C1"}) || got.AddedBy != "UADMIN" || got.Trusted {
		t.Errorf("AddSource got %+v; want the channel, the user, untrusted", got)
	}
	if rep := askSource(r, nobody, "list"); rep.Error || !strings.Contains(rep.Text, "UADMIN.xml") {
		t.Errorf("non-admin /source list: %+v", rep)
	}
}

func TestSourceAddReplies(t *testing.T) {
	m := &memSources{}
	r := sourceRouter(m)
	admin := bot.User{ID: "UADMIN"}
	rep := askSource(r, admin, "add https://news.example/feed.xml every 30m")
	if rep.Error || !strings.Contains(rep.Text, "every 30 min") || !strings.Contains(rep.Text, "50 current items are stored as already seen") {
		t.Fatalf("add: %+v", rep)
	}
	if m.added[0].Interval != 30*time.Minute {
		t.Errorf("interval %s", m.added[0].Interval)
	}
	for text, want := range map[string]string{
		"add":                                "give the feed or page URL",
		"add https://news.example/feed.xml":  "already source #1",
		"add ftp://x.example/":               "“ftp://x.example/” is not an http or https URL",
		"add https://x.example/ every often": "how often to check",
		"add https://x.example/ 30m extra":   "how often to check",
		"remove":                             "give the number",
		"remove three":                       "not a source number",
		"remove 9":                           "no source #9",
		"frobnicate":                         "unknown /source option",
	} {
		rep := askSource(r, admin, text)
		if !rep.Error || !strings.Contains(rep.Text, want) {
			t.Errorf("/source %s: %q; want an error saying %q", text, rep.Text, want)
		}
	}
	if rep := askSource(r, admin, "remove #1"); rep.Error || !strings.Contains(rep.Text, "Removed source #1") {
		t.Fatalf("remove: %+v", rep)
	}
	if rep := askSource(r, admin, ""); !strings.Contains(rep.Text, "No sources yet") {
		t.Fatalf("empty list: %+v", rep)
	}
}

func TestSourceListShowsHealth(t *testing.T) {
	m := &memSources{list: []sources.Source{
		{ID: 1, URL: "https://ok.example/feed", Title: "Harbour News", AddedBy: "U1", State: sources.State{
			LastCheck: srcNow.Add(-5 * time.Minute), LastSuccess: srcNow.Add(-5 * time.Minute), NextCheck: srcNow.Add(10 * time.Minute)}},
		{ID: 2, URL: "https://flaky.example/rss", Interval: 2 * time.Hour, State: sources.State{Failures: 2,
			LastCheck: srcNow.Add(-time.Hour), LastSuccess: srcNow.Add(-26 * time.Hour), LastError: "HTTP 503 Service Unavailable",
			LastErrorAt: srcNow.Add(-time.Hour), NextCheck: srcNow.Add(3 * time.Hour)}},
		{ID: 3, URL: "https://dead.example/", State: sources.State{Failures: 6, Paused: true,
			LastError: "connection refused", LastErrorAt: srcNow.Add(-4 * time.Hour), NextCheck: srcNow.Add(20 * time.Hour)}},
		{ID: 4, URL: "https://new.example/feed", State: sources.State{NextCheck: srcNow}},
		{ID: 5, URL: "https://typo.example/fed", CreatedAt: srcNow.Add(-50 * time.Hour), State: sources.State{Failures: 3,
			LastCheck: srcNow.Add(-2 * time.Hour), LastError: "HTTP 404 Not Found", LastErrorAt: srcNow.Add(-2 * time.Hour), NextCheck: srcNow.Add(2 * time.Hour)}},
	}}
	rep := askSource(sourceRouter(m), bot.User{ID: "anyone"}, "list")
	want := []string{
		"#1 “Harbour News” (https://ok.example/feed)\n    OK · last success 5 min ago · next check in 10 min · every 15 min · added by U1",
		"#2 https://flaky.example/rss\n    failing (2 in a row) · last success 26 h ago · last error 1 h ago: HTTP 503 Service Unavailable · next check in 3 h · every 2 h",
		"#3 https://dead.example/\n    PAUSED after 6 failed checks in a row · last error 4 h ago: connection refused · next try in 20 h · every 15 min\n    An admin can resume it with /source resume 3",
		"#4 https://new.example/feed\n    not checked yet · next check now · every 15 min",
		"#5 https://typo.example/fed\n    failing (3 in a row) · never worked since it was added 2 days ago · last error 2 h ago: HTTP 404 Not Found · next check in 2 h · every 15 min",
	}
	if rep.Title != "Sources (5)" || rep.Text != strings.Join(want, "\n") {
		t.Fatalf("list:\n%s\n%s\nwant:\n%s", rep.Title, rep.Text, strings.Join(want, "\n"))
	}
}
