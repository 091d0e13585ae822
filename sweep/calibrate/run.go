package calibrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// Options control [Run].
type Options struct {
	Out      string       // the output folder (required)
	Shard    runner.Shard // run this shard of the current wave (ABC-SMC: batch), then stop
	Merge    bool         // merge the current wave's shards, then stop (ABC-SMC: and go on to the next batch to run)
	Workers  int          // parallel runs (0: GOMAXPROCS); results do not depend on it
	Progress io.Writer    // progress of the runs; nil for none
	Terminal bool         // draw progress bars
	Date     string       // the date written in the parameter set's source (YYYY-MM-DD)
}

// Outcome is what [Run] did: the result of the method that ran (one of
// HM and ABC is set) and the files written.
type Outcome struct {
	HM     *HMResult
	ABC    *ABCResult
	Chosen []float64 // the parameter set's values
	Files  []string  // written, relative to Options.Out
}

// Run runs the calibration into opt.Out and writes its outputs: the
// resolved targets, each wave's (or generation's) tables, the ranges and
// the parameter set file (see docs/sweeps.md, "Calibration"). A
// *[StopError] says that it stopped as asked (a shard done, a merge done;
// for ABC-SMC, also a shard run with no batch left) or was interrupted:
// the outputs of the waves finished so far are written (ABC-SMC writes
// its outputs only when done, on one machine or by a merge). [ErrNoSpace] (wrapped) comes with the outputs written and no
// parameter set.
func Run(ctx context.Context, c *Calibration, opt Options) (*Outcome, error) {
	if opt.Out == "" {
		return nil, sweep.InputError("calibrate: no output folder")
	}
	if err := os.MkdirAll(opt.Out, 0o777); err != nil {
		return nil, err
	}
	oc := &Outcome{}
	if err := oc.write(opt.Out, "targets.csv", func(w io.Writer) error { return writeTargets(w, c) }); err != nil {
		return nil, err
	}
	if c.Spec.Method == ABCSMCMethod {
		return oc, runABC(ctx, c, opt, oc)
	}
	var ev Evaluator = &SweepEvaluator{C: c, Out: opt.Out, Shard: opt.Shard, Merge: opt.Merge, Workers: opt.Workers, Progress: opt.Progress, Terminal: opt.Terminal}
	if c.Facts != nil {
		ev = NewFactEvaluator(c, opt)
	}
	res, err := HistoryMatch(ctx, c.Params, c.Targets, ev, HMOptions{
		Waves: c.Spec.HM.Waves, Points: c.Points(), Cutoff: c.Spec.HM.Cutoff, NthMax: c.Spec.HM.NthMax, Seed: uint64(c.Spec.Seed),
	})
	oc.HM = res
	if len(res.Waves) > 0 {
		if werr := writeHM(opt.Out, c, res, oc); werr != nil {
			return oc, werr
		}
	}
	if err != nil {
		return oc, err
	}
	best, _ := res.Best()
	oc.Chosen = best
	ranges, _ := res.Ranges()
	src := fmt.Sprintf("agencysim calibrate %s on %s: history matching, %d waves of %d points × %d replications, targets %s", c.Source, opt.Date, len(res.Waves), c.Points(), c.Spec.Replications, c.TargetsOf)
	return oc, oc.writeParamSet(opt.Out, c, src, "best point: the lowest implausibility of the last wave; ranges: of its non-implausible points", best, ranges)
}

// write writes a file of the output folder atomically and lists it.
func (oc *Outcome) write(out, name string, fn func(io.Writer) error) error {
	p := filepath.Join(out, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return err
	}
	if err := fsutil.WriteAtomic(p, fn); err != nil {
		return err
	}
	oc.Files = append(oc.Files, name)
	return nil
}

// ParamSetFile is the name of the parameter set file in the output folder.
const ParamSetFile = "calibrated.params.yaml"

