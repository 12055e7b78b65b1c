package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
	"lamsach/store/storetest"
)

func TestAuditPerson(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lamsach.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var rec flows.Record
	err = db.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.CreateCommune(ctx, flows.Operator, "Xã Tân Phú")
		if err != nil {
			return err
		}
		v, err := tx.CreateVillage(ctx, flows.Operator, c.ID, "Thôn Đông")
		if err != nil {
			return err
		}
		f := flows.Fields{Name: "Nguyen Van An", DOB: vn.Date{Year: 1990}, Gender: vn.Male, ID: vn.ID{Number: "001090012345", Kind: vn.IDCCCD}}
		rec, err = tx.CreateRecord(ctx, flows.Operator, flows.Record{CommuneID: c.ID, VillageID: v.ID, Fields: f, Orig: f, Problem: vn.ProblemWrongInfo})
		if err != nil {
			return err
		}
		rec, err = storetest.Amend(ctx, tx, rec.ID, func(f *flows.Fields) { f.Name = "Nguyễn Văn An" })
		return err
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	entries := func() int64 {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var rep store.AuditReport
		db.View(ctx, func(tx *store.Tx) (err error) { rep, err = tx.VerifyAudit(ctx); return err })
		if !rep.OK {
			t.Errorf("audit log damaged: %+v", rep)
		}
		return rep.Entries
	}
	before := entries()
	call := func(args ...string) (int, string, string) {
		var out, errs bytes.Buffer
		code := run(ctx, append([]string{"--db", path, "audit", "person"}, args...), &out, &errs)
		return code, out.String(), errs.String()
	}
	code, out, _ := call("--commune", "Xã Tân Phú", "--id", "0010900")
	if code != 0 || !strings.Contains(out, "Nguyễn Văn An") || !strings.Contains(out, `"Nguyen Van An" -> "Nguyễn Văn An"`) {
		t.Errorf("by id: exit %d\n%s", code, out)
	}
	code, out, _ = call("--commune", "Xã Tân Phú", "--name", "nguyen van an", "--json")
	var got []personRecord
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got) != 1 || got[0].Record.ID != rec.ID || len(got[0].History) == 0 {
		t.Errorf("by name, JSON: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{"--commune", "Xã Tân Phú"}, {"--commune", "Xã Tân Phú", "--id", "12"},
		{"--commune", "Xã Tân Phú", "--id", "001", "--name", "An"}, {"--commune", "nowhere", "--id", "001"}} {
		if code, _, errs := call(bad...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", bad, code, errs)
		}
	}
	// Each lookup that found its commune is in the audit log.
	if got := entries() - before; got != 2 {
		t.Errorf("%d audit entries for 2 lookups", got)
	}
}
