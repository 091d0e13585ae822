package agents

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"unsafe"

	"github.com/agencysim/agencysim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runBytes runs c for the given days with the districts' timer slots or,
// direct, one engine event per arrival process, and returns the summary,
// the time series and the events run.
func runBytes(t *testing.T, c Config, seed uint64, days float64, direct bool) string {
	t.Helper()
	m, err := New(&c, Options{Seed: seed, Days: days, oneEventPerArrival: direct})
	require.NoError(t, err)
	m.Run()
	require.NoError(t, m.Err())
	s, err := json.Marshal(m.Summary())
	require.NoError(t, err)
	p, err := json.Marshal(m.Series())
	require.NoError(t, err)
	return fmt.Sprintf("%d events\n%s\n%s", m.Engine().Events(), s, p)
}

// The timer slots give, byte for byte, what one engine event per arrival
// process gives, on cities of one and many districts, with mutual aid and
// a task force (stops that question and arrest), on several seeds.
func TestArrivalSlotsMatchOneEventPerProcess(t *testing.T) {
	t.Parallel()
	one := DefaultConfig()
	grid := DefaultConfig()
	tmpl := grid.City.Districts[0]
	tmpl.Population = 8000
	grid.City.Districts = nil
	grid.City.Grid.Rows, grid.City.Grid.Cols, grid.City.Grid.Template = 4, 4, tmpl
	grid.Police.MutualAid = true
	tf := grid
	tf.Agreements.G287.Model = G287TaskForce
	cities := map[string]Config{"one": one, "grid": grid, "task-force": tf}
	for _, name := range []string{"one", "grid", "task-force"} {
		for _, seed := range []uint64{1, 5} {
			t.Run(fmt.Sprintf("%s/seed=%d", name, seed), func(t *testing.T) {
				t.Parallel()
				slots := runBytes(t, cities[name], seed, 40, false)
				assert.Equal(t, runBytes(t, cities[name], seed, 40, true), slots)
			})
		}
	}
}

// crimeOrder records the crimes a model runs, in order.
type crimeOrder struct{ got []CrimeType }

func (o *crimeOrder) Crime(e CrimeEvent)       { o.got = append(o.got, e.Type) }
func (o *crimeOrder) Dispatch(DispatchEvent)   {}
func (o *crimeOrder) Operation(OperationEvent) {}
func (o *crimeOrder) Incident(IncidentEvent)   {}

// Processes of a district due at the same time run in the order they were
// set, as engine events of one priority run in the order they were
// scheduled, whatever their index in the slot; setting one again moves it
// behind the others.
func TestArrivalSlotTiesRunInSchedulingOrder(t *testing.T) {
	t.Parallel()
	for _, direct := range []bool{false, true} {
		c := DefaultConfig()
		obs := &crimeOrder{}
		m, err := New(&c, Options{Seed: 2, Days: 1, Observer: obs, oneEventPerArrival: direct})
		require.NoError(t, err)
		for k := range numArrivals {
			m.setArrival(0, k, 1e9) // none before the tie
		}
		const at = 0.5
		for _, ct := range []CrimeType{5, 1, 3, 6} {
			m.setArrival(0, int(ct), at)
		}
		m.setArrival(0, 1, at) // set again: now the last
		m.RunUntil(at)
		assert.Equal(t, []CrimeType{5, 3, 6, 1}, obs.got, "direct=%v", direct)
	}
}

// The slot follows its earliest process: it moves earlier when a process
// is set before it, later when its head moves away, and holds no event
// when no process has a next time.
func TestArrivalSlotHead(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	m, err := New(&c, Options{Seed: 3, Days: 10})
	require.NoError(t, err)
	inf := math.Inf(1)
	for k := range numArrivals {
		m.setArrival(0, k, inf)
	}
	assert.Zero(t, m.arr.slots[0].id, "no process: no event")
	m.setArrival(0, arrStop, 5)
	m.setArrival(0, arrCall, 7)
	assert.Equal(t, int8(arrStop), m.arr.slots[0].head)
	m.setArrival(0, int(Theft), 2)
	assert.Equal(t, int8(Theft), m.arr.slots[0].head, "an earlier process heads the slot")
	m.setArrival(0, int(Theft), 9)
	assert.Equal(t, int8(arrStop), m.arr.slots[0].head, "the head moved later: the next earliest")
	id := m.arr.slots[0].id
	require.True(t, m.e.Pending(id))
	m.setArrival(0, arrStop, inf)
	m.setArrival(0, arrCall, inf)
	m.setArrival(0, int(Theft), inf)
	assert.Zero(t, m.arr.slots[0].id)
	assert.False(t, m.e.Pending(id), "the slot's event is cancelled")
}

// A process's generator, held by value, is its stream's: it draws what
// sim.Streams.Stream gives for the same name, and its attributes are the
// stream's Draws.
func TestProcessSeedIsTheStream(t *testing.T) {
	t.Parallel()
	st := sim.NewStreams(7, 3)
	for _, name := range []string{"calls/city", "crime/city-r1c2/theft"} {
		var p process
		p.seed(st, name)
		want := st.Stream(name)
		for range 1000 {
			require.Equal(t, want.ExpFloat64(), p.exp(), name)
		}
		assert.Equal(t, st.Draws(name+"/attributes"), p.draws)
	}
}

// A slot is three cache lines (see slot).
func TestSlotIsThreeLines(t *testing.T) {
	t.Parallel()
	assert.Equal(t, uintptr(192), unsafe.Sizeof(slot{}))
}
