package calibrate

import (
	"context"
	"fmt"
	"runtime"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/pool"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
)

// common is the overrides of every run: set, the seed and the days.
func (c *Calibration) common() []scenarios.Param {
	ps := append([]scenarios.Param(nil), c.Set...)
	ps = append(ps, scenarios.Param{Path: "seed", Value: c.Spec.Seed, Where: c.Source + " (seed)"})
	if c.Spec.Days > 0 {
		ps = append(ps, scenarios.Param{Path: "days", Value: c.Spec.Days, Where: c.Source + " (days)"})
	}
	return ps
}

// pointParams returns the overrides of the parameters at x.
func (c *Calibration) pointParams(x []float64) []scenarios.Param {
	ps := make([]scenarios.Param, len(c.Params))
	for j, p := range c.Params {
		ps[j] = scenarios.Param{Path: p.Key, Value: c.Value(j, x[j]), Where: fmt.Sprintf("%s (params.%s = %v)", c.Source, p.Key, x[j])}
	}
	return ps
}

// scenario returns the scenario of the parameters at x.
func (c *Calibration) scenario(x []float64) (*scenarios.Loaded, error) {
	c.once.Do(func() { c.variants = scenarios.NewVariants(c.BaseName, c.BaseText, c.common()) })
	if _, err := c.variants.Base(); err != nil {
		return nil, err
	}
	return c.variants.Load(c.pointParams(x))
}

// metricIndex returns the position of each target's metric in
// sweep.MetricKeys (the order of a run's values).
func (c *Calibration) metricIndex() []int {
	pos := map[string]int{}
	for i, k := range sweep.MetricKeys() {
		pos[k] = i
	}
	out := make([]int, len(c.Targets))
	for t, tg := range c.Targets {
		i, ok := pos[tg.Metric]
		if !ok {
			panic("calibrate: target metric " + tg.Metric + " is not a sweep metric")
		}
		out[t] = i
	}
	return out
}

// ModelSimulator runs the model for ABC-SMC: one run per particle, its
// replication index the particle's simulation id (no two share random
// streams), Workers at once.
type ModelSimulator struct {
	C       *Calibration
	Workers int // 0: GOMAXPROCS; results do not depend on it
}

// Simulate implements Simulator.
func (m *ModelSimulator) Simulate(ctx context.Context, _ BatchKey, thetas [][]float64, ids []uint64) ([][]float64, error) {
	out := make([][]float64, len(thetas))
	metrics := make([]agents.MetricID, len(m.C.Targets))
	for t, tg := range m.C.Targets {
		metrics[t] = agents.MustMetric(tg.Metric).ID
	}
	w := m.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	err := pool.Run(ctx, w, pool.Indices(len(thetas)), func(i int) (err error) {
		out[i], err = m.run(thetas[i], ids[i], metrics)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (m *ModelSimulator) run(x []float64, id uint64, metrics []agents.MetricID) ([]float64, error) {
	l, err := m.C.scenario(x)
	if err != nil {
		return nil, err
	}
	model, err := agents.New(&l.Scenario.Config, l.Scenario.Options(id))
	if err != nil {
		return nil, err
	}
	sum := model.Run()
	if err := model.Err(); err != nil {
		return nil, err
	}
	f := make([]float64, len(metrics))
	for t, id := range metrics {
		f[t] = sum.Value(id)
	}
	return f, nil
}
