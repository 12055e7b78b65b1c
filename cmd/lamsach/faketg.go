package main

import (
	"context"
	"fmt"
	"net"
	"strings"

	"lamsach/bot/telegramtest"
)

const faketgUsage = `Usage: lamsach faketg [--listen ADDR] [--token TOKEN]... [--rate-limits]

Runs the fake Telegram Bot API that lamsach's tests use, as a standalone
server any bot can be pointed at (lamsach serve --api-url http://ADDR, or
its Bot API URL setting), with a control API under http://ADDR/control/
to add people, write to the bot, press its buttons, send documents and
read what the bot sent them (see the README). It keeps everything in
memory until it stops (Ctrl-C).

The control API has no authentication: the server listens only on a
loopback address.
`

func faketgCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	listen := fs.String("listen", "127.0.0.1:8081", "loopback `address` to serve the Bot API and the control API on")
	var tokens []string
	fs.Func("token", "accept only this bot `token` (repeat for several; default: any token of Telegram's form)", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("empty token")
		}
		tokens = append(tokens, v)
		return nil
	})
	limits := fs.Bool("rate-limits", false, "answer 429 to sends over Telegram's limits, as Telegram does")
	pos, err := e.parse(fs, path, args, faketgUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	if err := loopback(*listen); err != nil {
		return err
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	opts := []telegramtest.Option{telegramtest.WithListener(l), telegramtest.WithAnyToken()}
	which := "any token of Telegram's form"
	if len(tokens) > 0 {
		opts[1] = telegramtest.WithTokens(tokens...)
		which = fmt.Sprintf("%d configured token(s)", len(tokens))
	}
	if *limits {
		opts = append(opts, telegramtest.WithRateLimits())
	}
	tg := telegramtest.New(opts...)
	defer tg.Close()
	fmt.Fprintf(e.stdout, "fake Telegram Bot API at %s (bot @%s, accepting %s); control API at %s/control/\n",
		tg.URL(), tg.Username(), which, tg.URL())
	<-ctx.Done()
	return nil
}

// loopback refuses an address other machines could reach: the control API
// lets anyone who reaches it act as any person.
func loopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--listen %q is not host:port", addr)
	}
	if ip := net.ParseIP(host); strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return usagef("--listen %q is not a loopback address (127.0.0.1:PORT or [::1]:PORT): the control API has no authentication", addr)
}
