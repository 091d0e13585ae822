package viz

import (
	"image/color"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// opLog is the scene's observer with a log of the operations it was told
// of.
type opLog struct {
	*Scene
	ops []agents.OperationEvent
}

func (l *opLog) Operation(e agents.OperationEvent) {
	l.ops = append(l.ops, e)
	l.Scene.Operation(e)
}

// opScene builds scenario name with overrides set and a scene whose
// operations are logged, and runs it to hour h.
func opScene(t *testing.T, name string, h float64, set ...string) (*Scene, *opLog) {
	t.Helper()
	l, err := scenarios.Load(name, scenarios.LoadOptions{Set: set})
	require.NoError(t, err)
	sc := NewScene()
	log := &opLog{Scene: sc}
	opt := l.Scenario.Options(0)
	opt.Observer = log
	m, err := agents.New(&l.Scenario.Config, opt)
	require.NoError(t, err)
	sc.Bind(m)
	sc.Advance(h)
	return sc, log
}

// opTrips returns the scene's active trips to the scene at (x, y), by
// agency.
func opTrips(sc *Scene, x, y float64) (out [agents.NumAgencies][]*trip) {
	for i := range sc.trips {
		if t := &sc.trips[i]; t.active && t.tx == x && t.ty == y {
			out[t.agency] = append(out[t.agency], t)
		}
	}
	return out
}

// An operation's map shows the units it committed: 3 ICE teams and 1
// Border Patrol unit are 3 + 1 trips, the ICE lead's marked lead and the
// Border Patrol's not, on scene from the operation's start to its end; an
// agency taking part with no units counted (police presence) has one; more
// than maxUnitsDrawn are drawn as maxUnitsDrawn and the rest counted for
// the "+n" label; a merged operation is marked joint.
func TestOperationDrawsTheUnitsItCommitted(t *testing.T) {
	t.Parallel()
	sc, _ := opScene(t, "baseline", 0)
	require.Zero(t, sc.ops.len(), "no operation before the first hour")
	var units [agents.NumAgencies]int
	units[agents.AgencyICE], units[agents.AgencyBorderPatrol] = 3, 1
	e := agents.OperationEvent{Hour: 10, End: 13, Hours: 3, District: 4, Kind: agents.OpKind(0), Lead: agents.AgencyICE,
		Agencies: agents.AgencySet(0).With(agents.AgencyICE).With(agents.AgencyBorderPatrol), Units: units, Custody: agents.AgencyICE, Visibility: 0.5}
	sc.Operation(e)
	require.Equal(t, 1, sc.ops.len())
	o := sc.ops.at(0)
	assert.False(t, o.merged)
	assert.Equal(t, agents.AgencyICE, o.lead)
	tr := opTrips(sc, o.x, o.y)
	assert.Len(t, tr[agents.AgencyICE], 3, "3 ICE teams")
	assert.Len(t, tr[agents.AgencyBorderPatrol], 1, "1 Border Patrol unit")
	assert.Empty(t, tr[agents.AgencyPolice], "police not taking part")
	assert.Empty(t, tr[agents.AgencyMilitary])
	for a := range agents.Agency(agents.NumAgencies) {
		for _, tp := range tr[a] {
			assert.Equal(t, a == agents.AgencyICE, tp.lead, "the lead badge is on the lead's units only (%v)", a)
			assert.Equal(t, e.Hour, tp.arrive, "on scene from the start")
			assert.Equal(t, e.End, tp.leave, "to the end")
			for _, h := range []float64{e.Hour, (e.Hour + e.End) / 2, e.End} {
				x, y := tp.pos(h)
				assert.InDelta(t, o.x, x, 1e-9, "on scene at hour %g", h)
				assert.InDelta(t, o.y, y, 1e-9, "on scene at hour %g", h)
			}
			x, y := tp.pos(tp.depart)
			assert.InDelta(t, sc.bases[a].x, x, 1e-9, "from its base")
			assert.InDelta(t, sc.bases[a].y, y, 1e-9, "from its base")
		}
	}
	for a := range agents.Agency(agents.NumAgencies) {
		assert.Zero(t, o.extra(a), "all drawn (%v)", a)
	}

	// Ten task-force officers under an ICE lead, with police present but
	// no patrol unit of theirs counted, merged into a joint operation.
	units = [agents.NumAgencies]int{}
	units[agents.AgencyICE] = 10
	e2 := agents.OperationEvent{Hour: 20, End: 24, Hours: 4, District: 2, Lead: agents.AgencyICE,
		Agencies: agents.AgencySet(0).With(agents.AgencyICE).With(agents.AgencyPolice), Units: units, Merged: true}
	sc.Operation(e2)
	o2 := sc.ops.at(1)
	assert.True(t, o2.merged, "a merged operation is marked")
	tr = opTrips(sc, o2.x, o2.y)
	assert.Len(t, tr[agents.AgencyICE], maxUnitsDrawn, "capped")
	assert.Equal(t, 10-maxUnitsDrawn, o2.extra(agents.AgencyICE), "the rest on the +n label")
	assert.Len(t, tr[agents.AgencyPolice], 1, "police presence keeps one marker")
	assert.Zero(t, o2.extra(agents.AgencyPolice))
	assert.False(t, tr[agents.AgencyPolice][0].lead)
}

// The scene's units at a model's operations are those the model says it
// committed (a 287(g) task force: ICE officers and 287(g) officers).
func TestSceneTripsFollowTheModelsUnits(t *testing.T) {
	t.Parallel()
	sc, log := opScene(t, "task-force-287g", 11.45*24)
	require.NotEmpty(t, log.ops)
	e := log.ops[len(log.ops)-1]
	require.Greater(t, sc.Now(), e.Hour)
	require.Less(t, sc.Now(), e.End, "the last operation is under way")
	o := sc.ops.at(sc.ops.len() - 1)
	tr := opTrips(sc, o.x, o.y)
	several := 0
	for a := range agents.Agency(agents.NumAgencies) {
		want := min(e.Units[a], maxUnitsDrawn)
		if want == 0 && e.Agencies.Has(a) {
			want = 1
		}
		assert.Len(t, tr[a], want, "%v: units %v", a, e.Units)
		if e.Units[a] > 1 {
			several++
		}
	}
	assert.Positive(t, several, "an agency committed more than one unit: %v", e.Units)
}

// The slots of an operation's units, for every mix of agencies and counts
// up to maxUnitsDrawn, are at least a marker spacing apart, the spacing
// holds a lead's ring, and the "+n" labels, at the smallest and largest
// unit size, cover no unit, not even a lead's ring.
func TestUnitSlotsDoNotOverlap(t *testing.T) {
	t.Parallel()
	r := newRenderer(1)
	var n [agents.NumAgencies]int
	var check func(a int)
	check = func(a int) {
		if a == agents.NumAgencies {
			var pts [][2]float32
			for b := range agents.Agency(agents.NumAgencies) {
				for k := range n[b] {
					pts = append(pts, unitSlot(b, k, n[b]))
				}
			}
			for i := range pts {
				for j := range i {
					d := math.Hypot(float64(pts[i][0]-pts[j][0]), float64(pts[i][1]-pts[j][1]))
					require.GreaterOrEqual(t, d, 0.99, "units %v: slots %v and %v", n, pts[j], pts[i])
				}
			}
			return
		}
		for k := range maxUnitsDrawn + 1 {
			n[a] = k
			check(a + 1)
		}
	}
	check(0)

	for _, unit := range []float32{unitSize(0), unitSize(1000)} {
		sp := unitSpacing(unit)
		assert.GreaterOrEqual(t, sp, 2*leadRadius(unit+0.5), "unit size %g: the black rings of neighbouring leads at most touch", unit)
		assert.Greater(t, leadRadius(unit+0.5)-1.5, 1.3*(unit+0.5+1.5), "unit size %g: a lead's ring clears the tips of its glyph's outline", unit)
		o := &opMarker{}
		for a := range agents.Agency(agents.NumAgencies) {
			o.units[a], o.drawn[a] = maxExtraLabel, maxUnitsDrawn
		}
		for a := range agents.Agency(agents.NumAgencies) {
			box := r.extraBox(o, a, maxExtraLabel, mapXform{scale: 1}, sp, unit)
			g := float64(unitReach(unit)) // a lead's reach from its centre
			for b := range agents.Agency(agents.NumAgencies) {
				for k := range maxUnitsDrawn {
					s := unitSlot(b, k, maxUnitsDrawn)
					x, y := float64(s[0]*sp), float64(s[1]*sp)
					apart := x+g < box.x || x-g > box.x+box.w || y+g < box.y || y-g > box.y+box.h
					assert.True(t, apart, "unit size %g: %v's label %v covers %v's unit %d at (%.0f, %.0f)", unit, a, box, b, k, x, y)
				}
			}
		}
	}
}

// A joint operation's halo has a dashed black outline the plain one has
// not; a lead's unit has a black ring around its glyph.
func TestJointAndLeadMarkersDiffer(t *testing.T) {
	t.Parallel()
	count := func(draw func(sh *shapes)) (black, any int) {
		sh := &shapes{}
		draw(sh)
		for _, c := range raster(sh, 48, 24) {
			if c != (color.RGBA{}) {
				any++
			}
			if c == colBlack {
				black++
			}
		}
		return black, any
	}
	plainBlack, plain := count(func(sh *shapes) { sh.opHalo(0, 0, 12, 1, false, 1) })
	jointBlack, joint := count(func(sh *shapes) { sh.opHalo(0, 0, 12, 1, true, 1) })
	assert.Zero(t, plainBlack)
	assert.Greater(t, jointBlack, 30, "dashes")
	assert.Greater(t, joint, plain+60, "an outline around the halo")

	g := func(lead bool) func(sh *shapes) {
		return func(sh *shapes) {
			if lead {
				sh.leadRing(0, 0, 5, 1)
			}
			sh.glyph(agents.AgencyICE, 0, 0, 5, 1)
		}
	}
	unitBlack, _ := count(g(false))
	leadBlack, _ := count(g(true))
	assert.Greater(t, leadBlack, unitBlack+40, "a ring")
}

// The legend's agencies row ends with the lead entry and fits, as does
// the event row with the joint entry, in the single view and in compare
// mode.
func TestLegendHasLeadAndJointEntries(t *testing.T) {
	t.Parallel()
	r := newRenderer(1)
	f := r.f
	last := agents.Agency(agents.NumAgencies - 1)
	for n := 1; n <= 2; n++ {
		maps, _ := panes(n)
		for _, m := range maps {
			lg := legendRect(m)
			x := lg.x + legendItems(lg)
			agencyEnd := x + float64(agencyStyle[last].legendX) + legendMark/2 + 2 + f.width(agencyLabel(last), f.small)
			assert.Less(t, agencyEnd+4, x+float64(r.leadX)-legendMark/2, "the lead entry after %q", agencyLabel(last))
			leadEnd := x + float64(r.leadX) + legendMark/2 + 2 + f.width(leadLabel, f.small)
			assert.LessOrEqual(t, leadEnd, lg.x+lg.w, "the agencies' row fits (%d views)", n)
			ev := x + float64(r.eventX[eventJoint]) + legendMark/2 + 2 + f.width(legendEvents[eventJoint], f.small)
			assert.LessOrEqual(t, ev, lg.x+lg.w, "the event row fits (%d views)", n)
		}
	}
}

// In the window, under formal deconfliction, the baseline's first merged
// operation is drawn with its dashed outline and its lead's unit in a
// ring, where the scene put them.
func TestScreenshotShowsAJointOperation(t *testing.T) {
	const startDay, frames, speed = 15.15, 60, 3
	const formal = "policies.deconfliction.level=formal"
	shot := filepath.Join(t.TempDir(), "joint.png")
	runViz(t, "baseline", "--set", formal, "--start-day", strconv.FormatFloat(startDay, 'f', -1, 64), "--frames", strconv.Itoa(frames), "--speed", strconv.Itoa(speed), "--screenshot", shot)
	img := readPNG(t, shot)
	sc, log := opScene(t, "baseline", startDay*24+frames*speed/60.0, formal)
	var o *opMarker
	for i := range sc.ops.len() {
		if op := sc.ops.at(i); op.merged && sc.Now() >= op.start && sc.Now() < op.end {
			o = op
		}
	}
	require.NotNil(t, o, "a merged operation under way (%d operations)", len(log.ops))

	maps, _ := panes(1)
	mx := xform(sc, maps[0])
	x, y := mx.pt(o.x, o.y)
	rad := float64(opRadius(o, mx))
	// The dashes: black on the circle rad+4 around the halo.
	onCircle, black := 0, 0
	for k := range 72 {
		th := 2 * math.Pi * float64(k) / 72
		px, py := int(math.Round(float64(x)+(rad+4)*math.Cos(th))), int(math.Round(float64(y)+(rad+4)*math.Sin(th)))
		onCircle++
		if c := img.RGBAAt(px, py); c.R < 60 && c.G < 60 && c.B < 60 {
			black++
		}
	}
	assert.Greater(t, black, onCircle/5, "a dashed black outline")

	sp := unitSpacing(unitSize(cell(sc.Districts()) * mx.scale * 0.96))
	tr := opTrips(sc, o.x, o.y)
	lead := tr[o.lead]
	require.NotEmpty(t, lead)
	px, py := lead[0].pixel(sc.Now(), mx, sp)
	unit := unitSize(cell(sc.Districts()) * mx.scale * 0.96)
	rr := float64(leadRadius(unit+0.5) - 0.75) // the middle of the lead's ring
	black = 0
	for k := range 36 {
		th := 2 * math.Pi * float64(k) / 36
		c := img.RGBAAt(int(math.Round(float64(px)+rr*math.Cos(th))), int(math.Round(float64(py)+rr*math.Sin(th))))
		if c.R < 60 && c.G < 60 && c.B < 60 {
			black++
		}
	}
	assert.Greater(t, black, 27, "the lead's unit in a black ring")
}
