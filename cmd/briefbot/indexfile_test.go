package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexFileSurvivesRestartsAndDamage: ingest leaves an index file
// beside the database; later processes load it instead of re-analysing,
// pick up articles stored after it, and answer exactly as a rebuild does
// when the file is damaged, belongs to another database, or is off.
func TestIndexFileSurvivesRestartsAndDamage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	index := db + ".index"
	debug := []string{"BRIEFBOT_LOG_LEVEL=debug"}
	brief := func(env ...string) result {
		t.Helper()
		r := briefbotWith(t, dir, db, append(debug, env...), "ask", "--json", "/brief gsomia")
		if r.code != 0 || !strings.Contains(r.stdout, "GSOMIA") {
			t.Fatalf("/brief gsomia: %+v", r)
		}
		return r
	}
	// generated_at differs per run; everything else must not.
	answer := func(r result) string {
		var keep []string
		for _, l := range strings.Split(r.stdout, "\n") {
			if !strings.Contains(l, "generated_at") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}

	if r := briefbot(t, dir, db, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	if fi, err := os.Stat(index); err != nil || fi.Size() == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("ingest left no private index file: %v %v", fi, err)
	}
	first := brief()
	if !strings.Contains(first.stderr, "index file loaded") || !strings.Contains(first.stderr, "articles=9") {
		t.Fatalf("the index file was not used:\n%s", first.stderr)
	}
	want := answer(first)

	// Articles stored after the file was written are found too.
	extra := filepath.Join(dir, "extra.txt")
	text := "Seoul extends GSOMIA review\n\nSeoul said on Monday it would keep reviewing GSOMIA, the intelligence pact with Tokyo, " +
		"until the end of the year. Officials said GSOMIA talks would resume in December.\n"
	if err := os.WriteFile(extra, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := briefbotWith(t, dir, db, []string{"BRIEFBOT_INDEX_FILE=off"}, "ingest", extra); r.code != 0 {
		t.Fatalf("ingest extra: %+v", r)
	}
	grown := brief()
	if !strings.Contains(grown.stderr, "articles=9") || !strings.Contains(grown.stdout, "Seoul extends GSOMIA review") {
		t.Fatalf("an article stored after the index file is missing:\n%s\n%s", grown.stderr, grown.stdout)
	}
	want = answer(grown)
	// That process saw the index grow and rewrote the file.
	if r := brief(); !strings.Contains(r.stderr, "index file loaded") || strings.Contains(r.stderr, "articles=9") || answer(r) != want {
		t.Fatalf("the grown index was not saved or answers differently:\n%s", r.stderr)
	}

	// A damaged file or another database's file: refused, same answer,
	// and replaced by a good one.
	good, _ := os.ReadFile(index)
	other := filepath.Join(dir, "other.db")
	if r := briefbot(t, dir, other, "ingest", extra); r.code != 0 {
		t.Fatalf("ingest other: %+v", r)
	}
	otherIndex, _ := os.ReadFile(other + ".index")
	for name, data := range map[string][]byte{
		"truncated":      good[:len(good)/2],
		"flipped":        flip(good),
		"other database": otherIndex,
		"garbage":        []byte("not an index at all"),
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(index, data, 0o600); err != nil {
				t.Fatal(err)
			}
			r := brief()
			if !strings.Contains(r.stderr, "index file not used") || answer(r) != want {
				t.Fatalf("damaged index file: answer changed or no notice:\n%s\n%s", r.stderr, r.stdout)
			}
			if r := brief(); !strings.Contains(r.stderr, "index file loaded") {
				t.Fatalf("the rebuilt index was not saved:\n%s", r.stderr)
			}
		})
	}

	// Off: no file is written or read.
	off := filepath.Join(dir, "off.db")
	if r := briefbotWith(t, dir, off, []string{"BRIEFBOT_INDEX_FILE=off"}, "ingest", samplePath(t)); r.code != 0 {
		t.Fatalf("ingest with the index file off: %+v", r)
	}
	if _, err := os.Stat(off + ".index"); !os.IsNotExist(err) {
		t.Fatalf("BRIEFBOT_INDEX_FILE=off still wrote %s.index (%v)", off, err)
	}
}

func flip(b []byte) []byte {
	out := append([]byte(nil), b...)
	out[len(out)/3] ^= 0x10
	return out
}
