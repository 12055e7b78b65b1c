package flows

import (
	"fmt"
	"time"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
	"lamsach/flows/vn"
)

// Fields are a person's fields that the process checks and corrects: the
// four of "basic personal information" (Official Letter 2262) and the
// phone. Each is declared once, in FieldSpecs; adding one is a member here,
// its FieldSpecs entry, a migration adding its column and "orig_" twin, and
// its catalog texts (field.<key>, ask.<key>, ask.<key>.again, btn.edit_<key>).
type Fields struct {
	Name   string // display form (vn.ParseName)
	DOB    vn.Date
	Gender vn.Gender
	ID     vn.ID
	Phone  string
}

// FieldSpec declares one person field: how it is stored, parsed, shown,
// corrected, read from a CCCD's QR text and written to the station's files.
// Cards, edits, drafts, the QR paste, the exports, the store's columns and
// the audit log's field names all iterate FieldSpecs.
type FieldSpec struct {
	Key vn.Field
	// Columns are the stored columns, also the audit log's field names;
	// each has an "orig_" twin holding the value as imported. Values gives
	// the stored texts in Columns' order and Load reads them back.
	Columns []string
	Values  func(Fields) []string
	Load    func(*Fields, []string) error
	// Card fields are shown on the record cards, in FieldSpecs' order, and
	// corrected in chat; Inline ones continue the line before (" · ").
	Card   bool
	Inline bool
	// EditRank orders the card's correction buttons (lowest first): the
	// ID, most often what is wrong, comes before the card's first line.
	EditRank int
	// Parse reads a typed value into f. bad is the person's mistake,
	// notices what they should look at (e.g. restored zeros).
	Parse func(f *Fields, text string, now time.Time) (notices []vn.Issue, bad *vn.Issue)
	// Choices, when set, are offered as buttons (their values go to Parse)
	// instead of asking for text.
	Choices []string
	// Label names the field on a card; Show renders its value, the ID
	// masked unless full.
	Label func(l msg.Lang, f Fields) string
	Show  func(l msg.Lang, f Fields, full bool) string
	// FromQR copies the field from a CCCD's QR text; nil when the QR code
	// does not carry it.
	FromQR func(f *Fields, q vn.QR)
	// Sheet is the column the field has in station lists, the platform's
	// import file and the edit list; Cell is its value there (plain text).
	Sheet sheet.Field
	Cell  func(Fields) string
	// FromList reads the field from a station list's cell (sheet.Row.Text)
	// at import; nil for the fields the sheet reader parses itself into
	// vn.Person (FieldsOf).
	FromList func(f *Fields, text string)
}

// FieldSpecs are the person fields, in the order cards show them.
var FieldSpecs = []FieldSpec{
	{
		Key: vn.FieldName, Columns: []string{"name"}, Card: true, EditRank: 1, Sheet: sheet.FieldName,
		Values: func(f Fields) []string { return []string{f.Name} },
		Load:   func(f *Fields, v []string) error { f.Name = v[0]; return nil },
		Parse: func(f *Fields, text string, _ time.Time) ([]vn.Issue, *vn.Issue) {
			r := vn.ParseName(text)
			if r.Err != nil {
				return nil, r.Err
			}
			f.Name = r.Name
			return nil, nil
		},
		Label:  fieldLabel(vn.FieldName),
		Show:   func(l msg.Lang, f Fields, _ bool) string { return orEmptyValue(l, msg.Esc(f.Name)) },
		FromQR: func(f *Fields, q vn.QR) { f.Name = q.Name },
		Cell:   func(f Fields) string { return f.Name },
	},
	{
		Key: vn.FieldDOB, Columns: []string{"dob"}, Card: true, EditRank: 2, Sheet: sheet.FieldDOB,
		Values: func(f Fields) []string { return []string{f.DOB.String()} },
		Load: func(f *Fields, v []string) (err error) {
			f.DOB, err = vn.ParseStoredDate(v[0])
			return err
		},
		Parse:  parseDOB,
		Label:  fieldLabel(vn.FieldDOB),
		Show:   showDOB,
		FromQR: func(f *Fields, q vn.QR) { f.DOB = q.DOB },
		Cell:   func(f Fields) string { return f.DOB.Display() },
	},
	{
		Key: vn.FieldGender, Columns: []string{"gender"}, Card: true, Inline: true, EditRank: 3, Sheet: sheet.FieldGender,
		Values:  func(f Fields) []string { return []string{string(f.Gender)} },
		Load:    func(f *Fields, v []string) error { f.Gender = vn.Gender(v[0]); return nil },
		Parse:   parseGender,
		Choices: []string{string(vn.Male), string(vn.Female)},
		Label:   fieldLabel(vn.FieldGender),
		Show: func(l msg.Lang, f Fields, _ bool) string {
			if f.Gender == vn.GenderUnknown {
				return tr(l, "value.empty")
			}
			return tr(l, "gender."+string(f.Gender))
		},
		FromQR: func(f *Fields, q vn.QR) { f.Gender = q.Gender },
		Cell:   func(f Fields) string { return genderCell(f.Gender) },
	},
	{
		Key: vn.FieldID, Columns: []string{"id_number", "id_kind"}, Card: true, Sheet: sheet.FieldID,
		Values: func(f Fields) []string { return []string{f.ID.Number, string(f.ID.Kind)} },
		Load: func(f *Fields, v []string) error {
			f.ID = vn.ID{Number: v[0], Kind: vn.IDKind(v[1])}
			return nil
		},
		Parse: parseID,
		Label: func(l msg.Lang, f Fields) string { return idLabel(l, f.ID.Kind) },
		Show: func(l msg.Lang, f Fields, full bool) string {
			n := f.ID.Number
			if !full {
				n = vn.MaskID(n)
			}
			return orEmptyValue(l, msg.Esc(n))
		},
		FromQR: func(f *Fields, q vn.QR) { f.ID = vn.ID{Number: q.ID, Kind: vn.IDCCCD} },
		Cell:   func(f Fields) string { return f.ID.Number },
	},
	{
		Key: vn.FieldPhone, Columns: []string{"phone"}, Sheet: sheet.FieldPhone,
		Values: func(f Fields) []string { return []string{f.Phone} },
		Load:   func(f *Fields, v []string) error { f.Phone = v[0]; return nil },
		Parse: func(f *Fields, text string, _ time.Time) ([]vn.Issue, *vn.Issue) {
			r := vn.ParsePhone(text, vn.Typed)
			if r.Err != nil {
				return nil, r.Err
			}
			f.Phone = r.Number
			return r.Warnings, nil
		},
		Label: fieldLabel(vn.FieldPhone),
		Show:  func(l msg.Lang, f Fields, _ bool) string { return orEmptyValue(l, msg.Esc(f.Phone)) },
		Cell:  func(f Fields) string { return f.Phone },
	},
}

