package flows

import (
	"context"
	"slices"
	"testing"

	"lamsach/flows/vn"
)

// fakeKnown is a commune's records for the comparer, in memory.
type fakeKnown []KnownRecord

func (f fakeKnown) EachRecordKey(_ context.Context, _ Actor, _ int64, fn func(RecordKey) error) error {
	for _, k := range f {
		orig := k.Orig.Name
		if orig == k.Fields.Name {
			orig = ""
		}
		err := fn(RecordKey{ID: k.ID, IDNumber: k.Fields.ID.Number, OrigIDNumber: k.Orig.ID.Number,
			NameKey: vn.NameKey(k.Fields.Name), OrigName: orig, DOB: k.Fields.DOB.String(), OrigDOB: k.Orig.DOB.String()})
		if err != nil {
			return err
		}
	}
	return nil
}

func (f fakeKnown) KnownRecords(_ context.Context, _ Actor, _ int64, ids []int64) ([]KnownRecord, error) {
	var out []KnownRecord
	for _, k := range f {
		if slices.Contains(ids, k.ID) {
			out = append(out, k)
		}
	}
	return out, nil
}

func cccd(n string) vn.ID { return vn.ID{Number: n, Kind: vn.IDCCCD} }

func known(id int64, state State, f Fields) KnownRecord {
	return KnownRecord{ID: id, Version: 1, State: state, VillageID: 1, VillageText: "Thôn Đông", Fields: f, Orig: f,
		NameKey: vn.NameKey(f.Name)}
}

// row is a list row as the importer makes it.
func row(num int, f Fields) Record {
	return Record{RowNum: num, Fields: f, NameKey: vn.NameKey(f.Name), VillageID: 1, VillageText: "Thôn Đông"}
}

var (
	an   = Fields{Name: "Nguyễn Văn An", DOB: vn.Date{Year: 1990, Month: 5, Day: 12}, Gender: vn.Male, ID: cccd("001090000001")}
	binh = Fields{Name: "Trần Thị Bình", DOB: vn.Date{Year: 1985, Month: 4, Day: 3}, Gender: vn.Female, Phone: "0912345678"}
)

func TestCandidatesCheckTheRealKeys(t *testing.T) {
	other := an
	other.ID = cccd("001090000099")
	withID := binh
	withID.ID = cccd("001185000002")
	byName := known(3, StateAssigned, binh)
	// A record imported with an ID is never a row without one, even with
	// the same name and date of birth.
	wasIDd := known(4, StateAssigned, withID)
	an1, other2 := known(1, StateAssigned, an), known(2, StateAssigned, other)
	all := map[int64]*KnownRecord{1: &an1, 2: &other2, 3: &byName, 4: &wasIDd}

	// Record 2 stands for a hash collision: proposed, but its ID is not
	// the row's.
	c := candidates{id: an.ID.Number, person: personKey(vn.NameKey(an.Name), an.DOB.String()), byID: []int64{1, 2}}
	if got := c.check(all); len(got) != 1 || got[0].ID != 1 {
		t.Errorf("by ID: got %v, want record 1 only", ids(got))
	}
	c = candidates{id: "001185000077", person: personKey(vn.NameKey(binh.Name), binh.DOB.String()), byID: []int64{2}, byPerson: []int64{3, 4, 1}}
	if got := c.check(all); len(got) != 1 || got[0].ID != 3 {
		t.Errorf("by name and date of birth: got %v, want record 3 only", ids(got))
	}
}

func ids(ks []KnownRecord) []int64 {
	var out []int64
	for _, k := range ks {
		out = append(out, k.ID)
	}
	return out
}

