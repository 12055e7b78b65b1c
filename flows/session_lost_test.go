package flows_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"lamsach/flows"
)

// losing is a session store that reports a person's conversation lost
// once (as store.Tracked does when Redis came back empty).
type losing struct {
	flows.Sessions
	mu   sync.Mutex
	lose map[int64]bool
}

func (l *losing) Get(ctx context.Context, userID int64) ([]byte, error) {
	l.mu.Lock()
	lost := l.lose[userID]
	delete(l.lose, userID)
	l.mu.Unlock()
	if lost {
		return nil, flows.ErrStateLost
	}
	return l.Sessions.Get(ctx, userID)
}

// TestInterruptedEdit: a member whose edit was lost is told so once. A
// value typed for the lost question is not used, and the notice says so
// and how to go on; a command runs after a notice that does not claim the
// message went unhandled (issue 9: "told that the edit was interrupted
// and how to continue").
func TestInterruptedEdit(t *testing.T) {
	h := policeWorld(t)
	l := &losing{Sessions: h.eng.App.Sessions, lose: map[int64]bool{}}
	h.eng.App.Sessions = l
	h.record(h.dong.ID, "Đỗ Văn Tám", "1970", "male", "")
	h.press("an", h.cmd("an", "next", ""), "Họ tên")

	l.lose[101] = true
	typed := h.text("an", "Đỗ Văn Tâm")
	mustSay(t, "typed value", typed, "bị gián đoạn", "tin vừa rồi chưa được xử lý", "/next")
	if len(typed) != 1 {
		t.Errorf("%d messages for a value of a lost question, want the notice alone", len(typed))
	}

	h.press("an", h.cmd("an", "next", ""), "Họ tên")
	l.lose[101] = true
	outs := h.cmd("an", "next", "")
	mustSay(t, "command", outs, "bị gián đoạn", "phần sửa chưa lưu đã mất", "Lệnh của bạn vẫn được thực hiện", "Đỗ Văn Tám")
	if strings.Contains(texts(outs), "chưa được xử lý") {
		t.Errorf("the notice says the command was not handled, then handles it:\n%s", texts(outs))
	}
	if again := h.cmd("an", "next", ""); strings.Contains(texts(again), "gián đoạn") {
		t.Errorf("told twice: %s", texts(again))
	}
}
