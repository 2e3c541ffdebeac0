package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTinyCorpus writes a JSONL corpus of made-up articles (our own text,
// no evaluation data) in three subjects and returns its path.
func writeTinyCorpus(t *testing.T, n int) string {
	t.Helper()
	subjects := []struct{ cat, title, lead, more string }{
		{"port", "Harbour crane strike", "Dock workers at the northern harbour stopped the cranes on %s.",
			"Shipping lines rerouted %d vessels while the union and the port authority talked."},
		{"energy", "Solar panel tariff", "The trade ministry proposed a new tariff on imported solar panels on %s.",
			"Installers warned that %d planned rooftop projects could be delayed."},
		{"weather", "River flood warning", "Forecasters issued a flood warning for the lower river valley on %s.",
			"Volunteers filled %d sandbags overnight near the old bridge."},
	}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	var b strings.Builder
	for i := range n {
		s := subjects[i%len(subjects)]
		text := fmt.Sprintf(s.lead, days[i%len(days)]) + "\n\n" + fmt.Sprintf(s.more, 10+i)
		row, err := json.Marshal(map[string]any{"id": fmt.Sprint(i), "category": s.cat,
			"title": fmt.Sprintf("%s enters day %d", s.title, i+1), "text": text,
			"date": fmt.Sprintf("2025-03-%02dT08:00:00Z", 1+i%28)})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(row)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "tiny.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBenchSmoke runs the whole bench (child processes, SQLite store, FTS5
// baseline, HTTP API, digests, profiles) on 300 tiny articles. It checks
// that every phase ran on the right number of articles; it asserts no
// timings: figures come from full runs (BENCHMARKS.md).
func TestBenchSmoke(t *testing.T) {
	dir := t.TempDir()
	corpus := writeTinyCorpus(t, 60)
	out := filepath.Join(dir, "report.json")
	dataDir := filepath.Join(dir, "data")
	r := briefbot(t, dir, filepath.Join(dir, "unused.db"), "bench", "--sizes", "100,300", "--reps", "2",
		"--http-reps", "1", "--channels", "4", "--watches", "3", "--batch", "50", "--out", out, "--data-dir", dataDir,
		"--cpuprofile", filepath.Join(dir, "cpu.pprof"), "--profile-size", "300", corpus)
	if r.code != 0 {
		t.Fatalf("bench exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "| articles | /brief p50 / p99 ms") {
		t.Errorf("no query table in the output:\n%s", r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep benchReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, data)
	}
	checkSmokeReport(t, rep)
	for _, s := range rep.Sizes {
		if s.Startup.FromIndexFile != s.Articles || s.Query.Load.FromIndexFile != s.Articles {
			t.Errorf("%d articles: start-up took %d and the query phase %d from the index file, want all", s.Articles,
				s.Startup.FromIndexFile, s.Query.Load.FromIndexFile)
		}
	}
	// Start-up and queries again, on the databases the run left.
	again := briefbot(t, dir, filepath.Join(dir, "unused.db"), "bench", "--sizes", "300", "--steps", "startup,query", "--reps", "1",
		"--http-reps", "1", "--channels", "2", "--data-dir", dataDir, corpus)
	if again.code != 0 || !strings.Contains(again.stdout, "| 300 |") {
		t.Fatalf("bench --steps startup,query: exit %d\n%s\n%s", again.code, again.stdout, again.stderr)
	}
	if strings.Contains(again.stderr, "bench: ingest") || strings.Contains(again.stderr, "bench: fts") {
		t.Errorf("--steps startup,query ran other phases:\n%s", again.stderr)
	}
	for _, p := range []string{"cpu-ingest-1core-300.pprof", "cpu-ingest-allcore-300.pprof", "cpu-brief-300.pprof", "cpu-digest-300.pprof", "cpu-startup-300.pprof"} {
		if fi, err := os.Stat(filepath.Join(dir, p)); err != nil || fi.Size() == 0 {
			t.Errorf("profile %s missing or empty: %v", p, err)
		}
	}
}

func checkSmokeReport(t *testing.T, rep benchReport) {
	t.Helper()
	if len(rep.Sizes) != 2 || rep.Seeds != 60 || len(rep.Topics) == 0 {
		t.Fatalf("report has %d sizes, %d seeds, topics %q", len(rep.Sizes), rep.Seeds, rep.Topics)
	}
	prev := 0
	for _, s := range rep.Sizes {
		for _, cores := range []string{"1", "all"} {
			if in := s.Ingest[cores]; in.Added != s.Articles-prev || in.Skipped != 0 {
				t.Errorf("%d articles, %s cores: ingest added %d skipped %d, want %d new", s.Articles, cores, in.Added, in.Skipped, s.Articles-prev)
			}
		}
		if s.Startup.Articles != int64(s.Articles) || s.FTS.Added != s.Articles-prev || s.DBBytes == 0 {
			t.Errorf("%d articles: start-up saw %d, FTS5 added %d, db %d bytes", s.Articles, s.Startup.Articles, s.FTS.Added, s.DBBytes)
		}
		accepted := 0
		for _, h := range s.Query.Topics {
			if !h.Invalid {
				accepted++
			}
		}
		q := s.Query
		if accepted == 0 || q.Brief.N != 2*accepted || q.Match.N != 2*accepted || q.MatchAll.N != 2*accepted || q.FTS.N != 2*accepted ||
			q.HTTPBrief.N != accepted || q.HTTPMatch.N != accepted {
			t.Errorf("%d articles: %d topics accepted; samples brief %d match %d fts %d http %d/%d", s.Articles,
				accepted, q.Brief.N, q.Match.N, q.FTS.N, q.HTTPBrief.N, q.HTTPMatch.N)
		}
		for _, h := range s.Query.Topics {
			// a smoke corpus is far below the rank depth: every candidate
			// is read, and the top 10 is the one read with no depth
			if !h.Invalid && (!h.Deep || h.SameTop10 != min(10, h.Matches)) {
				t.Errorf("%d articles, %q: every candidate read %v, %d of the top 10 as with no depth (%d matches)",
					s.Articles, h.Topic, h.Deep, h.SameTop10, h.Matches)
			}
		}
		if q.Digest.Calls != 12 || q.Digest.Channels != 4 {
			t.Errorf("digest run = %+v, want 4 channels × 3 topics", q.Digest)
		}
		prev = s.Articles
	}
}

func TestBenchCorpusIsDeterministicAndUnique(t *testing.T) {
	seeds, err := loadSeeds([]string{writeTinyCorpus(t, 30)})
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := newBenchCorpus(seeds, 7), newBenchCorpus(seeds, 7)
	guids := map[string]bool{}
	for i := range 500 {
		a, b := c1.article(i), c2.article(i)
		if a.Title != b.Title || a.Text != b.Text || !a.Published.Equal(b.Published) || a.GUID != b.GUID {
			t.Fatalf("article %d differs between two generators with the same seed", i)
		}
		if guids[a.Source+a.GUID] || a.Title == "" || a.Text == "" || a.Published.IsZero() {
			t.Fatalf("article %d: duplicate key or empty field: %+v", i, a)
		}
		guids[a.Source+a.GUID] = true
	}
	if other := newBenchCorpus(seeds, 8).article(100); other.Text == c1.article(100).Text {
		t.Errorf("a different seed generated the same synthetic article")
	}
}

func TestBenchSizesAndTopics(t *testing.T) {
	got, err := parseSizes("100k, 10000,1M,10000")
	if err != nil || fmt.Sprint(got) != "[10000 100000 1000000]" {
		t.Errorf("parseSizes = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "ten", "-5"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
	seeds := []seedDoc{{title: "Crude oil prices rise"}, {title: "Crude oil exports fall"}, {title: "Wheat prices rise"}}
	topics := deriveTopics(seeds)
	if len(topics) == 0 || topics[0] != "crude" || !strings.Contains(strings.Join(topics, "|"), "crude oil") {
		t.Errorf("deriveTopics = %q, want the most frequent word first and the most frequent pair", topics)
	}
}
