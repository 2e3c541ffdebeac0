package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/bench"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// tinyCorpus is a JSONL corpus of 60 made-up articles (our own text, no
// evaluation data) in three subjects, shared with the bench's unit tests.
const tinyCorpus = "internal/bench/testdata/tiny.jsonl"

// TestBenchSmoke runs the whole bench (child processes, SQLite store, FTS5
// baseline, HTTP API, digests, profiles) on 300 tiny articles. It checks
// that every phase ran on the right number of articles; it asserts no
// timings: figures come from full runs (BENCHMARKS.md).
func TestBenchSmoke(t *testing.T) {
	dir := t.TempDir()
	corpus, err := filepath.Abs(tinyCorpus)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.json")
	dataDir := filepath.Join(dir, "data")
	r := briefbot(t, dir, filepath.Join(dir, "unused.db"), "bench", "--sizes", "100,300", "--reps", "2",
		"--http-reps", "1", "--channels", "4", "--own-topic-channels", "4", "--watches", "3", "--batch", "50", "--out", out, "--data-dir", dataDir,
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
	var rep bench.Report
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
	// Start-up, queries and the retention row again, on the databases the run left.
	againOut := filepath.Join(dir, "again.json")
	again := briefbot(t, dir, filepath.Join(dir, "unused.db"), "bench", "--sizes", "300", "--steps", "startup,query,retention", "--reps", "1",
		"--http-reps", "1", "--channels", "2", "--own-topic-channels", "2", "--data-dir", dataDir, "--out", againOut, corpus)
	if again.code != 0 || !strings.Contains(again.stdout, "| 300 |") {
		t.Fatalf("bench --steps startup,query,retention: exit %d\n%s\n%s", again.code, again.stdout, again.stderr)
	}
	if strings.Contains(again.stderr, "bench: ingest") || strings.Contains(again.stderr, "bench: fts") {
		t.Errorf("--steps startup,query,retention ran other phases:\n%s", again.stderr)
	}
	checkRetentionRow(t, againOut, dataDir, again.stdout)
	for _, p := range []string{"cpu-ingest-1core-300.pprof", "cpu-ingest-allcore-300.pprof", "cpu-brief-300.pprof", "cpu-digest-300.pprof", "cpu-startup-300.pprof"} {
		if fi, err := os.Stat(filepath.Join(dir, p)); err != nil || fi.Size() == 0 {
			t.Errorf("profile %s missing or empty: %v", p, err)
		}
	}
}

func checkSmokeReport(t *testing.T, rep bench.Report) {
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
		if q.DigestOwn.Calls != 12 || q.DigestOwn.Distinct != 12 {
			t.Errorf("digest run with own topics = %+v, want 4 channels × 3 topics, 12 distinct", q.DigestOwn)
		}
		if q.FTSMem.N != 2*accepted || q.FTSBudget.FileBytes == 0 || q.FTSBudget.CacheBytes < q.FTSBudget.FileBytes ||
			q.FTSBudget.MmapBytes < q.FTSBudget.FileBytes || q.FTSBudget.CacheBytes < q.FTSBudget.IndexHeapBytes {
			t.Errorf("FTS5 with a memory budget: %d samples, settings %+v; want the budget at least the file and our heap", q.FTSMem.N, q.FTSBudget)
		}
		// The budgeted FTS5 run comes after the peak that stands for
		// serve, so its peak is at least that one (within the kernel's
		// lag in summing a process's resident pages, about 0.1 MB here).
		if q.PeakRSSMB <= 0 || q.PeakRSSWithFTSBudgetMB < q.PeakRSSMB-1 {
			t.Errorf("peak RSS %.1f MB, with the FTS5 budget run %.1f MB; want both, the second at least the first", q.PeakRSSMB, q.PeakRSSWithFTSBudgetMB)
		}
		prev = s.Articles
	}
}

