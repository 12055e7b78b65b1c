package sheet

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// fixtures rewrites the shared fixtures in the repository's testdata/:
// go test ./flows/sheet -run TestGenerateFixtures -fixtures
// The files are committed; this is how they were made.
var fixtures = flag.Bool("fixtures", false, "rewrite the spreadsheet fixtures in ../../testdata")

// fixtureDir is the repository's shared testdata directory.
const fixtureDir = "../../testdata"

func fixture(name string) string { return filepath.Join(fixtureDir, name) }

func TestGenerateFixtures(t *testing.T) {
	if !*fixtures {
		t.Skip("run with -fixtures to rewrite the fixtures")
	}
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(fixture(name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("station-list.xlsx", stationList(t))
	write("verification-list.xlsx", verificationList(t))
	write("legacy-tcvn3.xlsx", legacyList(t))
	write("no-header.xlsx", noHeaderList(t))
	write("encrypted.xlsx", encryptedList(t))
	write("list-utf16.csv", utf16CSV(t))
	write("list-cp1258.csv", cp1258CSV(t))
	for _, ext := range []string{"xls", "xlsx"} {
		data, err := os.ReadFile("../../../shared/reference/platform-import-template-2021." + ext)
		if err != nil {
			t.Fatal(err)
		}
		write("platform-import-template-2021."+ext, data)
	}
	// The .ods is the station list saved by LibreOffice, as a station using
	// it would send it.
	dir := t.TempDir()
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+dir+"/profile", "--headless",
		"--convert-to", "ods", "--outdir", dir, fixture("station-list.xlsx"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "station-list.ods"))
	if err != nil {
		t.Fatal(err)
	}
	write("station-list.ods", data)
}

// book is a small excelize helper for fixtures.
type book struct {
	t *testing.T
	f *excelize.File
}

func newBook(t *testing.T, sheet string) *book {
	f := excelize.NewFile()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	return &book{t, f}
}

// set writes cells from ref onwards along a row; nil skips a cell.
func (b *book) set(sheet, ref string, vals ...any) {
	b.t.Helper()
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		b.t.Fatal(err)
	}
	for i, v := range vals {
		if v == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(col+i, row)
		if err := b.f.SetCellValue(sheet, cell, v); err != nil {
			b.t.Fatal(err)
		}
	}
}

func (b *book) merge(sheet string, ranges ...string) {
	for _, r := range ranges {
		a, c, _ := strings.Cut(r, ":")
		if err := b.f.MergeCell(sheet, a, c); err != nil {
			b.t.Fatal(err)
		}
	}
}

// dateStyle formats cells as dates, as Excel does for a typed date.
func (b *book) dateStyle(sheet string, refs ...string) {
	id, err := b.f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		b.t.Fatal(err)
	}
	for _, r := range refs {
		b.f.SetCellStyle(sheet, r, r, id)
	}
}

func (b *book) bytes(opts ...excelize.Options) []byte {
	b.t.Helper()
	var buf bytes.Buffer
	if _, err := b.f.WriteTo(&buf, opts...); err != nil {
		b.t.Fatal(err)
	}
	return buf.Bytes()
}

