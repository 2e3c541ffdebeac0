package overview

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// testItems are three hand-written stories about a made-up port strike.
func testItems() []briefing.Item {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	return []briefing.Item{
		{ID: 11, Title: "Dock workers in Valmora walk out over pay", Source: "Harbour Times", Published: day(2),
			Summary: []string{"About 1,200 dock workers at the port of Valmora stopped work on Monday.",
				"The Valmora Dockers Union wants a 25 per cent rise over three years."}},
		{ID: 12, Title: "Strike costs shippers $1.2bn, operator says", Source: "Freight Daily", Published: day(4),
			Summary: []string{"Port operator Castell Lines said the stoppage had cost shippers $1.2 billion.",
				"Minister Ana Ruiz called both sides to talks."}},
		{ID: 13, Title: "Talks resume as ships queue", Source: "Harbour Times", Published: day(5),
			Summary: []string{"Negotiators met again on Thursday while 40 ships waited offshore."}},
	}
}

func TestCheckKeepsSupportedSentences(t *testing.T) {
	text := "About 1200 dock workers in Valmora stopped work, and their union wants a 25% rise [1]. " +
		"Castell Lines put the cost to shippers at $1,200 million [2]. " +
		"Talks resumed on Thursday 5 March with 40 ships waiting [3]."
	res := Check(text, Stories(testItems()))
	if res.Overview == nil {
		t.Fatalf("no overview; dropped %v", res.Dropped)
	}
	got := res.Overview.Sentences
	if len(got) != 3 || res.DroppedTotal() != 0 {
		t.Fatalf("kept %d sentences, dropped %v: %+v", len(got), res.Dropped, got)
	}
	if got[1].Text != "Castell Lines put the cost to shippers at $1,200 million." || !reflect.DeepEqual(got[1].Cites, []int{2}) {
		t.Errorf("sentence 2 = %+v", got[1])
	}
	if res.Overview.Checked != 3 {
		t.Errorf("checked = %d, want 3", res.Overview.Checked)
	}
}

func TestCheckDrops(t *testing.T) {
	stories := Stories(testItems())
	good := "Dock workers in Valmora walked out over pay [1]. Castell Lines said the strike cost shippers $1.2bn [2]. "
	for _, tc := range []struct {
		name, sentence, reason string
	}{
		{"InventedNumber", "About 5,000 dock workers stopped work [1].", DropNumber},
		{"InventedPercent", "The union wants a 30 per cent rise [1].", DropNumber},
		{"AmountFromAnotherStory", "The stoppage cost shippers $1.2 billion [1].", DropNumber},
		{"WrongCurrency", "The strike cost shippers £1.2bn [2].", DropNumber},
		{"InventedDate", "Talks resumed on 9 March [3].", DropNumber},
		{"InventedISODate", "Talks resumed on 2026-03-09 [3].", DropNumber},
		{"ISOMonthIsNoNumber", "Talks resumed with 3 ships waiting [3].", DropNumber},
		{"Uncited", "The strike is the longest in decades.", DropUncited},
		{"CitesNoStory", "Talks resumed [7].", DropUncited},
		{"UnknownName", "Minister Ana Ruiz met Pedro Alvarez [2].", DropName},
		{"UnknownFirstName", "Zorvath mediated the talks [3].", DropName},
		{"NameFromUncitedStory", "Castell Lines said talks resumed [3].", DropName},
		{"CaselessName", "Minister Ana Ruiz met 김정은 [2].", DropName},
		{"Link", "The union posted details at https://valmora.example/pay [1].", DropLink},
		{"BareDomain", "The union posted details at valmora.example [1].", DropLink},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Check(good+tc.sentence, stories)
			if res.Dropped[tc.reason] != 1 || res.DroppedTotal() != 1 {
				t.Fatalf("dropped %v, want one %s", res.Dropped, tc.reason)
			}
			if res.Overview == nil || len(res.Overview.Sentences) != 2 {
				t.Fatalf("overview = %+v, want the two good sentences", res.Overview)
			}
		})
	}
}

