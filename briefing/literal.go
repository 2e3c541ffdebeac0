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
			dt.form(pw, dt.bumpHashed(pw.stem, pw.stemHash, pw.surface, flag), flag)
		}
	}
}

func (dt *docTerms) form(w word, cur uint32, flag uint8) {
	if w.surface == w.stem {
		dt.stems[cur].flags |= exactForm
		return
	}
	// The key is the Stemmer's interned form (tokens.go): no allocation,
	// and insert finds it in its cache by the pointer.
	key, h := w.form, w.formHash
	if key == "" { // a word made by hand
		key = formPrefix + w.surface
		h = strHash(key)
	}
	dt.bumpHashed(key, h, w.surface, flag)
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
	c := ix.cursor(p)
	for k, d := range all.docs {
		if c.seek(d) && c.cur.doc == d && c.cur.flags&exactForm != 0 {
			out.docs = append(out.docs, d)
			if all.hits != nil {
				out.hits = append(out.hits, all.hits[k])
			}
		}
	}
	return out
}

// literalWord returns the documents holding w itself or w plus "s": the
// whole-word filter's rule for one typed word.
func (ix *Index) literalWord(w string, singular bool, norms []float64, from uint32, mem *queryMem) hitList {
	out := unionBest(ix.surfaceHits(w, norms, from, mem), ix.surfaceHits(w+"s", norms, from, mem), mem)
	if one := ix.singular(w); singular && one != "" {
		out = unionBest(out, ix.surfaceHits(one, norms, from, mem), mem)
	}
	return out
}

// singular is the singular of a typed plural ("oilseeds": "oilseed",
// "commodities": "commodity"), or "" when w is not one: the stemmer must
// take both to one stem.
func (ix *Index) singular(w string) string {
	var one string
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		one = w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		one = w[:len(w)-1]
	default:
		return ""
	}
	if ix.st.Stem(one) != ix.st.Stem(w) {
		return ""
	}
	return one
}

// literalDocs returns the documents from document from on in which some
// alternative of q occurs literally: each typed word as itself or itself
// plus "s", a quoted phrase's words adjacent, and an unquoted topic's
// consecutive words adjacent too ("crude oil", not "oil ... crude"). An
// acronym's other form counts at stem level (it was defined in the
// articles); word families do not (they must earn their place).
func (ix *Index) literalDocs(q Query, from uint32, mem *queryMem) hitList {
	return ix.inOrder(q, matchLiteral, from, mem)
}

// singularDocs is literalDocs with a typed plural's singular counted as
// the word ("oilseed" for oilseeds); nothing when no typed word has one.
// Whether it does count is decided per topic (selectQuery): "goods" is not
// "good".
func (ix *Index) singularDocs(q Query, from uint32, mem *queryMem) hitList {
	for _, alt := range q.Alts {
		for _, c := range alt {
			for _, w := range c.Words {
				if ix.singular(w) != "" {
					return ix.inOrder(q, matchSingular, from, mem)
				}
			}
		}
	}
	return hitList{}
}

// How inOrder matches a typed word.
const (
	matchStem     = iota // any inflection
	matchLiteral         // itself or itself plus "s"
	matchSingular        // those, or its singular
)

// adjacentDocs is literalDocs at stem level: any inflection of the typed
// words, an unquoted topic's words still adjacent.
func (ix *Index) adjacentDocs(q Query, from uint32, mem *queryMem) hitList {
	return ix.inOrder(q, matchStem, from, mem)
}

// inOrder's lists are read for their documents alone (markLiteral,
// markSingular): they are built without hits, 4 bytes a document rather
// than 20 (a broad topic's at 1M articles: hundreds of thousands).
func (ix *Index) inOrder(q Query, match int, from uint32, mem *queryMem) hitList {
	var norms []float64 // documents alone
	var out hitList
	for _, alt := range q.Alts {
		var acc hitList
		for i, c := range alt {
			var l hitList
			if match != matchStem {
				l = ix.literalClause(c, match == matchSingular, norms, from, mem)
			} else {
				l = ix.clauseDocs(c, from, mem)
			}
			if i > 0 && len(alt[i-1].Words) == 1 && len(c.Words) == 1 {
				a, b := alt[i-1].Forms[0], c.Forms[0]
				l = intersect(l, ix.conjunction([]string{a[len(a)-1] + " " + b[0]}, norms, from, mem))
			}
			if i == 0 {
				acc = l
			} else {
				acc = intersect(acc, l)
			}
			if len(acc.docs) == 0 {
				break
			}
		}
		out = unionBest(out, acc, mem)
	}
	return out
}

func (ix *Index) literalClause(c Clause, singular bool, norms []float64, from uint32, mem *queryMem) hitList {
	if len(c.Words) == 0 {
		return ix.clauseList(c, norms, from, mem)
	}
	var out hitList
	for i, w := range c.Words {
		l := ix.literalWord(w, singular, norms, from, mem)
		if i == 0 {
			out = l
		} else {
			out = intersect(out, l)
		}
	}
	if len(c.Words) > 1 && len(out.docs) > 0 {
		out = intersect(out, ix.conjunction(formKeys(c.Forms[0]), norms, from, mem))
	}
	for _, form := range c.Forms[1:] {
		out = unionBest(out, ix.conjunction(formKeys(form), norms, from, mem), mem)
	}
	return out
}

// intersect keeps a's entries whose document is in b (a is filtered in
// place).
func intersect(a, b hitList) hitList {
	out := hitList{docs: a.docs[:0], hits: a.hits[:0]}
	j := 0
	for k, d := range a.docs {
		for j < len(b.docs) && b.docs[j] < d {
			j++
		}
		if j < len(b.docs) && b.docs[j] == d {
			out.docs = append(out.docs, d)
			if a.hits != nil {
				out.hits = append(out.hits, a.hits[k])
			}
		}
	}
	return out
}

// markLiteral flags the hits whose document is in lit, and those whose
// document is not in adj as apart (an unquoted topic's words not next to
// each other).
func markLiteral(hits []docHit, lit, adj hitList) {
	j, k := 0, 0
	for i := range hits {
		d := hits[i].doc
		for j < len(lit.docs) && lit.docs[j] < d {
			j++
		}
		for k < len(adj.docs) && adj.docs[k] < d {
			k++
		}
		hits[i].literal = j < len(lit.docs) && lit.docs[j] == d
		hits[i].apart = !(k < len(adj.docs) && adj.docs[k] == d)
	}
}

// markSingular flags the hits that are not literal but are in one (see
// singularDocs).
func markSingular(hits []docHit, one hitList) {
	j := 0
	for i := range hits {
		d := hits[i].doc
		for j < len(one.docs) && one.docs[j] < d {
			j++
		}
		hits[i].singular = !hits[i].literal && j < len(one.docs) && one.docs[j] == d
	}
}
