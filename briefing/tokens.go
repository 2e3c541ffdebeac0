package briefing

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// word is one token of running text: its lower-cased surface form and its
// stem. Stop words are kept in the stream (phrases and acronyms need their
// positions) and flagged so the index can skip them.
type word struct {
	surface string
	stem    string
	// form is formPrefix+surface, the key of its surface-form term
	// (literal.go), interned with the surface by the Stemmer's cache.
	form  string
	start int // byte offset in the source text
	end   int // byte offset just past the token
	stop  bool
	cap   bool
	// hyphenated: the token joined words with hyphens ("counter-tariffs"
	// -> countertariffs); its parts are indexed too (see literal.go).
	hyphenated bool
	// stemHash and formHash are strHash of stem and form, computed once
	// per word the hot cache takes in, not once per occurrence: analysis
	// counts an article's stems and forms by them (stemTable) and insert
	// finds their terms by them (insertCache).
	stemHash, formHash uint32
}

// strHash is FNV-1a over s's bytes: words are short, and this is cheaper
// than the map's hash.
func strHash(s string) uint32 {
	x := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		x = (x ^ uint32(s[i])) * 16777619
	}
	return x
}

// Stemmer maps lower-cased words to Snowball English stems, caching results
// because the same few thousand words make up most news text. The cache
// also interns the words, so tokenising known words does not allocate.
type Stemmer struct {
	mu    sync.RWMutex
	cache map[string]cachedWord
}

// stemEntry is a word as the cache knows it: surface is form without its
// formPrefix (one string for both), so an article's surface-form terms
// are the cache's strings, not one allocated per article and form.
type stemEntry struct {
	surface, stem, form string
	stemHash, formHash  uint32 // strHash of stem and form; set by hotWords only
}

// hashed is e with its hashes.
func (e stemEntry) hashed() stemEntry {
	e.stemHash, e.formHash = strHash(e.stem), strHash(e.form)
	return e
}

// cachedWord is a stemEntry as the cache keeps it, without the surface
// (form's tail): a quarter of a million of them at most, 16 bytes each
// saved.
type cachedWord struct{ form, stem string }

func (c cachedWord) entry() stemEntry {
	return stemEntry{surface: c.form[len(formPrefix):], stem: c.stem, form: c.form}
}

// maxStemCache bounds the cache so a hostile corpus cannot grow it forever.
const maxStemCache = 1 << 18

// NewStemmer returns an empty stemmer.
func NewStemmer() *Stemmer { return &Stemmer{cache: make(map[string]cachedWord, 4096)} }

// Stem returns the stem of a lower-cased word.
func (s *Stemmer) Stem(w string) string {
	return s.lookup([]byte(w)).stem
}

// lookup returns the interned word b with its stem and form key.
func (s *Stemmer) lookup(b []byte) stemEntry {
	s.mu.RLock()
	c, ok := s.cache[string(b)]
	s.mu.RUnlock()
	if ok {
		return c.entry()
	}
	c.form = formPrefix + string(b)
	e := c.entry()
	c.stem = stemWord(e.surface)
	e.stem = c.stem
	s.mu.Lock()
	if len(s.cache) >= maxStemCache {
		clear(s.cache)
	}
	s.cache[e.surface] = c
	s.mu.Unlock()
	return e
}

// hotWords is a small direct-mapped cache of words in front of the
// Stemmer's shared one, private to one analysing goroutine (no lock).
// The shared map holds up to 2^18 words, so nearly every lookup in it
// missed the CPU's caches: it was 40% of analysing an article. A few
// thousand words make up most of news text; here a word up to hotKeyLen
// bytes long is found by one hash and one comparison within its slot (no
// pointer followed), and a word the table lacks is looked up in the
// shared map and replaces the word in its slot. Its entries are what
// lookup returns, so the words found are the same.
type hotWords struct {
	slots [hotSlots]hotWord
}

