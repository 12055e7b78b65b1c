package telegramtest

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
)

// maxRequestBytes is Telegram's 50 MB upload limit plus room for the other fields.
const maxRequestBytes = 51 << 20

// params holds a request's parameters, from the query string and the body.
type params struct {
	values map[string]string
	files  map[string]upload
}

// upload is a file part of a multipart request.
type upload struct {
	name string
	data []byte
}

// readParams accepts multipart/form-data, application/x-www-form-urlencoded and
// JSON bodies, plus query parameters, as the Bot API does.
func readParams(w http.ResponseWriter, r *http.Request) (params, *APIError) {
	p := params{values: map[string]string{}, files: map[string]upload{}}
	for k, v := range r.URL.Query() {
		p.values[k] = v[0]
	}
	if r.Body == nil {
		return p, nil
	}
	body := http.MaxBytesReader(w, r.Body, maxRequestBytes)
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ct {
	case "multipart/form-data":
		err = readMultipart(body, ctParams["boundary"], &p)
	case "application/x-www-form-urlencoded":
		err = readForm(body, &p)
	case "application/json":
		err = readJSON(body, &p)
	}
	if err == nil {
		// Read to the end of the body (the multipart reader stops at the
		// closing boundary, before a chunked body's last chunk): only then
		// does net/http watch the connection and cancel the request's
		// context when the client goes away, which hooks that block until
		// ctx is done rely on.
		_, err = io.Copy(io.Discard, body)
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return p, &APIError{Code: http.StatusRequestEntityTooLarge, Description: "Request Entity Too Large"}
	case err != nil:
		return p, badRequest("can't parse request body: " + err.Error())
	}
	return p, nil
}

func readMultipart(body io.Reader, boundary string, p *params) error {
	if boundary == "" {
		return errors.New("no multipart boundary")
	}
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		// go-telegram/bot sends a call without parameters as an empty body with
		// no closing boundary: NextPart reports io.EOF, meaning "no parameters".
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return err
		}
		if part.FileName() != "" {
			p.files[part.FormName()] = upload{name: part.FileName(), data: data}
			continue
		}
		p.values[part.FormName()] = string(data)
	}
}

func readForm(body io.Reader, p *params) error {
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	vals, err := url.ParseQuery(string(data))
	if err != nil {
		return err
	}
	for k, v := range vals {
		p.values[k] = v[0]
	}
	return nil
}

// readJSON keeps string values as text and anything else (numbers, objects,
// arrays) as its JSON source, which is how the other encodings carry them.
func readJSON(body io.Reader, p *params) error {
	data, err := io.ReadAll(body)
	if err != nil || len(data) == 0 {
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	for k, raw := range obj {
		var s string
		switch {
		case string(raw) == "null":
		case json.Unmarshal(raw, &s) == nil:
			p.values[k] = s
		default:
			p.values[k] = string(raw)
		}
	}
	return nil
}

func (p params) str(key string) string { return p.values[key] }

func (p params) int64(key string) (int64, bool) {
	n, err := strconv.ParseInt(p.values[key], 10, 64)
	return n, err == nil
}

func (p params) int(key string) (int, bool) {
	n, err := strconv.Atoi(p.values[key])
	return n, err == nil
}

func (p params) bool(key string) bool {
	b, _ := strconv.ParseBool(p.values[key])
	return b
}

// copyValues returns the text parameters for a hook to inspect.
func (p params) copyValues() map[string]string {
	out := make(map[string]string, len(p.values))
	for k, v := range p.values {
		out[k] = v
	}
	return out
}
