package calibrate

import (
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/calibration"
	"github.com/agencysim/agencysim/sweep/runner"
)

// factCity is a one-district city: a fact run (the check's 18 arms) of it
// takes about a tenth of a second.
const factCity = `name: tiny
days: 234
city:
  districts:
    - {name: a, population: 2500, groups: {citizen: 0.8, lawful_noncitizen: 0.1, undocumented: 0.1}}
`

// factCalibration fits one parameter to every check-model fact with a
// range: two waves of four points, two replications.
const factCalibration = `name: facts
base: city.yaml
targets: check-model
replications: 2
seed: 5
days: 234
discrepancy: 10
params:
  reporting.fear_slope: [0.5, 4]
history_matching: {waves: 2, points: 4, cutoff: 100, nth_max: 12}
`

// factOutputs reads every table and YAML file of a calibration's output
// folder (the runs here all carry the same date).
func factOutputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".yaml")) {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	return out
}

// History matching on every range fact: the targets are the check's
// range facts; one machine, shards and merges, and a resume from the
// stored first wave write the same bytes.
func TestHistoryMatchingOnFacts(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"cal.yaml": factCalibration, "city.yaml": factCity})
	c, err := Load(filepath.Join(dir, "cal.yaml"), nil)
	require.NoError(t, err)
	in, out := calibration.RangeFacts()
	require.Len(t, c.Targets, len(in))
	require.Len(t, c.LeftOut, len(out))
	assert.Greater(t, len(c.Targets), 11, "more than the facts that are one metric")
	opt := func(out string) Options { return Options{Out: filepath.Join(dir, out), Workers: 2, Date: "2026-01-01"} }

	one := opt("one")
	oc, err := Run(context.Background(), c, one)
	require.NoError(t, err)
	require.Len(t, oc.HM.Waves, 2)
	want := factOutputs(t, one.Out)
	for _, f := range []string{"targets.csv", "waves.csv", "ranges.csv", ParamSetFile, "wave-1/facts.csv", "wave-2/facts.csv", "wave-2/implausibility.csv"} {
		require.Contains(t, want, f)
	}
	assert.Contains(t, want["targets.csv"], "surge_drop,,range")
	assert.Contains(t, want["targets.csv"], "fingerprints_crime_incap_high")
	assert.Contains(t, want["wave-1/facts.csv"], "surge_drop.num,surge_drop.den")
	// 4 points × 2 replications, ids 0–7, after the hash line and header.
	assert.Equal(t, 1+1+8, strings.Count(want["wave-1/facts.csv"], "\n"))

	// Shards and merges, wave by wave.
	sh := opt("shards")
	for wave := 1; wave <= 2; wave++ {
		for i := range 2 {
			o := sh
			o.Shard = runner.Shard{Index: i, Count: 2}
			_, err := Run(context.Background(), c, o)
			var stop *StopError
			require.ErrorAs(t, err, &stop)
			assert.Contains(t, stop.Msg, "shard")
			assert.Equal(t, wave, stop.Wave)
		}
		o := sh
		o.Merge = true
		_, err := Run(context.Background(), c, o)
		if wave == 1 {
			var stop *StopError
			require.ErrorAs(t, err, &stop, "the merge of wave 1 stops at wave 2")
			assert.Contains(t, stop.Msg, "wave 2 is ready")
		} else {
			require.NoError(t, err)
		}
	}
	assert.Equal(t, want, factOutputs(t, sh.Out))

	// A resume: the first wave stored, the second lost.
	require.NoError(t, os.Remove(filepath.Join(one.Out, "wave-2", "facts.csv")))
	require.NoError(t, os.Remove(filepath.Join(one.Out, "waves.csv")))
	_, err = Run(context.Background(), c, one)
	require.NoError(t, err)
	assert.Equal(t, want, factOutputs(t, one.Out))

	// Interrupted as wave 2 starts: a StopError, wave 1 kept; run again,
	// the same bytes.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in2 := opt("interrupted")
	in2.Progress = cancelOn{"wave 2:", cancel}
	_, err = Run(ctx, c, in2)
	var stop *StopError
	require.ErrorAs(t, err, &stop)
	assert.True(t, stop.Interrupted, stop.Msg)
	assert.FileExists(t, filepath.Join(in2.Out, "wave-1", "facts.csv"))
	assert.NoFileExists(t, filepath.Join(in2.Out, "wave-2", "facts.csv"))
	in2.Progress = nil
	_, err = Run(context.Background(), c, in2)
	require.NoError(t, err)
	assert.Equal(t, want, factOutputs(t, in2.Out))

	// Another calibration's fact runs are refused.
	c2, err := Load(filepath.Join(dir, "cal.yaml"), []string{"seed=6"})
	require.NoError(t, err)
	_, err = Run(context.Background(), c2, one)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "different calibration")
}

