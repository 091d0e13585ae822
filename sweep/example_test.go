package sweep_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/agencysim/agencysim/sweep"
)

// A sweep of two arms over a grid of two values, two replications each:
// its runs in canonical order, the arms that share random streams side by
// side.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "sweep-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "sweep.yaml")
	os.WriteFile(path, []byte(`name: example
seed: 7
replications: 2
arms:
  baseline: {}
  never: {policies.detainers: never}
vary:
  design: grid
  params:
    policies.outreach: [0.2, 0.8]
`), 0o644)
	plan, err := sweep.Load(path, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.ParamKeys, len(plan.Points), "points,", plan.Runs(), "runs")
	plan.EachRun(plan.Replications(), func(i int, s sweep.RunSpec) bool {
		fmt.Println(i, s.ID(), plan.Points[s.Point].Values)
		return true
	})
	// Output:
	// [policies.outreach] 2 points, 8 runs
	// 0 baseline.p0000.r00000 [0.2]
	// 1 never.p0000.r00000 [0.2]
	// 2 baseline.p0001.r00000 [0.8]
	// 3 never.p0001.r00000 [0.8]
	// 4 baseline.p0000.r00001 [0.2]
	// 5 never.p0000.r00001 [0.2]
	// 6 baseline.p0001.r00001 [0.8]
	// 7 never.p0001.r00001 [0.8]
}

// The registered designs, and a Latin hypercube drawn from the sweep's
// seed: one point in each third of each range (ice.teams rounded to whole
// teams).
func ExampleDesigns() {
	for _, d := range sweep.Designs() {
		fmt.Printf("%s: %s\n", d.Name(), d.Doc())
	}
	dir, _ := os.MkdirTemp("", "sweep-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "sweep.yaml")
	os.WriteFile(path, []byte("seed: 11\narms: {a: {}}\nvary: {design: lhs, points: 3, params: {policies.outreach: [0, 0.9], ice.teams: [1, 7]}}\n"), 0o644)
	plan, err := sweep.Load(path, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pt := range plan.Points {
		fmt.Printf("ice.teams %d, policies.outreach %.3f\n", pt.Values[0], pt.Values[1])
	}
	// Output:
	// grid: full factorial of the listed values
	// lhs: Latin hypercube of 'points' points over [low, high] ranges
	// morris: Morris elementary-effects screening with 'trajectories' trajectories over [low, high] ranges
	// none: no design: every arm runs at the base scenario's values
	// oat: one at a time: each parameter at its listed values, the others at the base
	// sobol: Sobol' variance-based sensitivity indices: a Saltelli design of 'points' base rows (a power of two, at least 8) over [low, high] ranges, points × (parameters + 2) points
	// table: points read from a CSV file
	// ice.teams 2, policies.outreach 0.606
	// ice.teams 3, policies.outreach 0.486
	// ice.teams 7, policies.outreach 0.177
}
