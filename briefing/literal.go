package briefing

import "strings"

// Literal forms: what a whole-word keyword filter sees. The index is built
// on stems, which merge a word's inflections ("shipping", "shipped" and
// "ships" are all ship), but a stem can merge senses too (a metal and a
// verb), and the typed word is the one thing known to be the topic. So the
// index also records, per document, the exact surface forms whose stem
// differs from them (as terms keyed formPrefix+surface, kept out of
// learning) and, on a stem's posting, whether the stem itself occurs as a
// word (exactForm). A hyphenated compound also counts for its parts
// ("counter-tariffs" is a hit for tariffs), as a word filter that splits
// at hyphens sees it.

// formPrefix starts the key of a surface-form term; no stem holds it.
const formPrefix = "="

// literal records word w (stem at position cur) as a surface form, and a
// hyphenated word's parts as words of their own (counted, not placed:
// they make no pairs and add no length).
func (dt *docTerms) literal(st *Stemmer, text string, w word, cur uint32, flag uint8) {
	dt.form(w, cur, flag)
	if !w.hyphenated || w.end > len(text) {
		return
	}
	for _, part := range strings.FieldsFunc(text[w.start:w.end], isHyphen) {
		for _, pw := range st.words(part) {
			if pw.stop || pw.stem == w.stem {
				continue
			}
			dt.form(pw, dt.bump(pw.stem, pw.surface, flag), flag)
		}
	}
}

func (dt *docTerms) form(w word, cur uint32, flag uint8) {
	if w.surface == w.stem {
		dt.stems[cur].flags |= exactForm
		return
	}
	dt.bump(formPrefix+w.surface, w.surface, flag)
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// isForm reports whether term id is a surface-form term.
func (ix *Index) isForm(id uint32) bool {
	p := &ix.terms[id]
	return p.word != 0 && strings.HasPrefix(ix.words[p.word-1].term, formPrefix)
}

// surfaceHits returns the documents from document from on holding the
// word spelled exactly as surface (lower-cased), with that stem's scores.
func (ix *Index) surfaceHits(surface string, norms []float64, from uint32, mem *queryMem) hitList {
	stem := ix.st.Stem(surface)
	if stem != surface {
		return ix.conjunction([]string{formPrefix + surface}, norms, from, mem)
	}
	all := ix.conjunction([]string{stem}, norms, from, mem)
	p := ix.lookup(stem)
	if p == nil {
		return all
	}
	out := hitList{docs: all.docs[:0], hits: all.hits[:0]}
	j := p.lowerBound(from)
	for k, d := range all.docs {
		for j < len(p.list) && p.list[j].doc < d {
			j++
		}
		if j < len(p.list) && p.list[j].doc == d && p.list[j].flags&exactForm != 0 {
			out.docs, out.hits = append(out.docs, d), append(out.hits, all.hits[k])
		}
	}
	return out
}

// literalWord returns the documents holding w itself or w plus "s": the
// whole-word filter's rule for one typed word.
func (ix *Index) literalWord(w string, norms []float64, from uint32, mem *queryMem) hitList {
	return unionBest(ix.surfaceHits(w, norms, from, mem), ix.surfaceHits(w+"s", norms, from, mem), mem)
}