// cancelOn calls cancel when it is given text holding on.
type cancelOn struct {
	on     string
	cancel func()
}

func (w cancelOn) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.on) {
		w.cancel()
	}
	return len(p), nil
}

// ABC-SMC on every range fact: one fact run per particle, replication
// the particle's simulation id, its figures the facts' values in that
// replication (a ratio's num ÷ den). On this small city some facts are
// undefined in one replication (no undocumented report to lose in the
// surge's two weeks: surge_recovery's denominator is 0), so every
// distance is infinite and ABC stops after its prior sample, as it must.
func TestABCOnFacts(t *testing.T) {
	t.Parallel()
	spec := strings.Replace(factCalibration, "history_matching: {waves: 2, points: 4, cutoff: 100, nth_max: 12}", "method: abc_smc\nabc_smc: {population: 4, generations: 1, budget: 4}", 1)
	dir := writeFiles(t, map[string]string{"cal.yaml": spec, "city.yaml": factCity})
	c, err := Load(filepath.Join(dir, "cal.yaml"), nil)
	require.NoError(t, err)
	out := filepath.Join(dir, "out")
	_, err = Run(context.Background(), c, Options{Out: out, Workers: 2, Date: "2026-01-01"})
	require.ErrorContains(t, err, "stopped before its first generation")
	b, err := os.ReadFile(filepath.Join(out, "abc", "gen-0", "batch-0.csv"))
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.Len(t, rows, 2+4)
	assert.Equal(t, "id,reporting.fear_slope,"+strings.Join(targetNames(c), ","), rows[1])
	// Particle 2's figures are the facts' values in replication 2 at its θ.
	cells := strings.Split(rows[2+2], ",")
	require.Equal(t, "2", cells[0])
	theta, err := strconv.ParseFloat(cells[1], 64)
	require.NoError(t, err)
	l, err := c.scenario([]float64{theta})
	require.NoError(t, err)
	v, err := calibration.Replicate(context.Background(), l, 2)
	require.NoError(t, err)
	nan := 0
	for i := range c.Facts {
		f := &c.Facts[i]
		want := f.Value(f.Of(v))
		if math.IsNaN(want) {
			nan++
		}
		assert.Equal(t, strconv.FormatFloat(want, 'g', -1, 64), cells[2+i], f.ID)
	}
	assert.Positive(t, nan, "the test's premise: a fact undefined in one replication")
	var figs []float64
	for _, s := range cells[2:] {
		x, _ := strconv.ParseFloat(s, 64)
		figs = append(figs, x)
	}
	assert.True(t, math.IsInf(Distance(c.Targets, figs), 1))
}

func targetNames(c *Calibration) []string {
	var out []string
	for _, t := range c.Targets {
		out = append(out, t.Name)
	}
	return out
}

// Fact targets need the check's span: too few days is a located error,
// whether the calibrate file or the base scenario sets them.
func TestFactTargetsNeedTheCheckDays(t *testing.T) {
	t.Parallel()
	for name, files := range map[string]map[string]string{
		"calibrate file": {"cal.yaml": strings.Replace(factCalibration, "days: 234", "days: 100", 1), "city.yaml": factCity},
		"base scenario":  {"cal.yaml": strings.Replace(factCalibration, "days: 234\n", "", 1), "city.yaml": strings.Replace(factCity, "days: 234", "days: 90", 1)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := writeFiles(t, files)
			_, err := Load(filepath.Join(dir, "cal.yaml"), nil)
			require.Error(t, err)
			msg := err.Error()
			assert.Contains(t, msg, "days")
			assert.Contains(t, msg, "at least 234 days")
			assert.Contains(t, msg, CheckModelBaseline)
			if name == "base scenario" {
				assert.Contains(t, msg, "90 days")
			} else {
				assert.Contains(t, msg, "cal.yaml:6")
			}
			// The cheap set has no such limit.
			text := strings.Replace(files["cal.yaml"], "targets: check-model", "targets: "+CheckModelBaseline, 1)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "cal.yaml"), []byte(text), 0o644))
			c, err := Load(filepath.Join(dir, "cal.yaml"), nil)
			require.NoError(t, err)
			assert.Nil(t, c.Facts)
			assert.Len(t, c.Targets, 11)
		})
	}
}
