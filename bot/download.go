package bot

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"lamsach/flows"
)

// fetchDocument fills a document event's Doc with the file's bytes, read
// through getFile and the download URL. A file over the client's download
// limit gets Data nil and its Size, so the conversation can say why it
// was not read; that is not an error. A failure that may pass (network,
// 5xx, 429) is marked flows.ErrTransient.
func (c *Client) fetchDocument(ctx context.Context, d *models.Document) (*flows.Document, error) {
	doc := &flows.Document{Name: d.FileName, MIME: d.MimeType, Size: d.FileSize}
	if d.FileSize > c.maxDownload {
		return doc, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	callCtx, trace := withTrace(ctx)
	f, err := c.api.GetFile(callCtx, &tg.GetFileParams{FileID: d.FileID})
	if err != nil {
		// Telegram's own server refuses getFile over 20 MB this way, also
		// when the document did not state its size.
		if errors.Is(err, tg.ErrorBadRequest) && strings.Contains(err.Error(), "file is too big") {
			return doc, nil
		}
		return nil, failedCall("getFile", err, trace.statusCode())
	}
	if f.FileSize > 0 {
		doc.Size = f.FileSize
	}
	if doc.Size > c.maxDownload {
		return doc, nil
	}
	data, err := c.download(ctx, f.FilePath)
	if errors.Is(err, errTooBig) {
		return doc, nil
	}
	if err != nil {
		return nil, failedCall("download", err, 0)
	}
	doc.Data, doc.Size = data, int64(len(data))
	return doc, nil
}

var errTooBig = errors.New("file over the download limit")

// download reads <api>/file/bot<token>/<path>, at most maxDownload bytes.
// Its errors never carry the URL, which holds the token.
func (c *Client) download(ctx context.Context, path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("download: getFile gave no file_path")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/file/bot"+c.token+"/"+path, nil)
	if err != nil {
		return nil, stripURL("download", err)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, stripURL("download", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &apiError{code: resp.StatusCode, description: "file download failed"}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxDownload+1))
	if err != nil {
		return nil, stripURL("download", err)
	}
	if int64(len(data)) > c.maxDownload {
		return nil, errTooBig
	}
	return data, nil
}
