package bench

import (
	"fmt"
	"strings"
	"testing"
)

func TestBenchCorpusIsDeterministicAndUnique(t *testing.T) {
	seeds, err := loadSeeds([]string{"testdata/tiny.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := newBenchCorpus(seeds, 7), newBenchCorpus(seeds, 7)
	guids := map[string]bool{}
	for i := range 500 {
		a, b := c1.article(i), c2.article(i)
		if a.Title != b.Title || a.Text != b.Text || !a.Published.Equal(b.Published) || a.GUID != b.GUID {
			t.Fatalf("article %d differs between two generators with the same seed", i)
		}
		if guids[a.Source+a.GUID] || a.Title == "" || a.Text == "" || a.Published.IsZero() {
			t.Fatalf("article %d: duplicate key or empty field: %+v", i, a)
		}
		guids[a.Source+a.GUID] = true
	}
	if other := newBenchCorpus(seeds, 8).article(100); other.Text == c1.article(100).Text {
		t.Errorf("a different seed generated the same synthetic article")
	}
}

func TestBenchSizesAndTopics(t *testing.T) {
	got, err := parseSizes("100k, 10000,1M,10000")
	if err != nil || fmt.Sprint(got) != "[10000 100000 1000000]" {
		t.Errorf("parseSizes = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "ten", "-5"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
	seeds := []seedDoc{{title: "Crude oil prices rise"}, {title: "Crude oil exports fall"}, {title: "Wheat prices rise"}}
	topics := deriveTopics(seeds)
	if len(topics) == 0 || topics[0] != "crude" || !strings.Contains(strings.Join(topics, "|"), "crude oil") {
		t.Errorf("deriveTopics = %q, want the most frequent word first and the most frequent pair", topics)
	}
}
func TestChannelTopicsAreDistinctAndSpread(t *testing.T) {
	seeds := []seedDoc{{title: "Crude oil prices rise"}, {title: "Crude oil exports fall"}, {title: "Wheat prices rise"},
		{title: "Wheat exports rise"}, {title: "Crude exports fall"}}
	got := channelTopics(seeds, 4, 1)
	if len(got) != 4 || distinct(got, 4) != 4 {
		t.Fatalf("channelTopics(4) = %q, want 4 distinct", got)
	}
	words, pairs := titleDF(seeds)
	for _, tp := range got {
		if words[tp] < 2 && pairs[tp] < 2 {
			t.Errorf("channelTopics took %q, which fewer than two titles hold", tp)
		}
	}
	if again := channelTopics(seeds, 4, 1); strings.Join(again, "|") != strings.Join(got, "|") {
		t.Errorf("channelTopics is not deterministic: %q then %q", got, again)
	}
	if many := channelTopics(seeds, 100, 1); len(many) != 100 || distinct(many, 100) >= 100 {
		t.Errorf("channelTopics(100) from few titles: %d topics, %d distinct; want the list repeated", len(many), distinct(many, 100))
	}
}

func TestReplicaDifferingTopics(t *testing.T) {
	starts := []replicaStart{{Answers: []string{"a", "b", "c"}}, {Warm: true, Answers: []string{"a", "x", "c"}}, {Answers: []string{"a", "b", "y"}}}
	if got := differingTopics([]string{"t0", "t1", "t2"}, starts); strings.Join(got, "|") != "t1|t2" {
		t.Errorf("differingTopics = %q, want t1 and t2", got)
	}
	if got := differingTopics([]string{"t0", "t1", "t2"}, starts[:1]); len(got) != 0 {
		t.Errorf("one start differs from itself: %q", got)
	}
	if got := differingTopics([]string{"t0", "t1", "t2"}, []replicaStart{starts[0], {Answers: []string{"a"}}}); len(got) != 3 {
		t.Errorf("a start with fewer answers: %q, want every topic", got)
	}
	for _, c := range []struct{ prev, n, want int }{{0, 300, 30}, {0, 100000, 1000}, {100000, 1000000, 10000}, {900, 1000, 50}} {
		if got := catchUpArticles(c.prev, c.n); got != c.want {
			t.Errorf("catchUpArticles(%d, %d) = %d, want %d", c.prev, c.n, got, c.want)
		}
	}
}

func TestPerTopicFindsTheSlowTopic(t *testing.T) {
	var all []sample
	for r := range 3 {
		all = append(all, sample{Topic: "a", Round: r, Ms: float64(1 + r), CPUms: 1},
			sample{Topic: "b", Round: r, Ms: float64(10 + r), CPUms: float64(9 + r)})
	}
	got := perTopic([]string{"b", "a", "c"}, all)
	want := []topicLatency{{Topic: "b", P50ms: 11, MaxMs: 12, CPUms: 10, MaxCPUms: 11}, {Topic: "a", P50ms: 2, MaxMs: 3, CPUms: 1, MaxCPUms: 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("perTopic = %+v, want %+v", got, want)
	}
	if s := slowest(all, 2); len(s) != 2 || s[0].Topic != "b" || s[0].Round != 2 || s[1].Round != 1 {
		t.Errorf("slowest = %+v, want b's rounds 2 and 1", s)
	}
}
