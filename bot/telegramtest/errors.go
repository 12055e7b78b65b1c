package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// APIError is an error answer of the Bot API: error_code, description and
// parameters.retry_after. Hooks return it to inject a failure.
type APIError struct {
	Code        int
	Description string
	RetryAfter  int // seconds; sent as parameters.retry_after when > 0
}

// Error returns the code and the description, as Telegram words it.
func (e *APIError) Error() string {
	return strconv.Itoa(e.Code) + " " + e.Description
}

var (
	errNotFound      = &APIError{Code: http.StatusNotFound, Description: "Not Found"}
	errUnauthorized  = &APIError{Code: http.StatusUnauthorized, Description: "Unauthorized"}
	errBlocked       = &APIError{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
	errWebhookActive = &APIError{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	errTerminated    = &APIError{Code: http.StatusConflict, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
	errChatNotFound  = badRequest("chat not found")
)

func badRequest(desc string) *APIError {
	return &APIError{Code: http.StatusBadRequest, Description: "Bad Request: " + desc}
}

func tooManyRequests(retryAfter int) *APIError {
	return &APIError{
		Code:        http.StatusTooManyRequests,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		RetryAfter:  retryAfter,
	}
}

// defaultError words an injected failure the way Telegram words that code.
func defaultError(code, retryAfter int) *APIError {
	switch code {
	case http.StatusTooManyRequests:
		return tooManyRequests(retryAfter)
	case http.StatusForbidden:
		return errBlocked
	case http.StatusBadRequest:
		return badRequest("injected failure")
	case http.StatusUnauthorized:
		return errUnauthorized
	case http.StatusConflict:
		return errTerminated
	}
	return &APIError{Code: code, Description: http.StatusText(code)}
}

type response struct {
	OK          bool            `json:"ok"`
	Result      any             `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, response{OK: true, Result: result})
}

// nginxBadGateway is what Telegram's front end answers when the Bot API
// server behind it is down: HTML, not JSON.
const nginxBadGateway = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n" +
	"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"

func writeError(w http.ResponseWriter, e *APIError) {
	if e.Code == http.StatusBadGateway {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(e.Code)
		_, _ = w.Write([]byte(nginxBadGateway))
		return
	}
	r := response{ErrorCode: e.Code, Description: e.Description}
	if e.RetryAfter > 0 {
		r.Parameters = &responseParams{RetryAfter: e.RetryAfter}
	}
	writeJSON(w, e.Code, r)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
