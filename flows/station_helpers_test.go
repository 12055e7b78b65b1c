package flows_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/flows/sheet/xlsx"
	"lamsach/store"
)

// fixture reads a shared file from the repository's testdata.
func stFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// upload sends a file as a document.
func (h *harness) stUpload(name, file string, data []byte) []flows.Out {
	mime := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	return h.handle(name, flows.Event{Kind: flows.EventDocument,
		Doc: &flows.Document{Name: file, MIME: mime, Size: int64(len(data)), Data: data}})
}

// pressData presses a button by its data, as a forged or old button would.
func (h *harness) stPressData(name, data string) []flows.Out {
	return h.handle(name, flows.Event{Kind: flows.EventButton, Data: data, MessageID: 1})
}

// buttonData returns the data of the button labelled label in outs.
func stButtonData(t *testing.T, outs []flows.Out, label string) string {
	t.Helper()
	for i := len(outs) - 1; i >= 0; i-- {
		for _, row := range outs[i].Buttons {
			for _, b := range row {
				if strings.Contains(b.Text, label) {
					return b.Data
				}
			}
		}
	}
	t.Fatalf("no button %q in %q", label, texts(outs))
	return ""
}

// fileOut returns the file sent in outs, failing when there is none.
func stFileOut(t *testing.T, outs []flows.Out) flows.Out {
	t.Helper()
	for _, o := range outs {
		if o.Kind == flows.OutFile && o.File != nil {
			return o
		}
	}
	t.Fatalf("no file in %q", texts(outs))
	return flows.Out{}
}

// hasFile reports whether outs send a file.
func stHasFile(outs []flows.Out) bool {
	for _, o := range outs {
		if o.Kind == flows.OutFile {
			return true
		}
	}
	return false
}

// sheetCells reads the first sheet of an .xlsx into a map from cell
// reference ("C9") to text.
func stCells(t *testing.T, data []byte) map[string]string {
	t.Helper()
	book, err := xlsx.Open(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		t.Fatalf("open written file: %v", err)
	}
	rows, err := book.Rows(0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		r := rows.Row()
		for _, c := range r.Cells {
			out[fmt.Sprintf("%s%d", stColName(c.Col), r.Num)] = c.Text
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// colName turns a 0-based column into its letters.
func stColName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// records returns every record of the harness commune in state s (all
// states when s is empty), by id.
func (h *harness) stRecords(s flows.State) []flows.Record {
	h.t.Helper()
	var out []flows.Record
	ctx := context.Background()
	states := []flows.State{s}
	if s == "" {
		states = []flows.State{flows.StateImported, flows.StateAssigned, flows.StateReviewed, flows.StateReturned,
			flows.StateConfirmed, flows.StateSigned, flows.StateExported, flows.StateEntered, flows.StateVerified, flows.StateStillWrong}
	}
	err := h.db.View(ctx, func(tx *store.Tx) error {
		for _, st := range states {
			recs, err := tx.StateQueue(ctx, flows.Operator, st, nil, 100000)
			if err != nil {
				return err
			}
			for _, r := range recs {
				if r.CommuneID == h.commune.ID {
					out = append(out, r)
				}
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// history returns a record's audit entries.
func (h *harness) stHistory(id int64) []flows.AuditEntry {
	h.t.Helper()
	var hist []flows.AuditEntry
	ctx := context.Background()
	if err := h.db.View(ctx, func(tx *store.Tx) error {
		var err error
		hist, err = tx.AuditFor(ctx, flows.Operator, id)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return hist
}

// hasEntry reports whether hist has an entry changing field from old to new.
func stHasEntry(hist []flows.AuditEntry, field, old, new string) bool {
	for _, e := range hist {
		if e.Field == field && e.Old == old && e.New == new {
			return true
		}
	}
	return false
}

// stationWorld is the harness with a station member "tram", a village
// member "an" of Thôn Đông, a coordinator "xa" and a police officer "ca".
func stationWorld(t *testing.T) *harness {
	h := newHarness(t)
	h.join("tram", 201, flows.RoleStation)
	h.join("an", 202, flows.RoleVillage, h.dong.ID)
	h.join("xa", 203, flows.RoleCoordinator)
	h.join("ca", 204, flows.RolePolice)
	return h
}

// fileData is a sent file's contents, given in memory or spooled (Open).
// The spooled file is not closed: a test may read it again.
func fileData(f *flows.File) []byte {
	if f.Open == nil {
		return f.Data
	}
	rc, err := f.Open()
	if err != nil {
		panic(err)
	}
	data, err := io.ReadAll(rc)
	if err != nil {
		panic(err)
	}
	return data
}
