package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"gorm.io/gorm"
)

// The shared index snapshot (PostgreSQL, migration 00013): the bytes an
// engine writes for its index file, stored in chunks so that every
// replica reaches them. There is one current snapshot; publishing a new
// one replaces it in one transaction, and a reader reads one snapshot
// whole inside a repeatable-read transaction, so a publisher replacing it
// meanwhile never hands a reader half of each. The bytes are opaque here:
// whether they may be used is the engine's decision (database id, content
// checksum), as for the local file. SQLite has no shared snapshot: its
// one process keeps the local index file.

// IndexSnapshotChunk is how many bytes one chunk row holds.
const IndexSnapshotChunk = 8 << 20

// ErrNoIndexSnapshot means no snapshot has been published yet.
var ErrNoIndexSnapshot = errors.New("storage: no shared index snapshot")

// ErrIndexSnapshotDamaged means the stored bytes do not match the
// snapshot's recorded size or SHA-256.
var ErrIndexSnapshotDamaged = errors.New("storage: shared index snapshot damaged")

// IndexSnapshot describes the current shared snapshot.
type IndexSnapshot struct {
	// DatabaseID is the id of the database it was published to.
	DatabaseID string
	// Articles is how many articles it covers; Through is the highest
	// article ID among them (the watermark a loader syncs on from).
	Articles int
	Through  int64
	// Bytes and SHA256 describe the snapshot's bytes.
	Bytes       int64
	SHA256      string
	PublishedAt time.Time
}

// SharesIndexSnapshots tells whether this database holds a shared index
// snapshot (PostgreSQL) or not (SQLite).
func (s *Store) SharesIndexSnapshots() bool { return s.dialect == "postgres" }

func (s *Store) checkSharesSnapshots() error {
	if !s.SharesIndexSnapshots() {
		return fmt.Errorf("storage: shared index snapshots need PostgreSQL, not %s", s.dialect)
	}
	return nil
}

type indexSnapshotRow struct {
	Generation  int64
	DatabaseID  string
	Articles    int64
	ThroughID   int64
	Bytes       int64
	Chunks      int
	Sha256      string
	PublishedAt time.Time
}

func (r indexSnapshotRow) public() IndexSnapshot {
	return IndexSnapshot{DatabaseID: r.DatabaseID, Articles: int(r.Articles), Through: r.ThroughID,
		Bytes: r.Bytes, SHA256: r.Sha256, PublishedAt: r.PublishedAt}
}

// CurrentIndexSnapshot describes the current shared snapshot without
// reading it; ErrNoIndexSnapshot when there is none.
func (s *Store) CurrentIndexSnapshot(ctx context.Context) (IndexSnapshot, error) {
	if err := s.checkSharesSnapshots(); err != nil {
		return IndexSnapshot{}, err
	}
	row, err := currentSnapshotRow(s.db.WithContext(ctx))
	if err != nil {
		return IndexSnapshot{}, err
	}
	return row.public(), nil
}

func currentSnapshotRow(db *gorm.DB) (indexSnapshotRow, error) {
	var rows []indexSnapshotRow
	if err := db.Raw(`SELECT generation, database_id, articles, through_id, bytes, chunks, sha256, published_at
		FROM index_snapshot LIMIT 1`).Scan(&rows).Error; err != nil {
		return indexSnapshotRow{}, fmt.Errorf("storage: shared index snapshot: %w", err)
	}
	if len(rows) == 0 {
		return indexSnapshotRow{}, ErrNoIndexSnapshot
	}
	return rows[0], nil
}

