package viz

import (
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
)

// wantOrder is the order the G key cycles through, from the enums: all
// residents, each group, each cohort.
func wantOrder() []Selection {
	out := []Selection{SelectAll}
	for g := range agents.Group(agents.NumGroups) {
		out = append(out, SelectGroup(g))
	}
	for c := range agents.Cohort(agents.NumCohorts) {
		out = append(out, SelectCohort(c))
	}
	return out
}

// G cycles through all residents, the groups and the cohorts, in their
// enums' order, and back; each selection is labelled by its people's
// plural from the enums and is parsed back from its name.
func TestSelectionCyclesAllGroupsAndCohorts(t *testing.T) {
	t.Parallel()
	order := wantOrder()
	require.Len(t, order, 1+agents.NumGroups+agents.NumCohorts)
	require.Equal(t, numSelections, len(order))
	s := SelectAll
	seen := map[Selection]bool{}
	labels := map[string]bool{}
	for i, want := range order {
		require.Equal(t, want, s, "step %d", i)
		seen[s] = true
		labels[s.Label()] = true
		g, isGroup := s.Group()
		c, isCohort := s.Cohort()
		switch {
		case i == 0:
			assert.False(t, isGroup || isCohort)
			assert.Equal(t, allLabel, s.Label())
		case i <= agents.NumGroups:
			require.True(t, isGroup)
			assert.False(t, isCohort)
			assert.Equal(t, agents.Group(i-1), g)
			assert.Equal(t, g.Plural(), s.Label())
			assert.Equal(t, g.Short(), s.Short())
		default:
			require.True(t, isCohort)
			assert.False(t, isGroup)
			assert.Equal(t, agents.Cohort(i-1-agents.NumGroups), c)
			assert.Equal(t, c.Plural(), s.Label())
			assert.Equal(t, c.Short(), s.Short())
		}
		back, ok := ParseSelection(s.Name())
		assert.True(t, ok, s.Name())
		assert.Equal(t, s, back, s.Name())
		s = s.Next()
	}
	assert.Equal(t, SelectAll, s, "and back to all residents")
	assert.Len(t, seen, numSelections)
	assert.Len(t, labels, numSelections, "every selection has its own label")
	hc := SelectCohort(agents.CohortOf(agents.Citizen, agents.Hispanic))
	assert.Equal(t, agents.CohortOf(agents.Citizen, agents.Hispanic).Plural(), hc.Label())
	_, ok := ParseSelection("aliens")
	assert.False(t, ok)

	// The key cycles the game's selection the same way.
	g := &Game{sel: SelectAll}
	for _, want := range append(order[1:], SelectAll) {
		g.push(inGroup)
		g.applyIntents()
		assert.Equal(t, want, g.sel)
	}
}

// Every selection's title and legend caption name it by its label and fit
// their panes, in the single view and in compare mode, beside the key's
// hint; the help lines fit the screen.
func TestSelectionTitlesFit(t *testing.T) {
	t.Parallel()
	r := newRenderer(1)
	f := r.f
	for n := 1; n <= 2; n++ {
		maps, _ := panes(n)
		for _, m := range maps {
			lg := legendRect(m)
			for s := range Selection(numSelections) {
				title := r.mapTitle[s]
				assert.Contains(t, title, s.Label())
				assert.Less(t, 10+f.width(title, f.title)+16+r.hintW+10, m.w, "%q fits its pane (%d views)", title, n)
				caption := r.legendCaption[legendCaptionIndex(lg)][s]
				assert.Contains(t, caption, s.Short())
				assert.LessOrEqual(t, f.width(caption, f.small), legendItems(lg)-10, "%q fits left of the agencies", caption)
			}
		}
	}
	assert.LessOrEqual(t, f.width(helpSingle, f.small), float64(screenW-24))
	assert.LessOrEqual(t, f.width(helpCompare, f.small), float64(screenW-24))
}

