package briefing

import (
	"strings"
	"unicode/utf8"
)

// MaxTopicLength bounds a topic so a pasted novel cannot become a query.
const MaxTopicLength = 200

// Query is a parsed topic: an OR of alternatives, each an AND of clauses,
// minus the excluded clauses. Syntax: words, "quoted phrases", OR (or |)
// between alternatives, and -word or -"phrase" to exclude. Matching is
// case-insensitive and on stems, so plurals and inflections meet.
type Query struct {
	Raw  string
	Alts [][]Clause
	Not  []Clause
}

// Clause is one required element of an alternative: any of its forms must
// occur. A form of several terms is a phrase (its words adjacent, stop words
// aside). Aliases learned from the corpus add forms (an acronym and its
// long form).
type Clause struct {
	Surface string     // as the user typed it
	Forms   [][]string // stems
	// Words are the typed words of Forms[0], lower-cased, stop words
	// aside: its literal spelling (see literal.go). Empty for a form the
	// engine added (an acronym's other form), which counts at stem level.
	Words []string
	// Families are stems of the word's derivational family ("acquire" for
	// "acquisition"): like another inflection, they must earn their place.
	Families [][]string
}

// ParseQuery parses a topic. It returns an EInvalid error for an empty or
// over-long topic or one with nothing searchable in it.
func ParseQuery(st *Stemmer, topic string) (Query, error) {
	topic = strings.TrimSpace(topic)
	q := Query{Raw: topic}
	if topic == "" {
		return q, Errorf(EInvalid, "a topic is required, for example: gsomia or \"crude oil\"")
	}
	if utf8.RuneCountInString(topic) > MaxTopicLength {
		return q, Errorf(EInvalid, "that topic is too long (at most %d characters)", MaxTopicLength)
	}
	var cur []Clause
	for _, tok := range lexTopic(topic) {
		switch {
		case tok.or:
			if len(cur) > 0 {
				q.Alts = append(q.Alts, cur)
				cur = nil
			}
		case tok.not:
			if c, ok := makeClause(st, tok.text, tok.quoted); ok {
				q.Not = append(q.Not, c)
			}
		case tok.quoted:
			if c, ok := makeClause(st, tok.text, true); ok {
				cur = append(cur, c)
			}
		default:
			for _, w := range st.words(tok.text) {
				if w = queryAcronym(w); !w.stop {
					cur = append(cur, Clause{Surface: w.surface, Forms: [][]string{{w.stem}}, Words: []string{w.surface}})
				}
			}
		}
	}
	if len(cur) > 0 {
		q.Alts = append(q.Alts, cur)
	}
	if len(q.Alts) == 0 && len(q.Not) > 0 {
		// Only exclusions: nothing says what to look for, and the usual
		// "very common words" explanation would be wrong.
		ex := q.Not[0].Surface
		if strings.ContainsAny(ex, " \t") {
			ex = `"` + ex + `"`
		}
		return q, Errorf(EInvalid, "“%s” only leaves things out: put a word to search for before the exclusions, for example: harbour -%s", topic, ex)
	}
	if len(q.Alts) == 0 {
		return q, Errorf(EInvalid, "“%s” has no words to search for: very common words (the, of, and …) and punctuation are left out", topic)
	}
	return boundQuery(q) // see query_bounds.go
}

func makeClause(st *Stemmer, text string, phrase bool) (Clause, bool) {
	var terms, words []string
	for _, w := range st.words(text) {
		if w = queryAcronym(w); !w.stop {
			terms = append(terms, w.stem)
			words = append(words, w.surface)
		}
	}
	if len(terms) == 0 {
		return Clause{}, false
	}
	if !phrase && len(terms) > 1 {
		return Clause{}, false
	}
	return Clause{Surface: strings.TrimSpace(text), Forms: [][]string{terms}, Words: words}, true
}

type topicToken struct {
	text            string
	quoted, not, or bool
}

// lexTopic splits a topic into words, quoted phrases, OR markers and
// exclusions. An unbalanced quote runs to the end of the topic.
func lexTopic(s string) []topicToken {
	var out []topicToken
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ' || r == '\t' || r == '\n':
			i += n
		case r == '|':
			out = append(out, topicToken{or: true})
			i += n
		case r == '-' && i+1 < len(s) && (i == 0 || s[i-1] == ' '):
			tok, next := lexOne(s, i+1)
			tok.not = true
			out = append(out, tok)
			i = next
		default:
			tok, next := lexOne(s, i)
			if !tok.quoted && tok.text == "OR" {
				tok = topicToken{or: true}
			}
			out = append(out, tok)
			i = next
		}
	}
	return out
}

func lexOne(s string, i int) (topicToken, int) {
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == '"' || r == '“' || r == '”' {
		rest := s[i+n:]
		end := strings.IndexAny(rest, "\"“”")
		if end < 0 {
			return topicToken{text: rest, quoted: true}, len(s)
		}
		_, cn := utf8.DecodeRuneInString(rest[end:])
		return topicToken{text: rest[:end], quoted: true}, i + n + end + cn
	}
	end := strings.IndexAny(s[i:], " \t\n|")
	if end < 0 {
		return topicToken{text: s[i:]}, len(s)
	}
	return topicToken{text: s[i : i+end]}, i + end
}

// NormalizeTopic is the canonical form a watched topic is stored under:
// trimmed, whitespace collapsed, lower-cased, except the OR that parts
// alternatives (outside quotes): lower-cased, it would be the stop word
// "or", and the stored topic would lose its alternatives.
func NormalizeTopic(topic string) string {
	fields := strings.Fields(topic)
	quotes := 0
	for i, f := range fields {
		if f == "OR" && quotes%2 == 0 {
			continue
		}
		quotes += strings.Count(f, `"`) + strings.Count(f, "“") + strings.Count(f, "”")
		if keepsCapitals(f) {
			continue
		}
		fields[i] = strings.ToLower(f)
	}
	return strings.Join(fields, " ")
}

// keepsCapitals reports whether a topic's field is an acronym that is a
// stop word when lower-cased ("WHO", "IT", quotes and punctuation
// around it allowed): lower-cased, the stored topic would search for
// nothing (see shoutedWord). "US" needs no capitals: a topic's "us" is
// the United States however written (queryAcronym).
func keepsCapitals(f string) bool {
	core := strings.Trim(f, `"“”'’()[]{},.;:!?-`)
	lower := strings.ToLower(strings.ReplaceAll(core, ".", ""))
	_, shouted := shoutedWord(lower, core)
	return shouted && stopWords[lower]
}
