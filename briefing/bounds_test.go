package briefing_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefing"
)

func TestCleanBoundsArticleSize(t *testing.T) {
	para := "The ferry left the northern pier at dawn and reached the island before the tide turned. "
	a := briefing.Clean(briefing.Article{
		Title: strings.Repeat("Almanac ", 200_000), Author: strings.Repeat("Keeper ", 100), URL: "https://x.example/" + strings.Repeat("a", 5000),
		Tags: make([]string, 100), Text: strings.Repeat(para+"\n\n", 120_000),
	})
	if n := utf8.RuneCountInString(a.Title); n > briefing.MaxTitleRunes || !strings.HasSuffix(a.Title, "…") {
		t.Errorf("title: %d runes", n)
	}
	if len(a.Text) > briefing.MaxTextBytes || !strings.HasSuffix(a.Text, briefing.CutNote) || !strings.HasPrefix(a.Text, "The ferry") || a.Fragment {
		t.Errorf("text: %d bytes, fragment %v, ends %q", len(a.Text), a.Fragment, a.Text[len(a.Text)-100:])
	}
	if strings.Contains(a.Text, "The ferry left the northern pier at dawn and reached the island before the tide turned.\n\n"+briefing.CutNote) == false {
		t.Errorf("text not cut after a whole paragraph: %q", a.Text[len(a.Text)-200:])
	}
	if len(a.Tags) > briefing.MaxTags || a.URL != "" || utf8.RuneCountInString(a.Author) > briefing.MaxAuthorRunes {
		t.Errorf("tags %d, url %d bytes, author %d runes", len(a.Tags), len(a.URL), utf8.RuneCountInString(a.Author))
	}
	again := briefing.Clean(a)
	if again.Text != a.Text || again.Title != a.Title {
		t.Errorf("Clean is not idempotent on a cut article")
	}
	small := briefing.Clean(briefing.Article{Title: "Short", Text: para})
	if small.Text != strings.TrimSpace(para) {
		t.Errorf("a small article changed: %q", small.Text)
	}
}
