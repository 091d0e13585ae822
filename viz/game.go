package viz

import (
	"errors"
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// speeds are the simulation speeds. Speed N× advances the model by N
// simulated minutes per drawn frame: at 60 frames a second that is N
// simulated hours per real second (1×: a day in 24 s; 1000×: 41 days a
// second). The model advances at most once per drawn frame, so a slow
// machine slows the simulation instead of skipping frames, and a scripted
// run of F frames always ends at the same simulated time.
var speeds = []float64{1, 3, 10, 30, 100, 300, 1000}

// tps is the game's ticks (and, normally, frames) per second.
const tps = 60

// toastFrames is how long a refused change stays on screen.
const toastFrames = 5 * tps

// Screen size (logical pixels).
const (
	screenW = 1280
	screenH = 720
)

// intent is an action asked for by the user in one tick, decoded from the
// input once and then applied: input handling never touches the model.
type intent int

const (
	inNone intent = iota
	inPause
	inStep
	inFaster
	inSlower
	inGroup
	inSide
	inQuit
	inFullscreen
	inToggle // + toggle index
)

// Game is the Ebitengine game: it advances the sessions in Update and
// draws them in Draw, which only reads. It is not safe for concurrent use.
type Game struct {
	sessions []*Session // one, or two in compare mode (same random streams)
	side     int        // the session toggles apply to
	speed    int        // index into speeds
	paused   bool
	sel      Selection // whose trust shades the map
	hours    float64   // simulated time all sessions have reached
	script   Script
	frame    int
	drawn    bool // a frame was drawn since the model last advanced
	toast    int  // frames left to show the last refused change
	winTitle string

	intents [16]intent
	nIntent int

	// Scripted rendering.
	frames     int              // stop after this many frames (0: run until closed)
	capture    func(n int) bool // whether to capture frame n
	onCapture  func(n int, img *image.RGBA) error
	pixels     []byte
	captureErr error
	done       bool

	r *renderer
}

// errQuit ends the game normally.
var errQuit = errors.New("quit")

// NewGame makes a game of the given sessions (one, or two to compare).
// It panics if there are none or more than two.
func NewGame(sessions []*Session, speed float64, sel Selection) *Game {
	if len(sessions) < 1 || len(sessions) > 2 {
		panic("viz: a game shows one or two sessions")
	}
	g := &Game{sessions: sessions, sel: sel, drawn: true}
	g.speed = 1
	for i, s := range speeds {
		if math.Abs(s-speed) < 1e-9 {
			g.speed = i
		}
	}
	days := int(sessions[0].Scene.m.Horizon()/24) + 1
	g.r = newRenderer(days)
	return g
}

// Layout implements ebiten.Game.
// The screen has the window's own pixels (times the monitor's scale
// factor), and the renderer scales its screenW × screenH layout to fit it.
func (g *Game) Layout(w, h int) (int, int) {
	k := 1.0
	if m := ebiten.Monitor(); m != nil {
		k = m.DeviceScaleFactor()
	}
	return max(1, int(float64(w)*k)), max(1, int(float64(h)*k))
}

// Update implements ebiten.Game: it reads the input into intents, applies
// them, runs scripted changes that are due, and advances every session to
// the same simulated time.
func (g *Game) Update() error {
	if g.done || g.captureErr != nil {
		if g.captureErr != nil {
			return g.captureErr
		}
		return ebiten.Termination
	}
	g.readInput()
	step, quit := g.applyIntents()
	if quit {
		return ebiten.Termination
	}
	if g.toast > 0 {
		g.toast--
	}

	switch {
	case !g.drawn:
		// Ebitengine catches up on ticks when frames are slow; the model
		// advances once per drawn frame (see speeds).
	case step:
		g.hours += 1
		g.drawn = false
	case !g.paused:
		g.hours += speeds[g.speed] / 60
		g.drawn = false
	}
	g.advance(g.hours)
	if t := g.Title(); t != g.winTitle {
		g.winTitle = t
		ebiten.SetWindowTitle("agencysim — " + t)
	}
	return nil
}

// applyIntents applies this tick's intents and clears them; it reports
// whether one asked for a step or to quit.
func (g *Game) applyIntents() (step, quit bool) {
	defer func() { g.nIntent = 0 }()
	for _, in := range g.intents[:g.nIntent] {
		switch {
		case in == inPause:
			g.paused = !g.paused
		case in == inStep:
			step = true
		case in == inFaster:
			g.speed = min(g.speed+1, len(speeds)-1)
		case in == inSlower:
			g.speed = max(g.speed-1, 0)
		case in == inGroup:
			g.sel = g.sel.Next()
		case in == inSide:
			g.side = (g.side + 1) % len(g.sessions)
		case in == inFullscreen:
			ebiten.SetFullscreen(!ebiten.IsFullscreen())
		case in == inQuit:
			return step, true
		case in >= inToggle:
			if err := g.sessions[g.side].Cycle(int(in - inToggle)); err != nil {
				g.toast = toastFrames // the HUD shows the session's Err
			}
		}
	}
	return step, false
}

// advance runs every session to hour h, applying the scripted changes that
// fall due on the way at their own times.
func (g *Game) advance(h float64) {
	h = math.Min(h, g.sessions[0].Scene.m.Horizon())
	for len(g.script) > 0 && g.script[0].Day*24 <= h {
		st := g.script[0]
		g.script = g.script[1:]
		for _, s := range g.sessions {
			s.Scene.Advance(st.Day * 24)
			if err := s.Apply(st.Set); err != nil {
				// Checked before the game started, but live changes may
				// have made it invalid since: shown like a refused toggle.
				g.toast = toastFrames
			}
		}
	}
	for _, s := range g.sessions {
		s.Scene.Advance(h)
	}
	g.hours = h
}

// FastForward runs the sessions to day d before the first frame, applying
// scripted changes on the way.
func (g *Game) FastForward(d float64) { g.advance(d * 24) }

func (g *Game) push(in intent) {
	if g.nIntent < len(g.intents) {
		g.intents[g.nIntent] = in
		g.nIntent++
	}
}

// readInput turns this tick's key presses and clicks into intents.
func (g *Game) readInput() {
	keys := [...]struct {
		k  ebiten.Key
		in intent
	}{
		{ebiten.KeySpace, inPause}, {ebiten.KeyPeriod, inStep},
		{ebiten.KeyArrowRight, inFaster}, {ebiten.KeyEqual, inFaster}, {ebiten.KeyKPAdd, inFaster},
		{ebiten.KeyArrowLeft, inSlower}, {ebiten.KeyMinus, inSlower}, {ebiten.KeyKPSubtract, inSlower},
		{ebiten.KeyG, inGroup}, {ebiten.KeyTab, inSide}, {ebiten.KeyEscape, inQuit}, {ebiten.KeyF, inFullscreen},
		{ebiten.Key1, inToggle}, {ebiten.Key2, inToggle + 1}, {ebiten.Key3, inToggle + 2},
		{ebiten.Key4, inToggle + 3}, {ebiten.Key5, inToggle + 4}, {ebiten.Key6, inToggle + 5},
	}
	for _, k := range keys {
		if inpututil.IsKeyJustPressed(k.k) {
			g.push(k.in)
		}
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		x, y := g.r.sh.view.logical(ebiten.CursorPosition())
		if in := g.r.hit(g, x, y); in != inNone {
			g.push(in)
		}
	}
}

// Draw implements ebiten.Game. It reads the sessions and never changes
// them.
func (g *Game) Draw(screen *ebiten.Image) {
	g.r.draw(screen, g)
	g.frame++
	g.drawn = true
	if g.capture != nil && g.capture(g.frame) {
		if g.pixels == nil {
			g.pixels = make([]byte, 4*screenW*screenH)
		}
		b := screen.Bounds()
		if b.Dx()*b.Dy()*4 != len(g.pixels) {
			g.pixels = make([]byte, 4*b.Dx()*b.Dy())
		}
		screen.ReadPixels(g.pixels)
		img := &image.RGBA{Pix: g.pixels, Stride: 4 * b.Dx(), Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
		if err := g.onCapture(g.frame, img); err != nil {
			g.captureErr = err
		}
	}
	if g.frames > 0 && g.frame >= g.frames {
		g.done = true
	}
}

// Title returns what the view shows: the session's name and the changes
// made live, or both sessions' in compare mode.
func (g *Game) Title() string {
	if len(g.sessions) == 2 {
		return g.sessions[0].Title() + "  vs  " + g.sessions[1].Title() + "   (same random numbers in both)"
	}
	return g.sessions[0].Title()
}

// Hours returns the simulated time the sessions have reached.
func (g *Game) Hours() float64 { return g.hours }

// Sessions returns the game's sessions.
func (g *Game) Sessions() []*Session { return g.sessions }
