package briefing_test

import (
	"reflect"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "One thing. Two things! Three?", []string{"One thing.", "Two things!", "Three?"}},
		{"title abbreviation", "Mr. Moon met Dr. Abe. They talked.", []string{"Mr. Moon met Dr. Abe.", "They talked."}},
		{"month abbreviation", "It ended on Jan. 5 in Seoul. Nobody came.", []string{"It ended on Jan. 5 in Seoul.", "Nobody came."}},
		{"acronym inside", "The U.S. Navy sailed. It left.", []string{"The U.S. Navy sailed.", "It left."}},
		{"acronym at end", "He flew to the U.S. The talks failed.", []string{"He flew to the U.S.", "The talks failed."}},
		{"initials", "Joseph F. Kennedy spoke. Then he left.", []string{"Joseph F. Kennedy spoke.", "Then he left."}},
		{"decimal", "Growth was 3.5 percent. Prices rose.", []string{"Growth was 3.5 percent.", "Prices rose."}},
		{"quote end", "He said “we won’t reconsider.” Kang added more.", []string{"He said “we won’t reconsider.”", "Kang added more."}},
		{"quote continues", "“Is it over?” he asked. Yes.", []string{"“Is it over?” he asked.", "Yes."}},
		{"bracket ellipsis", "It said “security […] would not serve”. Fine.", []string{"It said “security […] would not serve”.", "Fine."}},
		{"paragraphs", "First para\nSecond para.", []string{"First para", "Second para."}},
		{"e.g.", "Use tools, e.g. hammers. Done.", []string{"Use tools, e.g. hammers.", "Done."}},
		{"glued by scraping", "The vote was held.Critics called it rushed.", []string{"The vote was held.", "Critics called it rushed."}},
		{"glued domain stays", "Shares of Amazon.Com rose. Yes.", []string{"Shares of Amazon.Com rose.", "Yes."}},
		{"glued initials stay", "It is e.g.The case.", []string{"It is e.g.The case."}},
		{"japanese full stops", "港で火災が起きた。けが人はいない！原因は？", []string{"港で火災が起きた。", "けが人はいない！", "原因は？"}},
		{"japanese quote closes", "市長は「再開する。」と述べた。詳細は未定。", []string{"市長は「再開する。」", "と述べた。", "詳細は未定。"}},
		{"chinese with latin", "央行宣布降息0.25个百分点。 市场上涨。", []string{"央行宣布降息0.25个百分点。", "市场上涨。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := briefing.Sentences(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseMetaLine(t *testing.T) {
	m, ok := briefing.ParseMetaLine("► Author: Joseph Fitsanakis | Date: 23 August 2019 | Permalink")
	if !ok || m.Author != "Joseph Fitsanakis" || m.Date.Format("2006-01-02") != "2019-08-23" {
		t.Fatalf("footer: %+v %v", m, ok)
	}
	m, ok = briefing.ParseMetaLine("Filed under Expert news Tagged with General Security of Military Information Agreement, GSOMIA, Japan")
	if !ok || !reflect.DeepEqual(m.Tags, []string{"General Security of Military Information Agreement", "GSOMIA", "Japan"}) {
		t.Fatalf("tags: %+v %v", m, ok)
	}
	if _, ok := briefing.ParseMetaLine("Leave a comment"); !ok {
		t.Fatal("furniture not recognised")
	}
	if _, ok := briefing.ParseMetaLine("The author of the report said the date was wrong."); ok {
		t.Fatal("text taken for metadata")
	}
	d, ok := briefing.ParseDateline("November 22, 2019 by Joseph Fitsanakis 2 Comments")
	if !ok || d.Author != "Joseph Fitsanakis" || d.Date.Format("2006-01-02") != "2019-11-22" {
		t.Fatalf("dateline: %+v %v", d, ok)
	}
	if _, ok := briefing.ParseDateline("August 23, 2019 Leave a comment"); !ok {
		t.Fatal("dateline with furniture")
	}
	if _, ok := briefing.ParseDateline("August 23, 2019 was the day Seoul ended the pact."); ok {
		t.Fatal("a sentence taken for a dateline")
	}
}

func TestCleanStripsWireDateline(t *testing.T) {
	tests := map[string]string{
		"Denver (CNN)Voters approved the measure. More.":    "Voters approved the measure. More.",
		"LONDON (Reuters) - Shares fell on Monday.":         "Shares fell on Monday.",
		"(CNN)\"We are ready\" she said.":                   "\"We are ready\" she said.",
		"The agency (NASA) said the launch slipped.":        "The agency (NASA) said the launch slipped.",
		"Officials (pictured) left. They said nothing new.": "Officials (pictured) left. They said nothing new.",
	}
	for in, want := range tests {
		if got := briefing.Clean(briefing.Article{Text: in}).Text; got != want {
			t.Errorf("Clean(%q).Text = %q, want %q", in, got, want)
		}
	}
}

// TestIsCutReadsWideFullStops: a Chinese or Japanese text that ends on its
// full stop is whole; one that stops mid-sentence is cut.
func TestIsCutReadsWideFullStops(t *testing.T) {
	for text, want := range map[string]bool{
		"港で火災が起きた。":  false,
		"港で火災が起きた。」": false,
		"央行宣布降息？":    false,
		"港で火災が起きたが":  true,
	} {
		if got := briefing.IsCut(text); got != want {
			t.Errorf("IsCut(%q) = %v, want %v", text, got, want)
		}
	}
}
