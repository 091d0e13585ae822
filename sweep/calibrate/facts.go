package calibrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"

	"github.com/agencysim/agencysim/calibration"
	"github.com/agencysim/agencysim/internal/pool"
	"github.com/agencysim/agencysim/internal/safetext"
)

// FactSimulator runs fact runs (targets: check-model): for each θ, one
// replication of every arm of the check (calibration.Replicate, that is
// calibration.NumArms model runs) on the scenario at θ, Workers fact runs
// at once.
type FactSimulator struct {
	C       *Calibration
	Workers int // 0: GOMAXPROCS; results do not depend on it
	// Replications, if > 0, makes simulation id i run replication
	// i mod Replications (history matching: id = point × R + replication,
	// so every point of a wave shares replication r's random numbers);
	// otherwise replication id (ABC-SMC: a particle's simulation id).
	Replications int
	// Values makes each simulation's figures the targets' values in that
	// replication (calibration.Fact.Value: a ratio's num ÷ den), for the
	// ABC distance; otherwise the figures of each target's fact
	// (calibration.Fact.Figures, one target after the other), which
	// [FactEvaluator] combines over replications as check-model does.
	Values bool
}

// Simulate implements Simulator.
func (m *FactSimulator) Simulate(ctx context.Context, _ BatchKey, thetas [][]float64, ids []uint64) ([][]float64, error) {
	w := m.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	out := make([][]float64, len(thetas))
	err := pool.Run(ctx, w, pool.Indices(len(thetas)), func(i int) error {
		rep := ids[i]
		if m.Replications > 0 {
			rep %= uint64(m.Replications)
		}
		l, err := m.C.scenario(thetas[i])
		if err != nil {
			return err
		}
		v, err := calibration.Replicate(ctx, l, rep)
		if err != nil {
			return fmt.Errorf("calibrate: fact run %d: %w", ids[i], err)
		}
		for t := range m.C.Facts {
			f := &m.C.Facts[t]
			if m.Values {
				out[i] = append(out[i], f.Value(f.Of(v)))
			} else {
				out[i] = append(out[i], f.Of(v)...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// factFigures names the figures of an HM fact run: each target's fact's
// figures, "fact.num" and so on.
func (c *Calibration) factFigures() []string {
	var out []string
	for _, f := range c.Facts {
		for _, g := range f.Figures {
			out = append(out, f.ID+"."+g)
		}
	}
	return out
}

// FactEvaluator runs each history-matching wave as fact runs (targets:
// check-model): every (point, replication) of the wave is one fact run,
// simulation id point × R + replication, and the wave is one batch of a
// [BatchStore]: OUT/wave-K/facts.csv once complete, its shards
// OUT/wave-K/facts/shards/I-of-N.csv, resumed, sharded and merged as
// ABC-SMC's batches are (a wave interrupted before it is complete runs
// again whole, less the shards stored). A point's statistics per target
// are the fact's estimate over the replications as check-model computes
// it (calibration.Fact.Estimate) and, as Var, the variance of that
// estimate × N, so that [Target.Implausibility]'s variance/n is the
// estimate's variance.
type FactEvaluator struct {
	C        *Calibration
	Progress io.Writer
	store    *BatchStore
}

// NewFactEvaluator returns the evaluator of the calibration's fact runs
// into out, with the shard and merge options of [Options].
func NewFactEvaluator(c *Calibration, opt Options) *FactEvaluator {
	st := &BatchStore{
		Dir: opt.Out, Hash: c.Hash, Shard: opt.Shard, Merge: opt.Merge, Figures: c.factFigures(),
		Sim:     &FactSimulator{C: c, Workers: opt.Workers, Replications: c.Spec.Replications},
		Command: fmt.Sprintf("agencysim calibrate %s --out %s", safetext.Escape(c.Source), safetext.Escape(opt.Out)),
		File:    func(k BatchKey) string { return filepath.Join(fmt.Sprintf("wave-%d", k.Generation), "facts.csv") },
		Label:   func(k BatchKey) string { return fmt.Sprintf("history matching wave %d", k.Generation) },
		Title:   "history matching (fact runs)",
	}
	for _, p := range c.Params {
		st.Params = append(st.Params, p.Key)
	}
	return &FactEvaluator{C: c, Progress: opt.Progress, store: st}
}

// Evaluate implements Evaluator.
func (e *FactEvaluator) Evaluate(ctx context.Context, wave int, points [][]float64) ([]Stats, error) {
	r := e.C.Spec.Replications
	thetas := make([][]float64, 0, len(points)*r)
	ids := make([]uint64, 0, len(points)*r)
	for p, x := range points {
		for k := range r {
			thetas, ids = append(thetas, x), append(ids, uint64(p*r+k))
		}
	}
	if e.Progress != nil && !isFile(e.store.BatchFile(BatchKey{Generation: wave})) {
		fmt.Fprintf(e.Progress, "calibrate: wave %d: %d fact runs (%d points × %d replications), each %d model runs\n", wave, len(ids), len(points), r, calibration.NumArms)
	}
	figs, err := e.store.Simulate(ctx, BatchKey{Generation: wave}, thetas, ids)
	var stop *StopError
	switch {
	case errors.As(err, &stop):
		stop.Wave = wave
		return nil, stop
	case errors.Is(err, context.Canceled):
		return nil, &StopError{Wave: wave, Msg: fmt.Sprintf("interrupted: the fact runs of wave %d are lost (a wave is stored whole; the waves before are kept); run the same command again to resume", wave), Interrupted: true}
	case err != nil:
		return nil, err
	}
	out := make([]Stats, len(points))
	for p := range points {
		st := Stats{Mean: make([]float64, len(e.C.Facts)), Var: make([]float64, len(e.C.Facts)), N: make([]int, len(e.C.Facts))}
		at := 0
		for t := range e.C.Facts {
			f := &e.C.Facts[t]
			rows := make([][]float64, r)
			for k := range r {
				rows[k] = figs[p*r+k][at : at+len(f.Figures)]
			}
			at += len(f.Figures)
			est, v, n := f.Estimate(rows)
			st.Mean[t], st.N[t] = est, n
			if n >= 2 && v > 0 {
				st.Var[t] = v * float64(n)
			}
		}
		out[p] = st
	}
	return out, nil
}
