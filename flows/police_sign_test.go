package flows_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"lamsach/flows"
	"lamsach/flows/msg"
	"lamsach/flows/sheet/xlsx"
	"lamsach/store"
)

// confirmAll makes each record reviewed by an and confirmed by the police,
// through the store.
func (h *harness) confirmAll(recs ...flows.Record) []flows.Record {
	h.t.Helper()
	police := h.memberOf("cong").Actor()
	var out []flows.Record
	for _, r := range recs {
		r = h.markReviewed(r.ID, "an", flows.OutcomeUnchanged, "")
		h.tx(func(ctx context.Context, tx *store.Tx) error {
			f := r.Fields
			var err error
			r, err = tx.ChangeRecord(ctx, police, flows.Change{Record: r.ID, Version: r.Version, Action: flows.ActConfirm,
				Fields: &f, Source: flows.SourcePolice})
			return err
		})
		out = append(out, r)
	}
	return out
}

// sheetRows reads a workbook's first sheet as one line per row, the cells
// joined by " | ".
func sheetRows(t *testing.T, data []byte) []string {
	t.Helper()
	book, err := xlsx.Open(bytes.NewReader(data), int64(len(data)), xlsx.Limits{})
	if err != nil {
		t.Fatalf("the handover file does not open: %v", err)
	}
	rows, err := book.Rows(0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var cells []string
		for _, c := range rows.Row().Cells {
			cells = append(cells, c.Text)
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// fileOf returns the file sent in outs, or fails.
func fileOf(t *testing.T, outs []flows.Out, chat int64) flows.Out {
	t.Helper()
	for _, o := range outs {
		if o.Kind == flows.OutFile && o.ChatID == chat && o.File != nil {
			return o
		}
	}
	t.Fatalf("no file sent to %d in %q", chat, texts(outs))
	return flows.Out{}
}

func TestPoliceSign(t *testing.T) {
	h := policeWorld(t)
	h.join("tram", 401, flows.RoleStation)
	h.join("to", 501, flows.RoleCoordinator)
	mustSay(t, "nothing", h.cmd("cong", "sign", ""), "Không có hồ sơ nào đã xác nhận")
	recs := h.confirmAll(
		h.record(h.dong.ID, "Lê Thị Hoa", "1991-04-05", "female", "001191000001"),
		h.record(h.tay.ID, "Lê Văn Khánh", "1992", "male", "001092000002"),
		h.record(h.dong.ID, "Lê Văn Lâm", "1993-06-07", "male", "001093000003"),
	)
	h.markReviewed(h.record(h.dong.ID, "Lê Chưa Xong", "1994", "male", "").ID, "an", flows.OutcomeUnchanged, "")

	summary := h.cmd("cong", "sign", "")
	mustSay(t, "summary", summary, "chưa ký: 3", "Thôn Đông: 2", "Thôn Tây: 1")
	ask := h.press("cong", summary, "Ký và bàn giao")
	mustSay(t, "ask", ask, "Ký biên bản bàn giao <b>3 hồ sơ</b>")
	if got := h.get(recs[0].ID); got.State != flows.StateConfirmed {
		t.Fatalf("signed before the confirmation: %s", got.State)
	}
	mustSay(t, "not now", h.press("cong", ask, "Chưa ký"), "chưa ký gì")
	// The declined question's [Ký] no longer signs; asked again, it does.
	mustSay(t, "declined", h.press("cong", ask, "Ký 3 hồ sơ"), "Bạn đã chọn chưa ký")
	if got := h.get(recs[0].ID); got.State != flows.StateConfirmed {
		t.Fatalf("a declined question signed: %s", got.State)
	}
	ask = h.press("cong", h.cmd("cong", "sign", ""), "Ký và bàn giao")
	outs := h.press("cong", ask, "Ký 3 hồ sơ")
	mustSay(t, "signed", outs, "Đã ký bàn giao đợt số 1: 3 hồ sơ")

	digest := flows.HandoverDigest(recs)
	mustSay(t, "digest", outs, digest)
	file := fileOf(t, outs, h.people["cong"])
	if !file.Personal {
		t.Error("the handover file is not marked personal")
	}
	rows := strings.Join(sheetRows(t, file.File.Data), "\n")
	for _, want := range []string{"Số: 1", "Xã Tân Phú", "cong", "09:00, 27/11/2026", "Mã kiểm tra nội dung: " + digest,
		"1 | Lê Thị Hoa | 05/04/1991 | Nữ | 001191000001", "2 | Lê Văn Khánh | 1992 | Nam | 001092000002",
		"3 | Lê Văn Lâm", "Thôn Tây"} {
		if !strings.Contains(rows, want) {
			t.Errorf("the handover file lacks %q:\n%s", want, rows)
		}
	}
	if strings.Contains(rows, "Lê Chưa Xong") {
		t.Error("an unconfirmed record was handed over")
	}
	var h1 flows.Handover
	ctx := context.Background()
	h.db.View(ctx, func(tx *store.Tx) error {
		var got []flows.Record
		var err error
		h1, got, err = tx.Handover(ctx, flows.Operator, h.commune.ID, 1)
		if err != nil || len(got) != 3 || flows.HandoverDigest(got) != digest {
			t.Errorf("handover 1 read back: %d records, %v", len(got), err)
		}
		return nil
	})
	for _, r := range recs {
		if got := h.get(r.ID); got.State != flows.StateSigned || got.HandoverID != h1.ID {
			t.Errorf("%s: state %s handover %d, want signed in %d", r.Name, got.State, got.HandoverID, h1.ID)
		}
	}
	var station, others []string
	for _, o := range outs {
		switch o.ChatID {
		case h.people["tram"]:
			station = append(station, o.Text)
		case h.people["cong"]:
		default:
			others = append(others, o.Text)
		}
	}
	if len(station) != 1 || !strings.Contains(station[0], "Công an đã ký bàn giao đợt số 1: 3 hồ sơ. Gõ /export để tải tệp.") {
		t.Errorf("station told %q", station)
	}
	if len(others) != 0 {
		t.Errorf("others told %q", others)
	}
	// The old buttons sign nothing more.
	mustSay(t, "old button", h.press("cong", ask, "Ký 3 hồ sơ"), "Không còn hồ sơ nào chờ ký")
	mustSay(t, "sign again", h.cmd("cong", "sign", ""), "Không có hồ sơ nào đã xác nhận")
	// The next batch is number 2.
	h.confirmAll(h.record(h.tay.ID, "Lê Thị Mới", "1995", "female", ""))
	mustSay(t, "second batch", h.press("cong", h.press("cong", h.cmd("cong", "sign", ""), "Ký và bàn giao"), "Ký 1 hồ sơ"),
		"Đã ký bàn giao đợt số 2: 1 hồ sơ")
}

func TestPoliceSignSetChanged(t *testing.T) {
	h := policeWorld(t)
	first := h.confirmAll(h.record(h.dong.ID, "Vũ Văn Một", "1960", "male", ""))
	ask := h.press("cong", h.cmd("cong", "sign", ""), "Ký và bàn giao")
	h.confirmAll(h.record(h.dong.ID, "Vũ Văn Hai", "1961", "male", ""))
	outs := h.press("cong", ask, "Ký 1 hồ sơ")
	mustSay(t, "changed", outs, "Danh sách vừa thay đổi", "chưa ký: 2")
	if got := h.get(first[0].ID); got.State != flows.StateConfirmed {
		t.Fatalf("signed a set the officer was not shown: %s", got.State)
	}
	mustSay(t, "new set", h.press("cong", h.press("cong", outs, "Ký và bàn giao"), "Ký 2 hồ sơ"), "đợt số 1: 2 hồ sơ")
}

// TestPoliceSignConcurrently has two officers press "sign" at the same
// moment: the records end in one handover, signed once.
func TestPoliceSignConcurrently(t *testing.T) {
	h := policeWorld(t)
	h.join("dung", 302, flows.RolePolice)
	recs := h.confirmAll(
		h.record(h.dong.ID, "Tô Văn A", "1960", "male", ""),
		h.record(h.tay.ID, "Tô Văn B", "1961", "male", ""),
	)
	asks := map[string][]flows.Out{}
	for _, who := range []string{"cong", "dung"} {
		asks[who] = h.press(who, h.cmd(who, "sign", ""), "Ký và bàn giao")
	}
	var wg sync.WaitGroup
	results := map[string][]flows.Out{}
	var mu sync.Mutex
	for _, who := range []string{"cong", "dung"} {
		data := ""
		for _, row := range asks[who][len(asks[who])-1].Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.Data, "psgy:") {
					data = b.Data
				}
			}
		}
		wg.Go(func() {
			outs := h.handle(who, flows.Event{Kind: flows.EventButton, Data: data})
			mu.Lock()
			results[who] = outs
			mu.Unlock()
		})
	}
	wg.Wait()
	signed := 0
	for who, outs := range results {
		switch {
		case strings.Contains(texts(outs), "Đã ký bàn giao đợt số 1: 2 hồ sơ"):
			signed++
		case strings.Contains(texts(outs), "Không còn hồ sơ nào chờ ký"):
		default:
			t.Errorf("%s: %q", who, texts(outs))
		}
	}
	if signed != 1 {
		t.Errorf("%d officers signed, want exactly 1", signed)
	}
	var n int
	ctx := context.Background()
	h.db.View(ctx, func(tx *store.Tx) error {
		_, _, err := tx.Handover(ctx, flows.Operator, h.commune.ID, 2)
		if err == nil {
			n = 2
		}
		return nil
	})
	if n != 0 {
		t.Error("a second handover was made")
	}
	for _, r := range recs {
		if got := h.get(r.ID); got.State != flows.StateSigned || got.Version != r.Version+1 {
			t.Errorf("%s: %s v%d, want signed once (v%d)", r.Name, got.State, got.Version, r.Version+1)
		}
	}
}

