package viz

import (
	"image/color"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// incidentLog is the scene's observer with a log of the incidents it was
// told of.
type incidentLog struct {
	*Scene
	incidents []agents.IncidentEvent
}

func (l *incidentLog) Incident(e agents.IncidentEvent) {
	l.incidents = append(l.incidents, e)
	l.Scene.Incident(e)
}

// harmScene builds scenario name with a scene whose incidents are logged
// and runs it to hour h.
func harmScene(t *testing.T, name string, h float64) (*Scene, *incidentLog) {
	t.Helper()
	l, err := scenarios.Load(name, scenarios.LoadOptions{})
	require.NoError(t, err)
	sc := NewScene()
	log := &incidentLog{Scene: sc}
	opt := l.Scenario.Options(0)
	opt.Observer = log
	m, err := agents.New(&l.Scenario.Config, opt)
	require.NoError(t, err)
	sc.Bind(m)
	sc.Advance(h)
	return sc, log
}

// The scene keeps every harm event the model reports — its time, kind,
// injury, the trust it cost and whether the media carried it — and finds
// the costliest in a window. The 287(g) task force's first year has uses
// of force with and without injury and a wrongful detention the media
// carried city-wide.
func TestSceneRecordsHarmEventsWithTheirShock(t *testing.T) {
	t.Parallel()
	sc, log := harmScene(t, "task-force-287g", 200*24)
	require.NotEmpty(t, log.incidents)
	require.Less(t, len(log.incidents), maxHarms, "the ring holds them all")
	require.Equal(t, len(log.incidents), sc.harms.len())
	var kinds [numIncidentKinds]int
	injured, media := 0, 0
	for i, e := range log.incidents {
		h := sc.harms.at(i)
		assert.Equal(t, e.Hour, h.hour, "event %d", i)
		assert.Equal(t, e.Kind, h.kind, "event %d", i)
		assert.Equal(t, e.Injury, h.injury, "event %d", i)
		assert.Equal(t, e.Shock, h.shock, "event %d", i)
		assert.Equal(t, e.Media, h.media, "event %d", i)
		assert.Positive(t, h.shock, "event %d costs trust", i)
		kinds[e.Kind]++
		if e.Injury {
			injured++
		}
		if e.Media {
			media++
		}
		// On the map, near the centre of its district.
		d := sc.Districts()[e.District]
		assert.LessOrEqual(t, math.Abs(h.x-d.X), 0.4)
		assert.LessOrEqual(t, math.Abs(h.y-d.Y), 0.4)
	}
	assert.Positive(t, kinds[agents.UseOfForce])
	assert.Positive(t, kinds[agents.WrongfulDetention])
	assert.Positive(t, injured)
	assert.Positive(t, media)

	// The costliest event of a window, the latest of equals.
	first, last := log.incidents[0].Hour, log.incidents[len(log.incidents)-1].Hour
	best := -1
	for i, e := range log.incidents {
		if best < 0 || e.Shock >= log.incidents[best].Shock {
			best = i
		}
	}
	assert.Equal(t, best, sc.largestHarm(first, last))
	assert.Equal(t, -1, sc.largestHarm(last+1, last+2), "none in an empty window")
	assert.Equal(t, 0, sc.largestHarm(first, first), "the only one")
}

// raster returns the colour covering each cell of a grid of side n over
// [-r, r]² in the shape batch, by painter's order (none: zero).
func raster(sh *shapes, n int, r float32) []color.RGBA {
	out := make([]color.RGBA, n*n)
	for cy := range n {
		for cx := range n {
			px := -r + (float32(cx)+0.5)*2*r/float32(n)
			py := -r + (float32(cy)+0.5)*2*r/float32(n)
			for k := 0; k+2 < len(sh.is); k += 3 {
				a, b, c := sh.vs[sh.is[k]], sh.vs[sh.is[k+1]], sh.vs[sh.is[k+2]]
				side := func(p, q ebiten.Vertex) float32 {
					return (q.DstX-p.DstX)*(py-p.DstY) - (q.DstY-p.DstY)*(px-p.DstX)
				}
				d1, d2, d3 := side(a, b), side(b, c), side(c, a)
				neg := d1 < 0 || d2 < 0 || d3 < 0
				pos := d1 > 0 || d2 > 0 || d3 > 0
				if !(neg && pos) {
					out[cy*n+cx] = color.RGBA{uint8(a.ColorR * 255), uint8(a.ColorG * 255), uint8(a.ColorB * 255), 255}
				}
			}
		}
	}
	return out
}

// The legend has an entry for each kind of harm event, the injury badge
// and the media's rings, each with its own label, in order and inside the
// legend's box in the single view and in compare mode; the markers of the
// kinds differ from each other in shape, and from the injury badge.
func TestLegendHasAnEntryPerHarmKind(t *testing.T) {
	t.Parallel()
	r := newRenderer(1)
	f := r.f
	seen := map[string]bool{}
	for i, l := range harmLegend {
		assert.NotEmpty(t, l, "entry %d", i)
		assert.False(t, seen[l], "%q twice", l)
		seen[l] = true
	}
	require.Len(t, r.harmX, numHarmLegend)
	for n := 1; n <= 2; n++ {
		maps, _ := panes(n)
		for _, m := range maps {
			lg := legendRect(m)
			x := r.harmRowX(lg)
			assert.Greater(t, x-legendMark/2, lg.x+f.width(harmCaption, f.small), "the caption comes first")
			for i := 1; i < numHarmLegend; i++ {
				end := x + float64(r.harmX[i-1]) + legendMark/2 + 2 + f.width(harmLegend[i-1], f.small)
				assert.Less(t, end+4, x+float64(r.harmX[i])-legendMark/2, "%q ends before %q", harmLegend[i-1], harmLegend[i])
			}
			last := x + float64(r.harmX[numHarmLegend-1]) + legendMark/2 + 2 + f.width(harmLegend[numHarmLegend-1], f.small)
			assert.LessOrEqual(t, last, lg.x+lg.w, "the harm row fits its legend (%d views)", n)
			ev := lg.x + legendItems(lg) + float64(r.eventX[numEvents-1]) + legendMark/2 + 2 + f.width(legendEvents[numEvents-1], f.small)
			assert.LessOrEqual(t, ev, lg.x+lg.w, "the event row fits its legend (%d views)", n)
			assert.LessOrEqual(t, lg.y+lg.h, m.y+m.h, "the legend is in its pane")
		}
	}

	// Shapes: each kind's marker, and the injury badge, rasterized.
	var masks [numIncidentKinds + 1][]color.RGBA
	for k := range agents.IncidentKind(numIncidentKinds) {
		sh := &shapes{}
		sh.harmMark(k, 0, 0, 8, 1, false)
		masks[k] = raster(sh, 32, 10)
	}
	sh := &shapes{}
	sh.injuryBadge(0, 0, 8, 1)
	masks[numIncidentKinds] = raster(sh, 32, 10)
	for i := range masks {
		covered := 0
		for _, c := range masks[i] {
			if c != (color.RGBA{}) {
				covered++
			}
		}
		assert.Greater(t, covered, 60, "marker %d is drawn", i)
		for j := range i {
			diff := 0
			for p := range masks[i] {
				if masks[i][p] != masks[j][p] {
					diff++
				}
			}
			assert.Greater(t, diff, 100, "markers %d and %d differ", j, i)
		}
	}
}

// A harm tick on the trust chart grows with the trust the event cost, up
// to a cap, and with its marker stays below half the plot's height (where
// the policy change marks start); its label says what it cost and whether
// the media carried it, and fits between the time labels.
func TestHarmTicksShowTheirEffect(t *testing.T) {
	t.Parallel()
	r := newRenderer(1)
	_, figs := panes(1)
	var plot rect
	n := 0
	for i, a := range chartAreas(figs[0]) {
		if chartSpecs[i].harms {
			plot = plotArea(a)
			n++
			assert.Contains(t, chartSpecs[i].title, "harm")
			assert.Equal(t, agents.NumGroups, chartSpecs[i].n, "on the trust chart by group")
		}
	}
	require.Equal(t, 1, n, "one chart shows harm")
	prev := 0.0
	for _, shock := range []float64{0, 0.005, 0.01, 0.02, harmTickFull} {
		ht := harmTick(shock, plot.h)
		assert.Greater(t, ht, prev, "shock %g", shock)
		prev = ht
	}
	assert.Equal(t, harmTick(harmTickFull, plot.h), harmTick(1, plot.h), "capped")
	top := harmTickTop(plot, harmTick(1, plot.h)) - harmTickMark
	assert.Greater(t, top, plot.y+plot.h/2, "the tallest tick and its marker stay in the lower half")

	l := r.l
	local, media := l.shockLabel(0.025, false), l.shockLabel(0.025, true)
	assert.True(t, strings.HasPrefix(local, "−0.025"), local)
	assert.True(t, strings.HasPrefix(media, "−0.025"), media)
	assert.Contains(t, media, "city-wide")
	assert.NotContains(t, local, "city-wide")
	assert.True(t, strings.HasPrefix(l.shockLabel(5, true), "−0.200"), "beyond the table: its end")
	for _, x := range []float64{plot.x, plot.x + plot.w/2, plot.x + plot.w} {
		for _, m := range []bool{false, true} {
			lx := r.harmLabelX(plot, x, m)
			assert.GreaterOrEqual(t, lx, plot.x+r.agoW+4, "right of %q", agoLabel)
			assert.LessOrEqual(t, lx+r.shockW[b2i(m)], plot.x+plot.w-r.nowW-4, "left of %q", nowLabel)
		}
	}
}

// In the window, a wrongful detention the media carried city-wide is drawn
// on the map where the scene put it — a barred window (white with black
// bars) in black rings — and marked on the trust chart by a black tick at
// its time.
func TestScreenshotShowsAWrongfulDetention(t *testing.T) {
	// Hours after the task force's first wrongful detention (day 103.58
	// of replication 0), while its marker is fresh.
	const startDay, frames, speed = 103.55, 30, 10
	shot := filepath.Join(t.TempDir(), "harm.png")
	runViz(t, "task-force-287g", "--start-day", strconv.FormatFloat(startDay, 'f', -1, 64), "--frames", strconv.Itoa(frames), "--speed", strconv.Itoa(speed), "--screenshot", shot)
	img := readPNG(t, shot)
	sc, _ := harmScene(t, "task-force-287g", startDay*24+frames*speed/60.0)
	var ev *harmEvent
	for i := range sc.harms.len() {
		if h := sc.harms.at(i); h.kind == agents.WrongfulDetention && h.media && sc.Now()-h.hour < incidentLife/4 {
			ev = h
		}
	}
	require.NotNil(t, ev, "a wrongful detention carried by the media in the last 12 hours")

	maps, figs := panes(1)
	x, y := xform(sc, maps[0]).pt(ev.x, ev.y)
	box := rect{float64(x) - 7, float64(y) - 7, 14, 14}
	white := countNear(img, box, [3]uint8{colPanel.R, colPanel.G, colPanel.B}, 40)
	black := countNear(img, box, [3]uint8{0, 0, 0}, 40)
	assert.Greater(t, white, 30, "the window is light")
	assert.Greater(t, black, 50, "with a black frame and bars")
	ringBox := rect{float64(x) - 17, float64(y) - 17, 34, 34}
	assert.Greater(t, countNear(img, ringBox, [3]uint8{0, 0, 0}, 40)-black, 80, "in black rings")

	var plot rect
	for i, a := range chartAreas(figs[0]) {
		if chartSpecs[i].harms {
			plot = plotArea(a)
		}
	}
	t0, t1, ok := chartTimes(sc)
	require.True(t, ok)
	px := plot.x + plot.w*(ev.hour-t0)/(t1-t0)
	foot := rect{px - 3, plot.y + plot.h - harmTickMin - 1, 6, harmTickMin}
	assert.Greater(t, countNear(img, foot, [3]uint8{0, 0, 0}, 40), 6, "a black tick at its time on the trust chart")
}

// changeLog records the policy changes the model reports to the scene.
type changeLog struct {
	*Scene
	changes []agents.ChangeEvent
}

func (l *changeLog) Change(e agents.ChangeEvent) {
	l.changes = append(l.changes, e)
	l.Scene.Change(e)
}

// A change the scenario's timeline makes is marked on the charts at its
// time, as a live change is.
func TestTimelineChangesAreMarked(t *testing.T) {
	t.Parallel()
	l, err := scenarios.Load("mid-year-agreement", scenarios.LoadOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, l.Scenario.Config.Timeline)
	sc := NewScene()
	log := &changeLog{Scene: sc}
	opt := l.Scenario.Options(0)
	opt.Observer = log
	m, err := agents.New(&l.Scenario.Config, opt)
	require.NoError(t, err)
	sc.Bind(m)
	require.Zero(t, sc.changes.len())
	sc.Advance(float64(l.Scenario.Config.Timeline[0].Day)*24 + 48)
	require.NotEmpty(t, log.changes, "the model reported the timeline change")
	assert.Equal(t, len(log.changes), sc.changes.len(), "each one marked")
	assert.InDelta(t, float64(l.Scenario.Config.Timeline[0].Day)*24, *sc.changes.at(0), 1e-9)
}
