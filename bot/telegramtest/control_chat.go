package telegramtest

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxDocumentBytes bounds an uploaded document (Telegram lets a bot
// download 20 MB; a larger file lets a test see the bot refuse it).
const maxDocumentBytes = 50 << 20

// textBody is the body of POST /control/people/{id}/messages.
type textBody struct {
	Text string `json:"text"`
}

// commandBody is the body of POST /control/people/{id}/commands.
type commandBody struct {
	Command string `json:"command"`
	Args    string `json:"args"`
}

// pressBody is the body of POST /control/people/{id}/presses: a button
// by its label, or any callback_data (as a stale or forged client sends).
type pressBody struct {
	MessageID    int     `json:"message_id"`
	Button       *string `json:"button"`
	CallbackData *string `json:"callback_data"`
}

var commandWord = regexp.MustCompile(`^/?[A-Za-z0-9_]{1,32}$`)

// checkText refuses what Telegram would not let a person send.
func checkText(text string) string {
	switch {
	case !utf8.ValidString(text):
		return "text must be UTF-8"
	case strings.TrimSpace(text) == "":
		return "text is empty"
	case utf16Len(text) > maxTextUnits:
		return "text is longer than 4096 characters (UTF-16 units)"
	}
	return ""
}

func (s *Server) ctlSend(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pathPerson(w, r)
	var b textBody
	if !ok || !decodeBody(w, r, &b) {
		return
	}
	s.ctlSendText(w, p, b.Text)
}

// ctlSendText has the person type text, if Telegram would take it, and
// answers with the update and message it made.
func (s *Server) ctlSendText(w http.ResponseWriter, p *Person, text string) {
	if msg := checkText(text); msg != "" {
		ctlError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	s.mu.Lock()
	id, m := p.sendLocked(text)
	s.mu.Unlock()
	ctlJSON(w, RemoteSent{UpdateID: id, MessageID: m.MessageID})
}

func (s *Server) ctlCommand(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pathPerson(w, r)
	var b commandBody
	if !ok || !decodeBody(w, r, &b) {
		return
	}
	if !commandWord.MatchString(b.Command) {
		ctlError(w, http.StatusBadRequest, "command %q must be 1 to 32 letters, digits or _ (the slash is optional)", b.Command)
		return
	}
	text := "/" + strings.TrimPrefix(b.Command, "/")
	if b.Args != "" {
		text += " " + b.Args
	}
	s.ctlSendText(w, p, text)
}

func (s *Server) ctlPress(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pathPerson(w, r)
	var b pressBody
	if !ok || !decodeBody(w, r, &b) {
		return
	}
	switch {
	case b.MessageID <= 0:
		ctlError(w, http.StatusBadRequest, "message_id must be the positive id of a message the bot sent")
		return
	case (b.Button == nil) == (b.CallbackData == nil):
		ctlError(w, http.StatusBadRequest, "give either button (a label) or callback_data, not both or neither")
		return
	case b.CallbackData != nil && (len(*b.CallbackData) < 1 || len(*b.CallbackData) > maxCallbackData):
		ctlError(w, http.StatusBadRequest, "callback_data must be 1 to 64 bytes")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := RemoteSent{MessageID: b.MessageID}
	if b.CallbackData != nil {
		out.UpdateID, out.CallbackQueryID = p.callbackLocked(s.chats[p.chatID], b.MessageID, *b.CallbackData)
		ctlJSON(w, out)
		return
	}
	var err error
	if out.UpdateID, out.CallbackQueryID, err = p.pressLocked(b.MessageID, *b.Button); err != nil {
		ctlError(w, http.StatusBadRequest, "%s", strings.TrimPrefix(err.Error(), "telegramtest: "))
		return
	}
	ctlJSON(w, out)
}

// ctlDocument takes a multipart/form-data body with one file part named
// "document", as curl -F document=@list.xlsx sends it.
func (s *Server) ctlDocument(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pathPerson(w, r)
	if !ok {
		return
	}
	name, mimeType, data, msg := readDocument(w, r)
	if msg != "" {
		ctlError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	s.mu.Lock()
	id, m := p.sendDocumentLocked(name, data, mimeType)
	s.mu.Unlock()
	ctlJSON(w, RemoteSent{UpdateID: id, MessageID: m.MessageID, FileID: m.Document.FileID})
}

// readDocument reads the "document" part of an upload, or says what is wrong.
func readDocument(w http.ResponseWriter, r *http.Request) (name, mimeType string, data []byte, problem string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxDocumentBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", "", nil, "send the file as multipart/form-data with a part named document (curl -F document=@FILE)"
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", "", nil, "bad multipart body: " + err.Error()
		}
		if part.FormName() != "document" {
			return "", "", nil, "unexpected part " + strconv.Quote(part.FormName()) + "; send one part named document"
		}
		if data != nil {
			return "", "", nil, "more than one document part"
		}
		name = part.FileName()
		if name == "" || !utf8.ValidString(name) {
			return "", "", nil, "the document part needs a file name (curl -F document=@FILE sets it)"
		}
		if data, err = io.ReadAll(io.LimitReader(part, maxDocumentBytes+1)); err != nil {
			return "", "", nil, "read the document: " + err.Error()
		}
		mimeType, _, _ = mime.ParseMediaType(part.Header.Get("Content-Type"))
	}
	switch {
	case data == nil:
		return "", "", nil, "no part named document"
	case len(data) == 0:
		return "", "", nil, "the document is empty"
	case len(data) > maxDocumentBytes:
		return "", "", nil, "the document is larger than 50 MB"
	}
	if mimeType == "" || mimeType == "application/octet-stream" {
		mimeType = mimeFor(name) // as Telegram guesses from the name
	}
	return name, mimeType, data, ""
}

func (s *Server) ctlMessages(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pathPerson(w, r)
	if !ok {
		return
	}
	after, errAfter := queryInt(r, "after", 0, 1<<30)
	timeout, errTimeout := queryInt(r, "timeout", 0, maxLongPoll)
	if msg := errAfter + errTimeout; msg != "" {
		ctlError(w, http.StatusBadRequest, "%s", msg)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Duration(timeout)*time.Second)
	defer cancel()
	var out RemoteMessages
	err := p.waitChat(ctx, func(c *chat) bool {
		out.Count = len(c.sent)
		if out.Count <= after && timeout > 0 {
			return false
		}
		out.Messages = make([]RemoteMessage, 0, max(out.Count-after, 0))
		for _, m := range c.sent[min(after, out.Count):] {
			out.Messages = append(out.Messages, remoteMessage(m))
		}
		return true
	})
	switch {
	case errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil:
		out.Messages = []RemoteMessage{} // nothing new in time; Count was read on the last wake
	case err != nil:
		ctlError(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	ctlJSON(w, out)
}

// queryInt reads an optional integer query parameter in [lo, hi], or
// returns a problem.
func queryInt(r *http.Request, key string, lo, hi int) (int, string) {
	raw := r.URL.Query().Get(key)
	if raw == "" {
		return lo, ""
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, key + " must be a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + "; "
	}
	return n, ""
}

func (s *Server) ctlPresses(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pathPerson(w, r)
	if !ok {
		return
	}
	out := struct {
		Presses []RemotePress `json:"presses"`
	}{Presses: []RemotePress{}}
	for _, c := range p.Callbacks() {
		out.Presses = append(out.Presses, RemotePress{CallbackQueryID: c.QueryID, MessageID: c.MessageID,
			CallbackData: c.Data, Answered: c.Answered, AnswerText: c.Text, ShowAlert: c.ShowAlert})
	}
	ctlJSON(w, out)
}

func (s *Server) ctlFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f, ok := s.files[r.PathValue("file_id")]
	s.mu.Unlock()
	if !ok {
		ctlError(w, http.StatusNotFound, "no file %q", r.PathValue("file_id"))
		return
	}
	w.Header().Set("Content-Type", f.mime)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.name}))
	_, _ = w.Write(f.data)
}
