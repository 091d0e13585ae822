package viz

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// The tests in this file render real frames: they run the agencysim-viz
// command in a window, so they need a display. `make test` runs them under
// xvfb-run.

var vizBin string

func TestMain(m *testing.M) {
	if os.Getenv("DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "viz tests render real frames and need a display: run them under xvfb-run (make test does)")
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "viz-test")
	if err != nil {
		panic(err)
	}
	vizBin = filepath.Join(dir, "agencysim-viz")
	out, err := exec.Command("go", "build", "-o", vizBin, "../cmd/agencysim-viz").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building agencysim-viz: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runViz runs the command and returns its stdout; it fails the test on a
// non-zero exit.
func runViz(t testing.TB, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(vizBin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Run(), "agencysim-viz %s: %s", strings.Join(args, " "), errb.String())
	return out.String()
}

func readPNG(t *testing.T, path string) *image.RGBA {
	t.Helper()
	rgba := decodePNG(t, path)
	require.Equal(t, image.Rect(0, 0, screenW, screenH), rgba.Bounds())
	return rgba
}

// patch returns the most common colour in a square of side 2r+1 at (x, y):
// the district's fill, whatever glyph crosses part of it.
func patch(img *image.RGBA, x, y float64, r int) color.RGBA {
	count := map[color.RGBA]int{}
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			count[img.RGBAAt(int(x)+dx, int(y)+dy)]++
		}
	}
	var best color.RGBA
	n := -1
	for c, k := range count {
		if k > n || (k == n && c.R < best.R) {
			best, n = c, k
		}
	}
	return best
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) int { return int(math.Abs(float64(x) - float64(y))) }
	return d(a.R, b.R) <= tol && d(a.G, b.G) <= tol && d(a.B, b.B) <= tol
}

// sceneAt runs a baseline session headless to hour h, as the window does.
func sceneAt(t *testing.T, name string, h float64, set ...string) *Scene {
	t.Helper()
	l, err := scenarios.Load(name, scenarios.LoadOptions{Set: set})
	require.NoError(t, err)
	s, err := NewSession(name, l, 0)
	require.NoError(t, err)
	// The window advances speed/60 hours a frame.
	steps := int(math.Round(h / (100.0 / tps)))
	hours := 0.0
	for range steps {
		hours += 100.0 / tps
		s.Scene.Advance(hours)
	}
	return s.Scene
}

// The map shows each district in the colour of its trust: districts whose
// trust differs are drawn in different colours, each as the scale says,
// and the legend is drawn.
func TestScreenshotShowsTrustByDistrictAndTheLegend(t *testing.T) {
	dir := t.TempDir()
	shot := filepath.Join(dir, "city.png")
	const frames = 180 // at 100 simulated hours a second: 300 hours
	runViz(t, "--frames", strconv.Itoa(frames), "--speed", "100", "--screenshot", shot)
	img := readPNG(t, shot)

	sc := sceneAt(t, "baseline", frames*100.0/tps)
	centres, side := districtPixels(sc, 0, 1)
	lo, hi := trustRange(sc.Trust0[agents.Undocumented])
	ds := sc.Districts()
	matched := 0
	type seen struct {
		trust float64
		col   color.RGBA
	}
	var all []seen
	for i, c := range centres {
		// A corner of the square, away from the station's idle units.
		got := patch(img, c[0]+side*0.3, c[1]+side*0.3, 4)
		want := trustColour(ds[i].Trust[agents.Undocumented], lo, hi)
		if near(got, want, 10) {
			matched++
		}
		all = append(all, seen{ds[i].Trust[agents.Undocumented], got})
	}
	assert.GreaterOrEqual(t, matched, len(centres)-2, "district fills match the trust scale")
	sort.Slice(all, func(i, j int) bool { return all[i].trust < all[j].trust })
	lowest, highest := all[0], all[len(all)-1]
	require.Greater(t, highest.trust-lowest.trust, 0.02, "the baseline's districts differ in trust")
	assert.False(t, near(lowest.col, highest.col, 12), "districts with different trust are drawn differently: %v vs %v", lowest.col, highest.col)

	// Legend: the agencies' colours and the trust ramp are present in the
	// legend box.
	maps, _ := panes(1)
	lg := legendRect(maps[0])
	present := map[color.RGBA]bool{}
	for y := int(lg.y); y < int(lg.y+lg.h); y++ {
		for x := int(lg.x); x < int(lg.x+lg.w); x++ {
			present[img.RGBAAt(x, y)] = true
		}
	}
	for a, st := range agencyStyle {
		assert.True(t, present[st.colour], "legend shows %s in its colour", agencyLabel(agents.Agency(a)))
	}
	assert.True(t, present[trustColour(lo, lo, hi)] && present[trustColour(hi, lo, hi)], "legend shows both ends of the trust scale")
	// Text is drawn in the HUD: dark pixels in the figures pane.
	_, figs := panes(1)
	dark := 0
	for y := int(figs[0].y); y < int(figs[0].y+60); y++ {
		for x := int(figs[0].x); x < int(figs[0].x+300); x++ {
			if c := img.RGBAAt(x, y); c.R < 80 && c.G < 80 && c.B < 80 {
				dark++
			}
		}
	}
	assert.Greater(t, dark, 100, "the HUD has text")
}

