package briefing

import (
	"hash/fnv"
	"strings"
	"sync"
	"unicode"
)

// Page furniture: the words a site puts around every article ("Scroll down
// for video", "Advertisement", "Share this article") are not news and make
// poor summary lines. No list of such phrases is kept: furniture is what
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
	ws := keyWords(l, furnitureLineWords+1)
	return len(ws) > 0 && len(ws) <= furnitureLineWords && fs[lineKey(ws)]
}

// opening reports whether a sentence opens with furniture.
func (fs FurnitureSet) opening(s string) bool {
	ws := keyWords(s, furnitureOpening)
	return len(ws) > 0 && fs[openingKey(ws)]
}

// StripFurniture removes from text the lines that are furniture: of the
// source (fs), or repeated within the text itself.
func StripFurniture(text string, fs FurnitureSet) string {
	lines := strings.Split(text, "\n")
	seen := map[uint32]int{}
	for _, l := range lines {
		if ws := keyWords(l, furnitureLineWords+1); len(ws) > 0 && len(ws) <= furnitureLineWords {
			seen[lineKey(ws)]++
		}
	}
	kept := lines[:0:0]
	dropped := false
	for _, l := range lines {
		ws := keyWords(l, furnitureLineWords+1)
		if len(ws) > 0 && len(ws) <= furnitureLineWords && (seen[lineKey(ws)] > 1 || fs[lineKey(ws)]) {
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
	set := map[uint32]bool{}
	for _, l := range strings.Split(text, "\n") {
		if ws := keyWords(l, furnitureLineWords+1); len(ws) > 0 && len(ws) <= furnitureLineWords {
			set[lineKey(ws)] = true
		}
		for _, s := range appendSentences(nil, strings.TrimSpace(l)) {
			if ws := keyWords(s, furnitureOpening); len(ws) > 0 {
				set[openingKey(ws)] = true
			}
		}
	}
	out := make([]uint32, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	return out
}

// keyWords returns up to n lower-cased words (runs of letters and digits)
// of s: punctuation and spacing do not make a line different.
func keyWords(s string, n int) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(out) == n {
			break
		}
		out = append(out, strings.ToLower(w))
	}
	return out
}

func lineKey(ws []string) uint32    { return hashWords('L', ws) }
func openingKey(ws []string) uint32 { return hashWords('O', ws) }

func hashWords(kind byte, ws []string) uint32 {
	h := fnv.New32a()
	h.Write([]byte{kind})
	for _, w := range ws {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	return h.Sum32()
}
