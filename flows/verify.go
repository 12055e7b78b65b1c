package flows

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"lamsach/flows/sheet"
	"lamsach/flows/vn"
)

// VerifyRepo is what reconciling the platform's verification list needs
// from storage.
type VerifyRepo interface {
	MatchVerification(ctx context.Context, actor Actor, communeID int64, keys []VerifyKey) ([]VerifyMatch, error)
	ApplyVerification(ctx context.Context, actor Actor, communeID int64, changes []VerifyChange, reason string) (int, error)
	CreateImport(ctx context.Context, actor Actor, imp Import) (Import, error)
	FinishImport(ctx context.Context, actor Actor, importID int64, rows int) error
	Atomic(ctx context.Context, fn func(ctx context.Context) error) error
}

// ErrNoResultColumn means a file sent as the verification list has no
// result column, so it says nothing about verification.
var ErrNoResultColumn = errors.New("the list has no verification result column")

// resultWords decide what a verification result says, matched as whole
// words after folding (case and diacritics ignored). The platform's exact
// wording is not public (DOMAIN.md §5), so this is data: a new wording is
// one more line. Negative phrases come first, because "không khớp"
// contains "khớp" and "chưa xác thực" contains "xác thực".
var resultWords = []struct {
	phrase string
	state  State
	whole  bool // the phrase must be the whole text: "đúng" is also in "sử dụng"
}{
	{"khong khop", StateStillWrong, false},
	{"chua khop", StateStillWrong, false},
	{"chua xac thuc", StateStillWrong, false},
	{"khong xac thuc", StateStillWrong, false},
	{"chua xac minh", StateStillWrong, false},
	{"khong thanh cong", StateStillWrong, false},
	{"khong hop le", StateStillWrong, false},
	{"khong dung", StateStillWrong, false},
	{"that bai", StateStillWrong, false},
	{"sai", StateStillWrong, false},
	{"loi", StateStillWrong, false},
	{"da xac thuc", StateVerified, false},
	{"da xac minh", StateVerified, false},
	{"xac thuc thanh cong", StateVerified, false},
	{"khop", StateVerified, false},
	{"thanh cong", StateVerified, false},
	{"hop le", StateVerified, false},
	{"dung", StateVerified, true},
}

// classifyResult reads a verification result cell: verified, still wrong,
// or "" for a wording it does not know (those rows are shown, not guessed).
func classifyResult(text string) State {
	k := " " + strings.Join(strings.Fields(keyWords(text)), " ") + " "
	if strings.TrimSpace(k) == "" {
		return ""
	}
	for _, w := range resultWords {
		if w.whole && k == " "+w.phrase+" " || !w.whole && strings.Contains(k, " "+w.phrase+" ") {
			return w.state
		}
	}
	return ""
}

// maxUnknownTexts bounds the unknown wordings a reconciliation lists, and
// maxWrongNames the still-wrong people it names.
const (
	maxUnknownTexts = 5
	maxWrongNames   = 10
)

// Reconciliation is what a verification list says about the commune's
// records.
type Reconciliation struct {
	Report     *sheet.Report
	Rows       int // data rows read
	Verified   int // rows that matched a record the platform verified
	StillWrong int // rows that matched a record the platform still finds wrong
	Already    int // of those, rows whose record already had that result
	NoRecord   int // rows that matched no exported or entered record
	Ambiguous  int // rows that matched several records
	Unknown    int // rows whose result is empty or worded unknowingly
	// UnknownTexts are the first distinct unknown wordings, to show.
	UnknownTexts []string
	// WrongNames name the first rows the platform still finds wrong (name
	// and date of birth as the list gives them), so the station knows whom
	// to look at, not only how many.
	WrongNames []string
	Changed    int    // records changed (when applied)
	Import     Import // the stored list (when applied)
}

// Unmatched counts the rows that change nothing: no record, several
// records, or a result not understood.
func (r Reconciliation) Unmatched() int { return r.NoRecord + r.Ambiguous + r.Unknown }

