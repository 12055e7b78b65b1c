package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Remote is a client of the control API of a fake Bot API server running
// in another process (lamsach faketg): it plays people there as Person
// does in-process.
type Remote struct {
	base string
	hc   *http.Client
}

// NewRemote returns a client of the fake server at baseURL (the address
// bots use as their Bot API URL). hc nil means http.DefaultClient.
func NewRemote(baseURL string, hc *http.Client) *Remote {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Remote{base: strings.TrimSuffix(baseURL, "/"), hc: hc}
}

// Status returns the fake bot and the counts of people and updates.
func (r *Remote) Status(ctx context.Context) (RemoteStatus, error) {
	var out RemoteStatus
	return out, r.call(ctx, http.MethodGet, "status", nil, "", &out)
}

// AddPerson adds the person (or renames them) with their private chat.
func (r *Remote) AddPerson(ctx context.Context, id int64, firstName, lang string) (RemotePerson, error) {
	var out RemotePerson
	return out, r.postJSON(ctx, "people", personBody{ID: id, FirstName: firstName, LanguageCode: lang}, &out)
}

// Send sends text from the person to the bot.
func (r *Remote) Send(ctx context.Context, id int64, text string) (RemoteSent, error) {
	var out RemoteSent
	return out, r.postJSON(ctx, personPath(id, "messages"), textBody{Text: text}, &out)
}

// Command sends "/cmd args" from the person.
func (r *Remote) Command(ctx context.Context, id int64, cmd, args string) (RemoteSent, error) {
	var out RemoteSent
	return out, r.postJSON(ctx, personPath(id, "commands"), commandBody{Command: cmd, Args: args}, &out)
}

// Press presses the button labelled button on the bot's message messageID.
func (r *Remote) Press(ctx context.Context, id int64, messageID int, button string) (RemoteSent, error) {
	var out RemoteSent
	return out, r.postJSON(ctx, personPath(id, "presses"), pressBody{MessageID: messageID, Button: &button}, &out)
}

// PressData sends a button press with any callback data for messageID.
func (r *Remote) PressData(ctx context.Context, id int64, messageID int, data string) (RemoteSent, error) {
	var out RemoteSent
	return out, r.postJSON(ctx, personPath(id, "presses"), pressBody{MessageID: messageID, CallbackData: &data}, &out)
}

// SendDocument sends a file from the person to the bot.
func (r *Remote) SendDocument(ctx context.Context, id int64, name string, data []byte) (RemoteSent, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("document", name)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return RemoteSent{}, err
	}
	var out RemoteSent
	return out, r.call(ctx, http.MethodPost, personPath(id, "documents"), &body, mw.FormDataContentType(), &out)
}

// Messages returns the messages the bot sent the person after the first
// after ones. With wait > 0 it long-polls: it answers as soon as there is
// one, or with none when wait (whole seconds) passes.
func (r *Remote) Messages(ctx context.Context, id int64, after int, wait time.Duration) (RemoteMessages, error) {
	q := url.Values{"after": {strconv.Itoa(after)}, "timeout": {strconv.Itoa(int(wait / time.Second))}}
	var out RemoteMessages
	return out, r.call(ctx, http.MethodGet, personPath(id, "messages")+"?"+q.Encode(), nil, "", &out)
}

// Presses returns the person's button presses with the bot's answers.
func (r *Remote) Presses(ctx context.Context, id int64) ([]RemotePress, error) {
	var out struct {
		Presses []RemotePress `json:"presses"`
	}
	return out.Presses, r.call(ctx, http.MethodGet, personPath(id, "presses"), nil, "", &out)
}

// File returns the bytes of a document or photo the bot sent.
func (r *Remote) File(ctx context.Context, fileID string) ([]byte, error) {
	resp, err := r.do(ctx, http.MethodGet, "files/"+url.PathEscape(fileID), nil, "")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func personPath(id int64, what string) string {
	return "people/" + strconv.FormatInt(id, 10) + "/" + what
}

func (r *Remote) postJSON(ctx context.Context, path string, in, out any) error {
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return r.call(ctx, http.MethodPost, path, bytes.NewReader(data), "application/json", out)
}

// call makes one control call and decodes its JSON answer into out.
func (r *Remote) call(ctx context.Context, method, path string, body io.Reader, contentType string, out any) error {
	resp, err := r.do(ctx, method, path, body, contentType)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("telegramtest: %s %s%s: decode the answer: %w", method, controlPrefix, path, err)
	}
	return nil
}

// do sends a request and turns an answer other than 200 into an error
// carrying the server's message.
func (r *Remote) do(ctx context.Context, method, path string, body io.Reader, contentType string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, r.base+controlPrefix+path, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	var e remoteError
	if json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&e) != nil || e.Error == "" {
		e.Error = "not a control API answer (is this a lamsach faketg server?)"
	}
	return nil, fmt.Errorf("telegramtest: %s %s%s: %d %s", method, controlPrefix, path, resp.StatusCode, e.Error)
}