func TestDifferences(t *testing.T) {
	corrected := binh
	corrected.Name = "Trần Thị Bính" // the village corrected it
	rec := KnownRecord{Fields: corrected, Orig: binh}
	for _, tc := range []struct {
		about string
		row   func(f *Fields)
		want  []vn.Field
	}{
		{"the list as imported", func(f *Fields) {}, nil},
		{"the list as the village corrected it", func(f *Fields) { f.Name = "Trần Thị Bính" }, nil},
		{"an empty phone erases nothing", func(f *Fields) { f.Phone = "" }, nil},
		{"a new name", func(f *Fields) { f.Name = "Trần Thị Bình An" }, []vn.Field{vn.FieldName}},
		{"a new date and an ID", func(f *Fields) { f.DOB = vn.Date{Year: 1985}; f.ID = cccd("001185000002") },
			[]vn.Field{vn.FieldDOB, vn.FieldID}},
	} {
		f := binh
		tc.row(&f)
		d, out, err := differences(f, rec)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.fields(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: differ in %v, want %v", tc.about, got, tc.want)
		}
		want := corrected
		for _, k := range tc.want {
			s, _ := Spec(k)
			if err := s.Load(&want, s.Values(f)); err != nil {
				t.Fatal(err)
			}
		}
		if out != want {
			t.Errorf("%s: corrected fields %+v, want %+v", tc.about, out, want)
		}
	}
}

func TestComparerPairsRowsWithRecords(t *testing.T) {
	renamed := an
	renamed.Name = "Nguyễn Văn Ân Sửa"
	// The same person listed twice in the first list made two records.
	c := newComparer(fakeKnown{known(1, StateAssigned, an), known(2, StateAssigned, an), known(3, StateConfirmed, binh)},
		Actor{Role: RoleStation}, 1)
	vs, err := c.compare(context.Background(), []Record{row(2, renamed), row(3, an), row(4, an), row(5, binh)})
	if err != nil {
		t.Fatal(err)
	}
	// Row 2 could correct either record: it is set aside. Rows 3 and 4
	// take one record each.
	kinds := []matchKind{rowAmbiguous, rowSame, rowSame, rowSame}
	for i, v := range vs {
		if v.kind != kinds[i] {
			t.Errorf("row %d: kind %d, want %d", i+2, v.kind, kinds[i])
		}
	}
	if vs[1].known.ID == vs[2].known.ID {
		t.Errorf("rows 3 and 4 both took record %d", vs[1].known.ID)
	}
	// A third row finds both records taken: it is a second row of one.
	vs, err = c.compare(context.Background(), []Record{row(6, an), row(7, Fields{Name: "Lê Văn Mới", DOB: vn.Date{Year: 1970}})})
	if err != nil {
		t.Fatal(err)
	}
	shared := c.finish()
	r := c.res
	if vs[1].kind != rowNew || r.New != 1 || r.Same != 2 || r.Ambiguous != 1 || r.Shared != 2 || len(shared) != 1 ||
		!slices.Equal(r.AmbiguousRows, []int{2}) || len(r.SharedRows) != 1 || r.SharedRows[0] != [2]int{3, 6} {
		t.Errorf("resend %+v, shared %v", r, shared)
	}
}

func TestComparerCountsWhatDiffers(t *testing.T) {
	moved := binh
	moved.Phone = "0987654321"
	c := newComparer(fakeKnown{known(1, StateReviewed, an), known(3, StateConfirmed, binh)}, Actor{Role: RoleStation}, 1)
	other := row(2, Fields{Name: an.Name, DOB: an.DOB, Gender: an.Gender, ID: an.ID})
	other.VillageID, other.VillageText = 2, "Thôn Tây"
	if _, err := c.compare(context.Background(), []Record{other, row(3, moved)}); err != nil {
		t.Fatal(err)
	}
	c.finish()
	r := c.res
	if r.Differ != 2 || r.Locked != 1 || r.Amendable != 0 || r.Village != 1 || r.ByField[vn.FieldPhone] != 1 || len(r.Examples) != 2 ||
		r.Examples[0].Village != 2 || !r.Examples[1].Locked || r.Examples[1].Fields.Phone != moved.Phone {
		t.Errorf("resend %+v", r)
	}
}
