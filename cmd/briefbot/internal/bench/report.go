package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// sizeResult is everything measured at one corpus size.
type sizeResult struct {
	Articles  int                     `json:"articles"`
	Ingest    map[string]ingestResult `json:"ingest"` // by cores: "1", "all"
	DBBytes   int64                   `json:"db_bytes"`
	FTS       ftsResult               `json:"fts5"`
	Startup   startupResult           `json:"startup"`
	Query     queryResult             `json:"query"`
	Retention retentionResult         `json:"retention,omitzero"`
	Replica   replicaResult           `json:"replica,omitzero"`
}

// Report is the whole run, as written to --out.
type Report struct {
	Started  time.Time    `json:"started"`
	Finished time.Time    `json:"finished,omitzero"`
	Machine  string       `json:"machine"`
	Build    string       `json:"build"`
	Load     string       `json:"load_at_start"` // /proc/loadavg: other work on the machine
	Command  string       `json:"command"`
	Corpus   []string     `json:"corpus"`
	Seeds    int          `json:"real_articles"`
	Topics   []string     `json:"topics"`
	Batch    int          `json:"batch"`
	Sizes    []sizeResult `json:"sizes"`
	// Schema is the replica step's private PostgreSQL schema, dropped at
	// the end unless --keep.
	Schema string `json:"postgres_schema,omitempty"`
}

func newBenchReport(opt benchOptions, seeds int, topics []string) *Report {
	names := make([]string, len(opt.corpus))
	for i, c := range opt.corpus {
		names[i] = c[strings.LastIndexByte(c, '/')+1:]
	}
	return &Report{Started: time.Now().UTC(), Machine: machineInfo(), Build: buildInfo(), Load: loadAvg(), Command: "briefbot " + strings.Join(os.Args[1:], " "),
		Corpus: names, Seeds: seeds, Topics: topics, Batch: opt.batch}
}

// machineInfo describes the CPU, memory and Go version, from /proc where
// there is one.
func machineInfo() string {
	cpu, mem := "", ""
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		mem = strings.Join(strings.Fields(strings.SplitN(string(data), "\n", 2)[0])[1:], " ")
	}
	return fmt.Sprintf("%d CPUs (%s), %s memory, %s %s/%s", runtime.NumCPU(), cpu, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// buildInfo is the commit the binary was built from.
func buildInfo() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev, dirty := "unknown", ""
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision":
			rev = s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = " (with uncommitted changes)"
		}
	}
	return rev + dirty
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}

// save writes the report to path: JSON for .json, Markdown otherwise.
func (r *Report) save(path string) error {
	if path == "" {
		return nil
	}
	var buf bytes.Buffer
	if strings.HasSuffix(path, ".json") {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("bench report: %w", err)
		}
	} else if err := r.writeMarkdown(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("bench report: %w", err)
	}
	return nil
}

func (r *Report) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Machine: %s; load average at start %s\n\nBuild: %s\n\nCommand: `%s`\n\n", r.Machine, r.Load, r.Build, r.Command)
	fmt.Fprintf(&b, "Corpus: %s (%d real articles), then synthetic; %d articles per Engine.Ingest call.\n\n",
		strings.Join(r.Corpus, ", "), r.Seeds, r.Batch)
	fmt.Fprintf(&b, "Topics (%d): %s\n\n", len(r.Topics), cli.Quote(r.Topics))
	if r.ranSQLite() {
		r.ingestTable(&b)
		r.queryTable(&b)
		r.hitsTable(&b)
		r.topicTable(&b)
	}
	r.retentionTable(&b)
	r.replicaTable(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) ingestTable(b *strings.Builder) {
	b.WriteString("| articles | ingest 1 core (art/s) | ingest all cores (art/s) | DB MB | DB MB per 100k | FTS5 MB | FTS5 ingest (art/s) | start-up (s; CPU s) | start-up process (s) | index heap MB | peak RSS MB ingest / start-up / query |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.Sizes {
		fmt.Fprintf(b, "| %d | %s | %s | %.1f | %.1f | %.1f | %.0f | %.2f; %.2f | %.2f | %.0f | %s / %.0f / %.0f |\n",
			s.Articles, ingestCell(s.Ingest["1"]), ingestCell(s.Ingest["all"]), mb(s.DBBytes),
			mb(s.DBBytes)*100000/float64(s.Articles), mb(s.FTS.Bytes), s.FTS.PerSec, s.Startup.Seconds, s.Startup.CPUSeconds,
			s.Startup.ProcessSeconds, s.Startup.HeapMB, ingestRSS(s.Ingest), s.Startup.PeakRSSMB, s.Query.PeakRSSMB)
	}
	b.WriteString("\n")
}

