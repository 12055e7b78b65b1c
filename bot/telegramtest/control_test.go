package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// ctl makes a control call over HTTP with a JSON body (or none) and
// returns the status and the decoded answer.
func ctl(t *testing.T, s *Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(testCtx(t), method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %v", method, path, err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q, want application/json", method, path, ct)
	}
	return resp.StatusCode, out
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestControlRefusesBadInput: every mistake gets 400 (or 404 for what does
// not exist) with a JSON error naming it, and changes nothing.
func TestControlRefusesBadInput(t *testing.T) {
	s := newServer(t)
	if code, _ := ctl(t, s, "POST", "/control/people", `{"id":5001,"first_name":"An","language_code":"vi"}`); code != 200 {
		t.Fatalf("add person: %d", code)
	}
	tests := []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"POST", "/control/people", ``, 400, "the body is empty"},
		{"POST", "/control/people", `{"id":1,"first_name":"A"`, 400, "bad JSON body"},
		{"POST", "/control/people", `{"id":1,"first_name":"A"} {}`, 400, "more than one JSON value"},
		{"POST", "/control/people", `{"id":1,"first_name":"A","name":"B"}`, 400, `unknown field "name"`},
		{"POST", "/control/people", `{"id":"1","first_name":"A"}`, 400, "cannot unmarshal string"},
		{"POST", "/control/people", `{"id":0,"first_name":"A"}`, 400, "id must be a positive integer"},
		{"POST", "/control/people", `{"id":1,"first_name":""}`, 400, "first_name must be 1 to 64 characters"},
		{"POST", "/control/people", `{"id":1,"first_name":"` + strings.Repeat("ắ", 65) + `"}`, 400, "first_name must be 1 to 64"},
		{"POST", "/control/people", `{"id":1,"first_name":"A","language_code":"Vietnamese"}`, 400, "not a language tag"},
		{"GET", "/control/people/abc", ``, 400, `person id "abc" must be a positive integer`},
		{"GET", "/control/people/-3/messages", ``, 400, "must be a positive integer"},
		{"GET", "/control/people/5002", ``, 404, "no person 5002"},
		{"POST", "/control/people/5002/messages", `{"text":"hi"}`, 404, "no person 5002"},
		{"POST", "/control/people/5001/messages", `{"text":"   "}`, 400, "text is empty"},
		{"POST", "/control/people/5001/messages", `{"text":"` + strings.Repeat("a", 4097) + `"}`, 400, "longer than 4096"},
		{"POST", "/control/people/5001/messages", `{"txt":"hi"}`, 400, `unknown field "txt"`},
		{"POST", "/control/people/5001/commands", `{"command":"/bad cmd"}`, 400, "1 to 32 letters"},
		{"POST", "/control/people/5001/commands", `{"command":""}`, 400, "1 to 32 letters"},
		{"POST", "/control/people/5001/presses", `{"message_id":0,"button":"OK"}`, 400, "message_id must be"},
		{"POST", "/control/people/5001/presses", `{"message_id":1}`, 400, "either button"},
		{"POST", "/control/people/5001/presses", `{"message_id":1,"button":"OK","callback_data":"x"}`, 400, "either button"},
		{"POST", "/control/people/5001/presses", `{"message_id":1,"callback_data":""}`, 400, "1 to 64 bytes"},
		{"POST", "/control/people/5001/presses", `{"message_id":1,"button":"OK"}`, 400, "no message 1 from the bot"},
		{"POST", "/control/people/5001/documents", `{"text":"x"}`, 400, "multipart/form-data"},
		{"GET", "/control/people/5001/messages?after=-1", ``, 400, "after must be a whole number"},
		{"GET", "/control/people/5001/messages?timeout=301", ``, 400, "timeout must be a whole number from 0 to 300"},
		{"GET", "/control/people/5001/messages?timeout=1s", ``, 400, "timeout must be"},
		{"GET", "/control/files/nope", ``, 404, `no file "nope"`},
		{"DELETE", "/control/people/5001", ``, 404, "no control endpoint DELETE /control/people/5001"},
		{"GET", "/control/nothing", ``, 404, "no control endpoint"},
	}
	for _, tt := range tests {
		code, out := ctl(t, s, tt.method, tt.path, tt.body)
		msg, _ := out["error"].(string)
		if code != tt.code || !strings.Contains(msg, tt.want) || len(out) != 1 {
			t.Errorf("%s %s %.40q: %d %v; want %d and an error with %q", tt.method, tt.path, tt.body, code, out, tt.code, tt.want)
		}
	}
	if st := s.Updates(); st != 0 {
		t.Errorf("refused calls made %d updates", st)
	}
	_, people := ctl(t, s, "GET", "/control/people", "")
	if n := len(people["people"].([]any)); n != 1 {
		t.Errorf("refused calls left %d people, want 1", n)
	}
}

