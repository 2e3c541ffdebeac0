package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/mmcdole/gofeed"

	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// The hostile feed: an article whose title is markup and whose link is a
// script, and a plain one with a real link, both on a topic of their own.
const hostileFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Mallow Review</title><link>https://mallow.example/</link>
<description>Hand-written test news</description>
<item><title>&amp;lt;img src=x onerror=alert(1)&amp;gt;</title><link>javascript:alert(1)</link><guid isPermaLink="false">mr-1</guid>
<pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate>
<description>Lighthouse keepers on the northern cape voted on Monday to strike over the planned closure of two stations. The vote passed by a wide margin.</description></item>
<item><title>Lighthouse keepers vote to strike over station closures</title><link>https://mallow.example/keepers-strike</link><guid isPermaLink="false">mr-2</guid>
<pubDate>Wed, 04 Nov 2026 09:15:00 GMT</pubDate>
<description>Lighthouse keepers on the northern cape will strike next week after talks on the closure of two stations failed. The coastguard said ships would be warned by radio.</description></item>
</channel></rss>
`

// chromium finds Debian's chromium (.ci/run installs it). Missing, the
// test fails: acceptance needs a real browser.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no chromium on PATH: install it (apt-get install -y chromium); .ci/run does")
	return ""
}

// browser starts headless Chromium with a fresh profile and returns a
// tab's context.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.WindowSize(1280, 900)}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTime(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// webServe runs `briefbot serve` with Discord's interactions endpoint and
// the web side on, its public URL set to where it listens.
type webServe struct {
	*discordServe
	base   string
	fake   *discordfake.Server
	signer *discordfake.Signer
	n      int
}

func startWebServe(t *testing.T, dir, db string) *webServe {
	t.Helper()
	fake := discordfake.New(t)
	signer := discordfake.NewSigner()
	addr := freeAddr(t)
	base := "http://" + addr
	// startDiscordServe picks its own port; the later keys win, so the
	// public URL and the address agree.
	srv, _ := startDiscordServe(t, dir, db, "DISCORD_PUBLIC_KEY="+signer.PublicKey(), "DISCORD_APP_ID=200",
		"DISCORD_API_URL="+fake.URL, "DISCORD_GUILD_ID=", "BRIEFBOT_HTTP_ADDR="+addr, "BRIEFBOT_PUBLIC_URL="+base,
		"BRIEFBOT_API_TOKEN="+webToken)
	return &webServe{discordServe: srv, base: base, fake: fake, signer: signer}
}

const webToken = "e2e-operator-token"

// ask sends a slash command through Discord's interactions endpoint and
// returns everything the answer says.
func (s *webServe) ask(t *testing.T, name string, opts ...discordfake.Option) string {
	t.Helper()
	s.n++
	i := discordCommand(fmt.Sprintf("web-%d", s.n), "55", name, opts...)
	code, resp := discordPost(t, s.signer.Request(s.base+"/discord/interactions", i.JSON(), time.Now()))
	if code != 200 {
		t.Fatalf("/%s: %d %s", name, code, resp.raw)
	}
	msg := resp.Data
	if resp.Type == 5 {
		s.fake.Wait(t, 20*time.Second, "the deferred reply", func() bool { return len(discordSentFor(s.fake, i.Token)) > 0 })
		msg = discordSentFor(s.fake, i.Token)[0].Message
	}
	var b strings.Builder
	b.WriteString(msg.Content + "\n")
	for _, e := range msg.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
	}
	return b.String()
}

var permalink = regexp.MustCompile(`Full briefing: (http://[^\s*]+/b/[a-z2-7]{26})`)

func (s *webServe) permalink(t *testing.T, topic string) string {
	t.Helper()
	text := s.ask(t, "brief", discordfake.Option{Name: "topic", Value: topic})
	m := permalink.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("/brief %s has no \"Full briefing\" link:\n%s", topic, text)
	}
	return m[1]
}

// domStory is what the browser shows of one story.
type domStory struct {
	Title    string   `json:"title"`
	Href     string   `json:"href"`
	Outlet   string   `json:"outlet"`
	Date     string   `json:"date"`
	Datetime string   `json:"datetime"`
	Others   []string `json:"others"`
}

