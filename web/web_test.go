// Package web_test checks the browser build of the visual mode: it builds
// cmd/agencysim-viz to WebAssembly, serves it with index.html and
// wasm_exec.js from a local HTTP server (as `make web` and `make
// serve-web` do), opens the page in headless Chromium and checks that the
// view runs and draws a real frame.
//
// Chromium is Debian's package (/usr/bin/chromium); `make deps-viz`
// installs it. The test talks to it with the Chrome DevTools Protocol over
// --remote-debugging-pipe, so it needs no client library.
package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/cmd/serve/site"
)

// chromiumFlags make headless Chromium render WebGL in software
// (SwiftShader through ANGLE) and keep it off the network: it must not try
// to reach any host but the test's server.
var chromiumFlags = []string{
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

const (
	// startTimeout bounds the page's start: loading 19 MB of WebAssembly
	// and compiling it, then the first frames under software WebGL on a
	// 2-core machine.
	startTimeout = 90 * time.Second
	buildTimeout = 8 * time.Minute
)

func TestBrowserBuildRendersAFrame(t *testing.T) {
	chromium := findChromium(t)
	dir := builtSite(t)
	srv, requests := serve(t, dir)

	b := launch(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout+30*time.Second)
	defer cancel()
	page := b.openPage(ctx, t)
	start := time.Now()
	require.NoError(t, page.call(ctx, "Page.navigate", map[string]any{"url": srv.URL + "/"}, nil))

	// (a) The view reports its frames in the page title: every 30 frames
	// "agencysim: frame N". Wait for one report, then a later one, so
	// the view is known to keep running rather than to have drawn once.
	first := waitForFrame(ctx, t, page, 0)
	t.Logf("frame %d reported %v after loading the page", first, time.Since(start).Round(time.Millisecond))
	second := waitForFrame(ctx, t, page, first)
	assert.Greater(t, second, first)

	// The loading message is gone and no error is shown.
	var status struct {
		Hidden    bool   `json:"hidden"`
		ClassName string `json:"className"`
		Text      string `json:"text"`
	}
	page.evalJSON(ctx, t, `(() => { const s = document.getElementById("status");
		return JSON.stringify({hidden: s.hidden, className: s.className, text: s.textContent}); })()`, &status)
	assert.True(t, status.Hidden, "the loading message is still shown: %q", status.Text)
	assert.Equal(t, "agencysim: frame 1", page.eval(ctx, t, `document.getElementById("status").dataset.hiddenAt`), "the loading message goes on the first frame")
	assert.Empty(t, status.ClassName, "the page shows an error: %q", status.Text)

	// The canvas Ebitengine made fills the window.
	var canvas struct{ X, Y, W, H, WinW, WinH float64 }
	page.evalJSON(ctx, t, `(() => { const c = document.querySelector("canvas");
		if (!c) return "null";
		const r = c.getBoundingClientRect();
		return JSON.stringify({X: r.x, Y: r.y, W: r.width, H: r.height, WinW: innerWidth, WinH: innerHeight}); })()`, &canvas)
	require.Positive(t, canvas.W, "no canvas on the page")
	assert.InDelta(t, canvas.WinW, canvas.W, 1, "canvas width")
	assert.InDelta(t, canvas.WinH, canvas.H, 1, "canvas height")

	// (b) A screenshot shows a real frame: most of the canvas is drawn
	// (not the black page background), in many colours.
	var shot struct {
		Data string `json:"data"`
	}
	require.NoError(t, page.call(ctx, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot))
	raw, err := base64.StdEncoding.DecodeString(shot.Data)
	require.NoError(t, err)
	shotPath := filepath.Join(t.TempDir(), "browser.png")
	require.NoError(t, os.WriteFile(shotPath, raw, 0o644))
	if p := os.Getenv("WEB_SHOT"); p != "" { // to look at it
		require.NoError(t, os.WriteFile(p, raw, 0o644))
	}
	img, err := png.Decode(bytes.NewReader(raw))
	require.NoError(t, err)
	area := image.Rect(int(canvas.X), int(canvas.Y), int(canvas.X+canvas.W), int(canvas.Y+canvas.H)).Intersect(img.Bounds())
	require.False(t, area.Empty(), "canvas %+v outside the screenshot %v", canvas, img.Bounds())
	colours, drawn := map[uint32]int{}, 0
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 > 16 || g>>8 > 16 || b>>8 > 16 {
				drawn++
			}
			colours[r>>12<<8|g>>12<<4|b>>12]++ // 4 bits a channel
		}
	}
	total := area.Dx() * area.Dy()
	t.Logf("screenshot %v: %d%% of the canvas drawn, %d colours (4 bits a channel)", img.Bounds(), 100*drawn/total, len(colours))
	assert.Greater(t, drawn, total/2, "most of the canvas is black: no frame drawn")
	assert.Greater(t, len(colours), 40, "too few colours for a city view with HUD and charts")
	// No single colour covers nearly everything (a cleared screen).
	for c, n := range colours {
		assert.Less(t, n, total*9/10, "colour %03x covers %d%% of the canvas", c, 100*n/total)
	}

	// The pre-compressed WebAssembly, unpacked by the page: the plain
	// file is never fetched.
	assert.Contains(t, requests(), "/agencysim.wasm.gz")
	assert.NotContains(t, requests(), "/agencysim.wasm")
	assert.Contains(t, requests(), "/wasm_exec.js")

	// The keyboard reaches the program: Escape stops it, and the page
	// says so.
	for _, typ := range []string{"keyDown", "keyUp"} {
		require.NoError(t, page.call(ctx, "Input.dispatchKeyEvent", map[string]any{
			"type": typ, "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27, "nativeVirtualKeyCode": 27,
		}, nil))
	}
	assert.Equal(t, "agencysim: stopped", waitForTitle(ctx, t, page, func(s string) bool {
		return !strings.HasPrefix(s, "agencysim: frame")
	}))
	assert.Contains(t, page.eval(ctx, t, `document.getElementById("status").textContent`), "Reload the page")
}

