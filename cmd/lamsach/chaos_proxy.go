package main

import (
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// chaosProxy is a TCP relay between the server and the fake Telegram. It
// makes the "drop" fault: every open connection is reset at once (calls in
// flight fail half way, long polls included) and new connections are
// refused for a while, as when a network link goes down.
type chaosProxy struct {
	target string // host:port of the fake Telegram
	addr   string // host:port the server connects to

	mu    sync.Mutex
	ln    net.Listener // nil while the link is down
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// newChaosProxy starts relaying connections on a free loopback port to
// target.
func newChaosProxy(target string) (*chaosProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	p := &chaosProxy{target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	return p, nil
}

// URL is the proxy's base URL, for serve --api-url.
func (p *chaosProxy) URL() string { return "http://" + p.addr }

func (p *chaosProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed: the link is down or the proxy closing
			}
			p.wg.Go(func() { p.relay(c) })
		}
	})
}

// relay copies bytes both ways until either side closes.
func (p *chaosProxy) relay(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil {
		// Accepted just before the link went down: it goes down too.
		p.mu.Unlock()
		reset(client)
		server.Close()
		return
	}
	p.conns[client], p.conns[server] = struct{}{}, struct{}{}
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		done <- struct{}{}
	}
	go pipe(server, client)
	go pipe(client, server)
	<-done
	client.Close()
	server.Close()
	<-done
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

// cut resets every connection, refuses new ones for d, then listens again
// on the same address.
func (p *chaosProxy) cut(d time.Duration) error {
	p.mu.Lock()
	ln := p.ln
	p.ln = nil
	for c := range p.conns {
		reset(c)
	}
	p.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
	time.Sleep(d)
	// The port is free again at once (Go listens with SO_REUSEADDR); a
	// few tries cover a slow close.
	var err error
	for range 50 {
		var ln net.Listener
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			p.serve(ln)
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("proxy: listen again on %s: %w", p.addr, err)
}

// Close stops relaying and waits for the relays to end.
func (p *chaosProxy) Close() {
	p.mu.Lock()
	ln := p.ln
	p.ln = nil
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
	p.wg.Wait()
}

// reset closes c with an RST instead of a FIN: the peer sees a connection
// reset, not a polite end.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}
