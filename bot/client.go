package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// DefaultAPIURL is Telegram's Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// DefaultMaxDownload is the largest file Telegram's own Bot API server lets
// a bot download (getFile); a self-hosted server lifts it.
const DefaultMaxDownload = 20 << 20

// httpBackstop bounds every HTTP exchange. Each call also has its own,
// shorter deadline; the long poll's is its timeout plus a margin, and
// NewPoller refuses timeouts that would come near this.
const httpBackstop = 5 * time.Minute

// allowedUpdates are the update kinds lamsach subscribes to.
var allowedUpdates = []string{models.AllowedUpdateMessage, models.AllowedUpdateEditedMessage, models.AllowedUpdateCallbackQuery}

// ClientConfig configures a Client. Token is required.
type ClientConfig struct {
	Token       string
	APIURL      string       // DefaultAPIURL when empty; a self-hosted Bot API server or telegramtest
	MaxDownload int64        // DefaultMaxDownload when 0
	HashKey     []byte       // key of ChatHash in logs; a random per-process key when empty
	Logger      *slog.Logger // discarded when nil
	Clock       Clock        // the real clock when nil
	HTTPClient  *http.Client // a client with a 5-minute backstop timeout when nil
}

// Client is lamsach's connection to the Telegram Bot API, shared by the
// Poller, the Webhook and the Sender. It knows the bot's username, for
// commands addressed "/cmd@bot".
type Client struct {
	api         *tg.Bot
	hc          *http.Client
	base, token string
	username    string
	maxDownload int64
	hashKey     []byte
	log         *slog.Logger
	clock       Clock
}

// NewClient checks the token with getMe and returns a Client.
func NewClient(ctx context.Context, cfg ClientConfig) (*Client, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("telegram: no bot token")
	}
	c := &Client{
		hc: cfg.HTTPClient, base: strings.TrimRight(cfg.APIURL, "/"), token: cfg.Token,
		maxDownload: cfg.MaxDownload, hashKey: cfg.HashKey, clock: cfg.Clock,
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: httpBackstop, Transport: keepAliveTransport()}
	}
	if c.base == "" {
		c.base = DefaultAPIURL
	}
	if c.maxDownload <= 0 {
		c.maxDownload = DefaultMaxDownload
	}
	if len(c.hashKey) == 0 {
		c.hashKey = randomKey()
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = discardLogger()
	}
	c.log = slog.New(newRedactHandler(logger.Handler(), cfg.Token))
	api, err := tg.New(cfg.Token, tg.WithServerURL(c.base), tg.WithSkipGetMe(),
		tg.WithHTTPClient(httpBackstop, tracingClient{c.hc}),
		// The library's own handlers print whole errors and payloads with
		// the standard logger; ours word them without content.
		tg.WithErrorsHandler(func(err error) {
			c.log.Warn("telegram client error", "component", "client", "err", describe(err))
		}),
		tg.WithDebugHandler(func(string, ...any) {}))
	if err != nil {
		return nil, fmt.Errorf("telegram client: %s", describe(err))
	}
	c.api = api
	callCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	me, err := api.GetMe(callCtx)
	if err != nil {
		if isAuthError(err) {
			return nil, fmt.Errorf("getMe: %w (%s)", ErrUnauthorized, describe(err))
		}
		return nil, fmt.Errorf("getMe: %s", describe(err))
	}
	c.username = me.Username
	return c, nil
}

// Username returns the bot's username, without "@".
func (c *Client) Username() string { return c.username }

// logger returns the client's logger for a component.
func (c *Client) logger(component string) *slog.Logger { return c.log.With("component", component) }

// chat returns the log attribute standing for a chat id.
func (c *Client) chat(id int64) slog.Attr { return slog.String("chat", ChatHash(c.hashKey, id)) }

// SetWebhook makes Telegram deliver updates to url with secret in the
// X-Telegram-Bot-Api-Secret-Token header (1–256 of A-Z a-z 0-9 _ -).
// Pending updates are kept.
func (c *Client) SetWebhook(ctx context.Context, url, secret string) error {
	_, err := c.api.SetWebhook(ctx, &tg.SetWebhookParams{URL: url, SecretToken: secret, AllowedUpdates: allowedUpdates})
	if err != nil {
		return fmt.Errorf("setWebhook: %s", describe(err))
	}
	return nil
}

// DeleteWebhook removes the webhook, keeping pending updates, so that the
// bot can poll.
func (c *Client) DeleteWebhook(ctx context.Context) error {
	_, err := c.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{DropPendingUpdates: false})
	if err != nil {
		if isAuthError(err) {
			return fmt.Errorf("deleteWebhook: %w (%s)", ErrUnauthorized, describe(err))
		}
		return fmt.Errorf("deleteWebhook: %s", describe(err))
	}
	return nil
}

// webhookSet reports whether a webhook is set, to explain a 409.
func (c *Client) webhookSet(ctx context.Context) (bool, error) {
	info, err := c.api.GetWebhookInfo(ctx)
	if err != nil {
		return false, err
	}
	return info.URL != "", nil
}

// answerCallback answers a callback query with nothing, so the person's
// client stops its spinner. Telegram wants this within seconds; the
// conversation's real answer comes later through the outbox.
func (c *Client) answerCallback(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := c.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: id})
	return err
}

// wireAnswer is the envelope of every Bot API answer.
type wireAnswer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// getUpdates long-polls for updates after confirming every update before
// offset. go-telegram/bot has no public getUpdates, so this is plain
// net/http. An update the models cannot decode comes back with only its id
// set, so the caller can skip it instead of stalling on it forever.
func (c *Client) getUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]models.Update, error) {
	body, err := json.Marshal(map[string]any{
		"offset": offset, "timeout": int(timeout / time.Second), "limit": 100, "allowed_updates": allowedUpdates,
	})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout+15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+c.token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, stripURL("getUpdates", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, stripURL("getUpdates", err)
	}
	defer resp.Body.Close()
	var a wireAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		// Telegram's front end answers 502 with an HTML page.
		return nil, &apiError{code: resp.StatusCode, description: "undecodable answer"}
	}
	if !a.OK {
		return nil, &apiError{code: a.ErrorCode, description: a.Description, retryAfter: a.Parameters.RetryAfter}
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(a.Result, &raws); err != nil {
		return nil, &apiError{code: resp.StatusCode, description: "undecodable updates"}
	}
	ups := make([]models.Update, len(raws))
	for i, raw := range raws {
		if err := json.Unmarshal(raw, &ups[i]); err != nil {
			var id struct {
				ID int64 `json:"update_id"`
			}
			_ = json.Unmarshal(raw, &id)
			ups[i] = models.Update{ID: id.ID}
			c.log.Warn("update undecodable", "component", "poller", "update", id.ID)
		}
	}
	return ups, nil
}

// isAuthError reports a 401 or 404 from go-telegram/bot: a wrong token
// or API URL.
func isAuthError(err error) bool {
	return errors.Is(err, tg.ErrorUnauthorized) || errors.Is(err, tg.ErrorNotFound)
}

// idleConns is how many connections to the Bot API stay open between
// calls: one for each call that can be in flight (the Sender's 16 chats,
// the long poll, the downloads of the Poller's 8 workers) and spare.
// net/http keeps only 2 by default, so a busy bot opened a new connection
// (and, to Telegram, a TLS handshake) for most calls.
const idleConns = 64

// keepAliveTransport is net/http's default transport keeping idleConns
// connections to the one host it talks to.
func keepAliveTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = idleConns
	t.MaxIdleConnsPerHost = idleConns
	return t
}