// echoBot is a bot written with go-telegram/bot, as any bot author would,
// pointed at s: it answers text with buttons, "doc" with a document, a
// document with its size, and handles its two buttons.
func echoBot(t *testing.T, s *Server) {
	t.Helper()
	handle := func(ctx context.Context, b *bot.Bot, u *models.Update) {
		switch {
		case u.CallbackQuery != nil:
			q := u.CallbackQuery
			b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: "OK " + q.Data})
			chat, id := q.Message.Message.Chat.ID, q.Message.Message.ID
			if q.Data == "del" {
				b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: chat, MessageID: id})
				return
			}
			b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: chat, MessageID: id, Text: "Đã thích ✓"})
		case u.Message != nil && u.Message.Document != nil:
			f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: u.Message.Document.FileID})
			if err != nil {
				return
			}
			resp, err := http.Get(b.FileDownloadLink(f))
			if err != nil {
				return
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID,
				Text: fmt.Sprintf("Nhận %s: %d byte, %s", u.Message.Document.FileName, len(data), u.Message.Document.MimeType)})
		case u.Message != nil && u.Message.Text == "doc":
			b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: u.Message.Chat.ID, Caption: "Tệp của bạn",
				Document: &models.InputFileUpload{Filename: "hello.txt", Data: strings.NewReader("xin chào")}})
		case u.Message != nil:
			b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, ParseMode: models.ParseModeHTML,
				Text: "Bạn viết: <b>" + html.EscapeString(u.Message.Text) + "</b>",
				ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "Thích", CallbackData: "like"}, {Text: "Xoá", CallbackData: "del"}},
					[]models.InlineKeyboardButton{{Text: "Web", URL: "https://example.com"}})})
		}
	}
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithDefaultHandler(handle),
		bot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// next long-polls for the person's next message after seen.
func next(t *testing.T, r *Remote, id int64, seen int) RemoteMessage {
	t.Helper()
	got, err := r.Messages(testCtx(t), id, seen, 15*time.Second)
	if err != nil || len(got.Messages) != 1 || got.Count != seen+1 {
		t.Fatalf("Messages(after %d) = %+v, %v; want one message and count %d", seen, got, err, seen+1)
	}
	return got.Messages[0]
}

