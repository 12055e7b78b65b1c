package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	tg "github.com/go-telegram/bot"

	"lamsach/flows"
)

// ErrConflict is returned by Poller.Run when Telegram refuses getUpdates
// with 409 Conflict: another process polls the same bot, or a webhook is set.
var ErrConflict = errors.New("telegram: getUpdates conflict")

// ErrUnauthorized is returned when Telegram rejects the bot token (401) or
// the API path (404): nothing will work until the configuration is fixed.
var ErrUnauthorized = errors.New("telegram: bot token rejected")

// apiError is an error answer of the Bot API to a call lamsach made with
// net/http itself (getUpdates, file downloads).
type apiError struct {
	code        int
	description string
	retryAfter  int // seconds
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.code, e.description) }

// netError is a transport failure with the request URL, which holds the
// token, stripped: only the operation and the underlying cause remain.
type netError struct {
	op  string
	err error
}

func (e *netError) Error() string { return e.op + ": " + describeNet(e.err) }
func (e *netError) Unwrap() error { return e.err }

// stripURL replaces a *url.Error, whose message contains the URL and so the
// token, by a netError naming op.
func stripURL(op string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &netError{op: op, err: ue.Err}
	}
	return &netError{op: op, err: err}
}

// describeNet words a transport error without addresses or URLs.
func describeNet(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.Is(err, net.ErrClosed):
		return "connection closed"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "dns lookup failed"
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return "network error (" + op.Op + ")"
	}
	if strings.Contains(err.Error(), "EOF") {
		return "connection closed (EOF)"
	}
	return "network error"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// describe words any error of a Bot API call for a log line: the code and
// Telegram's description for API errors, a short cause for transport
// errors. Never the URL (token), never a response body (which may echo a
// message's text).
func describe(err error) string {
	if err == nil {
		return ""
	}
	var tmr *tg.TooManyRequestsError
	var ae *apiError
	var ne *netError
	var me *tg.MigrateError
	switch {
	case errors.As(err, &tmr):
		return fmt.Sprintf("429 retry after %d", tmr.RetryAfter)
	case errors.As(err, &ae):
		return ae.Error()
	case errors.As(err, &ne):
		return ne.Error()
	case errors.As(err, &me):
		return "400 group migrated to a supergroup"
	}
	for code, sentinel := range map[int]error{
		http.StatusForbidden: tg.ErrorForbidden, http.StatusBadRequest: tg.ErrorBadRequest,
		http.StatusUnauthorized: tg.ErrorUnauthorized, http.StatusNotFound: tg.ErrorNotFound,
		http.StatusConflict: tg.ErrorConflict,
	} {
		if errors.Is(err, sentinel) {
			return fmt.Sprintf("%d %s", code, telegramDescription(err, sentinel))
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return describeNet(ue.Err)
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "error decode response"):
		return "undecodable answer"
	case strings.Contains(msg, "error response from telegram"):
		return "error answer"
	}
	return "call failed"
}

// telegramDescription extracts Telegram's description from an error of
// go-telegram/bot, which words them "<sentinel>, <description>".
func telegramDescription(err, sentinel error) string {
	msg := err.Error()
	if i := strings.Index(msg, sentinel.Error()+", "); i >= 0 {
		return msg[i+len(sentinel.Error())+2:]
	}
	return sentinel.Error()
}

// callTrace records what became of one HTTP request: whether it was
// written completely, and the status of the answer. It decides whether a
// failed send may be retried without risking a second copy.
type callTrace struct {
	mu     sync.Mutex
	wrote  bool
	status int
}

func (t *callTrace) written() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.wrote
}

func (t *callTrace) statusCode() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status
}

type traceKey struct{}

// withTrace returns a context whose Bot API call records into a new trace.
func withTrace(ctx context.Context) (context.Context, *callTrace) {
	t := &callTrace{}
	return context.WithValue(ctx, traceKey{}, t), t
}

// tracingClient is the HTTP client go-telegram/bot calls through: it
// records into the request's callTrace, when there is one.
type tracingClient struct{ hc *http.Client }

func (c tracingClient) Do(req *http.Request) (*http.Response, error) {
	t, _ := req.Context().Value(traceKey{}).(*callTrace)
	if t == nil {
		return c.hc.Do(req)
	}
	ct := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		// A request cut short cannot be acted on: Telegram needs the whole
		// multipart body. Only a complete one may have been.
		if i.Err == nil {
			t.mu.Lock()
			t.wrote = true
			t.mu.Unlock()
		}
	}}
	resp, err := c.hc.Do(req.WithContext(httptrace.WithClientTrace(req.Context(), ct)))
	if resp != nil {
		t.mu.Lock()
		t.status = resp.StatusCode
		t.mu.Unlock()
	}
	return resp, err
}

// callError is a failed Bot API call worded without its URL or any
// response body, keeping what the decision to try again needs.
type callError struct {
	op, desc   string
	retryAfter time.Duration // of a 429
}

func (e *callError) Error() string { return e.op + ": " + e.desc }

// failedCall words the error of Bot API call op, whose HTTP status was
// status (0 for none), and marks it flows.ErrTransient when the same call
// may work later: Telegram was not reached or failed itself (network
// errors, 5xx, an unreadable answer) or asked to wait (429). Any other
// 4xx answer would come again.
func failedCall(op string, err error, status int) error {
	ce := &callError{op: op, desc: describe(err)}
	var tmr *tg.TooManyRequestsError
	var ae *apiError
	var migrated *tg.MigrateError
	transient := false
	switch {
	case errors.As(err, &tmr):
		ce.retryAfter = time.Duration(max(1, tmr.RetryAfter)) * time.Second
		transient = true
	case errors.As(err, &ae):
		if ae.code == http.StatusTooManyRequests {
			ce.retryAfter = time.Duration(max(1, ae.retryAfter)) * time.Second
		}
		transient = ae.code == http.StatusTooManyRequests || ae.code >= 500 || ae.code == 0
	case errors.Is(err, tg.ErrorForbidden), errors.Is(err, tg.ErrorBadRequest), errors.Is(err, tg.ErrorUnauthorized),
		errors.Is(err, tg.ErrorNotFound), errors.Is(err, tg.ErrorConflict), errors.As(err, &migrated):
	default:
		transient = status >= 500 || status == 0 || status == http.StatusTooManyRequests
	}
	if transient {
		return flows.Transient(ce)
	}
	return ce
}

// retryAfterOf is the wait a 429 asked for, when err holds one.
func retryAfterOf(err error) time.Duration {
	var ce *callError
	if errors.As(err, &ce) {
		return ce.retryAfter
	}
	return 0
}