func ingestCell(r ingestResult) string {
	if r.To == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f; %.0f per CPU-s (%d→%d)", r.PerSec, r.PerCPUSecond, r.From, r.To)
}

func ingestRSS(m map[string]ingestResult) string {
	var parts []string
	for _, c := range []string{"1", "all"} {
		if r, ok := m[c]; ok {
			parts = append(parts, fmt.Sprintf("%.0f", r.PeakRSSMB))
		}
	}
	return strings.Join(parts, "+")
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func (r *Report) queryTable(b *strings.Builder) {
	b.WriteString("| articles | /brief p50 / p99 ms (mean CPU ms) | /brief HTTP | match 10 | match 10, no depth | FTS5 top-10 (default memory) | FTS5 top-10 (memory budget) | match no depth ÷ FTS5 budget: p50; p99 | /brief p99 ÷ FTS5 p99 | match p99 ÷ FTS5 p99 | digests s (CPU s) | digests, own topics per channel s (CPU s) |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.Sizes {
		q := s.Query
		fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s | %s | %s; %s | %s | %s | %.1f (%.1f) | %s |\n", s.Articles, latCell(q.Brief), latCell(q.HTTPBrief),
			latCell(q.Match), latCell(q.MatchAll), latCell(q.FTS), latCell(q.FTSMem), ratio(q.MatchAll.P50ms, q.FTSMem.P50ms), ratio(q.MatchAll.P99ms, q.FTSMem.P99ms),
			ratio(q.Brief.P99ms, q.FTS.P99ms), ratio(q.Match.P99ms, q.FTS.P99ms), q.Digest.Seconds, q.Digest.CPUSeconds, digestOwnCell(q.DigestOwn))
	}
	if n := len(r.Sizes); n > 0 {
		q := r.Sizes[n-1].Query
		d := q.Digest
		fmt.Fprintf(b, "\nDigests: %d channels × %d watched topics = %d calls on %d workers (%d distinct topics; with own topics per channel: %d distinct); builder: %s.\n\n",
			d.Channels, d.Watches, d.Calls, d.Workers, d.Distinct, q.DigestOwn.Distinct, d.Builder)
		m := q.FTSBudget
		fmt.Fprintf(b, "FTS5 memory budget: page cache %.0f MB, mmap %.0f MB (our index heap %.0f MB, FTS5 file %.0f MB); default: SQLite's 2,000 KiB page cache, no mmap. "+
			"The query phase's peak RSS (%.0f MB) is before the budgeted FTS5 run, which comes last; after it: %.0f MB.\n\n",
			mb(m.CacheBytes), mb(m.MmapBytes), mb(m.IndexHeapBytes), mb(m.FileBytes), q.PeakRSSMB, q.PeakRSSWithFTSBudgetMB)
	}
}