// TestPoliceRoleChecks tries every police command and button as a village
// member, a station member, a coordinator and a stranger: each is refused
// and nothing changes. A police button naming another commune's record
// changes nothing either.
func TestPoliceRoleChecks(t *testing.T) {
	h := policeWorld(t)
	h.join("tram", 401, flows.RoleStation)
	h.join("to", 501, flows.RoleCoordinator)
	rec := h.markReviewed(h.record(h.dong.ID, "Mạc Văn Kiểm", "1966", "male", "").ID, "an", flows.OutcomeUnchanged, "")
	signable := h.confirmAll(h.record(h.dong.ID, "Mạc Văn Ký", "1967", "male", ""))[0]
	var summary flows.SignSummary
	ctx := context.Background()
	h.db.View(ctx, func(tx *store.Tx) error {
		var err error
		summary, err = tx.SignSummary(ctx, flows.Operator, h.commune.ID)
		return err
	})
	v, id := itoa(rec.Version), itoa(rec.ID)
	buttons := []string{"pok:" + id + ":" + v, "pret:" + id + ":" + v, "prr:" + id + ":" + v + ":typo",
		"prs:" + id + ":" + v, "pedit:" + id + ":" + v, "save:" + id + ":" + v, "plater:" + id + ":" + v,
		"pnext:0:0", "psum:0:0", "psign:0:1:" + summary.Digest[:16], "psgy:0:1:" + summary.Digest[:16]}
	for _, who := range []string{"an", "tram", "to", "stranger"} {
		for _, cmd := range []string{"pending", "review", "sign"} {
			outs := h.cmd(who, cmd, "")
			if got := texts(outs); strings.Contains(got, "Mạc Văn") || strings.Contains(got, "chưa ký") || got == "" {
				t.Errorf("%s /%s: %q", who, cmd, got)
			}
		}
		for _, data := range buttons {
			outs := h.handle(who, flows.Event{Kind: flows.EventButton, Data: data})
			if got := texts(outs); strings.Contains(got, "Mạc Văn") || strings.Contains(got, "Đã ") || got == "" {
				t.Errorf("%s pressing %s: %q", who, data, got)
			}
		}
	}
	if got := h.get(rec.ID); got.Version != rec.Version || got.State != flows.StateReviewed {
		t.Errorf("others changed the reviewed record: v%d %s", got.Version, got.State)
	}
	if got := h.get(signable.ID); got.State != flows.StateConfirmed {
		t.Errorf("others signed: %s", got.State)
	}

	// Another commune's reviewed record, named by a forged police button.
	var foreign flows.Record
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		c, err := tx.CreateCommune(ctx, flows.Operator, "Xã Khác")
		if err != nil {
			return err
		}
		v, err := tx.CreateVillage(ctx, flows.Operator, c.ID, "Ấp Một")
		if err != nil {
			return err
		}
		foreign, err = tx.CreateRecord(ctx, flows.Operator, flows.Record{CommuneID: c.ID, VillageID: v.ID,
			Fields: flows.Fields{Name: "Người Xã Khác"}, Orig: flows.Fields{Name: "Người Xã Khác"}})
		if err != nil {
			return err
		}
		return err
	})
	foreign = h.walk(foreign, flows.StateReviewed)
	fid, fv := itoa(foreign.ID), itoa(foreign.Version)
	for _, data := range []string{"pok:" + fid + ":" + fv, "prr:" + fid + ":" + fv + ":typo", "pedit:" + fid + ":" + fv} {
		outs := h.handle("cong", flows.Event{Kind: flows.EventButton, Data: data})
		mustSay(t, "forged "+data, outs, "không thuộc phạm vi của bạn")
		if strings.Contains(texts(outs), "Người Xã Khác") {
			t.Errorf("forged %s showed the other commune's record", data)
		}
	}
	if got := h.get(foreign.ID); got.Version != foreign.Version || got.State != flows.StateReviewed {
		t.Errorf("a forged button changed another commune's record: v%d %s", got.Version, got.State)
	}
	for _, data := range []string{"zz", "", "pok:x:1", "psgy:0:0:", "prr:" + id + ":" + v + ":bogus"} {
		if outs := h.handle("cong", flows.Event{Kind: flows.EventButton, Data: data}); len(outs) == 0 {
			t.Errorf("junk %q: no answer", data)
		}
	}
	if got := h.get(rec.ID); got.Version != rec.Version {
		t.Errorf("junk buttons changed the record: v%d", got.Version)
	}
}

// TestPoliceCatalog checks every return reason has its own text in both
// languages, so no card shows a bare key, and that an English-speaking
// officer gets the card and its buttons in English.
func TestPoliceCatalog(t *testing.T) {
	for _, r := range flows.ReturnReasons {
		vi, en := msg.T(msg.VI, "reason."+r), msg.T(msg.EN, "reason."+r)
		if vi == "reason."+r || en == vi {
			t.Errorf("reason %s: Vietnamese %q, English %q", r, vi, en)
		}
	}
	h := policeWorld(t)
	h.markReviewed(h.record(h.dong.ID, "Mẫn Văn Lý", "1966", "male", "").ID, "an", flows.OutcomeUnchanged, "")
	h.cmd("cong", "lang", "en")
	card := h.cmd("cong", "review", "")
	mustSay(t, "english card", card, "Check record", "Village review", "information right")
	if got := buttonTexts(card[len(card)-1]); !strings.Contains(got, "Matches population DB") {
		t.Errorf("english buttons: %s", got)
	}
	ask := h.press("cong", card, "Return")
	if got := buttonTexts(ask[len(ask)-1]); !strings.Contains(got, "Not in the population DB") {
		t.Errorf("english reasons: %s", got)
	}
}
