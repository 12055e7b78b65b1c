package bot

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"lamsach/bot/telegramtest"
	"lamsach/flows"
)

// startSender runs a Sender over ob until the test ends.
func startSender(t *testing.T, e *env, ob Outbox, cfg SenderConfig) *Sender {
	t.Helper()
	if _, fake := e.clk.(*testClock); !fake {
		// On the real clock, keep polls and back-off short.
		if cfg.PollEvery == 0 {
			cfg.PollEvery = 20 * time.Millisecond
		}
		if cfg.RetryDelay == 0 {
			cfg.RetryDelay = 10 * time.Millisecond
		}
	}
	s, err := NewSender(e.c, ob, cfg)
	if err != nil {
		t.Fatalf("NewSender: %v", err)
	}
	run(t, s.Run)
	return s
}

func send(chat int64, text string) flows.Out {
	return flows.Out{Kind: flows.OutSend, ChatID: chat, Text: text}
}

func rawTexts(msgs []telegramtest.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Raw)
	}
	return out
}

func countCalls(srv *telegramtest.Server, method string) int {
	n := 0
	for _, a := range srv.AllSent() {
		if a.Method == method {
			n++
		}
	}
	return n
}

func TestSender429StormDeliversEachMessageOnceInOrder(t *testing.T) {
	clk := newTestClock(50)
	e := newEnv(t, envOpts{clock: clk, rateLimits: true})
	an := e.srv.User(101, "An", "vi")
	chats := []*telegramtest.Person{an, e.srv.User(102, "Bình", "vi"), e.srv.User(103, "Chi", "vi"), an.InGroup(-500)}
	ob := &fakeOutbox{claim: 2 * time.Minute}
	want := map[int64][]string{}
	for i := range 24 {
		for _, p := range chats {
			if i >= 8 && p.ChatID() > 0 {
				continue // 8 per private chat; 24 to the group, over its 20 a minute
			}
			text := fmt.Sprintf("tin <b>%d</b> &amp; hồ sơ", i)
			want[p.ChatID()] = append(want[p.ChatID()], text)
			ob.add(send(p.ChatID(), text))
		}
	}
	e.srv.FailNext("sendMessage", 12, 429, 3)
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)

	for _, p := range chats {
		if got := rawTexts(p.Messages()); !slices.Equal(got, want[p.ChatID()]) {
			t.Errorf("chat %d got %d messages %q\nwant %d %q", p.ChatID(), len(got), got, len(want[p.ChatID()]), want[p.ChatID()])
		}
	}
	rejected := 0
	for _, a := range e.srv.AllSent() {
		if a.Early {
			t.Errorf("early call: %+v", a)
		}
		if !a.OK {
			rejected++
		}
	}
	if rejected != 12 {
		t.Errorf("%d calls rejected, want only the 12 injected 429s", rejected)
	}
	if v := e.srv.Violations(); len(v) != 0 {
		t.Errorf("violations: %+v", v)
	}
	for id := int64(1); id <= int64(len(ob.items)); id++ {
		if it := ob.snapshot(id); it.state != "sent" {
			t.Errorf("item %d %s (%v), want sent", id, it.state, it.reasons)
		}
	}
}

func TestSenderBlockedChat(t *testing.T) {
	e := newEnv(t, envOpts{})
	an, binh := e.srv.User(101, "An", "vi"), e.srv.User(102, "Bình", "vi")
	e.srv.Block(an.ChatID())
	ob := &fakeOutbox{}
	ob.add(send(an.ChatID(), "1"), send(binh.ChatID(), "x"), send(an.ChatID(), "2"), send(an.ChatID(), "3"))
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	for _, id := range []int64{1, 3, 4} {
		if it := ob.snapshot(id); it.state != "dropped" || it.Attempts != 0 || !strings.Contains(it.reasons[0], "403") {
			t.Errorf("item %d = %s %v after %d retries, want dropped with the 403 at once", id, it.state, it.reasons, it.Attempts)
		}
	}
	if len(ob.unreachable) == 0 || slices.ContainsFunc(ob.unreachable, func(c int64) bool { return c != an.ChatID() }) {
		t.Errorf("Unreachable calls %v, want chat %d only", ob.unreachable, an.ChatID())
	}
	if got := len(binh.Messages()); got != 1 {
		t.Errorf("chat 102 got %d messages, want 1", got)
	}
}