// Without the WebAssembly file the page says so instead of staying on its
// loading message.
// The WebAssembly, built as make web builds it, stays within 20 MB (20e6
// bytes): the visual mode carries no Parquet, plots, progress bar, viper,
// cobra or gonum, and the symbols are stripped.
func TestWebAssemblyIsAtMost20MB(t *testing.T) {
	st, err := os.Stat(filepath.Join(builtSite(t), "agencysim.wasm"))
	require.NoError(t, err)
	t.Logf("agencysim.wasm: %d bytes (%.1f MB)", st.Size(), float64(st.Size())/1e6)
	assert.LessOrEqual(t, st.Size(), int64(20e6), "agencysim.wasm is %.1f MB", float64(st.Size())/1e6)
}

func TestBrowserPageReportsALoadFailure(t *testing.T) {
	chromium := findChromium(t)
	dir := t.TempDir()
	out, err := buildSite(dir, false)
	require.NoError(t, err, "%s", out)
	srv, _ := serve(t, dir)

	b := launch(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	page := b.openPage(ctx, t)
	require.NoError(t, page.call(ctx, "Page.navigate", map[string]any{"url": srv.URL + "/"}, nil))
	title := waitForTitle(ctx, t, page, func(s string) bool { return s != "agencysim: loading" && s != "" })
	assert.Equal(t, "agencysim: error", title)
	text := page.eval(ctx, t, `document.getElementById("status").textContent`)
	assert.Contains(t, text, "agencysim could not start")
	assert.Contains(t, text, "404")
}

// The page's query gives the command its arguments: here a scenario that
// is not bundled, which the command rejects with a message the page shows.
func TestBrowserPagePassesItsQueryToTheCommand(t *testing.T) {
	chromium := findChromium(t)
	srv, _ := serve(t, builtSite(t))

	b := launch(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	page := b.openPage(ctx, t)
	require.NoError(t, page.call(ctx, "Page.navigate", map[string]any{"url": srv.URL + "/?scenario=no-such-place&speed=30"}, nil))
	title := waitForTitle(ctx, t, page, func(s string) bool {
		return s == "agencysim: error" || strings.HasPrefix(s, "agencysim: frame")
	})
	assert.Equal(t, "agencysim: error", title)
	text := page.eval(ctx, t, `document.getElementById("status").textContent`)
	assert.Contains(t, text, "no-such-place")
	assert.Contains(t, text, "bundled scenarios: baseline") // the command's own message
	assert.Contains(t, text, "?scenario=no-such-place&speed=30")
}

// A scenario file from the user's disk, opened with the page's file
// input, runs; a live change is made with a key; "Download timeline" saves
// the session, with that change, as a scenario file.
func TestBrowserOpensAScenarioFileAndDownloadsTheTimeline(t *testing.T) {
	chromium := findChromium(t)
	srv, _ := serve(t, builtSite(t))
	tmp := t.TempDir()
	base, err := os.ReadFile("../scenarios/baseline.yaml")
	require.NoError(t, err)
	mine := filepath.Join(tmp, "my-town.yaml")
	require.NoError(t, os.WriteFile(mine, bytes.Replace(base, []byte("\nname: baseline\n"), []byte("\nname: my-town\n"), 1), 0o644))
	downloads := filepath.Join(tmp, "downloads")
	require.NoError(t, os.Mkdir(downloads, 0o755))

	b := launch(t, chromium)
	ctx, cancel := context.WithTimeout(context.Background(), 2*startTimeout)
	defer cancel()
	require.NoError(t, b.call(ctx, "", "Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": downloads}, nil))
	page := b.openPage(ctx, t)
	require.NoError(t, page.call(ctx, "Page.navigate", map[string]any{"url": srv.URL + "/"}, nil))
	waitForFrame(ctx, t, page, 0)
	assert.Contains(t, page.eval(ctx, t, `agencysimTimeline()[0].text`), "name: baseline")

	var doc struct {
		Root struct {
			NodeID int `json:"nodeId"`
		} `json:"root"`
	}
	require.NoError(t, page.call(ctx, "DOM.getDocument", nil, &doc))
	var input struct {
		NodeID int `json:"nodeId"`
	}
	require.NoError(t, page.call(ctx, "DOM.querySelector", map[string]any{"nodeId": doc.Root.NodeID, "selector": "#open"}, &input))
	require.NoError(t, page.call(ctx, "DOM.setFileInputFiles", map[string]any{"files": []string{mine}, "nodeId": input.NodeID}, nil))
	// The page reloads with ?file=my-town.yaml and runs it.
	waitForTitle(ctx, t, page, func(string) bool {
		return page.evalOr(ctx, `location.search`) == "?file=my-town.yaml" && strings.HasPrefix(page.evalOr(ctx, `document.title`), "agencysim: frame")
	})
	assert.Contains(t, page.eval(ctx, t, `agencysimTimeline()[0].text`), "name: my-town")

	// Key 1: the first policy changes live.
	for _, typ := range []string{"keyDown", "keyUp"} {
		require.NoError(t, page.call(ctx, "Input.dispatchKeyEvent", map[string]any{
			"type": typ, "key": "1", "code": "Digit1", "windowsVirtualKeyCode": 49, "nativeVirtualKeyCode": 49,
		}, nil))
	}
	waitForTitle(ctx, t, page, func(string) bool {
		return strings.Contains(page.evalOr(ctx, `agencysimTimeline()[0].text`), "1 policy change(s) made live")
	})
	page.eval(ctx, t, `document.getElementById("download").click(), "clicked"`)
	saved := filepath.Join(downloads, "my-town-timeline.yaml")
	var text []byte
	require.Eventually(t, func() bool {
		text, err = os.ReadFile(saved)
		return err == nil && len(text) > 0
	}, 20*time.Second, 100*time.Millisecond, "no download at %s", saved)
	assert.Contains(t, string(text), "name: my-town")
	assert.Contains(t, string(text), "1 policy change(s) made live")
	assert.Contains(t, string(text), "timeline:", "the live change is in the timeline (baseline has none)")
}

var built struct {
	once sync.Once
	dir  string
	err  error
	out  []byte
}

// builtSite builds the site with the WebAssembly once for the package's
// tests.
func builtSite(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		start := time.Now()
		built.dir, built.err = os.MkdirTemp("", "agencysim-web")
		if built.err == nil {
			built.out, built.err = buildSite(built.dir, true)
		}
		t.Logf("built the WebAssembly in %v", time.Since(start).Round(time.Millisecond))
	})
	require.NoError(t, built.err, "%s", built.out)
	return built.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func findChromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("Chromium is needed for the browser test and was not found (/usr/bin/chromium): run `make deps-viz` (Debian's chromium package)")
	return ""
}

