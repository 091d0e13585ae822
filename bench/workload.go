package bench

import (
	"fmt"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// ScaledBaseline returns the bundled baseline with every district's
// residents and patrol units, and ICE's teams, multiplied by k (k = 1: the
// baseline city of 200,000 residents).
func ScaledBaseline(k int) (agents.Config, error) {
	l, err := scenarios.Load("baseline", scenarios.LoadOptions{})
	if err != nil {
		return agents.Config{}, err
	}
	c := l.Scenario.Config
	ds := append([]agents.District(nil), c.City.Districts...)
	for i := range ds {
		ds[i].Population *= k
		u := &ds[i].PatrolUnits
		u.Day, u.Evening, u.Night = u.Day*k, u.Evening*k, u.Night*k
	}
	c.City.Districts = ds
	c.ICE.Teams *= k
	return c, nil
}

// GridCity returns the baseline with its districts replaced, through
// scenario overrides, by an n × n grid of the default district with 5,000
// residents (a 32 × 32 grid: 5.1 million): the city-size tiers of the
// per-event cost.
func GridCity(n int) (agents.Config, error) {
	l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: []string{
		"city.districts=[]",
		fmt.Sprintf("city.grid.rows=%d", n),
		fmt.Sprintf("city.grid.cols=%d", n),
		"city.grid.template.name=g",
		"city.grid.template.population=5000",
	}})
	if err != nil {
		return agents.Config{}, err
	}
	return l.Scenario.Config, nil
}

// RunCity runs one replication (seed 1) of c for the given days and
// returns the events the kernel executed.
func RunCity(c *agents.Config, days float64) (uint64, error) {
	m, err := agents.New(c, agents.Options{Seed: 1, Days: days})
	if err != nil {
		return 0, err
	}
	m.Run()
	return m.Engine().Events(), nil
}