func latCell(l latency) string {
	if l.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f / %.2f (CPU %.2f)", l.P50ms, l.P99ms, l.CPUms)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// hitsTable shows, at the largest size, how many articles each side
// selects per topic.
func (r *Report) hitsTable(b *strings.Builder) {
	if len(r.Sizes) == 0 {
		return
	}
	s := r.Sizes[len(r.Sizes)-1]
	fmt.Fprintf(b, "Matches per topic at %d articles (ours: Engine.Match without limit; FTS5: rows matching the AND query; "+
		"depth: whether ranked answers read every candidate, and how many of match --limit 10's articles are in the top 10 read with no depth):\n\n", s.Articles)
	b.WriteString("| topic | ours | FTS5 | every candidate read | same top 10 |\n|---|---:|---:|---|---:|\n")
	for _, h := range s.Query.Topics {
		ours := fmt.Sprint(h.Matches)
		if h.Invalid {
			ours = "rejected"
		}
		deep := "no (newest only)"
		if h.Deep {
			deep = "yes"
		}
		fmt.Fprintf(b, "| %s | %s | %d | %s | %d |\n", h.Topic, ours, h.FTS, deep, h.SameTop10)
	}
	b.WriteString("\n")
}

// retentionTable is the retention row of each size that ran it.
func (r *Report) retentionTable(b *strings.Builder) {
	var rows []sizeResult
	for _, s := range r.Sizes {
		if s.Retention.Articles > 0 {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return
	}
	b.WriteString("Retention (a copy of the archive pruned to its newest 30%, as BRIEFBOT_RETENTION does: database delete, then the index drop):\n\n")
	b.WriteString("| articles | kept | cutoff | DB delete (s) | index drop (s) | CPU s | heap MB before / after | RSS MB before / after | peak RSS MB |\n")
	b.WriteString("|---:|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range rows {
		t := s.Retention
		fmt.Fprintf(b, "| %d | %d | %s | %.1f | %.1f | %.1f | %.0f / %.0f | %.0f / %.0f | %.0f |\n", t.Articles, t.Kept, t.Cutoff,
			t.DeleteSeconds, t.DropSeconds, t.CPUSeconds, t.HeapBeforeMB, t.HeapAfterMB, t.RSSBeforeMB, t.RSSAfterMB, t.PeakRSSMB)
	}
	b.WriteString("\n")
}

// ranSQLite tells whether any size ran a step of the SQLite tables (a
// run of the replica step alone has none).
func (r *Report) ranSQLite() bool {
	for _, s := range r.Sizes {
		if len(s.Ingest) > 0 || s.Startup.Seconds > 0 || s.Query.Brief.N > 0 || s.FTS.Added > 0 {
			return true
		}
	}
	return false
}

// replicaTable is the replica row of each size that ran it.
func (r *Report) replicaTable(b *strings.Builder) {
	var rows []sizeResult
	for _, s := range r.Sizes {
		if s.Replica.Articles > 0 {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return
	}
	b.WriteString("New replica on PostgreSQL, exec to its first /brief: warm (the shared snapshot, then a catch-up sync of the articles " +
		"stored after it) and cold (the index rebuilt from the articles); means over the starts, each a fresh process; " +
		"CPU is the replica process's; server CPU that of the PostgreSQL processes serving its connections (0 when the server is elsewhere):\n\n")
	b.WriteString("| articles | catch-up | snapshot MB | set-up: ingest s (CPU s); publish s | warm: s; CPU s (snapshot load s; server CPU s) | cold: s; CPU s (server CPU s) | cold ÷ warm: wall; CPU | starts | same answers |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, s := range rows {
		p := s.Replica
		w, c := p.means(true), p.means(false)
		same := "yes"
		if !p.Same {
			same = "**no**: " + cli.Quote(p.Differ)
		}
		fmt.Fprintf(b, "| %d | %d | %.1f | %.1f (%.1f); %.1f | %.2f; %.2f (%.2f; %.2f) | %.2f; %.2f (%.2f) | %s; %s | %d + %d | %s |\n", p.Articles, p.Load.CatchUp,
			p.Load.SnapshotMB, p.Load.IngestSeconds, p.Load.IngestCPU, p.Load.PublishSeconds, w.wall, w.cpu, w.load, w.server, c.wall, c.cpu, c.server,
			ratio(c.wall, w.wall), ratio(c.cpu, w.cpu), w.n, c.n, same)
	}
	b.WriteString("\n")
}