func (oc *Outcome) writeParamSet(out string, c *Calibration, source, chosen string, x []float64, ranges [][2]float64) error {
	keys := make([]string, len(c.Params))
	vals := make([]any, len(c.Params))
	for j, p := range c.Params {
		keys[j], vals[j] = p.Key, c.Value(j, x[j])
	}
	head := []string{
		"A parameter set calibrated by agencysim calibrate (docs/sweeps.md, \"Calibration\").",
		"Use it in a scenario (the path relative to the scenario file):",
		"  parameter_set_files: [" + ParamSetFile + "]",
		"or in a sweep's base scenario or arm the same way.",
	}
	if len(c.LeftOut) > 0 {
		why := "not one metric of the base scenario"
		if c.Facts != nil {
			why = "a direction, not a range"
		}
		head = append(head, fmt.Sprintf("check-model facts left out of the targets (%s): %d; see targets.csv", why, len(c.LeftOut)))
	}
	f := &scenarios.ParameterSetFile{Name: c.Spec.Name, Source: source, Chosen: chosen}
	data := scenarios.WriteParameterSetFile(head, f, keys, vals, ranges)
	return oc.write(out, ParamSetFile, func(w io.Writer) error { _, err := w.Write(data); return err })
}

func runABC(ctx context.Context, c *Calibration, opt Options, oc *Outcome) error {
	a := c.Spec.ABC
	store := &BatchStore{
		Dir: filepath.Join(opt.Out, "abc"), Hash: c.Hash, Shard: opt.Shard, Merge: opt.Merge,
		Sim:     &ModelSimulator{C: c, Workers: opt.Workers},
		Command: fmt.Sprintf("agencysim calibrate %s --out %s", safetext.Escape(c.Source), safetext.Escape(opt.Out)),
	}
	if c.Facts != nil {
		store.Sim = &FactSimulator{C: c, Workers: opt.Workers, Values: true}
	}
	for _, p := range c.Params {
		store.Params = append(store.Params, p.Key)
	}
	for _, t := range c.Targets {
		store.Figures = append(store.Figures, t.Name)
	}
	res, err := ABCSMC(ctx, c.Prior(), store, func(f []float64) float64 { return Distance(c.Targets, f) }, ABCOptions{
		Population: a.Population, Generations: a.Generations, Quantile: a.Quantile, MinEpsilon: a.MinEpsilon,
		MinAcceptance: a.MinAcceptance, MinEpsilonDiff: a.MinEpsilonDifference, Budget: a.Budget, Seed: uint64(c.Spec.Seed),
		Done: func(g *Generation) error {
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "calibrate: generation %d: ε %.4g, acceptance %.3g%%, ESS %.0f, %d simulations\n", g.T, g.Epsilon, 100*g.Acceptance(), g.ESS(), g.TotalSim)
			}
			return nil
		},
	})
	oc.ABC = res
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return &StopError{Msg: fmt.Sprintf("interrupted after %d generations (the batches done are kept); run the same command again to resume", len(res.Generations)), Interrupted: true}
		}
		return err
	}
	if opt.Shard.Count > 1 {
		return &StopError{Msg: fmt.Sprintf("ABC-SMC has no batch left to run (%s); %s --merge writes the outputs", res.Stopped, store.Command)}
	}
	if len(res.Generations) < 2 {
		return fmt.Errorf("calibrate: ABC-SMC stopped before its first generation after the prior sample (%s): raise abc_smc.budget or lower abc_smc.min_acceptance", res.Stopped)
	}
	if err := writeABC(opt.Out, c, res, oc); err != nil {
		return err
	}
	post := res.Posterior()
	mean := make([]float64, len(c.Params))
	ranges := make([][2]float64, len(c.Params))
	for j := range c.Params {
		mean[j] = post.Mean(j)
		if c.Params[j].Integer {
			mean[j] = math.Round(mean[j])
		}
		ranges[j] = [2]float64{post.Quantile(j, 0.025), post.Quantile(j, 0.975)}
	}
	oc.Chosen = mean
	src := fmt.Sprintf("agencysim calibrate %s on %s: ABC-SMC, %d generations of %d particles (ε %.4g, %d simulations), targets %s", c.Source, opt.Date, post.T, len(post.Theta), post.Epsilon, post.TotalSim, c.TargetsOf)
	return oc.writeParamSet(opt.Out, c, src, "posterior mean; ranges: 95% posterior intervals (weighted 2.5% and 97.5% quantiles)", mean, ranges)
}
