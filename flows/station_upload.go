package flows

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
)

// upload handles a file a station member sent: a list to import or the
// platform's verification list. Nothing is stored but the file itself,
// kept until the person presses [Nhập] or [Huỷ] on the preview.
func (t *stationHandler) upload() error {
	doc := t.ev.Doc
	if doc == nil {
		return t.unknown()
	}
	if doc.Data == nil {
		if doc.Size > 0 {
			t.say("station.upload.too_big", doc.Name, mb(doc.Size), mb(t.app.Station.downloadLimit()))
		} else {
			t.say("station.upload.too_big_unknown", doc.Name, mb(t.app.Station.downloadLimit()))
		}
		return nil
	}
	if notSpreadsheet(doc.Name, doc.MIME) {
		t.say("station.upload.not_xlsx", doc.Name)
		return nil
	}
	return t.preview(doc, "")
}

// preview reads a sent list (the named sheet, or the first with a header),
// keeps the file while the preview waits for a press, and sends the
// preview with its buttons: [Nhập] / [Huỷ], and one per other sheet that
// also has a header, to read that one instead.
func (t *stationHandler) preview(doc *Document, sheetName string) error {
	vs, err := t.repo.Villages(t.ctx, t.member.CommuneID)
	if err != nil {
		return err
	}
	opt := t.importOptions()
	opt.Sheet = sheetName
	pv, err := PreviewList(t.ctx, t.repo, t.actor(), t.member.CommuneID, bytes.NewReader(doc.Data), int64(len(doc.Data)), opt)
	if err != nil {
		return t.refused(err)
	}
	if IsVerification(pv.Report) || t.c.Step == stepVerifyList {
		return t.verifyUpload(doc, pv.Report)
	}
	earlier, err := t.repo.ImportBySHA(t.ctx, t.actor(), t.member.CommuneID, digestBytes(doc.Data))
	switch {
	case err == nil:
		return t.sameFile(earlier)
	case !errors.Is(err, ErrNotFound):
		return err
	}
	if pv.Report.Rows.OK == 0 {
		t.say("station.upload.no_rows", doc.Name, pv.Report.Rows.WithErrors)
		return t.errorFile(doc.Name, pv.Report)
	}
	// A list whose every row the commune has, bringing nothing to correct,
	// is answered without keeping the file: there is nothing to press.
	rs := &pv.Resend
	nothing := rs.Known() && rs.New == 0 && rs.Amendable == 0
	var u Upload
	if !nothing || len(pv.Report.OtherSheets) > 0 {
		u, err = t.repo.SaveUpload(t.ctx, t.actor(), Upload{CommuneID: t.member.CommuneID, Kind: KindList,
			FileName: doc.Name, Sheet: sheetName, Data: doc.Data}, t.app.Station.uploadTTL())
		if err != nil {
			return err
		}
	}
	out := Out{Text: t.previewText(doc.Name, pv, vs, u, nothing), Personal: true}
	if !nothing {
		out.Buttons = t.uploadButtons(u)
	}
	out.Buttons = append(out.Buttons, t.sheetButtons(u, pv.Report.OtherSheets)...)
	t.send(out)
	return t.errorFile(doc.Name, pv.Report)
}

// previewLimit keeps the preview inside Telegram's 4096 characters with
// room for the lines around the report.
const previewLimit = 3200

// importOptions are the bounds of an upload, from the settings.
func (t *stationHandler) importOptions() ImportOptions {
	return ImportOptions{Limits: t.app.Station.Limits, Today: t.now}
}

// refused answers a file that could not be read with the one sentence that
// says why and what to send instead. Other errors are system failures.
func (t *stationHandler) refused(err error) error {
	if !sheet.IsRefusal(err) {
		return err
	}
	t.send(Out{Text: msg.Esc(sheet.RefusalText(t.lang, err))})
	return nil
}

// sameFile refuses a list the commune already imported.
func (t *stationHandler) sameFile(earlier Import) error {
	t.say("station.upload.same_file", earlier.FileName, localTime(earlier.CreatedAt), earlier.Rows)
	return nil
}