// PublishIndexSnapshot stores what write writes as the current shared
// snapshot, replacing the previous one atomically. write returns how many
// articles the bytes cover and the highest article ID among them. The
// chunks are inserted as write produces them, so memory stays at one
// chunk whatever the snapshot's size; if write or any insert fails,
// nothing changes.
func (s *Store) PublishIndexSnapshot(ctx context.Context, write func(io.Writer) (articles int, through int64, err error)) (IndexSnapshot, error) {
	if err := s.checkSharesSnapshots(); err != nil {
		return IndexSnapshot{}, err
	}
	dbID, err := s.DatabaseID(ctx)
	if err != nil {
		return IndexSnapshot{}, err
	}
	var out IndexSnapshot
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var gen int64
		if err := tx.Raw("SELECT nextval('index_snapshot_generations')").Scan(&gen).Error; err != nil {
			return err
		}
		cw := &chunkWriter{tx: tx, gen: gen, buf: make([]byte, 0, IndexSnapshotChunk), sum: sha256.New()}
		n, through, err := write(cw)
		if err != nil {
			return err
		}
		if err := cw.flush(); err != nil {
			return err
		}
		row := indexSnapshotRow{Generation: gen, DatabaseID: dbID, Articles: int64(n), ThroughID: through,
			Bytes: cw.bytes, Chunks: cw.seq, Sha256: hex.EncodeToString(cw.sum.Sum(nil)), PublishedAt: time.Now().UTC().Truncate(time.Microsecond)}
		if err := tx.Exec(`INSERT INTO index_snapshot (singleton, generation, database_id, articles, through_id, bytes, chunks, sha256, published_at)
			VALUES (TRUE, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (singleton) DO UPDATE SET generation = EXCLUDED.generation, database_id = EXCLUDED.database_id,
				articles = EXCLUDED.articles, through_id = EXCLUDED.through_id, bytes = EXCLUDED.bytes,
				chunks = EXCLUDED.chunks, sha256 = EXCLUDED.sha256, published_at = EXCLUDED.published_at`,
			row.Generation, row.DatabaseID, row.Articles, row.ThroughID, row.Bytes, row.Chunks, row.Sha256, row.PublishedAt).Error; err != nil {
			return err
		}
		// Another publisher's uncommitted chunks are invisible here and
		// stay; when it commits it repoints the row and deletes these.
		if err := tx.Exec("DELETE FROM index_snapshot_chunks WHERE generation <> ?", gen).Error; err != nil {
			return err
		}
		out = row.public()
		return nil
	})
	if err != nil {
		return IndexSnapshot{}, fmt.Errorf("storage: publish index snapshot: %w", err)
	}
	return out, nil
}

// chunkWriter inserts fixed-size chunks as they fill.
type chunkWriter struct {
	tx    *gorm.DB
	gen   int64
	seq   int
	buf   []byte
	bytes int64
	sum   hash.Hash
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), cap(w.buf)-len(w.buf))
		w.buf = append(w.buf, p[:k]...)
		p = p[k:]
		if len(w.buf) == cap(w.buf) {
			if err := w.flush(); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

func (w *chunkWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if err := w.tx.Exec("INSERT INTO index_snapshot_chunks (generation, seq, data) VALUES (?, ?, ?)", w.gen, w.seq, w.buf).Error; err != nil {
		return fmt.Errorf("chunk %d: %w", w.seq, err)
	}
	w.sum.Write(w.buf)
	w.bytes += int64(len(w.buf))
	w.seq++
	w.buf = w.buf[:0]
	return nil
}

// ReadIndexSnapshot calls read with the current shared snapshot's
// description and a reader of its bytes, all from one consistent view of
// the database. The reader returns ErrIndexSnapshotDamaged instead of
// io.EOF when the bytes do not add up to the recorded size and SHA-256,
// so a consumer that reads to the end cannot accept damaged bytes.
// ErrNoIndexSnapshot when there is none.
//
// The chunks are read through pgx's own protocol layer, not
// database/sql: database/sql hands each row over as a fresh copy (a new
// 8 MB slice per chunk, allocated, zeroed and filled: most of the
// driver's share of a warm start), while pgx's row values point into its
// read buffer, which is reused from chunk to chunk. The reader consumes
// each chunk before asking for the next, so it never keeps a value past
// its validity.
func (s *Store) ReadIndexSnapshot(ctx context.Context, read func(IndexSnapshot, io.Reader) error) error {
	if err := s.checkSharesSnapshots(); err != nil {
		return err
	}
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("storage: read index snapshot: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("storage: read index snapshot: driver connection %T is not pgx's", dc)
		}
		return readIndexSnapshot(ctx, c.Conn(), read)
	})
}