// buildSite lays out what `make web` puts in web/dist: index.html,
// wasm_exec.js and, if withWasm, agencysim.wasm. It returns the go
// command's output.
func buildSite(dir string, withWasm bool) (_ []byte, err error) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	if err := copyFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js")); err != nil {
		return nil, err
	}
	if err := copyFile("index.html", filepath.Join(dir, "index.html")); err != nil {
		return nil, err
	}
	if !withWasm {
		return nil, nil
	}
	defer func() {
		if err == nil {
			err = gzipFile(filepath.Join(dir, "agencysim.wasm"))
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", filepath.Join(dir, "agencysim.wasm"), "./cmd/agencysim-viz")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("GOOS=js GOARCH=wasm go build ./cmd/agencysim-viz: %w", err)
	}
	return out, nil
}

// gzipFile writes path.gz beside path, as make web does.
func gzipFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path+".gz", b.Bytes(), 0o644)
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// serve serves dir on a random localhost port as `make serve-web` does
// (package site: WebAssembly as application/wasm, gzip-compressed for the
// browser), and returns the paths requested so far.
func serve(t *testing.T, dir string) (*httptest.Server, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var paths []string
	files := site.Handler(dir)
	site.Warm(files, ".wasm")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), paths...)
	}
}

// waitForFrame waits until the title reports a frame after `after` and
// returns its number.
func waitForFrame(ctx context.Context, t *testing.T, p *page, after int) int {
	t.Helper()
	const prefix = "agencysim: frame "
	title := waitForTitle(ctx, t, p, func(s string) bool {
		n, err := strconv.Atoi(strings.TrimPrefix(s, prefix))
		return s == "agencysim: error" || (strings.HasPrefix(s, prefix) && err == nil && n > after)
	})
	require.True(t, strings.HasPrefix(title, prefix), "the page failed: %s", p.eval(ctx, t, `document.getElementById("status").textContent`))
	n, _ := strconv.Atoi(strings.TrimPrefix(title, prefix))
	return n
}

