package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/report"
	"github.com/agencysim/agencysim/sweep/runner"
)

// A short sweep (seed 3) whose outputs are written as its runs finish: the
// headline table compares each arm with the baseline, paired by
// replication.
func ExampleAggregator() {
	dir, _ := os.MkdirTemp("", "report-example")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "sweep.yaml")
	os.WriteFile(file, []byte(`name: tiny
seed: 3
days: 30
replications: 3
metrics: [crimes.reporting_rate, detainers.honored, trust.undocumented.mean]
arms:
  baseline: {}
  never: {policies.detainers: never}
`), 0o644)
	plan, err := sweep.Load(file, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	agg := report.New()
	out := filepath.Join(dir, "out")
	if _, err := runner.Execute(context.Background(), plan, runner.Options{Out: out, Sink: agg}); err != nil {
		fmt.Println(err)
		return
	}
	res := agg.Results()
	fmt.Println(res.Present, "of", res.Expected, "runs;", len(res.Manifest.Files), "files")
	report.WriteHeadline(os.Stdout, res)
	// Output:
	// 6 of 6 runs; 28 files
	//                                                 baseline                never
	// metric                                              mean        Δ vs baseline
	// Reporting rate, all victims                        34.9%        +0.36 ±0.56
	// Detainers honored                                   7.67          −7.7 ±9.4
	// Trust in police, undocumented residents (mean)     0.480  +0.00211 ±0.00020 *
	// Means over 3 replications per arm. Δ: paired difference from baseline (the same random numbers in
	// both arms) ± half-width of its 95% interval; * the interval excludes zero. Rates in percentage
	// points.
}
