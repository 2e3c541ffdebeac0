package sources_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

// Acceptance 3: the second poll of a feed with an ETag sends
// If-None-Match, gets 304 and parses nothing.
func TestPollConditionalGet(t *testing.T) {
	rc, url := serve(t, etagFeed(rss(stories(1, 3), ""), `"v1"`))
	e := newEnv(t, sources.PollerConfig{})
	src := e.register(t, url, 0)

	if rep := e.pass(t); rep.Claimed != 1 || rep.Updated != 1 || e.count(t) != 3 || e.poller.Parses() != 1 {
		t.Fatalf("first poll: %+v, %d articles, %d parses", rep, e.count(t), e.poller.Parses())
	}
	if h := rc.last(); h.Get("If-None-Match") != "" || h.Get("If-Modified-Since") != "" {
		t.Errorf("first request sent validators: %v", h)
	}
	st := e.source(t, src.ID).State
	if st.ETag != `"v1"` || !st.Primed || !st.NextCheck.Equal(start.Add(15*time.Minute)) || !st.LastSuccess.Equal(start) {
		t.Fatalf("state after the first poll: %+v", st)
	}

	e.clk.Advance(15*time.Minute - time.Second)
	if rep := e.pass(t); rep.Claimed != 0 || rc.n() != 1 {
		t.Fatalf("polled before the interval: %+v, %d requests", rep, rc.n())
	}
	e.clk.Advance(time.Second)
	rep := e.pass(t)
	if rep.Claimed != 1 || rep.Unchanged != 1 || rep.Updated != 0 || rc.n() != 2 {
		t.Fatalf("second poll: %+v, %d requests", rep, rc.n())
	}
	if got := rc.last().Get("If-None-Match"); got != `"v1"` {
		t.Errorf("second request If-None-Match = %q", got)
	}
	if e.poller.Parses() != 1 || e.count(t) != 3 {
		t.Errorf("after a 304: %d parses, %d articles; want 1 and 3", e.poller.Parses(), e.count(t))
	}
	if st := e.source(t, src.ID).State; st.ETag != `"v1"` || !st.NextCheck.Equal(e.clk.Now().Add(15*time.Minute)) {
		t.Errorf("state after the 304: %+v", st)
	}
}

func TestPollLastModifiedAndBodyHash(t *testing.T) {
	const lm = "Mon, 30 Nov 2026 08:00:00 GMT"
	body := rss(stories(1, 2), "")
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Last-Modified", lm)
		w.Write(body) // ignores If-Modified-Since: a full 200 every time
	})
	e := newEnv(t, sources.PollerConfig{Interval: time.Minute})
	e.register(t, url, 0)
	e.pass(t)
	e.clk.Advance(time.Minute)
	if rep := e.pass(t); rep.Unchanged != 1 || e.poller.Parses() != 1 {
		t.Fatalf("identical 200: %+v, %d parses; want unchanged and no parse", rep, e.poller.Parses())
	}
	if got := rc.last().Get("If-Modified-Since"); got != lm {
		t.Errorf("If-Modified-Since = %q, want %q", got, lm)
	}
	body = rss(stories(1, 3), "")
	rc.set(func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	e.clk.Advance(time.Minute)
	if rep := e.pass(t); rep.Updated != 1 || rep.New != 1 || e.poller.Parses() != 2 {
		t.Fatalf("changed body: %+v, %d parses", rep, e.poller.Parses())
	}
}

// Acceptance 3: a 503 with Retry-After: 120 moves the next poll at least
// 120 s later, although the interval (and so the first back-off) is 60 s.
func TestPollRetryAfter(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header func(now time.Time) string
		want   time.Duration
	}{
		{"503Seconds", http.StatusServiceUnavailable, func(time.Time) string { return "120" }, 120 * time.Second},
		{"429Date", http.StatusTooManyRequests, func(now time.Time) string {
			return now.Add(5 * time.Minute).UTC().Format(http.TimeFormat)
		}, 5 * time.Minute},
		{"503WithoutHeader", http.StatusServiceUnavailable, func(time.Time) string { return "" }, time.Minute},
		{"HugeRetryAfterIsCapped", http.StatusServiceUnavailable, func(time.Time) string { return "99999999" }, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *env
			rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if v := tt.header(e.clk.Now()); v != "" {
					w.Header().Set("Retry-After", v)
				}
				w.WriteHeader(tt.status)
			})
			e = newEnv(t, sources.PollerConfig{Interval: time.Minute})
			src := e.register(t, url, 0)
			if rep := e.pass(t); rep.Failed != 1 {
				t.Fatalf("pass: %+v", rep)
			}
			st := e.source(t, src.ID).State
			if got := st.NextCheck.Sub(start); got != tt.want || st.Failures != 1 || !strings.Contains(st.LastError, "HTTP") {
				t.Fatalf("next check in %s (want %s), state %+v", got, tt.want, st)
			}
			rc.set(etagFeed(rss(stories(1, 1), ""), `"x"`))
			e.clk.Advance(tt.want - time.Second)
			if e.pass(t); rc.n() != 1 {
				t.Fatalf("polled %s after a Retry-After of %s", tt.want-time.Second, tt.want)
			}
			e.clk.Advance(time.Second)
			if rep := e.pass(t); rep.Updated != 1 || rc.n() != 2 || e.source(t, src.ID).State.Failures != 0 {
				t.Fatalf("poll once due: %+v, %d requests", rep, rc.n())
			}
		})
	}
}

