package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/cli"
)

// A small calibration: two parameters, two waves of six points, two
// replications of 30 days.
const smallCalibration = `name: small
targets: targets.csv
replications: 2
seed: 3
days: 30
params:
  reporting.fear_slope: [0.5, 4]
  reporting.witness_cooperation: [0.2, 1]
history_matching: {waves: 2, points: 6}
`

const smallTargets = `metric,value,sd,kind
crimes.by_group.undocumented.rate,0.17,0.03,mean
witnesses.cooperation_rate,0.58,0.03,realisation
`

// calibrationOutputs reads the calibrate outputs of a folder (not the
// sweep folders' own files), the parameter set's source line (it holds
// the date) left out.
func calibrationOutputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	src := regexp.MustCompile(`(?m)^source: .*$`)
	for _, pat := range []string{"*.csv", "*.yaml", "wave-*/*.csv"} {
		ms, err := filepath.Glob(filepath.Join(dir, pat))
		require.NoError(t, err)
		for _, m := range ms {
			b, err := os.ReadFile(m)
			require.NoError(t, err)
			rel, _ := filepath.Rel(dir, m)
			out[rel] = src.ReplaceAllString(string(b), "source: …")
		}
	}
	return out
}

// cancelAfter is a writer that calls cancel the first time it is given
// text holding want.
type cancelAfter struct {
	mu     sync.Mutex
	b      bytes.Buffer
	want   string
	cancel func()
	done   bool
}

func (w *cancelAfter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if !w.done && strings.Contains(w.b.String(), w.want) {
		w.done = true
		w.cancel()
	}
	return len(p), nil
}

// calibrationFiles writes a calibrate file of text and the small targets
// into a new folder.
func calibrationFiles(t *testing.T, text string) (dir, spec string) {
	t.Helper()
	dir = t.TempDir()
	spec = filepath.Join(dir, "cal.yaml")
	require.NoError(t, os.WriteFile(spec, []byte(text), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "targets.csv"), []byte(smallTargets), 0o644))
	return dir, spec
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// calibrate writes its outputs and a parameter set; a run resumed after
// losing runs (an interruption) writes the same outputs; shards of each
// wave merged give the same bytes as one machine.
func TestCalibrateResumeAndShards(t *testing.T) {
	t.Parallel()
	dir, spec := calibrationFiles(t, smallCalibration)

	whole := filepath.Join(dir, "whole")
	out, errs, code := agencysim(t, nil, "calibrate", spec, "--out", whole, "--workers", "4", "--quiet")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "space remaining")
	assert.Contains(t, out, "calibrated.params.yaml")
	want := calibrationOutputs(t, whole)
	assert.Equal(t, []string{"calibrated.params.yaml", "ranges.csv", "targets.csv", "wave-1/implausibility.csv", "wave-1/non_implausible.csv",
		"wave-2/implausibility.csv", "wave-2/non_implausible.csv", "waves.csv"}, keys(want))
	assert.Contains(t, want["calibrated.params.yaml"], "reporting.fear_slope: ")

	// Interrupted: wave 2 never ran, and half of wave 1's runs are lost.
	resumed := filepath.Join(dir, "resumed")
	require.NoError(t, os.CopyFS(resumed, os.DirFS(whole)))
	require.NoError(t, os.RemoveAll(filepath.Join(resumed, "wave-2")))
	runs, err := filepath.Glob(filepath.Join(resumed, "wave-1", "runs", "*.json.gz"))
	require.NoError(t, err)
	require.Len(t, runs, 12)
	for _, r := range runs[:6] {
		require.NoError(t, os.Remove(r))
		require.NoError(t, os.Remove(strings.TrimSuffix(r, ".json.gz")+".values"))
	}
	for k := range want {
		_ = os.Remove(filepath.Join(resumed, k))
	}
	_, errs, code = agencysim(t, nil, "calibrate", spec, "--out", resumed, "--workers", "2", "--quiet")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Equal(t, want, calibrationOutputs(t, resumed))

	// Stopped by a signal once wave 1 is done: wave 2 is left undone; run
	// again, the outputs are the same.
	stopped := filepath.Join(dir, "stopped")
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var outb bytes.Buffer
	errw := &cancelAfter{want: "runs (100%)", cancel: func() { cancel(cli.Signal{Sig: os.Interrupt}) }}
	code = cli.Main([]string{"calibrate", spec, "--out", stopped, "--workers", "2"}, cli.Env{Stdout: &outb, Stderr: errw, Ctx: ctx})
	require.Equal(t, 130, code)
	_, err = os.Stat(filepath.Join(stopped, "wave-2", "design", "points.csv"))
	require.NoError(t, err, "wave 2 was begun")
	_, err = os.Stat(filepath.Join(stopped, "calibrated.params.yaml"))
	require.Error(t, err, "no parameter set before the last wave")
	_, errs, code = agencysim(t, nil, "calibrate", spec, "--out", stopped, "--quiet")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Equal(t, want, calibrationOutputs(t, stopped))

	// Two shards per wave, merged; then the next wave.
	sharded := filepath.Join(dir, "sharded")
	for wave := 1; wave <= 2; wave++ {
		for _, s := range []string{"0/2", "1/2"} {
			out, errs, code := agencysim(t, nil, "calibrate", spec, "--out", sharded, "--shard", s, "--quiet")
			require.Equal(t, cli.ExitOK, code, errs)
			assert.Contains(t, out, "shard "+s+" done")
		}
		out, errs, code := agencysim(t, nil, "calibrate", spec, "--out", sharded, "--merge", "--quiet")
		require.Equal(t, cli.ExitOK, code, errs)
		if wave == 1 {
			assert.Contains(t, out, "wave 2 is ready to run")
		}
	}
	assert.Equal(t, want, calibrationOutputs(t, sharded))

	// A bad calibrate file is located.
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("params:\n  reporting.nope: [0, 1]\ntargets: targets.csv\n"), 0o644))
	_, errs, code = agencysim(t, nil, "calibrate", bad, "--out", filepath.Join(dir, "bad"))
	assert.Equal(t, cli.ExitInput, code)
	assert.True(t, strings.Contains(errs, "bad.yaml:2") && strings.Contains(errs, "params.reporting.nope"), errs)
}