// The shading of a district for a cohort is the model's trust of that
// cohort in the district; for a group or all residents it is the mean over
// their cohorts weighted by their shares (for a group, the model's group
// trust); the colour scale is centred on the selection's starting trust,
// the catalogue's population weighting.
func TestShadingOfACohortIsTheModelsCohortTrust(t *testing.T) {
	t.Parallel()
	sc := sceneAt(t, "task-force-287g", 0)
	trust0 := sc.Model().TrustByCohort()
	group0 := sc.Model().TrustByGroup()
	for c := range agents.Cohort(agents.NumCohorts) {
		assert.InDelta(t, trust0[c], sc.SelTrust0[SelectCohort(c)], 1e-12, "starting trust of %s", c)
	}
	for g := range agents.Group(agents.NumGroups) {
		assert.InDelta(t, group0[g], sc.SelTrust0[SelectGroup(g)], 1e-12, "starting trust of %s", g)
	}

	sc.Advance(120 * 24)
	m := sc.Model()
	differs := 0
	for i, d := range sc.Districts() {
		now := m.District(i)
		num, den := 0.0, 0.0
		for c := range agents.Cohort(agents.NumCohorts) {
			require.Positive(t, d.CohortShare[c], "district %d has %s", i, c)
			assert.Equal(t, now.CohortTrust[c], SelectCohort(c).trustOf(&d), "district %d, %s", i, c)
			num += d.CohortShare[c] * d.CohortTrust[c]
			den += d.CohortShare[c]
			if math.Abs(d.CohortTrust[c]-d.Trust[c.Group()]) > 1e-3 {
				differs++
			}
		}
		for g := range agents.Group(agents.NumGroups) {
			assert.InDelta(t, now.Trust[g], SelectGroup(g).trustOf(&d), 1e-12, "district %d, %s", i, g)
		}
		assert.InDelta(t, num/den, SelectAll.trustOf(&d), 1e-12, "district %d, all residents", i)
	}
	assert.Positive(t, differs, "cohorts' trust differs from their groups' somewhere (the shading by cohort shows something new)")

	// Nobody of the selection in a district: no trust to show (grey).
	var empty agents.DistrictState
	empty.CohortTrust[0] = 0.5
	assert.True(t, math.IsNaN(SelectCohort(0).trustOf(&empty)))
	assert.True(t, math.IsNaN(SelectAll.trustOf(&empty)))
}

// In the window, with the map on a Hispanic cohort, each district is drawn
// in the colour of that cohort's trust on the cohort's scale, and not in
// that of its group's trust where the two differ. The cohorts of a group
// start with its trust and drift apart: after eight months of a 287(g)
// task force, Hispanic lawful noncitizens' trust differs visibly from
// their group's in several districts.
func TestScreenshotShadesByCohort(t *testing.T) {
	shot := filepath.Join(t.TempDir(), "cohort.png")
	const startDay, frames = 249, 60
	cohort := agents.CohortOf(agents.LawfulNoncitizen, agents.Hispanic)
	runViz(t, "task-force-287g", "--group", cohort.String(), "--start-day", strconv.Itoa(startDay), "--frames", strconv.Itoa(frames), "--speed", "100", "--screenshot", shot)
	img := readPNG(t, shot)

	sc := sceneAt(t, "task-force-287g", 0)
	sc.Advance(startDay*24 + frames*100.0/tps)
	centres, side := districtPixels(sc, 0, 1)
	sel := SelectCohort(cohort)
	lo, hi := trustRange(sc.SelTrust0[sel])
	glo, ghi := trustRange(sc.SelTrust0[SelectGroup(cohort.Group())])
	ds := sc.Districts()
	matched, asGroup, apart := 0, 0, 0
	for i, c := range centres {
		got := patch(img, c[0]+side*0.3, c[1]+side*0.3, 4)
		want := trustColour(ds[i].CohortTrust[cohort], lo, hi)
		group := trustColour(ds[i].Trust[cohort.Group()], glo, ghi)
		if near(got, want, 10) {
			matched++
		}
		if !near(want, group, 24) {
			apart++
			if near(got, group, 10) {
				asGroup++
			}
		}
	}
	assert.GreaterOrEqual(t, matched, len(centres)-2, "district fills match the cohort's trust")
	require.GreaterOrEqual(t, apart, 3, "districts where the cohort's colour differs from its group's")
	assert.Zero(t, asGroup, "no district is drawn in its group's colour where that differs")
}
