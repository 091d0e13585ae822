package agents

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cityOf(t *testing.T, miles float64, pos [][2]float64) *Model {
	t.Helper()
	c := DefaultConfig()
	tmpl := c.City.Districts[0]
	tmpl.Population = 1000
	c.City.Districts = nil
	for i, p := range pos {
		d := tmpl
		d.Name = fmt.Sprint("d", i)
		d.X, d.Y = p[0], p[1]
		c.City.Districts = append(c.City.Districts, d)
	}
	c.City.NeighbourMiles = miles
	m, err := New(&c, Options{Days: 1})
	require.NoError(t, err)
	return m
}

func TestNeighboursMatchAllPairs(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		miles, spread, step float64
		n                   int
	}{
		{1.5, 10, 0.5, 300},
		{0, 3, 0.5, 200}, // only districts at the same point
		{0.001, 0.01, 0.0005, 200},
		{1000, 50, 0.5, 100}, // everyone is a neighbour
		{2.5, 30, 0.5, 300},  // sparse, negative coordinates
		{2.5, 10000, 0.5, 100},
	} {
		pos := make([][2]float64, tc.n)
		for i := range pos {
			// Round to a lattice so that some districts share a point and
			// some sit exactly neighbour_miles apart.
			pos[i] = [2]float64{math.Round((r.Float64()*2-1)*tc.spread/tc.step) * tc.step, math.Round((r.Float64()*2-1)*tc.spread/tc.step) * tc.step}
		}
		m := cityOf(t, tc.miles, pos)
		pairs := 0
		for i, a := range m.d {
			var want []int32
			for j, b := range m.d {
				if i != j && math.Hypot(a.x-b.x, a.y-b.y) <= tc.miles {
					want = append(want, int32(j))
				}
			}
			pairs += len(want)
			assert.Equal(t, want, a.neighbours, "miles %v district %d", tc.miles, i)
			for j := range m.d {
				assert.Equal(t, i == j || contains32(want, int32(j)), m.near(j, a))
			}
		}
		t.Logf("miles %v: %d neighbour pairs", tc.miles, pairs)
	}
}

func contains32(list []int32, x int32) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func TestNeighboursOfDistrictsAtOnePoint(t *testing.T) {
	t.Parallel()
	// The worst case the limits allow: every district within
	// neighbour_miles of every other.
	pos := make([][2]float64, 500)
	m := cityOf(t, 1.5, pos)
	for _, d := range m.d {
		require.Len(t, d.neighbours, 499)
	}
}

func TestTimelineFailureFailsTheRunNotTheProcess(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	c.Timeline = []Change{{Day: 2, Set: map[string]any{"policies.outreach": 0.5}}}
	m, err := New(&c, Options{Days: 10})
	require.NoError(t, err)
	// Corrupt the entry after validation, as a defect would.
	m.cfg.Timeline[0].Set = map[string]any{"policies.outreach": 7}
	s := m.Run()
	require.Error(t, m.Err())
	assert.Contains(t, m.Err().Error(), "timeline[0] could not be applied on day 2")
	assert.True(t, m.Done())
	assert.InDelta(t, 2, s.Run.Days, 1e-9, "the run stopped where it failed")
	m.RunUntil(240)
	assert.InDelta(t, 48, m.Now(), 1e-9, "a failed run does not go on")
}

func TestPanicInAnEventFailsTheRun(t *testing.T) {
	t.Parallel()
	m, err := New(nil, Options{Days: 10})
	require.NoError(t, err)
	m.e.At(30, prioNormal, func(int64) { panic("boom") }, 0)
	m.Run()
	require.Error(t, m.Err())
	assert.Contains(t, m.Err().Error(), "boom")
	assert.Contains(t, m.Err().Error(), "defect")
	assert.True(t, m.Done())
}

