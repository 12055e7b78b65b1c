package bot

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"lamsach/flows"
)

// SecretHeader is the header in which Telegram sends the webhook's secret.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxFailureMemory bounds the in-memory failure counts of the webhook.
const maxFailureMemory = 10000

var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// WebhookConfig configures a Webhook; zero values take the defaults.
type WebhookConfig struct {
	Secret        string        // required: 1–256 of A-Z a-z 0-9 _ -, as given to SetWebhook
	MaxBody       int64         // largest update accepted: 1 MB (files come as ids, not bytes)
	Attempts      int           // deliveries of one update failing for good before SetAside: 3
	HandleTimeout time.Duration // bound of one Handle or SetAside call: 2 min
	Metrics       *Metrics      // counts; nil: not kept
}

// Webhook is the http.Handler Telegram posts updates to. It answers 200
// only after the update is committed (or set aside, or ignored), so a
// failure makes Telegram deliver it again; 401 to a missing or wrong
// secret, 405 to anything but POST, 400 to a body that is not an update.
//
// A transient failure (flows.IsTransient) is answered 5xx, so Telegram
// delivers the update again later, until 24 hours after its date; later
// updates of the same chat are answered 5xx unhandled meanwhile, to keep
// the chat in order. Other failures are counted per update: after
// Attempts failed deliveries the update is set aside and answered 200, so
// a poison update cannot block the bot. The counts live in memory; a
// restart forgets them, which only means a few more attempts (or, for the
// order, that a later update may pass a waiting one). Updates of one chat
// are handled one at a time.
type Webhook struct {
	in       *intake
	secret   [sha256.Size]byte
	maxBody  int64
	attempts int
	log      *slog.Logger

	mu      sync.Mutex
	tried   map[int64]int       // deliveries by update id, until it is finished
	fails   map[int64]int       // failed deliveries not transient, by update id
	waiting map[int64]int64     // by chat: the update waiting out a transient fault
	chats   map[int64]*chatLock // chats being handled
}

type chatLock struct {
	mu    sync.Mutex
	users int
}

// NewWebhook returns the webhook handler handing updates to h.
func NewWebhook(c *Client, h Handler, cfg WebhookConfig) (*Webhook, error) {
	if !secretPattern.MatchString(cfg.Secret) {
		return nil, errors.New("webhook: the secret must be 1–256 characters of A-Z a-z 0-9 _ -")
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = 3
	}
	log := c.logger("webhook")
	return &Webhook{
		// Comparing digests keeps the comparison constant-time even in
		// the secret's length.
		secret: sha256.Sum256([]byte(cfg.Secret)), maxBody: cfg.MaxBody, attempts: cfg.Attempts, log: log,
		in:    newIntake(c, h, log, cfg.Metrics, 1, 0, 0, cfg.HandleTimeout),
		tried: map[int64]int{}, fails: map[int64]int{}, waiting: map[int64]int64{}, chats: map[int64]*chatLock{},
	}, nil
}

// ServeHTTP handles one delivery.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		rw.Header().Set("Allow", http.MethodPost)
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := sha256.Sum256([]byte(r.Header.Get(SecretHeader)))
	if subtle.ConstantTimeCompare(got[:], w.secret[:]) != 1 {
		w.log.Warn("webhook request refused", "reason", "bad secret")
		http.Error(rw, "unauthorized", http.StatusUnauthorized)
		return
	}
	var raw json.RawMessage
	err := json.NewDecoder(http.MaxBytesReader(rw, r.Body, w.maxBody)).Decode(&raw)
	var tooBig *http.MaxBytesError
	var id struct {
		ID int64 `json:"update_id"`
	}
	switch {
	case errors.As(err, &tooBig):
		w.log.Warn("webhook request refused", "reason", "body too large")
		http.Error(rw, "request too large", http.StatusRequestEntityTooLarge)
		return
	case err != nil, json.Unmarshal(raw, &id) != nil, id.ID == 0:
		w.log.Warn("webhook request refused", "reason", "not an update")
		http.Error(rw, "bad request", http.StatusBadRequest)
		return
	}
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		// A real update the library's models cannot read: refusing it would
		// make Telegram retry it forever, so it is skipped, as in polling.
		w.log.Warn("update undecodable", "update", id.ID)
		rw.WriteHeader(http.StatusOK)
		return
	}
	if err := w.handle(r, &u); err != nil {
		http.Error(rw, "update not handled", http.StatusInternalServerError)
		return
	}
	rw.WriteHeader(http.StatusOK)
}

// errBehind is the failure of an update that must wait for an earlier
// update of its chat.
var errBehind = errors.New("an earlier update of the chat waits")

// handle handles one update; nil means it is finished and Telegram may
// drop it.
func (w *Webhook) handle(r *http.Request, u *models.Update) error {
	inc, ok := w.in.convert(u)
	if !ok {
		return nil
	}
	chat := inc.ev.ChatID
	defer w.lock(chat)()
	if w.behind(chat, u.ID) {
		w.log.Info("update held back", "update", u.ID, w.in.c.chat(chat), "reason", "an earlier update waits")
		return errBehind
	}
	if w.try(u.ID) == 1 {
		w.in.answer(r.Context(), inc) // once: a second answer is refused as too old
	}
	err := w.in.try(r.Context(), &inc)
	if err == nil {
		w.finish(u.ID, chat)
		return nil
	}
	if r.Context().Err() != nil {
		return err // Telegram hung up: not the update's fault
	}
	f := faultOf(err)
	w.log.Warn("update failed", "update", u.ID, w.in.c.chat(chat), "fault", f.String(), "err", err.Error())
	if f.Class == flows.FaultTransient {
		if w.in.c.clock.Now().Before(inc.ev.At.Add(keepUpdates)) {
			w.wait(chat, u.ID)
			w.in.metrics.TransientRetries.Add(1)
			return err
		}
	} else if w.fail(u.ID) < w.attempts {
		return err
	}
	if err := w.in.setAside(r.Context(), inc, f); err != nil {
		return err
	}
	w.finish(u.ID, chat)
	return nil
}

// behind reports whether an earlier update of chat waits.
func (w *Webhook) behind(chat, id int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	first, ok := w.waiting[chat]
	return ok && first < id
}

// try counts a delivery of update id and returns the count.
func (w *Webhook) try(id int64) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.bound()
	w.tried[id]++
	return w.tried[id]
}

func (w *Webhook) fail(id int64) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fails[id]++
	return w.fails[id]
}

func (w *Webhook) wait(chat, id int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if first, ok := w.waiting[chat]; !ok || id < first {
		w.waiting[chat] = id
	}
}

// finish forgets a finished update.
func (w *Webhook) finish(id, chat int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.tried, id)
	delete(w.fails, id)
	if w.waiting[chat] == id {
		delete(w.waiting, chat)
	}
}

// bound keeps the memory of unfinished updates bounded; forgetting only
// costs a few more attempts, or a later update passing a waiting one.
func (w *Webhook) bound() {
	if len(w.tried) >= maxFailureMemory {
		clear(w.tried)
		clear(w.fails)
		clear(w.waiting)
	}
}

// lock serialises the updates of one chat, which Telegram may deliver over
// parallel connections, and returns the unlock.
func (w *Webhook) lock(chatID int64) func() {
	w.mu.Lock()
	l := w.chats[chatID]
	if l == nil {
		l = &chatLock{}
		w.chats[chatID] = l
	}
	l.users++
	w.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		w.mu.Lock()
		if l.users--; l.users == 0 {
			delete(w.chats, chatID)
		}
		w.mu.Unlock()
	}
}
