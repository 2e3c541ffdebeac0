package briefing

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Page furniture: the words a site puts around every article ("Watch the
// clip below", "Advertisement", "Share this article") are not news and make
// poor summary lines. No source's phrases are listed here (Clean drops only
// a few labels common to all web pages, meta.go): furniture is what
// repeats, word for word, across many articles of one source. Each source's
// most recent furnitureWindow articles are remembered as small sets of
// hashed keys:
//
//   - a short line (at most furnitureLineWords words) of the text, whole;
//   - the opening words (up to furnitureOpening) of each sentence, since
//     scraped pages glue furniture onto the next sentence without a break.
//
// A key that occurs in at least furnitureMinDocs of them and in at least
// furnitureShare of the window is furniture of that source. A line that
// occurs twice in one article (a share bar above and below it) is
// furniture of that article whatever its source. Reporters' phrasing
// repeats too ("I don't think", "Prime Minister Tony Blair"), but in a few
// per cent of a source's articles, never in a tenth; furniture appears in
// a large share of them. Memory per source is bounded by the window.
const (
	furnitureWindow    = 48
	furnitureMinDocs   = 4
	furnitureShare     = 0.10
	furnitureLineWords = 10
	furnitureOpening   = 4
)

// Furniture learns page furniture per source. Safe for concurrent use.
type Furniture struct {
	mu       sync.Mutex
	bySource map[string]*sourceFurniture
}

type sourceFurniture struct {
	ring   [][]uint32 // keys of the last articles, oldest overwritten first
	next   int
	counts map[uint32]uint16 // key -> articles in the ring holding it
}

// NewFurniture returns an empty learner.
func NewFurniture() *Furniture { return &Furniture{bySource: map[string]*sourceFurniture{}} }

// Learn remembers the keys of one article of source (its cleaned text).
func (f *Furniture) Learn(source, text string) {
	keys := furnitureKeys(text)
	f.mu.Lock()
	defer f.mu.Unlock()
	sf := f.bySource[source]
	if sf == nil {
		sf = &sourceFurniture{counts: map[uint32]uint16{}}
		f.bySource[source] = sf
	}
	if len(sf.ring) < furnitureWindow {
		sf.ring = append(sf.ring, keys)
	} else {
		for _, k := range sf.ring[sf.next] {
			if sf.counts[k]--; sf.counts[k] == 0 {
				delete(sf.counts, k)
			}
		}
		sf.ring[sf.next] = keys
		sf.next = (sf.next + 1) % furnitureWindow
	}
	for _, k := range keys {
		sf.counts[k]++
	}
}

// Of returns the furniture keys of source as learned so far (nil when none).
func (f *Furniture) Of(source string) FurnitureSet {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	sf := f.bySource[source]
	if sf == nil {
		return nil
	}
	need := max(furnitureMinDocs, int(furnitureShare*float64(len(sf.ring))+0.999))
	var out FurnitureSet
	for k, n := range sf.counts {
		if int(n) >= need {
			if out == nil {
				out = FurnitureSet{}
			}
			out[k] = true
		}
	}
	return out
}

// FurnitureSet holds the furniture keys of one source.
type FurnitureSet map[uint32]bool

// line reports whether a whole line is furniture.
func (fs FurnitureSet) line(l string) bool {
	k, ok := shortLineKey(l)
	return ok && fs[k]
}

// opening reports whether a sentence opens with furniture.
func (fs FurnitureSet) opening(s string) bool {
	if len(fs) == 0 {
		return false
	}
	k, n := wordsKey('O', s, furnitureOpening)
	return n > 0 && fs[k]
}

// StripFurniture removes from text the lines that are furniture: of the
// source (fs), or repeated within the text itself.
func StripFurniture(text string, fs FurnitureSet) string {
	lines := strings.Split(text, "\n")
	keys := make([]uint32, len(lines))
	short := make([]bool, len(lines))
	seen := map[uint32]int{}
	for i, l := range lines {
		if keys[i], short[i] = shortLineKey(l); short[i] {
			seen[keys[i]]++
		}
	}
	kept := lines[:0:0]
	dropped := false
	for i, l := range lines {
		if short[i] && (seen[keys[i]] > 1 || fs[keys[i]]) {
			dropped = true
			continue
		}
		if strings.TrimSpace(l) == "" && (len(kept) == 0 || strings.TrimSpace(kept[len(kept)-1]) == "") {
			continue // no blank line at the start or twice in a row
		}
		kept = append(kept, l)
	}
	if !dropped {
		return text
	}
	return strings.TrimSpace(strings.Join(kept, "\n"))
}

// furnitureKeys returns the distinct keys of one text.
func furnitureKeys(text string) []uint32 {
	var out []uint32
	add := func(k uint32) {
		for _, o := range out {
			if o == k {
				return
			}
		}
		out = append(out, k)
	}
	for _, l := range strings.Split(text, "\n") {
		if k, ok := shortLineKey(l); ok {
			add(k)
		}
		for _, s := range appendSentences(nil, strings.TrimSpace(l)) {
			if k, n := wordsKey('O', s, furnitureOpening); n > 0 {
				add(k)
			}
		}
	}
	return out
}

// shortLineKey is the key of a line of 1 to furnitureLineWords words.
func shortLineKey(l string) (uint32, bool) {
	k, n := wordsKey('L', l, furnitureLineWords+1)
	return k, n > 0 && n <= furnitureLineWords
}

// wordsKey hashes the first (up to) max words of s, lower-cased (runs of
// letters and digits: punctuation and spacing do not make a line
// different), and returns how many there were, reading no further.
func wordsKey(kind byte, s string, max int) (uint32, int) {
	const prime = 16777619
	h := uint32(2166136261)
	mix := func(b byte) { h = (h ^ uint32(b)) * prime }
	mix(kind)
	n, in := 0, false
	for _, r := range s {
		var word bool
		if r < utf8.RuneSelf { // the unicode tables' answers for ASCII, without the calls
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			word = 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
		} else {
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if !word {
			if in {
				mix(0)
			}
			in = false
			continue
		}
		if !in {
			if n == max {
				break
			}
			n++
			in = true
		}
		r = unicode.ToLower(r)
		if r < utf8.RuneSelf {
			mix(byte(r))
		} else {
			var buf [utf8.UTFMax]byte
			for _, b := range buf[:utf8.EncodeRune(buf[:], r)] {
				mix(b)
			}
		}
	}
	if in {
		mix(0)
	}
	return h, n
}
