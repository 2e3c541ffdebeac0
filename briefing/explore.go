package briefing

import (
	"slices"
	"sort"
)

// Exploration: asking a channel about articles the selection leaves out.
//
// The stories a channel is shown, and can judge, are the selection's best:
// mostly literal matches the rule has already, so 👍 on them teaches little.
// What the selection misses (a wire service's tabular earnings reports that
// never say "earnings", takeover stories that never say "acquisitions") is
// never shown, so never judged. An answer that asks for exploration
// (MatchOptions.Explore, BriefOptions.Explore) adds a few articles from
// outside the selection, marked as such, that the topic's learned
// vocabulary ranks highest: its near misses. Judgments on them teach the
// selection where the learned vocabulary can be trusted for this channel
// and topic (admitExplored): the channel's verdicts on articles outside the
// selection, ranked by their learned evidence, are a judged sample of the
// band below the cut, and the band down to the lowest 👍 at which that
// sample is still mostly 👍 is admitted.
//
// Which near misses are shown: not simply the next best (a 👍 there admits
// only what was shown), but probes spread down the candidates, as far as a
// share of the selection's size (exploreParams.depth), so that a 👍 vouches
// for a band of articles and a 👎 stops the band where the vocabulary stops
// holding. Nothing here knows any topic: the candidates, their order and
// the band come from the learned vocabulary and the channel's verdicts.

// MaxExplore is the most exploratory stories an answer should ask about:
// one or two questions beside its stories, not a survey (the bot's cap;
// the engine serves whatever it is asked).
const MaxExplore = 2

// exploreParams tune exploration.
type exploreParams struct {
	// floor: a near miss needs at least this share of the selection's
	// median learned evidence.
	floor float64
	// depth: the deepest probe is at this share of the selection's size
	// down the ranked near misses (at least one per probe).
	depth float64
	// share: the admitted band's judged sample is at least this share 👍.
	share float64
	// minUps: the band's judged sample holds at least this many 👍.
	minUps int
}

func defaultExploreParams() exploreParams {
	return exploreParams{floor: 0.3, depth: 0.2, share: 0.7, minUps: 2}
}

// nearMisses ranks the articles from document from on that the selection
// (sel) leaves out and the channel has not judged, by the topic's learned
// evidence, strongest first: those with at least floor × the selection's
// median evidence. It returns them with their evidence as score.
func (ix *Index) nearMisses(sel []docHit, ev evidence, judged map[uint32]bool, excluded hitList, p exploreParams, mem *queryMem) []docHit {
	in := make(map[uint32]bool, len(sel))
	docs := make([]uint32, 0, len(sel))
	for _, h := range sel {
		in[h.doc] = true
		docs = append(docs, h.doc)
	}
	floor := p.floor * ev.median(docs, mem)
	var out []docHit
	for i, e := range ev.score[ev.from:] {
		d := ev.from + uint32(i)
		if e <= 0 || e < floor || in[d] || judged[d] || excluded.has(d) {
			continue
		}
		out = append(out, docHit{doc: d, learned: true, score: e})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].doc > out[j].doc // the newer first
	})
	return out
}

// explore picks k near misses to show (see the comment at the top of this file):
// probes evenly spread down the ranked near misses to depth × the
// selection's size.
func (ix *Index) explore(q Query, sel []docHit, rel []relatedTerm, js []Judgment, k int, from uint32, mem *queryMem) []docHit {
	if k <= 0 || len(rel) == 0 || len(sel) == 0 {
		return nil
	}
	p := defaultExploreParams()
	judged := map[uint32]bool{}
	for _, j := range js {
		if d, ok := ix.byID.get(ix.docs, j.ArticleID); ok {
			judged[d] = true
		}
	}
	ev := ix.evidence(rel, from, nil)
	defer ix.release(ev)
	cand := ix.nearMisses(sel, ev, judged, ix.excluded(q, from, mem), p, mem)
	if len(cand) == 0 {
		return nil
	}
	reach := max(k, int(p.depth*float64(len(sel))))
	out := make([]docHit, 0, k)
	last := -1
	for i := 1; i <= k; i++ {
		r := min(reach*i/k-1, len(cand)-1)
		r = max(r, last+1)
		if r >= len(cand) {
			break
		}
		out = append(out, cand[r])
		last = r
	}
	return out
}

