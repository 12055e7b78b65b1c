package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"lamsach/flows"
	"lamsach/flows/sheet/xlsx"
	"lamsach/flows/vn"
	"lamsach/store"
	"lamsach/store/storetest"
)

// readCells reads the first sheet of an .xlsx file into reference → text.
func readCells(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	book, err := xlsx.Open(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
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
			out[string(rune('A'+c.Col))+strconv.Itoa(r.Num)] = c.Text
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// withStore runs fn on the database at path.
func withStore(t *testing.T, path string, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// allRecords returns the commune's records in state s, by id.
func allRecords(t *testing.T, path string, s flows.State) []flows.Record {
	var out []flows.Record
	withStore(t, path, func(ctx context.Context, tx *store.Tx) error {
		var err error
		out, err = tx.StateQueue(ctx, flows.Operator, s, nil, 1_000_000)
		return err
	})
	return out
}

// signAll takes every record through review and confirmation, as the
// villages and the police would (records without a village are assigned
// to Thôn Đông first), and signs them in one handover.
func signAll(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := storetest.New(db)
	for _, s := range []flows.State{flows.StateImported, flows.StateAssigned} {
		var recs []flows.Record
		err := db.View(ctx, func(tx *store.Tx) (err error) {
			recs, err = tx.StateQueue(ctx, flows.Operator, s, nil, 1_000_000)
			return err
		})
		for _, r := range recs {
			if err != nil {
				break
			}
			if r.VillageID == 0 {
				r.VillageID = 1
			}
			_, err = w.Walk(ctx, r, flows.StateConfirmed)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		police, err := w.Actor(ctx, tx, 1, flows.RolePolice, 0)
		if err != nil {
			return err
		}
		s, err := tx.SignSummary(ctx, police, 1)
		if err == nil {
			_, _, err = tx.SignHandover(ctx, police, 1, s.Digest)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

var dmy = regexp.MustCompile(`^\d\d/\d\d/\d{4}$`)

// TestRoundTrip runs the offline path end to end: a synthetic list with
// every fault real lists have is imported, signed, exported and read back.
func TestRoundTrip(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	list := filepath.Join(dir, "sample.xlsx")
	if code, _, stderr := lamsach(t, "sample", "--rows", "400", "--out", list, "--seed", "3"); code != 0 {
		t.Fatalf("sample: %s", stderr)
	}
	if code, stdout, stderr := lamsach(t, "--db", db, "import", list, "--commune", "#1", "--commit"); code != 0 {
		t.Fatalf("import: exit %d %s %s", code, stdout, stderr)
	}
	signAll(t, db)
	signed := allRecords(t, db, flows.StateSigned)
	if len(signed) < 300 {
		t.Fatalf("only %d records signed", len(signed))
	}

	imp, edit := filepath.Join(dir, "import.xlsx"), filepath.Join(dir, "edit.xlsx")
	code, stdout, stderr := lamsach(t, "--db", db, "export", "--commune", "#1", "--kind", "import", "--out", imp)
	if code != 0 || !strings.Contains(stdout, "batch 1 of Xã Tân Phú (import file,") || !strings.Contains(stdout, "/entered 1") {
		t.Fatalf("export import: exit %d %q %q", code, stdout, stderr)
	}
	if code, stdout, stderr = lamsach(t, "--db", db, "export", "--commune", "#1", "--kind", "edit", "--out", edit); code != 0 {
		t.Fatalf("export edit: exit %d %q %q", code, stdout, stderr)
	}
	exported := allRecords(t, db, flows.StateExported)
	if len(exported) != len(signed) {
		t.Fatalf("%d of %d signed records exported", len(exported), len(signed))
	}
	var batch1, batch2 []flows.Record
	for _, r := range exported {
		if r.Problem == vn.ProblemWrongInfo {
			batch2 = append(batch2, r)
		} else {
			batch1 = append(batch1, r)
		}
	}
	cells := readCells(t, imp)
	zeros := 0
	for i, r := range batch1 {
		row := strconv.Itoa(9 + i)
		// Only an ID the platform accepts is written; the walk stated the
		// others have none (an empty cell), never the list's text.
		id := r.Fields.ID.Number
		if r.NoID {
			id = ""
		}
		if cells["H"+row] != id {
			t.Errorf("import row %s: ID %q, want %q", row, cells["H"+row], id)
		}
		if strings.HasPrefix(id, "0") {
			zeros++
		}
		if d := cells["C"+row]; d != "" && !dmy.MatchString(d) || d == "" && !r.DOB.IsZero() {
			t.Errorf("import row %s: date %q for %s", row, d, r.DOB)
		}
		if g := cells["D"+row]; g != map[vn.Gender]string{vn.Male: "0", vn.Female: "1", "": ""}[r.Gender] {
			t.Errorf("import row %s: gender %q for %s", row, g, r.Gender)
		}
		if n := cells["B"+row]; n != r.Name || !norm.NFC.IsNormalString(n) {
			t.Errorf("import row %s: name %q, record %q", row, n, r.Name)
		}
	}
	if cells["B"+strconv.Itoa(9+len(batch1))] != "" {
		t.Error("the import file has more rows than the batch")
	}
	ecells := readCells(t, edit)
	for i, r := range batch2 {
		row := strconv.Itoa(6 + i)
		if ecells["J"+row] != r.Fields.ID.Number || ecells["I"+row] != r.Orig.ID.Number {
			t.Errorf("edit row %s: ID %q → %q, want %q → %q", row, ecells["I"+row], ecells["J"+row], r.Orig.ID.Number, r.Fields.ID.Number)
		}
		if strings.HasPrefix(r.Fields.ID.Number, "0") {
			zeros++
		}
		if d := ecells["F"+row]; r.DOB.Precision() == vn.PrecDay && !dmy.MatchString(d) {
			t.Errorf("edit row %s: date %q for %s", row, d, r.DOB)
		}
		if n := ecells["D"+row]; n != r.Name || !norm.NFC.IsNormalString(n) || !norm.NFC.IsNormalString(ecells["C"+row]) {
			t.Errorf("edit row %s: name %q, record %q", row, n, r.Name)
		}
	}
	if zeros < 20 {
		t.Errorf("only %d IDs with a leading zero: the sample should have many", zeros)
	}

	// Writing batch 1 again changes nothing but the audit log.
	again := filepath.Join(dir, "again.xlsx")
	if code, stdout, stderr = lamsach(t, "--db", db, "export", "--commune", "#1", "--kind", "import", "--batch", "1", "--out", again); code != 0 ||
		strings.Contains(stdout, "marked exported") {
		t.Fatalf("re-export: exit %d %q %q", code, stdout, stderr)
	}
	if got := readCells(t, again); len(got) != len(cells) || got["H9"] != cells["H9"] {
		t.Error("batch 1 written again differs")
	}
	for i, r := range allRecords(t, db, flows.StateExported) {
		if r.Version != exported[i].Version {
			t.Fatalf("re-export changed record %d", r.ID)
		}
	}
	// Over an existing file only with --force; the refusal writes nothing.
	code, _, stderr = lamsach(t, "--db", db, "export", "--commune", "#1", "--kind", "import", "--batch", "1", "--out", edit)
	if code != 2 || !strings.Contains(stderr, "already exists; choose a new name, or add --force") {
		t.Errorf("re-export over the edit list: exit %d %q", code, stderr)
	}
	if got := readCells(t, edit); got["H9"] == cells["H9"] {
		t.Error("the refused export replaced the edit list")
	}
	code, _, stderr = lamsach(t, "--db", db, "export", "--commune", "#1", "--kind", "import", "--batch", "1", "--out", edit, "--force")
	if got := readCells(t, edit); code != 0 || len(got) != len(cells) || got["H9"] != cells["H9"] {
		t.Errorf("re-export with --force: exit %d %q; the file is not batch 1", code, stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--kind", "edit", "--batch", "1"}, "batch 1 is the import file, not edit"},
		{[]string{"--kind", "import", "--batch", "9"}, "no batch 9 in this commune"},
		{[]string{"--kind", "import"}, "no signed records are waiting for the import file"},
		{[]string{"--kind", "handover", "--batch", "2"}, "no handover 2 in this commune"},
	} {
		out := filepath.Join(dir, "x.xlsx")
		code, stdout, stderr := lamsach(t, append([]string{"--db", db, "export", "--commune", "#1", "--out", out}, tc.args...)...)
		if code != 1 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d %q %q, want %q", tc.args, code, stdout, stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v left a file", tc.args)
		}
	}
}

func TestExportHandover(t *testing.T) {
	db := newDB(t)
	if code, _, stderr := lamsach(t, "--db", db, "import", fixtures+"station-list.xlsx", "--commune", "#1", "--commit"); code != 0 {
		t.Fatal(stderr)
	}
	var officer flows.Member
	withStore(t, db, func(ctx context.Context, tx *store.Tx) error {
		code, _, err := tx.CreateInvite(ctx, flows.Operator, 1, flows.RolePolice, nil, time.Hour)
		if err != nil {
			return err
		}
		officer, err = tx.RedeemInvite(ctx, code, 77, "Trung úy Lê Công", "vi")
		return err
	})
	// The police conversation makes handovers; here one is written
	// directly, as it would leave it.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO handovers (commune_id, number, officer_id, signed_at, digest, record_count)
			VALUES (1, 1, ` + strconv.FormatInt(officer.ID, 10) + `, 1764000000000, 'digest-1', 5)`,
		`UPDATE records SET handover_id = 1`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	out := filepath.Join(t.TempDir(), "bb.xlsx")
	code, stdout, stderr := lamsach(t, "--db", db, "export", "--commune", "#1", "--kind", "handover", "--batch", "1", "--out", out)
	if code != 0 || !strings.Contains(stdout, "handover 1 of Xã Tân Phú (5 records)") {
		t.Fatalf("exit %d %q %q", code, stdout, stderr)
	}
	var all strings.Builder
	for _, v := range readCells(t, out) {
		all.WriteString(v + "|")
	}
	for _, want := range []string{"087090000123", "087190000456", "Trung úy Lê Công", "digest-1"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("handover file lacks %q", want)
		}
	}
}