// hotSlots is a power of two: 16,384 slots (64 bytes each) hold 90% of the
// words of the Reuters corpus as they come.
const (
	hotSlots  = 1 << 14
	hotKeyLen = 22
)

type hotWord struct {
	key  [hotKeyLen]byte
	n    uint8 // key length; 0: empty
	stop bool
	// form and stem of the word; its surface is form[len(formPrefix):]
	// (stemEntry's three strings would make a slot 80 bytes, not 64).
	form, stem string
	// stemHash and formHash are their strHash, computed when the word
	// comes into its slot.
	stemHash, formHash uint32
}

// lookup returns b's cache entry and stop-word flag (b lower-cased, not
// empty).
func (h *hotWords) lookup(s *Stemmer, b []byte) (stemEntry, bool) {
	if len(b) > hotKeyLen {
		e := s.lookup(b).hashed()
		return e, stopWords[e.surface]
	}
	// FNV-1a: words are short, and this is cheaper than the map's hash.
	x := uint32(2166136261)
	for _, c := range b {
		x = (x ^ uint32(c)) * 16777619
	}
	e := &h.slots[x&(hotSlots-1)]
	if int(e.n) != len(b) || string(e.key[:e.n]) != string(b) {
		se := s.lookup(b)
		*e = hotWord{n: uint8(len(b)), stop: stopWords[se.surface], form: se.form, stem: se.stem,
			stemHash: strHash(se.stem), formHash: strHash(se.form)}
		copy(e.key[:], b)
	}
	return stemEntry{surface: e.form[len(formPrefix):], stem: e.stem, form: e.form,
		stemHash: e.stemHash, formHash: e.formHash}, e.stop
}

func stemWord(w string) string {
	if len(w) <= 2 || !isASCIIAlpha(w) {
		return w
	}
	return english.Stem(w, true)
}

func isASCIIAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// words splits text into tokens: runs of letters and digits, with
// apostrophes and hyphens inside a word kept together (a possessive 's is
// dropped, and a hyphenated name becomes one token without the hyphens, so
// "Jae-in" and "jaein" meet). Numbers keep their decimal point and lose
// thousands separators ("3.5", "1,000" -> "1000"), and dotted acronyms stay
// one token without their dots ("U.S." -> "US", as "US" is; see shoutedWord).
func (s *Stemmer) words(text string) []word {
	return s.appendWords(make([]word, 0, len(text)/6), text)
}

// appendWords is words appending to out, so that a caller tokenising many
// texts reuses one slice.
func (s *Stemmer) appendWords(out []word, text string) []word {
	return s.appendWordsHot(out, text, nil)
}

// appendWordsHot is appendWords looking words up in hot first (nil: the
// shared cache only); the words it returns are the same either way.
func (s *Stemmer) appendWordsHot(out []word, text string, hot *hotWords) []word {
	buf := make([]byte, 0, 32)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start := i
		var hyph bool
		buf, i, hyph = scanWord(text, i, buf[:0])
		if len(buf) == 0 {
			continue
		}
		var e stemEntry
		var stop bool
		if hot != nil {
			e, stop = hot.lookup(s, buf)
		} else {
			e = s.lookup(buf).hashed()
			stop = stopWords[e.surface]
		}
		if len(e.surface) <= 3 {
			if a, ok := shoutedWord(e.surface, text[start:i]); ok {
				e, stop = a, false
			}
		}
		out = append(out, word{surface: e.surface, stem: e.stem, form: e.form, stop: stop, start: start, cap: unicode.IsUpper(r),
			hyphenated: hyph, end: i, stemHash: e.stemHash, formHash: e.formHash})
	}
	return out
}

