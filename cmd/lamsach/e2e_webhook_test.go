package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"lamsach/flows"
)

// TestE2EWebhook runs the bot in webhook mode: serve registers the webhook,
// Telegram posts updates with the secret, replies go out, and /healthz and
// /metrics answer on the same address.
func TestE2EWebhook(t *testing.T) {
	for _, kind := range sessionKinds {
		t.Run(kind, func(t *testing.T) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := l.Addr().String()
			l.Close()
			r := newRigWith(t, kind, func(c *serverConfig) {
				c.Listen, c.WebhookURL, c.WebhookSecret = addr, "http://"+addr+"/telegram", "test-secret_1"
			})
			waitHTTP(t, "http://"+addr+"/healthz")
			rec := r.record("Thôn Đông", "Kiều Văn Tâm", "1979", "male", "001079000206")
			deliver := func() {
				t.Helper()
				if _, err := r.tg.DeliverWebhook(context.Background()); err != nil {
					t.Fatalf("deliver: %v", err)
				}
			}
			an := r.tg.User(101, "An", "vi")
			an.Command("start", r.inviteCode(flows.RoleVillage, "Thôn Đông"))
			deliver()
			r.await(an, 0, "Chào")
			from := len(an.Messages())
			an.Command("next", "")
			deliver()
			card := r.await(an, from, "Kiều Văn Tâm")
			from = len(an.Messages())
			if _, err := an.Press(card, "✅ Đúng hết"); err != nil {
				t.Fatal(err)
			}
			deliver()
			r.await(an, from, "Đã ghi nhận")
			if got := r.get(rec.ID); got.State != flows.StateReviewed {
				t.Errorf("record state %s after the webhook press", got.State)
			}
			// A post without the secret is refused and handled by no one.
			resp, err := http.Post("http://"+addr+"/telegram", "application/json", strings.NewReader(`{"update_id":999}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("post without the secret: %d, want 401", resp.StatusCode)
			}
			resp, err = http.Get("http://" + addr + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(body), `lamsach_records{state="reviewed"} 1`) {
				t.Errorf("metrics lack the reviewed record:\n%s", body)
			}
			for _, want := range []string{"# TYPE lamsach_updates_handled_total counter", `lamsach_sends_total{result="ok"} `,
				`lamsach_updates_set_aside_total{class="panic"} 0`} {
				if !strings.Contains(string(body), want) {
					t.Errorf("metrics lack %q:\n%s", want, body)
				}
			}
		})
	}
}

// waitHTTP waits until url answers 200: the server starts listening in its
// own goroutine.
func waitHTTP(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
