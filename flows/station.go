package flows

import (
	"context"
	"strconv"
	"time"

	"lamsach/flows/sheet/xlsx"
)

// stationState is a health-station member's conversation state. It is
// empty on purpose: an upload waiting for [Nhập] lives in the database and
// its buttons carry its id, so a preview survives a restart and several can
// wait at once; the only typed step, "send the verification list next", is
// the convo's Step.
type stationState struct{}

// The station's steps.
const (
	stepVerifyList step = "s.verify" // waiting for the platform's verification list
)

// StationSettings bound and tune the station's uploads. The zero value is
// usable.
type StationSettings struct {
	// Limits bound an uploaded file; zero fields take xlsx.DefaultLimits.
	Limits xlsx.Limits
	// UploadTTL is how long an upload waits for [Nhập] before its file is
	// dropped (default 24 hours).
	UploadTTL time.Duration
	// DownloadLimit is the largest file the transport can fetch, named in
	// the answer to a bigger one (default Telegram's 20 MB).
	DownloadLimit int64
}

func (s StationSettings) uploadTTL() time.Duration {
	if s.UploadTTL > 0 {
		return s.UploadTTL
	}
	return 24 * time.Hour
}

func (s StationSettings) downloadLimit() int64 {
	if s.DownloadLimit > 0 {
		return s.DownloadLimit
	}
	return 20 << 20
}

// stationRepo is what the station conversation needs from storage. Each
// method checks in its own queries that the actor is a station member of
// the commune (or the operator).
type stationRepo interface {
	commonRepo
	reportRepo
	ImportRepo
	ExportRepo
	VerifyRepo
	AmendRepo

	// SaveUpload keeps an uploaded file for ttl, until it is imported or
	// cancelled, and returns it with its id.
	SaveUpload(ctx context.Context, actor Actor, u Upload, ttl time.Duration) (Upload, error)
	// Upload returns an upload of the actor's commune, with its file while
	// pending; a pending one past its expiry comes back expired.
	Upload(ctx context.Context, actor Actor, id int64) (Upload, error)
	// FinishUpload records that the upload became an import and drops its file.
	FinishUpload(ctx context.Context, actor Actor, id, importID int64) error
	// CancelUpload cancels a pending upload; it returns the upload as it
	// was, so one that had already ended is told apart.
	CancelUpload(ctx context.Context, actor Actor, id int64) (Upload, error)
	// CancelUploads cancels every pending upload of the actor.
	CancelUploads(ctx context.Context, actor Actor) (int, error)
	// PendingUploads lists the actor's uploads waiting for a press.
	PendingUploads(ctx context.Context, actor Actor) ([]Upload, error)
	// ImportRecipients lists the active village members and coordinators
	// told about new records.
	ImportRecipients(ctx context.Context, actor Actor, communeID int64) ([]Member, error)

	// ExportCounts counts the signed records not yet exported, per kind.
	ExportCounts(ctx context.Context, actor Actor, communeID int64) (map[ExportKind]int, error)
	// CreateExport makes a numbered batch of the signed records kind
	// carries and marks them exported; ErrNothingToExport when none.
	CreateExport(ctx context.Context, actor Actor, communeID int64, kind ExportKind) (Export, error)
	// OpenExports lists the batches not yet marked entered.
	OpenExports(ctx context.Context, actor Actor, communeID int64) ([]Export, error)
	// MarkEntered marks batch number entered with its records; ErrNotFound
	// for an unknown batch, ErrAlreadyEntered for one done before.
	MarkEntered(ctx context.Context, actor Actor, communeID int64, number int) (Export, int, error)
}

// text answers typed text: the station works with files and buttons.
func (t *stationHandler) text() error {
	if t.c.Step == stepVerifyList {
		t.say("station.verify.send_file")
		return nil
	}
	t.say("station.idle")
	return nil
}

// other answers a sticker or photo: the station also sends files.
func (t *stationHandler) other() error {
	t.say("other.ignored.station")
	return nil
}

// document takes a sent file: a list to import or the verification list.
func (t *stationHandler) document() error { return t.upload() }

// button handles a press on one of the station's buttons. Their
// data carries the upload id, the export kind or the batch number in the
// argument, never a record id, so a press from another role cannot be
// mistaken for a record's button.
func (t *stationHandler) button() error {
	p, ok := parsePress(t.ev.Data)
	if !ok {
		t.say("button.unknown")
		return nil
	}
	switch p.Act {
	case "imp", "vfy", "upx", "amd", "ams", "ush":
		// The preview's [Nhập] / [Huỷ] and the corrections' [Sửa] / [Bỏ
		// qua] decide them: their buttons go.
		t.unbutton()
	}
	switch p.Act {
	case "imp":
		return t.importPress(p.Arg)
	case "vfy":
		return t.verifyPress(p.Arg)
	case "upx":
		return t.cancelPress(p.Arg)
	case "ush":
		return t.sheetPress(p.Rec, p.Ver)
	case "amd", "ams":
		return t.amendPress(p.Arg, p.Act == "amd")
	case "exp":
		return t.exportPress(ExportKind(p.Arg))
	case "ent":
		return t.enteredPress(p.Arg)
	}
	t.say("button.unknown")
	return nil
}

// where tells a station member what is waiting: the verification
// list they were asked for, each preview still waiting for a press and
// each list whose corrections wait for a decision, shown again with their
// buttons.
func (t *stationHandler) where() error {
	ups, err := t.repo.PendingUploads(t.ctx, t.actor())
	if err != nil {
		return err
	}
	fixes, err := t.repo.AmendmentsWaiting(t.ctx, t.actor())
	if err != nil {
		return err
	}
	if t.c.Step == stepVerifyList {
		t.say("station.verify.ask")
	} else if len(ups) == 0 && len(fixes) == 0 {
		return t.whereIdle()
	}
	for _, u := range ups {
		t.send(Out{Text: t.T("station.where.upload", u.FileName, localTime(u.ExpiresAt)), Buttons: t.uploadButtons(u)})
	}
	for _, f := range fixes {
		id := strconv.FormatInt(f.UploadID, 10)
		t.send(Out{Text: t.T("resend.where", f.FileName, f.Count), Buttons: [][]Button{{
			button(t.T("resend.btn.apply", f.Count), "amd", 0, 0, id), button(t.T("resend.btn.skip"), "ams", 0, 0, id)}}})
	}
	return nil
}

// cancel is /cancel for a station member: the wait for a
// verification list ends and every preview still waiting is cancelled,
// its file dropped.
func (t *stationHandler) cancel() error {
	n, err := t.repo.CancelUploads(t.ctx, t.actor())
	if err != nil {
		return err
	}
	waiting := t.c.Step != stepIdle
	t.c.reset()
	switch {
	case n > 0:
		t.say("station.cancel.uploads", n)
	case waiting:
		t.say("cancel.done")
	default:
		t.say("cancel.nothing")
	}
	return nil
}

// vietnam is the time zone the station reads times in. Vietnam keeps no
// summer time, so a fixed offset is exact and needs no zone database.
var vietnam = time.FixedZone("ICT", 7*60*60)

// localTime shows a time as people in Vietnam read it: "14:05 27/11/2026".
func localTime(tm time.Time) string { return tm.In(vietnam).Format("15:04 02/01/2006") }
