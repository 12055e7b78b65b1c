package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestWebhookDelivery(t *testing.T) {
	s := newServer(t)
	b := newBot(t, s)
	ctx := testCtx(t)
	p := s.User(11, "An", "vi")

	var got []models.Update
	fail := true
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if fail {
			fail = false
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		var u models.Update
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &u); err != nil {
			t.Errorf("webhook body %s: %v", body, err)
		}
		got = append(got, u)
	}))
	defer hook.Close()

	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: hook.URL, SecretToken: "s3cret", MaxConnections: 5}); err != nil {
		t.Fatal(err)
	}
	p.Send("một")
	p.Send("hai")
	if n, err := s.DeliverWebhook(ctx); n != 0 || err == nil {
		t.Errorf("delivery to a failing handler = %d, %v; want 0 and an error", n, err)
	}
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != hook.URL || info.PendingUpdateCount != 2 || info.MaxConnections != 5 ||
		info.LastErrorDate == 0 || !strings.Contains(info.LastErrorMessage, "500") {
		t.Errorf("GetWebhookInfo = %+v, %v; want 2 pending and the 500 error", info, err)
	}
	if n, err := s.DeliverWebhook(ctx); n != 2 || err != nil {
		t.Fatalf("retried delivery = %d, %v; want 2", n, err)
	}
	if len(got) != 2 || got[0].Message.Text != "một" || got[1].Message.Text != "hai" || s.Pending() != 0 {
		t.Errorf("delivered %+v, pending %d; want both in order, none pending", got, s.Pending())
	}
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: hook.URL, SecretToken: "bad token!"}); err == nil {
		t.Error("SetWebhook accepted a secret with a space")
	}
	if _, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		t.Fatal(err)
	}
	if info, _ := b.GetWebhookInfo(ctx); info.URL != "" {
		t.Errorf("webhook URL after delete = %q", info.URL)
	}
}
