package search

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep/runner"
)

// shardSpec is tinySpec at 20 days with a population of 8 over 2
// generations: 3 generations of new candidates to deal out.
var shardSpec = strings.NewReplacer("days: 45", "days: 20", "population: 4", "population: 8", "generations: 1", "generations: 2").Replace(tinySpec)

func asShard(s runner.Shard) func(*SimProblem) { return func(p *SimProblem) { p.SetShard(s) } }
func asMerge(p *SimProblem)                    { p.SetMerge() }

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// runShardOf runs shard s and checks that it stopped after its share of
// generation gen; it returns the stop and the model runs made.
func runShardOf(t *testing.T, spec, dir string, gen int, s runner.Shard) (*StopError, int) {
	t.Helper()
	_, _, runs, err := searchIn(t, spec, dir, -1, asShard(s))
	var stop *StopError
	require.True(t, errors.As(err, &stop), "shard %s of generation %d: %v", s, gen, err)
	require.Equal(t, gen, stop.Generation)
	require.Equal(t, s, stop.Shard)
	return stop, runs
}

// A search run as 3 shards and a merge per generation writes the same
// pareto.csv, generations.csv and evaluations.csv bytes as one machine —
// with a shard cut short and run again, a merge that finds a shard
// missing, and shards resubmitted after their generation was merged.
func TestShardedSearchIsTheOneMachineSearch(t *testing.T) {
	t.Parallel()
	spec := writeSpec(t, shardSpec)
	one := t.TempDir()
	whole, wholeGens, wholeRuns, err := searchIn(t, spec, one, -1)
	require.NoError(t, err)

	dir := t.TempDir()
	runs := 0
	for gen := 0; gen <= 2; gen++ {
		total := 0
		for i := range 3 {
			s := runner.Shard{Index: i, Count: 3}
			stop, n := runShardOf(t, spec, dir, gen, s)
			assert.Equal(t, stop.Candidates*2, stop.Runs, "2 replications per candidate")
			if gen == 1 && i == 2 {
				assert.Equal(t, 0, n, "done when its generation 0 task was resubmitted")
				assert.Equal(t, stop.Candidates, stop.Held)
			} else {
				assert.Equal(t, stop.Runs, n, "a first run runs its whole share")
				assert.Equal(t, 0, stop.Held)
			}
			runs += n
			total += stop.Candidates
			if gen == 0 && i == 1 {
				// The shard was stopped while writing its last line: its
				// re-run runs only that candidate.
				path := ShardFile(dir, gen, s)
				b := readFile(t, path)
				cut := strings.LastIndexByte(b[:len(b)-1], '\n') + 1
				require.NoError(t, os.WriteFile(path, []byte(b[:cut]+b[cut:cut+10]), 0o644))
				stop, n = runShardOf(t, spec, dir, gen, s)
				assert.Equal(t, stop.Candidates-1, stop.Held)
				assert.Equal(t, 2, n, "one candidate of 2 replications")
				assert.Equal(t, b, readFile(t, path), "the shard file is whole again")
				runs += n
			}
			if gen == 2 && i == 1 {
				// A merge before shard 2 has run names it and writes nothing.
				before := readFile(t, filepath.Join(dir, JournalFile))
				_, _, _, err := searchIn(t, spec, dir, -1, asMerge)
				require.Error(t, err)
				assert.Contains(t, err.Error(), "generation 2: ")
				assert.Contains(t, err.Error(), "2-of-3.csv (absent)")
				assert.NotContains(t, err.Error(), "0-of-3.csv")
				assert.Equal(t, before, readFile(t, filepath.Join(dir, JournalFile)), "evaluations.csv untouched")
			}
		}
		require.Greater(t, total, 0, "generation %d has new candidates", gen)
		pareto, gens, n, err := searchIn(t, spec, dir, -1, asMerge)
		assert.Equal(t, 0, n, "a merge runs nothing")
		if gen < 2 {
			var stop *StopError
			require.True(t, errors.As(err, &stop), "merge of generation %d: %v", gen, err)
			assert.Equal(t, gen+1, stop.Generation, "stops at the next generation")
			assert.Equal(t, runner.Shard{}, stop.Shard)
			// A shard of this generation resubmitted after the merge
			// does its share of the next, which that shard then finds
			// done.
			if gen == 0 {
				stop, n := runShardOf(t, spec, dir, 1, runner.Shard{Index: 2, Count: 3})
				runs += n
				assert.Equal(t, stop.Runs, n)
			}
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, whole, pareto, "pareto.csv")
		assert.Equal(t, wholeGens, gens, "generations.csv")
	}
	assert.Equal(t, readFile(t, filepath.Join(one, JournalFile)), readFile(t, filepath.Join(dir, JournalFile)), "evaluations.csv")
	assert.Equal(t, wholeRuns+2, runs, "no candidate ran twice but the one cut short")

	// A shard resubmitted once the search is complete runs nothing.
	_, _, n, err := searchIn(t, spec, dir, -1, asShard(runner.Shard{Index: 0, Count: 3}))
	require.NoError(t, err)
	assert.Equal(t, 0, n)
}

// Shard files are the search's own: another search's, or one without its
// identity file, is refused by a merge and by a search without flags; a
// search without flags takes what the shards hold and runs the rest; a
// shard of one is the whole search.
func TestShardFilesAreChecked(t *testing.T) {
	t.Parallel()
	spec := writeSpec(t, resumeSpec)
	one := t.TempDir()
	whole, wholeGens, wholeRuns, err := searchIn(t, spec, one, -1)
	require.NoError(t, err)

	other := writeSpec(t, strings.Replace(resumeSpec, "seed: 3", "seed: 4", 1))
	foreign := t.TempDir()
	runShardOf(t, other, foreign, 0, runner.Shard{Index: 0, Count: 2})
	dir := t.TempDir()
	runShardOf(t, spec, dir, 0, runner.Shard{Index: 1, Count: 2})
	s0 := runner.Shard{Index: 0, Count: 2}
	src, dst := ShardFile(foreign, 0, s0), ShardFile(dir, 0, s0)
	require.NoError(t, os.WriteFile(dst, []byte(readFile(t, src)), 0o644))
	for _, setup := range [][]func(*SimProblem){{asMerge}, nil} {
		_, _, _, err := searchIn(t, spec, dir, -1, setup...)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "has no 0-of-2.json")
	}
	require.NoError(t, os.WriteFile(shardIdentity(dst), []byte(readFile(t, shardIdentity(src))), 0o644))
	_, _, _, err = searchIn(t, spec, dir, -1, asMerge)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "0-of-2.json holds another search")
	require.NoError(t, os.Remove(dst))
	require.NoError(t, os.Remove(shardIdentity(dst)))

	// Shard 1 of 2 is done; a search without flags runs the rest.
	pareto, gens, runs, err := searchIn(t, spec, dir, -1)
	require.NoError(t, err)
	assert.Equal(t, whole, pareto)
	assert.Equal(t, wholeGens, gens)
	assert.Less(t, runs, wholeRuns, "shard 1's candidates were not run again")
	assert.Equal(t, readFile(t, filepath.Join(one, JournalFile)), readFile(t, filepath.Join(dir, JournalFile)))

	// --shard 0/1 is the whole search.
	pareto, _, runs, err = searchIn(t, spec, t.TempDir(), -1, asShard(runner.Shard{Index: 0, Count: 1}))
	require.NoError(t, err)
	assert.Equal(t, whole, pareto)
	assert.Equal(t, wholeRuns, runs)
}