func TestCheckNormalisesForms(t *testing.T) {
	stories := Stories(testItems())
	for _, s := range []string{
		"The union wants a 25% rise over three years [1].",
		"The union wants a 25 percent rise over 3 years [1].",
		"Shippers lost US$1.2 billion [2].",
		"Shippers lost 1.2 billion dollars [2].",
		"Shippers lost $1.20bn [2].",
		"About 1,200 workers stopped on Monday 2 March 2026 [1].",
		"On 4 March, Freight Daily reported the cost [2].",
		"On Wed 4 Mar, Freight Daily reported the cost [2].",
		"Talks resumed on 2026-03-05 [3].",
		"The U.S.-style pay talks resumed [3].", // "U.S." is no name here... but must be in a story
	} {
		_, reason := checkSentence(s, stories)
		want := ""
		if strings.Contains(s, "U.S.") {
			want = DropName
		}
		if reason != want {
			t.Errorf("%q: dropped as %q, want %q", s, reason, want)
		}
	}
	// Spelled-out compounds are no number the checker reads: "twenty-five"
	// holds "five", which story 1 does not have, so the sentence goes.
	if _, reason := checkSentence("The union wants a twenty-five per cent rise [1].", stories); reason == "" {
		t.Error("spelled-out compound number kept")
	}
	if _, reason := checkSentence("[1][2].", stories); reason != DropMalformed {
		t.Errorf("citations alone: %q, want %q", reason, DropMalformed)
	}
}

func TestCheckOmitsBelowTwo(t *testing.T) {
	text := "Dock workers in Valmora walked out over pay [1]. About 9,000 ships queued [3]. The strike is historic."
	res := Check(text, Stories(testItems()))
	if res.Overview != nil {
		t.Fatalf("overview shown with one good sentence: %+v", res.Overview)
	}
	if res.DroppedTotal() != 2 {
		t.Errorf("dropped %v, want 2", res.Dropped)
	}
}

func TestCheckCapsAtFour(t *testing.T) {
	var b strings.Builder
	for _, n := range []string{"1,200", "About 1,200", "Some 1,200", "Over 1,200", "More than 1,200", "Then 1,200"} {
		b.WriteString(n + " dock workers in Valmora walked out over pay [1]. ")
	}
	res := Check(b.String(), Stories(testItems()))
	if res.Overview == nil || len(res.Overview.Sentences) != MaxSentences || res.Dropped[DropOverLength] != 2 {
		t.Fatalf("overview %+v, dropped %v", res.Overview, res.Dropped)
	}
}

func TestCheckDropsRepeats(t *testing.T) {
	s := "Dock workers in Valmora walked out over pay [1]. "
	res := Check(strings.Repeat(s, 3), Stories(testItems()))
	if res.Overview != nil || res.Dropped[DropMalformed] != 2 {
		t.Fatalf("overview %+v, dropped %v", res.Overview, res.Dropped)
	}
}

