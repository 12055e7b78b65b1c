package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
)

// driverName is the driver the store opens its databases with: SQLite (the
// modernc driver) with every statement kept prepared on its connection.
// Without it every query is parsed and planned again on every call, which
// was about a fifth of the bot's CPU under load.
const driverName = "sqlite-stmtcache"

// maxCached bounds the statements one connection keeps. The store's queries
// are a few dozen texts (a NOT IN list of n ids is one text per n); past the
// bound the idle ones are dropped and prepared again when next used.
const maxCached = 256

// init registers driverName over the driver "sqlite" names, so the
// connections get the same functions and hooks as plain "sqlite" ones.
func init() {
	plain, err := sql.Open("sqlite", "")
	if err != nil {
		panic(err) // sql.Open only fails for an unknown driver
	}
	sql.Register(driverName, cachingDriver{plain.Driver()})
	plain.Close()
}

type cachingDriver struct{ d driver.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.d.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachedConn{Conn: c, stmts: map[string]*cachedStmt{}}, nil
}

// The modernc connection implements all of these; cachedConn forwards them.
type fullConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachedConn is one SQLite connection and the statements prepared on it.
// database/sql uses a connection from one goroutine at a time, so it needs
// no lock; a statement whose rows are still open is busy, and a second use
// of the same text meanwhile (a query inside a loop over another's rows)
// gets a statement of its own, closed after.
type cachedConn struct {
	driver.Conn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	driver.Stmt
	busy bool
}

func (c *cachedConn) full() fullConn { return c.Conn.(fullConn) }

// stmt returns the statement for query and whether it is a cached one.
func (c *cachedConn) stmt(ctx context.Context, query string) (*cachedStmt, bool, error) {
	if s, ok := c.stmts[query]; ok && !s.busy {
		return s, true, nil
	}
	ds, err := c.full().PrepareContext(ctx, query)
	if err != nil {
		return nil, false, err
	}
	s := &cachedStmt{Stmt: ds}
	if _, ok := c.stmts[query]; ok {
		return s, false, nil
	}
	if len(c.stmts) >= maxCached {
		c.dropIdle()
	}
	c.stmts[query] = s
	return s, true, nil
}

// dropIdle closes the statements not in use.
func (c *cachedConn) dropIdle() {
	for q, s := range c.stmts {
		if !s.busy {
			s.Close()
			delete(c.stmts, q)
		}
	}
}

func (c *cachedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, cached, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	res, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	if !cached {
		err = errors.Join(err, s.Close())
	}
	return res, err
}

func (c *cachedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, cached, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		if !cached {
			s.Close()
		}
		return nil, err
	}
	s.busy = true
	return &cachedRows{Rows: rows, s: s, owned: !cached}, nil
}

func (c *cachedConn) Close() error {
	for q, s := range c.stmts {
		s.Close()
		delete(c.stmts, q)
	}
	return c.Conn.Close()
}

func (c *cachedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.full().BeginTx(ctx, opts)
}

func (c *cachedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.full().PrepareContext(ctx, query)
}

func (c *cachedConn) Ping(ctx context.Context) error { return c.full().Ping(ctx) }

func (c *cachedConn) ResetSession(ctx context.Context) error { return c.full().ResetSession(ctx) }

func (c *cachedConn) IsValid() bool { return c.full().IsValid() }

// cachedRows frees its statement when closed: reset for the next use when
// cached (the modernc driver resets a prepared statement's rows on Close),
// closed when it was a statement of its own.
type cachedRows struct {
	driver.Rows
	s     *cachedStmt
	owned bool
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.s.busy = false
	if r.owned {
		err = errors.Join(err, r.s.Close())
	}
	return err
}

// The column type methods database/sql's ColumnTypes looks for.
type typedRows interface {
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	return r.Rows.(typedRows).ColumnTypeDatabaseTypeName(i)
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	return r.Rows.(typedRows).ColumnTypeLength(i)
}

func (r *cachedRows) ColumnTypeNullable(i int) (bool, bool) {
	return r.Rows.(typedRows).ColumnTypeNullable(i)
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	return r.Rows.(typedRows).ColumnTypePrecisionScale(i)
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	return r.Rows.(typedRows).ColumnTypeScanType(i)
}
