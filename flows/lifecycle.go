package flows

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"lamsach/flows/vn"
)

// Action is something a person (or the command line) does to a record that
// may move it along its life (DESIGN.md §2).
type Action string

// The actions on a record.
const (
	ActImport     Action = "import"      // a new record from a list, or made by hand
	ActAssign     Action = "assign"      // given to a village
	ActReview     Action = "review"      // a village member checked it (corrected, unchanged, not found)
	ActConfirm    Action = "confirm"     // the police found it matches the population database
	ActReturn     Action = "return"      // the police sent it back to the village
	ActSign       Action = "sign"        // the police signed it into a handover
	ActExport     Action = "export"      // the station downloaded the file holding it
	ActEnter      Action = "enter"       // the station entered its batch on the platform
	ActVerified   Action = "verified"    // the platform's verification list says it is right
	ActStillWrong Action = "still_wrong" // the verification list says it is still wrong
	ActAmend      Action = "amend"       // the station corrected it from a list sent again
)

// Transition is one row of the lifecycle: who may do what to a record in
// state From, and the state it is in afterwards. Edits lists the person
// fields the transition may change; every other field must stay as it is.
type Transition struct {
	From   State // "" for a record that does not exist yet
	Action Action
	Roles  []Role
	To     State
	Edits  bool // the four fields may change (a correction)
}

var (
	byVillage = []Role{RoleVillage}
	byPolice  = []Role{RolePolice}
	byStation = []Role{RoleStation, RoleOperator}
	byAssign  = []Role{RoleCoordinator, RoleStation, RoleOperator}
)

// Lifecycle is the record's life as one table, the only place it is
// written: conversations ask it what a person may do, and the store applies
// it in the statement that changes the record, so no caller can make a
// move it does not list.
var Lifecycle = []Transition{
	{"", ActImport, byStation, StateImported, true},
	{StateImported, ActAssign, byAssign, StateAssigned, false},

	{StateAssigned, ActReview, byVillage, StateReviewed, true},
	{StateReturned, ActReview, byVillage, StateReviewed, true},

	{StateReviewed, ActConfirm, byPolice, StateConfirmed, true},
	{StateReviewed, ActReturn, byPolice, StateReturned, false},
	{StateConfirmed, ActReturn, byPolice, StateReturned, false},
	{StateConfirmed, ActSign, byPolice, StateSigned, false},

	{StateSigned, ActExport, byStation, StateExported, false},
	{StateExported, ActEnter, byStation, StateEntered, false},

	{StateExported, ActVerified, byStation, StateVerified, false},
	{StateEntered, ActVerified, byStation, StateVerified, false},
	{StateStillWrong, ActVerified, byStation, StateVerified, false},
	{StateExported, ActStillWrong, byStation, StateStillWrong, false},
	{StateEntered, ActStillWrong, byStation, StateStillWrong, false},
	{StateVerified, ActStillWrong, byStation, StateStillWrong, false},

	// A list sent again corrects records nobody has confirmed yet; a
	// reviewed one goes back to its village to be checked again.
	{StateImported, ActAmend, byStation, StateImported, true},
	{StateAssigned, ActAmend, byStation, StateAssigned, true},
	{StateReturned, ActAmend, byStation, StateReturned, true},
	{StateReviewed, ActAmend, byStation, StateAssigned, true},
}

// Move finds the transition a role makes with action from a state.
func Move(from State, role Role, act Action) (Transition, bool) {
	for _, t := range Lifecycle {
		if t.From == from && t.Action == act && slices.Contains(t.Roles, role) {
			return t, true
		}
	}
	return Transition{}, false
}

// Can reports whether role may do act to a record in state from.
func Can(role Role, act Action, from State) bool {
	_, ok := Move(from, role, act)
	return ok
}