func TestCitationForms(t *testing.T) {
	stories := Stories(testItems())
	text := "Dock workers in Valmora walked out [1, 2]. Castell Lines put the cost at $1.2bn. [2][3] Talks resumed [3]."
	res := Check(text, stories)
	if res.Overview == nil || len(res.Overview.Sentences) != 3 {
		t.Fatalf("overview %+v, dropped %v", res.Overview, res.Dropped)
	}
	if c := res.Overview.Sentences[1].Cites; !reflect.DeepEqual(c, []int{2, 3}) {
		t.Errorf("cites = %v, want [2 3]", c)
	}
	if s := res.Overview.Sentences[1].Text; s != "Castell Lines put the cost at $1.2bn." {
		t.Errorf("text = %q", s)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("Dock workers in Valmora walked out [1]. Castell Lines put the cost at $1.2bn [2].")
	f.Add("[99999999999999999999] 1,2,3 $ % [1,]")
	stories := Stories(testItems())
	f.Fuzz(func(t *testing.T, s string) {
		res := Check(s, stories)
		if res.Overview == nil {
			return
		}
		if n := len(res.Overview.Sentences); n < MinSentences || n > MaxSentences {
			t.Fatalf("%d sentences", n)
		}
		for _, sent := range res.Overview.Sentences {
			if len(sent.Cites) == 0 || citeRe.MatchString(sent.Text) {
				t.Fatalf("bad sentence %+v", sent)
			}
			for _, c := range sent.Cites {
				if c < 1 || c > len(stories) {
					t.Fatalf("cite %d out of range", c)
				}
			}
		}
	})
}

func TestCheckCaselessScripts(t *testing.T) {
	items := []briefing.Item{{Title: "서울 항만 파업", Summary: []string{"부산과 서울에서 노동자 1,200명이 파업했다."}},
		{Title: "港湾スト続く", Summary: []string{"ストは三日目に入った。"}}}
	stories := Stories(items)
	if _, reason := checkSentence("The strike in 서울 went on [1].", stories); reason != "" {
		t.Errorf("a run a story has: dropped as %s", reason)
	}
	if _, reason := checkSentence("The strike in 인천 went on [1].", stories); reason != DropName {
		t.Errorf("a run no story has: %q, want %s", reason, DropName)
	}
	if _, reason := checkSentence("港湾スト続く [2].", stories); reason != "" {
		t.Errorf("a title quoted as written: dropped as %s", reason)
	}
}

// TestCheckOnParaphrases measures the check on hand-written sentences a
// model might write about testItems: every unsupported one must go; the
// log shows how many supported ones survive (the check errs on dropping).
func TestCheckOnParaphrases(t *testing.T) {
	stories := Stories(testItems())
	supported := []string{
		"On 2 March, about 1,200 dock workers in Valmora stopped work [1].",
		"The Valmora Dockers Union is seeking a 25% pay rise over three years [1].",
		"Dockers at the port of Valmora walked out on Monday over pay [1].",
		"Castell Lines put the cost of the stoppage to shippers at $1.2bn [2].",
		"Port operator Castell Lines said shippers had lost $1.2 billion [2].",
		"Minister Ana Ruiz called both sides to talks [2].",
		"By 4 March the stoppage had cost shippers US$1.2 billion, according to Castell Lines [2].",
		"Negotiators met again on Thursday while 40 ships waited offshore [3].",
		"Talks resumed on 5 March with forty ships queuing [3].", // "forty" is not a number the check reads: kept
		"Harbour Times reported that talks resumed as ships queued [3].",
		"The strike began on Monday 2 March and talks resumed on Thursday 5 March [1][3].",
		"After the walkout, Ana Ruiz called for talks, which resumed three days later [2][3].",
		"Shippers waited as the dispute went on [2][3].",
		"It is the Valmora port's biggest stoppage [1].", // wording the check cannot test: kept
	}
	unsupported := []string{
		"About 12,000 dock workers stopped work [1].",
		"The union is seeking a 35% rise [1].",
		"Castell Lines said shippers had lost $2.1bn [2].",
		"Castell Lines said shippers had lost €1.2bn [2].",
		"Minister Ana Ruiz resigned on 6 March [2].",
		"Prime Minister Elena Soto intervened [2].",
		"Talks resumed on Friday [3].",
		"Some 400 ships waited offshore [3].",
		"Castell Lines said talks resumed [1].",
		"The strike ended.",
		"Talks resumed [4].",
		"Read more at harbour.example/valmora [3].",
	}
	kept := 0
	for _, s := range supported {
		if _, reason := checkSentence(s, stories); reason == "" {
			kept++
		} else {
			t.Logf("supported sentence dropped (%s): %s", reason, s)
		}
	}
	for _, s := range unsupported {
		if _, reason := checkSentence(s, stories); reason == "" {
			t.Errorf("unsupported sentence kept: %s", s)
		}
	}
	t.Logf("supported kept: %d of %d; unsupported kept: 0 of %d", kept, len(supported), len(unsupported))
	if kept < len(supported)*3/4 {
		t.Errorf("only %d of %d supported sentences kept", kept, len(supported))
	}
}
