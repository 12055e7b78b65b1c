package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/go-telegram/bot"

	"lamsach/bot/telegramtest"
)

// startFaketg runs "lamsach faketg" with args on a free loopback port until
// the end of the test and returns its URL, read from the line it prints.
func startFaketg(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"faketg", "--listen", "127.0.0.1:0"}, args...), pw, &stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("faketg exited %d: %s", code, stderr.String())
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	m := regexp.MustCompile(`at (http://127\.0\.0\.1:[0-9]+) `).FindStringSubmatch(line)
	if err != nil || m == nil {
		t.Fatalf("faketg printed %q, %v; want its address", line, err)
	}
	return m[1]
}

// TestFaketgServesBotsAndDrivers: the standalone server accepts only its
// configured tokens, serves a go-telegram/bot client and the control API,
// and stops cleanly on cancel.
func TestFaketgServesBotsAndDrivers(t *testing.T) {
	url := startFaketg(t, "--token", "123:abc", "--token", "456:def")
	ctx := context.Background()
	for token, wantErr := range map[string]error{"456:def": nil, "789:ghi": bot.ErrorUnauthorized} {
		b, err := bot.New(token, bot.WithServerURL(url), bot.WithSkipGetMe())
		if err != nil {
			t.Fatal(err)
		}
		me, err := b.GetMe(ctx)
		if !errors.Is(err, wantErr) || (err == nil && me.Username != "lamsach_test_bot") {
			t.Errorf("token %s: getMe = %+v, %v; want error %v", token, me, err, wantErr)
		}
	}
	r := telegramtest.NewRemote(url, nil)
	if _, err := r.AddPerson(ctx, 42, "Dũng", "vi"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Send(ctx, 42, "xin chào"); err != nil {
		t.Fatal(err)
	}
	if st, err := r.Status(ctx); err != nil || st.People != 1 || st.UpdatesPending != 1 {
		t.Errorf("Status = %+v, %v; want 1 person and 1 pending update", st, err)
	}
}

// TestFaketgArguments: bad settings get one line and exit 2.
func TestFaketgArguments(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"faketg", "--listen", ":8081"}, `--listen ":8081" is not a loopback address`},
		{[]string{"faketg", "--listen", "0.0.0.0:8081"}, "not a loopback address"},
		{[]string{"faketg", "--listen", "8081"}, "is not host:port"},
		{[]string{"faketg", "--token", " "}, "empty token"},
		{[]string{"faketg", "extra"}, `unexpected argument "extra"`},
	} {
		code, _, stderr := lamsach(t, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line with %q", c.args, code, stderr, c.want)
		}
	}
}
