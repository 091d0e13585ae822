package agents

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/agencysim/agencysim/sim/hypercube"
)

// aidCity is two districts a mile apart: "busy" with many residents and
// few units, "quiet" with few residents and more units.
func aidCity(t *testing.T, aid bool) Config {
	t.Helper()
	c := DefaultConfig()
	busy := c.City.Districts[0]
	busy.Name, busy.Population = "busy", 60000
	busy.PatrolUnits = ShiftUnits{Day: 3, Evening: 3, Night: 3}
	quiet := c.City.Districts[0]
	quiet.Name, quiet.X, quiet.Population = "quiet", 1, 10000
	c.City.Districts = []District{busy, quiet}
	c.Population.NoncitizenHazard = 0
	c.ICE.RemovalShare = 0
	c.Police.MutualAid = aid
	require.Empty(t, c.Validate())
	return c
}

func runModel(t *testing.T, c Config, seed uint64, days float64) (*Summary, *Model) {
	t.Helper()
	m, err := New(&c, Options{Seed: seed, Days: days})
	require.NoError(t, err)
	s := m.Run()
	require.NoError(t, m.Err())
	return s, m
}

func TestMutualAidRelievesAnOverloadedDistrict(t *testing.T) {
	t.Parallel()
	off, mOff := runModel(t, aidCity(t, false), 3, 90)
	on, mOn := runModel(t, aidCity(t, true), 3, 90)
	// Common random numbers: the same calls arrive in both arms.
	assert.Equal(t, off.Get("crimes.occurred"), on.Get("crimes.occurred"))
	assert.Equal(t, off.Get("patrol.other_calls"), on.Get("patrol.other_calls"))
	assert.Zero(t, off.Get("response.cross_district"))
	assert.Positive(t, on.Get("response.cross_district"))
	assert.Greater(t, off.Get("abandoned_calls.total"), 0.0, "the busy district is overloaded")
	assert.Less(t, on.Get("abandoned_calls.total"), 0.8*off.Get("abandoned_calls.total"), "fewer calls abandoned")
	assert.Less(t, on.Get("response.mean_minutes"), off.Get("response.mean_minutes"), "faster responses")
	assert.Less(t, on.Get("response.p90_minutes"), off.Get("response.p90_minutes"))
	share := on.Get("response.cross_district_share")
	assert.InDelta(t, on.Get("response.cross_district")/on.Get("response.dispatches"), share, 1e-12)
	assert.True(t, share > 0 && share < 0.5, "share %v", share)
	uOff, uOn := mOff.d[1].pool.Busy.Mean(mOff.Now()), mOn.d[1].pool.Busy.Mean(mOn.Now())
	t.Logf("off: abandoned %v, response mean %.1f min, p90 %.1f, quiet units busy %.2f", off.Get("abandoned_calls.total"), off.Get("response.mean_minutes"), off.Get("response.p90_minutes"), uOff)
	t.Logf("on:  abandoned %v, response mean %.1f min, p90 %.1f, quiet units busy %.2f, cross-district %v (%.1f%%)", on.Get("abandoned_calls.total"), on.Get("response.mean_minutes"), on.Get("response.p90_minutes"), uOn, on.Get("response.cross_district"), 100*share)
	assert.Greater(t, uOn, uOff+0.1, "the quiet district's units work for the busy one")
	// The borrowed unit travels the mile between the centres.
	assert.InDelta(t, 1/DefaultConfig().Police.PatrolMPH, mOn.police.aidHours[0][0], 1e-12)
}

// TestMutualAidWithoutNeighboursChangesNothing: with no district within
// reach the switch changes no output but the metrics' zeros, and the
// draws stay aligned.
func TestMutualAidWithoutNeighboursChangesNothing(t *testing.T) {
	t.Parallel()
	far := func(aid bool) Config {
		c := aidCity(t, aid)
		c.City.Districts[1].X = 10
		return c
	}
	off, _ := runModel(t, far(false), 5, 60)
	on, m := runModel(t, far(true), 5, 60)
	require.Empty(t, m.police.aid[0])
	a, err := json.Marshal(off)
	require.NoError(t, err)
	b, err := json.Marshal(on)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b), "same bytes")
}

func TestMutualAidPreferenceLists(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	tmpl := c.City.Districts[0]
	c.City.Districts = nil
	for i, p := range [][2]float64{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0.5, 0}, {5, 5}} {
		d := tmpl
		d.Name = fmt.Sprint("d", i)
		d.X, d.Y = p[0], p[1]
		c.City.Districts = append(c.City.Districts, d)
	}
	c.City.Districts[5].MutualAid = []string{"d3", "d0"}
	c.Police.MutualAid = true
	m, err := New(&c, Options{Days: 1})
	require.NoError(t, err)
	aid := m.police.aid
	assert.Equal(t, []int32{4, 1, 2, 3}, aid[0], "nearest first, ties in district order, within 1.5 miles")
	assert.Equal(t, []int32{4, 0, 3, 2}, aid[1])
	assert.Equal(t, []int32{3, 0}, aid[5], "a configured list is used as given, however far")
	assert.InDelta(t, math.Hypot(4, 4)/25, m.police.aidHours[5][0], 1e-12)

	bad := c
	bad.City.Districts = append([]District(nil), c.City.Districts...)
	bad.City.Districts[0].MutualAid = []string{"d0", "nowhere", "d1", "d1"}
	errs := bad.Validate()
	require.Len(t, errs, 3)
	assert.Contains(t, errs.Error(), "city.districts[0].mutual_aid[0]")
	assert.Contains(t, errs.Error(), "names the district itself")
	assert.Contains(t, errs.Error(), "city.districts[0].mutual_aid[1]")
	assert.Contains(t, errs.Error(), "is not a district of the city")
	assert.Contains(t, errs.Error(), "city.districts[0].mutual_aid[3]")
	assert.Contains(t, errs.Error(), "is listed twice")

	g := DefaultConfig()
	g.City.Districts = nil
	g.City.Grid.Rows, g.City.Grid.Cols = 2, 2
	g.City.Grid.Template.MutualAid = []string{"x"}
	assert.Contains(t, g.Validate().Error(), "city.grid.template.mutual_aid")
}