// readIndexSnapshot is ReadIndexSnapshot on one pgx connection, which it
// leaves outside any transaction (or closed, so that the pool drops it).
func readIndexSnapshot(ctx context.Context, c *pgx.Conn, read func(IndexSnapshot, io.Reader) error) error {
	tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("storage: read index snapshot: %w", err)
	}
	defer func() {
		// Read-only: ending it either way changes nothing.
		if rerr := tx.Rollback(context.WithoutCancel(ctx)); rerr != nil && !errors.Is(rerr, pgx.ErrTxClosed) {
			c.Close(context.WithoutCancel(ctx))
		}
	}()
	var row indexSnapshotRow
	err = tx.QueryRow(ctx, `SELECT generation, database_id, articles, through_id, bytes, chunks, sha256, published_at
		FROM index_snapshot LIMIT 1`).Scan(&row.Generation, &row.DatabaseID, &row.Articles, &row.ThroughID,
		&row.Bytes, &row.Chunks, &row.Sha256, &row.PublishedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrNoIndexSnapshot
	case err != nil:
		return fmt.Errorf("storage: shared index snapshot: %w", err)
	}
	row.PublishedAt = row.PublishedAt.UTC()
	// seq in text, data in binary (the bytes themselves).
	rr := c.PgConn().ExecParams(ctx, "SELECT seq, data FROM index_snapshot_chunks WHERE generation = $1 ORDER BY seq",
		[][]byte{strconv.AppendInt(nil, row.Generation, 10)}, nil, nil, []int16{pgx.TextFormatCode, pgx.BinaryFormatCode})
	cr := &chunkReader{rows: rr, want: row, sum: sha256.New()}
	if err := read(row.public(), cr); err != nil {
		// Not drained (up to the whole snapshot): the connection is
		// closed instead, and the pool drops it.
		c.Close(context.WithoutCancel(ctx))
		return err
	}
	if _, err := rr.Close(); err != nil {
		return fmt.Errorf("storage: read index snapshot: %w", err)
	}
	return nil
}

// chunkReader streams the chunks of one generation in order, checking
// their sequence, total size and SHA-256.
type chunkReader struct {
	rows  *pgconn.ResultReader
	want  indexSnapshotRow
	next  int
	cur   []byte
	bytes int64
	sum   hash.Hash
	err   error
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		r.err = r.advance()
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// advance loads the next chunk, or returns the error that ends the
// stream: io.EOF only when everything recorded arrived intact.
func (r *chunkReader) advance() error {
	if !r.rows.NextRow() {
		if _, err := r.rows.Close(); err != nil {
			return fmt.Errorf("storage: read index snapshot: %w", err)
		}
		if r.next != r.want.Chunks || r.bytes != r.want.Bytes || hex.EncodeToString(r.sum.Sum(nil)) != r.want.Sha256 {
			return fmt.Errorf("%w: %d chunks, %d bytes or SHA-256 not as recorded (%d chunks, %d bytes)",
				ErrIndexSnapshotDamaged, r.next, r.bytes, r.want.Chunks, r.want.Bytes)
		}
		return io.EOF
	}
	// The values point into pgx's read buffer, valid until the next
	// NextRow, which comes only once cur is consumed.
	v := r.rows.Values()
	if len(v) != 2 {
		return fmt.Errorf("storage: read index snapshot: %d columns", len(v))
	}
	seq, err := strconv.Atoi(string(v[0]))
	if err != nil {
		return fmt.Errorf("storage: read index snapshot: chunk number %q: %w", v[0], err)
	}
	data := v[1]
	if seq != r.next || r.bytes+int64(len(data)) > r.want.Bytes {
		return fmt.Errorf("%w: chunk %d out of place or past the recorded size", ErrIndexSnapshotDamaged, seq)
	}
	r.next++
	r.bytes += int64(len(data))
	r.sum.Write(data)
	r.cur = data
	return nil
}
