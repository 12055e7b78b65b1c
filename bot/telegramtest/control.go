package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The control API lets a program in another process, in any language, do
// what a test does with a Person: add people, write to the bot, press its
// buttons, send documents and read what the bot sent, waiting for new
// messages with a long poll. It is served beside the Bot API, under
// /control/. It has no authentication: it is a test tool for a loopback
// address, never for a public one.

// controlPrefix starts every control path.
const controlPrefix = "/control/"

// maxControlBody bounds a JSON body (a message is at most 4096 characters).
const maxControlBody = 1 << 20

// maxLongPoll bounds the timeout of a wait for messages, in seconds.
const maxLongPoll = 300

func (s *Server) controlMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /control/status", s.ctlStatus)
	mux.HandleFunc("GET /control/people", s.ctlPeople)
	mux.HandleFunc("POST /control/people", s.ctlAddPerson)
	mux.HandleFunc("GET /control/people/{id}", s.ctlPerson)
	mux.HandleFunc("GET /control/people/{id}/messages", s.ctlMessages)
	mux.HandleFunc("POST /control/people/{id}/messages", s.ctlSend)
	mux.HandleFunc("POST /control/people/{id}/commands", s.ctlCommand)
	mux.HandleFunc("POST /control/people/{id}/documents", s.ctlDocument)
	mux.HandleFunc("GET /control/people/{id}/presses", s.ctlPresses)
	mux.HandleFunc("POST /control/people/{id}/presses", s.ctlPress)
	mux.HandleFunc("GET /control/files/{file_id}", s.ctlFile)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		ctlError(w, http.StatusNotFound, "no control endpoint %s %s (see the README)", r.Method, r.URL.Path)
	})
	return mux
}

func (s *Server) ctlStatus(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctlJSON(w, RemoteStatus{BotID: botID, BotUsername: botUsername, People: len(s.people),
		UpdatesMade: s.totalUpdates, UpdatesPending: len(s.queue)})
}

// personBody is the body of POST /control/people.
type personBody struct {
	ID           int64  `json:"id"`
	FirstName    string `json:"first_name"`
	LanguageCode string `json:"language_code"`
}

// languageTag is the shape of an IETF language tag such as "vi" or "en-US".
var languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

func (s *Server) ctlAddPerson(w http.ResponseWriter, r *http.Request) {
	var b personBody
	if !decodeBody(w, r, &b) {
		return
	}
	switch n := utf8.RuneCountInString(b.FirstName); {
	case b.ID <= 0:
		ctlError(w, http.StatusBadRequest, "id must be a positive integer (the Telegram user id)")
	case n == 0 || n > 64:
		ctlError(w, http.StatusBadRequest, "first_name must be 1 to 64 characters")
	case b.LanguageCode != "" && !languageTag.MatchString(b.LanguageCode):
		ctlError(w, http.StatusBadRequest, "language_code %q is not a language tag such as \"vi\" or \"en\"", b.LanguageCode)
	default:
		ctlJSON(w, s.remotePerson(s.User(b.ID, b.FirstName, b.LanguageCode)))
	}
}

func (s *Server) ctlPeople(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	ids := make([]int64, 0, len(s.people))
	for id := range s.people {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	slices.Sort(ids)
	out := struct {
		People []RemotePerson `json:"people"`
	}{People: []RemotePerson{}}
	for _, id := range ids {
		p, _ := s.knownPerson(id)
		out.People = append(out.People, s.remotePerson(p))
	}
	ctlJSON(w, out)
}

func (s *Server) ctlPerson(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.pathPerson(w, r); ok {
		ctlJSON(w, s.remotePerson(p))
	}
}

// remotePerson describes p for the control API.
func (s *Server) remotePerson(p *Person) RemotePerson {
	cmds := p.Commands()
	if cmds == nil {
		cmds = []Command{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return RemotePerson{ID: p.user.ID, FirstName: p.user.FirstName, LanguageCode: p.user.LanguageCode,
		Received: len(s.chats[p.chatID].sent), Commands: cmds}
}

// knownPerson returns the person with user id id, if User made them.
func (s *Server) knownPerson(id int64) (*Person, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.people[id]
	if !ok {
		return nil, false
	}
	return &Person{s: s, user: u, chatID: id}, true
}

// pathPerson finds the person named by the {id} of the path, or answers
// 400 or 404.
func (s *Server) pathPerson(w http.ResponseWriter, r *http.Request) (*Person, bool) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		ctlError(w, http.StatusBadRequest, "person id %q must be a positive integer", raw)
		return nil, false
	}
	p, ok := s.knownPerson(id)
	if !ok {
		ctlError(w, http.StatusNotFound, "no person %d (add them with POST /control/people)", id)
	}
	return p, ok
}

// decodeBody reads a JSON object into v, refusing unknown keys, trailing
// data and bodies over maxControlBody with 400.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("data after the JSON object")
		}
	}
	if errors.Is(err, io.EOF) {
		err = errors.New("the body is empty; send a JSON object")
	}
	if err != nil {
		ctlError(w, http.StatusBadRequest, "bad JSON body: %v", err)
		return false
	}
	return true
}

func ctlJSON(w http.ResponseWriter, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // raw_text shows <b>, not \u003cb\u003e
	if err := enc.Encode(v); err != nil {
		ctlError(w, http.StatusInternalServerError, "encode the answer: %v", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(buf.Bytes())
}

func ctlError(w http.ResponseWriter, status int, format string, args ...any) {
	data, _ := json.Marshal(remoteError{Error: fmt.Sprintf(format, args...)})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}
