package slack

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

func gsomiaReply() bot.Reply {
	return bot.BriefingReply(briefing.Briefing{Topic: "gsomia", Total: 3, Items: []briefing.Item{
		{Title: "Seoul ends pact", URL: "https://wire.example/a?x=1&y=2", Published: time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC), DayOnly: true,
			Source: "Wire", Author: "A. Reporter", Summary: []string{"Seoul ended GSOMIA.", "Tokyo regrets it."},
			Why: "“gsomia” in the title and text", Sources: []briefing.SourceRef{{Source: "Wire"}, {Source: "Post", URL: "https://post.example/b"}}},
		{Title: "Seoul resists pressure", Published: time.Date(2019, 11, 22, 0, 0, 0, 0, time.UTC), DayOnly: true, Source: "Post",
			Summary: []string{"Seoul will not back down."}, Fragment: true},
	}})
}

func TestRenderBriefing(t *testing.T) {
	msgs := render(gsomiaReply(), renderOptions{watchTopic: "gsomia"})
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if err := validate(m); err != nil {
		t.Fatal(err)
	}
	types := []string{}
	for _, b := range m.blocks {
		types = append(types, string(b.BlockType()))
	}
	want := "header section section context divider section divider actions context"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("blocks: %s\nwant:   %s", got, want)
	}
	item := m.blocks[2].(*slack.SectionBlock).Text
	wantItem := "*1. <https://wire.example/a?x=1&amp;y=2|Seoul ends pact>*\n_23 Aug 2019 · Wire · by A. Reporter_\nSeoul ended GSOMIA. Tokyo regrets it."
	if item.Text != wantItem || item.Type != slack.MarkdownType || !item.Verbatim {
		t.Errorf("item section = %+v\nwant text %q (verbatim mrkdwn)", item, wantItem)
	}
	ctx := m.blocks[3].(*slack.ContextBlock).ContextElements.Elements[0].(*slack.TextBlockObject).Text
	if !strings.Contains(ctx, "Why: “gsomia” in the title and text") || !strings.Contains(ctx, "Reported by 2 outlets; also: <https://post.example/b|Post>") {
		t.Errorf("context = %q", ctx)
	}
	if second := m.blocks[5].(*slack.SectionBlock).Text.Text; !strings.HasPrefix(second, "*2. Seoul resists pressure*\n_22 Nov 2019 · Post_") || !strings.HasSuffix(second, "back down. …") {
		t.Errorf("undated/unlinked fragment item = %q", second)
	}
	if !strings.Contains(m.text, "Briefing: gsomia") || !strings.Contains(m.text, "• Seoul ends pact") || !strings.Contains(m.text, "• Seoul resists pressure") {
		t.Errorf("fallback text = %q", m.text)
	}
}

func TestRenderErrorAndPlainReplies(t *testing.T) {
	msgs := render(bot.Reply{Text: "No stories match “x”.\nTry /help.", Error: true, Private: true}, renderOptions{})
	if len(msgs) != 1 || validate(msgs[0]) != nil {
		t.Fatalf("messages: %+v", msgs)
	}
	if got := msgs[0].blocks[0].(*slack.SectionBlock).Text.Text; got != "Sorry: No stories match “x”.\nTry /help." {
		t.Errorf("error section = %q", got)
	}
	long := strings.Repeat("A line of help text that goes on. ", 400) // 13,600 characters, one line
	msgs = render(bot.Reply{Title: "help", Text: long}, renderOptions{})
	if len(msgs) < 2 {
		t.Fatalf("long text in %d messages", len(msgs))
	}
	var got strings.Builder
	for _, m := range msgs {
		if err := validate(m); err != nil {
			t.Fatal(err)
		}
		for _, b := range m.blocks {
			if s, ok := b.(*slack.SectionBlock); ok {
				got.WriteString(s.Text.Text + " ")
			}
		}
	}
	if strings.Join(strings.Fields(got.String()), " ") != strings.TrimSpace(long) {
		t.Error("long text lost or reordered words when split")
	}
}

// evilTitle is acceptance 4's article title.
const evilTitle = "<!channel> Breaking: @here <@U123> & <https://evil.example|click>"

