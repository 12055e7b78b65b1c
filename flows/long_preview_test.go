package flows_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/flows/sheet/xlsx"
	"lamsach/store"
)

var tags = regexp.MustCompile(`<[^>]*>`)

// telegramUnits counts a message text as Telegram does: after HTML
// parsing, in UTF-16 units.
func telegramUnits(s string) int {
	return len(utf16.Encode([]rune(html.UnescapeString(tags.ReplaceAllString(s, "")))))
}

// TestPreviewOf300Villages: a list spread over 300 villages whose names
// have the longest allowed length gives a preview and an import result
// that Telegram accepts (issue 9, "messages are never dropped for
// length": a preview over 250 villages, the import result). The summary
// by village names the first 30 and counts the others, so the preview is
// one message, not six with village names cut across them.
func TestPreviewOf300Villages(t *testing.T) {
	h := newHarness(t)
	h.join("tram", 401, flows.RoleStation)
	const n = 300
	names := make([]string, n)
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		for i := range names {
			names[i] = fmt.Sprintf("Tổ dân phố Nguyễn & Trần %03d ", i)
			names[i] += strings.Repeat("Đ", 60-utf8.RuneCountInString(names[i]))
			if _, err := tx.CreateVillage(ctx, flows.Operator, h.commune.ID, names[i]); err != nil {
				return err
			}
		}
		return nil
	})
	rows := make([][]xlsx.WCell, n)
	for i := range rows {
		rows[i] = []xlsx.WCell{{Value: fmt.Sprint(i + 1)}, {Value: fmt.Sprintf("Nguyễn Văn An %d", i)},
			{Value: "12/05/1990"}, {Value: "Nam"}, {Value: fmt.Sprintf("0010900%05d", i)}, {Value: "0912345678"},
			{Value: names[i]}}
	}
	var list bytes.Buffer
	if err := sheet.StationList(&list, rows); err != nil {
		t.Fatal(err)
	}
	check := func(what string, outs []flows.Out) {
		t.Helper()
		var all strings.Builder
		for i, o := range outs {
			if u := telegramUnits(o.Text); u > 4096 {
				t.Errorf("%s: message %d is %d units", what, i, u)
			}
			all.WriteString(html.UnescapeString(o.Text) + "\n")
		}
		text := all.String()
		if len(outs) != 1 && what == "preview" {
			t.Errorf("%s: %d messages, want one", what, len(outs))
		}
		for i, name := range names {
			if named := strings.Contains(text, name+" 1"); named != (i < 30) {
				t.Errorf("%s: village %d named %v", what, i, named)
			}
		}
		if !strings.Contains(text, "… và 270 thôn khác: 270 hồ sơ") {
			t.Errorf("%s does not count the villages not named:\n%s", what, text)
		}
	}
	preview := h.stUpload("tram", "300-thon.xlsx", list.Bytes())
	check("preview", preview)
	check("import result", h.press("tram", preview, "Nhập"))
}
