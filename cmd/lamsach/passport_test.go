package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lamsach/flows"
	"lamsach/store"
)

func TestPassportExport(t *testing.T) {
	db := newDB(t)
	lamsach(t, "--db", db, "facility", "add", "--kind", "province", "Bệnh viện Đa khoa tỉnh")
	today := time.Now().In(zone)
	withStore(t, db, func(ctx context.Context, tx *store.Tx) error {
		return tx.SavePassportReport(ctx, flows.Operator, flows.PassportReport{CommuneID: 2, Day: today.Format(time.DateOnly), Signed: 7})
	})
	out := filepath.Join(t.TempDir(), "nhat-ky.xlsx")
	code, stdout, stderr := lamsach(t, "--db", db, "passport", "export", "--commune", "Bệnh viện Đa khoa tỉnh", "--out", out)
	want := "vaccine-passport log of Bệnh viện Đa khoa tỉnh for " + today.Format("2006-01") + " written to " + out +
		": days reported 1, not reported 0, signed 7\n"
	if code != 0 || stdout != want {
		t.Fatalf("passport export: exit %d, %q %q; want %q", code, stdout, stderr, want)
	}
	book, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var day []string
	for _, r := range rows {
		if len(r) > 0 && r[0] == today.Format("02/01/2006") {
			day = r
		}
	}
	if len(rows) < 8 || rows[1][0] != "Đơn vị: Bệnh viện Đa khoa tỉnh (cơ sở tuyến tỉnh)" || len(day) < 5 ||
		day[2] != "7" || day[3] != "đã báo" || day[4] != "" {
		t.Errorf("log rows: %q; today's %q", rows, day)
	}

	// The audit log has the export; the same file again needs --force.
	code, _, stderr = lamsach(t, "--db", db, "passport", "export", "--commune", "#2", "--out", out)
	if code != 2 || stderr != "lamsach passport export: --out "+out+" already exists; choose a new name, or add --force to replace it\n" {
		t.Errorf("export over a file: exit %d, %q", code, stderr)
	}
	code, stdout, _ = lamsach(t, "--db", db, "passport", "export", "--commune", "#2", "--out", out, "--force", "--month", "2026-01")
	if code != 0 || !strings.Contains(stdout, "for 2026-01") || !strings.Contains(stdout, "days reported 0, not reported 0") {
		t.Errorf("a month before the facility existed: exit %d, %q", code, stdout)
	}
	withStore(t, db, func(ctx context.Context, tx *store.Tx) error {
		rep, err := tx.VerifyAudit(ctx)
		if err != nil || !rep.OK {
			t.Errorf("audit: %+v, %v", rep, err)
		}
		return err
	})
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM audit WHERE action = 'passport.export' AND source = 'cli'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("audit has %d passport.export entries from the command line (%v), want 2", n, err)
	}
}

func TestPassportExportBadArguments(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	exists := filepath.Join(dir, "co-roi.xlsx")
	if err := os.WriteFile(exists, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	next := time.Now().In(zone).AddDate(0, 1, 0).Format("2006-01")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"passport"}, "lamsach passport: missing command (want export; see lamsach passport --help)"},
		{[]string{"passport", "export", "--out", "a.xlsx"}, "lamsach passport export: missing --commune"},
		{[]string{"passport", "export", "--commune", "1"}, "lamsach passport export: missing --out"},
		{[]string{"passport", "export", "--commune", "1", "--out", "a.csv"}, "lamsach passport export: --out a.csv: the file name must end in .xlsx"},
		{[]string{"passport", "export", "--commune", "1", "--out", dir}, "lamsach passport export: --out " + dir + " is a folder; give a file name, such as " + filepath.Join(dir, "lamsach.xlsx")},
		{[]string{"passport", "export", "--commune", "1", "--out", filepath.Join(dir, "no", "a.xlsx")}, "lamsach passport export: --out " + filepath.Join(dir, "no", "a.xlsx") + ": the folder " + filepath.Join(dir, "no") + " does not exist"},
		{[]string{"passport", "export", "--commune", "1", "--out", exists}, "lamsach passport export: --out " + exists + " already exists; choose a new name, or add --force to replace it"},
		{[]string{"passport", "export", "--commune", "1", "--month", "12/2026", "--out", "a.xlsx"}, `lamsach passport export: --month "12/2026": want YYYY-MM, e.g. ` + time.Now().In(zone).Format("2006-01")},
		{[]string{"passport", "export", "--commune", "1", "--month", next, "--out", "a.xlsx"}, "lamsach passport export: --month " + next + " has not started yet"},
		{[]string{"passport", "export", "--commune", "Xã Khác", "--out", filepath.Join(dir, "b.xlsx")}, `lamsach passport export: unknown commune or facility "Xã Khác" (see lamsach commune list, lamsach facility list)`},
		{[]string{"passport", "export", "extra", "--commune", "1", "--out", "a.xlsx"}, `lamsach passport export: unexpected argument "extra"`},
	} {
		code, stdout, stderr := lamsach(t, append([]string{"--db", db}, c.args...)...)
		if code != 2 || stdout != "" || stderr != c.want+"\n" {
			t.Errorf("%v: exit %d, %q %q; want 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.xlsx")); err == nil {
		t.Error("a refused export left a file")
	}
	missing := filepath.Join(t.TempDir(), "typo.db")
	code, _, stderr := lamsach(t, "--db", missing, "passport", "export", "--commune", "1", "--out", filepath.Join(dir, "c.xlsx"))
	if code != 1 || !strings.Contains(stderr, "no database at") {
		t.Errorf("on a missing database: exit %d, %q", code, stderr)
	}
}
