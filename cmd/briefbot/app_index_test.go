package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/config"
)

// TestIndexFileResavedWhenPruneAndIngestKeepTheCount: a retention pass that
// removes as many articles as ingest then adds leaves the count unchanged;
// the index file must still be rewritten, or the next start-up finds it
// stale, refuses it and re-analyses the archive.
func TestIndexFileResavedWhenPruneAndIngestKeepTheCount(t *testing.T) {
	dir := t.TempDir()
	db, indexFile := filepath.Join(dir, "a.db"), filepath.Join(dir, "index.bin")
	open := func() (*App, *bytes.Buffer) {
		t.Helper()
		cfg, err := config.Load(func(k string) string {
			return map[string]string{"BRIEFBOT_DATABASE_URL": db, "BRIEFBOT_INDEX_FILE": indexFile, "BRIEFBOT_LOG_LEVEL": "debug"}[k]
		})
		if err != nil {
			t.Fatal(err)
		}
		logs := &bytes.Buffer{}
		env := &cli.Env{Config: cfg, Stdio: cli.Stdio{Out: &bytes.Buffer{}, Err: logs}}
		env.Log = cfg.Logger(logs)
		app, err := openApp(context.Background(), env, 0)
		if err != nil {
			t.Fatal(err)
		}
		return app, logs
	}
	ctx := context.Background()
	now := time.Now().UTC()
	article := func(n int, age time.Duration) briefing.Article {
		return briefing.Article{Source: "harbour.xml", GUID: fmt.Sprint("h", n), Title: fmt.Sprintf("Harbour crane %d inspected", n),
			Text: fmt.Sprintf("Inspectors checked crane number %d at the harbour on a calm morning and found it sound.", n), Published: now.Add(-age), Fetched: now}
	}

	app, _ := open()
	if _, err := app.Engine.Ingest(ctx, []briefing.Article{article(1, 90*24*time.Hour), article(2, time.Hour), article(3, time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := app.saveIndex(ctx); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(indexFile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := retention.NewPruner(app.Store, app.Engine, retention.Config{MaxAge: 30 * 24 * time.Hour}).Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Engine.Ingest(ctx, []briefing.Article{article(4, time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if app.Engine.Indexed() != 3 {
		t.Fatalf("after pruning %+v and one ingest the index holds %d articles; the test needs the count unchanged (3)", res, app.Engine.Indexed())
	}
	if err := app.saveIndex(ctx); err != nil {
		t.Fatal(err)
	}
	app.Close()
	if now, err := os.ReadFile(indexFile); err != nil || bytes.Equal(now, saved) {
		t.Fatalf("the index file was not rewritten after a prune and an ingest of equal size (err %v)", err)
	}

	again, logs := open()
	defer again.Close()
	if _, err := again.Engine.Brief(ctx, "harbour crane", briefing.BriefOptions{Limit: 10}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "index file loaded") || strings.Contains(logs.String(), "refused") {
		t.Fatalf("the restart did not use the saved index file:\n%s", logs.String())
	}
}
