// Package browsertest drives headless Chromium over the Chrome DevTools
// Protocol for tests: the browser build of the visual mode (web) and the
// sweep report's layout (sweep/report). It talks to Chromium over
// --remote-debugging-pipe (JSON messages ended by NUL, Chromium reading fd
// 3 and writing fd 4), so it needs no client library.
//
// Chromium is Debian's package (/usr/bin/chromium); `make deps-viz`
// installs it. A test that needs it fails, with how to install it, when it
// is missing.
package browsertest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Flags make headless Chromium render WebGL in software
// (SwiftShader through ANGLE) and keep it off the network: it must not try
// to reach any host but the test's server.
var Flags = []string{
	"--headless",
	"--no-sandbox", // CI runs as root
	"--use-angle=swiftshader",
	"--enable-unsafe-swiftshader",
	"--disable-quic",
	"--no-first-run",
	"--no-default-browser-check",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-extensions",
	"--disable-default-apps",
	"--mute-audio",
	"--window-size=1280,800",
	"--remote-debugging-pipe",
}

// FindChromium returns the path of Chromium, or fails the test saying how
// to install it.
func FindChromium(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("Chromium is needed for the browser test and was not found (/usr/bin/chromium): run `make deps-viz` (Debian's chromium package)")
	return ""
}

// browser is a headless Chromium driven over --remote-debugging-pipe:
// JSON messages ended by NUL, Chromium reading fd 3 and writing fd 4.
type Browser struct {
	cmd    *exec.Cmd
	toChr  io.WriteCloser
	stderr *lockedBuffer

	mu       sync.Mutex
	nextID   int
	pending  map[int]chan message
	logs     []string
	readDone chan struct{}
}

type message struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// Launch starts headless Chromium with [Flags] and flags, ended when the
// test ends (with every process it started).
func Launch(t testing.TB, chromium string, flags ...string) *Browser {
	t.Helper()
	profile := t.TempDir()
	cmdR, cmdW, err := os.Pipe() // test → Chromium (its fd 3)
	require.NoError(t, err)
	evR, evW, err := os.Pipe() // Chromium (its fd 4) → test
	require.NoError(t, err)
	args := append(append(append([]string(nil), Flags...), flags...), "--user-data-dir="+profile, "about:blank")
	cmd := exec.Command(chromium, args...)
	cmd.ExtraFiles = []*os.File{cmdR, evW}
	stderr := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = stderr, stderr
	// Its own process group, so that the cleanup ends Chromium's
	// renderer, GPU and zygote processes with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start(), "starting %s", chromium)
	cmdR.Close()
	evW.Close()
	b := &Browser{cmd: cmd, toChr: cmdW, stderr: stderr, pending: map[int]chan message{}, readDone: make(chan struct{})}
	go b.read(evR)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.call(ctx, "", "Browser.close", nil, nil)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		}
		// Whatever is left of the group (the launcher's children).
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		cmdW.Close()
		evR.Close()
	})
	return b
}

func (b *Browser) read(r io.Reader) {
	defer close(b.readDone)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20) // screenshots come as one message
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	for sc.Scan() {
		var m message
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				ch <- m
				delete(b.pending, m.ID)
			}
		} else {
			b.logEvent(m)
		}
		b.mu.Unlock()
	}
}