// admitExplored adds to a judged selection (out; in: its articles) the
// band of near misses its channel's verdicts vouch for: the channel's
// judgments on articles outside the selection as it was before judgments
// (explored), ranked by learned evidence, are read down to the lowest 👍
// above which at least share are 👍 (and minUps of them); every unjudged
// near miss with at least that evidence joins, unless it is more like the
// articles judged down than those judged up (unlike, like), and at most
// as many as exploration reaches for that many verdicts, the strongest.
// Judged articles are decided already (verdict). It runs whether or not
// the answer explored: a 👍 on an article the rule leaves out is the
// channel's evidence however it came to be shown.
func (ix *Index) admitExplored(out []docHit, in map[uint32]bool, explored []uint32, verdict map[uint32]bool, q Query, rel []relatedTerm, like, unlike *likeness, from uint32, mem *queryMem) []docHit {
	if len(rel) == 0 {
		return out
	}
	p := defaultExploreParams()
	if len(explored) < p.minUps {
		return out
	}
	ev := ix.evidence(rel, from, nil)
	defer ix.release(ev)
	sort.Slice(explored, func(i, j int) bool {
		a, b := ev.score[explored[i]], ev.score[explored[j]]
		if a != b {
			return a > b
		}
		return explored[i] < explored[j]
	})
	bar, up := -1.0, 0
	for i, d := range explored {
		if !verdict[d] {
			continue
		}
		up++
		if up >= p.minUps && float64(up) >= p.share*float64(i+1) {
			bar = ev.score[d]
		}
	}
	if bar <= 0 {
		return out
	}
	// admitted articles rank with the selection: at the selection's median
	// score when their evidence is its median evidence
	docs := make([]uint32, 0, len(out))
	scores := make([]float64, 0, len(out))
	for _, h := range out {
		docs = append(docs, h.doc)
		scores = append(scores, h.score)
	}
	sort.Float64s(scores)
	scale, ref := 1.0, ev.median(docs, mem)
	if ref > 0 && len(scores) > 0 {
		scale = scores[len(scores)/2] / ref
	}
	// The band is what exploration could have probed for this many
	// verdicts: near misses (at least floor × the selection's median
	// evidence), at most reach per MaxExplore verdicts, the strongest.
	// Verdicts that did not come from probes (a channel judged articles
	// shown before they left the selection, or joined on likeness) are a
	// sample of no particular depth: two 👍 on the weakest near misses
	// must not vouch for every article above them.
	bar = max(bar, p.floor*ref)
	reach := max(MaxExplore, int(p.depth*float64(len(out))))
	most := reach * len(explored) / MaxExplore
	n := len(out)
	excluded := ix.excluded(q, from, mem)
	var band []uint32
	for i, e := range ev.score[from:] {
		d := from + uint32(i)
		if e < bar || in[d] || excluded.has(d) {
			continue
		}
		if _, judged := verdict[d]; judged {
			continue
		}
		band = append(band, d)
	}
	for _, d := range notJudgedDown(band, like, unlike) {
		out = append(out, docHit{doc: d, learned: true, score: ev.score[d] * scale})
	}
	if len(out)-n > most {
		ix.selectBest(out[n:], most)
		out = out[:n+most]
	}
	for _, h := range out[n:] {
		in[h.doc] = true
	}
	return out
}

// notJudgedDown keeps the articles of band that do not look like what the
// channel judged down: more like those (unlike) than like the judged-up
// ones (like), and at least the cut as much.
func notJudgedDown(band []uint32, like, unlike *likeness) []uint32 {
	if !unlike.ok { // only then can likeness keep an article out
		return band
	}
	unlike.ensure(band)
	like.ensure(band)
	cut := defaultJudgeParams().cut
	return slices.DeleteFunc(band, func(d uint32) bool {
		b := unlike.of(d)
		return b > like.of(d) && b >= cut
	})
}
