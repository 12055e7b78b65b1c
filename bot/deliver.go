package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"lamsach/flows"
)

// verdict is what becomes of an outbox item after a call.
type verdict int

const (
	sent        verdict = iota
	retry               // try again at notBefore
	drop                // never send
	unreachable         // the person blocked the bot: Unreachable, then Drop
)

// outcome is a verdict with what the Outbox must store.
type outcome struct {
	verdict    verdict
	messageID  int
	deleteAt   time.Time
	notBefore  time.Time
	retryAfter time.Duration // of a 429, for the limiter
	reason     string        // for the Outbox and the log; never message text
}

func methodOf(k flows.OutKind) string {
	switch k {
	case flows.OutEdit:
		return "editMessageText"
	case flows.OutFile:
		return "sendDocument"
	case flows.OutPhoto:
		return "sendPhoto"
	case flows.OutCommands:
		return "setMyCommands"
	case flows.OutUnbutton:
		return "editMessageReplyMarkup"
	}
	return "sendMessage"
}

// call makes the Bot API call for out and returns the message id.
func (s *Sender) call(ctx context.Context, out flows.Out) (int, error) {
	api := s.c.api
	noPreview := &models.LinkPreviewOptions{IsDisabled: tg.True()}
	var m *models.Message
	var err error
	switch out.Kind {
	case flows.OutSend:
		m, err = api.SendMessage(ctx, &tg.SendMessageParams{ChatID: out.ChatID, Text: out.Text,
			ParseMode: models.ParseModeHTML, LinkPreviewOptions: noPreview, ReplyMarkup: keyboard(out.Buttons)})
	case flows.OutEdit:
		// Without buttons the keyboard is removed, as an edit replaces it.
		_, err = api.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: out.ChatID, MessageID: out.MessageID,
			Text: out.Text, ParseMode: models.ParseModeHTML, LinkPreviewOptions: noPreview, ReplyMarkup: keyboard(out.Buttons)})
		return out.MessageID, err
	case flows.OutFile, flows.OutPhoto:
		m, err = s.upload(ctx, out)
	case flows.OutUnbutton:
		// An empty keyboard removes the buttons; the text stays.
		_, err = api.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{ChatID: out.ChatID, MessageID: out.MessageID,
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}})
		return out.MessageID, err
	case flows.OutCommands:
		scope := &models.BotCommandScopeChat{ChatID: out.ChatID}
		if len(out.Commands) == 0 {
			_, err = api.DeleteMyCommands(ctx, &tg.DeleteMyCommandsParams{Scope: scope})
			return 0, err
		}
		cmds := make([]models.BotCommand, len(out.Commands))
		for i, c := range out.Commands {
			cmds[i] = models.BotCommand{Command: c.Name, Description: c.Description}
		}
		_, err = api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: cmds, Scope: scope})
		return 0, err
	}
	if err != nil || m == nil {
		return 0, err
	}
	return m.ID, nil
}

// fileError is a file that could not be read for sending.
type fileError struct{ err error }

func (e *fileError) Error() string { return "file unreadable: " + e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// uploadReader is a reader as a pointer (see upload).
type uploadReader struct{ io.Reader }

// upload sends a document or photo, streaming its contents from Open (the
// outbox's blob) or Data.
func (s *Sender) upload(ctx context.Context, out flows.Out) (*models.Message, error) {
	var r io.Reader = bytes.NewReader(out.File.Data)
	if out.File.Open != nil {
		rc, err := out.File.Open()
		if err != nil {
			return nil, &fileError{err}
		}
		defer rc.Close()
		r = rc
	}
	// go-telegram/bot calls reflect.Value.IsNil on the reader, in a
	// goroutine of its own, which panics for anything but a pointer.
	file := &models.InputFileUpload{Filename: out.File.Name, Data: &uploadReader{r}}
	parse := models.ParseMode("")
	if out.Text != "" {
		parse = models.ParseModeHTML
	}
	if out.Kind == flows.OutPhoto {
		return s.c.api.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: out.ChatID, Caption: out.Text,
			ParseMode: parse, ReplyMarkup: keyboard(out.Buttons), Photo: file})
	}
	return s.c.api.SendDocument(ctx, &tg.SendDocumentParams{ChatID: out.ChatID, Caption: out.Text,
		ParseMode: parse, ReplyMarkup: keyboard(out.Buttons), Document: file})
}

