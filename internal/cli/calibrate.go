package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/agencysim/agencysim/calibration"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep/calibrate"
	"github.com/agencysim/agencysim/sweep/runner"
)

func newCalibrateCmd(env Env) *cobra.Command {
	var (
		out, shard string
		merge      bool
		workers    int
		quiet      bool
		sets       []string
	)
	c := &cobra.Command{
		Use:   "calibrate SPEC.yaml --out DIR",
		Short: "Fit parameters to observed figures: history matching in waves, or ABC-SMC",
		Long: `calibrate fits the parameters a calibrate file names (numeric scenario keys,
each with a prior range) to targets: check-model's published ranges (every fact
with a range; each point and replication is then one fact run of all the
check's arms, DIR/wave-K/facts.csv), check-model-baseline (only the facts
that are one metric of the base scenario: one run each), or a CSV file of
a jurisdiction's own figures (value and sd, or a range).

history_matching (the default) runs waves of design points, each wave a
sweep in DIR/wave-K (resumable; --shard i/N runs one shard of the current
wave for a cluster, --merge joins that wave's shards), and rules out the
points whose implausibility — the distance from the targets in units of
the observation error, the model discrepancy and the replication variance
— is above the cut-off. abc_smc draws a weighted posterior sample
(DIR/posterior.csv), one batch of simulations at a time, each batch kept in
DIR/abc/gen-T/batch-B.csv (resumable by batch; --shard i/N runs one shard
of the next batch to run, --merge joins that batch's shards and goes on to
the next).

Both write DIR/calibrated.params.yaml, a parameter set file a scenario
uses with parameter_set_files: [path]; and the tables of each wave or
generation. See docs/sweeps.md, "Calibration".`,
		Example: `  agencysim calibrate scenarios/sweeps/calibrate-example.yaml --out results/calib
  agencysim calibrate city.yaml --out results/city --shard 3/8     # one shard of the current wave (ABC-SMC: batch)
  agencysim calibrate city.yaml --out results/city --merge         # when all 8 are done`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if out == "" {
				return inputError{errors.New("--out DIR is required: the folder the calibration goes to")}
			}
			if err := checkWorkers(workers); err != nil {
				return err
			}
			opt := calibrate.Options{Out: out, Workers: workers, Merge: merge, Date: time.Now().UTC().Format("2006-01-02")}
			if shard != "" {
				s, err := runner.ParseShard(shard)
				if err != nil {
					return err
				}
				opt.Shard = s
			}
			if merge && opt.Shard.Count > 1 {
				return inputError{errors.New("--merge and --shard: give one (--shard runs a shard of a wave or batch, --merge joins the shards)")}
			}
			cal, err := calibrate.Load(args[0], sets)
			if err != nil {
				return err
			}
			if !quiet {
				opt.Progress = env.Stderr
				if f, ok := env.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
					opt.Terminal = true
				}
				describeCalibration(env.Stderr, cal)
			}
			oc, err := calibrate.Run(env.Ctx, cal, opt)
			var stop *calibrate.StopError
			switch {
			case errors.As(err, &stop) && stop.Interrupted:
				writeCalibration(env.Stdout, out, cal, oc)
				return interruptedError{stop.Msg}
			case errors.As(err, &stop):
				writeCalibration(env.Stdout, out, cal, oc)
				fmt.Fprintln(env.Stdout, stop.Msg)
				return nil
			case errors.Is(err, calibrate.ErrNoSpace):
				writeCalibration(env.Stdout, out, cal, oc)
				return fmt.Errorf("%w; no parameter set written. Widen the discrepancy (discrepancy, or the targets' own), check the targets' units, or widen the prior ranges (hmer #17)", err)
			case err != nil:
				return err
			}
			writeCalibration(env.Stdout, out, cal, oc)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&out, "out", "", "output folder (created if needed; reused to resume)")
	fl.StringVar(&shard, "shard", "", "run only shard i of N of the current wave (ABC-SMC: of the next batch to run), then stop: i/N, 0 ≤ i < N")
	fl.BoolVar(&merge, "merge", false, "join the current wave's shards and analyse it, then stop (ABC-SMC: join the batch's shards and go on to the next batch to run)")
	fl.IntVar(&workers, "workers", 0, workersHelp)
	fl.BoolVar(&quiet, "quiet", false, "no progress output")
	fl.StringArrayVar(&sets, "set", nil, "override a calibrate-file key: path=value (repeatable)")
	return c
}