// MoveFrom lists the states from which role may do act, for the store's
// WHERE clauses; sorted, so a query's text does not depend on the table's
// order.
func MoveFrom(role Role, act Action) []State {
	var out []State
	for _, t := range Lifecycle {
		if t.Action == act && slices.Contains(t.Roles, role) {
			out = append(out, t.From)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// MoveTo is the one state act leads to from every state it applies to, for
// the actions done to many records in one statement (sign, export, enter,
// verify). It panics for an action whose target depends on the state: that
// is a mistake in the table, found by the first test that uses it.
func MoveTo(act Action) State {
	var to State
	for _, t := range Lifecycle {
		if t.Action != act {
			continue
		}
		if to != "" && t.To != to {
			panic(fmt.Sprintf("lifecycle: action %s has several targets", act))
		}
		to = t.To
	}
	return to
}

// ErrIDNeeded refuses to mark a record right, or to confirm it, while its
// ID is missing or malformed and nobody stated the person has none.
var ErrIDNeeded = errors.New("the record needs a valid ID number, or the statement that the person has none")

// ErrNotEditable refuses a change to a person's fields by a move that may
// not make one (Transition.Edits).
var ErrNotEditable = errors.New("this move may not change the person's fields")

// Change is one action on one record: what the person decided, at the
// version they saw. The store loads the record, checks the move against
// Lifecycle and writes Apply's result in one statement.
type Change struct {
	Record  int64
	Version int64
	Action  Action
	// Fields are the person fields after the change; nil keeps them. Only
	// a transition with Edits may change them.
	Fields *Fields
	// Outcome and Note are the review's; ReturnReason and Note the
	// police's when they return a record.
	Outcome      Outcome
	ReturnReason string
	Note         string
	// NoID states that the person has no ID number (a child, or never
	// issued); only a move that may change the fields may say so.
	NoID bool
	// Source and Reason go to the audit log.
	Source Source
	Reason string
}

// Apply returns the record after the change by member at now, moved by
// the transition t. It fills what each action records (who reviewed or
// confirmed and when, the outcome, the return's reason) so the store writes
// a record whose parts agree.
func (t Transition) Apply(old Record, ch Change, member int64, now time.Time) (Record, error) {
	rec := old
	if ch.Fields != nil && !SameFields(*ch.Fields, old.Fields) {
		if !t.Edits {
			return old, fmt.Errorf("%s from %s: %w", t.Action, t.From, ErrNotEditable)
		}
		rec.Fields = *ch.Fields
		rec.Warnings = CheckWarnings(rec)
	}
	switch {
	case ch.NoID && !t.Edits:
		return old, fmt.Errorf("%s from %s: %w", t.Action, t.From, ErrNotEditable)
	case ch.NoID:
		rec.NoID, rec.Fields.ID = true, vn.ID{}
	case rec.Fields.ID.Kind != vn.IDNone:
		rec.NoID = false
	}
	rec.State = t.To
	switch t.Action {
	case ActReview:
		rec.Outcome, rec.Note = ch.Outcome, ch.Note
		rec.ReviewedBy, rec.ReviewedAt = member, now
		if rec.Outcome != OutcomeNotFound && !rec.IDReady() {
			return old, ErrIDNeeded
		}
	case ActConfirm:
		if !SameFields(rec.Fields, old.Fields) || rec.NoID != old.NoID {
			rec.Outcome = OutcomeCorrected
		}
		rec.ConfirmedBy, rec.ConfirmedAt = member, now
		if rec.Outcome != OutcomeNotFound && !rec.IDReady() {
			return old, ErrIDNeeded
		}
	case ActReturn:
		note := strings.TrimSpace(ch.Note)
		if !slices.Contains(ReturnReasons, ch.ReturnReason) || (ch.ReturnReason == ReturnOther && note == "") {
			return old, fmt.Errorf("return reason %q with a note of %d characters", ch.ReturnReason, len(note))
		}
		rec.ReturnReason, rec.ReturnNote = ch.ReturnReason, note
		rec.ConfirmedBy, rec.ConfirmedAt = 0, time.Time{}
	case ActAmend:
		if old.State == StateReviewed {
			rec.Outcome, rec.Note, rec.ReviewedBy, rec.ReviewedAt = OutcomeNone, "", 0, time.Time{}
		}
	}
	return rec, nil
}
