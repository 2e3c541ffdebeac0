package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// seedDoc is one real article of the bench corpus, as read from JSONL.
type seedDoc struct {
	corpus string // file name without .jsonl: the article's source
	id     string
	title  string
	paras  []string
	date   time.Time // zero when the corpus has none
	group  string    // category or first topic label: "similar vocabulary"
}

// seedRow is the union of the JSONL shapes the bench reads (Reuters, BBC,
// CNN/DailyMail style): id and text are required, the rest optional.
type seedRow struct {
	ID        string   `json:"id"`
	Date      string   `json:"date"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Topics    []string `json:"topics"`
	Category  string   `json:"category"`
	Sentences []string `json:"sentences"`
}

// loadSeeds reads JSONL corpora in order. A row without text is skipped; a
// malformed line is an error naming the file and line.
func loadSeeds(paths []string) ([]seedDoc, error) {
	var out []seedDoc
	for _, p := range paths {
		docs, err := loadSeedFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, docs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench corpus: no articles in %s", strings.Join(paths, ", "))
	}
	return out, nil
}

func loadSeedFile(path string) ([]seedDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bench corpus: %w", err)
	}
	defer f.Close()
	name := strings.TrimSuffix(filepath.Base(path), ".jsonl")
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []seedDoc
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r seedRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("bench corpus: %s:%d: %w", path, line, err)
		}
		if d, ok := r.seed(name); ok {
			out = append(out, d)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench corpus: %s: %w", path, err)
	}
	return out, nil
}

func (r seedRow) seed(corpus string) (seedDoc, bool) {
	d := seedDoc{corpus: corpus, id: r.ID, title: strings.TrimSpace(r.Title), group: corpus}
	d.paras = splitParas(r.Text)
	if len(d.paras) == 0 {
		return d, false
	}
	if d.title == "" {
		// Untitled corpora (CNN/DailyMail): the lead sentence is the
		// headline, as a wire service would write it.
		d.title = leadTitle(r.Sentences, d.paras[0])
	}
	if t, err := time.Parse(time.RFC3339, r.Date); err == nil {
		d.date = t.UTC()
	}
	switch {
	case r.Category != "":
		d.group = corpus + "/" + r.Category
	case len(r.Topics) > 0:
		d.group = corpus + "/" + r.Topics[0]
	}
	return d, true
}

func splitParas(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func leadTitle(sentences []string, firstPara string) string {
	s := firstPara
	if len(sentences) > 0 {
		s = sentences[0]
	}
	w := strings.Fields(s)
	return strings.Join(w[:min(len(w), 14)], " ")
}

// benchCorpus yields the bench articles: the real ones first, then
// synthetic ones made from them. Article i is a pure function of (seed, i),
// so every size is a prefix of the larger ones and child processes can
// regenerate exactly the articles the parent means.
type benchCorpus struct {
	seeds  []seedDoc
	groups map[string][]int
	seed   uint64
	start  time.Time
	span   time.Duration
}

// benchFeeds is how many synthetic sources the generated articles spread
// over (a mid-sized team's feed list).
const benchFeeds = 40

func newBenchCorpus(seeds []seedDoc, seed uint64) *benchCorpus {
	c := &benchCorpus{seeds: seeds, groups: map[string][]int{}, seed: seed,
		start: time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC), span: 5 * 365 * 24 * time.Hour}
	for i, d := range seeds {
		c.groups[d.group] = append(c.groups[d.group], i)
	}
	return c
}

// article returns bench article i.
func (c *benchCorpus) article(i int) briefing.Article {
	rng := rand.New(rand.NewPCG(c.seed, uint64(i)))
	if i < len(c.seeds) {
		d := c.seeds[i]
		a := briefing.Article{Source: "bench://" + d.corpus, GUID: d.corpus + ":" + d.id, Title: d.title,
			Text: strings.Join(d.paras, "\n\n"), Published: d.date}
		if a.Published.IsZero() {
			a.Published = c.date(rng)
		}
		return a
	}
	return c.synthetic(i, rng)
}

// synthetic mixes a real title with paragraphs of real articles of the same
// group, so vocabulary and term co-occurrence stay realistic while texts
// differ enough that near-duplicate folding does not collapse them.
func (c *benchCorpus) synthetic(i int, rng *rand.Rand) briefing.Article {
	base := c.seeds[rng.IntN(len(c.seeds))]
	group := c.groups[base.group]
	other := c.seeds[group[rng.IntN(len(group))]]
	paras := make([]string, 2+rng.IntN(5))
	for k := range paras {
		d := c.seeds[group[rng.IntN(len(group))]]
		paras[k] = d.paras[rng.IntN(len(d.paras))]
	}
	return briefing.Article{Source: fmt.Sprintf("bench://feed-%02d", i%benchFeeds), GUID: fmt.Sprintf("syn-%d", i),
		Title: mixTitles(base.title, other.title), Text: strings.Join(paras, "\n\n"), Published: c.date(rng)}
}

func (c *benchCorpus) date(rng *rand.Rand) time.Time {
	return c.start.Add(time.Duration(rng.Int64N(int64(c.span/time.Second))) * time.Second)
}

// mixTitles joins the first half of a with the second half of b.
func mixTitles(a, b string) string {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 || len(wb) == 0 {
		return a + b
	}
	return strings.Join(append(wa[:(len(wa)+1)/2:(len(wa)+1)/2], wb[len(wb)/2:]...), " ")
}

// benchStop is a plain English stop list for deriving topics; the engine
// has its own and the FTS5 baseline has none.
var benchStop = wordSet(`the and for with from that this was were are has have had not but its into
	over after says said say new more than will would could should about who what when where why how their they
	them his her she him you your our out off per via vs also can may just been being all any one two three`)

func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}

// titleWords returns the lower-cased letter-only words of a title of at
// least three letters, stop words removed, in order; a nil entry marks a
// gap (a removed word) so bigrams only join adjacent words.
func titleWords(title string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if len(f) < 3 || benchStop[f] {
			out = append(out, "")
			continue
		}
		out = append(out, f)
	}
	return out
}

// deriveTopics picks a mixed set of topics from the real titles by a fixed
// rule: single words at spread document-frequency ranks (broad to narrow)
// and the most frequent adjacent word pairs at spread ranks. Nothing is
// chosen by hand.
func deriveTopics(seeds []seedDoc) []string {
	words, pairs := titleDF(seeds)
	topics := pickRanks(words, []int{0, 1, 2, 5, 10, 20, 50, 100, 200, 400})
	return append(topics, pickRanks(pairs, []int{0, 1, 2, 5, 10, 20, 50, 100})...)
}

// titleDF counts, per title word and adjacent word pair, the titles that
// hold it.
func titleDF(seeds []seedDoc) (words, pairs map[string]int) {
	words, pairs = map[string]int{}, map[string]int{}
	for _, d := range seeds {
		seen := map[string]bool{}
		ws := titleWords(d.title)
		for i, w := range ws {
			if w != "" && !seen[w] {
				seen[w] = true
				words[w]++
			}
			if i > 0 && w != "" && ws[i-1] != "" && !seen[ws[i-1]+" "+w] {
				seen[ws[i-1]+" "+w] = true
				pairs[ws[i-1]+" "+w]++
			}
		}
	}
	return words, pairs
}

func pickRanks(df map[string]int, ranks []int) []string {
	keys := byDF(df)
	var out []string
	for _, r := range ranks {
		if r < len(keys) {
			out = append(out, keys[r])
		}
	}
	return out
}

// byDF lists df's keys, most frequent first, ties in key order, so
// topics picked by rank are the same on every run.
func byDF(df map[string]int) []string {
	keys := make([]string, 0, len(df))
	for k := range df {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if df[keys[i]] != df[keys[j]] {
			return df[keys[i]] > df[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// readTopics reads one topic per line; for tab-separated lines (a
// category<TAB>query file) the last field is the topic and a header line
// naming "query" is skipped.
func readTopics(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bench topics: %w", err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.LastIndexByte(line, '\t'); i >= 0 {
			line = line[i+1:]
		}
		line = strings.TrimSpace(line)
		if line == "" || line == "query" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench topics: no topics in %s", path)
	}
	return out, nil
}
