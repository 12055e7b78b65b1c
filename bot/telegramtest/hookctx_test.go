package telegramtest

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"
)

// A hook blocking until the request's context is done must be released
// when the client gives up, also for a chunked multipart body whose last
// chunk arrives after the closing boundary, as go-telegram/bot streams
// them: the server has to read the body to its end to notice the client
// leaving.
func TestHookSeesClientGoAway(t *testing.T) {
	s := newServer(t)
	entered, released, ended := make(chan struct{}), make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(ended) }) // runs before s.Close, which waits for the hook
	s.Hook("sendMessage", func(ctx context.Context, c Call) *APIError {
		close(entered)
		select {
		case <-ctx.Done():
			close(released)
		case <-ended:
		}
		return nil
	})
	pr, pw := io.Pipe()
	form := multipart.NewWriter(pw)
	go func() {
		_ = form.WriteField("chat_id", "1")
		_ = form.WriteField("text", "x")
		_ = form.Close()
		// The last chunk comes later, as over a slow network: the
		// multipart form is complete before it.
		time.Sleep(100 * time.Millisecond)
		_ = pw.Close()
	}()
	ctx, cancel := context.WithCancel(testCtx(t))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/bot"+s.Token()+"/sendMessage", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	cancel()
	<-done
	select {
	case <-released:
	case <-time.After(5 * time.Second):
		t.Fatal("the hook's context was not cancelled after the client went away")
	}
}
