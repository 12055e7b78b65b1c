package flows_test

import (
	"context"
	"strings"
	"testing"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

// villageNames lists the commune's current villages.
func (h *harness) villageNames() string {
	h.t.Helper()
	var names []string
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		vs, err := tx.Villages(ctx, h.commune.ID)
		for _, v := range vs {
			names = append(names, v.Name)
		}
		return err
	})
	return strings.Join(names, ", ")
}

func TestVillageAddAndRename(t *testing.T) {
	h := newCoordHarness(t)
	list := h.cmd("lan", "villages", "")
	mustSay(t, "list", list, "Các thôn của xã</b>: 2", "1. Thôn Đông: 0 hồ sơ, 0 thành viên")

	ask := h.press("lan", list, "Thêm")
	mustSay(t, "ask", ask, "Gõ tên thôn mới")
	mustSay(t, "where", h.cmd("lan", "where", ""), "Gõ tên thôn mới")
	for _, tc := range []struct{ text, want string }{
		{"!!!", "cần có chữ hoặc số"},
		{strings.Repeat("Thôn ", 20), "dài quá"},
		{"thon tay", "Xã đã có thôn «Thôn Tây»"},
		{"THÔN  ĐÔNG", "Xã đã có thôn «Thôn Đông»"},
	} {
		mustSay(t, tc.text, h.text("lan", tc.text), tc.want, "Gõ lại tên thôn")
	}
	if got := h.villageNames(); got != "Thôn Đông, Thôn Tây" {
		t.Fatalf("a refused name changed the villages: %s", got)
	}
	confirm := h.text("lan", "  Thôn   Bắc ")
	mustSay(t, "confirm", confirm, "Thêm thôn <b>Thôn Bắc</b>?")
	if got := h.villageNames(); got != "Thôn Đông, Thôn Tây" {
		t.Fatalf("added before confirming: %s", got)
	}
	mustSay(t, "added", h.press("lan", confirm, "Lưu"), "Đã thêm thôn Thôn Bắc", "/invite thôn Thôn Bắc")
	if got := h.villageNames(); got != "Thôn Bắc, Thôn Đông, Thôn Tây" {
		t.Errorf("villages after add: %s", got)
	}
	mustSay(t, "text after", h.text("lan", "Thôn Nam"), "/help")
	mustSay(t, "old save", h.press("lan", confirm, "Lưu"), "không còn dùng được")

	// Cancel in the middle leaves everything as it was.
	h.press("lan", h.cmd("lan", "villages", ""), "Thêm")
	mustSay(t, "cancel", h.cmd("lan", "cancel", ""), "Đã huỷ")
	mustSay(t, "idle", h.text("lan", "Thôn Nam"), "/help")

	pick := h.press("lan", h.cmd("lan", "villages", ""), "Đổi tên")
	ask = h.press("lan", pick, "Thôn Bắc")
	mustSay(t, "rename ask", ask, "Gõ tên mới cho <b>Thôn Bắc</b>")
	mustSay(t, "rename dup", h.text("lan", "thôn đông"), "Xã đã có thôn «Thôn Đông»")
	confirm = h.text("lan", "Thôn Bắc Sơn")
	mustSay(t, "rename confirm", confirm, "Thôn Bắc → <b>Thôn Bắc Sơn</b>")
	mustSay(t, "renamed", h.press("lan", confirm, "Lưu"), "Đã đổi tên: Thôn Bắc → Thôn Bắc Sơn")
	if got := h.villageNames(); got != "Thôn Bắc Sơn, Thôn Đông, Thôn Tây" {
		t.Errorf("villages after rename: %s", got)
	}
	// Someone takes the name between the confirmation and the press.
	ask = h.press("lan", h.press("lan", h.cmd("lan", "villages", ""), "Đổi tên"), "Thôn Tây")
	confirm = h.text("lan", "Thôn Mới")
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.CreateVillage(ctx, flows.Operator, h.commune.ID, "thon moi")
		return err
	})
	mustSay(t, "taken", h.press("lan", confirm, "Lưu"), "Xã đã có thôn «Thôn Mới»")
}

