// Package bot is lamsach's Telegram transport, the only package that knows
// Telegram. It turns updates into flows.Event values for a Handler, and
// drains an Outbox of flows.Out values into Bot API calls. It holds no
// conversation logic: what a person sees is decided in flows.
//
//   - [Client] is the connection to the Bot API (go-telegram/bot for the
//     calls and types, plain net/http for getUpdates and downloads).
//   - [Poller] runs getUpdates and confirms an update only after it and
//     every update before it is committed; chats run in parallel, each
//     chat's updates in order.
//   - [Webhook] is the http.Handler for webhook mode: 200 only after
//     commit, 5xx so Telegram retries, 401 without the secret.
//   - [Sender] sends what the Outbox holds within Telegram's limits,
//     honours retry_after, never sends a message twice on retry, and
//     deletes personal messages after the privacy window.
//
// Failures are classified. A transient one (flows.IsTransient: the
// session store or database unreachable or busy, Telegram failing or
// asking to wait, also while fetching an upload) is waited out with
// back-off for as long as Telegram keeps the update (24 hours from its
// date), while other chats go on. Only a failure that will repeat (a
// panic, an error that is not transient) sets the update aside, recorded
// with its class and place ([flows.Fault]). A 4xx answer fails the one
// message or action it answers; only getMe at start judges the token.
//
// Logs never hold message text, names, file contents, raw updates or the
// token; chats appear as [ChatHash].
package bot