// logEvent keeps the page's console output and exceptions for failure
// messages. b.mu is held.
func (b *Browser) logEvent(m message) {
	switch m.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(m.Params, &p) == nil {
			var parts []string
			for _, a := range p.Args {
				if a.Value != nil {
					parts = append(parts, fmt.Sprint(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			b.logs = append(b.logs, p.Type+": "+strings.Join(parts, " "))
		}
	case "Runtime.exceptionThrown":
		b.logs = append(b.logs, "exception: "+string(m.Params))
	}
	if len(b.logs) > 100 {
		b.logs = b.logs[len(b.logs)-100:]
	}
}

// Console returns the page's last console messages and exceptions.
func (b *Browser) Console() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.logs, "\n")
}

// StderrTail returns the last lines of Chromium's own output (for failure
// messages).
func (b *Browser) StderrTail() string {
	var keep []string
	for _, l := range strings.Split(b.stderr.String(), "\n") {
		if l != "" && !strings.Contains(l, "dbus") {
			keep = append(keep, l)
		}
	}
	if len(keep) > 30 {
		keep = keep[len(keep)-30:]
	}
	return strings.Join(keep, "\n")
}

// call sends a command (to a page session, or to the browser if session
// is "") and decodes its result into out.
func (b *Browser) call(ctx context.Context, session, method string, params, out any) error {
	m := message{Method: method, SessionID: session}
	if params != nil {
		raw, err := json.Marshal(params)
		if err != nil {
			return err
		}
		m.Params = raw
	}
	ch := make(chan message, 1)
	b.mu.Lock()
	b.nextID++
	m.ID = b.nextID
	b.pending[m.ID] = ch
	b.mu.Unlock()
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if _, err := b.toChr.Write(append(raw, 0)); err != nil {
		return fmt.Errorf("%s: writing to Chromium: %w", method, err)
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, r.Error.Message, r.Error.Code)
		}
		if out != nil {
			return json.Unmarshal(r.Result, out)
		}
		return nil
	case <-b.readDone:
		return fmt.Errorf("%s: Chromium closed the pipe (exited?)", method)
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// Page is a tab of a Browser.
type Page struct {
	b       *Browser
	session string
}

// Call sends a DevTools method to the browser itself (no page session),
// such as Browser.setDownloadBehavior.
func (b *Browser) Call(ctx context.Context, method string, params, out any) error {
	return b.call(ctx, "", method, params, out)
}

// openPage opens a new tab and attaches to it.
func (b *Browser) OpenPage(ctx context.Context, t testing.TB) *Page {
	t.Helper()
	var created struct {
		TargetID string `json:"targetId"`
	}
	require.NoError(t, b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &created), "chromium:\n%s", b.StderrTail())
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	require.NoError(t, b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &attached))
	p := &Page{b: b, session: attached.SessionID}
	require.NoError(t, p.Call(ctx, "Page.enable", nil, nil))
	require.NoError(t, p.Call(ctx, "Runtime.enable", nil, nil))
	return p
}

// Call sends a DevTools command to the page and decodes its result into
// out.
func (p *Page) Call(ctx context.Context, method string, params, out any) error {
	return p.b.call(ctx, p.session, method, params, out)
}

// evalOr evaluates a JavaScript expression to a string, or returns the
// error's text.
func (p *Page) EvalOr(ctx context.Context, expr string) string {
	var r struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := p.Call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r); err != nil {
		return "error: " + err.Error()
	}
	if r.ExceptionDetails != nil {
		return "exception: " + r.ExceptionDetails.Text
	}
	if s, ok := r.Result.Value.(string); ok {
		return s
	}
	return fmt.Sprint(r.Result.Value)
}

// Eval evaluates a JavaScript expression to a string; the test fails if
// Chromium cannot be reached.
func (p *Page) Eval(ctx context.Context, t testing.TB, expr string) string {
	t.Helper()
	s := p.EvalOr(ctx, expr)
	if strings.HasPrefix(s, "error: ") {
		t.Fatalf("evaluating %q: %s\nchromium:\n%s", expr, s, p.b.StderrTail())
	}
	return s
}

// EvalJSON evaluates an expression that returns JSON text and decodes
// it into out.
func (p *Page) EvalJSON(ctx context.Context, t testing.TB, expr string, out any) {
	t.Helper()
	s := p.Eval(ctx, t, expr)
	require.NoError(t, json.Unmarshal([]byte(s), out), "evaluating %q gave %q", expr, s)
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buf.Len() > 1<<20 { // keep the tail only
		l.buf.Next(l.buf.Len() / 2)
	}
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Console returns the console messages of the page's browser.
func (p *Page) Console() string { return p.b.Console() }

// StderrTail returns the last lines of the page's browser's output.
func (p *Page) StderrTail() string { return p.b.StderrTail() }
