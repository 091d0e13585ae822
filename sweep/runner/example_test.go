package runner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// printer is a Sink that prints the runs it receives.
type printer struct{}

func (printer) Start(dir string, plan *sweep.Plan) error {
	fmt.Println("start:", plan.Sweep.Name, len(plan.Arms), "arms")
	return nil
}

func (printer) Run(r runner.Run) error {
	fmt.Println(r.Spec.ID(), len(r.Values.Metrics) > 0, r.Values.ScenarioHash != "")
	return nil
}

func (printer) Done(f *runner.Folder) error {
	fmt.Println("done:", f.Expected, "runs")
	return nil
}

func (printer) Abort() { fmt.Println("aborted") }

// A sweep of two arms × two replications (seed 3) on two workers: the sink
// receives the runs in canonical order, whichever finishes first.
func ExampleExecute() {
	dir, _ := os.MkdirTemp("", "runner-example")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "sweep.yaml")
	os.WriteFile(file, []byte("name: tiny\nseed: 3\ndays: 5\nreplications: 2\narms: {baseline: {}, never: {policies.detainers: never}}\n"), 0o644)
	plan, err := sweep.Load(file, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := runner.Execute(context.Background(), plan, runner.Options{Out: filepath.Join(dir, "out"), Workers: 2, Sink: printer{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Done, "finished,", res.Failed, "failed")
	// Output:
	// start: tiny 2 arms
	// baseline.p0000.r00000 true true
	// never.p0000.r00000 true true
	// baseline.p0000.r00001 true true
	// never.p0000.r00001 true true
	// done: 4 runs
	// 4 finished, 0 failed
}