// hypercubeCity is the validation case: three districts, one unit each
// (every shift), Poisson calls of rates λ (other calls only: no crimes, no
// stops, no operations), exponential service of mean 1 hour (no travel
// draw; the centres coincide, so a borrowed unit adds no travel), and the
// given preference lists. Calls that find no unit are lost: after New the
// dispatch patience is set to a nanosecond, below the schema's 1-minute
// minimum, which makes the model's queue-at-home rule the hypercube's zero
// line capacity.
func hypercubeCity(t *testing.T, lambda []float64, lists [][]string) Config {
	t.Helper()
	c := DefaultConfig()
	tmpl := c.City.Districts[0]
	tmpl.CrimeRates = CrimeRates{}
	tmpl.PatrolUnits = ShiftUnits{Day: 1, Evening: 1, Night: 1}
	c.City.Districts = nil
	const perThousand = 438 // calls per 1,000 a year: 1 an hour per 20,000 residents
	for i, l := range lambda {
		d := tmpl
		d.Name = string(rune('a' + i))
		d.Population = int(math.Round(l * 20000))
		d.MutualAid = lists[i]
		c.City.Districts = append(c.City.Districts, d)
	}
	pc := &c.Police
	pc.MutualAid = true
	pc.OtherCalls, pc.OtherCallHours, pc.TravelMinutes = perThousand, 1, 0
	pc.TrafficStops, pc.MinorArrests, pc.OpsPerDistrictWeek = 0, 0, 0
	c.ICE.Teams, c.ICE.CourthousePerMonth, c.ICE.WorksitePerYear = 0, 0, 0
	c.Population.NoncitizenHazard = 0
	c.ICE.RemovalShare = 0
	require.Empty(t, c.Validate())
	return c
}

// TestDispatchMatchesHypercube compares the simulated workloads and
// cross-district share with Larson's hypercube model solved exactly
// (sim/hypercube, zero line capacity): the exact values must lie within
// the simulation's 95% interval (Student t over independent replications).
func TestDispatchMatchesHypercube(t *testing.T) {
	t.Parallel()
	lambda := []float64{0.8, 0.5, 0.3}
	lists := [][]string{{"b", "c"}, {"a", "c"}, {"b"}} // c never borrows from a
	c := hypercubeCity(t, lambda, lists)

	sys := hypercube.System{Service: []float64{1, 1, 1}}
	for i, l := range lambda {
		sys.Arrival = append(sys.Arrival, l)
		pref := []int{i}
		for _, name := range lists[i] {
			pref = append(pref, int(name[0]-'a'))
		}
		sys.Pref = append(sys.Pref, pref)
	}
	exact, err := hypercube.Solve(sys)
	require.NoError(t, err)

	const reps, days = 16, 200
	var work [3][]float64
	var cross, lost []float64
	for r := range uint64(reps) {
		m, err := New(&c, Options{Seed: 11, Replication: r, Days: days})
		require.NoError(t, err)
		m.cfg.Police.AbandonMinutes = 1e-9 * 60 // lost at once
		s := m.Run()
		require.NoError(t, m.Err())
		for i, d := range m.d {
			require.InDelta(t, lambda[i], m.proc(i, arrCall).rate, 1e-9, "the call rate stays")
			work[i] = append(work[i], d.pool.Busy.Mean(m.Now()))
		}
		cross = append(cross, s.Get("response.cross_district_share"))
		lost = append(lost, s.Get("abandoned_calls.other_share"))
	}
	within := func(name string, xs []float64, want float64) {
		mean, half := interval95(xs)
		t.Logf("%s: hypercube %.4f, simulation %.4f ± %.4f", name, want, mean, half)
		assert.InDelta(t, want, mean, half, "%s: the exact value lies in the simulation's 95%% interval", name)
	}
	for i := range work {
		within(fmt.Sprintf("workload of unit %c", 'a'+i), work[i], exact.Workload[i])
	}
	within("cross-district share", cross, exact.CrossShare(sys))
	within("share lost", lost, exact.Lost)
	// The comparison has power: the exact values without mutual aid (three
	// M/M/1/1 queues) lie far outside the intervals.
	mean, half := interval95(work[1])
	rho := lambda[1]
	assert.Greater(t, math.Abs(rho/(1+rho)-mean), 5*half, "unit b without mutual aid would work much less")
}

// interval95 returns the mean of xs and the half-width of its 95% Student
// t interval.
func interval95(xs []float64) (float64, float64) {
	n := float64(len(xs))
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= n
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	return mean, q * sd / math.Sqrt(n)
}