// Acronyms that are also English function words: "US" (or "U.S.") is the
// United States and "us" a pronoun, "WHO" the World Health Organization
// and "who" a stop word, "IT" information technology and "it" a stop
// word. Lower-cased alike, the pronoun would answer /brief US and WHO
// would have no words to search for. So such a word written in capitals
// (every letter, dots allowed) is a term of its own, keyed in capitals,
// which no lower-cased stem can be; "Us" opening a sentence is the
// pronoun. A shouted headline ("GIVE US A CALL") is read as the acronym:
// rarer than the acronym in news, and harmless beside it.
var (
	shoutedUS  = acronymEntry("US")
	shoutedIT  = acronymEntry("IT")
	shoutedWHO = acronymEntry("WHO")
)

func acronymEntry(key string) stemEntry {
	form := formPrefix + key
	return stemEntry{surface: key, stem: key, form: form, stemHash: strHash(key), formHash: strHash(form)}
}

// shoutedWord returns the acronym entry of a function word (lower-cased
// surface) when its source token raw is written in capitals.
func shoutedWord(surface, raw string) (stemEntry, bool) {
	var e stemEntry
	switch surface {
	case "us":
		e = shoutedUS
	case "it":
		e = shoutedIT
	case "who":
		e = shoutedWHO
	default:
		return e, false
	}
	for _, c := range []byte(raw) {
		if 'a' <= c && c <= 'z' {
			return e, false
		}
	}
	return e, true
}

// queryAcronym reads a topic's "us", however written, as the United
// States: a topic is typed in lower case as often as not, and nobody
// watches the pronoun.
func queryAcronym(w word) word {
	if w.surface == "us" {
		e := shoutedUS
		w.surface, w.stem, w.form, w.stemHash, w.formHash, w.stop = e.surface, e.stem, e.form, e.stemHash, e.formHash, false
	}
	return w
}

// scanWord appends the lower-cased token starting at text[i] to buf and
// returns it with the offset just past the token, and whether a hyphen
// joined words in it. A dotted acronym loses its dots ("U.S." -> us), so
// that it meets the undotted spelling.
func scanWord(text string, i int, buf []byte) ([]byte, int, bool) {
	hyph := false
	seg := 0 // runes since the last joiner, for dotted acronyms
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf && isASCIIWordByte(c) {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			seg++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			i += n
			seg++
			continue
		}
		if i+n >= len(text) {
			break
		}
		next, nn := utf8.DecodeRuneInString(text[i+n:])
		switch {
		case (r == '.' || r == ',') && isDigitByteBefore(buf) && unicode.IsDigit(next):
			if r == '.' {
				buf = append(buf, '.')
			}
			i += n
			seg = 0
			continue
		case r == '.' && seg == 1 && unicode.IsLetter(next) && i+n+nn < len(text) && text[i+n+nn] == '.':
			i += n
			seg = 0
			continue
		case isJoiner(r) && isWordRune(next):
			if isApostrophe(r) && (next == 's' || next == 'S') && !continuesWord(text, i+n+1) {
				return buf, i + n + 1, hyph // possessive: Korea's -> korea
			}
			hyph = hyph || !isApostrophe(r)
			i += n
			seg = 0
			continue
		}
		break
	}
	return buf, i, hyph
}

func isASCIIWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isDigitByteBefore(buf []byte) bool {
	return len(buf) > 0 && '0' <= buf[len(buf)-1] && buf[len(buf)-1] <= '9'
}

func continuesWord(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’'
}
func isJoiner(r rune) bool { return isApostrophe(r) || r == '-' || r == '‐' || r == '‑' }

// Terms returns the index terms of text: the stems of its non-stop words.
func (s *Stemmer) Terms(text string) []string {
	ws := s.words(text)
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if !w.stop {
			out = append(out, w.stem)
		}
	}
	return out
}

// stopWords are English function words: they carry no topic, so the index
// skips them (phrases still see them through positions).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because
been before being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not of off on once only or other our ours ourselves out over own same
she should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with would
you your yours yourself yourselves also said says say mr mrs ms s t`) {
		m[w] = true
	}
	return m
}()
