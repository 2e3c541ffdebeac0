package web_test

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/web"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
)

const base = "http://briefbot.test"

func TestBriefLinksToItsFullPage(t *testing.T) {
	f := newFixture(t, base, "")
	rep := f.say(chX, "/brief harbour strike")
	if rep.Error || len(rep.Sections) != 1 || len(rep.Sections[0].Items) != 2 {
		t.Fatalf("reply: %+v", rep)
	}
	link := linkIn(rep.Footer, base+"/b/")
	if !strings.Contains(rep.Footer, "Full briefing: ") || link == "" {
		t.Fatalf("footer %q has no permalink", rep.Footer)
	}
	if !strings.Contains(rep.Footer, "more stor") {
		t.Errorf("footer lost its own text: %q", rep.Footer)
	}
	res := f.do("GET", strings.TrimPrefix(link, base), nil)
	if res.code != 200 {
		t.Fatalf("GET %s: %d %s", link, res.code, res.body)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if res.header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q allows more than it should", csp)
	}
	// The page holds the whole briefing, not just the two stories the
	// chat reply showed: all three stories, with every outlet and link.
	for _, want := range []string{"Dockworkers begin harbour strike", "Harbour strike ends after port authority",
		`href="https://tidewater.example/strike-begins"`, `href="https://ledger.example/dock-walkout"`,
		`href="https://tidewater.example/strike-ends"`, "Coastal Ledger", "Mallow Review", "Tue 3 Nov 2026", "Mon 9 Nov 2026",
		"Why it matched"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The hostile article is shown as text, never as markup or a link.
	if !strings.Contains(res.body, "&lt;img src=x onerror=alert(1)&gt; harbour strike") {
		t.Errorf("hostile title not shown escaped")
	}
	if regexp.MustCompile(`(?i)<img|href="\s*(javascript|data):|onerror=alert\(1\)>`).MatchString(res.body) {
		t.Errorf("hostile markup or link reached the page:\n%s", res.body)
	}
	// The hostile article's javascript: link never reaches the adapter
	// (briefing.SafeLink drops it at ingest, issue 17 finding 10), so the
	// page shows no link for it, and no "withheld" note either.
	if strings.Contains(res.body, "javascript:") {
		t.Errorf("a javascript: link reached the page")
	}
}

func TestPageIDsAreUnguessableAndExpire(t *testing.T) {
	f := newFixture(t, base, "")
	seen := map[string]bool{}
	for i := 0; i < 5; i++ {
		link := linkIn(f.say(chX, "/brief harbour strike").Footer, base+"/b/")
		id := strings.TrimPrefix(link, base+"/b/")
		if len(id) != 26 || seen[id] {
			t.Fatalf("id %q: want 26 fresh base32 characters (128 random bits)", id)
		}
		seen[id] = true
	}
	var id string
	for id = range seen {
		break
	}
	if res := f.do("GET", "/b/"+id, nil); res.code != 200 {
		t.Fatalf("fresh page: %d", res.code)
	}
	for _, bad := range []string{"/b/" + strings.ToUpper(id), "/b/aaaaaaaaaaaaaaaaaaaaaaaaaa", "/b/1", "/b/..%2fadmin"} {
		if res := f.do("GET", bad, nil); res.code != 404 {
			t.Errorf("GET %s: %d, want 404", bad, res.code)
		}
	}
	f.advance(web.DefaultPageTTL + time.Minute)
	if res := f.do("GET", "/b/"+id, nil); res.code != 404 {
		t.Errorf("expired page: %d, want 404", res.code)
	}
}

func TestNoPublicURLNoLinks(t *testing.T) {
	f := newFixture(t, "", "")
	if rep := f.say(chX, "/brief harbour strike"); strings.Contains(rep.Footer, "/b/") {
		t.Errorf("permalink without a public URL: %q", rep.Footer)
	}
	if rep := f.say(chX, "/watch harbour strike"); strings.Contains(rep.Text, "/feeds/") || rep.Error {
		t.Errorf("feed URL without a public URL: %+v", rep)
	}
	if _, err := web.New(f.eng, f.store, web.Config{PublicURL: "javascript:alert(1)"}); err == nil {
		t.Errorf("a javascript: public URL was accepted")
	}
}

type recordingAdapter struct{ got []bot.Reply }

func (r *recordingAdapter) Name() string                                 { return "slack" }
func (r *recordingAdapter) Run(ctx context.Context, _ bot.Handler) error { <-ctx.Done(); return nil }
func (r *recordingAdapter) Send(_ context.Context, _ briefing.Channel, rep bot.Reply) ([]string, error) {
	r.got = append(r.got, rep)
	return []string{"m1"}, nil
}

func TestScheduledDigestCarriesItsPermalink(t *testing.T) {
	f := newFixture(t, base, "")
	b, err := f.eng.Brief(context.Background(), "harbour strike", briefing.BriefOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingAdapter{}
	a := f.web.WrapAdapter(rec)
	digest := digest.ReplyFor(briefing.Digest{Sections: []briefing.DigestSection{{Topic: "harbour strike", Items: b.Items}}, Total: len(b.Items)}, false)
	if _, err := a.Send(context.Background(), chX, digest); err != nil {
		t.Fatal(err)
	}
	link := linkIn(rec.got[0].Footer, base+"/b/")
	if link == "" {
		t.Fatalf("digest footer %q has no permalink", rec.got[0].Footer)
	}
	res := f.do("GET", strings.TrimPrefix(link, base), nil)
	if res.code != http.StatusOK || !strings.Contains(res.body, "Harbour strike ends") || !strings.Contains(res.body, "Digest: harbour strike") {
		t.Fatalf("digest page: %d\n%s", res.code, res.body)
	}
	// A reply without stories is sent as it is.
	if _, err := a.Send(context.Background(), chX, bot.Reply{Text: "Nothing new."}); err != nil || rec.got[1].Footer != "" {
		t.Errorf("storyless reply changed: %+v", rec.got[1])
	}
}

func TestStylesheetAndHome(t *testing.T) {
	f := newFixture(t, base, "")
	css := f.do("GET", "/static/web.css", nil)
	if css.code != 200 || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") || !strings.Contains(css.body, "prefers-color-scheme:dark") {
		t.Errorf("stylesheet: %d %s", css.code, css.header.Get("Content-Type"))
	}
	if home := f.do("GET", "/", nil); home.code != 200 || home.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("home: %d", home.code)
	}
}

