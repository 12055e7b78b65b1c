package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeArguments: serve refuses bad settings with one line and exit 2,
// before touching the network, and never prints the token.
func TestServeArguments(t *testing.T) {
	const token = "123456:AAAbbbCCCdddEEEfff_ggg-hhh"
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte(token+"\n"), 0o600)
	for _, c := range []struct {
		env  string
		args []string
		want string
	}{
		{"", []string{"serve"}, "no bot token"},
		{"not a token", []string{"serve"}, "does not look like"},
		{token, []string{"serve", "--privacy-window", "72h"}, "under 48h"},
		{token, []string{"serve", "--webhook-url", "https://x.example/telegram"}, "needs --webhook-listen"},
		{token, []string{"serve", "--webhook-url", "http://x.example/telegram", "--webhook-listen", ":8443"}, "must be https"},
		{token, []string{"serve", "--webhook-url", "https://x.example/telegram", "--webhook-listen", ":8443"}, "needs a secret"},
		{token, []string{"serve", "--webhook-listen", ":8443"}, "needs --webhook-url"},
		{token, []string{"serve", "--log-level", "loud"}, "unknown --log-level"},
		{token, []string{"serve", "--max-download-mb", "0"}, "between 1 and 2000"},
		{"", []string{"serve", "--token-file", tokenFile, "--listen", ":1", "--webhook-listen", ":2", "--webhook-url", "https://x/t", "--webhook-secret", "s"}, "not both"},
		{token, []string{"serve", "extra"}, "unexpected argument"},
		{token, []string{"serve", "--max-rows", "0"}, "must be above 0"},
		{token, []string{"serve", "--no-send-limits"}, "--no-send-limits needs --api-url"},
	} {
		t.Setenv("TELEGRAM_BOT_TOKEN", c.env)
		var out, errs bytes.Buffer
		code := run(context.Background(), append([]string{"--db", filepath.Join(t.TempDir(), "x.db")}, c.args...), &out, &errs)
		if code != 2 || !strings.Contains(errs.String(), c.want) || strings.Count(errs.String(), "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line with %q", c.args, code, errs.String(), c.want)
		}
		if strings.Contains(errs.String()+out.String(), "AAAbbb") {
			t.Errorf("%v: the token was printed", c.args)
		}
	}
}