// Spec returns the declaration of field key.
func Spec(key vn.Field) (FieldSpec, bool) {
	for _, s := range FieldSpecs {
		if s.Key == key {
			return s, true
		}
	}
	return FieldSpec{}, false
}

// CardSpecs are the fields cards show and people correct in chat.
func CardSpecs() []FieldSpec {
	var out []FieldSpec
	for _, s := range FieldSpecs {
		if s.Card {
			out = append(out, s)
		}
	}
	return out
}

// Text is the field's stored form joined, for comparing two values.
func (s FieldSpec) Text(f Fields) string {
	v := s.Values(f)
	if len(v) == 1 {
		return v[0]
	}
	return fmt.Sprint(v)
}

// SameFields reports whether two sets of fields hold the same values.
func SameFields(a, b Fields) bool { return a == b }

// Person is the fields in the form the vn checks take.
func (f Fields) Person(idRaw string) vn.Person {
	return vn.Person{Name: f.Name, DOB: f.DOB, Gender: f.Gender, ID: f.ID, Phone: f.Phone, IDRaw: idRaw}
}

// FieldsOf are a parsed person's fields.
func FieldsOf(p vn.Person) Fields {
	return Fields{Name: p.Name, DOB: p.DOB, Gender: p.Gender, ID: p.ID, Phone: p.Phone}
}

func fieldLabel(key vn.Field) func(msg.Lang, Fields) string {
	return func(l msg.Lang, _ Fields) string { return tr(l, "field."+string(key)) }
}

func orEmptyValue(l msg.Lang, s string) string {
	if s == "" {
		return tr(l, "value.empty")
	}
	return s
}

// idLabel names the document kind, "CCCD", "CMND", "Hộ chiếu"….
func idLabel(l msg.Lang, k vn.IDKind) string {
	if k == vn.IDNone {
		return tr(l, "field.id")
	}
	return tr(l, "idkind."+string(k))
}

// showDOB renders a date with its precision: "05/1990 (tháng/năm)".
func showDOB(l msg.Lang, f Fields, _ bool) string {
	if f.DOB.IsZero() {
		return tr(l, "value.empty")
	}
	s := f.DOB.Display()
	switch f.DOB.Precision() {
	case vn.PrecYear:
		s += " " + tr(l, "prec.year")
	case vn.PrecMonth:
		s += " " + tr(l, "prec.month")
	}
	return s
}

func parseDOB(f *Fields, text string, now time.Time) ([]vn.Issue, *vn.Issue) {
	r := vn.ParseDate(text, vn.Typed, now)
	if r.Err != nil {
		return nil, r.Err
	}
	if r.Date.IsZero() {
		return nil, &vn.Issue{Code: vn.CodeDateFormat, Field: vn.FieldDOB}
	}
	f.DOB = r.Date
	return r.Warnings, nil
}

func parseGender(f *Fields, text string, _ time.Time) ([]vn.Issue, *vn.Issue) {
	g, is := vn.ParseGender(text)
	if is != nil || g == vn.GenderUnknown {
		return nil, &vn.Issue{Code: vn.CodeGenderFormat, Field: vn.FieldGender}
	}
	f.Gender = g
	return nil, nil
}

func parseID(f *Fields, text string, _ time.Time) ([]vn.Issue, *vn.Issue) {
	r := vn.ParseID(text, vn.Typed)
	if r.Err != nil {
		return nil, r.Err
	}
	if r.ID.Kind == vn.IDNone {
		return nil, &vn.Issue{Code: vn.CodeIDFormat, Field: vn.FieldID}
	}
	f.ID = r.ID
	return r.Warnings, nil
}

// genderCell is a gender as a list writes it.
func genderCell(g vn.Gender) string {
	switch g {
	case vn.Male:
		return "Nam"
	case vn.Female:
		return "Nữ"
	}
	return ""
}
