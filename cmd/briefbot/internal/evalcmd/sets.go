package evalcmd

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/briefbot/briefbot/briefing/eval"
)

// Query sets. The first --queries file is the development set, split into
// the design queries and the held-back ones (--held-back); every further
// file is a set of its own, named after the file ("fresh-queries"), so that
// a blind set's figures sit beside the development ones in the same run
// and tables.

// queryFiles is the repeatable --queries flag.
type queryFiles []string

func (f *queryFiles) String() string { return strings.Join(*f, ",") }

func (f *queryFiles) Set(s string) error {
	if s == "" {
		return fmt.Errorf("empty file name")
	}
	*f = append(*f, s)
	return nil
}

// querySet is a named group of queries.
type querySet struct {
	name    string
	queries []eval.Query
}

// readQuerySets reads every --queries file; names are the files' base
// names without extension, and must differ from each other and from the
// development set's parts; no file may be given twice.
func readQuerySets(files []string) ([]querySet, error) {
	var out []querySet
	seen := map[string]bool{"design": true, "held-back": true, "all": true}
	given := map[string]bool{}
	for i, f := range files {
		if given[filepath.Clean(f)] {
			return nil, fmt.Errorf("%s: given twice", f)
		}
		given[filepath.Clean(f)] = true
		qs, err := readData(f, eval.ReadQueries)
		if err != nil {
			return nil, err
		}
		name := ""
		if i > 0 {
			name = strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
			if seen[name] {
				return nil, fmt.Errorf("%s: a query set named %q is given already (name the files apart)", f, name)
			}
			seen[name] = true
		}
		out = append(out, querySet{name: name, queries: qs})
	}
	return out, nil
}

// labelRows names each query row's set: "design" or "held-back" for the
// development set, the set's name for a further one.
func labelRows(sets []querySet, heldBack map[string]bool) []string {
	var out []string
	for _, s := range sets {
		for _, q := range s.queries {
			switch {
			case s.name != "":
				out = append(out, s.name)
			case heldBack[q.Category]:
				out = append(out, "held-back")
			default:
				out = append(out, "design")
			}
		}
	}
	return out
}

// evalPart is one row group of the summary tables: the design queries,
// the held-back ones, the development set as a whole, and each further
// set.
type evalPart struct {
	name string
	keep func(set string) bool
}

func evalParts(sets []querySet) []evalPart {
	parts := []evalPart{
		{"design", func(s string) bool { return s == "design" }},
		{"held-back", func(s string) bool { return s == "held-back" }},
		{"all", func(s string) bool { return s == "design" || s == "held-back" }},
	}
	for _, s := range sets[1:] {
		name := s.name
		parts = append(parts, evalPart{name, func(x string) bool { return x == name }})
	}
	return parts
}

// macroOf averages, per selector, the query rows (not EvalSelection's
// last, overall row) whose set part keeps.
func macroOf(rows []eval.SelectionRow, set []string, keep func(string) bool) ([]eval.PRF, []eval.SelectionRow) {
	var per [][]eval.PRF
	var kept []eval.SelectionRow
	for i, r := range rows[:len(set)] {
		if !keep(set[i]) {
			continue
		}
		kept = append(kept, r)
		for j, p := range r.Scores {
			if j == len(per) {
				per = append(per, nil)
			}
			per[j] = append(per[j], p)
		}
	}
	out := make([]eval.PRF, len(per))
	for i, ps := range per {
		out[i] = eval.Macro(ps)
	}
	return out, kept
}