func TestVillageMerge(t *testing.T) {
	h := newCoordHarness(t)
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	h.join("binh", 102, flows.RoleVillage, h.tay.ID)
	r1 := h.record(h.dong.ID, "Lê Văn Một", "1970", "male", "")
	r2 := h.record(h.dong.ID, "Lê Văn Hai", "1971", "male", "")
	r3 := h.record(h.tay.ID, "Lê Văn Ba", "1972", "male", "")

	from := h.press("lan", h.cmd("lan", "villages", ""), "Gộp")
	into := h.press("lan", from, "Thôn Đông")
	mustSay(t, "into", into, "Gộp <b>Thôn Đông</b> vào thôn nào?")
	for _, row := range into[len(into)-1].Buttons {
		for _, b := range row {
			if b.Text == "Thôn Đông" {
				t.Error("a village is offered to merge into itself")
			}
		}
	}
	confirm := h.press("lan", into, "Thôn Tây")
	mustSay(t, "confirm", confirm, "Gộp <b>Thôn Đông</b> vào <b>Thôn Tây</b>?", "2 hồ sơ, 1 thành viên, 0 lời mời")
	if h.get(r1.ID).VillageID != h.dong.ID {
		t.Fatal("merged before confirming")
	}

	// Into itself, by a forged or stale button: refused, nothing changed.
	before := h.snapshot()
	self := "vmy:" + itoa(h.tay.ID) + ":" + itoa(h.tay.ID)
	mustSay(t, "self", h.handle("lan", flows.Event{Kind: flows.EventButton, Data: self}), "chính nó")
	self = "vmt:" + itoa(h.dong.ID) + ":" + itoa(h.dong.ID)
	mustSay(t, "self confirm", h.handle("lan", flows.Event{Kind: flows.EventButton, Data: self}), "chính nó")
	if after := h.snapshot(); after != before {
		t.Fatalf("merging into itself changed:\n%s", after)
	}

	done := h.press("lan", confirm, "Gộp")
	mustSay(t, "done", done, "Đã gộp Thôn Đông vào Thôn Tây: chuyển 2 hồ sơ, 1 thành viên")
	mustSay(t, "an told", sentTo(done, 101), "Thôn Đông đã được gộp vào Thôn Tây")
	if len(sentTo(done, 102)) != 0 {
		t.Error("a member of the other village was told")
	}
	for _, rec := range []flows.Record{r1, r2} {
		if got := h.get(rec.ID); got.VillageID != h.tay.ID || got.Version != 2 {
			t.Errorf("record %d after merge: village %d version %d", rec.ID, got.VillageID, got.Version)
		}
	}
	if got := h.get(r3.ID); got.Version != 1 {
		t.Errorf("a record of the staying village changed: version %d", got.Version)
	}
	if got := h.member(101).Villages; len(got) != 1 || got[0] != h.tay.ID {
		t.Errorf("an's villages after merge: %v", got)
	}
	if got := h.villageNames(); got != "Thôn Tây" {
		t.Errorf("villages after merge: %s", got)
	}
	// an now reviews the moved records.
	mustSay(t, "an next", h.cmd("an", "next", ""), "Thôn Tây")
	mustSay(t, "again", h.press("lan", confirm, "Gộp"), "không còn")
}

// unassigned adds a record without a village, as an upload whose village
// column matched none of the commune's.
func (h *harness) unassigned(name, villageText string) flows.Record {
	h.t.Helper()
	f := flows.Fields{Name: vn.ParseName(name).Name, DOB: vn.Date{Year: 1980}, Gender: vn.Male}
	rec := flows.Record{CommuneID: h.commune.ID, Fields: f, Orig: f, Problem: vn.ProblemMissingID, VillageText: villageText}
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		rec, err = tx.CreateRecord(ctx, flows.Operator, rec)
		return err
	})
	return rec
}

