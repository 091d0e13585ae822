package viz

import (
	"image"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
)

// changeMarks counts the vertical dark lines in each chart of the
// figures pane: policy changes marked on the charts' time axis. A plot
// holds no text and its series are not dark, so a column of the plot
// that is dark over half its height or more is marked, whichever series
// cross the mark. Adjacent marked columns are one line.
func changeMarks(img *image.RGBA) (out [numCharts]int) {
	_, figs := panes(1)
	for i, a := range chartAreas(figs[0]) {
		out[i] = marksIn(img, plotArea(a))
	}
	return out
}

func marksIn(img *image.RGBA, r rect) int {
	marks, prev := 0, false
	for x := int(r.x); x < int(r.x+r.w); x++ {
		dark := 0
		for y := int(r.y); y < int(r.y+r.h); y++ {
			if c := img.RGBAAt(x, y); c.R < 70 && c.G < 70 && c.B < 70 {
				dark++
			}
		}
		marked := float64(dark) >= r.h/2
		if marked && !prev {
			marks++
		}
		prev = marked
	}
	return marks
}

// countNear counts the pixels of r within tol of colour c.
func countNear(img *image.RGBA, r rect, c [3]uint8, tol int) int {
	n := 0
	for y := int(r.y); y < int(r.y+r.h); y++ {
		for x := int(r.x); x < int(r.x+r.w); x++ {
			p := img.RGBAAt(x, y)
			if abs(int(p.R)-int(c[0])) <= tol && abs(int(p.G)-int(c[1])) <= tol && abs(int(p.B)-int(c[2])) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(x int) int { return max(x, -x) }

// A scripted change is marked on every chart, at the same place; a run
// without changes has no mark. The map shows police units (blue circles)
// and crime markers.
func TestChangesAreMarkedAndUnitsDrawn(t *testing.T) {
	dir := t.TempDir()
	plain, changed := filepath.Join(dir, "plain.png"), filepath.Join(dir, "changed.png")
	runViz(t, "--frames", "150", "--speed", "30", "--screenshot", plain)
	runViz(t, "--frames", "150", "--speed", "30", "--screenshot", changed,
		"--script", "day=1:policies.detainers=never;day=2:agreements.g287.model=task_force")
	a, b := readPNG(t, plain), readPNG(t, changed)

	var none, two [numCharts]int
	for i := range two {
		two[i] = 2
	}
	assert.Equal(t, none, changeMarks(a), "no change, no mark")
	assert.Equal(t, two, changeMarks(b), "two changes, two marks on each chart")

	maps, _ := panes(1)
	area := rect{maps[0].x, maps[0].y, maps[0].w, maps[0].h - 70} // the map without its legend
	police := agencyStyle[agents.AgencyPolice].colour
	assert.Greater(t, countNear(b, area, [3]uint8{police.R, police.G, police.B}, 2), 200, "police units are drawn on the map")
	// Unreported crimes: grey crosses, fading over 12 simulated hours;
	// reported ones: sky-blue dots. Some of each are fresh enough to show.
	muted := [3]uint8{colMuted.R, colMuted.G, colMuted.B}
	sky := [3]uint8{colSky.R, colSky.G, colSky.B}
	require.Positive(t, countNear(b, area, muted, 40)+countNear(b, area, sky, 40), "crime markers are drawn")
}
