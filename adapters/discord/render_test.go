package discord

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

func TestRenderStoryEmbed(t *testing.T) {
	it := briefing.Item{Title: "Pact ends", URL: "https://example.org/a", Source: "example.org", Author: "Jo Kim",
		Published: time.Date(2019, 8, 23, 9, 30, 0, 0, time.FixedZone("KST", 9*3600)),
		Summary:   []string{"Seoul ended the pact.", "Tokyo protested."}, Why: "“pact” in the title"}
	msgs, err := render(bot.Reply{Title: "Briefing: pact", Text: "1 story.", Sections: []bot.Section{{Heading: "pact", Items: []briefing.Item{it}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || len(msgs[0].Embeds) != 2 {
		t.Fatalf("messages %+v", msgs)
	}
	e := msgs[0].Embeds[1]
	if e.Title != "Pact ends" || e.URL != it.URL || e.Timestamp != "2019-08-23T00:30:00Z" ||
		e.Footer.Text != "example.org · by Jo Kim" || e.Description != "Seoul ended the pact. Tokyo protested." ||
		len(e.Fields) != 1 || e.Fields[0].Value != "“pact” in the title" || e.Author != nil {
		t.Errorf("embed %+v footer %+v fields %+v", e, e.Footer, e.Fields)
	}
}

// A feed that gives only a date is stored as midnight UTC (a day, not an
// instant: DayOnly). As an embed timestamp Discord would show it in each
// reader's zone: "22/08/2019 20:00" in New York for a story of 23 August.
// The day goes in the footer instead, as the other faces show it. A
// source's real 00:00 UTC (09:00 KST) is an instant, and a timestamp.
func TestRenderDayOnlyDateIsNotATimestamp(t *testing.T) {
	it := briefing.Item{Title: "Pact ends", Source: "example.org", Author: "Jo Kim",
		Published: time.Date(2019, 8, 23, 0, 0, 0, 0, time.UTC), DayOnly: true, When: "23 Aug 2019"}
	e := itemEmbed(it, "")
	if e.Timestamp != "" {
		t.Errorf("a date without a time of day became the timestamp %q", e.Timestamp)
	}
	if e.Footer == nil || e.Footer.Text != "23 Aug 2019 · example.org · by Jo Kim" {
		t.Errorf("footer %+v, want the day, the source and the author", e.Footer)
	}
	it.DayOnly = false
	if e := itemEmbed(it, ""); e.Timestamp != "2019-08-23T00:00:00Z" || e.Footer.Text != "example.org · by Jo Kim" {
		t.Errorf("story at 00:00 UTC: timestamp %q, footer %q", e.Timestamp, e.Footer.Text)
	}
	it.Published = time.Date(2019, 8, 23, 14, 5, 0, 0, time.UTC)
	if e := itemEmbed(it, ""); e.Timestamp != "2019-08-23T14:05:00Z" || e.Footer.Text != "example.org · by Jo Kim" {
		t.Errorf("timed story: timestamp %q, footer %q", e.Timestamp, e.Footer.Text)
	}
}

func TestRenderDropsUnsafeLinks(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "ftp://example.org/x", "/relative", "https://"} {
		e := itemEmbed(briefing.Item{Title: "t", URL: u}, "")
		if e.URL != "" {
			t.Errorf("%q kept as the embed link", u)
		}
	}
}

func TestRenderTextReplies(t *testing.T) {
	msgs, err := render(bot.Reply{Text: "topic is missing", Error: true, Private: true})
	if err != nil || len(msgs) != 1 || msgs[0].Content != "topic is missing" || !msgs[0].Ephemeral {
		t.Fatalf("%+v %v", msgs, err)
	}
	long := strings.Repeat("/brief <topic>: a dated, cited briefing on a topic\n", 120)
	msgs, err = render(bot.Reply{Title: "briefbot commands", Text: long})
	if err != nil || len(msgs) < 3 {
		t.Fatalf("%d messages, %v", len(msgs), err)
	}
	var joined []string
	for _, m := range msgs {
		joined = append(joined, m.Content)
	}
	if got := strings.Join(joined, "\n"); got != "**briefbot commands**\n"+strings.ReplaceAll(strings.TrimSpace(long), ">", `\>`) {
		t.Errorf("split text lost or changed something")
	}
}

func TestDefuseBreaksEveryMention(t *testing.T) {
	for in, want := range map[string]string{
		"@everyone now":              "@\u200beveryone now",
		"hi @Here":                   "hi @\u200bHere",
		"<@123> and <@!456>":         "<\u200b@123> and <\u200b@!456>",
		"role <@&789> chan <#12>":    "role <\u200b@&789> chan <\u200b#12>",
		"mail me at a@example.org":   "mail me at a@example.org",
		"3 < 4 and @everyoneelse ok": "3 < 4 and @\u200beveryoneelse ok",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextEscapesMarkdown(t *testing.T) {
	if got := text("**bold** [link](https://x.y) `code` ~~s~~ a_b", 100); got != `\*\*bold\*\* \[link\](https://x.y) \`+"`code\\`"+` \~\~s\~\~ a\_b` {
		t.Errorf("text() = %q", got)
	}
}

func TestCutCountsUTF16AndKeepsCharactersWhole(t *testing.T) {
	s := strings.Repeat("😀", 10) // 2 UTF-16 units each
	got := cut(s, 7)
	if !utf8.ValidString(got) || width(got) > 7 || got != "😀😀😀…" {
		t.Errorf("cut = %q (width %d)", got, width(got))
	}
	if cut("short", 10) != "short" {
		t.Error("cut changed a short string")
	}
}

func TestValidateNamesTheBrokenLimit(t *testing.T) {
	embed := func(edit func(*discordgo.MessageEmbed)) message {
		e := &discordgo.MessageEmbed{Title: "t", Description: "d"}
		edit(e)
		return message{Embeds: []*discordgo.MessageEmbed{e}}
	}
	many := message{}
	for range 11 {
		many.Embeds = append(many.Embeds, &discordgo.MessageEmbed{Title: "x"})
	}
	heavy := message{}
	for range 2 {
		heavy.Embeds = append(heavy.Embeds, &discordgo.MessageEmbed{Description: strings.Repeat("x", 3500)})
	}
	for want, m := range map[string]message{
		"content":     {Content: strings.Repeat("x", 2001)},
		"empty":       {},
		"11 embeds":   many,
		"7000":        heavy,
		"title":       embed(func(e *discordgo.MessageEmbed) { e.Title = strings.Repeat("x", 257) }),
		"description": embed(func(e *discordgo.MessageEmbed) { e.Description = strings.Repeat("x", 4097) }),
		"field value": embed(func(e *discordgo.MessageEmbed) {
			e.Fields = []*discordgo.MessageEmbedField{{Name: "n", Value: strings.Repeat("x", 1025)}}
		}),
		"footer": embed(func(e *discordgo.MessageEmbed) {
			e.Footer = &discordgo.MessageEmbedFooter{Text: strings.Repeat("x", 2049)}
		}),
		"url": embed(func(e *discordgo.MessageEmbed) { e.URL = "javascript:x" }),
	} {
		if err := validate(m); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: validate = %v", want, err)
		}
	}
	if err := validate(message{Content: strings.Repeat("x", 2000)}); err != nil {
		t.Errorf("2000 characters refused: %v", err)
	}
}

// digest builds a reply of n stories in topics of size per.
func digest(n, per int, long string) bot.Reply {
	r := bot.Reply{Title: "Digest", Text: fmt.Sprintf("%d stories", n)}
	for i := range n {
		if i%per == 0 {
			r.Sections = append(r.Sections, bot.Section{Heading: fmt.Sprintf("topic %d", i/per)})
		}
		s := &r.Sections[len(r.Sections)-1]
		s.Items = append(s.Items, briefing.Item{Title: fmt.Sprintf("Story %d %s", i, long[:min(len(long), 300)]),
			URL: "https://example.org/" + fmt.Sprint(i), Summary: []string{long}, Why: long, Source: long, Author: "x"})
	}
	return r
}

func TestRenderSplitsInOrderWithinLimits(t *testing.T) {
	for _, size := range []int{10, 2000, 5000} {
		r := digest(40, 7, strings.Repeat("word ", size/5))
		msgs, err := render(r)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		n := 0
		for _, m := range msgs {
			for _, e := range m.Embeds {
				if strings.HasPrefix(e.Title, "Story ") {
					if !strings.HasPrefix(e.Title, fmt.Sprintf("Story %d ", n)) {
						t.Fatalf("size %d: story %d out of order: %q", size, n, e.Title)
					}
					n++
				}
			}
		}
		if n != 40 {
			t.Errorf("size %d: %d stories rendered", size, n)
		}
	}
}

// mention matches what Discord renders or notifies as a mention: the
// oracle defuse is checked against.
var mention = regexp.MustCompile(`(?i)@(everyone|here)|<[@#]`)

func FuzzRender(f *testing.F) {
	f.Add("@everyone <@1> **x**", "https://example.org", 3, "why")
	f.Add(strings.Repeat("😀", 3000), "javascript:x", 30, strings.Repeat("<@&1>", 500))
	f.Fuzz(func(t *testing.T, s, link string, n int, why string) {
		n = max(0, min(n, 60))
		r := digest(n, 4, s+" ")
		for i := range r.Sections {
			for j := range r.Sections[i].Items {
				r.Sections[i].Items[j].URL, r.Sections[i].Items[j].Why = link, why
			}
		}
		msgs, err := render(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			for _, e := range m.Embeds {
				fields := []string{e.Title, e.Description}
				if e.Footer != nil {
					fields = append(fields, e.Footer.Text)
				}
				for _, f := range e.Fields {
					fields = append(fields, f.Value)
				}
				for _, s := range fields {
					if mention.MatchString(s) {
						t.Fatalf("live mention in %q", s)
					}
				}
			}
		}
	})
}

func BenchmarkRenderDigest(b *testing.B) {
	r := digest(30, 10, strings.Repeat("The talks went on late into the night. ", 10))
	for b.Loop() {
		if _, err := render(r); err != nil {
			b.Fatal(err)
		}
	}
}

// A bidirectional override in an article cannot reorder the embed's text.
func TestRenderDropsBidiOverrides(t *testing.T) {
	it := briefing.Item{Title: "Quay \u202eyaP\u202c opens", Summary: []string{"Cranes return \u2067today\u2069."}}
	msgs, err := render(bot.Reply{Title: "Briefing: quay", Sections: []bot.Section{{Heading: "quay", Items: []briefing.Item{it}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, e := range m.Embeds {
			if s := e.Title + e.Description; strings.ContainsAny(s, "\u202e\u202c\u2067\u2069") {
				t.Errorf("embed keeps a bidi control: %q", s)
			}
		}
	}
}
