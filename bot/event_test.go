package bot

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"lamsach/flows"
)

func decodeUpdate(t *testing.T, raw string) *models.Update {
	t.Helper()
	var u models.Update
	if err := json.Unmarshal([]byte(raw), &u); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return &u
}

const (
	anFrom  = `"from":{"id":42,"is_bot":false,"first_name":"An","last_name":"Nguyễn","language_code":"vi"}`
	anChat  = `"chat":{"id":42,"type":"private","first_name":"An"}`
	msgDate = 1772438400 // 2026-03-02 08:00 UTC
)

func TestConvert(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := time.Unix(msgDate, 0)
	person := func(ev flows.Event) flows.Event {
		ev.UserID, ev.UserName, ev.LangCode = 42, "An Nguyễn", "vi"
		if ev.ChatID == 0 {
			ev.ChatID, ev.Private = 42, true
		}
		return ev
	}
	tests := []struct {
		name string
		raw  string
		want flows.Event
		ok   bool
	}{
		{"text", `{"update_id":7,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"text":"Nguyễn Văn An"}}`,
			person(flows.Event{Kind: flows.EventText, UpdateID: 7, At: at, Text: "Nguyễn Văn An"}), true},
		{"emoji text", `{"update_id":8,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"text":"😀"}}`,
			person(flows.Event{Kind: flows.EventText, UpdateID: 8, At: at, Text: "😀"}), true},
		{"command with entity", `{"update_id":9,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"text":"/find@lamsach_test_bot Bình 😀","entities":[{"type":"bot_command","offset":0,"length":22}]}}`,
			person(flows.Event{Kind: flows.EventCommand, UpdateID: 9, At: at, Command: "find", Args: "Bình 😀", Addressed: true}), true},
		{"command for another bot", `{"update_id":10,"message":{"message_id":3,` + anFrom + `,"chat":{"id":-100,"type":"group","title":"G"},"date":1772438400,"text":"/start@other_bot"}}`,
			flows.Event{}, false},
		{"group text", `{"update_id":11,"message":{"message_id":3,` + anFrom + `,"chat":{"id":-100,"type":"group","title":"G"},"date":1772438400,"text":"hi"}}`,
			person(flows.Event{Kind: flows.EventText, UpdateID: 11, At: at, ChatID: -100, Text: "hi"}), true},
		{"supergroup command", `{"update_id":12,"message":{"message_id":3,` + anFrom + `,"chat":{"id":-1001234567890,"type":"supergroup","title":"G"},"date":1772438400,"text":"/start"}}`,
			person(flows.Event{Kind: flows.EventCommand, UpdateID: 12, At: at, ChatID: -1001234567890, Command: "start"}), true},
		{"sticker", `{"update_id":13,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"sticker":{"file_id":"x","file_unique_id":"y","type":"regular","width":1,"height":1,"is_animated":false,"is_video":false}}}`,
			person(flows.Event{Kind: flows.EventOther, UpdateID: 13, At: at}), true},
		{"photo with caption", `{"update_id":14,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"photo":[{"file_id":"x","file_unique_id":"y","width":1,"height":1}],"caption":"cccd"}}`,
			person(flows.Event{Kind: flows.EventOther, UpdateID: 14, At: at}), true},
		{"location", `{"update_id":15,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"location":{"latitude":21.0,"longitude":105.8}}}`,
			person(flows.Event{Kind: flows.EventOther, UpdateID: 15, At: at}), true},
		{"contact", `{"update_id":16,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"contact":{"phone_number":"0912345678","first_name":"B"}}}`,
			person(flows.Event{Kind: flows.EventOther, UpdateID: 16, At: at}), true},
		{"document", `{"update_id":17,"message":{"message_id":3,` + anFrom + `,` + anChat + `,"date":1772438400,"document":{"file_id":"f","file_unique_id":"u","file_name":"ds.xlsx","mime_type":"application/x","file_size":1234}}}`,
			person(flows.Event{Kind: flows.EventDocument, UpdateID: 17, At: at, Doc: &flows.Document{Name: "ds.xlsx", MIME: "application/x", Size: 1234}}), true},
		{"edited", `{"update_id":18,"edited_message":{"message_id":5,` + anFrom + `,` + anChat + `,"date":1772438400,"edit_date":1772438460,"text":"Lê Thị Hoa"}}`,
			person(flows.Event{Kind: flows.EventEdited, UpdateID: 18, At: at.Add(time.Minute), Text: "Lê Thị Hoa", MessageID: 5}), true},
		{"button", `{"update_id":19,"callback_query":{"id":"q1",` + anFrom + `,"message":{"message_id":77,"date":1772438400,` + anChat + `,"text":"card"},"chat_instance":"c","data":"rec:12:ok"}}`,
			person(flows.Event{Kind: flows.EventButton, UpdateID: 19, At: now, Data: "rec:12:ok", MessageID: 77}), true},
		{"button on inaccessible message", `{"update_id":20,"callback_query":{"id":"q2",` + anFrom + `,"message":{"message_id":78,"date":0,"chat":{"id":42,"type":"private"}},"chat_instance":"c","data":"x"}}`,
			person(flows.Event{Kind: flows.EventButton, UpdateID: 20, At: now, Data: "x", MessageID: 78}), true},
		{"button on inaccessible message without chat type", `{"update_id":21,"callback_query":{"id":"q3",` + anFrom + `,"message":{"message_id":79,"date":0,"chat":{"id":42}},"chat_instance":"c","data":"x"}}`,
			person(flows.Event{Kind: flows.EventButton, UpdateID: 21, At: now, Data: "x", MessageID: 79}), true},
		{"button without message", `{"update_id":22,"callback_query":{"id":"q4",` + anFrom + `,"inline_message_id":"im","chat_instance":"c","data":"x"}}`,
			person(flows.Event{Kind: flows.EventButton, UpdateID: 22, At: now, Data: "x"}), true},
		{"channel post", `{"update_id":23,"channel_post":{"message_id":1,"chat":{"id":-1009,"type":"channel","title":"C"},"date":1772438400,"text":"x"}}`,
			flows.Event{}, false},
		{"chat member", `{"update_id":24,"my_chat_member":{"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"An"},"date":1772438400,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"b"}},"new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"b"},"until_date":0}}}`,
			flows.Event{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, ok := convert(decodeUpdate(t, tt.raw), "lamsach_test_bot", now)
			if ok != tt.ok {
				t.Fatalf("convert ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			got, want := in.ev, tt.want
			if got.Doc != nil && want.Doc != nil {
				g, w := *got.Doc, *want.Doc
				if g.Name != w.Name || g.MIME != w.MIME || g.Size != w.Size || g.Data != nil {
					t.Errorf("Doc = %+v, want %+v", g, w)
				}
				got.Doc, want.Doc = nil, nil
			}
			if !got.At.Equal(want.At) {
				t.Errorf("At = %v, want %v", got.At, want.At)
			}
			got.At, want.At = time.Time{}, time.Time{}
			if got != want {
				t.Errorf("event\n got  %+v\n want %+v", got, want)
			}
		})
	}
}

func TestConvertCallbackID(t *testing.T) {
	in, _ := convert(decodeUpdate(t, `{"update_id":1,"callback_query":{"id":"q9",`+anFrom+`,"chat_instance":"c","data":"x"}}`), "b", time.Now())
	if in.callbackID != "q9" {
		t.Errorf("callbackID = %q, want q9", in.callbackID)
	}
}
