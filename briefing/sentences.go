package briefing

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentences splits text into sentences. Paragraph breaks (newlines) always
// end a sentence. Inside a paragraph a sentence ends at '.', '!', '?' or
// '…' (plus any closing quotes or brackets) followed by space and a word
// that can start a sentence, and always at a Chinese or Japanese full
// stop ('。', '！', '？', with its closing brackets); abbreviations (Mr., Jan., e.g.), initials
// (J. Smith), dotted acronyms (U.S.) mid-sentence and decimals do not end
// one. Every returned sentence is a verbatim, trimmed substring of text.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		out = appendSentences(out, strings.TrimSpace(line))
	}
	return out
}

func appendSentences(out []string, p string) []string {
	start := 0
	for i := 0; i < len(p); {
		if c := p[i]; c < utf8.RuneSelf && c != '.' && c != '!' && c != '?' {
			i++ // most bytes: not a terminator, nothing to decode
			continue
		}
		r, n := utf8.DecodeRuneInString(p[i:])
		if !isTerminator(r) {
			i += n
			continue
		}
		end := skipClosers(p, i+n)
		if end >= len(p) {
			break
		}
		if isWideTerminator(r) {
			// Chinese and Japanese put no space after a full stop and
			// have no capitals to tell a sentence's start: the stop
			// (and its closing brackets) always ends the sentence.
			if s := strings.TrimSpace(p[start:end]); s != "" {
				out = append(out, s)
			}
			start = skipSpace(p, end)
			i = start
			continue
		}
		next := skipSpace(p, end)
		if next == end && gluedSentence(p, start, i, end) {
			if s := strings.TrimSpace(p[start:end]); s != "" {
				out = append(out, s)
			}
			start, i = end, end
			continue
		}
		if next == end || next >= len(p) { // no space after: "3.5", "U.S.-led", "e.g.,"
			i = end
			continue
		}
		if isBoundary(p, start, i, r, next) {
			if s := strings.TrimSpace(p[start:end]); s != "" {
				out = append(out, s)
			}
			start = next
		}
		i = next
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// gluedSentence reports whether a full stop at p[dot] with no space after
// it still ends a sentence, as in scraped text ("the vote was
// held.Critics said"): a lower-case word of three or more letters
// before it, a capitalised word after it.
func gluedSentence(p string, start, dot, end int) bool {
	if p[dot] != '.' || end != dot+1 || end+1 >= len(p) {
		return false
	}
	prev := wordBefore(p, start, dot)
	if utf8.RuneCountInString(prev) < 3 {
		return false
	}
	for _, r := range prev {
		if !unicode.IsLower(r) {
			return false
		}
	}
	r1, n := utf8.DecodeRuneInString(p[end:])
	r2, _ := utf8.DecodeRuneInString(p[end+n:])
	return unicode.IsUpper(r1) && unicode.IsLower(r2)
}

func isTerminator(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…' || isWideTerminator(r)
}

// isWideTerminator reports the full-width stops of Chinese and Japanese
// text (。！？), which end a sentence with no space after them.
func isWideTerminator(r rune) bool { return r == '。' || r == '！' || r == '？' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '」', '』', '）', '】':
		return true
	}
	return isTerminator(r)
}

func skipClosers(p string, i int) int {
	for i < len(p) {
		r, n := utf8.DecodeRuneInString(p[i:])
		if !isCloser(r) {
			break
		}
		i += n
	}
	return i
}

func skipSpace(p string, i int) int {
	for i < len(p) {
		r, n := utf8.DecodeRuneInString(p[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// isBoundary decides whether the terminator r at p[dot] ends the sentence
// that began at start, given that the next word begins at p[next].
func isBoundary(p string, start, dot int, r rune, next int) bool {
	nr, _ := utf8.DecodeRuneInString(p[next:])
	if !canStartSentence(nr) {
		return false
	}
	if r != '.' {
		return true
	}
	prev := wordBefore(p, start, dot)
	lower := strings.ToLower(strings.TrimRight(prev, "."))
	switch {
	case prev == "":
		return true
	case titleAbbrev[lower]:
		return false // "Mr. Moon" never ends a sentence
	case monthAbbrev[lower] && unicode.IsDigit(nr):
		return false // "Jan. 5"
	case otherAbbrev[lower]:
		return startsSentenceWord(nextWord(p, next))
	case isInitial(prev):
		return false // "Joseph F. Kennedy"
	case strings.Count(prev, ".") >= 1 && isDottedAcronym(prev+"."):
		// "the U.S. The ..." ends; "the U.S. Navy" does not.
		return startsSentenceWord(nextWord(p, next))
	}
	return true
}

func canStartSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘([«¿¡", r)
}

// wordBefore returns the non-space run that ends just before p[dot].
func wordBefore(p string, start, dot int) string {
	i := dot
	for i > start {
		r, n := utf8.DecodeLastRuneInString(p[start:i])
		if unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' {
			break
		}
		i -= n
	}
	return p[i:dot]
}

func nextWord(p string, i int) string {
	j := i
	for j < len(p) {
		r, n := utf8.DecodeRuneInString(p[j:])
		if !unicode.IsLetter(r) && r != '\'' {
			break
		}
		j += n
	}
	return p[i:j]
}

func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r)
}

func isDottedAcronym(w string) bool { // "U.S." "e.g." "U.K."
	parts := strings.Split(strings.TrimSuffix(w, "."), ".")
	if len(parts) < 2 {
		return false
	}
	for _, s := range parts {
		if utf8.RuneCountInString(s) != 1 {
			return false
		}
	}
	return true
}

// startsSentenceWord reports whether w is a word that typically opens a
// sentence (a pronoun, article or conjunction) rather than continuing a
// name, which is how "in the U.S. The talks" is told from "U.S. Navy".
func startsSentenceWord(w string) bool { return sentenceOpeners[strings.ToLower(w)] }

var sentenceOpeners = setOf(`the a an this that these those it its he she they we i you his her their our
but and or so yet however meanwhile in on at for from after before when while if as there here some
many most no one two three last earlier later since according`)

var titleAbbrev = setOf(`mr mrs ms dr prof sr jr st gen lt col sgt capt cmdr adm maj gov sen rep rev hon
pres supt insp messrs mme mlle fr`)

var monthAbbrev = setOf(`jan feb mar apr jun jul aug sep sept oct nov dec`)

var otherAbbrev = setOf(`inc ltd co corp plc llc bros vs etc no nos fig figs vol approx est dept univ
ave blvd rd mt ft e.g i.e a.m p.m cf al`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
