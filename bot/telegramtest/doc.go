// Package telegramtest is an in-process fake of the Telegram Bot API for tests
// and scripted demos.
//
// A [Server] listens on a local httptest server: pass [Server.URL] to
// bot.WithServerURL and [Server.Token] as the token. Simulated people
// ([Server.User], [Person.InGroup]) write to the bot, press its buttons and
// read what it sent back; fault injection ([Server.FailNext], [Server.Block],
// [Server.Hook]) and optional rate limits ([WithRateLimits]) exercise the
// error paths. A person's reads ([Person.WaitAfter], [Person.Last]) cost
// what they return, not the chat's whole history, so a load run measures the
// bot rather than the fake.
//
// The same server runs standalone (lamsach faketg: [WithListener],
// [WithTokens], [WithAnyToken]) with a control API under /control/ that
// plays people over HTTP for a bot in another process; [Remote] is its Go
// client and the README documents its JSON.
//
// Every Bot API answer has Telegram's shape
// ({"ok":false,"error_code":N,"description":"...","parameters":{...}}), so
// github.com/go-telegram/bot turns it into its usual errors.
//
// Choices where the fake is stricter than, or differs from, Telegram:
//   - HTML parse mode: a bare "&" that does not start one of &lt; &gt; &amp;
//     &quot; or a numeric entity, and a bare ">", are rejected with
//     "can't parse entities" (Telegram tolerates both), so a missing
//     html.EscapeString is caught. Markdown modes are accepted unchecked.
//   - Message entities are computed for HTML text and compared when deciding
//     "message is not modified"; they are returned in results.
//   - Private chats allow a burst of 3 messages, refilled at 1 per second
//     (a token bucket); all chats together 30 per rolling second; a group 20
//     per rolling minute. Only sendMessage, sendDocument and sendPhoto count.
//     Excess sends are always recorded in [Server.Violations]; they are
//     rejected with 429 only under [WithRateLimits].
//   - After any 429 with retry_after, a call to the same chat (or the same
//     method, for calls without a chat) before the window ends is marked
//     [Attempt.Early] and recorded as a [RuleRetryAfter] violation; under
//     [WithRateLimits] it is also answered 429 with the remaining seconds.
//   - A callback query must be answered within 15 seconds of the press, once.
//   - An injected 502 answers with an nginx HTML page, not JSON, as
//     Telegram's front end does; other injected codes answer JSON.
//   - Webhooks: updates are delivered only when the test calls
//     [Server.DeliverWebhook], one at a time; plain http URLs are accepted.
//   - The long-poll timeout runs on real time; [WithClock] drives message
//     dates, rate limits, retry_after windows, callback age and the 48-hour
//     delete rule.
package telegramtest
