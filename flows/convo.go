package flows

import (
	"encoding/json"
	"slices"

	"lamsach/flows/vn"
)

// step is where a person is in a conversation.
type step string

// The conversation steps. An empty step is idle: the person is between tasks.
const (
	stepIdle      step = ""
	stepCard      step = "card"      // a record card is open
	stepEdit      step = "edit"      // waiting for a new value of Field
	stepQR        step = "qr"        // waiting for the QR text
	stepConfirm   step = "confirm"   // the old → new card is shown
	stepNotFound  step = "notfound"  // waiting for the reason a person is not found
	stepNote      step = "note"      // waiting for a free-text note (Reason is set)
	stepReturnWhy step = "returnwhy" // police: waiting for the return reason
)

// convo is one person's conversation state, kept in Sessions between
// updates. It is small JSON: ids and drafts, never whole records.
type convo struct {
	Step     step     `json:"step,omitempty"`
	RecordID int64    `json:"rec,omitempty"`
	Version  int64    `json:"ver,omitempty"` // the version the draft is based on
	Field    vn.Field `json:"field,omitempty"`
	Draft    *draft   `json:"draft,omitempty"`
	Reason   string   `json:"reason,omitempty"`
	Skipped  []int64  `json:"skip,omitempty"` // records put off with "later" in this sitting
	// Invite is the code of an invite a member opened, kept while they are
	// asked whether to change their role.
	Invite string `json:"inv,omitempty"`

	// Each role's own state, kept apart so the roles' code stays apart.
	Police  *policeState  `json:"police,omitempty"`
	Station *stationState `json:"station,omitempty"`
	Coord   *coordState   `json:"coord,omitempty"`
}

// draft holds the values a person has entered but not saved: each changed
// field in its stored form (FieldSpec.Values), in the order they changed.
type draft struct {
	Values map[vn.Field][]string `json:"v,omitempty"`
	FromQR bool                  `json:"qr,omitempty"`
	// NoID: the person has no ID number, stated on this card.
	NoID bool       `json:"no_id,omitempty"`
	Set  []vn.Field `json:"set,omitempty"`
}

func decodeConvo(b []byte) convo {
	var c convo
	if len(b) > 0 && json.Unmarshal(b, &c) != nil {
		// A state written by an older version is dropped, not fatal: the
		// person starts again from the menu.
		return convo{}
	}
	return c
}

func (c convo) encode() []byte {
	b, _ := json.Marshal(c) // plain fields: cannot fail
	return b
}

// empty reports whether the state holds nothing worth keeping.
func (c convo) empty() bool {
	return c.Step == stepIdle && c.RecordID == 0 && len(c.Skipped) == 0 && c.Invite == "" &&
		c.Police == nil && c.Coord == nil
}

// reset forgets the task in progress but keeps what is put off.
func (c *convo) reset() {
	*c = convo{Skipped: c.Skipped}
}

// put records field s of f as the draft's new value.
func (d *draft) put(s FieldSpec, f Fields) {
	if d.Values == nil {
		d.Values = map[vn.Field][]string{}
	}
	d.Values[s.Key] = s.Values(f)
	if !slices.Contains(d.Set, s.Key) {
		d.Set = append(d.Set, s.Key)
	}
}

// changed reports whether the draft holds any change.
func (d *draft) changed() bool { return d != nil && (len(d.Set) > 0 || d.NoID) }

// apply returns the record's fields with the draft's changes. A value that
// no longer loads (a state written by an older version) is left out.
func (d *draft) apply(f Fields) Fields {
	if d == nil {
		return f
	}
	for _, k := range d.Set {
		s, ok := Spec(k)
		v := d.Values[k]
		if !ok || len(v) != len(s.Columns) {
			continue
		}
		next := f
		if s.Load(&next, v) == nil {
			f = next
		}
	}
	return f
}