// Acceptance 3: a feed added with 50 existing items posts none of them.
func TestPollNewSourceDoesNotFlood(t *testing.T) {
	for _, backfill := range []int{0, 3} {
		t.Run(map[int]string{0: "Default", 3: "Backfill3"}[backfill], func(t *testing.T) {
			body := rss(stories(1, 50), "")
			rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
			e := newEnv(t, sources.PollerConfig{Backfill: backfill})
			e.register(t, url, 0)
			if rep := e.pass(t); rep.New != backfill || e.count(t) != 50 {
				t.Fatalf("first poll: %+v, %d stored", rep, e.count(t))
			}
			want := []string{}
			for n := 50; n > 50-backfill; n-- {
				want = append(want, story(n).title)
			}
			got := e.announced(t)
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Fatalf("announceable after adding: %q, want %q", got, want)
			}
			body = rss(stories(1, 52), "")
			rc.set(func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
			e.clk.Advance(15 * time.Minute)
			if rep := e.pass(t); rep.New != 2 {
				t.Fatalf("second poll: %+v, want 2 new", rep)
			}
			if got := e.announced(t); !slices.Contains(got, story(51).title) || !slices.Contains(got, story(52).title) || len(got) != backfill+2 {
				t.Fatalf("announceable after two new items: %q", got)
			}
		})
	}
}

func TestAddSourceFromChatDoesNotFlood(t *testing.T) {
	_, url := serve(t, etagFeed(rss(stories(1, 50), "<ttl>60</ttl>"), `"v1"`))
	e := newEnv(t, sources.PollerConfig{AllowPrivate: true})
	ch := briefing.Channel{Platform: "console", ID: "news"}
	res, err := e.poller.AddSource(context.Background(), sources.Source{URL: url, Channel: ch, AddedBy: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Items != 50 || res.New != 0 || res.Source.Title != "Harbour News" || res.Source.Channel != ch || res.Source.Trusted {
		t.Fatalf("AddSource = %+v", res)
	}
	if got := e.announced(t); len(got) != 0 || e.count(t) != 50 {
		t.Fatalf("announceable: %q of %d stored", got, e.count(t))
	}
	st := e.source(t, res.Source.ID).State
	if !st.Primed || st.ETag != `"v1"` || st.TTL != time.Hour || !st.NextCheck.Equal(start.Add(time.Hour)) {
		t.Fatalf("state: %+v (want primed, ETag, TTL 1h honoured)", st)
	}
	if _, err := e.poller.AddSource(context.Background(), sources.Source{URL: url}); briefing.ErrorCode(err) != briefing.EConflict {
		t.Fatalf("adding it again: %v, want a conflict", err)
	}
}

// Items whose GUID or title changes are not announced again; a new title
// under the same GUID corrects the stored article in place.
func TestPollRekeyedItemsAreNotNew(t *testing.T) {
	old := stories(1, 5)
	body := rss(old, "")
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	e := newEnv(t, sources.PollerConfig{Backfill: 5})
	e.register(t, url, 0)
	e.pass(t)

	changed := slices.Clone(old)                                               // newest first: 5, 4, 3, 2, 1
	changed[4].guid = "https://news.example/?p=1"                              // new GUID, same link
	changed[3].guid, changed[3].link = "urn:new:2", "https://news.example/two" // new GUID and link, same text
	changed[2].guid, changed[2].link, changed[2].title = "urn:new:3", "https://news.example/three", "A new headline"
	changed[2].text = strings.Replace(changed[2].text, " ", " indeed ", 1) // and a small edit
	changed[1].title = "Story number 4, updated"                           // title only: same GUID, a correction
	body = rss(append([]item{story(6)}, changed...), "")
	rc.set(func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	e.clk.Advance(15 * time.Minute)
	rep := e.pass(t)
	if rep.New != 1 {
		t.Errorf("second poll: %+v, want 1 new", rep)
	}
	got := e.announced(t)
	want := []string{"Story number 1", "Story number 2", "Story number 3", "Story number 4, updated", "Story number 5", "Story number 6"}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Fatalf("announceable: %q, want the five first stories (story 4 corrected) and story 6 only", got)
	}
	if n := e.count(t); n != 9 {
		t.Errorf("%d stored, want 9 (three re-keyed copies kept as backfill)", n)
	}
}

// A feed that links every item to its home page must not have its new
// items taken for old ones.
func TestPollSharedLinksAreNotIdentity(t *testing.T) {
	home := func(its []item) []item {
		for i := range its {
			its[i].link = "https://news.example/home"
		}
		return its
	}
	body := rss(home(stories(1, 2)), "")
	rc, url := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	e := newEnv(t, sources.PollerConfig{})
	e.register(t, url, 0)
	e.pass(t)
	body = rss(home(stories(1, 3)), "")
	rc.set(func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	e.clk.Advance(15 * time.Minute)
	if rep := e.pass(t); rep.New != 1 {
		t.Fatalf("new item sharing the home-page link: %+v, want 1 new", rep)
	}
}
