package flows_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
	"lamsach/store/storetest"
)

// clock is a settable clock shared by the store and the test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness runs conversations against a real SQLite store and the SQLite
// session store, capturing what each update sends.
type harness struct {
	t        *testing.T
	db       *store.DB
	clock    *clock
	eng      *flows.Engine
	mu       sync.Mutex
	update   int64
	captured map[int64][]flows.Out // by update id

	commune   flows.Commune
	dong, tay flows.Village
	people    map[string]int64 // name → Telegram id
	walker    *storetest.Walker
}

// captureStore wraps the store so each update's outgoing messages are seen
// by the test as they are enqueued.
type captureStore struct {
	h     *harness
	inner flows.Store
}

type captureRepo struct {
	flows.Repo
	h *harness
}

func (c captureStore) Update(ctx context.Context, fn func(ctx context.Context, r flows.Repo) error) error {
	return c.inner.Update(ctx, func(ctx context.Context, r flows.Repo) error {
		return fn(ctx, captureRepo{Repo: r, h: c.h})
	})
}

func (r captureRepo) Enqueue(ctx context.Context, updateID int64, outs []flows.Out) error {
	if err := r.Repo.Enqueue(ctx, updateID, outs); err != nil {
		return err
	}
	r.h.mu.Lock()
	r.h.captured[updateID] = append(r.h.captured[updateID], outs...)
	r.h.mu.Unlock()
	return nil
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clock: &clock{t: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)},
		captured: map[int64][]flows.Out{}, people: map[string]int64{}}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lamsach.db"), store.WithClock(h.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h.db = db
	sessions := db.Sessions(6 * time.Hour)
	h.eng = &flows.Engine{Store: captureStore{h: h, inner: store.Flows{DB: db}}, Sessions: sessions,
		App: &flows.App{Sessions: sessions, BotName: "lamsach_bot"}}
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		if h.commune, err = tx.CreateCommune(ctx, flows.Operator, "Xã Tân Phú"); err != nil {
			return err
		}
		if h.dong, err = tx.CreateVillage(ctx, flows.Operator, h.commune.ID, "Thôn Đông"); err != nil {
			return err
		}
		h.tay, err = tx.CreateVillage(ctx, flows.Operator, h.commune.ID, "Thôn Tây")
		return err
	})
	return h
}

func (h *harness) tx(fn func(ctx context.Context, tx *store.Tx) error) {
	h.t.Helper()
	ctx := context.Background()
	if err := h.db.Update(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		h.t.Fatal(err)
	}
}

// invite makes an invite code for role (and villages) as the operator.
func (h *harness) invite(role flows.Role, villages ...int64) string {
	h.t.Helper()
	var code string
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		code, _, err = tx.CreateInvite(ctx, flows.Operator, h.commune.ID, role, villages, 72*time.Hour)
		return err
	})
	return code
}

// join makes a person with Telegram id tg join with a fresh invite.
func (h *harness) join(name string, tg int64, role flows.Role, villages ...int64) {
	h.t.Helper()
	h.people[name] = tg
	outs := h.cmd(name, "start", h.invite(role, villages...))
	if !strings.Contains(texts(outs), "Chào") {
		h.t.Fatalf("%s joining: got %q", name, texts(outs))
	}
}

// record adds a record to a village as imported from a list.
func (h *harness) record(village int64, name, dob, gender, id string) flows.Record {
	h.t.Helper()
	d, _ := vn.ParseStoredDate(dob)
	idr := vn.ParseID(id, vn.CellText)
	f := flows.Fields{Name: vn.ParseName(name).Name, DOB: d, Gender: vn.Gender(gender), ID: idr.ID}
	p := vn.Person{Name: f.Name, DOB: f.DOB, Gender: f.Gender, ID: f.ID, IDRaw: id}
	problem, warns := vn.Check(p)
	rec := flows.Record{CommuneID: h.commune.ID, VillageID: village, Fields: f, Orig: f, IDRaw: id,
		Problem: problem, Warnings: warns}
	h.tx(func(ctx context.Context, tx *store.Tx) error {
		var err error
		rec, err = tx.CreateRecord(ctx, flows.Operator, rec)
		return err
	})
	return rec
}

func (h *harness) get(id int64) flows.Record {
	h.t.Helper()
	var rec flows.Record
	ctx := context.Background()
	if err := h.db.View(ctx, func(tx *store.Tx) error {
		var err error
		rec, err = tx.Record(ctx, flows.Operator, id)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return rec
}

// handle runs one event from a person and returns what was sent.
func (h *harness) handle(name string, ev flows.Event) []flows.Out {
	h.t.Helper()
	h.mu.Lock()
	h.update++
	ev.UpdateID = h.update
	h.mu.Unlock()
	tg, ok := h.people[name]
	if !ok {
		tg = 999
	}
	ev.UserID, ev.ChatID, ev.UserName, ev.At = tg, tg, name, h.clock.Now()
	ev.Private = true
	if strings.HasPrefix(name, "group:") {
		ev.ChatID, ev.Private = -100123, false
	}
	if err := h.eng.Handle(context.Background(), ev); err != nil {
		h.t.Fatalf("%s: handle: %v", name, err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.captured[ev.UpdateID]
}

func (h *harness) cmd(name, cmd, args string) []flows.Out {
	return h.handle(name, flows.Event{Kind: flows.EventCommand, Command: cmd, Args: args})
}

func (h *harness) text(name, text string) []flows.Out {
	return h.handle(name, flows.Event{Kind: flows.EventText, Text: text})
}

// press presses the button labelled label on the last message of outs that
// has it.
func (h *harness) press(name string, outs []flows.Out, label string) []flows.Out {
	h.t.Helper()
	for i := len(outs) - 1; i >= 0; i-- {
		for _, row := range outs[i].Buttons {
			for _, b := range row {
				if strings.Contains(b.Text, label) {
					return h.handle(name, flows.Event{Kind: flows.EventButton, Data: b.Data, MessageID: 1})
				}
			}
		}
	}
	h.t.Fatalf("%s: no button %q in %q", name, label, texts(outs))
	return nil
}

// texts joins the texts of outs, for assertions.
func texts(outs []flows.Out) string {
	var parts []string
	for _, o := range outs {
		if o.Text != "" {
			parts = append(parts, o.Text)
		}
	}
	return strings.Join(parts, "\n---\n")
}

// mustSay fails unless the messages contain every want.
func mustSay(t *testing.T, who string, outs []flows.Out, wants ...string) {
	t.Helper()
	got := texts(outs)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: messages lack %q; got:\n%s", who, w, got)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