// The small calibration by ABC-SMC: 8 particles, 2 generations.
const smallABC = `name: small-abc
targets: targets.csv
seed: 3
days: 30
params:
  reporting.fear_slope: [0.5, 4]
  reporting.witness_cooperation: [0.2, 1]
method: abc_smc
abc_smc: {population: 8, generations: 2, budget: 400}
`

// ABC-SMC resumed in the middle of a generation, or run in 3 shards of
// each batch with a merge after each, writes the bytes of one machine; a
// merge with a shard missing names it; a shard run once all is done is
// harmless.
func TestCalibrateABCResumeAndShards(t *testing.T) {
	t.Parallel()
	dir, spec := calibrationFiles(t, smallABC)

	whole := filepath.Join(dir, "whole")
	_, errs, code := agencysim(t, nil, "calibrate", spec, "--out", whole, "--workers", "2", "--quiet")
	require.Equal(t, cli.ExitOK, code, errs)
	want := calibrationOutputs(t, whole)
	assert.Equal(t, []string{"calibrated.params.yaml", "generations.csv", "posterior.csv", "ranges.csv", "targets.csv"}, keys(want))

	// Interrupted in generation 2: its first batch is stored, the others not.
	resumed := filepath.Join(dir, "resumed")
	require.NoError(t, os.CopyFS(resumed, os.DirFS(whole)))
	later, err := filepath.Glob(filepath.Join(resumed, "abc", "gen-2", "batch-*.csv"))
	require.NoError(t, err)
	require.Greater(t, len(later), 1, "generation 2 has several batches")
	for _, f := range later {
		if filepath.Base(f) != "batch-0.csv" {
			require.NoError(t, os.Remove(f))
		}
	}
	for k := range want {
		require.NoError(t, os.Remove(filepath.Join(resumed, k)))
	}
	kept := filepath.Join(resumed, "abc", "gen-2", "batch-0.csv")
	before, err := os.Stat(kept)
	require.NoError(t, err)
	_, errs, code = agencysim(t, nil, "calibrate", spec, "--out", resumed, "--workers", "1", "--quiet")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Equal(t, want, calibrationOutputs(t, resumed))
	after, err := os.Stat(kept)
	require.NoError(t, err)
	assert.True(t, os.SameFile(before, after), "the stored batch is read, not run again")

	// Three shards per batch, then a merge, until the parameter set is written.
	sharded := filepath.Join(dir, "sharded")
	for round := 0; !isFile(filepath.Join(sharded, "calibrated.params.yaml")); round++ {
		require.Less(t, round, 40, "the sharded run ends")
		for _, s := range []string{"0/3", "1/3", "2/3"} {
			out, errs, code := agencysim(t, nil, "calibrate", spec, "--out", sharded, "--shard", s, "--quiet")
			require.Equal(t, cli.ExitOK, code, errs)
			assert.Contains(t, out, "shard "+s+" done")
		}
		out, errs, code := agencysim(t, nil, "calibrate", spec, "--out", sharded, "--merge", "--quiet")
		require.Equal(t, cli.ExitOK, code, errs)
		if !strings.Contains(out, "Parameter set") {
			assert.Contains(t, out, "is ready: run its shards")
		}
	}
	assert.Equal(t, want, calibrationOutputs(t, sharded))
	out, errs, code := agencysim(t, nil, "calibrate", spec, "--out", sharded, "--shard", "1/3", "--quiet")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "no batch left to run")
	assert.Equal(t, want, calibrationOutputs(t, sharded))

	// Another calibration (the same file, another --set) in the folder.
	_, errs, code = agencysim(t, nil, "calibrate", spec, "--out", whole, "--set", "days=31", "--quiet")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "holds a different calibration")

	// Shard 1 of 3 never ran.
	gap := filepath.Join(dir, "gap")
	for _, s := range []string{"0/3", "2/3"} {
		_, errs, code := agencysim(t, nil, "calibrate", spec, "--out", gap, "--shard", s, "--quiet")
		require.Equal(t, cli.ExitOK, code, errs)
	}
	_, errs, code = agencysim(t, nil, "calibrate", spec, "--out", gap, "--merge", "--quiet")
	assert.Equal(t, cli.ExitFailure, code)
	assert.Contains(t, errs, "generation 0 batch 0: 3 of 8 simulations are missing")
	assert.Contains(t, errs, "shard 1/3 not done")
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// targets: check-model fits to every fact with a range, from fact runs:
// the command says so, and a shard of a wave of fact runs stops with the
// next step; too few days is a located input error.
func TestCalibrateOnFacts(t *testing.T) {
	t.Parallel()
	const spec = `name: facts
base: city.yaml
targets: check-model
replications: 2
days: 234
params:
  reporting.fear_slope: [0.5, 4]
history_matching: {waves: 1, points: 2}
`
	dir, path := calibrationFiles(t, spec)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "city.yaml"), []byte("name: tiny\ncity:\n  districts:\n    - {name: a, population: 2000}\n"), 0o644))
	out := filepath.Join(dir, "out")
	stdout, errs, code := agencysim(t, nil, "calibrate", path, "--out", out, "--workers", "2", "--shard", "1/2")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, errs, "to 31 targets (check-model)")
	assert.Contains(t, errs, "check-model: all 31 facts with a range; each (point, replication) is one fact run of the check's 18 arms")
	assert.Contains(t, errs, "1 facts left out (a direction, not a range")
	assert.Contains(t, stdout, "history matching wave 1 shard 1/2 done (2 simulations)")
	assert.FileExists(t, filepath.Join(out, "wave-1", "facts", "shards", "1-of-2.csv"))

	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(spec, "days: 234", "days: 200", 1)), 0o644))
	_, errs, code = agencysim(t, nil, "calibrate", path, "--out", out)
	assert.Equal(t, cli.ExitInput, code, errs)
	assert.Contains(t, errs, "cal.yaml:5")
	assert.Contains(t, errs, "days: 200 is too short")
}
