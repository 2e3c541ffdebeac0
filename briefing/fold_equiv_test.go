package briefing

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// foldStoriesPairwise is foldStories as it was before the shingle index:
// each article's shingle map compared with every story's first report in
// turn. Kept here only to show that the indexed fold decides alike.
func foldStoriesPairwise(ix *Index, cand []Match, byID map[int64]Article) []storyGroup {
	arts := make([]Article, 0, len(cand))
	matches := make([]Match, 0, len(cand))
	for _, m := range cand {
		if a, ok := byID[m.ArticleID]; ok {
			arts = append(arts, a)
			matches = append(matches, m)
		}
	}
	ws := make([][]word, len(arts))
	for i, a := range arts {
		ws[i] = ix.st.words(a.Title + "\n" + a.Text)
	}
	sigs := eventSigs(ix, arts)
	relation := func(i, j int) eventRelation {
		if j > i {
			i, j = j, i
		}
		r := relate(sigs[i], sigs[j])
		if r == sameEvent && arts[i].Source == arts[j].Source {
			r = otherEvent
		}
		return r
	}
	var groups []storyGroup
	var sh []map[uint64]struct{}
	var members [][]int
	for i, a := range arts {
		s := shinglesOf(ws[i])
		joined := -1
		for gi := range groups {
			if SameStory(s, sh[gi]) ||
				joinsEvent(arts, members[gi], i, func(j int) bool { return relation(i, j) == sameEvent }, true) {
				joined = gi
				break
			}
		}
		if joined >= 0 {
			groups[joined].members = append(groups[joined].members, a)
			members[joined] = append(members[joined], i)
			continue
		}
		groups = append(groups, storyGroup{match: matches[i], members: []Article{a}})
		sh = append(sh, s)
		members = append(members, []int{i})
	}
	groups, members = joinLate(groups, members, func(i int, m []int) bool {
		return joinsEvent(arts, m, i, func(j int) bool { return relation(i, j) == sameEvent }, false) ||
			joinsWhole(arts, sigs, func(j, k int) float64 { return sigs[j].cosine(sigs[k]) }, m, i)
	})
	for gi := range groups {
		sortBestText(groups[gi].members)
	}
	for gi := range groups {
		if d := developmentOf(groups, members, sigs, relation, gi); d != nil {
			earlier := *d
			groups[gi].developmentOf = &earlier
		}
	}
	return groups
}

// relate compares two reports alone, as the fold did before
// eventRelations.
func relate(a, b eventSig) eventRelation {
	if !a.published.IsZero() && !b.published.IsZero() && a.published.Sub(b.published).Abs() > developmentWindow {
		return otherEvent // too far apart to compare
	}
	return relateCosine(a, b, a.cosine(b))
}

