package search

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resumeSpec is tinySpec cut down to 20 days and one replication, over
// 3 generations.
var resumeSpec = strings.NewReplacer("days: 45", "days: 20", "replications: 2", "replications: 1", "generations: 1", "generations: 3").Replace(tinySpec)

// search runs the search of spec with its journal in dir; stop, if not
// negative, cancels it after that generation; setup, if not nil, is
// called before the journal is opened. It returns pareto.csv and
// generations.csv, the model runs made and Optimize's error.
func searchIn(t *testing.T, spec, dir string, stop int, setup ...func(*SimProblem)) (string, string, int, error) {
	t.Helper()
	p, err := LoadSpec(spec)
	require.NoError(t, err)
	for _, f := range setup {
		f(p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.SetContext(ctx)
	if _, err := p.Journal(dir); err != nil {
		return "", "", 0, err
	}
	defer p.Close()
	var h History
	sp := p.Options().Spec
	res, err := Optimize(p, Options{Population: sp.Population, Generations: sp.Generations, Seed: uint64(sp.Seed), Progress: func(gen int, pop []Individual) {
		h.Add(gen, pop)
		if gen == stop {
			cancel()
		}
	}})
	if err != nil {
		return "", "", p.Runs(), err
	}
	var pareto, gens bytes.Buffer
	_, err = WritePareto(&pareto, p, res)
	require.NoError(t, err)
	require.NoError(t, h.WriteGenerations(&gens))
	return pareto.String(), gens.String(), p.Runs(), nil
}

// An interrupted search, run again on its folder, ends with the same
// pareto.csv and generations.csv as one never interrupted, byte for byte,
// without running again the candidates it had evaluated; a journal line
// cut short is dropped; another search's folder is refused.
func TestInterruptedSearchResumesToTheSameFront(t *testing.T) {
	t.Parallel()
	spec := writeSpec(t, resumeSpec)
	whole, wholeGens, wholeRuns, err := searchIn(t, spec, t.TempDir(), -1)
	require.NoError(t, err)

	dir := t.TempDir()
	_, _, firstRuns, err := searchIn(t, spec, dir, 1)
	require.True(t, errors.Is(err, context.Canceled), "stopped after generation 1: %v", err)
	require.Greater(t, firstRuns, 0)
	// The process died while writing a line.
	f, err := os.OpenFile(filepath.Join(dir, JournalFile), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`"policies.detainers=never;policies.outreach=0.5;",-0.3`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	resumed, resumedGens, resumedRuns, err := searchIn(t, spec, dir, -1)
	require.NoError(t, err)
	assert.Equal(t, whole, resumed, "pareto.csv")
	assert.Equal(t, wholeGens, resumedGens, "generations.csv")
	assert.Equal(t, wholeRuns, firstRuns+resumedRuns, "no candidate ran twice")
	b, err := os.ReadFile(filepath.Join(dir, JournalFile))
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(string(b), "\n"), "the cut line is gone")

	// More generations go on from the journal: only the new ones run.
	more := writeSpec(t, strings.Replace(resumeSpec, "generations: 3", "generations: 4", 1))
	_, _, moreRuns, err := searchIn(t, more, dir, -1)
	require.NoError(t, err)
	assert.LessOrEqual(t, moreRuns, 4, "one generation of 4 candidates")

	// Another seed is another search.
	other := writeSpec(t, strings.Replace(resumeSpec, "seed: 3", "seed: 4", 1))
	_, _, _, err = searchIn(t, other, dir, -1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds another search")
}

func TestSearchVerdictFlipsWithTheHypervolume(t *testing.T) {
	t.Parallel()
	flat, text := Verdict([]float64{0.2, 0.5, 0.7, 0.80, 0.801, 0.802, 0.802, 0.8025, 0.803})
	assert.True(t, flat)
	assert.Equal(t, "Converged: the hypervolume of the front grew by 0.1% over the last 2 of 8 generations (to 0.803): more generations are unlikely to move the front much", text)
	flat, text = Verdict([]float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0})
	assert.False(t, flat)
	assert.Contains(t, text, "Not converged: the hypervolume of the front still grew by 20.0% over the last 2 of 8 generations")
	flat, text = Verdict([]float64{0.2, 0.3})
	assert.False(t, flat)
	assert.Contains(t, text, "Not enough to judge: 1 generation after the initial population")
}

// The hypervolume of a front that improves grows, on one scale over all
// generations.
func TestHistoryHypervolumesShareAScale(t *testing.T) {
	t.Parallel()
	var h History
	h.Add(0, []Individual{{F: []float64{1, 1}, Rank: 0}, {F: []float64{2, 2}, Rank: 1}})
	h.Add(1, []Individual{{F: []float64{0, 1}, Rank: 0}, {F: []float64{1, 0}, Rank: 0}})
	hv := h.Hypervolumes()
	// Scaled by [0, 1] per objective: generation 0 is (1, 1), 0.1²;
	// generation 1 is (0, 1) and (1, 0): 1.1·0.1·2 − 0.1².
	assert.InDelta(t, 0.01, hv[0], 1e-12)
	assert.InDelta(t, 0.21, hv[1], 1e-12)
}
