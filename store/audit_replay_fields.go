package store

import "lamsach/flows"

// The audit actions the replay reads. Their names are the ones the record,
// import and update code write.
const (
	actionUpdate  = "record.update"  // one changed field: field, old → new
	actionCreate  = "record.create"  // a record made by hand: field state, new = its state
	actionImport  = "records.import" // a batch of imported records: new = how many, reason "import N"
	importReason  = "import "        // how records.import names its import
	noRecordValue = ""               // how the log writes an empty id or time
)

// recordStart is what the replay knows of a record when it was made.
type recordStart struct {
	state   string // from its record.create entry; "" for an imported record
	village string // its village then: the first village change's old value, else its current one
}

// auditedField is one field of a record whose changes the audit log carries
// as record.update entries.
type auditedField struct {
	name string // the field's name in the log
	// value is the record's value written as the log writes it.
	value func(r *flows.Record) string
	// initial is the value the record was made with, when the log or the
	// record's orig_ columns tell it (known false otherwise).
	initial func(r *flows.Record, s recordStart) (v string, known bool)
}

// auditedFields maps the field names of record.update entries to a
// record's values: the one table the replay takes its fields from. The
// person fields come from the field registry (flows.FieldSpecs: each
// stored column is its audit name, its orig_ twin the imported value);
// the record's own fields follow diffRecord.
var auditedFields = append(personAudited(), []auditedField{
	{"no_id", func(r *flows.Record) string { return boolText(r.NoID) }, emptyStart},
	// What the import wrote of these is in no entry and no orig_ column:
	// they are checked from their first audited change on.
	{"code", func(r *flows.Record) string { return r.Code }, unknownStart},
	{"problem", func(r *flows.Record) string { return string(r.Problem) }, unknownStart},
	{"village", func(r *flows.Record) string { return idText(r.VillageID) }, unknownStart},
	{"state", func(r *flows.Record) string { return string(r.State) }, startState},
	{"outcome", func(r *flows.Record) string { return string(r.Outcome) }, emptyStart},
	{"note", func(r *flows.Record) string { return r.Note }, emptyStart},
	{"return_reason", func(r *flows.Record) string { return r.ReturnReason }, emptyStart},
	{"return_note", func(r *flows.Record) string { return r.ReturnNote }, emptyStart},
	{"reviewed_by", func(r *flows.Record) string { return idText(r.ReviewedBy) }, emptyStart},
	{"reviewed_at", func(r *flows.Record) string { return timeText(r.ReviewedAt) }, emptyStart},
	{"confirmed_by", func(r *flows.Record) string { return idText(r.ConfirmedBy) }, emptyStart},
	{"confirmed_at", func(r *flows.Record) string { return timeText(r.ConfirmedAt) }, emptyStart},
	{"handover", func(r *flows.Record) string { return idText(r.HandoverID) }, emptyStart},
	{"export", func(r *flows.Record) string { return idText(r.ExportID) }, emptyStart},
}...)

// personAudited are the person fields' stored columns, one auditedField
// each, from the registry.
func personAudited() []auditedField {
	var out []auditedField
	for _, spec := range flows.FieldSpecs {
		for i, col := range spec.Columns {
			out = append(out, auditedField{col,
				func(r *flows.Record) string { return spec.Values(r.Fields)[i] },
				func(r *flows.Record, _ recordStart) (string, bool) { return spec.Values(r.Orig)[i], true }})
		}
	}
	return out
}

// unknownStart is the initial value of a field the import does not record.
func unknownStart(*flows.Record, recordStart) (string, bool) { return "", false }

// emptyStart is the initial value of a field every new record has empty:
// review, confirmation, handover and export come later.
func emptyStart(*flows.Record, recordStart) (string, bool) { return noRecordValue, true }

// startState is a new record's state: the one its record.create entry
// names, else imported, or assigned when the import gave it a village.
func startState(_ *flows.Record, s recordStart) (string, bool) {
	switch {
	case s.state != "":
		return s.state, true
	case s.village != noRecordValue:
		return string(flows.StateAssigned), true
	}
	return string(flows.StateImported), true
}
