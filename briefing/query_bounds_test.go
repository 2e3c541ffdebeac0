package briefing_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

// allocated is the bytes one Brief of topic allocates (a deterministic
// stand-in for its memory cost: no timing involved): the least of five
// runs, since other work in the process (a cache filled once) only adds.
func allocated(t *testing.T, eng *briefing.Engine, topic string) uint64 {
	t.Helper()
	ctx := context.Background()
	if _, err := eng.Brief(ctx, topic, briefing.BriefOptions{}); err != nil { // warm caches
		t.Fatalf("Brief(%q): %v", topic, err)
	}
	least := ^uint64(0)
	for range 5 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := eng.Brief(ctx, topic, briefing.BriefOptions{}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// Issue 17 finding 2: a topic of one word repeated costs what the word
// once costs (the repeats were each searched and each sent to "did you
// mean"), and a topic past the bounds is refused as too complex.
func TestRepeatedWordsCostWhatOneWordCosts(t *testing.T) {
	eng, _ := rankCorpus(t, 3000)
	for _, tc := range []struct{ once, repeated string }{
		{"harbour zzqxv", strings.Repeat("harbour ", 24) + "zzqxv"},
		{"한국", strings.TrimSpace(strings.Repeat("한국 ", 66))},
		{"bridge OR tunnel", strings.Repeat("bridge OR tunnel OR ", 9) + "bridge"},
	} {
		one, many := allocated(t, eng, tc.once), allocated(t, eng, tc.repeated)
		t.Logf("%q: %d KB; repeated (%d chars): %d KB", tc.once, one>>10, len([]rune(tc.repeated)), many>>10)
		if many > one+one/2+64<<10 {
			t.Errorf("%q repeated allocates %d KB, once %d KB", tc.once, many>>10, one>>10)
		}
		q, err := briefing.ParseQuery(briefing.NewStemmer(), tc.repeated)
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := briefing.ParseQuery(briefing.NewStemmer(), tc.once); len(q.Alts) != len(want.Alts) || len(q.Alts[0]) != len(want.Alts[0]) {
			t.Errorf("%q parses to %d alternatives (%d clauses in the first), want %d (%d)", tc.repeated, len(q.Alts), len(q.Alts[0]),
				len(want.Alts), len(want.Alts[0]))
		}
	}
}

func TestTopicTooComplexIsRefusedClearly(t *testing.T) {
	st := briefing.NewStemmer()
	var words []string
	for i := range briefing.MaxTopicClauses + 1 {
		words = append(words, fmt.Sprintf("w%cx", 'a'+i))
	}
	var alts []string
	for i := range briefing.MaxTopicAlternatives + 1 {
		alts = append(alts, fmt.Sprintf("alt%c", 'a'+i))
	}
	for _, topic := range []string{strings.Join(words, " "), strings.Join(alts, " OR "),
		strings.Join(words[:8], " ") + " -" + strings.Join(words[8:], " -")} {
		_, err := briefing.ParseQuery(st, topic)
		if briefing.ErrorCode(err) != briefing.EInvalid || !strings.Contains(briefing.ErrorMessage(err), "too complex") {
			t.Errorf("ParseQuery(%q) = %v, want a \"too complex\" refusal", topic, err)
		}
	}
	if _, err := briefing.ParseQuery(st, strings.Join(words[:briefing.MaxTopicClauses], " ")); err != nil {
		t.Errorf("a topic at the bound refused: %v", err)
	}
}

// BenchmarkWorstTopics measures the most expensive topics the bounds
// allow, at BRIEFBOT_BENCH_SIZES articles (default 10k and 100k): ns/op
// is one request's CPU on one core, B/op what it allocates.
func BenchmarkWorstTopics(b *testing.B) {
	for _, n := range benchSizes() {
		eng := benchEngineT(b, n)
		worstTopics(b, n, eng)
	}
}

func worstTopics(b *testing.B, n int, eng *briefing.Engine) {
	common := []string{"mayor", "vote", "harbour", "bridge", "tunnel", "commuters", "traffic", "budget",
		"repairs", "inspection", "cables", "ferry", "council", "city", "road", "plan"}
	for name, topic := range map[string]string{
		"16 common words, nothing matches all": strings.Join(common, " "),
		"15 common words and an unknown one":   strings.Join(common[:15], " ") + " zzqxv",
		"6 alternatives of common words":       "mayor vote OR harbour bridge OR tunnel commuters OR traffic budget OR repairs inspection OR cables ferry",
		"one word repeated":                    strings.Repeat("harbour ", 24) + "zzqxv",
		"unknown script repeated":              strings.TrimSpace(strings.Repeat("한국 ", 66)),
	} {
		b.Run(fmt.Sprintf("%d/%s", n, name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := eng.Brief(context.Background(), topic, briefing.BriefOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