// keyboard returns the inline keyboard of buttons, or a nil interface:
// go-telegram/bot would send a typed nil pointer as "null".
func keyboard(rows [][]flows.Button) models.ReplyMarkup {
	if len(rows) == 0 {
		return nil
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, 0, len(rows))}
	for _, row := range rows {
		r := make([]models.InlineKeyboardButton, len(row))
		for i, b := range row {
			r[i] = models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data}
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// judge turns a call's result into an outcome; see Sender for the rules.
func (s *Sender) judge(it flows.OutboxItem, msgID int, err error, trace *callTrace) outcome {
	now := s.c.clock.Now()
	ok := outcome{verdict: sent, messageID: msgID}
	if it.Out.Personal && it.Out.Kind != flows.OutCommands {
		ok.deleteAt = now.Add(s.cfg.PrivacyWindow)
	}
	var tooMany *tg.TooManyRequestsError
	var migrated *tg.MigrateError
	var unreadable *fileError
	switch {
	case err == nil:
		return ok
	case errors.As(err, &unreadable) && flows.IsTransient(err):
		return outcome{verdict: retry, notBefore: now.Add(backoff(s.cfg.RetryDelay, 10*time.Minute, it.Attempts)), reason: "file unreadable for now"}
	case errors.As(err, &unreadable):
		return outcome{verdict: drop, reason: "file unreadable"}
	case errors.As(err, &tooMany):
		wait := time.Duration(max(1, tooMany.RetryAfter)) * time.Second
		return outcome{verdict: retry, notBefore: now.Add(wait), retryAfter: wait, reason: describe(err)}
	case errors.Is(err, tg.ErrorForbidden):
		return outcome{verdict: unreachable, reason: describe(err)}
	case errors.Is(err, tg.ErrorBadRequest) && (it.Out.Kind == flows.OutEdit || it.Out.Kind == flows.OutUnbutton) &&
		strings.Contains(err.Error(), "message is not modified"):
		return ok // the message already shows this: the edit's purpose is met
	case errors.Is(err, tg.ErrorBadRequest), errors.As(err, &migrated), errors.Is(err, tg.ErrorUnauthorized),
		errors.Is(err, tg.ErrorNotFound), errors.Is(err, tg.ErrorConflict):
		// A 4xx fails this one item; only getMe at start judges the token.
		return outcome{verdict: drop, reason: describe(err)}
	}
	status := trace.statusCode()
	switch {
	case status >= 500, status == 0 && !trace.written():
		// Telegram failed, or never got the whole request: safe to repeat.
		if it.Attempts+1 >= s.cfg.MaxAttempts {
			return outcome{verdict: drop, reason: fmt.Sprintf("gave up after %d attempts: %s", it.Attempts+1, reason(err, status))}
		}
		return outcome{verdict: retry, notBefore: now.Add(backoff(s.cfg.RetryDelay, 10*time.Minute, it.Attempts)), reason: reason(err, status)}
	case status == http.StatusOK, status == 0:
		// Telegram may have sent it: an answer we could not read, or none.
		return outcome{verdict: drop, reason: "uncertain: " + reason(err, status)}
	}
	return outcome{verdict: drop, reason: reason(err, status)} // other 4xx, e.g. 413 from the front end
}

func reason(err error, status int) string {
	if status != 0 {
		return fmt.Sprintf("http %d: %s", status, describe(err))
	}
	return describe(err)
}
