//go:build unix

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/storage"
)

// maxRSS runs the binary and returns its result and peak resident memory.
func maxRSS(t *testing.T, dir, db string, args ...string) (result, int64) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BRIEFBOT_DATABASE_URL="+db, "BRIEFBOT_LOG_LEVEL=warn", "BRIEFBOT_INDEX_FILE=off")
	r := run(t, cmd)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	return r, ru.Maxrss << 10 // kilobytes on Linux
}

// hugeItemFeed writes an RSS feed whose one item has a 1 MB title and about
// size bytes of HTML text.
func hugeItemFeed(t *testing.T, path string, size int) {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Almanac</title><link>https://almanac.example/</link>`)
	b.WriteString(`<item><guid>almanac-1</guid><title>` + strings.Repeat("Lighthouse almanac volume ", 40_000) + `</title>`)
	b.WriteString(`<pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate><description><![CDATA[`)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "<p>Entry %d of the lighthouse almanac records the tide at the northern reef, the wind over "+
			"the cape and the ferry that passed the breakwater at dawn.</p>\n", i)
	}
	b.WriteString(`]]></description></item>`)
	b.WriteString(`<item><guid>almanac-2</guid><title>Small almanac note</title><description>A short note on the lighthouse almanac.</description></item>`)
	b.WriteString(`</channel></rss>`)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Issue 17 finding 3, with the binary: a 10 MB feed item with a 1 MB
// title is stored cut to the bounds (title 500 characters, text 200 KB,
// saying it was cut), and ingesting it and briefing on it each cost at
// most 100 MB more peak memory than the same commands on a small feed.
func TestHugeArticleIsBoundedInSizeAndMemory(t *testing.T) {
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.xml"), filepath.Join(dir, "big.xml")
	hugeItemFeed(t, small, 10<<10)
	hugeItemFeed(t, big, 10<<20-1024)
	smallDB, bigDB := filepath.Join(dir, "small.db"), filepath.Join(dir, "big.db")

	r, baseIngest := maxRSS(t, dir, smallDB, "ingest", small)
	if r.code != 0 {
		t.Fatalf("ingest small: %+v", r)
	}
	r, bigIngest := maxRSS(t, dir, bigDB, "ingest", big)
	if r.code != 0 {
		t.Fatalf("ingest big: %+v", r)
	}
	_, baseBrief := maxRSS(t, dir, smallDB, "ask", "--json", "/brief lighthouse almanac")
	r, bigBrief := maxRSS(t, dir, bigDB, "ask", "--json", "/brief lighthouse almanac")
	if r.code != 0 {
		t.Fatalf("brief big: %+v", r)
	}
	t.Logf("peak RSS: ingest %d MB (small feed %d MB), brief %d MB (small %d MB)", bigIngest>>20, baseIngest>>20, bigBrief>>20, baseBrief>>20)
	if extra := bigIngest - baseIngest; extra > 100<<20 {
		t.Errorf("ingesting a 10 MB article took %d MB more than a small one", extra>>20)
	}
	if extra := bigBrief - baseBrief; extra > 100<<20 {
		t.Errorf("briefing on a 10 MB article took %d MB more than on a small one", extra>>20)
	}
	if len(r.stdout) > 300<<10 {
		t.Errorf("the briefing is %d KB", len(r.stdout)>>10)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, `"title"`) && utf8.RuneCountInString(line) > 520 {
			t.Errorf("a title of %d characters came back", utf8.RuneCountInString(line))
		}
	}
	store, err := storage.Open(context.Background(), bigDB, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	arts, err := store.Articles(context.Background(), []int64{1, 2})
	if err != nil || len(arts) != 2 {
		t.Fatalf("stored articles: %d, %v", len(arts), err)
	}
	a := arts[0]
	if utf8.RuneCountInString(a.Title) > 500 || len(a.Text) > 200<<10 || !strings.HasSuffix(a.Text, "was not stored.]") ||
		!strings.HasPrefix(a.Text, "Entry 0 of the lighthouse almanac") || a.Fragment {
		t.Errorf("stored: title %d characters, text %d bytes ending %q", utf8.RuneCountInString(a.Title), len(a.Text),
			a.Text[max(0, len(a.Text)-80):])
	}
}
