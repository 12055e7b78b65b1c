package main

import (
	"slices"
	"strings"
	"unicode"

	"lamsach/flows"
)

// personJSON is a record of audit person --json: snake_case keys as every
// command's JSON, times in Asia/Ho_Chi_Minh, ID numbers masked unless
// --show-ids.
type personJSON struct {
	Record      int64         `json:"record"`
	CommuneID   int64         `json:"commune_id"`
	VillageID   int64         `json:"village_id,omitempty"`
	VillageText string        `json:"village_text,omitempty"`
	ImportID    int64         `json:"import_id,omitempty"`
	Row         int           `json:"row,omitempty"`
	Code        string        `json:"code,omitempty"`
	State       flows.State   `json:"state"`
	Problem     string        `json:"problem"`
	Outcome     flows.Outcome `json:"outcome,omitempty"`
	Note        string        `json:"note,omitempty"`
	Now         fieldsJSON    `json:"now"`
	Imported    fieldsJSON    `json:"imported"`
	IDRaw       string        `json:"id_raw,omitempty"`
	NoID        bool          `json:"no_id,omitempty"`
	// OriginalRow is the uploaded row's cells, carried through to exports.
	OriginalRow []string      `json:"original_row,omitempty"`
	CreatedAt   string        `json:"created_at"`
	UpdatedAt   string        `json:"updated_at"`
	History     []historyJSON `json:"history"`
}

// fieldsJSON are a record's person fields.
type fieldsJSON struct {
	Name   string `json:"name"`
	DOB    string `json:"dob"`
	Gender string `json:"gender"`
	ID     string `json:"id"`
	IDKind string `json:"id_kind,omitempty"`
	Phone  string `json:"phone,omitempty"`
}

// historyJSON is one line of a record's history.
type historyJSON struct {
	Seq      int64  `json:"seq,omitempty"`
	At       string `json:"at"`
	Role     string `json:"role,omitempty"`
	MemberID int64  `json:"member_id,omitempty"`
	Action   string `json:"action"`
	Field    string `json:"field,omitempty"`
	Old      string `json:"old,omitempty"`
	New      string `json:"new,omitempty"`
	Source   string `json:"source,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// personToJSON writes p for JSON, masking ID numbers unless showIDs: in
// the fields, the history, the raw ID text and the uploaded row's cells.
func personToJSON(p personRecord, showIDs bool) personJSON {
	r := p.Record
	out := personJSON{Record: r.ID, CommuneID: r.CommuneID, VillageID: r.VillageID, VillageText: r.VillageText,
		ImportID: r.ImportID, Row: r.RowNum, Code: r.Code, State: r.State, Problem: string(r.Problem),
		Outcome: r.Outcome, Note: r.Note, Now: fieldsToJSON(r.Fields, showIDs), Imported: fieldsToJSON(r.Orig, showIDs),
		IDRaw: r.IDRaw, NoID: r.NoID, OriginalRow: slices.Clone(r.Original),
		CreatedAt: jsonTime(r.CreatedAt), UpdatedAt: jsonTime(r.UpdatedAt), History: []historyJSON{}}
	if !showIDs {
		// The raw text and the row hold the ID as the list wrote it.
		for i, c := range out.OriginalRow {
			if c != "" && (c == r.IDRaw || c == r.Orig.ID.Number) {
				out.OriginalRow[i] = maskRaw(c)
			}
		}
		out.IDRaw = maskRaw(r.IDRaw)
	}
	for _, h := range p.History {
		old, new := auditValues(h, showIDs)
		out.History = append(out.History, historyJSON{Seq: h.Seq, At: jsonTime(h.At), Role: string(h.Role),
			MemberID: h.MemberID, Action: h.Action, Field: h.Field, Old: old, New: new, Source: string(h.Source), Reason: h.Reason})
	}
	return out
}

func fieldsToJSON(f flows.Fields, showIDs bool) fieldsJSON {
	return fieldsJSON{Name: f.Name, DOB: f.DOB.String(), Gender: string(f.Gender),
		ID: showID(f.ID.Number, showIDs), IDKind: string(f.ID.Kind), Phone: f.Phone}
}

// maskRaw masks an ID as a list wrote it when it holds digits; words such
// as "không có" (none) stay readable.
func maskRaw(s string) string {
	if strings.ContainsFunc(s, unicode.IsDigit) {
		return showID(s, false)
	}
	return s
}