// foldCorpus derives a corpus with every kind of fold from the hand-written
// event set: each report as written, plus, at random, light edits of it
// (near-copies), its opening as a teaser, a copy from the same outlet, and
// copies days or weeks later (developments and look-alikes far apart).
func foldCorpus(t *testing.T, seed int64) []Article {
	reps := readEvents(t, "events.txt")
	r := rand.New(rand.NewSource(seed))
	sources := []string{"wire-a", "wire-b", "paper-c", "site-d"}
	var out []Article
	for _, rep := range reps {
		a := rep.Article
		out = append(out, a)
		ws := strings.Fields(a.Text)
		for k := range 1 + r.Intn(3) {
			b := a
			b.GUID = fmt.Sprintf("%s/v%d", a.GUID, k)
			switch r.Intn(5) {
			case 0: // an edit of up to a third of the words, from the same
				// outlet (so that only shingles can fold it) or another
				e := slices.Clone(ws)
				for range 1 + r.Intn(1+len(e)/3) {
					i := r.Intn(len(e))
					if r.Intn(2) == 0 {
						e[i] = e[r.Intn(len(e))]
					} else {
						e = slices.Delete(e, i, i+1)
					}
				}
				b.Text = strings.Join(e, " ")
				if r.Intn(2) == 0 {
					b.Source = sources[r.Intn(len(sources))]
				}
			case 1: // teaser: the opening only
				b.Text = strings.Join(ws[:max(1, len(ws)*(2+r.Intn(4))/10)], " ")
				b.Fragment = r.Intn(2) == 0
			case 2: // another outlet, hours apart
				b.Source = sources[r.Intn(len(sources))]
				b.Published = a.Published.Add(time.Duration(r.Intn(40)) * time.Hour)
			case 3: // days to weeks later
				b.Published = a.Published.Add(time.Duration(3+r.Intn(30)) * 24 * time.Hour)
				b.Source = sources[r.Intn(len(sources))]
			default: // undated
				b.Published = time.Time{}
				b.Fetched = a.Published.Add(time.Hour)
			}
			out = append(out, b)
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestFoldIndexedMatchesPairwise: eventRelations relates every pair of
// reports as comparing the pair alone does, and the indexed fold
// (foldStories) puts the same articles in the same stories, in the same
// order, with the same best report and development marks, as the pairwise
// fold it replaced, on corpora where every kind of fold happens.
func TestFoldIndexedMatchesPairwise(t *testing.T) {
	for seed := range int64(4) {
		st := NewStemmer()
		ix := NewIndex(st)
		src := foldCorpus(t, seed)
		arts := make([]Article, len(src))
		cand := make([]Match, len(src))
		byID := map[int64]Article{}
		for i, a := range src {
			arts[i] = Clean(a)
			arts[i].ID = int64(i + 1)
			cand[i] = Match{ArticleID: arts[i].ID, Published: arts[i].Published}
			byID[arts[i].ID] = arts[i]
		}
		ix.add(arts, nil)
		sigs := eventSigs(ix, arts)
		rel, _ := eventRelations(sigs)
		for i := range sigs {
			for j := range i {
				if w := relate(sigs[i], sigs[j]); rel[i][j] != w {
					t.Fatalf("seed %d: reports %d and %d: eventRelations says %d, relate %d (cosine %v)", seed, i, j, rel[i][j], w, sigs[i].cosine(sigs[j]))
				}
			}
		}
		var cache sigCache
		want := foldStoriesPairwise(ix, cand, byID)
		for pass := range 2 { // the second pass reads the prints from the cache
			got := foldStories(ix, &cache, cand, byID)
			if g, w := describeFold(got), describeFold(want); g != w {
				t.Fatalf("seed %d pass %d: folds differ\nindexed:\n%s\npairwise:\n%s", seed, pass, g, w)
			}
		}
		folded, devs := 0, 0
		for _, g := range want {
			if len(g.members) > 1 {
				folded++
			}
			if g.developmentOf != nil {
				devs++
			}
		}
		t.Logf("seed %d: %d articles, %d stories, %d of them folded, %d developments", seed, len(arts), len(want), folded, devs)
		if folded == 0 || devs == 0 {
			t.Fatalf("seed %d: the corpus exercises no folds (%d) or no developments (%d)", seed, folded, devs)
		}
	}
}

func describeFold(gs []storyGroup) string {
	var b strings.Builder
	for _, g := range gs {
		fmt.Fprintf(&b, "%d:", g.match.ArticleID)
		for _, m := range g.members {
			fmt.Fprintf(&b, " %d", m.ID)
		}
		if g.developmentOf != nil {
			fmt.Fprintf(&b, " dev-of %d", g.developmentOf.ID)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestFoldIndexedMatchesPairwiseOnEvalNews repeats the comparison on real
// news when BRIEFBOT_EVAL_DIR points at the evaluation data (never
// committed): each corpus's first articles, folded 300 at a time as a
// digest folds its candidates, as three outlets, some undated.
func TestFoldIndexedMatchesPairwiseOnEvalNews(t *testing.T) {
	dir := os.Getenv("BRIEFBOT_EVAL_DIR")
	if dir == "" {
		t.Skip("set BRIEFBOT_EVAL_DIR to the evaluation data directory to run")
	}
	for _, name := range []string{"reuters-train.jsonl", "bbc-dev.jsonl", "cnndm-dev.jsonl"} {
		ix, arts := reportIndex(readEvalNews(t, filepath.Join(dir, name), 1200))
		folded, stories := 0, 0
		for at := 0; at < len(arts); at += digestCandidates {
			part := arts[at:min(at+digestCandidates, len(arts))]
			cand := make([]Match, len(part))
			byID := map[int64]Article{}
			for i, a := range part {
				cand[i] = Match{ArticleID: a.ID, Published: a.Published}
				byID[a.ID] = a
			}
			want := foldStoriesPairwise(ix, cand, byID)
			if g, w := describeFold(foldStories(ix, nil, cand, byID)), describeFold(want); g != w {
				t.Fatalf("%s from %d: folds differ\nindexed:\n%s\npairwise:\n%s", name, at, g, w)
			}
			for _, g := range want {
				if len(g.members) > 1 {
					folded++
				}
			}
			stories += len(want)
		}
		t.Logf("%s: %d articles, %d stories, %d of them folded: identical", name, len(arts), stories, folded)
	}
}

func readEvalNews(t *testing.T, path string, n int) []Article {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	base := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for sc.Scan() && len(out) < n {
		var d struct{ ID, Date, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		i := len(out)
		a := Article{Source: fmt.Sprint("outlet-", i%3), GUID: d.ID, Title: d.Title, Text: d.Text, Fetched: base}
		if pub, err := time.Parse(time.RFC3339, d.Date); err == nil {
			a.Published = pub
		} else if i%4 != 0 { // undated corpora: spread over weeks, a quarter undated
			a.Published = base.Add(time.Duration(i*7) * time.Hour)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