func TestAssign(t *testing.T) {
	h := newCoordHarness(t)
	mustSay(t, "none", h.cmd("lan", "assign", ""), "Mọi hồ sơ đều đã có thôn")
	h.join("an", 101, flows.RoleVillage, h.dong.ID)
	group := []flows.Record{h.unassigned("Võ Văn A", "Thôn Đông"), h.unassigned("Võ Văn B", "Thôn Đông"),
		h.unassigned("Võ Văn C", "thon  dong")}
	other := h.unassigned("Võ Văn D", "Xóm Mới")
	h.unassigned("Võ Văn E", "Xóm Mới")
	h.unassigned("Võ Văn F", "")

	list := h.cmd("lan", "assign", "")
	mustSay(t, "list", list, "Hồ sơ chưa có thôn</b>: 6", "1. Thôn Đông: 3 hồ sơ", "2. Xóm Mới: 2 hồ sơ",
		"3. (không ghi thôn): 1 hồ sơ")
	pick := h.press("lan", list, "Thôn Đông (3)")
	mustSay(t, "pick", pick, "Giao nhóm «Thôn Đông» (3 hồ sơ) cho thôn nào?")
	if first := pick[len(pick)-1].Buttons[0][0].Text; first != "⭐ Thôn Đông" {
		t.Errorf("the matching village is not offered first: %q", first)
	}
	confirm := h.press("lan", pick, "Thôn Đông")
	mustSay(t, "confirm", confirm, "Giao 3 hồ sơ ghi «Thôn Đông» cho <b>Thôn Đông</b>?")
	if h.get(group[0].ID).VillageID != 0 {
		t.Fatal("assigned before confirming")
	}
	done := h.press("lan", confirm, "Giao")
	mustSay(t, "done", done, "Đã giao 3 hồ sơ cho Thôn Đông", "Còn 3 hồ sơ chưa có thôn")
	mustSay(t, "an told", sentTo(done, 101), "Có thêm 3 hồ sơ của Thôn Đông")
	for _, rec := range group {
		if got := h.get(rec.ID); got.VillageID != h.dong.ID || got.State != flows.StateAssigned || got.Version != 2 {
			t.Errorf("%s: village %d state %s version %d", got.Name, got.VillageID, got.State, got.Version)
		}
	}
	if got := h.get(other.ID); got.VillageID != 0 || got.Version != 1 {
		t.Errorf("another group moved: %+v", got)
	}
	mustSay(t, "an reviews", h.cmd("an", "next", ""), "Võ Văn A")

	before := h.snapshot()
	mustSay(t, "stale", h.press("lan", confirm, "Giao"), "đã được giao")
	mustSay(t, "stale pick", h.press("lan", list, "Thôn Đông (3)"), "đã được giao")
	mustSay(t, "forged", h.handle("lan", flows.Event{Kind: flows.EventButton, Data: "ay:" + itoa(h.dong.ID) + ":0:nope"}), "đã được giao")
	if after := h.snapshot(); after != before {
		t.Errorf("stale assign presses changed:\n%s", after)
	}
	mustSay(t, "list after", h.cmd("lan", "assign", ""), "Hồ sơ chưa có thôn</b>: 3", "1. Xóm Mới: 2 hồ sơ")
}

func TestVillagesNaturalOrder(t *testing.T) {
	h := newCoordHarness(t)
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		for _, n := range []string{"Tổ 10", "Tổ 2", "Tổ 1", "Ấp 3"} {
			if _, err := tx.CreateVillage(ctx, flows.Operator, h.commune.ID, n); err != nil {
				return err
			}
		}
		return nil
	})
	mustSay(t, "order", h.cmd("lan", "villages", ""), "1. Ấp 3:", "2. Thôn Đông:", "3. Thôn Tây:", "4. Tổ 1:", "5. Tổ 2:", "6. Tổ 10:")
}
