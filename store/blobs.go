package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"lamsach/flows"
)

// blobChunk is the size of the pieces a file is stored and read in: a 50 MB
// upload is 200 rows, and the sender holds one piece at a time.
const blobChunk = 256 << 10

// errBlobGone is the error of opening a blob that no longer exists: its
// message was purged while waiting.
var errBlobGone = errors.New("blob gone")

// CreateBlob stores what r gives as a blob and returns its id and size. It
// reads r a chunk at a time, so a producer never needs to hold a whole file
// in memory. Name the blob in an outbox item's File.Blob: the blob lives
// until that item is sent, dropped or deleted. One no item names is
// deleted by Outbox.Expire after a while.
func (tx *Tx) CreateBlob(ctx context.Context, r io.Reader) (id, size int64, err error) {
	res, err := tx.exec(ctx, `INSERT INTO blobs (created_at) VALUES (?)`, tx.now.UnixMilli())
	if err != nil {
		return 0, 0, fmt.Errorf("create blob: %w", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, 0, fmt.Errorf("create blob: %w", err)
	}
	buf := make([]byte, blobChunk)
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			if _, err := tx.exec(ctx, `INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)`, id, seq, buf[:n]); err != nil {
				return 0, 0, fmt.Errorf("create blob: %w", err)
			}
			size += int64(n)
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			return 0, 0, fmt.Errorf("create blob: read: %w", rerr)
		}
	}
	if _, err := tx.exec(ctx, `UPDATE blobs SET size = ? WHERE id = ?`, size, id); err != nil {
		return 0, 0, fmt.Errorf("create blob: %w", err)
	}
	return id, size, nil
}

// storeFile moves a file's contents into a blob and returns the file as
// the outbox keeps it: name and blob id. A file with no contents stays as
// it is, for the sender to refuse.
func (tx *Tx) storeFile(ctx context.Context, f flows.File) (flows.File, error) {
	if f.Blob != 0 || (len(f.Data) == 0 && f.Open == nil) {
		f.Data, f.Open = nil, nil
		return f, nil
	}
	var src io.Reader = bytes.NewReader(f.Data)
	if len(f.Data) == 0 {
		rc, err := f.Open()
		if err != nil {
			return f, fmt.Errorf("open file: %w", err)
		}
		defer rc.Close()
		src = rc
	}
	id, _, err := tx.CreateBlob(ctx, src)
	if err != nil {
		return f, err
	}
	return flows.File{Name: f.Name, Blob: id}, nil
}

// openBlob returns a reader of blob id that reads it from the database a
// chunk at a time, each in a read transaction of its own, so a long upload
// never holds a transaction open.
func (db *DB) openBlob(ctx context.Context, id int64) (io.ReadCloser, error) {
	var size int64
	err := db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT size FROM blobs WHERE id = ?`, id).Scan(&size)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("open blob %d: %w", id, errBlobGone)
	}
	if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	return &blobReader{db: db, ctx: ctx, id: id, left: size}, nil
}

type blobReader struct {
	db   *DB
	ctx  context.Context
	id   int64
	seq  int
	left int64  // bytes not yet read
	buf  []byte // what is left of the current chunk
	eof  bool
}

func (r *blobReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.eof {
			return 0, io.EOF
		}
		if err := r.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	r.left -= int64(n)
	return n, nil
}

// next reads the next chunk, or notes the end.
func (r *blobReader) next() error {
	err := r.db.View(r.ctx, func(tx *Tx) error {
		return tx.queryRow(r.ctx, `SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?`, r.id, r.seq).Scan(&r.buf)
	})
	switch {
	case errors.Is(err, sql.ErrNoRows) && r.left == 0:
		r.eof, r.buf = true, nil
		return nil
	case errors.Is(err, sql.ErrNoRows):
		// Deleted while being read: never pass a cut file off as whole.
		return fmt.Errorf("read blob %d: %w", r.id, errBlobGone)
	case err != nil:
		return fmt.Errorf("read blob %d: %w", r.id, err)
	}
	r.seq++
	return nil
}

func (r *blobReader) Close() error {
	r.buf, r.eof = nil, true
	return nil
}
