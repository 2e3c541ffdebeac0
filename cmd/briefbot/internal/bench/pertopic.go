package bench

import (
	"fmt"
	"runtime/metrics"
	"sort"
	"strings"
	"syscall"
	"time"
)

// sample is one timed request: what it cost, and what else happened in
// the process while it ran, so a slow request can be told apart as the
// topic's own work (its CPU), a collection (gcs) or memory touched for
// the first time (faults).
type sample struct {
	Topic  string  `json:"topic"`
	Round  int     `json:"round"`
	AtS    float64 `json:"at_s"` // seconds since the measured loop began
	Ms     float64 `json:"ms"`
	CPUms  float64 `json:"cpu_ms"`
	GCs    uint64  `json:"gc_cycles"`    // collections that ended during the request
	Faults int64   `json:"minor_faults"` // page faults of the process during the request
}

// topicLatency is one topic's requests of one kind: a p99 of 180
// requests is the second-worst, so a topic that is always slow sets it.
type topicLatency struct {
	Topic    string  `json:"topic"`
	P50ms    float64 `json:"p50_ms"`
	MaxMs    float64 `json:"max_ms"`
	CPUms    float64 `json:"cpu_ms_mean"`
	MaxCPUms float64 `json:"cpu_ms_max"`
}

// usage is the process's CPU time, minor page faults and completed
// collections so far.
type usage struct {
	cpu    time.Duration
	faults int64
	gcs    uint64
}

func readUsage(s []metrics.Sample) usage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	metrics.Read(s)
	return usage{cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), faults: ru.Minflt, gcs: s[0].Value.Uint64()}
}

// timeRequest runs fn once and records it.
func timeRequest(topic string, round int, begin time.Time, fn func(string) error) (sample, error) {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	u0, start := readUsage(s), time.Now()
	err := fn(topic)
	took, u1 := time.Since(start), readUsage(s)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return sample{Topic: topic, Round: round, AtS: start.Sub(begin).Seconds(), Ms: ms(took), CPUms: ms(u1.cpu - u0.cpu),
		GCs: u1.gcs - u0.gcs, Faults: u1.faults - u0.faults}, err
}

// perTopic summarises samples by topic, in the topics' order.
func perTopic(topics []string, all []sample) []topicLatency {
	by := map[string][]sample{}
	for _, s := range all {
		by[s.Topic] = append(by[s.Topic], s)
	}
	var out []topicLatency
	for _, t := range topics {
		ss := by[t]
		if len(ss) == 0 {
			continue
		}
		sort.Slice(ss, func(i, j int) bool { return ss[i].Ms < ss[j].Ms })
		l := topicLatency{Topic: t, P50ms: ss[(len(ss)-1)/2].Ms, MaxMs: ss[len(ss)-1].Ms}
		for _, s := range ss {
			l.CPUms += s.CPUms / float64(len(ss))
			l.MaxCPUms = max(l.MaxCPUms, s.CPUms)
		}
		out = append(out, l)
	}
	return out
}

// slowest is the n slowest samples, slowest first.
func slowest(all []sample, n int) []sample {
	s := append([]sample(nil), all...)
	sort.Slice(s, func(i, j int) bool { return s[i].Ms > s[j].Ms })
	return s[:min(n, len(s))]
}

// topicTable shows, at the largest size, each topic's ranked requests
// and the slowest of each kind.
func (r *Report) topicTable(b *strings.Builder) {
	if len(r.Sizes) == 0 || len(r.Sizes[len(r.Sizes)-1].Query.Brief.Topics) == 0 {
		return
	}
	s := r.Sizes[len(r.Sizes)-1]
	q := s.Query
	fmt.Fprintf(b, "Per topic at %d articles, ms: p50 / max (CPU mean / max):\n\n| topic | /brief | match 10 |\n|---|---:|---:|\n", s.Articles)
	match := map[string]topicLatency{}
	for _, t := range q.Match.Topics {
		match[t.Topic] = t
	}
	cell := func(t topicLatency) string {
		return fmt.Sprintf("%.1f / %.1f (%.1f / %.1f)", t.P50ms, t.MaxMs, t.CPUms, t.MaxCPUms)
	}
	for _, t := range q.Brief.Topics {
		fmt.Fprintf(b, "| %s | %s | %s |\n", t.Topic, cell(t), cell(match[t.Topic]))
	}
	for _, k := range []struct {
		name string
		l    latency
	}{{"/brief", q.Brief}, {"match 10", q.Match}} {
		fmt.Fprintf(b, "\nSlowest %s requests (topic, round: ms, CPU ms, collections ended, minor faults):", k.name)
		for _, x := range k.l.Slowest {
			fmt.Fprintf(b, " %s, %d: %.1f, %.1f, %d, %d;", x.Topic, x.Round, x.Ms, x.CPUms, x.GCs, x.Faults)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}
