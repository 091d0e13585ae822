package sim_test

import (
	"fmt"

	"github.com/agencysim/agencysim/sim"
)

// A one-unit dispatch desk: calls arrive at random, wait for the unit, and
// take an hour each. The output is exact because every random number comes
// from a named stream of seed 1, replication 0.
func Example() {
	e := sim.NewEngine()
	st := sim.NewStreams(1, 0)
	arrivals := st.Stream("arrivals")
	unit := sim.NewPool(e, 1)

	var arrive, serve, done sim.Action
	done = func(int64) { unit.Release() }
	serve = func(call int64) { e.After(1, 0, done, call) }
	arrive = func(call int64) {
		if call < 9 {
			e.After(arrivals.ExpFloat64()*1.25, 0, arrive, call+1)
		}
		if unit.Acquire(0, serve, call) {
			serve(call)
		}
	}
	e.At(0, 0, arrive, 0)
	e.Run()

	fmt.Printf("calls served: %d, finished at t=%.2f h\n", unit.Wait.N(), e.Now())
	fmt.Printf("mean wait %.2f h, %d of them waited\n", unit.Wait.Mean(), unit.Delayed.Value())
	fmt.Printf("unit busy %.0f%% of the time\n", 100*unit.Busy.Mean(e.Now()))
	// Output:
	// calls served: 10, finished at t=20.08 h
	// mean wait 0.14 h, 3 of them waited
	// unit busy 50% of the time
}

// A rate with nothing to divide by is undefined.
func ExampleRatio() {
	fmt.Println(sim.Ratio(3, 4), sim.Ratio(3, 0))
	// Output: 0.75 NaN
}
