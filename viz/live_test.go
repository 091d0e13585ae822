package viz

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// crimeLog is the scene's observer with a log of the victimizations it
// was told of.
type crimeLog struct {
	*Scene
	crimes []agents.CrimeEvent
}

func (c *crimeLog) Crime(e agents.CrimeEvent) {
	c.crimes = append(c.crimes, e)
	c.Scene.Crime(e)
}

// loggedScene builds the baseline with a scene whose crimes are logged.
func loggedScene(t *testing.T, set ...string) (*Scene, *crimeLog) {
	t.Helper()
	l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: set})
	require.NoError(t, err)
	sc := NewScene()
	log := &crimeLog{Scene: sc}
	opt := l.Scenario.Options(0)
	opt.Observer = log
	m, err := agents.New(&l.Scenario.Config, opt)
	require.NoError(t, err)
	sc.Bind(m)
	return sc, log
}

// population returns each group's population in the model now, as the
// test reads it: Population × Share of every district.
func population(m *agents.Model) (p [agents.NumGroups]float64) {
	for i := range m.NumDistricts() {
		d := m.District(i)
		for g := range agents.NumGroups {
			p[g] += d.Population * d.Share[g]
		}
	}
	return p
}

// The HUD's victimizations per day by group are the victimizations the
// observer saw in the trailing window (from the day boundary four weeks
// before the latest sample, or the start) divided by the window's days;
// its population change is the change, by group, of the population summed
// over the districts since the start.
func TestLiveVictimizationsAndPopulationMatchTheRun(t *testing.T) {
	t.Parallel()
	sc, log := loggedScene(t, "days=60")
	m := sc.Model()
	pop0 := population(m)
	for g := range agents.NumGroups {
		require.Greater(t, pop0[g], 0.0, "group %d has people", g)
	}
	assert.Equal(t, pop0, sc.Pop0, "the start population is captured at bind time")

	// Before any time has passed the window is empty: no rate yet.
	for g := range agents.NumGroups {
		assert.True(t, math.IsNaN(sc.Live.VictimsPerDay[g]), "group %d: no rate over an empty window", g)
	}

	// Hours that are sample times (multiples of 6): the live figures are
	// those of the state reached. The first window is not full yet, the
	// second is.
	for _, h := range []float64{10*24 + 18, 45*24 + 12} {
		sc.Advance(h)
		require.Equal(t, h, *sc.tHours.at(sc.tHours.len() - 1), "a sample at hour %g", h)
		from := math.Max(0, (math.Floor(h/24)-windowDays)*24)
		days := (h - from) / 24
		var n [agents.NumGroups]int
		for _, e := range log.crimes {
			if e.Hour > from && e.Hour <= h {
				n[e.Victim]++
			}
		}
		pop := population(m)
		for g := range agents.NumGroups {
			require.Greater(t, n[g], 10, "hour %g: group %d has victims in the window", h, g)
			want := float64(n[g]) / days
			assert.InDelta(t, want, sc.Live.VictimsPerDay[g], 1e-9*want, "hour %g: victimizations per day, group %d", h, g)
			assert.InDelta(t, 100*(pop[g]/pop0[g]-1), sc.Live.PopChange[g], 1e-9, "hour %g: population change, group %d", h, g)
		}
		assert.Equal(t, sc.Live.VictimsPerDay[agents.Undocumented], *sc.tVictims[agents.Undocumented].at(sc.tVictims[agents.Undocumented].len() - 1), "the chart's latest point is the figure")
	}
	// The window is four weeks and a fraction of a day once full.
	assert.InDelta(t, windowDays+0.5, (45*24+12-*sc.dailyH.at(0))/24, 1e-9)
}

// Population change is computed from the districts' Population × Share:
// people leaving one district lower their group's population by their
// share of the group's total, and only that group's.
func TestPopulationChangeByGroup(t *testing.T) {
	t.Parallel()
	d := func(pop float64, shares ...float64) agents.DistrictState {
		s := agents.DistrictState{Population: pop}
		copy(s.Share[:], shares)
		return s
	}
	start := []agents.DistrictState{d(1000, 0.5, 0.3, 0.2), d(3000, 0.8, 0.1, 0.1)}
	p0 := groupPopulation(start)
	assert.InDeltaSlice(t, []float64{2900, 600, 500}, p0[:], 1e-9)

	// 100 undocumented residents of the first district leave: its
	// population falls to 900 and its shares change with it.
	later := []agents.DistrictState{d(900, 500.0/900, 300.0/900, 100.0/900), start[1]}
	ch := popChange(p0, groupPopulation(later))
	assert.InDelta(t, 0, ch[agents.Citizen], 1e-9)
	assert.InDelta(t, 0, ch[agents.LawfulNoncitizen], 1e-9)
	assert.InDelta(t, -20, ch[agents.Undocumented], 1e-9)

	var none [agents.NumGroups]float64
	assert.True(t, math.IsNaN(popChange(none, p0)[0]), "no change from no one")

	l := newLabels(1)
	assert.Equal(t, "−20.0%", l.change(ch[agents.Undocumented]))
	assert.Equal(t, "0.0%", l.change(ch[agents.Citizen]))
	assert.Equal(t, "0.0%", l.change(-0.04))
	assert.Equal(t, "+3.5%", l.change(3.5))
	assert.Equal(t, "–", l.change(math.NaN()))
	assert.Equal(t, "28.2", l.count(28.2))
	assert.Equal(t, "1234", l.count(1234.4))
}

