package store

import (
	"context"
	"errors"
	"testing"

	"lamsach/flows"
	"lamsach/flows/vn"
)

func TestMatchAndApplyVerification(t *testing.T) {
	db := openTest(t)
	w := newWorld(t, db)
	st := w.station.Actor()
	mk := func(c, v int64, name, id, code string, state flows.State) flows.Record {
		rec := person(c, v, 1)
		rec.Name, rec.Fields.ID.Number, rec.Code, rec.State = name, id, code, state
		return createRecord(t, db, rec)
	}
	byCode := mk(w.x.ID, w.a.ID, "Lê Văn Một", "001090000001", "DT1", flows.StateExported)
	byID := mk(w.x.ID, w.a.ID, "Lê Văn Hai", "001090000002", "", flows.StateEntered)
	twinA := mk(w.x.ID, w.a.ID, "Lê Văn Ba", "001090000003", "", flows.StateEntered)
	twinB := mk(w.x.ID, w.b.ID, "Lê Thị Bốn", "001090000003", "", flows.StateEntered)
	byName := mk(w.x.ID, w.b.ID, "Lê Văn Năm", "", "", flows.StateExported)
	signedOnly := mk(w.x.ID, w.a.ID, "Lê Văn Sáu", "001090000006", "", flows.StateSigned)
	otherCommune := mk(w.y.ID, w.c.ID, "Lê Văn Bảy", "001090000007", "", flows.StateEntered)
	keys := []flows.VerifyKey{
		{Code: "DT1", ID: "999"},
		{ID: "001090000002"},
		{ID: "001090000003", NameKey: vn.NameKey("Lê Thị Bốn")},
		{ID: "001090000003"},
		{NameKey: vn.NameKey("Lê Văn Năm"), DOB: "1990-05"},
		{ID: "001090000006"},
		{ID: "001090000007"},
		{ID: "000000000000", NameKey: vn.NameKey("Lê Văn Hai"), DOB: "1990-05"},
	}
	want := []flows.VerifyMatch{
		{RecordID: byCode.ID, State: flows.StateExported},
		{RecordID: byID.ID, State: flows.StateEntered},
		{RecordID: twinB.ID, State: flows.StateEntered},
		{Ambiguous: true},
		{RecordID: byName.ID, State: flows.StateExported},
		{}, {},
		{RecordID: byID.ID, State: flows.StateEntered},
	}
	update(t, db, func(ctx context.Context, tx *Tx) error {
		got, err := tx.MatchVerification(ctx, st, w.x.ID, keys)
		if err != nil {
			return err
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("key %d %+v: got %+v, want %+v", i, keys[i], got[i], want[i])
			}
		}
		if _, err := tx.MatchVerification(ctx, w.police.Actor(), w.x.ID, keys); !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("police matching: %v", err)
		}
		n, err := tx.ApplyVerification(ctx, st, w.x.ID, []flows.VerifyChange{
			{RecordID: byCode.ID, State: flows.StateVerified},
			{RecordID: byID.ID, State: flows.StateStillWrong},
			{RecordID: signedOnly.ID, State: flows.StateVerified},   // not exported: left alone
			{RecordID: otherCommune.ID, State: flows.StateVerified}, // not ours: left alone
		}, "verification import 1")
		if err != nil || n != 2 {
			t.Errorf("apply: %d, %v", n, err)
		}
		n, err = tx.ApplyVerification(ctx, st, w.x.ID, []flows.VerifyChange{{RecordID: byCode.ID, State: flows.StateVerified}}, "again")
		if err != nil || n != 0 {
			t.Errorf("apply again: %d, %v", n, err)
		}
		if _, err := tx.ApplyVerification(ctx, w.coordinator.Actor(), w.x.ID, nil, ""); !errors.Is(err, flows.ErrForbidden) {
			t.Errorf("coordinator applying: %v", err)
		}
		return nil
	})
	for id, want := range map[int64]string{byCode.ID: "verified", byID.ID: "still_wrong", signedOnly.ID: "signed",
		otherCommune.ID: "entered", twinA.ID: "entered"} {
		if n := count(t, db, `SELECT count(*) FROM records WHERE id = ? AND state = ?`, id, want); n != 1 {
			t.Errorf("record %d is not %s", id, want)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM audit WHERE action = 'record.update' AND reason = 'verification import 1'`); n != 2 {
		t.Errorf("%d audit entries for the verification, want 2", n)
	}
}