func TestDigestNowLinksItsPage(t *testing.T) {
	f := newFixture(t, base, "")
	f.say(chX, "/watch harbour strike")
	rep := f.say(chX, "/digest now")
	link := linkIn(rep.Footer, base+"/b/")
	if rep.Error || link == "" {
		t.Fatalf("/digest now: %+v", rep)
	}
	res := f.do("GET", strings.TrimPrefix(link, base), nil)
	if res.code != 200 || !regexp.MustCompile(`Digest for \w{3} \d{1,2} \w{3} \d{4}: harbour strike`).MatchString(res.body) ||
		!strings.Contains(res.body, "Dockworkers begin harbour strike") {
		t.Fatalf("digest page: %d\n%s", res.code, res.body)
	}
	// Nothing new the second time: no stories, no page.
	if again := f.say(chX, "/digest now"); strings.Contains(again.Footer+again.Text, "/b/") {
		t.Errorf("an empty digest got a page: %+v", again)
	}
}

// failingStore refuses to store pages.
type failingStore struct{ web.Store }

func (failingStore) SavePage(context.Context, briefing.Page) error { return errors.New("disk full") }

func TestReplyGoesOutWhenThePageCannotBeStored(t *testing.T) {
	f := newFixture(t, base, "")
	srv, err := web.New(f.eng, failingStore{f.store}, web.Config{PublicURL: base})
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.eng.Brief(context.Background(), "harbour strike", briefing.BriefOptions{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	in := bot.BriefingReply(b)
	out := srv.Publish(context.Background(), chX, in)
	if out.Footer != in.Footer || len(out.Sections) != 1 || len(out.Sections[0].Items) != 2 {
		t.Errorf("reply changed when its page could not be stored: %+v", out)
	}
}

func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	f := newFixture(t, base, adminToken)
	for _, c := range []struct {
		method, path string
		code         int
	}{{"GET", "/b/aaaaaaaaaaaaaaaaaaaaaaaaaa", 404}, {"GET", "/feeds/nope.atom", 404}, {"GET", "/admin", 401},
		{"POST", "/admin/login", 403}, {"GET", "/static/web.css", 200}, {"GET", "/", 200}} {
		res := f.do(c.method, c.path, url.Values{})
		if res.code != c.code {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, res.code, c.code)
		}
		if !strings.Contains(res.header.Get("Content-Security-Policy"), "default-src 'none'") ||
			res.header.Get("X-Content-Type-Options") != "nosniff" || res.header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s %s: security headers missing: %v", c.method, c.path, res.header)
		}
	}
}

