package briefing

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestSelectDesign prints, for the design queries of the Reuters
// evaluation data (BRIEFBOT_EVAL_DIR; never committed), how each class of
// the selection rule fares: the working view behind QUALITY.md's method
// section. BRIEFBOT_SELECT_PARAMS overrides feedbackParams (JSON with the
// field names). It asserts nothing about quality: `briefbot eval select`
// and briefing/eval's acceptance test do.
func TestSelectDesign(t *testing.T) {
	dir := os.Getenv("BRIEFBOT_EVAL_DIR")
	if dir == "" || os.Getenv("BRIEFBOT_SELECT_DESIGN") == "" {
		t.Skip("set BRIEFBOT_EVAL_DIR and BRIEFBOT_SELECT_DESIGN=1 to run")
	}
	held := map[string]bool{}
	for _, c := range strings.Split("veg-oil,livestock,cocoa,reserves,rubber,ipi,zinc,wpi", ",") {
		held[c] = true
	}
	f, err := os.Open(filepath.Join(dir, "reuters-train.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []Article
	topics := map[string][]string{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var d struct {
			ID, Date, Title, Text string
			Topics                []string
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		pub, _ := time.Parse(time.RFC3339, d.Date)
		// As Engine.Ingest prepares and stores them (eval select's path):
		// cleaned, untitled text titled, one article per key.
		a := Clean(Article{Source: "eval", GUID: d.ID, Title: d.Title, Text: d.Text, Published: pub})
		if a.Title == "" && a.Text == "" || seen[a.Key()] {
			continue
		}
		if a.Title == "" {
			a.Title = derivedTitle(a.Text)
		}
		seen[a.Key()] = true
		arts = append(arts, a)
		topics[d.ID] = d.Topics
	}
	qpath := filepath.Join(dir, "reuters-queries.tsv")
	if alt := os.Getenv("BRIEFBOT_SELECT_QUERIES"); alt != "" {
		qpath = alt // another query file (its rows are all printed)
	}
	qf, err := os.ReadFile(qpath)
	if err != nil {
		t.Fatal(err)
	}
	guid := map[int64]string{}
	for i := range arts {
		arts[i].ID = int64(i + 1)
		guid[arts[i].ID] = arts[i].GUID
	}
	st := NewStemmer()
	ix0 := NewIndex(st)
	ix0.add(arts, nil)
	p := defaultFeedbackParams()
	if js := os.Getenv("BRIEFBOT_SELECT_PARAMS"); js != "" {
		var o map[string]float64
		if err := json.Unmarshal([]byte(js), &o); err != nil {
			t.Fatal(err)
		}
		for k, v := range o {
			switch k {
			case "threshold":
				p.threshold = v
			case "mention":
				p.mention = v
			case "maxGrowth":
				p.maxGrowth = v
			case "passCut":
				p.passCut = v
			case "cutCheck":
				p.cutCheck = v
			case "variantAbout":
				p.variantAbout = v
			case "variantPass":
				p.variantPass = v
			case "aboutCut":
				p.aboutCut = v
			case "apartMin":
				p.apartMin = v
			case "learnedNamed":
				p.learnedNamed = v
			case "variantCheck":
				p.variantCheck = v
			case "classCheck":
				p.classCheck = v
			case "headlineCut":
				p.headlineCut = v
			case "headlineLead":
				p.headlineLead = v
			default:
				t.Fatalf("unknown parameter %q", k)
			}
		}
	}
	var sumF, sumW, sumP, sumWP float64
	worst := 1.0
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(qf)), "\n")[1:] {
		cat, text, _ := strings.Cut(line, "\t")
		if held[cat] && os.Getenv("BRIEFBOT_SELECT_ALL") == "" {
			continue
		}
		rel := 0
		for _, ts := range topics {
			for _, x := range ts {
				if x == cat {
					rel++
				}
			}
		}
		has := func(id int64) bool {
			for _, x := range topics[guid[id]] {
				if x == cat {
					return true
				}
			}
			return false
		}
		q, _ := ParseQuery(st, text)
		ix := ix0
		ix.mu.RLock()
		q = ix.expandFamilies(ix.aliases.expand(q))
		mem := ix.mems.get()
		hits := ix.evaluate(q, 0, mem)
		markLiteral(hits, ix.literalDocs(q, 0, mem), ix.adjacentDocs(q, 0, mem))
		markSingular(hits, ix.singularDocs(q, 0, mem))
		type cls struct{ n, good int }
		classes := map[string]*cls{}
		wordSel, wordGood := 0, 0
		for _, h := range hits {
			k := "variant"
			if h.apart {
				k = "apart"
			}
			if h.literal {
				k = "literal"
				wordSel++
				if has(ix.docs[h.doc].id) {
					wordGood++
				}
			}
			if h.about() {
				k += "-about"
			} else {
				k += "-passing"
			}
			c := classes[k]
			if c == nil {
				c = &cls{}
				classes[k] = c
			}
			c.n++
			if has(ix.docs[h.doc].id) {
				c.good++
			}
		}
		if os.Getenv("BRIEFBOT_SELECT_CUTCHECK") != "" {
			fmt.Printf("%-10s cutcheck %s\n", cat, ix.cutDiag(q, hits, p, func(d uint32) bool { return has(ix.docs[d].id) }))
		}
		if os.Getenv("BRIEFBOT_SELECT_CLASSCHECK") != "" {
			fmt.Printf("%-10s classcheck %s\n", cat, ix.classDiag(q, hits, p, func(d uint32) bool { return has(ix.docs[d].id) }))
		}
		if os.Getenv("BRIEFBOT_SELECT_SELFCHECK") != "" && len(q.Alts[0]) > 1 {
			fmt.Printf("%-10s selfcheck %s\n", cat, ix.selfCheckDiag(q, hits, p, func(d uint32) bool { return has(ix.docs[d].id) }))
		}
		ix.mems.put(mem)
		mem = ix.mems.get()
		sel, _ := ix.selectQuery(q, p, 0, mem)
		good, learned, learnedGood := 0, 0, 0
		for _, h := range sel {
			g := has(ix.docs[h.doc].id)
			if g {
				good++
			}
			if h.learned {
				learned++
				if g {
					learnedGood++
				}
			}
		}
		base := learningBase(hits, p, mem)
		var c topicChecks
		var v classVerdicts
		var shares []string
		if len(base) >= p.minDocs {
			m := ix.learn(q, base, p, 0, nil, nil)
			m.singularCheck(hits, p) // as selectQuery does
			c = m.checks(hits, p)
			v = ix.classChecks(hits, base, m, p)
			lit := map[uint32]bool{}
			for _, h := range hits {
				if h.literal {
					lit[h.doc] = true
				}
			}
			for _, th := range []float64{1.1, 2} {
				a, b, good := 0, 0, 0
				for d, e := range m.ev.score {
					if e >= th*m.ref {
						if lit[uint32(d)] {
							a++
						} else {
							b++
							if has(ix.docs[d].id) {
								good++
							}
						}
					}
				}
				shares = append(shares, fmt.Sprintf("t%.1f lit %d non %d (good %d) s %.2f", th, a, b, good, float64(a)/float64(a+b)))
			}
			ix.release(m.ev)
		}
		ix.mems.put(mem)
		ix.mu.RUnlock()
		prf := func(sel, good int) (float64, float64, float64) {
			if sel == 0 || good == 0 {
				return 0, 0, 0
			}
			pr, r := float64(good)/float64(sel), float64(good)/float64(rel)
			return pr, r, 2 * pr * r / (pr + r)
		}
		P, R, F := prf(len(sel), good)
		WP, WR, WF := prf(wordSel, wordGood)
		var cs []string
		for _, k := range []string{"literal-about", "literal-passing", "variant-about", "variant-passing", "apart-about", "apart-passing"} {
			if c := classes[k]; c != nil {
				cs = append(cs, fmt.Sprintf("%s %d/%d", k, c.good, c.n))
			}
		}
		if os.Getenv("BRIEFBOT_SELECT_SHARES") != "" {
			fmt.Printf("%-10s %s\n", cat, strings.Join(shares, " | "))
		}
		fmt.Printf("%-10s %-20s rel %4d  sel P %.2f R %.2f F %.3f | lit P %.2f R %.2f F %.3f | %+.3f | cut %v var %v apart %v | learned %d/%d | %s\n",
			cat, text, rel, P, R, F, WP, WR, WF, F-WF, c.cut, v.variants, v.apart, learnedGood, learned, strings.Join(cs, ", "))
		sumF, sumW, sumP, sumWP = sumF+F, sumW+WF, sumP+P, sumWP+WP
		worst = min(worst, F-WF)
		n++
	}
	fmt.Printf("design macro F1 %.3f (literal %.3f, %+.3f), P %.3f (literal %.3f), worst %+.3f\n", sumF/float64(n), sumW/float64(n), (sumF-sumW)/float64(n), sumP/float64(n), sumWP/float64(n), worst)
}

// selfCheckDiag prints, for one topic, split-half figures on its learned
// additions (design work only).
func (ix *Index) selfCheckDiag(q Query, hits []docHit, p feedbackParams, has func(uint32) bool) string {
	base := learningBase(hits, p, nil)
	if len(base) < p.minDocs {
		return "no base"
	}
	fb := ix.feedbackDocs(base, p)
	var a, b []uint32
	for i, h := range fb {
		if i%2 == 0 {
			a = append(a, h.doc)
		} else {
			b = append(b, h.doc)
		}
	}
	skip := ix.queryTermIDs(q)
	inHits := map[uint32]bool{}
	lit := map[uint32]bool{}
	for _, h := range hits {
		inHits[h.doc] = true
		if h.literal {
			lit[h.doc] = true
		}
	}
	named := func(d uint32) float64 {
		k := 0
		for id := range skip {
			if ix.has(&ix.terms[id], d) {
				k++
			}
		}
		return float64(k) / float64(len(skip))
	}
	run := func(train []uint32) (int, int, []float64, float64) {
		rel := ix.related(train, skip, p)
		ev := ix.evidence(rel, 0, nil)
		defer ix.release(ev)
		ref := ev.median(train, nil)
		n, good := 0, 0
		var es []float64
		for d, e := range ev.score {
			if inHits[uint32(d)] || e == 0 {
				continue
			}
			s := named(uint32(d))
			if s < p.learnedNamed || e < (p.threshold-(p.threshold-p.mention)*s)*ref {
				continue
			}
			n++
			es = append(es, e/ref)
			if has(uint32(d)) {
				good++
			}
		}
		rb := 0
		inTrain := map[uint32]bool{}
		for _, d := range train {
			inTrain[d] = true
		}
		for d := range lit {
			if !inTrain[d] && ev.score[d] >= (p.threshold-(p.threshold-p.mention)*0.5)*ref {
				rb++
			}
		}
		return n, good, es, float64(rb)
	}
	n, good, es, _ := run(fbDocs(fb))
	nA, goodA, esA, rB := run(a)
	sort.Float64s(es)
	sort.Float64s(esA)
	med := func(x []float64) float64 {
		if len(x) == 0 {
			return 0
		}
		return x[len(x)/2]
	}
	return fmt.Sprintf("lit %d fb %d | full n %d good %d med %.2f | A n %d good %d med %.2f rec %.0f selfP %.2f", len(lit), len(fb), n, good, med(es), nA, goodA, med(esA), rB, rB/(rB+float64(nA)))
}

func fbDocs(fb []docHit) []uint32 {
	out := make([]uint32, len(fb))
	for i, h := range fb {
		out[i] = h.doc
	}
	return out
}

func (ix *Index) cutDiag(q Query, hits []docHit, p feedbackParams, has func(uint32) bool) string {
	base := learningBase(hits, p, nil)
	if len(base) < p.minDocs {
		return "no base"
	}
	fb := ix.feedbackDocs(base, p)
	var a []uint32
	inA := map[uint32]bool{}
	for i, h := range fb {
		if i%2 == 0 {
			a = append(a, h.doc)
			inA[h.doc] = true
		}
	}
	rel := ix.related(a, ix.queryTermIDs(q), p)
	ev := ix.evidence(rel, 0, nil)
	defer ix.release(ev)
	ref := ev.median(a, nil)
	var aboutN, aboutCut, passN, passCut, passCutGood, passGood int
	for _, h := range hits {
		if !h.literal || inA[h.doc] {
			continue
		}
		cut := ev.score[h.doc] < p.passCut*ref
		if h.about() {
			aboutN++
			if cut {
				aboutCut++
			}
			continue
		}
		passN++
		if has(h.doc) {
			passGood++
		}
		if cut {
			passCut++
			if has(h.doc) {
				passCutGood++
			}
		}
	}
	return fmt.Sprintf("about held-out %d cut %d (%.2f) | passing %d (good %d) cut %d (%.2f) good among cut %d", aboutN, aboutCut,
		float64(aboutCut)/float64(max(aboutN, 1)), passN, passGood, passCut, float64(passCut)/float64(max(passN, 1)), passCutGood)
}

// classDiag prints, for one topic, how its non-literal classes (other
// word forms; words apart) look under a vocabulary learned from half its
// stories, beside the held-out literal matches (design work only).
func (ix *Index) classDiag(q Query, hits []docHit, p feedbackParams, has func(uint32) bool) string {
	base := learningBase(hits, p, nil)
	if len(base) < p.minDocs {
		return "no base"
	}
	m := ix.learn(q, base, p, 0, nil, nil)
	defer ix.release(m.ev)
	m.singularCheck(hits, p)
	var half []uint32
	inHalf := map[uint32]bool{}
	for i := 0; i < len(m.fb); i += 2 {
		half = append(half, m.fb[i])
		inHalf[m.fb[i]] = true
	}
	ev := ix.evidence(ix.related(half, m.skip, p), 0, nil)
	defer ix.release(ev)
	ref := ev.median(half, nil)
	var lit, litAbout []uint32
	cls := map[string][]docHit{}
	for _, h := range hits {
		switch {
		case h.literal:
			if !inHalf[h.doc] {
				lit = append(lit, h.doc)
				if h.about() {
					litAbout = append(litAbout, h.doc)
				}
			}
		case h.apart:
			cls["apart"] = append(cls["apart"], h)
		default:
			cls["variant"] = append(cls["variant"], h)
		}
	}
	rate := func(ds []uint32, b float64) float64 {
		k := 0
		for _, d := range ds {
			if ev.score[d] >= b*ref {
				k++
			}
		}
		return float64(k) / float64(max(1, len(ds)))
	}
	out := fmt.Sprintf("lit %d litAbout %d r0.3 %.2f r0.8 %.2f med %.2f medAll %.2f", len(lit), len(litAbout), rate(litAbout, 0.3), rate(litAbout, 0.8), ev.median(litAbout, nil)/ref, ev.median(lit, nil)/ref)
	inHits := map[uint32]bool{}
	for _, h := range hits {
		inHits[h.doc] = true
	}
	heldN, outN, outGood := 0, 0, 0
	for _, d := range lit {
		if ev.score[d] >= p.threshold*ref {
			heldN++
		}
	}
	for d, e := range ev.score {
		if !inHits[uint32(d)] && e >= p.threshold*ref {
			outN++
			if has(uint32(d)) {
				outGood++
			}
		}
	}
	out += fmt.Sprintf(" | self held %d out %d (good %d) share %.2f", heldN, outN, outGood, float64(heldN)/float64(max(1, heldN+outN)))
	for _, k := range []string{"variant", "apart"} {
		c := cls[k]
		if len(c) == 0 {
			continue
		}
		var ds []uint32
		good, adm, admGood := 0, 0, 0
		for _, h := range c {
			ds = append(ds, h.doc)
			g := has(h.doc)
			if g {
				good++
			}
			bar := p.apartMin
			if k == "variant" {
				bar = p.variantPass
				if h.about() {
					bar = p.variantAbout
				}
			}
			if m.ev.score[h.doc] >= bar*m.ref {
				adm++
				if g {
					admGood++
				}
			}
		}
		out += fmt.Sprintf(" || %s %d/%d adm %d/%d fullmed %.2f | r0.3 %.2f r0.8 %.2f med %.2f vsAll %.2f", k, good, len(c), admGood, adm,
			m.ev.median(ds, nil)/m.ev.median(litAbout, nil), rate(ds, 0.3), rate(ds, 0.8), ev.median(ds, nil)/ref, ev.median(ds, nil)/ev.median(lit, nil))
	}
	return out
}
