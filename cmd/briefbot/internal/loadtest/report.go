package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/metrics"
)

// Report is what a load test measured.
type Report struct {
	Duration    string               `json:"duration"`
	Concurrency int                  `json:"concurrency"`
	Elapsed     float64              `json:"elapsed_seconds"`
	Kinds       map[string]loadStats `json:"kinds"`
	Total       loadStats            `json:"total"`
	Throughput  float64              `json:"requests_per_second"`
	Errors      []string             `json:"first_errors,omitempty"`
	// The server's memory before the load, after its first tenth, and at
	// the end.
	Before MemSample `json:"before"`
	Warm   MemSample `json:"warm"`
	After  MemSample `json:"after"`
}

// loadStats are one kind's counts and latencies in milliseconds.
type loadStats struct {
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	Deferred int     `json:"deferred"`
	P50      float64 `json:"p50_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
}

// MemSample is the server's memory as its /metrics reports it.
type MemSample struct {
	RSS        float64 `json:"rss_bytes"`
	HeapInuse  float64 `json:"heap_inuse_bytes"`
	Goroutines float64 `json:"goroutines"`
}

func (r *Report) summarise(samples []sample) {
	byKind := map[string][]sample{}
	var all []sample
	for _, s := range samples {
		if s.kind == "cut" {
			continue // stopped by the end of the run, not by the server
		}
		byKind[s.kind] = append(byKind[s.kind], s)
		all = append(all, s)
		if s.err != nil && len(r.Errors) < 10 {
			r.Errors = append(r.Errors, s.err.Error())
		}
	}
	r.Kinds = map[string]loadStats{}
	for k, ss := range byKind {
		r.Kinds[k] = stats(ss)
	}
	r.Total = stats(all)
	if r.Elapsed > 0 {
		r.Throughput = float64(r.Total.Requests) / r.Elapsed
	}
}

// checkDeferred waits (up to 10 s) for the replies of the deferred
// answers to reach the sink; each one missing is an error.
func (r *Report) checkDeferred(sink *slackSink) {
	deadline := time.Now().Add(10 * time.Second)
	for int(sink.posts.Load()) < r.Total.Deferred && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if missing := r.Total.Deferred - int(sink.posts.Load()); missing > 0 {
		r.Total.Errors += missing
		r.Errors = append(r.Errors, fmt.Sprintf("%d deferred replies never arrived", missing))
	}
}

func stats(ss []sample) loadStats {
	st := loadStats{Requests: len(ss)}
	ms := make([]float64, 0, len(ss))
	for _, s := range ss {
		if s.err != nil {
			st.Errors++
		}
		if s.deferred {
			st.Deferred++
		}
		ms = append(ms, float64(s.latency.Microseconds())/1000)
	}
	slices.Sort(ms)
	if len(ms) > 0 {
		st.P50, st.P99, st.Max = ms[len(ms)/2], ms[min(len(ms)-1, len(ms)*99/100)], ms[len(ms)-1]
	}
	return st
}

func (r Report) print(w io.Writer) {
	fmt.Fprintf(w, "briefbot loadtest: %s, %d requests in flight, %.1f s\n\n", r.Duration, r.Concurrency, r.Elapsed)
	fmt.Fprintf(w, "%-8s %9s %7s %9s %9s %9s %9s\n", "kind", "requests", "errors", "deferred", "p50 ms", "p99 ms", "max ms")
	for _, k := range append(loadKinds, "all") {
		st, ok := r.Kinds[k]
		if k == "all" {
			st, ok = r.Total, true
		}
		if ok {
			fmt.Fprintf(w, "%-8s %9d %7d %9d %9.2f %9.2f %9.2f\n", k, st.Requests, st.Errors, st.Deferred, st.P50, st.P99, st.Max)
		}
	}
	fmt.Fprintf(w, "\nthroughput: %.0f requests/s with %d errors (%.3f%%)\n", r.Throughput, r.Total.Errors,
		100*float64(r.Total.Errors)/float64(max(1, r.Total.Requests)))
	mb := func(b float64) string { return fmt.Sprintf("%.1f MB", b/(1<<20)) }
	fmt.Fprintf(w, "server RSS: %s before, %s after warm-up, %s at the end\n", mb(r.Before.RSS), mb(r.Warm.RSS), mb(r.After.RSS))
	fmt.Fprintf(w, "server heap in use: %s, %s, %s; goroutines: %.0f, %.0f, %.0f\n", mb(r.Before.HeapInuse),
		mb(r.Warm.HeapInuse), mb(r.After.HeapInuse), r.Before.Goroutines, r.Warm.Goroutines, r.After.Goroutines)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "error: %s\n", e)
	}
}

// serverMemory reads the server's memory from its /metrics; zeros when it
// cannot.
func serverMemory(ctx context.Context, client *http.Client, tgt *loadTarget) MemSample {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tgt.base+metrics.Path, nil)
	if err != nil {
		return MemSample{}
	}
	req.Header.Set("Authorization", "Bearer "+tgt.apiToken)
	resp, err := client.Do(req)
	if err != nil {
		return MemSample{}
	}
	defer resp.Body.Close()
	var m MemSample
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		v, err := strconv.ParseFloat(val, 64)
		if !ok || err != nil {
			continue
		}
		switch name {
		case "process_resident_memory_bytes":
			m.RSS = v
		case "go_memstats_heap_inuse_bytes":
			m.HeapInuse = v
		case "go_goroutines":
			m.Goroutines = v
		}
	}
	return m
}

// slackSink stands in for Slack's and Discord's APIs during a load test:
// it accepts every call (replies through response_url, Web API posts,
// Discord follow-ups) on 127.0.0.1 and counts them.
type slackSink struct {
	URL   string
	srv   *http.Server
	posts atomic.Int64
}

func newSlackSink() *slackSink {
	s := &slackSink{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return s // the server then reports the failed follow-ups
	}
	s.URL = "http://" + ln.Addr().String()
	s.srv = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		s.posts.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true,"id":"1","channel":"C1","ts":"1.1"}`)
	})}
	go s.srv.Serve(ln)
	return s
}

func (s *slackSink) Close() {
	if s.srv != nil {
		s.srv.Close()
	}
}
