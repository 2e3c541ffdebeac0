package sharedindex

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// replica is one briefbot process as openApp wires it: its own
// connection pool and engine, the shared snapshot loaded before the first
// sync when sharing is on.
type replica struct {
	store  *storage.Store
	eng    *briefing.Engine
	shared *Replica
	loaded int
	logs   *strings.Builder
}

func startReplica(t *testing.T, url string, share bool) *replica {
	t.Helper()
	ctx := context.Background()
	s := storagetest.Open(t, url)
	eng := briefing.NewEngine(s, briefing.Config{SyncEvery: time.Nanosecond})
	logs := &strings.Builder{}
	r := &replica{store: s, eng: eng, logs: logs,
		shared: New(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), s, eng, share)}
	r.loaded = r.shared.Load(ctx)
	if err := eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return r
}

// answers is what the replica answers for every topic: /brief (the
// engine's Briefing, generation time aside) and match --limit 10.
func (r *replica) answers(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	if err := r.eng.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, tp := range genTopics {
		b, err := r.eng.Brief(ctx, tp.query, briefing.BriefOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b.GeneratedAt = time.Time{}
		m, err := r.eng.Match(ctx, tp.query, briefing.MatchOptions{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != 10 || len(b.Items) == 0 {
			t.Fatalf("%q: %d matches, %d stories: the corpus should answer every topic", tp.query, len(m), len(b.Items))
		}
		for _, v := range []any{b, m} {
			j, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(j)
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// finds tells whether the replica's matches for topic include article id.
func (r *replica) finds(t *testing.T, topic string, id int64) bool {
	t.Helper()
	ms, err := r.eng.Match(context.Background(), topic, briefing.MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.ArticleID == id {
			return true
		}
	}
	return false
}

func rawDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const corpusSeed = 20

// TestWarmReplicaAnswersAsRebuilt is issue 20's acceptance 3 at a small
// size: replica A builds its index from scratch and publishes it; replica
// B, with no local index file, loads the shared snapshot, catches up on
// the articles stored after it (one of them committed after a higher ID
// was already visible) and answers exactly as A and as a replica that
// rebuilt from scratch. Damaged, tampered and foreign snapshots are
// ignored (with a log line), and the rebuilt replica replaces them.
func TestWarmReplicaAnswersAsRebuilt(t *testing.T) {
	ctx := context.Background()
	url := storagetest.PostgresURL(t)
	const n = 3000
	storeArticles(t, storagetest.Open(t, url), corpusSeed, 0, n)

	a := startReplica(t, url, true)
	if a.loaded != 0 || a.eng.Indexed() != n {
		t.Fatalf("A: loaded %d, indexed %d", a.loaded, a.eng.Indexed())
	}
	if ok, err := a.shared.Publish(ctx); err != nil || !ok {
		t.Fatalf("A's publish: %v %v", ok, err)
	}
	snap, err := a.store.CurrentIndexSnapshot(ctx)
	if err != nil || snap.Articles != n || snap.Through != a.eng.IndexedThrough() || snap.Bytes == 0 {
		t.Fatalf("shared snapshot %+v: %v", snap, err)
	}
	// Publishing the same index again is skipped.
	if ok, err := a.shared.Publish(ctx); err != nil || ok {
		t.Fatalf("A republished an unchanged index: %v %v", ok, err)
	}

	// After the snapshot: articles stored, and one that draws its ID first
	// but commits only after later ones are stored and B has synced.
	storeArticles(t, a.store, corpusSeed, n, n+40)
	slow, err := rawDB(t, url).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()
	var lateID int64
	if err := slow.QueryRowContext(ctx, `INSERT INTO articles (source, item_key, guid, url, title, author, published_at, fetched_at, tags, body,
		fragment, content_hash, backfill) VALUES ('https://late.example/feed', 'late-1', 'late-1', 'https://late.example/1',
		'Harbour strike ends after a late-night deal', '', $1, $1, '[]',
		'Dock workers ended the harbour strike after a late-night deal with the harbour operator. Container ships began unloading.',
		false, 'h-late-1', false) RETURNING id`, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)).Scan(&lateID); err != nil {
		t.Fatal(err)
	}
	storeArticles(t, a.store, corpusSeed, n+40, n+60)

	// B starts from the snapshot while the late article is in flight, and
	// R, beside it, builds from scratch: same history, same answers.
	b := startReplica(t, url, true)
	if b.loaded != n || !strings.Contains(b.logs.String(), "shared index snapshot loaded") {
		t.Fatalf("B did not start from the shared snapshot (loaded %d):\n%s", b.loaded, b.logs)
	}
	r := startReplica(t, url, false)
	if b.eng.Indexed() != n+60 || r.loaded != 0 || r.eng.Indexed() != n+60 {
		t.Fatalf("B indexed %d after catching up, R %d (loaded %d); want %d", b.eng.Indexed(), r.eng.Indexed(), r.loaded, n+60)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.answers(t), r.answers(t); got != want || b.eng.Indexed() != n+61 {
		t.Fatalf("B (shared snapshot + catch-up, %d indexed) answers differently from R:\n%s", b.eng.Indexed(), firstDiff(got, want))
	}
	// B2 starts after the late commit: it catches up on everything after
	// the snapshot, the late article included, and answers as A (which
	// built from scratch) and as a replica that rebuilds now.
	b2 := startReplica(t, url, true)
	scratch := startReplica(t, url, false)
	want := scratch.answers(t)
	if b2.loaded != n || scratch.loaded != 0 || scratch.eng.Indexed() != n+61 {
		t.Fatalf("B2 loaded %d; scratch replica loaded %d, indexed %d", b2.loaded, scratch.loaded, scratch.eng.Indexed())
	}
	if got := a.answers(t); got != want {
		t.Fatalf("A answers differently from a rebuilt replica:\n%s", firstDiff(got, want))
	}
	if got := b2.answers(t); got != want || b2.eng.Indexed() != n+61 {
		t.Fatalf("B2 (shared snapshot + catch-up, %d indexed) answers differently from a rebuilt replica:\n%s", b2.eng.Indexed(), firstDiff(got, want))
	}
	for name, r := range map[string]*replica{"scratch": scratch, "B": b, "B2": b2} {
		if !r.finds(t, "late-night deal", lateID) {
			t.Fatalf("%s does not find the article committed late", name)
		}
	}

	// B2's index covers 61 more articles than the snapshot: too few to be
	// worth rewriting it by default (a new replica catches up on them)...
	if ok, err := b2.shared.Publish(ctx); err != nil || ok {
		t.Fatalf("B2 republished for 61 new articles: %v %v", ok, err)
	}
	// ...but it publishes when told that is enough, and the next replica
	// needs no catch-up.
	b2.shared.minNew = 61
	if ok, err := b2.shared.Publish(ctx); err != nil || !ok {
		t.Fatalf("B2's publish: %v %v", ok, err)
	}
	if c := startReplica(t, url, true); c.loaded != n+61 || c.answers(t) != want {
		t.Fatalf("C loaded %d articles from B2's snapshot, or answers differently", c.loaded)
	}

	for _, tc := range []struct {
		name, reason string
		spoil        func(t *testing.T)
	}{
		{"tampered sha256", "SHA-256 not as recorded", func(t *testing.T) {
			execSQL(t, url, "UPDATE index_snapshot SET sha256 = md5(sha256) || md5(sha256)")
		}},
		{"corrupted bytes", "index snapshot unusable", func(t *testing.T) { corruptChunk(t, url) }},
		{"other database id", "published to another database", func(t *testing.T) {
			execSQL(t, url, "UPDATE index_snapshot SET database_id = 'someone-else'")
		}},
		{"foreign, same articles", "built from another database", func(t *testing.T) { foreignSnapshot(t, url, n) }},
		{"stale: article replaced", "built from another database", func(t *testing.T) { staleSnapshot(t, url) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ok, err := b2.shared.republish(ctx); err != nil || !ok {
				t.Fatalf("restoring a good snapshot: %v %v", ok, err)
			}
			tc.spoil(t)
			d := startReplica(t, url, true)
			if d.loaded != 0 || !strings.Contains(d.logs.String(), "shared index snapshot not used") || !strings.Contains(d.logs.String(), tc.reason) {
				t.Fatalf("a spoiled snapshot was used (loaded %d):\n%s", d.loaded, d.logs)
			}
			if d.answers(t) != want {
				t.Fatal("a replica that ignored a spoiled snapshot answers differently")
			}
			// The rebuilt replica replaces what it could not use.
			if ok, err := d.shared.Publish(ctx); err != nil || !ok {
				t.Fatalf("D did not replace the spoiled snapshot: %v %v", ok, err)
			}
			if e := startReplica(t, url, true); e.loaded != n+61 {
				t.Fatalf("after D's publish: loaded %d\n%s", e.loaded, e.logs)
			}
		})
	}
}

// TestStaleSnapshotIsReplaced: once an article the current snapshot
// covers is gone (pruned), a replica that never tried to load it (it had
// its own index file) still sees that it is stale and replaces it, even
// though its own index covers fewer articles.
func TestStaleSnapshotIsReplaced(t *testing.T) {
	ctx := context.Background()
	url := storagetest.PostgresURL(t)
	storeArticles(t, storagetest.Open(t, url), corpusSeed, 0, 500)
	a := startReplica(t, url, true)
	if ok, err := a.shared.Publish(ctx); err != nil || !ok {
		t.Fatalf("publish: %v %v", ok, err)
	}
	execSQL(t, url, "DELETE FROM articles WHERE id = (SELECT min(id) + 3 FROM articles)")
	g := startReplica(t, url, false)
	g.shared = New(slog.New(slog.DiscardHandler), g.store, g.eng, true)
	if g.eng.Indexed() != 499 {
		t.Fatalf("indexed %d", g.eng.Indexed())
	}
	if ok, err := g.shared.Publish(ctx); err != nil || !ok {
		t.Fatalf("a stale snapshot was kept: %v %v", ok, err)
	}
	if h := startReplica(t, url, true); h.loaded != 499 || h.answers(t) != g.answers(t) {
		t.Fatalf("after the replacement: loaded %d\n%s", h.loaded, h.logs)
	}
	// A replica whose index is the same as the (good) current snapshot
	// does not republish it.
	if ok, err := startReplica(t, url, true).shared.Publish(ctx); err != nil || ok {
		t.Fatalf("an unchanged index was republished: %v %v", ok, err)
	}
}

// republish publishes this replica's index whatever is current (tests
// restore a good snapshot with it).
func (r *Replica) republish(ctx context.Context) (bool, error) {
	r.mu.Lock()
	r.knownArticles, r.knownThrough, r.replace = 0, 0, true
	r.mu.Unlock()
	return r.Publish(ctx)
}

func execSQL(t *testing.T, url, q string, args ...any) {
	t.Helper()
	res, err := rawDB(t, url).ExecContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("%s: changed nothing", q)
	}
}

// corruptChunk flips one byte of the snapshot and records the SHA-256
// of the flipped bytes, so only the engine's own checks can refuse it.
func corruptChunk(t *testing.T, url string) {
	t.Helper()
	execSQL(t, url, `UPDATE index_snapshot_chunks SET data = set_byte(data, length(data)/2, get_byte(data, length(data)/2) # 16)
		WHERE seq = 0 AND generation = (SELECT generation FROM index_snapshot)`)
	execSQL(t, url, `UPDATE index_snapshot SET sha256 = (SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY seq)), 'hex')
		FROM index_snapshot_chunks WHERE generation = index_snapshot.generation)`)
}

// foreignSnapshot replaces the snapshot with one published to another
// database holding the very same articles, relabelled with this
// database's id: only the identity inside the bytes tells them apart.
func foreignSnapshot(t *testing.T, url string, n int) {
	t.Helper()
	ctx := context.Background()
	other := storagetest.PostgresURL(t)
	storeArticles(t, storagetest.Open(t, other), corpusSeed, 0, n)
	o := startReplica(t, other, true)
	if ok, err := o.shared.Publish(ctx); err != nil || !ok {
		t.Fatalf("publish on the other database: %v %v", ok, err)
	}
	var data []byte
	var gen int64
	if err := rawDB(t, other).QueryRowContext(ctx, `SELECT c.generation, string_agg(c.data, ''::bytea ORDER BY c.seq)
		FROM index_snapshot_chunks c JOIN index_snapshot s USING (generation) GROUP BY c.generation`).Scan(&gen, &data); err != nil {
		t.Fatal(err)
	}
	execSQL(t, url, "DELETE FROM index_snapshot_chunks")
	execSQL(t, url, "INSERT INTO index_snapshot_chunks (generation, seq, data) VALUES ((SELECT generation FROM index_snapshot), 0, $1)", data)
	execSQL(t, url, `UPDATE index_snapshot SET articles = $1, through_id = $2, bytes = $3, chunks = 1,
		sha256 = encode(sha256($4::bytea), 'hex')`, n, o.eng.IndexedThrough(), len(data), data)
}

// staleSnapshot changes a covered article's stored content after the
// snapshot was taken (as a prune-and-reuse or a restore would): the
// database no longer holds what the snapshot indexed.
func staleSnapshot(t *testing.T, url string) {
	t.Helper()
	execSQL(t, url, "UPDATE articles SET content_hash = content_hash || '-changed' WHERE id = (SELECT min(id) + 7 FROM articles)")
	t.Cleanup(func() {
		execSQL(t, url, "UPDATE articles SET content_hash = replace(content_hash, '-changed', '') WHERE content_hash LIKE '%-changed'")
	})
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "got:  " + g[i] + "\nwant: " + w[i]
		}
	}
	return "lengths differ"
}
