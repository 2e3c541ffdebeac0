package sources_test

import (
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// "/source add URL every 30m for this channel" (options in either order)
// asks for a private source with its own interval; an interval out of
// 5m..24h or an unknown word is refused before the manager is asked.
func TestSourceAddIntervalAndChannel(t *testing.T) {
	m := &memSources{}
	r := sourceRouter(m)
	admin := bot.User{ID: "UADMIN"}
	for i, text := range []string{"add https://a.example/feed every 30m for this channel",
		"add https://b.example/feed for this channel every 2h", "add https://c.example/feed 45m", "add https://d.example/feed"} {
		if rep := askSource(r, admin, text); rep.Error {
			t.Fatalf("/source %s: %+v", text, rep)
		} else if i < 2 && !strings.Contains(rep.Text, "for this channel only") {
			t.Errorf("/source %s: reply does not say the source is this channel's: %q", text, rep.Text)
		}
	}
	want := []struct {
		private  bool
		interval time.Duration
	}{{true, 30 * time.Minute}, {true, 2 * time.Hour}, {false, 45 * time.Minute}, {false, 0}}
	for i, w := range want {
		if got := m.added[i]; got.Private != w.private || got.Interval != w.interval {
			t.Errorf("add %d: private %v interval %s; want %v %s", i, got.Private, got.Interval, w.private, w.interval)
		}
	}
	for text, wantErr := range map[string]string{
		"add https://x.example/ every 2m":                          "checked every 5 min to 24 h, not every 2 min",
		"add https://x.example/ every 48h":                         "not every 2 days",
		"add https://x.example/ for that channel":                  "“for” is not an option",
		"add https://x.example/ every 30m every 1h":                "“every” is not an option",
		"add https://x.example/ " + strings.Repeat("z", 500):       "is not an option",
		"add https://x.example/ for this channel for this channel": "“for” is not an option",
	} {
		rep := askSource(r, admin, text)
		if !rep.Error || !strings.Contains(rep.Text, wantErr) || len(rep.Text) > 600 {
			t.Errorf("/source %.60s: %q; want a short error saying %q", text, rep.Text, wantErr)
		}
	}
	if len(m.added) != 4 {
		t.Fatalf("refused adds reached the manager: %+v", m.added[4:])
	}
}

// /source pause and resume are for admins, like remove; list shows a
// paused source, the channel a private source belongs to, and the
// channels whose watches name a source.
func TestSourcePauseResumeAndUsage(t *testing.T) {
	m := &memSources{}
	r := sourceRouter(m)
	admin, nobody := bot.User{ID: "UADMIN"}, bot.User{ID: "U2"}
	askSource(r, admin, "add https://a.example/feed for this channel")
	askSource(r, admin, "add https://b.example/feed")
	m.watches = []briefing.Watch{{Channel: briefing.Channel{Platform: "discord", ID: "D9"}, Topic: "tariffs",
		Sources: []string{"https://b.example/feed"}}}
	for _, text := range []string{"pause 1", "resume 1"} {
		if rep := askSource(r, nobody, text); !rep.Error || !strings.Contains(rep.Text, "only briefbot admins") {
			t.Errorf("non-admin /source %s: %+v", text, rep)
		}
	}
	if m.list[0].Held {
		t.Fatal("a refused pause paused the source")
	}
	if rep := askSource(r, admin, "pause #1"); rep.Error || !strings.Contains(rep.Text, "Paused source #1") || !m.list[0].Held {
		t.Fatalf("pause: %+v (held %v)", rep, m.list[0].Held)
	}
	list := askSource(r, nobody, "list").Text
	for _, want := range []string{"#1 https://a.example/feed\n    PAUSED by an operator · every 15 min · added by UADMIN\n" +
		"    An admin can resume it with /source resume 1\n    only for slack:C1",
		"#2 https://b.example/feed\n    not checked yet · next check now · every 15 min · added by UADMIN\n" +
			"    watched from discord:D9: “tariffs”"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
	if rep := askSource(r, admin, "resume 1"); rep.Error || !strings.Contains(rep.Text, "Resumed source #1") || m.list[0].Held {
		t.Fatalf("resume: %+v", rep)
	}
	for text, want := range map[string]string{"pause": "give the number of the source to pause", "resume x": "not a source number",
		"pause 99": "no source #99", "resume 1 2": "give the number"} {
		if rep := askSource(r, admin, text); !rep.Error || !strings.Contains(rep.Text, want) {
			t.Errorf("/source %s: %q; want %q", text, rep.Text, want)
		}
	}
}

var _ sources.Manager = (*memSources)(nil)