// TestControlDrivesABot: a go-telegram/bot bot pointed at the fake is
// driven over HTTP through the control API: text, buttons, edits,
// deletions and documents both ways.
func TestControlDrivesABot(t *testing.T) {
	s := newServer(t, WithAnyToken())
	echoBot(t, s)
	r := NewRemote(s.URL(), nil)
	ctx := testCtx(t)
	if p, err := r.AddPerson(ctx, 5001, "Ánh", "vi"); err != nil || p.Received != 0 || p.FirstName != "Ánh" {
		t.Fatalf("AddPerson = %+v, %v", p, err)
	}
	if _, err := r.Send(ctx, 5001, "a < b"); err != nil {
		t.Fatal(err)
	}
	m := next(t, r, 5001, 0)
	if m.Text != "Bạn viết: a < b" || m.RawText != "Bạn viết: <b>a &lt; b</b>" || m.ParseMode != "HTML" {
		t.Errorf("reply = %+v", m)
	}
	wantButtons := [][]RemoteButton{{{Text: "Thích", CallbackData: "like"}, {Text: "Xoá", CallbackData: "del"}}, {{Text: "Web", URL: "https://example.com"}}}
	if fmt.Sprint(m.Buttons) != fmt.Sprint(wantButtons) {
		t.Errorf("buttons = %v, want %v", m.Buttons, wantButtons)
	}

	// A press: the bot answers it and edits the message, which a reader sees.
	if _, err := r.Press(ctx, 5001, m.MessageID, "Không có"); err == nil || !strings.HasSuffix(err.Error(), `presses: 400 message 2 has no callback button "Không có"; it has ["Thích" "Xoá" "Web"]`) {
		t.Errorf("press of a missing button: %v", err)
	}
	sent, err := r.Press(ctx, 5001, m.MessageID, "Thích")
	if err != nil || sent.CallbackQueryID == "" || sent.MessageID != m.MessageID {
		t.Fatalf("Press = %+v, %v", sent, err)
	}
	if err := s.wait(ctx, func() bool { return s.chats[5001].sent[0].edits == 1 }); err != nil {
		t.Fatalf("the bot never edited: %v", err)
	}
	all, err := r.Messages(ctx, 5001, 0, 0)
	if err != nil || len(all.Messages) != 1 || all.Messages[0].Text != "Đã thích ✓" || all.Messages[0].Edits != 1 ||
		all.Messages[0].EditDate == 0 || len(all.Messages[0].Buttons) != 0 {
		t.Errorf("after the edit: %+v, %v", all, err)
	}
	if err := s.wait(ctx, func() bool { return s.chats[5001].presses[0].answered }); err != nil {
		t.Fatal(err)
	}
	presses, err := r.Presses(ctx, 5001)
	if err != nil || len(presses) != 1 || !presses[0].Answered || presses[0].AnswerText != "OK like" || presses[0].CallbackData != "like" {
		t.Errorf("Presses = %+v, %v", presses, err)
	}

	// A deletion is flagged; a document from the bot can be downloaded.
	r.Send(ctx, 5001, "xoá đi")
	m2 := next(t, r, 5001, 1)
	r.Press(ctx, 5001, m2.MessageID, "Xoá")
	if err := s.wait(ctx, func() bool { return s.chats[5001].sent[1].deleted }); err != nil {
		t.Fatal(err)
	}
	if all, _ := r.Messages(ctx, 5001, 1, 0); len(all.Messages) != 1 || !all.Messages[0].Deleted {
		t.Errorf("after the delete: %+v", all)
	}
	r.Send(ctx, 5001, "doc")
	d := next(t, r, 5001, 2)
	if d.Document == nil || d.Document.FileName != "hello.txt" || d.Document.MimeType != "text/plain" || d.Text != "Tệp của bạn" {
		t.Fatalf("document message = %+v", d)
	}
	if data, err := r.File(ctx, d.Document.FileID); err != nil || string(data) != "xin chào" {
		t.Errorf("File = %q, %v", data, err)
	}

	// A document from the person: the bot downloads it through getFile.
	up, err := r.SendDocument(ctx, 5001, "danh sach.xlsx", []byte("PK\x03\x04 not really a workbook"))
	if err != nil || up.FileID == "" {
		t.Fatalf("SendDocument = %+v, %v", up, err)
	}
	if got := next(t, r, 5001, 3); got.Text != "Nhận danh sach.xlsx: 26 byte, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("the bot saw the document as %q", got.Text)
	}
}

// TestControlJSONShape: the keys of the answers are fixed, so drivers in
// other languages can rely on them.
func TestControlJSONShape(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	_, person := ctl(t, s, "POST", "/control/people", `{"id":7,"first_name":"Bình"}`)
	_, sent := ctl(t, s, "POST", "/control/people/7/commands", `{"command":"start","args":"abc"}`)
	send(t, b, 7, "Chào")
	_, msgs := ctl(t, s, "GET", "/control/people/7/messages?after=0&timeout=5", "")
	_, status := ctl(t, s, "GET", "/control/status", "")
	for _, c := range []struct {
		name string
		got  map[string]any
		want string
	}{
		{"person", person, "commands first_name id language_code messages_received"},
		{"sent", sent, "callback_query_id file_id message_id update_id"},
		{"messages", msgs, "count messages"},
		{"message", msgs["messages"].([]any)[0].(map[string]any), "buttons date deleted document edit_date edits message_id parse_mode photo raw_text text"},
		{"status", status, "bot_id bot_username people updates_made updates_pending"},
	} {
		if got := strings.Join(keys(c.got), " "); got != c.want {
			t.Errorf("%s keys = %s, want %s", c.name, got, c.want)
		}
	}
	if status["updates_made"] != 1.0 || status["people"] != 1.0 {
		t.Errorf("status = %v", status)
	}
}

