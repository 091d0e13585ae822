package viz

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
)

// Options configure the visual mode. The zero value shows the bundled
// baseline at 3× in a window until it is closed.
type Options struct {
	// Scenario is a scenario file or bundled name; "" means "baseline".
	Scenario string
	// ScenarioText, if not nil, is the scenario file's text, Scenario
	// its name (the browser page passes a file opened from the user's
	// disk this way).
	ScenarioText []byte
	// Compare, if it has two entries, shows two scenarios side by side
	// with the same random streams. One entry "SWEEP.yaml:ARM1,ARM2" (or
	// a bundled sweep name) compares two arms of a sweep.
	Compare []string
	// Set holds "path=value" overrides applied to every scenario.
	Set []string
	// Replication selects the random streams (0 by default).
	Replication uint64
	// Speed in simulated hours per second; 0 means 3. One of 1, 3, 10,
	// 30, 100, 300, 1000.
	Speed float64
	// Group is whose trust colours the map: "all", a group's name or a
	// cohort's ("citizen_hispanic"); "" means undocumented.
	Group string
	// Script applies changes at given days (see ParseScript).
	Script string

	// Frames, if positive, stops after that many frames; with Screenshot
	// the last frame is saved as PNG.
	Frames     int
	Screenshot string
	// Record saves every Every-th frame (default 10) into this folder.
	Record string
	Every  int
	// SaveTimeline writes the session's live changes as a scenario file
	// when the window closes.
	SaveTimeline string
	// StartDay runs the model to this day before the first frame
	// (scripted changes due by then are applied on the way).
	StartDay float64
	// Fullscreen starts on the whole screen (F toggles it); Scale sizes
	// the window as a multiple of 1280 × 720 (0 means 1; from 0.5 to 4).
	// The layout, type included, scales with the window either way.
	Fullscreen bool
	Scale      float64
	// BenchFrames, if positive, measures that many frames after a warm-up
	// and writes the frame time and allocations to Stdout.
	BenchFrames int

	Stdout, Stderr io.Writer
}

// Prepare loads the scenarios and checks every option, returning the game
// to play. Its errors are the user's input errors: they name the bad value
// and what is allowed.
func Prepare(opt Options) (*Game, error) {
	if opt.Speed == 0 {
		opt.Speed = 3
	}
	okSpeed := false
	for _, s := range speeds {
		okSpeed = okSpeed || s == opt.Speed
	}
	if !okSpeed {
		return nil, fmt.Errorf("--speed %g: allowed: one of 1, 3, 10, 30, 100, 300, 1000 (simulated hours per second)", opt.Speed)
	}
	sel := SelectGroup(agents.Undocumented)
	if opt.Group != "" {
		s, ok := ParseSelection(opt.Group)
		if !ok {
			return nil, fmt.Errorf("--group %q: allowed: %s", opt.Group, strings.Join(selectionNames(), ", "))
		}
		sel = s
	}
	if opt.Screenshot != "" && opt.Frames <= 0 {
		return nil, fmt.Errorf("--screenshot needs --frames N (the frame to save)")
	}
	if opt.Scale != 0 && (opt.Scale < 0.5 || opt.Scale > 4) {
		return nil, fmt.Errorf("--scale %g: allowed: from 0.5 to 4 (the window as a multiple of 1280×720)", opt.Scale)
	}
	if opt.Every < 0 || opt.Frames < 0 || opt.BenchFrames < 0 {
		return nil, fmt.Errorf("--frames, --every and --bench-frames must not be negative")
	}

	var loaded []*scenarios.Loaded
	var names []string
	switch len(opt.Compare) {
	case 0:
		name := opt.Scenario
		if name == "" {
			name = "baseline"
		}
		var l *scenarios.Loaded
		var err error
		if opt.ScenarioText != nil {
			l, err = scenarios.LoadBytes(name, opt.ScenarioText, scenarios.LoadOptions{Set: opt.Set})
		} else {
			l, err = scenarios.Load(name, scenarios.LoadOptions{Set: opt.Set})
		}
		if err != nil {
			return nil, err
		}
		loaded, names = append(loaded, l), append(names, l.Scenario.Name)
	case 1:
		file, arms, ok := strings.Cut(opt.Compare[0], ":")
		pair := strings.Split(arms, ",")
		if !ok || len(pair) != 2 {
			return nil, fmt.Errorf("--compare %q: allowed: two scenarios (--compare a.yaml b.yaml) or two arms of a sweep (--compare sweep.yaml:arm1,arm2)", opt.Compare[0])
		}
		plan, err := sweep.Load(file, opt.Set)
		if err != nil {
			return nil, err
		}
		for _, arm := range pair {
			l, err := plan.Scenario(sweep.RunSpec{Arm: strings.TrimSpace(arm)})
			if err != nil {
				return nil, fmt.Errorf("--compare %q: %w", opt.Compare[0], err)
			}
			loaded, names = append(loaded, l), append(names, strings.TrimSpace(arm))
		}
	case 2:
		for _, c := range opt.Compare {
			l, err := scenarios.Load(c, scenarios.LoadOptions{Set: opt.Set})
			if err != nil {
				return nil, err
			}
			loaded, names = append(loaded, l), append(names, l.Scenario.Name)
		}
	default:
		return nil, fmt.Errorf("--compare takes two scenarios or one SWEEP:ARM1,ARM2, not %d", len(opt.Compare))
	}
	if len(loaded) == 2 {
		a, b := loaded[0].Scenario, loaded[1].Scenario
		if a.Seed != b.Seed || a.Days != b.Days {
			return nil, fmt.Errorf("--compare: the two scenarios must have the same seed and days to share their random streams (seed %d vs %d, days %g vs %g); set them with --set seed=N", a.Seed, b.Seed, a.Days, b.Days)
		}
		if names[0] == names[1] {
			names[0], names[1] = names[0]+" (left)", names[1]+" (right)"
		}
	}
	script, err := ParseScript(opt.Script)
	if err != nil {
		return nil, err
	}
	var sessions []*Session
	for i, l := range loaded {
		if err := script.Check(l.Scenario.Config); err != nil {
			return nil, err
		}
		s, err := NewSession(names[i], l, opt.Replication)
		if err != nil {
			return nil, err
		}
		sessions = append(sessions, s)
	}
	g := NewGame(sessions, opt.Speed, sel)
	g.script = script
	if days := sessions[0].Scene.m.Horizon() / 24; opt.StartDay < 0 || opt.StartDay >= days {
		return nil, fmt.Errorf("--start-day %g: allowed: from 0 to below %g (the scenario's days)", opt.StartDay, days)
	}
	g.FastForward(opt.StartDay)
	return g, nil
}

