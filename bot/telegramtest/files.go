package telegramtest

import (
	"bytes"
	"image"
	_ "image/gif" // photo dimensions
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// maxDownloadBytes is the largest file getFile serves (Telegram: 20 MB).
const maxDownloadBytes = 20 << 20

// mimeTypes is a fixed table so results do not depend on the machine's
// mime.types; Telegram also guesses from the extension.
var mimeTypes = map[string]string{
	".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".gif": "image/gif", ".txt": "text/plain", ".csv": "text/csv", ".json": "application/json",
	".zip":  "application/zip",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

func extension(name string) string { return strings.ToLower(path.Ext(name)) }

func mimeFor(name string) string {
	if m, ok := mimeTypes[extension(name)]; ok {
		return m
	}
	return "application/octet-stream"
}

func (s *Server) sendDocument(r *request) (any, *APIError) { return s.sendFile(r, "document") }

func (s *Server) sendPhoto(r *request) (any, *APIError) { return s.sendFile(r, "photo") }

// sendFile serves sendDocument and sendPhoto: field names the file parameter.
func (s *Server) sendFile(r *request, field string) (any, *APIError) {
	c, e := s.chatLocked(r)
	if e != nil {
		return nil, e
	}
	f, e := s.inputFileLocked(r, field)
	if e != nil {
		return nil, e
	}
	caption, e := formatText(r.p.str("caption"), r.p.str("parse_mode"), maxCaptionUnits, "message caption is too long")
	if e != nil {
		return nil, e
	}
	buttons, e := parseMarkup(r.p.str("reply_markup"))
	if e != nil {
		return nil, e
	}
	m := s.botMessage(r, caption, buttons)
	m.file = f
	c.addLocked(m)
	s.notifyLocked()
	return m.wire(c), nil
}

// inputFileLocked reads an InputFile: an uploaded part (also via
// "attach://name") or the file_id of a stored file.
func (s *Server) inputFileLocked(r *request, field string) (*file, *APIError) {
	photo := field == "photo"
	up, ok := r.p.files[field]
	if v := r.p.str(field); !ok && v != "" {
		if name, attach := strings.CutPrefix(v, "attach://"); attach {
			up, ok = r.p.files[name]
		} else if f, known := s.files[v]; known && f.photo == photo {
			return f, nil
		} else {
			return nil, badRequest("wrong file identifier/HTTP URL specified")
		}
	}
	if !ok {
		return nil, badRequest("there is no " + field + " in the request")
	}
	if len(up.data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	var size image.Config
	if photo {
		var err error
		if size, _, err = image.DecodeConfig(bytes.NewReader(up.data)); err != nil {
			return nil, badRequest("IMAGE_PROCESS_FAILED")
		}
	}
	f := s.newFileLocked(up.name, mimeFor(up.name), up.data, photo)
	f.width, f.height = size.Width, size.Height
	return f, nil
}

func (s *Server) getFile(r *request) (any, *APIError) {
	f, ok := s.files[r.p.str("file_id")]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	if len(f.data) > maxDownloadBytes {
		return nil, badRequest("file is too big")
	}
	return wireFile{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: len(f.data), FilePath: f.path}, nil
}

// serveFile serves a download at /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, filePath, _ := strings.Cut(rest, "/")
	if !s.accepts(token) {
		writeError(w, errUnauthorized)
		return
	}
	s.mu.Lock()
	f, ok := s.paths[filePath]
	s.mu.Unlock()
	if !ok || len(f.data) > maxDownloadBytes {
		writeError(w, errNotFound)
		return
	}
	w.Header().Set("Content-Type", f.mime)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	_, _ = w.Write(f.data)
}
