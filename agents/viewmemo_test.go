package agents

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestViewMeansAreCurrent: the district means a view remembers (trust and
// fear by group, cohort and ethnicity) are those of the moment it reads,
// never those of an earlier read. A summary, a window and a time-series
// sample taken after trust has moved give exactly (bit for bit) the means
// computed afresh at that moment, on a city of several districts whose
// trust moves under a task-force agreement.
func TestViewMeansAreCurrent(t *testing.T) {
	t.Parallel()
	c := gridConfig(3, 4)
	c.Agreements.G287.Model = G287TaskForce
	m, err := New(&c, Options{Seed: 3, Days: 120})
	require.NoError(t, err)
	require.Greater(t, len(m.d), 1)

	type means struct {
		trustG, fearG perGroup
		trustC, fearC [NumCohorts]float64
		trustE, fearE [NumEthnicities]float64
	}
	fresh := func() means {
		return means{
			m.trustByGroup(), m.fearByGroup(), m.TrustByCohort(), m.FearByCohort(),
			m.districtMeans(districtTrust).ethnicity, m.districtMeans(m.cohortFear).ethnicity,
		}
	}
	// read returns the means as the catalogue's formulas give them through
	// one view, each member read twice (the second from the memo).
	read := func(v *view) means {
		var r means
		for range 2 {
			for g := range NumGroups {
				r.trustG[g], r.fearG[g] = v.get(fTrustEnd, g), v.get(fFearEnd, g)
			}
			for k := range NumCohorts {
				r.trustC[k], r.fearC[k] = v.get(fTrustEndByCohort, k), v.get(fFearEndByCohort, k)
			}
			for e := range NumEthnicities {
				r.trustE[e], r.fearE[e] = v.get(fTrustEndByEthnicity, e), v.get(fFearEndByEthnicity, e)
			}
		}
		return r
	}
	same := func(t *testing.T, got, want means, when string) {
		t.Helper()
		g := [][]float64{got.trustG[:], got.fearG[:], got.trustC[:], got.fearC[:], got.trustE[:], got.fearE[:]}
		w := [][]float64{want.trustG[:], want.fearG[:], want.trustC[:], want.fearC[:], want.trustE[:], want.fearE[:]}
		for i := range g {
			for j := range g[i] {
				if math.Float64bits(g[i][j]) != math.Float64bits(w[i][j]) {
					t.Fatalf("%s: mean %d member %d is %v, want %v", when, i, j, g[i][j], w[i][j])
				}
			}
		}
	}

	// The means at each time-series sample, recorded by an event that runs
	// right after the sample (same time and priority, scheduled later).
	atSample := map[float64]means{}
	sd := m.opt.SeriesDays * 24
	m.e.Every(sd, sd, prioTick+1, func(int64) { atSample[m.e.Now()/24] = fresh() }, 0)

	var earlier means
	from := m.Counts()
	for k, day := range []float64{20, 60, 120} {
		m.RunUntil(day * 24)
		want := fresh()
		if k > 0 {
			require.NotEqual(t, earlier, want, "trust and fear did not move between day reads: the test could not catch a stale mean")
		}
		same(t, read(m.view(spanRun, &m.met.n, nil)), want, "a run view")
		to := m.Counts()
		same(t, read(m.view(spanWindow, &to.n, &from.n)), want, "a window view")
		s := m.Summary()
		same(t, means{
			trustG: perGroup{s.at(fTrustEnd, 0), s.at(fTrustEnd, 1), s.at(fTrustEnd, 2)},
			fearG:  perGroup{s.at(fFearEnd, 0), s.at(fFearEnd, 1), s.at(fFearEnd, 2)},
			trustC: [NumCohorts]float64(cohortsOf(s, fTrustEndByCohort)),
			fearC:  [NumCohorts]float64(cohortsOf(s, fFearEndByCohort)),
			trustE: [NumEthnicities]float64{s.at(fTrustEndByEthnicity, 0), s.at(fTrustEndByEthnicity, 1)},
			fearE:  [NumEthnicities]float64{s.at(fFearEndByEthnicity, 0), s.at(fFearEndByEthnicity, 1)},
		}, want, "the summary")
		earlier = want
	}
	// Every time-series sample's trust and fear are those of its moment.
	checked := 0
	for _, p := range m.Series() {
		want, ok := atSample[p.Day]
		if !ok {
			continue
		}
		for g := range Group(NumGroups) {
			if p.Group != g.String() {
				continue
			}
			switch p.Metric {
			case "trust":
				require.Equal(t, want.trustG[g], p.Value, "series %s %s day %v", p.Metric, p.Group, p.Day)
				checked++
			case "fear":
				require.Equal(t, want.fearG[g], p.Value, "series %s %s day %v", p.Metric, p.Group, p.Day)
				checked++
			}
		}
	}
	require.Equal(t, 2*NumGroups*len(atSample), checked, "every sample holds trust and fear of each group")
	require.Greater(t, len(atSample), 10)
}

func cohortsOf(s *Summary, f family) (out [NumCohorts]float64) {
	for k := range NumCohorts {
		out[k] = s.at(f, k)
	}
	return out
}

// TestCapacityHoursByDistrictAndHour: capacityHours, which finds the
// partial day's shifts once for all districts, equals (bit for bit) the
// sum taken district by district and hour by hour, at times on and off
// day and shift boundaries, on districts with different staffing.
func TestCapacityHoursByDistrictAndHour(t *testing.T) {
	t.Parallel()
	c := gridConfig(2, 3)
	m, err := New(&c, Options{Seed: 5, Days: 30})
	require.NoError(t, err)
	want := func() float64 {
		now := m.e.Now()
		total := 0.0
		for _, d := range m.d {
			perDay := float64(d.units[nightShift])*8 + float64(d.units[dayShift])*8 + float64(d.units[eveningShift])*8
			days := math.Floor(now / 24)
			total += days * perDay
			for h := days * 24; h < now; h++ {
				total += float64(d.units[shiftAt(h)]) * math.Min(1, now-h)
			}
		}
		return total
	}
	for _, at := range []float64{0.5, 7, 15, 23, 23.999, 24, 24.25, 31.5, 47.99, 48, 100.125, 167, 24*9 + 14.75, 24*20 - 1e-9} {
		m.e.RunUntil(at)
		for i, d := range m.d { // staffing that differs by district and shift (shift changes reset it)
			d.units = [numShifts]int{i + 1, 2*i + 3, 7 - i}
		}
		require.Equal(t, math.Float64bits(want()), math.Float64bits(m.capacityHours()), "at hour %v", at)
		require.Positive(t, m.capacityHours())
	}
}

// gridConfig is the default configuration on a rows × cols grid of its
// district.
func gridConfig(rows, cols int) Config {
	c := DefaultConfig()
	c.City.Grid = Grid{Rows: rows, Cols: cols, SpacingMiles: 1, Template: c.City.Districts[0]}
	c.City.Grid.Template.Name = "g"
	c.City.Districts = nil
	return c
}
