package viz

import (
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/scenarios"
)

func TestChangeLabelSaysWhatChanged(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "detainers=never", ChangeLabel(map[string]any{"policies.detainers": "never"}))
	assert.Equal(t, "g287.model=task_force, outreach=0.5", ChangeLabel(map[string]any{
		"policies":   map[string]any{"outreach": 0.5},
		"agreements": map[string]any{"g287": map[string]any{"model": "task_force"}},
	}))
	assert.Equal(t, "border_patrol.interior_surge=true", ChangeLabel(map[string]any{"border_patrol.interior_surge": true}))
}

// The title lists the live changes in order; a refused one is not listed.
func TestTitleListsTheLiveChanges(t *testing.T) {
	t.Parallel()
	l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: []string{"days=30"}})
	require.NoError(t, err)
	s, err := NewSession("baseline", l, 0)
	require.NoError(t, err)
	g := NewGame([]*Session{s}, 3, SelectGroup(0))
	assert.Equal(t, "baseline", g.Title())
	s.Scene.Advance(24)
	require.NoError(t, s.Apply(map[string]any{"policies.detainers": "never"}))
	require.Error(t, s.Apply(map[string]any{"policies.outreach": -1}))
	s.Scene.Advance(48)
	require.NoError(t, s.Apply(map[string]any{"policies.outreach": 0.5}))
	assert.Equal(t, "baseline + detainers=never + outreach=0.5", g.Title())
	require.Equal(t, 2, s.Scene.changeTx.len(), "each change's mark has its label")
	assert.Equal(t, "detainers=never", *s.Scene.changeTx.at(0))
	assert.Equal(t, "outreach=0.5", *s.Scene.changeTx.at(1))
	assert.Equal(t, "baseline + detainers=never + outre…", fit(newFonts(), g.Title(), newFonts().normal, newFonts().width("baseline + detainers=never + outre…", newFonts().normal)))
}

func TestSafetyRateWaitsForOperations(t *testing.T) {
	t.Parallel()
	lv := Live{IncidentsPer100Ops: 25, Operations: minRateOps - 1}
	assert.True(t, math.IsNaN(lv.Incidents()), "under %d operations", minRateOps)
	lv.Operations = minRateOps
	assert.Equal(t, 25.0, lv.Incidents())
	assert.Contains(t, chartSpecs[numCharts-1].title, "drawn from 20 operations")
	r := newRenderer(2)
	assert.Equal(t, "– (under 20 ops)", r.scalarFigure(&Live{Operations: 3}, rowIncidents))
}

func TestViewScalesTheLayoutToTheScreen(t *testing.T) {
	t.Parallel()
	assert.Equal(t, view{1, 0, 0}, viewOf(screenW, screenH))
	assert.Equal(t, view{1.5, 0, 0}, viewOf(1920, 1080))
	v := viewOf(1920, 1200) // 16:10: centred, margins above and below
	assert.Equal(t, view{1.5, 0, 60}, v)
	x, y := v.logical(960, 60+540)
	assert.Equal(t, [2]int{640, 360}, [2]int{x, y})
}

// decodePNG reads a screenshot of any size.
func decodePNG(t *testing.T, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// --scale 0.75: a 960×540 frame with the whole layout in it, scaled (the
// changed policy's button highlighted where the scaled layout puts it).
func TestScaleSizesTheWindowAndTheLayout(t *testing.T) {
	shot := filepath.Join(t.TempDir(), "scaled.png")
	runViz(t, "--scale", "0.75", "--frames", "20", "--start-day", "2", "--script", "day=1:policies.detainers=never", "--screenshot", shot)
	img := decodePNG(t, shot)
	require.Equal(t, image.Rect(0, 0, 960, 540), img.Bounds())
	b := buttonRects[0]
	k := 0.75
	in := rect{b.x*k + 3, b.y*k + 3, b.w*k - 6, b.h*k - 6}
	hl := countNear(img, in, [3]uint8{0xFF, 0xF4, 0xB8}, 2)
	assert.Greater(t, float64(hl), 0.6*in.w*in.h, "the changed button, highlighted, at its scaled place")
	other := buttonRects[1]
	assert.Zero(t, countNear(img, rect{other.x*k + 3, other.y*k + 3, other.w*k - 6, other.h*k - 6}, [3]uint8{0xFF, 0xF4, 0xB8}, 2), "an unchanged one is not")
}

// Compare mode's charts carry both sides' series, in their colours.
func TestCompareChartsShowBothSides(t *testing.T) {
	shot := filepath.Join(t.TempDir(), "compare.png")
	runViz(t, "--compare", "baseline", "never-honor", "--start-day", "40", "--frames", "10", "--screenshot", shot)
	img := readPNG(t, shot)
	for i, a := range compareAreas() {
		p := plotArea(a)
		for side, c := range sideColour {
			assert.Greater(t, countNear(img, p, [3]uint8{c.R, c.G, c.B}, 8), 50, "chart %d (%s): side %d's series", i, compareSpecs[i].title, side)
		}
	}
}
