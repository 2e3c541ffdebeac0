package storage

import (
	"context"
	"database/sql"
	"sync"

	"gorm.io/gorm"
)

// insertStmts keeps SaveArticles' INSERTs prepared, by row count, on
// SQLite. Compiling a statement of a few hundred rows (parsing, planning
// the ON CONFLICT and the span trigger) took as long as a sixth of
// executing it: 1.5% of ingest. database/sql prepares a kept statement
// once on each pooled connection and reuses it there, inside a
// transaction too (Tx.StmtContext).
//
// Only a few row counts are kept: engine batches repeat the same few
// sizes (a full statement of saveBatch rows, a feed's or the bench's
// batch), and a kept statement holds SQLite memory on each connection.
// Other counts are compiled each time, as before. PostgreSQL's INSERT
// goes through gorm, which writes its $n placeholders.
type insertStmts struct {
	mu    sync.Mutex
	byLen map[int]*sql.Stmt
}

// keptInsertSizes bounds the row counts kept.
const keptInsertSizes = 4

// get returns the prepared INSERT of n rows bound to tx, or nil when it
// is not kept (then the caller compiles it through gorm).
func (c *insertStmts) get(ctx context.Context, s *Store, tx *gorm.DB, n int) *sql.Stmt {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if s.dialect != "sqlite" || !ok {
		return nil
	}
	c.mu.Lock()
	stmt := c.byLen[n]
	if stmt == nil && len(c.byLen) < keptInsertSizes {
		var err error
		if stmt, err = s.sqlDB.PrepareContext(ctx, insertArticlesSQL(n)); err != nil {
			stmt = nil // compiled again through gorm, which reports the error
		} else {
			if c.byLen == nil {
				c.byLen = map[int]*sql.Stmt{}
			}
			c.byLen[n] = stmt
		}
	}
	c.mu.Unlock()
	if stmt == nil {
		return nil
	}
	return sqlTx.StmtContext(ctx, stmt)
}

// close releases the kept statements.
func (c *insertStmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, stmt := range c.byLen {
		stmt.Close()
	}
	c.byLen = nil
}