// describeCalibration says what will run, the warnings about the targets
// and the check-model facts left out.
func describeCalibration(w io.Writer, c *calibrate.Calibration) {
	var keys []string
	for _, p := range c.Params {
		keys = append(keys, fmt.Sprintf("%s [%g, %g]", p.Key, p.Low, p.High))
	}
	fmt.Fprintf(w, "calibrate %q: %s of %s to %d targets (%s)\n", c.Spec.Name, c.Spec.Method.Label(), strings.Join(keys, ", "), len(c.Targets), safetext.Escape(c.TargetsOf))
	for _, s := range c.Warnings {
		fmt.Fprintln(w, "warning:", safetext.Escape(s))
	}
	if c.Facts != nil {
		fmt.Fprintf(w, "check-model: all %d facts with a range; each (point, replication) is one fact run of the check's %d arms (%d model runs)\n", len(c.Facts), calibration.NumArms, calibration.NumArms)
	}
	if n := len(c.LeftOut); n > 0 {
		var ids []string
		for _, l := range c.LeftOut {
			ids = append(ids, strings.SplitN(l, ":", 2)[0])
		}
		why := "not one metric of the base scenario: they compare the check's arms or combine metrics (targets: check-model fits to them)"
		if c.Facts != nil {
			why = "a direction, not a range: no distance from a target"
		}
		fmt.Fprintf(w, "check-model: %d facts left out (%s; listed in targets.csv): %s\n", n, why, strings.Join(ids, ", "))
	}
}

// writeCalibration prints the waves or generations and the result.
func writeCalibration(w io.Writer, out string, c *calibrate.Calibration, oc *calibrate.Outcome) {
	if oc == nil {
		return
	}
	if r := oc.HM; r != nil && len(r.Waves) > 0 {
		fmt.Fprintf(w, "\n%-5s %7s %16s %16s\n", "wave", "points", "non-implausible", "space remaining")
		for _, wv := range r.Waves {
			fmt.Fprintf(w, "%-5d %7d %9d (%3.0f%%) %15.1f%%\n", wv.Index, len(wv.Points), wv.Count(), 100*float64(wv.Count())/float64(len(wv.Points)), 100*wv.SpaceRemaining)
		}
		ranges, ok := r.Ranges()
		best, im := r.Best()
		fmt.Fprintf(w, "\n%-40s %23s %23s %12s\n", "parameter", "prior", "non-implausible", "best")
		for j, p := range c.Params {
			ni := "none"
			if ok {
				ni = fmt.Sprintf("[%.4g, %.4g]", ranges[j][0], ranges[j][1])
			}
			fmt.Fprintf(w, "%-40s %23s %23s %12.4g\n", p.Key, fmt.Sprintf("[%.4g, %.4g]", p.Low, p.High), ni, best[j])
		}
		fmt.Fprintf(w, "best point: implausibility %.3g (wave %d, point %d)\n", im, r.BestWave, r.BestPoint)
	}
	if r := oc.ABC; r != nil && len(r.Generations) > 1 {
		fmt.Fprintf(w, "\n%-10s %10s %12s %10s %6s\n", "generation", "ε", "simulations", "accepted", "ESS")
		for _, g := range r.Generations {
			eps := fmt.Sprintf("%.4g", g.Epsilon)
			if math.IsInf(g.Epsilon, 1) {
				eps = "∞"
			}
			fmt.Fprintf(w, "%-10d %10s %12d %9.1f%% %6.0f\n", g.T, eps, g.TotalSim, 100*g.Acceptance(), g.ESS())
		}
		post := r.Posterior()
		fmt.Fprintf(w, "\n%-40s %23s %12s %23s\n", "parameter", "prior", "mean", "95% interval")
		for j, p := range c.Params {
			fmt.Fprintf(w, "%-40s %23s %12.4g %23s\n", p.Key, fmt.Sprintf("[%.4g, %.4g]", p.Low, p.High), post.Mean(j), fmt.Sprintf("[%.4g, %.4g]", post.Quantile(j, 0.025), post.Quantile(j, 0.975)))
		}
		fmt.Fprintf(w, "stopped: %s\n", r.Stopped)
	}
	if oc.Chosen != nil {
		fmt.Fprintf(w, "\nParameter set: %s (use it with parameter_set_files: [path])\n", safetext.Escape(filepath.Join(out, calibrate.ParamSetFile)))
	}
	var top []string
	waves := false
	for _, f := range oc.Files {
		if strings.HasPrefix(f, "wave-") {
			waves = true
		} else if f != calibrate.ParamSetFile {
			top = append(top, f)
		}
	}
	if waves {
		if c.Facts != nil {
			top = append(top, "wave-K/implausibility.csv, wave-K/non_implausible.csv; wave-K/facts.csv holds each wave's fact runs")
		} else {
			top = append(top, "wave-K/implausibility.csv, wave-K/non_implausible.csv; wave-K is each wave's sweep folder")
		}
	}
	if len(top) > 0 {
		fmt.Fprintf(w, "Tables: %s (%s)\n", safetext.Escape(out), strings.Join(top, ", "))
	}
}