// Reconcile reads the platform's verification list in r and matches each
// row to the commune's exported or entered records (by platform code, ID
// number, else name and date of birth); the result column decides verified
// or still wrong. With apply unset it only counts, for the preview; with
// apply set it also stores the list and sets each matched record's state,
// audited, all or nothing.
func Reconcile(ctx context.Context, repo VerifyRepo, actor Actor, communeID int64, name string,
	r io.ReaderAt, size int64, opt ImportOptions, apply bool) (Reconciliation, error) {
	var rec Reconciliation
	sum := ""
	if apply {
		var err error
		if sum, err = digest(r, size); err != nil {
			return rec, err
		}
	}
	run := func(ctx context.Context) error {
		so := opt.sheet()
		so.Header = func(rep *sheet.Report) error {
			if !IsVerification(rep) {
				return ErrNoResultColumn
			}
			if !apply {
				return nil
			}
			imp, err := repo.CreateImport(ctx, actor, Import{CommuneID: communeID, Kind: KindVerification,
				FileName: name, SHA256: sum, Headers: rep.HeaderPaths(), Columns: rep.Columns, MemberID: actor.MemberID})
			rec.Import = imp
			return err
		}
		rep, err := sheet.Read(r, size, so, func(rows []sheet.Row) error { return rec.batch(ctx, repo, actor, communeID, rows, apply) })
		rec.Report = rep
		if err != nil || !apply {
			return err
		}
		rec.Import.Rows, rec.Import.Committed = rec.Rows, true
		return repo.FinishImport(ctx, actor, rec.Import.ID, rec.Rows)
	}
	if !apply {
		return rec, run(ctx)
	}
	return rec, repo.Atomic(ctx, run)
}

// batch reconciles one batch of rows.
func (rec *Reconciliation) batch(ctx context.Context, repo VerifyRepo, actor Actor, communeID int64, rows []sheet.Row, apply bool) error {
	keys := make([]VerifyKey, 0, len(rows))
	states := make([]State, 0, len(rows))
	names := make([]string, 0, len(rows))
	for i := range rows {
		row := &rows[i]
		rec.Rows++
		s := classifyResult(row.Result)
		if s == "" {
			rec.Unknown++
			rec.noteUnknown(row.Result)
			continue
		}
		k := VerifyKey{Code: row.Code, ID: row.Person.ID.Number, NameKey: row.NameKey}
		if !row.Person.DOB.IsZero() {
			k.DOB = row.Person.DOB.String()
		}
		keys, states = append(keys, k), append(states, s)
		names = append(names, listedAs(row.Person))
	}
	if len(keys) == 0 {
		return nil
	}
	matches, err := repo.MatchVerification(ctx, actor, communeID, keys)
	if err != nil {
		return err
	}
	var changes []VerifyChange
	for i, m := range matches {
		switch {
		case m.Ambiguous:
			rec.Ambiguous++
			continue
		case m.RecordID == 0:
			rec.NoRecord++
			continue
		case states[i] == StateVerified:
			rec.Verified++
		default:
			rec.StillWrong++
			if len(rec.WrongNames) < maxWrongNames {
				rec.WrongNames = append(rec.WrongNames, names[i])
			}
		}
		if m.State == states[i] {
			rec.Already++
			continue
		}
		changes = append(changes, VerifyChange{RecordID: m.RecordID, State: states[i]})
	}
	if !apply || len(changes) == 0 {
		return nil
	}
	n, err := repo.ApplyVerification(ctx, actor, communeID, changes, "verification import "+strconv.FormatInt(rec.Import.ID, 10))
	rec.Changed += n
	return err
}

// listedAs names a person as a list row gives them: name, date of birth.
func listedAs(p vn.Person) string {
	if d := p.DOB.Display(); d != "" {
		return p.Name + ", " + d
	}
	return p.Name
}

// noteUnknown remembers an unknown wording to show, once.
func (rec *Reconciliation) noteUnknown(text string) {
	text = strings.TrimSpace(text)
	if len(rec.UnknownTexts) >= maxUnknownTexts {
		return
	}
	for _, t := range rec.UnknownTexts {
		if t == text {
			return
		}
	}
	rec.UnknownTexts = append(rec.UnknownTexts, text)
}
