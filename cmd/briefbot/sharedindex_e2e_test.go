package main

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/storage/storagetest"
)

// TestSharedIndexAcrossProcesses: on PostgreSQL, the process that built
// the index publishes it when it exits; a process with an empty data
// directory loads it and answers exactly as one that rebuilds
// (BRIEFBOT_SHARED_INDEX=off).
func TestSharedIndexAcrossProcesses(t *testing.T) {
	db := storagetest.PostgresURL(t)
	info := []string{"BRIEFBOT_LOG_LEVEL=info"}
	r := briefbotWith(t, t.TempDir(), db, info, "ingest", samplePath(t))
	if r.code != 0 || !strings.Contains(r.stderr, "shared index snapshot published") {
		t.Fatalf("ingest did not publish the index: %+v", r)
	}
	// A command that never consults the index does not fetch it.
	if r := briefbotWith(t, t.TempDir(), db, append(info, "BRIEFBOT_LOG_LEVEL=debug"), "sources", "list"); r.code != 0 ||
		strings.Contains(r.stderr, "shared index snapshot") {
		t.Fatalf("sources list touched the shared snapshot: %+v", r)
	}
	withoutTime := func(s string) string {
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.Contains(l, "generated_at") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	for _, args := range [][]string{{"ask", "--json", "/brief gsomia"}, {"match", "--limit", "10", "gsomia"}, {"match", "--limit", "10", "korea japan"}} {
		warm := briefbotWith(t, t.TempDir(), db, info, args...)
		cold := briefbotWith(t, t.TempDir(), db, append(info, "BRIEFBOT_SHARED_INDEX=off"), args...)
		if warm.code != 0 || !strings.Contains(warm.stderr, "shared index snapshot loaded") {
			t.Fatalf("%v did not start from the shared snapshot: %+v", args, warm)
		}
		if cold.code != 0 || strings.Contains(cold.stderr, "shared index snapshot") {
			t.Fatalf("%v with sharing off: %+v", args, cold)
		}
		if withoutTime(warm.stdout) != withoutTime(cold.stdout) || !strings.Contains(warm.stdout, "Korea") {
			t.Fatalf("%v answers differently from the shared snapshot:\n%s\n---\n%s", args, warm.stdout, cold.stdout)
		}
	}
}