// Compare mode draws both cities, with the same crimes: their unreported
// and reported crime markers sit at the same places.
func TestCompareScreenshotShowsBothSides(t *testing.T) {
	shot := filepath.Join(t.TempDir(), "compare.png")
	runViz(t, "--compare", "policy-comparison:baseline,task_force_287g", "--frames", "120", "--speed", "30", "--screenshot", shot)
	img := readPNG(t, shot)
	sc := sceneAt(t, "baseline", 60)
	for side := range 2 {
		centres, sz := districtPixels(sc, side, 2)
		distinct := map[color.RGBA]bool{}
		for _, c := range centres {
			distinct[patch(img, c[0]+sz*0.3, c[1]+sz*0.3, 3)] = true
		}
		for c := range distinct {
			assert.NotEqual(t, colPanel, c, "side %d: districts are drawn", side)
		}
	}
	// Same crimes: the unreported-crime crosses (muted grey) are at the
	// same offsets in both maps.
	maps, _ := panes(2)
	crosses := func(r rect) map[[2]int]bool {
		out := map[[2]int]bool{}
		for y := int(r.y); y < int(r.y+r.h); y++ {
			for x := int(r.x); x < int(r.x+r.w); x++ {
				if c := img.RGBAAt(x, y); near(c, colMuted, 2) {
					out[[2]int{x - int(r.x), y - int(r.y)}] = true
				}
			}
		}
		return out
	}
	left, right := crosses(maps[0]), crosses(maps[1])
	require.NotEmpty(t, left)
	common := 0
	for p := range left {
		if right[p] {
			common++
		}
	}
	assert.Greater(t, float64(common), 0.8*float64(len(left)), "the same crimes appear on both sides")
}

func TestRecordAndSaveTimeline(t *testing.T) {
	dir := t.TempDir()
	tl := filepath.Join(dir, "workshop.yaml")
	runViz(t, "--frames", "60", "--speed", "100", "--record", filepath.Join(dir, "rec"), "--every", "20",
		"--script", "day=1:policies.detainers=never", "--save-timeline", tl)
	files, err := filepath.Glob(filepath.Join(dir, "rec", "frame-*.png"))
	require.NoError(t, err)
	assert.Len(t, files, 3)
	l, err := scenarios.Load(tl, scenarios.LoadOptions{})
	require.NoError(t, err)
	require.Len(t, l.Scenario.Timeline, 1)
	assert.Equal(t, 1.0, l.Scenario.Timeline[0].Day)
	assert.Equal(t, map[string]any{"policies": map[string]any{"detainers": "never"}}, l.Scenario.Timeline[0].Set)
}

func TestBadFlagsAreInputErrors(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"--speed 7":                     "allowed: one of 1, 3, 10",
		"--start-day 400":               "--start-day 400: allowed: from 0 to below 365",
		"--group aliens":                "allowed: all, citizen, lawful_noncitizen, undocumented, citizen_hispanic, citizen_other",
		"--screenshot x.png":            "--screenshot needs --frames",
		"--script day=1:policies.x=1":   "policies.x",
		"--compare policy-comparison:a": "two arms of a sweep",
		"nosuchscenario":                "bundled scenarios",
		"--scale 9":                     "--scale 9: allowed: from 0.5 to 4",
	} {
		cmd := exec.Command(vizBin, strings.Fields(args)...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err := cmd.Run()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, args)
		assert.Equal(t, 2, ee.ExitCode(), args)
		assert.Contains(t, errb.String(), want, args)
	}
}

// BenchmarkFrame64Districts1000Units measures a frame (Update and Draw) of
// a city of 64 districts with 1,024 patrol units and a 287(g) task force,
// in the window, after a warm-up. It reports the CPU time of Update and
// Draw per frame, the wall time per frame (which, under Xvfb's software
// OpenGL, is mostly the rasterizer), and heap allocations per frame.
func BenchmarkFrame64Districts1000Units(b *testing.B) {
	var last map[string]float64
	for b.Loop() {
		out := runViz(b, "testdata/grid-64.yaml", "--speed", "3", "--bench-frames", "300")
		last = map[string]float64{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			k, v, _ := strings.Cut(line, " ")
			f, err := strconv.ParseFloat(v, 64)
			require.NoError(b, err, line)
			last[k] = f
		}
	}
	b.ReportMetric(last["frame_us"], "cpu-µs/frame")
	b.ReportMetric(last["update_us_per_frame"], "update-µs/frame")
	b.ReportMetric(last["draw_us_per_frame"], "draw-µs/frame")
	b.ReportMetric(last["wall_us_per_frame"], "wall-µs/frame")
	b.ReportMetric(last["allocs_per_frame"], "allocs/frame")
	b.ReportMetric(0, "ns/op")
}