// waitForTitle polls the page title until ok accepts it.
func waitForTitle(ctx context.Context, t *testing.T, p *page, ok func(string) bool) string {
	t.Helper()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		start := time.Now()
		title := p.evalOr(ctx, "document.title")
		if d := time.Since(start); d > 2*time.Second {
			t.Logf("the page's main thread was busy for %v (%s)", d.Round(time.Millisecond), title)
		}
		if strings.HasPrefix(title, "error: ") && ctx.Err() == nil {
			// The page's thread is busy (the program starting, one long
			// task): evaluating waits; ask again.
			continue
		}
		if ok(title) {
			return title
		}
		select {
		case <-ctx.Done():
			status := p.evalOr(context.Background(), `document.getElementById("status").textContent`)
			t.Fatalf("timed out waiting for the page: title %q, message %q\nconsole:\n%s\nchromium:\n%s",
				title, status, p.b.console(), p.b.stderrTail())
		case <-tick.C:
		}
	}
}

// browser is a headless Chromium driven over --remote-debugging-pipe:
// JSON messages ended by NUL, Chromium reading fd 3 and writing fd 4.
type browser struct {
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

func launch(t *testing.T, chromium string) *browser {
	t.Helper()
	profile := t.TempDir()
	cmdR, cmdW, err := os.Pipe() // test → Chromium (its fd 3)
	require.NoError(t, err)
	evR, evW, err := os.Pipe() // Chromium (its fd 4) → test
	require.NoError(t, err)
	args := append(append([]string(nil), chromiumFlags...), "--user-data-dir="+profile, "about:blank")
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
	b := &browser{cmd: cmd, toChr: cmdW, stderr: stderr, pending: map[int]chan message{}, readDone: make(chan struct{})}
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

func (b *browser) read(r io.Reader) {
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
func (b *browser) logEvent(m message) {
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

func (b *browser) console() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.logs, "\n")
}

func (b *browser) stderrTail() string {
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
func (b *browser) call(ctx context.Context, session, method string, params, out any) error {
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

type page struct {
	b       *browser
	session string
}

// openPage opens a new tab and attaches to it.
func (b *browser) openPage(ctx context.Context, t *testing.T) *page {
	t.Helper()
	var created struct {
		TargetID string `json:"targetId"`
	}
	require.NoError(t, b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &created), "chromium:\n%s", b.stderrTail())
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	require.NoError(t, b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &attached))
	p := &page{b: b, session: attached.SessionID}
	require.NoError(t, p.call(ctx, "Page.enable", nil, nil))
	require.NoError(t, p.call(ctx, "Runtime.enable", nil, nil))
	return p
}

func (p *page) call(ctx context.Context, method string, params, out any) error {
	return p.b.call(ctx, p.session, method, params, out)
}

// evalOr evaluates a JavaScript expression to a string, or returns the
// error's text.
func (p *page) evalOr(ctx context.Context, expr string) string {
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
	if err := p.call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r); err != nil {
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

func (p *page) eval(ctx context.Context, t *testing.T, expr string) string {
	t.Helper()
	s := p.evalOr(ctx, expr)
	if strings.HasPrefix(s, "error: ") {
		t.Fatalf("evaluating %q: %s\nchromium:\n%s", expr, s, p.b.stderrTail())
	}
	return s
}

func (p *page) evalJSON(ctx context.Context, t *testing.T, expr string, out any) {
	t.Helper()
	s := p.eval(ctx, t, expr)
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
