package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// child is a process the harness starts, kills and starts again: the
// server under test, or the Redis holding its sessions. Its output goes to
// a log file in the work folder.
type child struct {
	name  string
	bin   string
	args  []string
	env   []string
	dir   string
	log   *os.File
	ready func(ctx context.Context) error // polled until nil after each start

	cmd    *exec.Cmd
	exited chan error
}

// start runs the process and waits until ready says it serves, it exits,
// or 60 s pass.
func (c *child) start(ctx context.Context) error {
	cmd := exec.Command(c.bin, c.args...)
	cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = c.env, c.dir, c.log, c.log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", c.name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	c.cmd, c.exited = cmd, exited
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for {
		err := c.ready(ctx)
		if err == nil {
			return nil
		}
		select {
		case werr := <-exited:
			exited <- werr
			return fmt.Errorf("%s exited while starting (%v); see %s", c.name, werr, c.log.Name())
		case <-ctx.Done():
			c.kill()
			return fmt.Errorf("%s not ready after 60 s: %w; see %s", c.name, err, c.log.Name())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// kill ends the process with SIGKILL, as a power cut or the OOM killer
// would, and waits until it is gone.
func (c *child) kill() {
	if c.cmd == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.exited
	c.cmd = nil
}

// stop asks the process to finish (SIGTERM) and kills it after 30 s. It
// returns the process's own failure, if any.
func (c *child) stop() error {
	if c.cmd == nil {
		return nil
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	var err error
	select {
	case err = <-c.exited:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
		<-c.exited
		err = errors.New("did not stop within 30 s of SIGTERM")
	}
	c.cmd = nil
	if err != nil {
		return fmt.Errorf("%s: %w; see %s", c.name, err, c.log.Name())
	}
	return nil
}

// alive reports whether the process has not exited on its own.
func (c *child) alive() bool {
	if c.cmd == nil {
		return false
	}
	select {
	case err := <-c.exited:
		c.exited <- err
		return false
	default:
		return true
	}
}

// freePort returns a loopback port nothing listens on right now.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// healthy is ready for the server: its /healthz answers 200.
func healthy(addr string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("healthz: %s", resp.Status)
		}
		return nil
	}
}

// pongs is ready for Redis: PING answers +PONG.
func pongs(addr string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(time.Second))
		if _, err := c.Write([]byte("PING\r\n")); err != nil {
			return err
		}
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			return err
		}
		if line != "+PONG\r\n" {
			return fmt.Errorf("redis answered %q", line)
		}
		return nil
	}
}

// redisChild is a Redis server of the harness's own on a free port, with
// nothing saved to disk, so a restart brings it back empty.
func redisChild(dir string, log *os.File) (*child, string, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, "", fmt.Errorf("the redis fault needs redis-server: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	return &child{name: "redis-server", bin: bin, dir: dir, log: log, env: os.Environ(), ready: pongs(addr),
		args: []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"}}, addr, nil
}
