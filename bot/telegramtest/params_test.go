package telegramtest

import (
	"context"
	"encoding/json"
	"testing"
)

func TestRequestEncodings(t *testing.T) {
	s := newServer(t)
	p := s.User(11, "An", "vi")
	const boundary = "b0undary"
	tests := []struct {
		name, method, contentType, body string
		query                           string
	}{
		// go-telegram/bot sends a call without parameters like this: the
		// multipart header and an empty body with no closing boundary.
		{"empty multipart", "getMe", "multipart/form-data; boundary=" + boundary, "", ""},
		{"no body at all", "getMe", "", "", ""},
		{"multipart", "sendMessage", "multipart/form-data; boundary=" + boundary,
			"--" + boundary + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n11\r\n" +
				"--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nxin chào\r\n--" + boundary + "--\r\n", ""},
		{"form", "sendMessage", "application/x-www-form-urlencoded", "chat_id=11&text=xin+ch%C3%A0o", ""},
		{"json", "sendMessage", "application/json", `{"chat_id":11,"text":"xin chào","reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}}`, ""},
		{"query string", "sendMessage", "", "", "?chat_id=11&text=xin%20ch%C3%A0o"},
		{"method names ignore case", "SENDMESSAGE", "application/json", `{"chat_id":11,"text":"xin chào"}`, ""},
	}
	for _, tt := range tests {
		r, err := post(context.Background(), s, tt.method+tt.query, tt.contentType, tt.body)
		if err != nil || !r.OK {
			t.Errorf("%s: %s = %+v, %v; want ok", tt.name, tt.method, r, err)
			continue
		}
		if tt.method == "getMe" {
			continue
		}
		var m struct{ Text string }
		if err := json.Unmarshal(r.Result, &m); err != nil || m.Text != "xin chào" {
			t.Errorf("%s: result %s, want text xin chào", tt.name, r.Result)
		}
	}
	if got := p.Messages(); len(got) != 5 || got[2].Buttons[0][0].Data != "a" {
		t.Errorf("person got %+v, want 5 messages, the JSON one with a button", got)
	}
	r, err := post(context.Background(), s, "sendMessage", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\ntrunc")
	if err != nil || r.ErrorCode != 400 {
		t.Errorf("truncated multipart = %+v, %v; want 400", r, err)
	}
}
