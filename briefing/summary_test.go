package briefing_test

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

const quakeText = `A strong earthquake shook the coastal city of Varna on Tuesday, damaging old buildings and cutting power to thousands of homes.
Rescue teams searched collapsed buildings in the old town through the night, and the city said twelve people were injured.
The mayor said schools would stay closed on Wednesday while engineers inspect the buildings.
"It was the longest minute of my life," said one shopkeeper.
Power was restored to most homes by Wednesday morning, the grid operator said.
The port reopened after divers checked the quay walls for damage.`

func TestSummaryIsWholeSentencesInArticleOrder(t *testing.T) {
	st := briefing.NewStemmer()
	sum := st.Summarize(quakeText, false, briefing.SummaryOptions{Sentences: 3})
	if len(sum) != 3 {
		t.Fatalf("got %d sentences: %q", len(sum), sum)
	}
	sents := briefing.Sentences(quakeText)
	last := -1
	for _, s := range sum {
		i := indexOf(sents, s)
		if i < 0 || i <= last {
			t.Fatalf("%q is not a whole sentence of the text in order", s)
		}
		last = i
	}
	if sum[0] != sents[0] {
		t.Errorf("a central lead comes first, got %q", sum[0])
	}
}

func TestSummaryFocusesOnTheTopic(t *testing.T) {
	st := briefing.NewStemmer()
	q, err := briefing.ParseQuery(st, "port")
	if err != nil {
		t.Fatal(err)
	}
	query := map[string]bool{}
	for _, alt := range q.Alts {
		for _, c := range alt {
			query[c.Forms[0][0]] = true
		}
	}
	sum := st.Summarize(quakeText, false, briefing.SummaryOptions{Sentences: 1, Query: query})
	if len(sum) != 1 || !strings.Contains(sum[0], "port") {
		t.Errorf("topic port: got %q", sum)
	}
}

func TestSummaryAvoidsWhatTheBriefingAlreadySaid(t *testing.T) {
	st := briefing.NewStemmer()
	first := st.Summarize(quakeText, false, briefing.SummaryOptions{Sentences: 1})
	copyText := strings.Replace(quakeText, "on Tuesday", "on Tuesday evening", 1)
	second := st.Summarize(copyText, false, briefing.SummaryOptions{Sentences: 1, Avoid: []map[string]bool{st.TermSet(first[0])}})
	if len(second) != 1 || st.TermSet(second[0])["tuesday"] && strings.Contains(second[0], "strong earthquake") {
		t.Errorf("second story repeats the first: %q then %q", first, second)
	}
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

// A sentence that leans on the one before it ("They…", "But…", "His…")
// is shown with it or not at all.
func TestSummaryNeverShowsALeaningSentenceAlone(t *testing.T) {
	text := `Chipmakers in the valley reported record orders for memory chips on Monday.
The orders came from data centres building out capacity for the coming year.
Analysts expect memory chip prices to keep rising through the summer.
They cover high-bandwidth memory chips, memory chip packaging and memory chip testing for data centres.
But memory chip orders from phone makers fell for a third month.
Shares in the largest memory chip maker rose four per cent on the news.`
	eng := briefing.NewEngine(nil, briefing.Config{})
	sents := briefing.Sentences(text)
	for _, topic := range []string{"", "memory chips", "phone makers"} {
		for n := 1; n <= 3; n++ {
			sum := eng.Summarize(text, n, topic)
			if len(sum) == 0 {
				t.Fatalf("%q, %d: empty summary", topic, n)
			}
			shown := map[int]bool{}
			for _, s := range sum {
				shown[indexOf(sents, s)] = true
			}
			for i := range shown {
				if i > 0 && briefing.LeansOnPrevious(sents[i]) && !shown[i-1] {
					t.Errorf("%q, %d sentences: %q shown without the sentence before it: %q", topic, n, sents[i], sum)
				}
			}
		}
	}
	for s, want := range map[string]bool{"They cover it.": true, "\"But no,\" he said.": true, "Theyre.": false, "Italy won.": false, "Its roof fell.": true} {
		if briefing.LeansOnPrevious(s) != want {
			t.Errorf("LeansOnPrevious(%q) = %v", s, !want)
		}
	}
}