func TestSenderDropsBadRequestWithoutRetry(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	e.srv.FailNextWith("sendMessage", 1, &telegramtest.APIError{Code: 400, Description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0"})
	ob := &fakeOutbox{}
	ob.add(send(an.ChatID(), "<x>Nguyễn Văn An"), send(an.ChatID(), "next"))
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	if it := ob.snapshot(1); it.state != "dropped" || it.Attempts != 0 || !strings.Contains(it.reasons[0], "can't parse entities") {
		t.Errorf("item 1 = %s %v, want dropped with Telegram's description", it.state, it.reasons)
	}
	if n := countCalls(e.srv, "sendMessage"); n != 2 {
		t.Errorf("%d sendMessage calls, want 2 (the 400 is not retried)", n)
	}
	if got := rawTexts(an.Messages()); !slices.Equal(got, []string{"next"}) {
		t.Errorf("messages %q, want [next]", got)
	}
}

func TestSenderEdits(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{}
	buttons := [][]flows.Button{{{Text: "✅ Đúng hết", Data: "rec:1:ok"}, {Text: "✏️ Họ tên", Data: "rec:1:name"}}}
	ob.add(flows.Out{Kind: flows.OutSend, ChatID: an.ChatID(), Text: "Hồ sơ <b>1</b>", Buttons: buttons})
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	msgID := ob.snapshot(1).messageID
	ob.add(flows.Out{Kind: flows.OutEdit, ChatID: an.ChatID(), MessageID: msgID, Text: "Hồ sơ <b>1</b>", Buttons: buttons})
	ob.waitSettled(t)
	if it := ob.snapshot(2); it.state != "sent" || it.messageID != msgID {
		t.Errorf("identical edit = %s %d %v, want sent as message %d (not modified is success)", it.state, it.messageID, it.reasons, msgID)
	}
	ob.add(flows.Out{Kind: flows.OutEdit, ChatID: an.ChatID(), MessageID: msgID, Text: "Đã lưu"})
	ob.waitSettled(t)
	m := an.Last()
	if m.ID != msgID || m.Text != "Đã lưu" || m.Edits != 1 || m.Buttons != nil {
		t.Errorf("edited message = %+v, want text Đã lưu, 1 edit, keyboard removed", m)
	}
	if !strings.Contains(m.Raw, "Đã lưu") || m.ParseMode != "HTML" {
		t.Errorf("edit raw %q mode %q, want HTML", m.Raw, m.ParseMode)
	}
}

func TestSenderFilesPhotosAndCommands(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	doc := make([]byte, 3*256)
	for i := range doc {
		doc[i] = byte(i)
	}
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var pic bytes.Buffer
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	cmds := []flows.Command{{Name: "next", Description: "Hồ sơ tiếp theo"}, {Name: "help", Description: "Trợ giúp"}}
	ob := &fakeOutbox{}
	ob.add(
		flows.Out{Kind: flows.OutFile, ChatID: an.ChatID(), Text: "Biên bản <b>số 3</b>", File: &flows.File{Name: "biên bản 3.xlsx", Data: doc}},
		flows.Out{Kind: flows.OutPhoto, ChatID: an.ChatID(), File: &flows.File{Name: "tiến độ.png", Data: pic.Bytes()}},
		flows.Out{Kind: flows.OutCommands, ChatID: an.ChatID(), Commands: cmds},
		flows.Out{Kind: flows.OutFile, ChatID: an.ChatID()}, // no file: invalid
	)
	startSender(t, e, ob, SenderConfig{})
	ob.waitSettled(t)
	msgs := an.Messages()
	if len(msgs) != 2 {
		t.Fatalf("got %d messages, want a document and a photo", len(msgs))
	}
	if d := msgs[0].Document; d == nil || d.Name != "biên bản 3.xlsx" || !bytes.Equal(d.Data, doc) || msgs[0].Text != "Biên bản số 3" {
		t.Errorf("document message = %+v, want the bytes intact and the caption", msgs[0])
	}
	if p := msgs[1].Photo; p == nil || !bytes.Equal(p.Data, pic.Bytes()) {
		t.Errorf("photo message = %+v, want the PNG intact", msgs[1])
	}
	got := an.Commands()
	if len(got) != 2 || got[0].Command != "next" || got[1].Description != "Trợ giúp" {
		t.Errorf("command menu %+v, want next and help", got)
	}
	if it := ob.snapshot(4); it.state != "dropped" {
		t.Errorf("file without data = %s, want dropped", it.state)
	}
}

func TestSenderDeletesPersonalMessagesAfterWindow(t *testing.T) {
	clk := newTestClock(50)
	e := newEnv(t, envOpts{clock: clk})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{}
	personal := send(an.ChatID(), "CCCD 001090012345")
	personal.Personal = true
	ob.add(personal, send(an.ChatID(), "Xin chào"))
	startSender(t, e, ob, SenderConfig{DeleteEvery: time.Second})
	ob.waitSettled(t)
	it := ob.snapshot(1)
	if window := it.deleteAt.Sub(clk.Now()); window < 23*time.Hour || window > 24*time.Hour {
		t.Errorf("personal message deleteAt in %v, want about 24h", window)
	}
	if !ob.snapshot(2).deleteAt.IsZero() {
		t.Error("a message without personal data got a deleteAt")
	}
	// A message the person already deleted counts as deleted too.
	ob.add(send(an.ChatID(), "gone"))
	ob.waitSettled(t)
	ob.mu.Lock()
	ob.items[2].messageID, ob.items[2].deleteAt = 9999, ob.items[2].deleteAt.Add(time.Hour)
	ob.mu.Unlock()

	clk.Advance(25 * time.Hour)
	ob.waitFor(t, "deletions", func() bool {
		ob.mu.Lock()
		defer ob.mu.Unlock()
		return len(ob.deleted) == 2
	})
	msgs := an.Messages()
	if !msgs[0].Deleted || msgs[1].Deleted {
		t.Errorf("deleted flags %v %v, want only the personal message deleted", msgs[0].Deleted, msgs[1].Deleted)
	}
}

func TestSenderNotify(t *testing.T) {
	e := newEnv(t, envOpts{})
	an := e.srv.User(101, "An", "vi")
	ob := &fakeOutbox{}
	s := startSender(t, e, ob, SenderConfig{PollEvery: time.Hour})
	ob.add(send(an.ChatID(), "ngay"))
	s.Notify()
	s.Notify() // never blocks
	if _, err := an.WaitMessages(testCtx(t), 1); err != nil {
		t.Fatalf("no message after Notify: %v", err)
	}
}

func TestNewSenderRefusesWindowOf48Hours(t *testing.T) {
	e := newEnv(t, envOpts{})
	if _, err := NewSender(e.c, &fakeOutbox{}, SenderConfig{PrivacyWindow: 48 * time.Hour}); err == nil {
		t.Error("NewSender accepted a 48h privacy window: Telegram refuses deletes after 48h")
	}
}