// stationList is a station's list as Excel users make them: an
// instructions sheet first, then the list with a title block, a merged
// two-row header, a row of column numbers, numeric ID and phone cells that
// lost their zeros, dates as date-formatted and plain serials, text and a
// two-digit year, an NFD name, duplicates, and a signature block.
func stationList(t *testing.T) []byte {
	b := newBook(t, "Hướng dẫn")
	b.set("Hướng dẫn", "A1", "Hướng dẫn: điền danh sách ở trang tính «Danh sách».")
	s := "Danh sách"
	if _, err := b.f.NewSheet(s); err != nil {
		t.Fatal(err)
	}
	b.set(s, "A1", "UBND XÃ TÂN PHÚ", nil, nil, nil, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	b.set(s, "A2", "TRẠM Y TẾ", nil, nil, nil, "Độc lập - Tự do - Hạnh phúc")
	b.set(s, "A4", "DANH SÁCH ĐỐI TƯỢNG CÓ THÔNG TIN CHƯA CHÍNH XÁC TRÊN NỀN TẢNG TIÊM CHỦNG")
	b.set(s, "A6", "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Giấy tờ", nil, "Số điện thoại", "Địa chỉ thường trú", "Ghi chú")
	b.set(s, "E7", "Số CMND/CCCD", "Số thẻ BHYT")
	b.merge(s, "A1:C1", "E1:H1", "A2:C2", "E2:H2", "A4:I4",
		"A6:A7", "B6:B7", "C6:C7", "D6:D7", "E6:F6", "G6:G7", "H6:H7", "I6:I7")
	b.set(s, "A8", "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)")
	b.set(s, "A9", 1, "Nguyễn Văn An", 33005, "Nam", "087090000123", "DN4878700012345", "0912345678", "Thôn Đông, xã Tân Phú")
	b.set(s, "A10", 2, norm.NFD.String("Trần Thị Hoà"), 32874, "Nữ", 87190000456, nil, 906331568, "Ấp 3 - xã Tân Phú")
	b.set(s, "A11", 3, "LÊ VĂN TÁM", "15/05/85", "Nam", nil, nil, nil, "Số 5 đường Lê Lợi, Tổ 2, phường An Lạc")
	b.set(s, "A12", 4, "Pham Thi Thuy", "1975", "nu", "12345678901234", nil, "01689123456", "Xóm Mới, xã Tân Phú")
	b.set(s, "A13", 5, "Hoàng Văn Thắng", "03/04/1962", "X", "012345678")
	b.set(s, "A14", 6, "Nguyễn Văn An", 33005, "Nam", nil, nil, nil, "Thôn Đông, xã Tân Phú", "Nhập trùng")
	b.set(s, "A15", 7, "Đỗ Thị Hương", "31/02/1990", "Nữ", "087090000123", nil, "0987654321", "Thôn Tây, xã Tân Phú", "=1+1")
	b.set(s, "A16", 8, "Vũ Đức Phúc", "12/05/2001", "Nam", "087201000789", nil, "0387654321", "Khu phố 2, thị trấn X")
	b.dateStyle(s, "C9", "C14")
	b.set(s, "B18", "Tổng cộng: 8 người")
	b.set(s, "B19", "Người lập biểu", nil, nil, nil, nil, "Trưởng trạm")
	b.f.SetActiveSheet(1)
	return b.bytes()
}

// verificationList is the platform's verification list as a station might
// download it: a one-row header with the record code and the result, in a
// workbook using the 1904 date system (old Mac Excel).
func verificationList(t *testing.T) []byte {
	s := "Sheet1"
	b := newBook(t, s)
	yes := true
	if err := b.f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	b.set(s, "A1", "Mã đối tượng", "Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Số điện thoại", "Kết quả xác minh")
	// 1904 serials: 31543 is 12/05/1990, 19724 is 01/01/1958.
	b.set(s, "A2", "DT000123", "Nguyễn Văn An", 31543, "Nam", "087090000123", "0912345678", "Đã xác thực")
	b.set(s, "A3", "DT000124", "Trần Thị Hoà", 19724, "Nữ", "087158000456", nil, "Không khớp thông tin")
	b.dateStyle(s, "C2", "C3")
	return b.bytes()
}

// legacyList is a list typed with the TCVN3 (.VnTime) fonts, as old
// Windows machines still produce: every Vietnamese letter is a Latin-1
// character in the file.
func legacyList(t *testing.T) []byte {
	s := "Sheet1"
	b := newBook(t, s)
	b.set(s, "A1", "UBND X· T¢N PHó")
	b.set(s, "A3", "STT", "Hä vµ tªn", "Ngµy sinh", "Giíi tÝnh", "Sè CMND")
	names := []string{"NguyÔn V¨n An", "TrÇn ThÞ Thu Hµ", "Lª V¨n T¸m", "Ph¹m Minh §øc", "Hoµng V¨n Th¾ng",
		"§Æng V¨n L©m", "Vâ ThÞ S¸u", "NguyÔn ThÞ Hång"}
	for i, n := range names {
		b.set(s, "A"+strconv.Itoa(4+i), i+1, n, "01/02/1980", "Nam", "012345678")
	}
	return b.bytes()
}

// noHeaderList is a workbook with data but nothing that names a column.
func noHeaderList(t *testing.T) []byte {
	s := "Sheet1"
	b := newBook(t, s)
	b.set(s, "A1", "Báo cáo tuần")
	b.set(s, "A3", "Thôn", "Số người", "Tỷ lệ")
	b.set(s, "A4", "Thôn Đông", 120, 0.95)
	return b.bytes()
}

// encryptedList is a list saved with a password to open.
func encryptedList(t *testing.T) []byte {
	s := "Sheet1"
	b := newBook(t, s)
	b.set(s, "A1", "Họ và tên", "Ngày sinh")
	b.set(s, "A2", "Nguyễn Văn An", "12/05/1990")
	return b.bytes(excelize.Options{Password: "tramyte"})
}

// csvRows are the rows of the CSV fixtures.
var csvRows = [][]string{
	{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND/CCCD"},
	{"1", "Nguyễn Văn An", "12/05/1990", "Nam", "087090000123"},
	{"2", "Trần Thị Hoà", "01/01/1958", "Nữ", "87158000456"},
}

// utf16CSV is Excel's "Unicode Text": UTF-16LE with a BOM, tab-separated.
func utf16CSV(t *testing.T) []byte {
	var s strings.Builder
	for _, r := range csvRows {
		s.WriteString(strings.Join(r, "\t") + "\r\n")
	}
	enc := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()
	out, err := enc.Bytes([]byte(s.String()))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cp1258CSV is Excel's CSV on a Vietnamese Windows: code page 1258, where
// vowels with a circumflex, breve or horn are single bytes and tone marks
// are combining bytes after them.
func cp1258CSV(t *testing.T) []byte {
	var s strings.Builder
	for _, r := range csvRows {
		s.WriteString(strings.Join(r, ",") + "\r\n")
	}
	enc := charmap.Windows1258.NewEncoder()
	var out []byte
	for _, r := range s.String() {
		b, err := enc.Bytes([]byte(string(r)))
		if err == nil {
			out = append(out, b...)
			continue
		}
		// Split the tone mark off: NFD, then recompose the vowel's own mark.
		d := []rune(norm.NFD.String(string(r)))
		for _, part := range []string{norm.NFC.String(string(d[:len(d)-1])), string(d[len(d)-1])} {
			b, err := enc.Bytes([]byte(part))
			if err != nil {
				t.Fatalf("cp1258 cannot encode %q (%q)", r, part)
			}
			out = append(out, b...)
		}
	}
	return out
}