// errorFile sends the rows with errors back in their own layout, with a
// column naming each bad cell and the reason.
func (t *stationHandler) errorFile(name string, rep *sheet.Report) error {
	if len(rep.ErrorRows) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if err := sheet.WriteErrors(&buf, rep, nil); err != nil {
		return fmt.Errorf("error file: %w", err)
	}
	caption := t.T("station.errors.caption", rep.Rows.WithErrors)
	if rep.ErrorRowsOmitted > 0 {
		caption += "\n" + t.T("station.errors.omitted", len(rep.ErrorRows), rep.ErrorRowsOmitted)
	}
	t.send(Out{Kind: OutFile, Text: caption, File: &File{Name: "loi-" + stem(name) + ".xlsx", Data: buf.Bytes()}, Personal: true})
	return nil
}

// uploadButtons are the preview's [Nhập]/[Cập nhật] and [Huỷ]. The upload
// id travels in the argument.
func (t *stationHandler) uploadButtons(u Upload) [][]Button {
	id := strconv.FormatInt(u.ID, 10)
	ok := button(t.T("station.btn.import"), "imp", 0, 0, id)
	if u.Kind == KindVerification {
		ok = button(t.T("station.btn.apply"), "vfy", 0, 0, id)
	}
	return [][]Button{{ok, button(t.T("station.btn.cancel"), "upx", 0, 0, id)}}
}

// maxSheetButtons bounds the buttons offering other sheets.
const maxSheetButtons = 6

// sheetButtons offer the other sheets that have a header row, by their
// place in the report's list (a sheet's name may not fit a button's data).
func (t *stationHandler) sheetButtons(u Upload, others []sheet.SheetRef) [][]Button {
	var rows [][]Button
	for i, s := range others {
		if i == maxSheetButtons || u.ID == 0 {
			break
		}
		rows = append(rows, []Button{button(t.T("station.btn.sheet", clip(s.Name, 40)), "ush", u.ID, int64(i), "")})
	}
	return rows
}

// sheetPress reads the sheet the station picked instead: the file is
// previewed again from that sheet, kept as a new upload that imports it,
// and the old preview is cancelled.
func (t *stationHandler) sheetPress(id, index int64) error {
	u, ok, err := t.pendingUpload(strconv.FormatInt(id, 10), KindList)
	if !ok || err != nil {
		return err
	}
	opt := t.importOptions()
	opt.Sheet = u.Sheet
	pv, err := PreviewList(t.ctx, t.repo, t.actor(), t.member.CommuneID, bytes.NewReader(u.Data), int64(len(u.Data)), opt)
	if err != nil {
		return t.refused(err)
	}
	if index < 0 || index >= int64(len(pv.Report.OtherSheets)) {
		t.say("button.unknown")
		return nil
	}
	if _, err := t.repo.CancelUpload(t.ctx, t.actor(), u.ID); err != nil {
		return err
	}
	doc := &Document{Name: u.FileName, Data: u.Data, Size: int64(len(u.Data))}
	return t.preview(doc, pv.Report.OtherSheets[index].Name)
}

// pressedUpload loads, by load, the upload a button names by its id. It
// answers, and returns false, when the id is not one or the upload is
// unknown or of another commune: each upload button starts this way.
func (t *stationHandler) pressedUpload(arg string, load func(context.Context, Actor, int64) (Upload, error)) (Upload, bool, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		t.say("button.unknown")
		return Upload{}, false, nil
	}
	u, err := load(t.ctx, t.actor(), id)
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
		t.say("station.upload.gone")
		return Upload{}, false, nil
	}
	if err != nil {
		return Upload{}, false, err
	}
	return u, true, nil
}

// pendingUpload loads the upload a preview button names. It answers, and
// returns false, when the upload is unknown, of another commune, or no
// longer pending.
func (t *stationHandler) pendingUpload(arg string, kind UploadKind) (Upload, bool, error) {
	u, ok, err := t.pressedUpload(arg, t.repo.Upload)
	if !ok {
		return u, false, err
	}
	if u.Status != UploadPending {
		t.uploadEnded(u)
		return Upload{}, false, nil
	}
	if u.Kind != kind {
		t.say("button.unknown")
		return Upload{}, false, nil
	}
	return u, true, nil
}

