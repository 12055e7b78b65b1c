package bot_test

import (
	"lamsach/bot"
	"lamsach/flows"
	"lamsach/store"
)

// The store and the engine are what serve wires in: keep them fitting.
var (
	_ bot.Outbox  = (*store.Outbox)(nil)
	_ bot.Handler = (*flows.Engine)(nil)
)
