package bot

import (
	"strings"
	"unicode"
)

// visibleText drops invisible format characters (Unicode category Cf:
// zero-width spaces and joiners, word joiners, byte-order marks, bidi
// marks, embeddings, overrides and isolates) from what a user typed.
// Commands echo their topic back to the channel ("Now watching “…”",
// "Briefing: …"); with these kept, a topic could look like another word,
// hide part of itself, or reorder the bot's text around it. The adapters
// escape markup; this removes what no escaping shows.
func visibleText(s string) string {
	if strings.IndexFunc(s, isInvisible) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s)
}

func isInvisible(r rune) bool { return unicode.Is(unicode.Cf, r) }

// IsBidiControl reports the bidirectional embedding, override and
// isolate controls (U+202A–U+202E, U+2066–U+2069), which reorder the text
// after them: the adapters turn them into spaces in article text, so a
// story cannot reorder or hide what follows it on screen.
func IsBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}