const readStories = `Array.from(document.querySelectorAll('article.story')).map(a => {
  const link = a.querySelector('h4 a'), time = a.querySelector('.meta time');
  return {title: a.querySelector('h4').textContent, href: link ? link.getAttribute('href') : '',
    outlet: a.querySelector('.outlet').textContent, date: time ? time.textContent : '',
    datetime: time ? time.getAttribute('datetime') : '',
    others: Array.from(a.querySelectorAll('ul.outlets a')).map(x => x.getAttribute('href'))};
})`

func TestWebInBrowser(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "web.db")
	feed := filepath.Join(dir, "mallow.xml")
	if err := os.WriteFile(feed, []byte(hostileFeed), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := briefbot(t, dir, db, "ingest", samplePath(t), feed); r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	syndicated := syndicate(t, dir, db, titleAug, "https://syndication.example/gsomia-pact-ends")
	if r := briefbot(t, dir, db, "ingest", syndicated); r.code != 0 {
		t.Fatalf("ingest the syndicated copy: %s", r.stderr)
	}
	empty := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet Wire</title><link>https://quiet.example/</link><description>x</description></channel></rss>`)
	}))
	t.Cleanup(empty.Close)
	if r := briefbot(t, dir, db, "sources", "add", empty.URL+"/feed.xml"); r.code != 0 {
		t.Fatalf("sources add: %s", r.stderr)
	}
	srv := startWebServe(t, dir, db)
	ctx := browser(t)
	var dialogs atomic.Int32
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	}); err != nil {
		t.Fatal(err)
	}

	t.Run("briefing page", func(t *testing.T) {
		link := srv.permalink(t, "gsomia")
		want := apiBrief(t, srv.base, "gsomia")
		if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("article.story"))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]domStory](readStories))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || len(want.Items) != 2 {
			t.Fatalf("page shows %d stories, the API %d; want the 2 GSOMIA stories:\n%+v", len(got), len(want.Items), got)
		}
		for i, w := range want.Items {
			g := got[i]
			datetime := w.Published.UTC().Format(time.RFC3339)
			if w.DayOnly { // a day alone: its date, no invented time
				datetime = w.Published.UTC().Format(time.DateOnly)
			}
			if g.Title != w.Title || g.Outlet != w.Source || g.Datetime != datetime {
				t.Errorf("story %d: page %+v; API title %q outlet %q published %s", i+1, g, w.Title, w.Source, w.Published)
			}
			if g.Href != wantHref(w.URL) {
				t.Errorf("story %d: href %q, want %q (the article's link when it is a web address)", i+1, g.Href, wantHref(w.URL))
			}
			var refs []string
			for _, r := range w.Sources[1:] {
				if h := wantHref(r.URL); h != "" {
					refs = append(refs, h)
				}
			}
			if fmt.Sprint(g.Others) != fmt.Sprint(nonNilStrings(refs)) {
				t.Errorf("story %d: other outlets' links %v, want %v", i+1, g.Others, refs)
			}
		}
		if got[0].Title != titleAug || got[1].Title != titleNov || got[0].Date != "23 Aug 2019" || got[1].Date != "22 Nov 2019" {
			t.Errorf("stories: %+v", got)
		}
		// The syndicated copy folds into the August story, and its link is
		// on the page, whichever copy leads.
		if first := got[0]; first.Href != "https://syndication.example/gsomia-pact-ends" &&
			!slices.Contains(first.Others, "https://syndication.example/gsomia-pact-ends") {
			t.Errorf("the August story does not link the syndicated copy: %+v", first)
		}
		// The outline a screen reader walks: a language, one h1, no skipped
		// heading level, every link with words in it.
		outline, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
  const hs = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1]);
  let prev = 0, bad = [];
  hs.forEach(l => { if (l > prev + 1) bad.push('h' + prev + '->h' + l); prev = l; });
  if (document.documentElement.lang !== 'en') bad.push('no lang');
  if (hs.filter(l => l === 1).length !== 1) bad.push('h1 count');
  document.querySelectorAll('a').forEach(a => { if (!a.textContent.trim()) bad.push('empty link'); });
  return bad.join(', ');
})()`))
		if err != nil || outline != "" {
			t.Errorf("page outline: %q (%v)", outline, err)
		}
		days, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.day > h3')).map(h => h.textContent)`))
		if err != nil || fmt.Sprint(days) != "[Fri 23 Aug 2019 Fri 22 Nov 2019]" {
			t.Errorf("timeline days %v, %v", days, err)
		}
		for _, width := range []int64{390, 1280} {
			shot := screenshot(t, ctx, width)
			if os.Getenv("BRIEFBOT_UPDATE_SCREENSHOT") != "" {
				name := map[int64]string{390: "web-briefing-phone.png", 1280: "web-briefing.png"}[width]
				if err := os.WriteFile(filepath.Join("..", "..", "docs", name), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		for scheme, dark := range map[string]bool{"dark": true, "light": false} {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
				t.Fatal(err)
			}
			lum, err := chromedp.Run(ctx, chromedp.Evaluate[int](`getComputedStyle(document.body).backgroundColor.match(/\d+/g).slice(0, 3).reduce((a, b) => a + +b, 0)`))
			if err != nil || (lum < 300) != dark {
				t.Errorf("prefers-color-scheme %s: background brightness %d of 765 (%v)", scheme, lum, err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
			t.Fatal(err)
		}
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || overflow > 390 {
			t.Errorf("at 390 px the page is %d px wide (%v): it must not scroll sideways", overflow, err)
		}
	})

	t.Run("hostile article", func(t *testing.T) {
		link := srv.permalink(t, "lighthouse keepers")
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link),
			chromedp.WaitVisible(chromedp.CSS("article.story"))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]domStory](readStories))
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]domStory{}
		for _, s := range got {
			titles[s.Title] = s
		}
		hostile, ok := titles["<img src=x onerror=alert(1)>"]
		if !ok || hostile.Href != "" {
			t.Errorf("the hostile title is not shown as text without a link: %+v", got)
		}
		// Whether ingest kept the script link or dropped it, the page never
		// makes it an href, and says so when it withholds one.
		stored := ""
		for _, it := range apiBrief(t, srv.base, "lighthouse+keepers").Items {
			if strings.Contains(it.Title, "<img") {
				stored = it.URL
			}
		}
		withheld, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.textContent.includes('link withheld')`))
		if err != nil || withheld != (stored != "" && wantHref(stored) == "") {
			t.Errorf("stored link %q; page says a link is withheld: %v (%v)", stored, withheld, err)
		}
		if plain := titles["Lighthouse keepers vote to strike over station closures"]; plain.Href != "https://mallow.example/keepers-strike" {
			t.Errorf("the plain article's link: %+v", plain)
		}
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.images.length + Array.from(document.querySelectorAll('[href],[src]')).filter(e => /^\s*(javascript|data):/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length`))
		if err != nil || bad != 0 {
			t.Errorf("%d images or javascript:/data: links on the page (%v)", bad, err)
		}
	})

	t.Run("topic feed", func(t *testing.T) {
		feedAt := regexp.MustCompile(`http://[^\s*]+/feeds/[a-z2-7]{26}\.atom`)
		first := feedAt.FindString(srv.ask(t, "watch", discordfake.Option{Name: "topic", Value: "gsomia"}))
		if first == "" || feedAt.FindString(srv.ask(t, "watching")) != first {
			t.Fatalf("/watch and /watching do not show one feed URL (%q)", first)
		}
		feed, err := gofeed.NewParser().ParseURL(first)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, it := range feed.Items {
			titles = append(titles, it.Title)
		}
		if feed.FeedType != "atom" || len(feed.Items) != 2 || !slices.Contains(titles, titleAug) || !slices.Contains(titles, titleNov) {
			t.Errorf("feed %s with %q", feed.FeedType, titles)
		}
		second := feedAt.FindString(srv.ask(t, "watch", discordfake.Option{Name: "topic", Value: "gsomia feed-reset"}))
		if second == "" || second == first {
			t.Fatalf("feed-reset gave %q", second)
		}
		for u, want := range map[string]int{first: 404, second: 200} {
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("GET %s: %d, want %d", u, resp.StatusCode, want)
			}
		}
	})

	t.Run("operator page", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.base+"/admin"), chromedp.WaitVisible(chromedp.ID("token")),
			chromedp.SendKeys(chromedp.ID("token"), webToken), chromedp.Submit(chromedp.ID("token")),
			chromedp.WaitVisible(chromedp.ID("sources"))); err != nil {
			t.Fatal(err)
		}
		cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{srv.base + "/admin"}})
		if err != nil {
			t.Fatal(err)
		}
		var session *network.Cookie
		for _, c := range cookies.Cookies {
			if c.Name == "briefbot_admin" {
				session = c
			}
		}
		if session == nil || !session.HTTPOnly || session.SameSite != network.CookieSameSiteStrict || session.Secure {
			t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, not Secure on http", session)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#source-1 button")),
			chromedp.WaitVisible(chromedp.CSS(`#source-1 form[action="/admin/sources/1/resume"]`))); err != nil {
			t.Fatal(err)
		}
		status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#source-1 .status")))
		if err != nil || status != "paused by an operator" {
			t.Errorf("status after pause: %q, %v", status, err)
		}
		if list := srv.ask(t, "source", discordfake.Option{Name: "action", Value: "list"}); !strings.Contains(list, "PAUSED by an operator") {
			t.Errorf("/source list does not show the pause:\n%s", list)
		}
	})
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d JavaScript dialogs opened", n)
	}
	srv.stop(t)
}