// uploadEnded tells what became of an upload whose button was pressed late.
func (t *stationHandler) uploadEnded(u Upload) {
	switch u.Status {
	case UploadImported:
		t.say("station.upload.was_imported", u.FileName)
	case UploadCancelled:
		t.say("station.upload.was_cancelled", u.FileName)
	default:
		t.say("station.upload.was_expired", u.FileName)
	}
}

// importPress stores a previewed list: the file is read again and stored
// all or nothing, then dropped.
func (t *stationHandler) importPress(arg string) error {
	u, ok, err := t.pendingUpload(arg, KindList)
	if !ok || err != nil {
		return err
	}
	opt := t.importOptions()
	opt.Amend, opt.Sheet = true, u.Sheet
	res, err := ImportList(t.ctx, t.repo, t.actor(), t.member.CommuneID, u.FileName,
		bytes.NewReader(u.Data), int64(len(u.Data)), opt)
	var same *SameFileError
	switch {
	case errors.As(err, &same):
		err = t.sameFile(same.Earlier)
	case errors.Is(err, ErrNothingToImport):
		t.say("station.upload.no_rows", u.FileName, res.Report.Rows.WithErrors)
		err = nil
	case errors.Is(err, ErrNothingNew):
		// Other lists brought its new rows since the preview.
		t.say("resend.nothing_new", u.FileName)
		err = nil
	case sheet.IsRefusal(err):
		err = t.refused(err)
	case err != nil:
		return err
	default:
		if err := t.repo.FinishUpload(t.ctx, t.actor(), u.ID, res.Import.ID); err != nil {
			return err
		}
		return t.imported(u, res)
	}
	if err != nil {
		return err
	}
	// The file can never be imported as it is: keep nothing of it.
	_, err = t.repo.CancelUpload(t.ctx, t.actor(), u.ID)
	return err
}

// cancelPress cancels a preview: the kept file is dropped.
func (t *stationHandler) cancelPress(arg string) error {
	u, ok, err := t.pressedUpload(arg, t.repo.CancelUpload)
	if !ok {
		return err
	}
	if u.Status != UploadPending {
		t.uploadEnded(u)
		return nil
	}
	t.say("station.upload.cancelled", u.FileName)
	return nil
}

// notSpreadsheet reports a file that is plainly something else: a photo,
// a PDF, a Word document. Spreadsheets of the wrong kind (.xls, .ods, CSV)
// are read, so their refusal can say exactly how to convert them.
func notSpreadsheet(name, mime string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf", ".doc", ".docx", ".odt", ".rtf", ".jpg", ".jpeg", ".png", ".gif", ".heic", ".webp",
		".mp4", ".mov", ".mp3", ".zip", ".rar", ".7z", ".ppt", ".pptx", ".apk", ".exe":
		return true
	}
	mime = strings.ToLower(mime)
	for _, p := range []string{"image/", "video/", "audio/", "application/pdf", "application/msword",
		"wordprocessingml", "presentationml"} {
		if strings.HasPrefix(mime, p) || strings.Contains(mime, p) {
			return true
		}
	}
	return false
}

// mb shows a size in whole megabytes, rounded up: "24" for 23.4 MB. No
// decimal point, which Vietnamese writes as a comma; rounded up, so a file
// just over a limit never shows the limit's own size.
func mb(n int64) string { return strconv.FormatInt((n+1<<20-1)>>20, 10) }

// stem is a file name without its directory and extension, for the names
// of the files sent back.
func stem(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	s := strings.TrimSuffix(base, path.Ext(base))
	if s == "" || s == "." || s == "/" {
		return "danh-sach"
	}
	return s
}

// clip cuts text at the last line break before limit bytes, so a huge
// report (a list with hundreds of columns) still fits one message.
func clip(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := strings.LastIndexByte(s[:limit], '\n')
	if cut <= 0 {
		for cut = limit; cut > 0 && !utf8.RuneStart(s[cut]); cut-- {
		}
	}
	return s[:cut] + "\n…\n"
}
