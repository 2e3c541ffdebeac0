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