// Play runs the game in a window until it is closed, the frame count is
// reached or Escape is pressed; it saves screenshots, recordings and the
// timeline as the options ask.
func Play(g *Game, opt Options) error {
	if opt.Stdout == nil {
		opt.Stdout = io.Discard
	}
	if opt.Every == 0 {
		opt.Every = 10
	}
	k := opt.Scale
	if k == 0 {
		k = 1
	}
	ebiten.SetWindowSize(int(screenW*k), int(screenH*k))
	ebiten.SetFullscreen(opt.Fullscreen)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetTPS(tps)
	g.frames = opt.Frames
	hooks := platformHooks(g, opt)
	if err := prepareCapture(g, opt); err != nil {
		return err
	}

	var bench *benchState
	if opt.BenchFrames > 0 {
		// Steady state: two months in, and enough frames for the markers,
		// trips and charts to reach their usual numbers.
		if g.hours < 60*24 {
			g.FastForward(60)
		}
		bench = &benchState{warm: 400, n: opt.BenchFrames}
		g.frames = bench.warm + bench.n
		ebiten.SetVsyncEnabled(false)
		ebiten.SetTPS(ebiten.SyncWithFPS)
	}
	err := ebiten.RunGame(&timed{Game: g, bench: bench, hooks: hooks})
	if err != nil {
		return err
	}
	if bench != nil {
		bench.report(opt.Stdout)
	}
	return saveTimeline(g, opt)
}

// timed wraps the game to measure frames for the benchmark and to run the
// platform's per-frame hooks.
type timed struct {
	*Game
	bench *benchState
	hooks func(frame int)
}

func (t *timed) Update() error {
	if t.bench == nil {
		return t.Game.Update()
	}
	start := time.Now()
	err := t.Game.Update()
	t.bench.update(t.frame, time.Since(start))
	return err
}

func (t *timed) Draw(screen *ebiten.Image) {
	if t.bench == nil {
		t.Game.Draw(screen)
		if t.hooks != nil {
			t.hooks(t.frame)
		}
		return
	}
	start := time.Now()
	t.Game.Draw(screen)
	t.bench.draw(t.frame, time.Since(start))
}

// benchState measures Update and Draw after a warm-up.
type benchState struct {
	warm, n              int
	upd, drw             time.Duration
	measured             int
	m0, m1               runtime.MemStats
	started, wallStarted time.Time
	wall                 time.Duration
}

func (b *benchState) update(frame int, d time.Duration) {
	if frame == b.warm {
		runtime.GC()
		runtime.ReadMemStats(&b.m0)
		b.wallStarted = time.Now()
	}
	if frame >= b.warm && frame < b.warm+b.n {
		b.upd += d
	}
}

func (b *benchState) draw(frame int, d time.Duration) {
	// frame is the count before this Draw.
	if frame >= b.warm && frame < b.warm+b.n {
		b.drw += d
		b.measured++
		if b.measured == b.n {
			runtime.ReadMemStats(&b.m1)
			b.wall = time.Since(b.wallStarted)
		}
	}
}

func (b *benchState) report(w io.Writer) {
	n := float64(max(b.measured, 1))
	fmt.Fprintf(w, "frames %d\n", b.measured)
	fmt.Fprintf(w, "update_us_per_frame %.1f\n", float64(b.upd.Microseconds())/n)
	fmt.Fprintf(w, "draw_us_per_frame %.1f\n", float64(b.drw.Microseconds())/n)
	fmt.Fprintf(w, "frame_us %.1f\n", float64((b.upd+b.drw).Microseconds())/n)
	fmt.Fprintf(w, "wall_us_per_frame %.1f\n", float64(b.wall.Microseconds())/n)
	fmt.Fprintf(w, "allocs_per_frame %.2f\n", float64(b.m1.Mallocs-b.m0.Mallocs)/n)
	fmt.Fprintf(w, "bytes_per_frame %.1f\n", float64(b.m1.TotalAlloc-b.m0.TotalAlloc)/n)
}