// TestControlLongPollTimesOut: a wait with nothing new answers an empty
// list and the current count when its timeout passes.
func TestControlLongPollTimesOut(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	r := NewRemote(s.URL(), nil)
	r.AddPerson(testCtx(t), 8, "Chi", "")
	send(t, b, 8, "một")
	start := time.Now()
	got, err := r.Messages(testCtx(t), 8, 1, time.Second)
	if err != nil || len(got.Messages) != 0 || got.Count != 1 || got.Messages == nil {
		t.Errorf("Messages(after 1, 1 s) = %+v, %v; want none and count 1", got, err)
	}
	if time.Since(start) < time.Second {
		t.Errorf("answered after %s, before its timeout", time.Since(start))
	}
}

// TestTokens: WithTokens accepts only its tokens, WithAnyToken any of
// Telegram's form.
func TestTokens(t *testing.T) {
	for _, c := range []struct {
		opt    Option
		token  string
		status int
	}{
		{WithTokens("1:a", "2:b"), "2:b", 200},
		{WithTokens("1:a"), fakeToken, 401},
		{WithAnyToken(), "99:zz_-Y", 200},
		{WithAnyToken(), "nodigits:x", 401},
		{nil, fakeToken, 200},
		{nil, "1:a", 401},
	} {
		var opts []Option
		if c.opt != nil {
			opts = append(opts, c.opt)
		}
		s := newServer(t, opts...)
		resp, err := http.Post(s.URL()+"/bot"+c.token+"/getMe", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("token %q: getMe answered %d, want %d", c.token, resp.StatusCode, c.status)
		}
	}
}

// FuzzControl: any body to any control endpoint gets JSON with 200, 400 or
// 404, never a panic, and a refused call makes no update.
func FuzzControl(f *testing.F) {
	paths := []string{"/control/people", "/control/people/5001/messages", "/control/people/5001/commands",
		"/control/people/5001/presses", "/control/people/5001/documents", "/control/people/5001/messages?after=1&timeout=0"}
	f.Add(uint8(0), `{"id":5002,"first_name":"An","language_code":"vi"}`)
	f.Add(uint8(1), `{"text":"xin chào"}`)
	f.Add(uint8(2), `{"command":"start","args":"abc"}`)
	f.Add(uint8(3), `{"message_id":2,"button":"OK"}`)
	f.Add(uint8(3), `{"message_id":2,"callback_data":"x"}`)
	f.Add(uint8(4), "--b\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.xlsx\"\r\n\r\nPK\r\n--b--\r\n")
	f.Add(uint8(5), ``)
	s := New()
	defer s.Close()
	s.User(5001, "An", "vi")
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := paths[int(which)%len(paths)]
		method := http.MethodPost
		if strings.Contains(path, "?") {
			method = http.MethodGet
		}
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if strings.HasSuffix(path, "documents") {
			req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
		}
		before := s.Updates()
		w := httptest.NewRecorder()
		s.serveHTTP(w, req)
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %s %q: answer %q is not JSON", method, path, body, w.Body.String())
		}
		switch w.Code {
		case http.StatusOK:
		case http.StatusBadRequest, http.StatusNotFound:
			if msg, _ := out["error"].(string); msg == "" || s.Updates() != before {
				t.Fatalf("%s %s %q: refused with %v, updates %d → %d", method, path, body, out, before, s.Updates())
			}
		default:
			t.Fatalf("%s %s %q: status %d", method, path, body, w.Code)
		}
	})
}
