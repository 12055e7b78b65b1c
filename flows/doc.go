// Package flows is lamsach's heart: the domain of a record being cleaned
// (Official Letter 2262/BYT-CNTT) and each role's conversation, with no
// Telegram, SQL or Redis in it.
//
// # One turn in one transaction
//
// The transport hands the Engine an Event (plain data: text, a button, a
// document, a command, the clock). The Engine opens one write transaction
// (Store), records the update's id in it, runs the turn, and writes the
// turn's outgoing messages (Out) to the outbox in the same transaction:
// the update, its changes and its replies commit together or not at all,
// which is what makes delivery exactly-once in effect. Conversation state
// (Sessions) is saved after the commit.
//
// Inside the turn, the member's role picks a handler (roleHandlers):
// villageHandler, policeHandler, stationHandler and coordHandler, plus
// joinHandler for invite links and clockHandler for the clock. Each holds
// its own narrow repository (villageRepo, policeRepo, …), reads what it
// needs through it, decides, and makes its changes through it inside the
// turn's transaction; Repo is their union, which the store implements.
// The record card the village and the police share (editor) takes the
// role's rules as a value (editRules), never by asking the role.
//
// # One owner per rule
//
//   - The record's life is one table, Lifecycle: state × role × action →
//     next state, and whether the person fields may change. Handlers ask it
//     (Can, Move); the store applies it in the statement that changes the
//     record (Transition.Apply inside store.ChangeRecord, and the store's
//     batch moves), so no caller can make a move it does not list.
//   - The person fields are one registry, FieldSpecs: stored columns (and
//     their orig_ twins, which are also the audit log's names), parser,
//     card label and value, edit prompt, CCCD QR position, and the column
//     of station lists and files. Cards, drafts, edits, the QR paste, the
//     exports, the store's columns, the audit diff and the audit replay
//     iterate it. Adding a field touches five files: flows/field.go (the
//     Fields member and its FieldSpecs entry), a migration under
//     store/migrations (its column and orig_ twin), flows/msg/vi_*.go and
//     flows/msg/en_*.go (field.<key>, ask.<key>, ask.<key>.again,
//     btn.edit_<key>), and flows/sheet/fields.go (its column kind and header
//     synonyms, when station lists carry it; FieldSpec.FromList reads it).
//   - The commands are one registry, commands: name, roles, menu order,
//     whether they start a new task, handler. Menus, routing and /help are
//     built from it.
//
// A person's mistake is never an error: it is an answer with a reason.
// An error means the system failed; the Engine rolls back, and the
// transport retries a transient one (ErrTransient) or sets the update aside.
//
// Subpackages: vn (Vietnamese ID numbers, dates, names, genders, phones,
// the CCCD QR text), sheet and sheet/xlsx (spreadsheets), msg (the
// Vietnamese and English catalogs), sessiontest (the session-store
// contract).
package flows