func TestAbandonmentBoundsTheQueue(t *testing.T) {
	t.Parallel()
	// Issue 9: one district of millions of residents with the default
	// patrol units. Calls arrive far faster than 12 units can serve them;
	// those that wait longer than police.abandon_after_minutes leave, so
	// the queue holds at most about arrival rate × patience.
	for _, pop := range []int{10_000_000, 2_000_000} {
		for _, minutes := range []float64{30, 180} {
			c := DefaultConfig()
			c.City.Districts[0].Population = pop
			c.Police.AbandonMinutes = minutes
			require.Empty(t, c.Validate())
			m, err := New(&c, Options{Days: 2})
			require.NoError(t, err)
			s := m.Run()
			require.NoError(t, m.Err())
			d := m.d[0]
			rate := (m.proc(0, arrCall).rate + sumRates(m, 0)) // calls an hour
			bound := rate * minutes / 60
			assert.LessOrEqual(t, d.pool.Queue.Max(), 1.2*bound+50, "pop %d, %v min", pop, minutes)
			assert.Greater(t, d.pool.Queue.Max(), 0.5*bound, "the queue does fill up")
			assert.Positive(t, s.Get("abandoned_calls.crimes"))
			assert.Positive(t, s.Get("abandoned_calls.other_calls"))
			assert.Greater(t, s.Get("abandoned_calls.share"), 0.9, "almost every call is abandoned")
			assert.Equal(t, s.Get("abandoned_calls.total"), s.Get("abandoned_calls.crimes")+s.Get("abandoned_calls.other_calls"))
			assert.Less(t, s.Get("abandoned_calls.crime_share"), s.Get("abandoned_calls.other_share"), "crimes are dispatched first")
			assert.LessOrEqual(t, m.police.cases.len(), int(1.2*bound)+200, "case records are reused")
		}
	}
}

func sumRates(m *Model, i int) float64 {
	s := 0.0
	for ct := range NumCrimeTypes {
		s += m.proc(i, ct).rate
	}
	return s
}

// The agencies register themselves, each once, and run in rank order: the
// order the involvement weights are summed in (287(g), detainers, task
// forces, military) is that of the model before the agencies were split.
func TestAgencyRegistry(t *testing.T) {
	t.Parallel()
	m, err := New(nil, Options{Days: 1})
	require.NoError(t, err)
	var kinds []string
	for _, a := range m.agencies {
		kinds = append(kinds, fmt.Sprintf("%T", a))
	}
	assert.Equal(t, []string{"*agents.police", "*agents.jail", "*agents.iceAgency", "*agents.borderPatrol", "*agents.taskForces", "*agents.military", "*agents.coordination"}, kinds)
	for i := 1; i < len(registry); i++ {
		assert.Less(t, registry[i-1].rank, registry[i].rank)
	}
	assert.Panics(t, func() { register(rankICE, nil) }, "a rank is taken once")
	assert.Same(t, m.police, m.agencies[0])
	c := DefaultConfig()
	w := c.Workload()
	var names []string
	for _, o := range w.OpsBy {
		names = append(names, o.Agency+"="+o.Key)
	}
	assert.Equal(t, []string{"police=police.ops_per_district_week", "ICE=ice", "Border Patrol=border_patrol", "task forces=agreements.task_forces"}, names)
}

// Numbers of the summary's JSON are written as encoding/json writes them.
func TestAppendJSONFloatIsEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	values := []float64{0, math.Copysign(0, -1), 1, -1, 12122, 0.35951163174393663, 1e-6, 9.99e-7, 1e21, 1e20, 123456789012345678901, 5e-324, math.MaxFloat64, -2.5e-9}
	for range 10000 {
		values = append(values, math.Float64frombits(r.Uint64()), r.NormFloat64()*math.Pow(10, float64(r.IntN(60)-30)))
	}
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			assert.Equal(t, "null", string(appendJSONFloat(nil, v)))
			continue
		}
		want, err := json.Marshal(v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONFloat(nil, v)), "%v", v)
	}
}

// A poissonMemo counts what poissonCount counts, the mean kept or changed.
func TestPoissonMemoIsPoissonCount(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	var c poissonMemo
	mean := 0.0
	for i := range 200_000 {
		if i%3 == 0 {
			mean = []float64{0, 1e-300, 0.01, 0.3, 2, 40, 499.5, 500, 800}[r.IntN(9)] * r.Float64()
		}
		u := r.Float64()
		if i%7 == 0 {
			u = math.Exp(-mean) // on the boundary
		}
		require.Equal(t, poissonCount(mean, u), c.count(mean, u), "mean %v u %v", mean, u)
	}
}
