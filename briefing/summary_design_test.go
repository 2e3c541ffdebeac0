package briefing

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/briefbot/briefbot/briefing/rouge"
)

// designDoc is one article of an evaluation file, prepared as
// SummarizeArticle prepares it.
type designDoc struct {
	id        string
	sents     []string
	cut       bool
	furniture FurnitureSet
	ref       []string
	lead      [3]float64 // LEAD-3 (dataset sentences) ROUGE-1/2/L F1 x100
}

// designHalf reports whether an evaluation article is in the design half:
// FNV-32a of its id is even (QUALITY.md; eval.DesignHalf, which this
// package cannot import). The other half is held back.
func designHalf(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%2 == 0
}

func readDesignDocs(t *testing.T, path string, half bool) []designDoc {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type row struct {
		ID, Title, Text, Summary string
		Sentences                []string
	}
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	source := filepath.Base(path)
	e := NewEngine(nil, Config{})
	for _, r := range rows {
		e.LearnFurniture(Article{Source: source, Title: r.Title, Text: r.Text})
	}
	furn := e.furniture.Of(source)
	var docs []designDoc
	for _, r := range rows {
		if designHalf(r.ID) != half {
			continue
		}
		a := Clean(Article{Source: source, Title: r.Title, Text: r.Text})
		ref := strings.Split(strings.TrimSpace(r.Summary), "\n")
		lead := r.Sentences[:min(3, len(r.Sentences))]
		sc := rouge.Compute(lead, ref)
		docs = append(docs, designDoc{id: r.ID, sents: Sentences(StripFurniture(a.Text, furn)), cut: a.Fragment,
			furniture: furn, ref: ref, lead: [3]float64{100 * sc.R1.F1, 100 * sc.R2.F1, 100 * sc.RL.F1}})
	}
	return docs
}

// designRun is one configuration's result on a design half: the mean
// difference to LEAD-3, its standard error, and each article's summary and
// difference, for comparing configurations article by article.
type designRun struct {
	mean, se [3]float64
	sums     [][]string
	diffs    [][3]float64
}

// designDiff scores one configuration on docs against LEAD-3.
func designDiff(st *Stemmer, docs []designDoc, w summaryWeights) designRun {
	n := float64(len(docs))
	diffs := make([][3]float64, len(docs))
	sums := make([][]string, len(docs))
	var mean, se [3]float64
	for i, d := range docs {
		out := st.summarize(d.sents, d.cut, SummaryOptions{Sentences: 3, Furniture: d.furniture}, w)
		sums[i] = out
		sc := rouge.Compute(out, d.ref)
		diffs[i] = [3]float64{100*sc.R1.F1 - d.lead[0], 100*sc.R2.F1 - d.lead[1], 100*sc.RL.F1 - d.lead[2]}
		for m := range 3 {
			mean[m] += diffs[i][m] / n
		}
	}
	for m := range 3 {
		v := 0.0
		for _, d := range diffs {
			v += (d[m] - mean[m]) * (d[m] - mean[m])
		}
		se[m] = math.Sqrt(v / (n - 1) / n)
	}
	return designRun{mean: mean, se: se, sums: sums, diffs: diffs}
}

// changedFrom counts the articles whose summary differs from base's and
// sums, over them, the change in ROUGE-1 / -2 / -L: on a half of 80
// articles a verdict often rests on a handful of them (QUALITY.md).
func (r designRun) changedFrom(base designRun) (n int, delta [3]float64) {
	for i := range r.sums {
		if slices.Equal(r.sums[i], base.sums[i]) {
			continue
		}
		n++
		for m := range 3 {
			delta[m] += r.diffs[i][m] - base.diffs[i][m]
		}
	}
	return n, delta
}

// TestSummaryDesign prints, for the design halves of cnndm-dev and bbc-dev
// (BRIEFBOT_EVAL_DIR; never committed), the summarizer's ROUGE difference
// to LEAD-3 for each configuration in BRIEFBOT_SUMMARY_PARAMS (JSON list
// of partial summaryWeights, field names as in the code; empty: the
// default): the working view behind QUALITY.md's method section. It
// asserts nothing about quality: `briefbot eval summarize` and
// briefing/eval's acceptance test do.
func TestSummaryDesign(t *testing.T) {
	dir := os.Getenv("BRIEFBOT_EVAL_DIR")
	if dir == "" || os.Getenv("BRIEFBOT_SUMMARY_DESIGN") == "" {
		t.Skip("set BRIEFBOT_EVAL_DIR and BRIEFBOT_SUMMARY_DESIGN=1 to run")
	}
	half := os.Getenv("BRIEFBOT_SUMMARY_DESIGN") != "held-back"
	cnn := readDesignDocs(t, filepath.Join(dir, "cnndm-dev.jsonl"), half)
	bbc := readDesignDocs(t, filepath.Join(dir, "bbc-dev.jsonl"), half)
	st := NewStemmer()
	configs := []summaryWeights{defaultSummaryWeights()}
	if p := os.Getenv("BRIEFBOT_SUMMARY_PARAMS"); p != "" {
		var over []map[string]any
		if err := json.Unmarshal([]byte(p), &over); err != nil {
			t.Fatal(err)
		}
		configs = configs[:0]
		for _, o := range over {
			configs = append(configs, overrideWeights(t, o))
		}
	}
	baseCNN, baseBBC := designDiff(st, cnn, defaultSummaryWeights()), designDiff(st, bbc, defaultSummaryWeights())
	for _, w := range configs {
		c, b := designDiff(st, cnn, w), designDiff(st, bbc, w)
		fmt.Printf("%+v\n  cnn(%d) %+.2f/%+.2f/%+.2f (se %.2f/%.2f/%.2f)  bbc(%d) %+.2f/%+.2f/%+.2f (se %.2f)\n",
			w, len(cnn), c.mean[0], c.mean[1], c.mean[2], c.se[0], c.se[1], c.se[2],
			len(bbc), b.mean[0], b.mean[1], b.mean[2], b.se[1])
		cn, cd := c.changedFrom(baseCNN)
		bn, bd := b.changedFrom(baseBBC)
		fmt.Printf("  against the default: cnn %d articles changed, summed change %+.1f/%+.1f/%+.1f; bbc %d changed, %+.1f/%+.1f/%+.1f\n",
			cn, cd[0], cd[1], cd[2], bn, bd[0], bd[1], bd[2])
	}
}

// overrideWeights is the default configuration with the fields named in o
// (as in summaryWeights) set to its values.
func overrideWeights(t *testing.T, o map[string]any) summaryWeights {
	t.Helper()
	w := defaultSummaryWeights()
	v := reflect.ValueOf(&w).Elem()
	for k, x := range o {
		f := v.FieldByName(k)
		if !f.IsValid() {
			t.Fatalf("no weight %q", k)
		}
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
		switch f.Kind() {
		case reflect.Int:
			f.SetInt(int64(x.(float64)))
		case reflect.Bool:
			f.SetBool(x.(bool))
		default:
			f.SetFloat(x.(float64))
		}
	}
	return w
}
