package briefing

import (
	"slices"
	"strings"
)

// Cost bounds of one topic. A topic's work grows with its clauses (each
// reads a posting list and, when nothing matches, is counted and looked
// up for "did you mean"), so a 200-character topic of one short word
// repeated, or of many OR alternatives, was a query of death: about 0.75
// CPU-seconds and hundreds of MB per request. ParseQuery therefore drops
// repeated words and alternatives, then refuses a topic still over these
// bounds with a clear "too complex" error; suggestions look at the first
// few clauses only, each through the vocabulary index (suggest_index.go,
// well under a millisecond a word). Within these bounds the costliest
// topics we could construct take at most about 12 ms of CPU and 6 MB per
// request at 100k articles (BenchmarkWorstTopics; BENCHMARKS.md), and
// the per-request budget (budget.go) stops anything that still runs long.
// Ranking and suggestion quality are select's concern: these bounds only
// decide how much work one request may ask for.
const (
	// MaxTopicClauses bounds the words and phrases of a topic, counted
	// in every alternative and exclusion.
	MaxTopicClauses = 16
	// MaxTopicAlternatives bounds the OR alternatives of a topic.
	MaxTopicAlternatives = 6
	// maxSuggestClauses bounds the clauses "did you mean" examines.
	maxSuggestClauses = 6
)

// boundQuery removes repeated clauses within each alternative, repeated
// alternatives and repeated exclusions, then refuses (EInvalid) a query
// still over MaxTopicClauses or MaxTopicAlternatives.
func boundQuery(q Query) (Query, error) {
	alts := make([][]Clause, 0, len(q.Alts))
	seenAlt := map[string]bool{}
	for _, alt := range q.Alts {
		alt = uniqueClauses(alt)
		key := clausesKey(alt)
		if seenAlt[key] {
			continue
		}
		seenAlt[key] = true
		alts = append(alts, alt)
	}
	q.Alts, q.Not = alts, uniqueClauses(q.Not)
	n := len(q.Not)
	for _, alt := range q.Alts {
		n += len(alt)
	}
	if n > MaxTopicClauses || len(q.Alts) > MaxTopicAlternatives {
		return q, Errorf(EInvalid, "that topic is too complex: it has %d different words or phrases in %d alternatives, "+
			"and a topic may have at most %d words or phrases and %d OR alternatives. Try fewer words, or split it "+
			"into several topics", n, len(q.Alts), MaxTopicClauses, MaxTopicAlternatives)
	}
	return q, nil
}

// uniqueClauses keeps the first of clauses with the same forms: "korea
// Korea koreas" is one clause, searched once.
func uniqueClauses(cs []Clause) []Clause {
	if len(cs) < 2 {
		return cs
	}
	out := make([]Clause, 0, len(cs))
	seen := make(map[string]bool, len(cs))
	for _, c := range cs {
		k := clauseKey(c)
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

func clauseKey(c Clause) string {
	forms := make([]string, len(c.Forms))
	for i, f := range c.Forms {
		forms[i] = strings.Join(f, "\x00")
	}
	return strings.Join(forms, "\x01")
}

// clausesKey identifies an alternative by its set of clauses (order does
// not change what it matches).
func clausesKey(cs []Clause) string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = clauseKey(c)
	}
	slices.Sort(keys)
	return strings.Join(keys, "\x02")
}

// suggestQuery is q with at most maxSuggestClauses clauses, for the "did
// you mean" work of an empty result.
func suggestQuery(q Query) Query {
	out := Query{Raw: q.Raw, Not: q.Not}
	left := maxSuggestClauses
	for _, alt := range q.Alts {
		if left == 0 {
			break
		}
		take := alt[:min(len(alt), left)]
		left -= len(take)
		out.Alts = append(out.Alts, take)
	}
	return out
}
