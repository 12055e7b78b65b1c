package sheet

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lamsach/flows/sheet/sheettest"
)

// TestOpensInLibreOffice proves the files lamsach writes open in a
// spreadsheet program other than the library that wrote them: LibreOffice
// converts each to CSV (every sheet, UTF-8, values as shown) and every
// cell must equal what excelize reads from the same file, which the golden
// tests pin to what was written.
func TestOpensInLibreOffice(t *testing.T) {
	soffice := needSoffice(t)
	dir := t.TempDir()
	files := map[string][]byte{}
	var buf bytes.Buffer
	if _, err := WriteImport(&buf, DefaultTemplate(), importRows()); err != nil {
		t.Fatal(err)
	}
	files["import"] = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := WriteEditList(&buf, []EditRow{{Code: "DT1", Handover: 2, Officer: "Lê Bình", Village: "Ấp 3"}}); err != nil {
		t.Fatal(err)
	}
	files["edit"] = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := WriteHandover(&buf, handoverSample()); err != nil {
		t.Fatal(err)
	}
	files["handover"] = bytes.Clone(buf.Bytes())
	list := convertList()
	var imp, errs, changes bytes.Buffer
	if _, err := Convert(bytes.NewReader(list), int64(len(list)), ConvertOptions{Read: Options{Today: today}, Template: DefaultTemplate()}, &imp, &errs, &changes); err != nil {
		t.Fatal(err)
	}
	files["convert-import"], files["convert-errors"], files["convert-changes"] = imp.Bytes(), errs.Bytes(), changes.Bytes()
	// The error file the bot sends with a preview, and a list as
	// "lamsach sample" writes it.
	rep, _, err := readBytes(t, list, Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	var errFile, sample bytes.Buffer
	if err := WriteErrors(&errFile, rep, nil); err != nil {
		t.Fatal(err)
	}
	if err := Sample(&sample, 30, 1); err != nil {
		t.Fatal(err)
	}
	files["errors"], files["sample"] = errFile.Bytes(), sample.Bytes()

	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
		"--outdir", filepath.Join(dir, "out")}
	for name, data := range files {
		path := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	cmd := exec.Command(soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir) // keep LibreOffice away from the real home
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, data := range files {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			want, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			csvPath := filepath.Join(dir, "out", name+"-"+sh+".csv")
			got := readCSV(t, csvPath)
			if len(trimGrid(want)) < 3 {
				t.Fatalf("%s!%s: excelize reads only %d rows", name, sh, len(want))
			}
			compareGrids(t, name+"!"+sh, trimGrid(want), trimGrid(got))
		}
		f.Close()
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", filepath.Base(path), err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// trimGrid drops trailing empty cells and rows, which the two readers
// pad differently.
func trimGrid(g [][]string) [][]string {
	out := make([][]string, len(g))
	for i, row := range g {
		n := len(row)
		for n > 0 && row[n-1] == "" {
			n--
		}
		out[i] = row[:n]
	}
	n := len(out)
	for n > 0 && len(out[n-1]) == 0 {
		n--
	}
	return out[:n]
}

func compareGrids(t *testing.T, name string, want, got [][]string) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%s: LibreOffice shows %d rows, want %d", name, len(got), len(want))
	}
	for r := range min(len(want), len(got)) {
		if strings.Join(want[r], "\x00") != strings.Join(got[r], "\x00") {
			t.Errorf("%s row %d:\n LibreOffice %q\n want        %q", name, r+1, got[r], want[r])
		}
	}
}

// TestLibreOfficeSavesFormulas is the advice the formula error gives, done:
// a list with formulas whose results the file does not hold (as openpyxl
// writes them) reads with errors; saved again by LibreOffice, which
// computes them, it reads by the formulas' values.
func TestLibreOfficeSavesFormulas(t *testing.T) {
	soffice := needSoffice(t)
	rows := sheettest.Row(1, "Họ và tên", "Ngày sinh", "Số CCCD", "Thôn") +
		sheettest.Row(2, `=PROPER("nguyễn văn an")`, "12/05/1990", `="0870"&"90000123"`, `="Thôn "&"Đông"`)
	data := sheettest.Book{Sheets: []sheettest.Sheet{{Name: "Danh sách", Rows: rows}}}.Bytes()
	_, got, err := readBytes(t, data, Options{})
	if err != nil || len(got) != 1 || len(got[0].Errors) != 3 {
		t.Fatalf("before saving: %v, %+v", err, got)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "script.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "xlsx", "--outdir", filepath.Join(dir, "out"), in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "out", "script.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	_, got, err = readBytes(t, saved, Options{})
	if err != nil || len(got) != 1 {
		t.Fatalf("after saving: %d rows, %v", len(got), err)
	}
	r := got[0]
	if len(r.Errors) != 0 || r.Person.Name != "Nguyễn Văn An" || r.Person.ID.Number != "087090000123" || r.Village != "Thôn Đông" {
		t.Errorf("after saving: %q %q %q, errors %v", r.Person.Name, r.Person.ID.Number, r.Village, r.Errors)
	}
}

// needSoffice returns the path of LibreOffice's soffice, skipping the test
// without it, except in CI (CI=true), where it must be installed.
func needSoffice(t *testing.T) string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice is missing; CI installs libreoffice-calc-nogui")
		}
		t.Skip("soffice (LibreOffice) is not installed")
	}
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	return soffice
}