// fixedOverview writes one sentence citing every story it is given, in
// reverse, so a citation that is not moved to the page's order shows.
type fixedOverview struct{}

func (fixedOverview) Overview(_ context.Context, _ string, items []briefing.Item) *bot.Overview {
	var cites []int
	for n := len(items); n >= 1; n-- {
		cites = append(cites, n)
	}
	return &bot.Overview{Checked: len(items), Sentences: []bot.OverviewSentence{
		{Text: "Dockworkers struck <b>and</b> won.", Cites: cites}, {Text: "Ships queued.", Cites: []int{1}}}}
}

func TestPageShowsTheOverviewWithWorkingCitations(t *testing.T) {
	f := newFixture(t, base, "")
	r := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(r, f.eng, f.store, bot.CoreConfig{BriefLimit: 2, Overview: fixedOverview{}})
	f.web.WireRouter(r)
	rep := r.Handle(context.Background(), bot.Request{Channel: chX, User: bot.User{ID: "U1"}, Command: "brief", Text: "harbour strike"})
	ov := rep.Sections[0].Overview
	if ov == nil || len(rep.Sections[0].Items) != 2 {
		t.Fatalf("chat reply: %+v", rep)
	}
	res := f.do("GET", strings.TrimPrefix(linkIn(rep.Footer, base+"/b/"), base), nil)
	if res.code != 200 || !strings.Contains(res.body, "Dockworkers struck &lt;b&gt;and&lt;/b&gt; won.") || !strings.Contains(res.body, "Overview checked against 2 sources.") {
		t.Fatalf("page lacks the overview: %d\n%s", res.code, res.body)
	}
	// Each citation on the page points at the story the chat's citation
	// named, though the page lists more stories in another order.
	cites := regexp.MustCompile(`href="#(s1-\d+)"[^>]*>\[(\d+)\]`).FindAllStringSubmatch(res.body, -1)
	if len(cites) != 3 {
		t.Fatalf("citations on the page: %v", cites)
	}
	chatCites := append(append([]int(nil), ov.Sentences[0].Cites...), ov.Sentences[1].Cites...)
	for i, c := range cites {
		want := rep.Sections[0].Items[chatCites[i]-1].Title
		story := regexp.MustCompile(`(?s)<article class="story" id="` + c[1] + `">.*?</article>`).FindString(res.body)
		if story == "" || !strings.Contains(story, html.EscapeString(want)) || "s1-"+c[2] != c[1] {
			t.Errorf("citation %d [%s] -> #%s is not the story %q", i+1, c[2], c[1], want)
		}
	}
}