// checkRetentionRow checks the retention row of a 300-article run: it
// pruned a copy to about its newest 30% and left the archive whole.
func checkRetentionRow(t *testing.T, report, dataDir, stdout string) {
	t.Helper()
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep bench.Report
	if err := json.Unmarshal(data, &rep); err != nil || len(rep.Sizes) != 1 {
		t.Fatalf("report: %v\n%s", err, data)
	}
	rt := rep.Sizes[0].Retention
	if rt.Articles != 300 || rt.Kept < 60 || rt.Kept > 120 || rt.RSSAfterMB <= 0 || rt.Cutoff == "" {
		t.Errorf("retention row %+v: want 300 articles pruned to about 90", rt)
	}
	if !strings.Contains(stdout, "| 300 | "+strconv.FormatInt(rt.Kept, 10)+" |") {
		t.Errorf("no retention row in the Markdown:\n%s", stdout)
	}
	st, err := storage.Open(context.Background(), filepath.Join(dataDir, "bench-allcore.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountArticles(context.Background()); err != nil || n != 300 {
		t.Errorf("the bench's own archive holds %d articles after the retention row (%v), want all 300", n, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dataDir, "retention-*")); len(left) > 0 {
		t.Errorf("the pruned copy was left behind: %q", left)
	}
}

// TestBenchReplicaSmoke runs the replica row alone (PostgreSQL, a private
// schema) at two tiny sizes: every warm start loaded the published
// snapshot and caught up, every cold start rebuilt, all indexed every
// stored article and answered alike, and the schema is gone afterwards.
// No timings are asserted.
func TestBenchReplicaSmoke(t *testing.T) {
	dir := t.TempDir()
	corpus, err := filepath.Abs(tinyCorpus)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.json")
	r := briefbot(t, dir, filepath.Join(dir, "unused.db"), "bench", "--steps", "replica", "--sizes", "100,300",
		"--replica-rounds", "2", "--batch", "50", "--pg-dsn", storagetest.PostgresBaseURL(), "--out", out, corpus)
	if r.code != 0 {
		t.Fatalf("bench exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "| 300 | 30 |") || strings.Contains(r.stdout, "| articles | ingest 1 core") {
		t.Errorf("want the replica row of 300 articles (30 to catch up) and no SQLite tables:\n%s", r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep bench.Report
	if err := json.Unmarshal(data, &rep); err != nil || len(rep.Sizes) != 2 {
		t.Fatalf("report: %v\n%s", err, data)
	}
	for _, s := range rep.Sizes {
		p := s.Replica
		if p.Articles != s.Articles || p.Load.Stored != int64(s.Articles) || p.Load.CatchUp < 1 ||
			p.Load.Published != s.Articles-p.Load.CatchUp || p.Load.SnapshotMB <= 0 {
			t.Errorf("%d articles: set-up %+v; want all stored, the newest %d after the snapshot", s.Articles, p.Load, p.Load.CatchUp)
		}
		warm, cold := 0, 0
		for _, st := range p.Starts {
			if st.Warm {
				warm++
			} else {
				cold++
			}
			if st.Indexed != s.Articles || (st.Warm && st.FromSnapshot != p.Load.Published) || (!st.Warm && st.FromSnapshot != 0) ||
				len(st.Answers) != len(rep.Topics) || st.Seconds <= 0 {
				t.Errorf("%d articles: start %+v", s.Articles, st)
			}
		}
		if warm != 2 || cold != 2 || !p.Same || len(p.Differ) != 0 {
			t.Errorf("%d articles: %d warm and %d cold starts, same answers %v (%q); want 2, 2 and the same", s.Articles, warm, cold, p.Same, p.Differ)
		}
	}
	if !regexp.MustCompile(`^bench_replica_[0-9a-f]+$`).MatchString(rep.Schema) {
		t.Fatalf("report names the schema %q", rep.Schema)
	}
	db, err := sql.Open("pgx", storagetest.PostgresBaseURL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_namespace WHERE nspname = $1", rep.Schema).Scan(&n); err != nil || n != 0 {
		t.Errorf("schema %s left behind (%d, %v)", rep.Schema, n, err)
	}
}