// The charts' axes hold their series: the smallest of the steps that
// holds the largest value in absolute value.
func TestChartAxesHoldTheirSeries(t *testing.T) {
	t.Parallel()
	var series [agents.NumGroups]ring[float64]
	for g := range series {
		series[g] = newRing[float64](4)
	}
	last := len(axisSteps) - 1
	assert.Equal(t, 0, axisTop(&series, 0, last), "empty: the first step")
	assert.Equal(t, 1, axisTop(&series, 1, last), "no lower than asked")
	series[0].push(math.NaN())
	series[1].push(0.4)
	assert.Equal(t, 0, axisTop(&series, 0, last))
	series[2].push(-3.2)
	assert.Equal(t, 2, axisTop(&series, 0, last), "−3.2 needs ±5")
	series[1].push(37)
	assert.Equal(t, 50.0, axisSteps[axisTop(&series, 0, last)])
	assert.Equal(t, 20.0, axisSteps[axisTop(&series, 0, 4)], "no higher than asked")
	series[0].push(1e9)
	assert.Equal(t, last, axisTop(&series, 0, last), "beyond the last step: the last")
}

// At the window's smallest size — the logical screen, which a larger
// window (1920×1080 on a projector) scales up — the charts fit in the
// figures pane, below the figures' text and apart from each other, each
// large enough to read, with its title and labels inside its box; the
// figures' captions, the groups' names and the widest figures fit their
// columns.
func TestChartsFitTheFiguresPaneAtTheSmallestWindow(t *testing.T) {
	t.Parallel()
	f := newFonts()
	_, figs := panes(1)
	fig := figs[0]
	require.LessOrEqual(t, fig.x+fig.w, float64(screenW))
	require.LessOrEqual(t, fig.y+fig.h, buttonR.y)

	scales := map[chartScale]int{}
	for _, spec := range chartSpecs {
		scales[spec.scale]++
		assert.True(t, spec.n == 1 || spec.n == agents.NumGroups, spec.title)
	}
	assert.Equal(t, 1, scales[scaleVictims], "a chart of victimizations")
	assert.Equal(t, 1, scales[scalePop], "a chart of population change")

	areas := chartAreas(fig)
	require.Len(t, areas, len(chartSpecs))
	l := newLabels(1)
	// Every label an axis can show: the fixed ones and the steps the
	// scaled axes may end at.
	axisLabels := map[chartScale][]string{
		scaleVictims: l.steps[victimsAxis[0] : victimsAxis[1]+1],
		scalePop:     append(append([]string{"0"}, l.stepsPlus[popAxis[0]:popAxis[1]+1]...), l.stepsMinus[popAxis[0]:popAxis[1]+1]...),
	}
	r := &renderer{l: l}
	for _, spec := range chartSpecs {
		if spec.scale == scaleFixed {
			axisLabels[scaleFixed] = append(axisLabels[scaleFixed], r.axis(spec.lo), r.axis(spec.hi))
		}
	}
	for i, a := range areas {
		title := chartSpecs[i].title
		assert.GreaterOrEqual(t, a.x, fig.x, title)
		assert.LessOrEqual(t, a.x+a.w, fig.x+fig.w, title)
		assert.GreaterOrEqual(t, a.y, fig.y+figuresTextH, "%s: below the figures", title)
		assert.LessOrEqual(t, a.y+a.h, fig.y+fig.h, title)
		for j, b := range areas[:i] {
			overlap := a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
			assert.False(t, overlap, "%s and %s overlap", title, chartSpecs[j].title)
		}
		p := plotArea(a)
		assert.GreaterOrEqual(t, p.h, 60.0, "%s: plot height", title)
		assert.GreaterOrEqual(t, p.w, 200.0, "%s: plot width", title)
		assert.LessOrEqual(t, f.width(title, f.small), a.w, "%s: the title fits", title)
		assert.Less(t, f.width("8 weeks ago", f.small)+f.width("now", f.small)+8, p.w, title)
		assert.LessOrEqual(t, p.y+p.h+15, a.y+a.h+1, "%s: the time labels are in the box", title)
		for _, s := range axisLabels[chartSpecs[i].scale] {
			assert.LessOrEqual(t, f.width(s, f.small), p.x-a.x-2, "%s: axis label %q fits left of the plot", title, s)
		}
	}

	for _, c := range groupRowCaptions {
		assert.LessOrEqual(t, f.width(c, f.normal), float64(figCol-8), c)
	}
	for _, c := range scalarCaptions {
		assert.LessOrEqual(t, f.width(c, f.normal), float64(figCol-8), c)
	}
	widest := 0.0
	for _, s := range []string{"≥10000", "−99.9%", "+99.9%", "100.0%", "0.00"} {
		widest = math.Max(widest, f.width(s, f.normal))
	}
	for g := range agents.Group(agents.NumGroups) {
		assert.Less(t, f.width(g.Label(), f.small), float64(figStep-6), g.Label())
		assert.Less(t, widest, float64(figStep-6))
	}
	last := 12 + figCol + float64(agents.NumGroups-1)*figStep
	assert.LessOrEqual(t, last+math.Max(widest, f.width(agents.Group(agents.NumGroups-1).Label(), f.small)), fig.w-4, "the last column fits the pane")
}