func TestEvilArticleRendersLiterallyAndPingsNobody(t *testing.T) {
	it := briefing.Item{Title: evilTitle, URL: "https://news.example/evil?a=1&b=<2>", Source: "<!everyone> wire",
		Author: "@channel", Summary: []string{"Click <https://evil.example|here> now, <!here> & <@U999>.", "@everyone act!"},
		Why: "“breaking” in <!subteam^S1>", Sources: []briefing.SourceRef{{Source: "a"}, {Source: "<!channel>", URL: "javascript:alert(1)"}}}
	r := bot.Reply{Title: "Briefing: " + evilTitle, Text: "@here " + evilTitle, Sections: []bot.Section{{Heading: "x", Items: []briefing.Item{it}}}, Footer: "<!here>"}
	msgs := render(r, renderOptions{watchTopic: evilTitle})
	texts := allTexts(t, msgs)
	for _, m := range msgs {
		if err := validate(m); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range texts {
		if p := slackfake.Pings(s); len(p) > 0 {
			t.Errorf("text pings %q:\n%s", p, s)
		}
	}
	item := msgs[0].blocks[2].(*slack.SectionBlock).Text.Text
	title, _, _ := strings.Cut(slackfake.Visible(item), "\n")
	if title != "*1. "+evilTitle+"*" {
		t.Errorf("the title does not show literally:\n got %q\nwant %q", title, "*1. "+evilTitle+"*")
	}
	if !strings.HasPrefix(item, "*1. <https://news.example/evil?a=1&amp;b=%3C2%3E|&lt;!channel&gt; Breaking: @\u2060here &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt;>*") {
		t.Errorf("escaped item = %q", item)
	}
	if !strings.Contains(slackfake.Visible(msgs[0].text), evilTitle) {
		t.Errorf("fallback does not show the title literally: %q", msgs[0].text)
	}
}

func TestLargeDigestIsSplitInOrderAndEveryMessageValid(t *testing.T) {
	var items []briefing.Item
	for i := range 60 {
		items = append(items, briefing.Item{Title: fmt.Sprintf("Story %03d", i), URL: fmt.Sprintf("https://news.example/%d", i),
			Source: "Wire", Summary: []string{strings.Repeat("A long sentence about the news & more. ", 20)}, Why: "“news” in the text"})
	}
	r := bot.Reply{Title: "Daily digest", Text: "60 new stories.", Sections: []bot.Section{{Heading: "news", Items: items}}, Footer: "That is all."}
	msgs := render(r, renderOptions{})
	if len(msgs) < 2 {
		t.Fatalf("a 60-story digest fit in %d message", len(msgs))
	}
	checkStoriesInOrder(t, msgs, 60)

	w := newWorld(t, nil)
	ids, err := w.a.Send(context.Background(), briefing.Channel{Platform: "slack", ID: "C0DIGEST"}, r)
	if err != nil || len(ids) != len(msgs) {
		t.Fatalf("Send: %d ids for %d messages, err %v", len(ids), len(msgs), err)
	}
	posted := w.fake.Posted()
	if len(posted) != len(msgs) || len(w.fake.Calls("")) != len(msgs) {
		t.Fatalf("fake Slack accepted %d of %d calls for %d messages", len(posted), len(w.fake.Calls("")), len(msgs))
	}
	for i, c := range posted {
		if c.TS != ids[i] || c.Form.Get("channel") != "C0DIGEST" {
			t.Errorf("post %d: ts %s channel %s, Send returned %s", i, c.TS, c.Form.Get("channel"), ids[i])
		}
		if i > 0 && !strings.Contains(c.Text(), fmt.Sprintf("continued, %d of %d", i+1, len(msgs))) {
			t.Errorf("post %d lacks its continuation line", i)
		}
	}
}

var storyNum = regexp.MustCompile(`Story (\d{3})`)

// checkStoriesInOrder checks that the blocks of msgs hold "Story 000" to
// "Story n-1" exactly once each, in order, and that all pass validate.
func checkStoriesInOrder(t *testing.T, msgs []message, n int) {
	t.Helper()
	var seen []string
	for i, m := range msgs {
		if err := validate(m); err != nil {
			t.Fatalf("message %d of %d: %v", i+1, len(msgs), err)
		}
		for _, s := range allTexts(t, []message{m})[1:] {
			for _, g := range storyNum.FindAllStringSubmatch(s, -1) {
				seen = append(seen, g[1])
			}
		}
	}
	if len(seen) != n {
		t.Fatalf("%d stories rendered, want %d: %v", len(seen), n, seen)
	}
	for i, s := range seen {
		if s != fmt.Sprintf("%03d", i) {
			t.Fatalf("story %d is %s: order broken: %v", i, s, seen)
		}
	}
}

// nasty is text chosen to stress escaping and limits.
var nasty = []string{"&", "<", ">", "@here", "@Channel", "<!channel>", "<!everyone>", "<@U1>", "<#C1>", "<!subteam^S1|@team>",
	"<https://evil.example|click>", "&amp;", "&lt;", "*", "_", "~", "`", "|", "\n", "\t", "\u202e", "\u2060", "é", "漢字", "🙂",
	"word", "news", " ", "  ", "https://x.example/?a=1&b=2", ":smile:", "\x00", "\xff"}

func randText(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(nasty[r.IntN(len(nasty))])
	}
	return b.String()
}

