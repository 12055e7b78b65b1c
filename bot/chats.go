package bot

import (
	"context"
	"sync"
)

// chats runs the updates the Poller received: one worker per chat that has
// updates to run, each chat's updates in order, at most a set number
// handled at once. It knows which updates are unfinished, and which chats
// only wait out a transient fault, so the Poller knows what it may confirm
// and when it need not wait for work.
type chats struct {
	ctx   context.Context
	in    *intake
	slots chan struct{} // one per update being handled
	wg    sync.WaitGroup

	mu      sync.Mutex
	queues  map[int64][]*incoming // by chat: its unfinished updates, in order
	waiting map[int64]bool        // chats whose first update waits out a back-off
	change  chan struct{}         // closed at every change, then replaced
}

func newChats(ctx context.Context, in *intake, workers int) *chats {
	return &chats{ctx: ctx, in: in, slots: make(chan struct{}, workers),
		queues: map[int64][]*incoming{}, waiting: map[int64]bool{}, change: make(chan struct{})}
}

// add queues an update behind the unfinished ones of its chat. A button
// press is answered at once, so no one's spinner waits for the updates
// queued before theirs; it is handled only after its own answer.
func (cs *chats) add(inc *incoming) {
	if inc.callbackID != "" {
		inc.answered = make(chan struct{})
		cs.wg.Go(func() {
			defer close(inc.answered)
			cs.in.answer(cs.ctx, *inc)
		})
	}
	chat := inc.ev.ChatID
	cs.mu.Lock()
	q, working := cs.queues[chat]
	cs.queues[chat] = append(q, inc)
	cs.mu.Unlock()
	if !working {
		cs.wg.Go(func() { cs.work(chat) })
	}
}

// work runs a chat's updates until its queue is empty, or ctx ends.
func (cs *chats) work(chat int64) {
	for {
		cs.mu.Lock()
		q := cs.queues[chat]
		if len(q) == 0 {
			delete(cs.queues, chat)
			cs.notifyLocked()
			cs.mu.Unlock()
			return
		}
		inc := q[0]
		cs.mu.Unlock()
		if inc.answered != nil {
			select {
			case <-inc.answered:
			case <-cs.ctx.Done():
				return
			}
		}
		if !cs.take() {
			return
		}
		held := true
		err := cs.in.run(cs.ctx, inc, func(waiting bool) bool {
			cs.setWaiting(chat, waiting)
			if waiting {
				cs.release() // a waiting chat must not hold back the others
				held = false
				return true
			}
			held = cs.take()
			return held
		})
		if held {
			cs.release()
		}
		if err != nil {
			return // shutting down: this update and the rest stay unconfirmed
		}
		cs.mu.Lock()
		cs.queues[chat] = cs.queues[chat][1:]
		cs.notifyLocked()
		cs.mu.Unlock()
	}
}

func (cs *chats) take() bool {
	select {
	case cs.slots <- struct{}{}:
		return true
	case <-cs.ctx.Done():
		return false
	}
}

func (cs *chats) release() { <-cs.slots }

func (cs *chats) setWaiting(chat int64, waiting bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if waiting {
		cs.waiting[chat] = true
	} else {
		delete(cs.waiting, chat)
	}
	cs.notifyLocked()
}

func (cs *chats) notifyLocked() {
	close(cs.change)
	cs.change = make(chan struct{})
}

// changed returns a channel closed at the next change.
func (cs *chats) changed() <-chan struct{} {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.change
}

// offset returns the offset that confirms what is finished: the lowest
// unfinished update id and true, or next and false when none is.
func (cs *chats) offset(next int64) (int64, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	open := false
	for _, q := range cs.queues {
		if id := q[0].ev.UpdateID; !open || id < next {
			next, open = id, true
		}
	}
	return next, open
}

// settle waits until no update is being handled, only waiting out
// back-offs or none left, and reports whether any is left.
func (cs *chats) settle(ctx context.Context) bool {
	for {
		cs.mu.Lock()
		ch, left, idle := cs.change, len(cs.queues) > 0, len(cs.waiting) == len(cs.queues)
		cs.mu.Unlock()
		if idle {
			return left
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

// wait waits for the workers, after ctx ended.
func (cs *chats) wait() { cs.wg.Wait() }