// screenshot renders the page at a width and checks the PNG is that wide.
func screenshot(t *testing.T, ctx context.Context, width int64) []byte {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil || int64(img.Bounds().Dx()) != width {
		t.Fatalf("screenshot at %d px: %v, %v", width, img.Bounds(), err)
	}
	return shot
}

func wantHref(u string) string {
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	return ""
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// apiBrief asks the running server's API for the whole briefing, the
// reference the page is checked against.
func apiBrief(t *testing.T, base, topic string) briefing.Briefing {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/v1/brief?limit=50&topic="+topic, nil)
	req.Header.Set("Authorization", "Bearer "+webToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b briefing.Briefing
	if err := json.NewDecoder(resp.Body).Decode(&b); err != nil || resp.StatusCode != 200 {
		t.Fatalf("API brief: %d %v", resp.StatusCode, err)
	}
	return b
}

// syndicate writes an RSS feed re-publishing a stored article word for
// word under another outlet's link (as syndication does), and returns its
// path: a second, linked source of the same story.
func syndicate(t *testing.T, dir, db, title, link string) string {
	t.Helper()
	st, err := storage.Open(context.Background(), db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var orig *briefing.Article
	err = st.ScanArticles(context.Background(), 0, 100, func(as []briefing.Article) error {
		for i := range as {
			if as[i].Title == title {
				orig = &as[i]
			}
		}
		return nil
	})
	if err != nil || orig == nil {
		t.Fatalf("stored article %q: %v", title, err)
	}
	type item struct {
		Title   string `xml:"title"`
		Link    string `xml:"link"`
		GUID    string `xml:"guid"`
		PubDate string `xml:"pubDate"`
		Desc    string `xml:"description"`
	}
	type rss struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Title   string   `xml:"channel>title"`
		Link    string   `xml:"channel>link"`
		Desc    string   `xml:"channel>description"`
		Items   []item   `xml:"channel>item"`
	}
	out, err := xml.Marshal(rss{Version: "2.0", Title: "Syndication Desk", Link: "https://syndication.example/", Desc: "Re-published news",
		Items: []item{{Title: orig.Title, Link: link, GUID: link, PubDate: orig.Published.Format(time.RFC1123Z), Desc: orig.Text}}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "syndication.xml")
	if err := os.WriteFile(path, append([]byte(xml.Header), out...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