// A story dated by day alone (DayOnly: the feed gave no time) shows that
// day on its page whatever the zone: in New York it read as "Wed 4 Nov
// 2026 … 4 Nov 2026, 19:00 EST" for a story of 5 November, while the chat
// reply said 5 Nov. Timed stories still show in the zone, one at 00:00
// UTC too.
func TestPageShowsADayOnlyDateAsThatDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureWith(t, web.Config{PublicURL: base, Zone: ny})
	talks := briefing.Article{Source: "Coastal Ledger", GUID: "cl-2", URL: "https://ledger.example/talks",
		Title: "Harbour strike talks resume at the port authority", Published: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), DayOnly: true,
		Text: "Talks on the harbour strike resumed at the port authority, the union said. Both sides met for four hours.\n\nNo date was set for the next meeting."}
	vote := briefing.Article{Source: "Coastal Ledger", GUID: "cl-3", URL: "https://ledger.example/vote",
		Title: "Dockers vote on the harbour strike offer", Published: time.Date(2026, 11, 7, 0, 0, 0, 0, time.UTC),
		Text: "Dockers voted on the port authority's offer to end the harbour strike. The count ends at noon.\n\nThe union will report the result."}
	if _, err := f.eng.Ingest(context.Background(), []briefing.Article{talks, vote}); err != nil {
		t.Fatal(err)
	}
	rep := f.say(chX, "/brief harbour strike")
	link := linkIn(rep.Footer, base+"/b/")
	if rep.Error || link == "" {
		t.Fatalf("reply %+v has no page link", rep)
	}
	body := f.do("GET", strings.TrimPrefix(link, base), nil).body
	if !strings.Contains(body, "Harbour strike talks resume") {
		t.Fatalf("page lacks the story:\n%s", body)
	}
	for _, want := range []string{"Thu 5 Nov 2026", ">5 Nov 2026<", `datetime="2026-11-05"`, "3 Nov 2026, 03:30 EST", "Fri 6 Nov 2026",
		"6 Nov 2026, 19:00 EST", `datetime="2026-11-07T00:00:00Z"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"Wed 4 Nov 2026", "4 Nov 2026, 19:00"} {
		if strings.Contains(body, bad) {
			t.Errorf("page shows %q for a story dated 5 Nov", bad)
		}
	}
}

// The "Full briefing" page of a /brief with options holds that briefing's
// stories: the topic without its options, within its "from" and "since".
// It searched the whole text ("harbour strike limit 1") as the topic, so
// the page of any answer with a next page was empty, and a "from" or
// "since" answer's page reached past them.
func TestPageKeepsTheBriefsTopicAndLimits(t *testing.T) {
	f := newFixture(t, base, "")
	for _, c := range []struct {
		line      string
		want, not []string
	}{
		{"/brief harbour strike limit 1", []string{"Dockworkers begin harbour strike", "Harbour strike ends", "Mallow Review"}, nil},
		{"/brief harbour strike from tidewater limit 1", []string{"Dockworkers begin harbour strike", "Harbour strike ends"},
			[]string{"Mallow Review", "Coastal Ledger"}},
		{"/brief harbour strike since 2026-11-08 limit 1 page 2", nil, nil}, // one story: no page 2
		{"/brief harbour strike since 2026-11-04 limit 1", []string{"Harbour strike ends", "Mallow Review"},
			[]string{"Dockworkers begin harbour strike"}},
	} {
		rep := f.say(chX, c.line)
		link := linkIn(rep.Footer, base+"/b/")
		if c.want == nil {
			if link != "" {
				t.Errorf("%s: a page for an answer without stories: %q", c.line, rep.Footer)
			}
			continue
		}
		body := f.do("GET", strings.TrimPrefix(link, base), nil).body
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", c.line, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: page holds %q, outside the briefing's limits", c.line, n)
			}
		}
	}
}

// When a page was posted is an instant: posted at midnight in the page's
// zone, it still says "00:00", never the day alone (which only a story
// dated by day alone gets).
func TestPagePostedAtMidnightShowsItsTime(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureWith(t, web.Config{PublicURL: base, Zone: seoul})
	f.now = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC) // 00:00 KST
	rep := f.say(chX, "/brief harbour strike")
	link := linkIn(rep.Footer, base+"/b/")
	if rep.Error || link == "" {
		t.Fatalf("reply %+v has no page link", rep)
	}
	body := f.do("GET", strings.TrimPrefix(link, base), nil).body
	if !strings.Contains(body, `>2 Dec 2026, 00:00 KST</time> by briefbot`) {
		t.Errorf("page does not say it was posted at 00:00 KST:\n%s", body)
	}
}
