package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/store"
)

// recordCount counts the records of every commune in the database.
func recordCount(t *testing.T, db string) int {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	err = s.View(ctx, func(tx *store.Tx) error {
		cs, err := tx.Communes(ctx)
		if err != nil {
			return err
		}
		for _, c := range cs {
			counts, err := tx.CommuneCounts(ctx, flows.Operator, c.ID)
			if err != nil {
				return err
			}
			for _, byState := range counts {
				for _, k := range byState {
					n += k
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportPreflightStoresNothing(t *testing.T) {
	db := newDB(t)
	code, stdout, stderr := lamsach(t, "--db", db, "import", fixtures+"station-list.xlsx", "--commune", "Xã Tân Phú")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"• B «Họ và tên» → name", "8 data rows: 5 readable, 3 with errors", "087******123",
		"Thôn Đông: 2", "(no village): 3", "nothing stored: run again with --commit"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("preflight lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "087090000123") {
		t.Error("the preflight shows a full ID number")
	}
	if n := recordCount(t, db); n != 0 {
		t.Errorf("%d records stored by a preflight", n)
	}
}

func TestImportCommit(t *testing.T) {
	db := newDB(t)
	errFile := filepath.Join(t.TempDir(), "loi.xlsx")
	code, stdout, stderr := lamsach(t, "--db", db, "import", fixtures+"station-list.xlsx", "--commune", "#1", "--commit", "--errors", errFile)
	if code != 0 || stderr != "" || !strings.Contains(stdout, "imported 5 records into Xã Tân Phú (import 1)") ||
		!strings.Contains(stdout, "3 rows with errors were not imported") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if st, err := os.Stat(errFile); err != nil || st.Size() == 0 {
		t.Errorf("error file: %v", err)
	}
	if n := recordCount(t, db); n != 5 {
		t.Errorf("%d records, want 5", n)
	}
	for _, args := range [][]string{
		{"--db", db, "import", fixtures + "station-list.xlsx", "--commune", "#1", "--commit"},
		{"--db", db, "import", fixtures + "station-list.xlsx", "--commune", "#1"},
	} {
		code, stdout, stderr = lamsach(t, args...)
		if code != 1 || stdout != "" || !strings.Contains(stderr, "was already imported into this commune") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v a second time: exit %d, %q, %q", args, code, stdout, stderr)
		}
	}
	if n := recordCount(t, db); n != 5 {
		t.Errorf("%d records after a second import, want 5", n)
	}
}

func TestImportJSON(t *testing.T) {
	db := newDB(t)
	code, stdout, _ := lamsach(t, "--db", db, "import", "--json", "--commit", "--commune", "#1", fixtures+"station-list.xlsx")
	var out struct {
		Committed bool
		Stored    int
		ImportID  int64 `json:"import_id"`
		Villages  []struct {
			VillageID int64 `json:"village_id"`
			Village   string
			Records   int
		}
		Report struct{ Rows struct{ OK int } }
	}
	if err := json.Unmarshal([]byte(stdout), &out); code != 0 || err != nil || !out.Committed || out.Stored != 5 ||
		out.ImportID != 1 || len(out.Villages) != 2 || out.Villages[0].Village != "Thôn Đông" || out.Villages[0].Records != 2 ||
		out.Villages[1].VillageID != 0 || out.Villages[1].Records != 3 || out.Report.Rows.OK != 5 {
		t.Errorf("exit %d, %v, %+v\n%s", code, err, out, stdout)
	}
}

func TestImportRefusals(t *testing.T) {
	db := newDB(t)
	for file, want := range map[string]string{
		"platform-import-template-2021.xls":  "File › Save As › Excel Workbook",
		"list-cp1258.csv":                    "not CSV",
		"station-list.ods":                   "OpenDocument",
		"encrypted.xlsx":                     "Remove the password",
		"legacy-tcvn3.xlsx":                  "TCVN3",
		"no-header.xlsx":                     "Họ và tên",
		"platform-import-template-2021.xlsx": "no data rows",
		"verification-list.xlsx":             "verification list",
	} {
		for _, commit := range []string{"--commit=false", "--commit"} {
			code, stdout, stderr := lamsach(t, "--db", db, "import", fixtures+file, "--commune", "#1", commit)
			if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "lamsach import: ") ||
				!strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", file, commit, code, stdout, stderr, want)
			}
		}
	}
	if n := recordCount(t, db); n != 0 {
		t.Errorf("%d records stored from refused files", n)
	}
}

func TestImportBadArguments(t *testing.T) {
	db := newDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "lamsach import: missing file"},
		{[]string{"import", "a.xlsx"}, "lamsach import: missing --commune"},
		{[]string{"import", "a.xlsx", "b.xlsx", "--commune", "#1"}, "lamsach import: one file only, got 2 arguments"},
		{[]string{"import", "a.xlsx", "--commune", "#1", "--lang", "fr"}, `lamsach import: --lang "fr": want en or vi`},
		{[]string{"import", "a.xlsx", "--commune", "#1", "--errors", "a.xlsx"}, "lamsach import: --errors must be a new file, not a.xlsx"},
		{[]string{"--db", db, "import", fixtures + "station-list.xlsx", "--commune", "Xã Khác"}, `lamsach import: unknown commune "Xã Khác" (see lamsach commune list)`},
		{[]string{"export"}, "lamsach export: missing --commune"},
		{[]string{"export", "--commune", "#1"}, "lamsach export: missing --kind (want import, edit or handover)"},
		{[]string{"export", "--commune", "#1", "--kind", "all"}, `lamsach export: unknown --kind "all" (want import, edit or handover)`},
		{[]string{"export", "--commune", "#1", "--kind", "edit"}, "lamsach export: missing --out"},
		{[]string{"export", "--commune", "#1", "--kind", "handover", "--out", "h.xlsx"}, "lamsach export: --kind handover needs --batch (the handover's number)"},
		{[]string{"export", "--commune", "#1", "--kind", "edit", "--out", "e.xlsx", "--batch", "-1"}, "lamsach export: --batch must be a positive number"},
		{[]string{"export", "--commune", "#1", "--kind", "edit", "--out", "e.xlsx", "extra"}, `lamsach export: unexpected argument "extra"`},
	} {
		code, stdout, stderr := lamsach(t, tc.args...)
		if code != 2 || stderr != tc.want+"\n" || stdout != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit 2 and %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
	for _, args := range [][]string{{"import", "--help"}, {"export", "--help"}} {
		code, stdout, _ := lamsach(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage: lamsach "+args[0]) {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
}