func randItem(r *rand.Rand, i int) briefing.Item {
	it := briefing.Item{Title: fmt.Sprintf("Story %03d %s", i, randText(r, r.IntN(400))), Source: randText(r, r.IntN(200)),
		Author: randText(r, r.IntN(80)), Why: randText(r, r.IntN(800)), Fragment: r.IntN(2) == 0,
		URL: []string{"", "https://news.example/" + randText(r, 30), "javascript:x", "https://e.example/" + strings.Repeat("a", 3000)}[r.IntN(4)]}
	if r.IntN(3) > 0 {
		it.Published = time.Unix(r.Int64N(2e9), 0).UTC()
	}
	for range r.IntN(4) {
		it.Summary = append(it.Summary, randText(r, r.IntN(1500)))
	}
	for range r.IntN(9) {
		it.Sources = append(it.Sources, briefing.SourceRef{Source: randText(r, r.IntN(100)), URL: "https://s.example/" + randText(r, 20)})
	}
	return it
}

func randReply(r *rand.Rand, n int) bot.Reply {
	var items []briefing.Item
	for i := range n {
		items = append(items, randItem(r, i))
	}
	return bot.Reply{Title: randText(r, r.IntN(300)), Text: randText(r, r.IntN(4000)), Footer: randText(r, r.IntN(500)),
		Error: r.IntN(5) == 0, Sections: []bot.Section{{Heading: randText(r, 50), Items: items}}}
}

// TestRenderProperties feeds the renderer random digests of nasty text:
// every message passes validate, stories stay whole and in order, nothing
// pings, and titles show literally.
func TestRenderProperties(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	for range 25 {
		n := r.IntN(50)
		reply := randReply(r, n)
		msgs := render(reply, renderOptions{watchTopic: randText(r, r.IntN(3000))})
		checkStoriesInOrder(t, msgs, n)
		checkNoPingsAndLiteralTitles(t, msgs, reply)
	}
}

func checkNoPingsAndLiteralTitles(t *testing.T, msgs []message, reply bot.Reply) {
	t.Helper()
	texts := allTexts(t, msgs)
	all := slackfake.Visible(strings.Join(texts, "\n"))
	for _, s := range texts {
		if p := slackfake.Pings(s); len(p) > 0 {
			t.Fatalf("pings %q in %q", p, s)
		}
	}
	off := 0 // stories are in order, so each title is searched after the last
	for _, it := range reply.Sections[0].Items {
		want := []rune(strings.ReplaceAll(literal(oneLine(it.Title)), wordJoiner, ""))
		i := strings.Index(all[off:], string(want[:min(len(want), 60)]))
		if i < 0 {
			t.Fatalf("title %q does not show literally", string(want[:min(len(want), 60)]))
		}
		off += i
	}
}

func FuzzRender(f *testing.F) {
	f.Add(evilTitle, "Summary & <b>", "why @here", "https://x.example/?a=<1>", uint8(3))
	f.Add("", "", "", "", uint8(0))
	f.Add(strings.Repeat("<!channel>", 100), strings.Repeat("&", 5000), strings.Repeat("@everyone ", 300), "javascript:x", uint8(80))
	f.Fuzz(func(t *testing.T, title, summary, why, url string, n uint8) {
		title, summary, why, url = noMarker(title), noMarker(summary), noMarker(why), noMarker(url)
		var items []briefing.Item
		for i := range int(n % 90) {
			items = append(items, briefing.Item{Title: fmt.Sprintf("Story %03d %s", i, title), URL: url, Summary: []string{summary, summary},
				Why: why, Source: title, Sources: []briefing.SourceRef{{Source: why}, {Source: title, URL: url}}})
		}
		reply := bot.Reply{Title: title, Text: summary, Footer: why, Sections: []bot.Section{{Heading: title, Items: items}}}
		msgs := render(reply, renderOptions{watchTopic: title})
		checkStoriesInOrder(t, msgs, len(items))
		checkNoPingsAndLiteralTitles(t, msgs, reply)
	})
}

// noMarker removes "Story" so fuzzed text cannot fake a story marker.
func noMarker(s string) string {
	for strings.Contains(s, "Story") {
		s = strings.ReplaceAll(s, "Story", "")
	}
	return s
}

// BenchmarkRenderDigest renders a 50-story digest with realistic text.
func BenchmarkRenderDigest(b *testing.B) {
	var items []briefing.Item
	for i := range 50 {
		items = append(items, briefing.Item{Title: fmt.Sprintf("Story %03d: Seoul & Tokyo <talks> resume", i),
			URL: fmt.Sprintf("https://news.example/%d?a=1&b=2", i), Source: "Wire", Author: "A. Reporter",
			Published: time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC), Why: "“gsomia” in the title and text",
			Summary: []string{strings.Repeat("South Korea said it would not renew the pact. ", 6)},
			Sources: []briefing.SourceRef{{Source: "Wire"}, {Source: "Post", URL: "https://post.example/1"}}})
	}
	r := bot.Reply{Title: "Daily digest", Text: "50 new stories.", Sections: []bot.Section{{Heading: "gsomia", Items: items}}}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range render(r, renderOptions{}) {
			if err := validate(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
