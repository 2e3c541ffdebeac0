package main

import (
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/loadtest"
)

// TestLoadtestHoldsZeroErrors runs a short load test against a real
// `briefbot serve` (acceptance 6 of issue 8 at CI scale; the figures in
// the README come from longer runs of the same command).
func TestLoadtestHoldsZeroErrors(t *testing.T) {
	cmd := exec.Command(binary, "loadtest", "--duration", "3s", "--concurrency", "8", "--json")
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	var stderr string
	if ee, ok := err.(*exec.ExitError); ok {
		stderr = string(ee.Stderr)
	}
	var rep loadtest.Report
	if jerr := json.Unmarshal(out, &rep); jerr != nil {
		t.Fatalf("report is not JSON (%v, exit %v):\n%s\n%s", jerr, err, out, stderr)
	}
	if err != nil || rep.Total.Errors != 0 {
		t.Fatalf("load test failed (%v): %d errors: %q\n%s", err, rep.Total.Errors, rep.Errors, stderr)
	}
	for _, k := range []string{"api", "slack", "discord"} {
		if rep.Kinds[k].Requests == 0 {
			t.Errorf("no %s requests were made: %+v", k, rep.Kinds)
		}
	}
	if rep.Throughput <= 0 || rep.Total.P50 <= 0 || rep.Total.P99 < rep.Total.P50 {
		t.Errorf("implausible figures: %+v", rep.Total)
	}
	for name, m := range map[string]loadtest.MemSample{"before": rep.Before, "warm": rep.Warm, "after": rep.After} {
		if m.RSS <= 0 || m.Goroutines <= 0 {
			t.Errorf("server memory %s the load was not read: %+v", name, m)
		}
	}
}

func TestLoadtestFlagsAreBounded(t *testing.T) {
	for _, args := range [][]string{{"--duration", "11m"}, {"--duration", "0s"}, {"--concurrency", "0"},
		{"--concurrency", "10000"}, {"--max-requests", "0"}} {
		r := briefbot(t, t.TempDir(), "", append([]string{"loadtest"}, args...)...)
		if r.code != 2 {
			t.Errorf("loadtest %v: exit %d, want 2 (usage):\n%s", args, r.code, r.stderr)
		}
	}
}
