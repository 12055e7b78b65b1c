package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// download fetches a file link.
func download(t *testing.T, link string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatalf("GET %s: %v", link, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

func TestPersonDocumentRoundTrip(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := context.Background()
	p := s.User(11, "An", "vi")
	data := []byte("ngày,giờ\n2026-03-01,8\n")
	p.SendDocument("cham-cong.csv", data, "text/csv")
	ups, _, err := getUpdates(testCtx(t), s, nil)
	if err != nil || len(ups) != 1 || ups[0].Message.Document == nil {
		t.Fatalf("getUpdates = %+v, %v; want a document message", ups, err)
	}
	doc := ups[0].Message.Document
	if doc.FileName != "cham-cong.csv" || doc.MimeType != "text/csv" || doc.FileSize != int64(len(data)) {
		t.Errorf("document = %+v", doc)
	}
	f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: doc.FileID})
	if err != nil || f.FilePath == "" || f.FileSize != int64(len(data)) {
		t.Fatalf("GetFile = %+v, %v", f, err)
	}
	if code, got := download(t, b.FileDownloadLink(f)); code != 200 || !bytes.Equal(got, data) {
		t.Errorf("download = %d %q, want 200 and the bytes sent", code, got)
	}
	if code, _ := download(t, s.URL()+"/file/bot"+s.Token()+"/documents/nope"); code != 404 {
		t.Errorf("download of an unknown path = %d, want 404", code)
	}
	if _, err := b.GetFile(ctx, &bot.GetFileParams{FileID: "nope"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("GetFile(unknown) = %v, want ErrorBadRequest", err)
	}
}

func TestBotUploads(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := context.Background()
	p := s.User(11, "An", "vi")
	report := []byte("PK\x03\x04 pretend xlsx")
	m, err := b.SendDocument(ctx, &bot.SendDocumentParams{
		ChatID:    p.ChatID(),
		Document:  &models.InputFileUpload{Filename: "bao-cao.xlsx", Data: bytes.NewReader(report)},
		Caption:   "<b>Báo cáo</b> tháng 3",
		ParseMode: models.ParseModeHTML,
	})
	if err != nil || m.Document == nil || m.Document.FileName != "bao-cao.xlsx" || m.Caption != "Báo cáo tháng 3" || len(m.CaptionEntities) != 1 {
		t.Fatalf("SendDocument = %+v, %v", m, err)
	}
	got := p.Last()
	if got.Document == nil || got.Document.Name != "bao-cao.xlsx" || !bytes.Equal(got.Document.Data, report) ||
		got.Document.MIME != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || got.Text != "Báo cáo tháng 3" {
		t.Errorf("person got %+v", got)
	}
	// Resending by file_id stores no new bytes.
	again, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: p.ChatID(), Document: &models.InputFileString{Data: m.Document.FileID}})
	if err != nil || again.Document.FileID != m.Document.FileID {
		t.Errorf("SendDocument by file_id = %+v, %v", again, err)
	}

	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	photo, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: p.ChatID(), Photo: &models.InputFileUpload{Filename: "chart.png", Data: bytes.NewReader(img.Bytes())}})
	if err != nil || len(photo.Photo) != 1 || photo.Photo[0].Width != 4 || photo.Photo[0].Height != 3 {
		t.Fatalf("SendPhoto = %+v, %v", photo, err)
	}
	if got := p.Last().Photo; got == nil || !bytes.Equal(got.Data, img.Bytes()) {
		t.Errorf("person's photo = %+v", got)
	}
	f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: photo.Photo[0].FileID})
	if err != nil {
		t.Fatal(err)
	}
	if code, data := download(t, b.FileDownloadLink(f)); code != 200 || !bytes.Equal(data, img.Bytes()) {
		t.Errorf("photo download = %d, %d bytes", code, len(data))
	}

	tests := []struct {
		name    string
		params  bot.SendPhotoParams
		wantErr string
	}{
		{"not an image", bot.SendPhotoParams{Photo: &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("text")}}, "IMAGE_PROCESS_FAILED"},
		{"empty file", bot.SendPhotoParams{Photo: &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("")}}, "file must be non-empty"},
		{"unknown file_id", bot.SendPhotoParams{Photo: &models.InputFileString{Data: "nope"}}, "wrong file identifier"},
		{"long caption", bot.SendPhotoParams{Photo: &models.InputFileString{Data: photo.Photo[0].FileID}, Caption: strings.Repeat("a", 1025)}, "message caption is too long"},
	}
	for _, tt := range tests {
		tt.params.ChatID = p.ChatID()
		if _, err := b.SendPhoto(ctx, &tt.params); !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: SendPhoto = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}
