package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// A search on a cluster: generation g's new candidates (those not in the
// journal, in the order the search proposes them) are dealt out to N
// shards, candidate j to shard j mod N. A shard ([SimProblem.SetShard])
// replays the search from the journal, runs its share of the first
// generation with new candidates into DIR/shards/gen-G/I-of-N.csv (the
// journal's format; DIR/shards/gen-G/I-of-N.json names the search, as
// search.json does) and stops with a *[StopError]. A merge
// ([SimProblem.SetMerge]) replays, takes that generation's candidates from
// its shard files, appends them to the journal in the generation's order,
// and goes on until the next generation with new candidates. A search with
// neither takes whatever the shard files hold and runs the rest.

// ShardsDir is the folder of the shard files in a search's folder.
const ShardsDir = "shards"

// ShardFile is the file of shard s of generation gen of the search in dir.
func ShardFile(dir string, gen int, s runner.Shard) string {
	return filepath.Join(dir, ShardsDir, fmt.Sprintf("gen-%d", gen), fmt.Sprintf("%d-of-%d.csv", s.Index, s.Count))
}

// shardIdentity is the identity file of a shard file.
func shardIdentity(path string) string { return strings.TrimSuffix(path, ".csv") + ".json" }

var shardName = regexp.MustCompile(`^(\d+)-of-(\d+)\.csv$`)

// StopError stops a sharded search before its end: a shard has run its
// share of a generation (Shard is that shard), or a merge has come to a
// generation whose shards are still to run (Shard is the zero Shard).
type StopError struct {
	Generation int          // the generation (0: the initial population)
	Shard      runner.Shard // the shard that ran; zero: the generation is ready for its shards
	Candidates int          // the shard's candidates
	Runs       int          // their model runs: Candidates × replications
	Held       int          // of the shard's candidates, those its file held already (an earlier run)
	File       string       // the shard's file
	Merged     int          // merge: the generation merged in this session (-1: none)
	MergedN    int          // merge: its candidates
}

func (e *StopError) Error() string {
	if e.Shard.Count > 1 {
		return fmt.Sprintf("search: generation %d shard %s done (%d candidates, %d runs)", e.Generation, e.Shard, e.Candidates, e.Runs)
	}
	return fmt.Sprintf("search: generation %d is ready: run its shards, then merge", e.Generation)
}

// SetShard makes the search run only shard s of the first generation with
// new candidates, and stop (see [StopError]). A shard of one (Count ≤ 1)
// is the whole search. Call it before [SimProblem.Journal].
func (p *SimProblem) SetShard(s runner.Shard) {
	if p.dir != "" || p.merge {
		panic("search: SetShard after Journal or with SetMerge")
	}
	p.shard = s
}

// SetMerge makes the search take the first generation with new candidates
// from its shard files (an error naming the shard files missing when they
// do not hold them all) and stop at the next. Call it before
// [SimProblem.Journal].
func (p *SimProblem) SetMerge() {
	if p.dir != "" || p.shard.Count > 1 {
		panic("search: SetMerge after Journal or with SetShard")
	}
	p.merge = true
}

// Merged returns the generation a merge took from its shard files in
// this session, and its candidates (-1, 0: none).
func (p *SimProblem) Merged() (gen, candidates int) { return p.merged, p.mergedN }

// Sharded reports whether the search runs a shard (SetShard, Count > 1).
func (p *SimProblem) Sharded() bool { return p.shard.Count > 1 }

// share returns the candidates of shard s: those of index s.Index mod s.Count.
func share(todo []*cand, s runner.Shard) []*cand {
	var out []*cand
	for j, c := range todo {
		if j%s.Count == s.Index {
			out = append(out, c)
		}
	}
	return out
}

// runShard runs the shard's share of generation gen's new candidates into
// its file, skipping those the file holds, and stops.
func (p *SimProblem) runShard(gen int, todo []*cand) error {
	mine := share(todo, p.shard)
	path := ShardFile(p.dir, gen, p.shard)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := p.claim(shardIdentity(path), path, true); err != nil {
		return err
	}
	held := map[string][]float64{} // looked up, never ranged over
	_, cut, err := p.readEvaluations(path, held)
	if err != nil {
		return err
	}
	if cut >= 0 {
		if err := os.Truncate(path, cut); err != nil {
			return err
		}
	}
	var run []*cand
	for _, c := range mine {
		if _, ok := held[c.key]; !ok {
			run = append(run, c)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	keys, fs, failed := p.runAll(run)
	if err := record(f, keys, fs); err != nil {
		return err
	}
	if failed != nil {
		return failed
	}
	if err := f.Close(); err != nil {
		return err
	}
	return &StopError{Generation: gen, Shard: p.shard, Candidates: len(mine), Runs: len(mine) * p.opt.Replications,
		Held: len(mine) - len(run), File: path, Merged: -1}
}

// readShards reads generation gen's shard files into got. A merge needs
// every new candidate there (else an error naming the shard files that
// lack some), merges one generation per session, and stops at a
// generation with no shard files.
func (p *SimProblem) readShards(gen int, todo []*cand, got map[string][]float64) error {
	dir := filepath.Dir(ShardFile(p.dir, gen, runner.Shard{}))
	ents, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var counts []int // the shard counts of the files
	present := map[string]bool{}
	for _, e := range ents {
		m := shardName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		if n < 2 || i >= n {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if err := p.claim(shardIdentity(path), path, false); err != nil {
			return err
		}
		if _, _, err := p.readEvaluations(path, got); err != nil {
			return err
		}
		present[e.Name()] = true
		if !slices.Contains(counts, n) {
			counts = append(counts, n)
		}
	}
	if !p.merge {
		return nil
	}
	if p.merged >= 0 || len(counts) == 0 {
		return &StopError{Generation: gen, Merged: p.merged, MergedN: p.mergedN}
	}
	var missing []int
	for j, c := range todo {
		if _, ok := got[c.key]; !ok {
			missing = append(missing, j)
		}
	}
	if len(missing) > 0 {
		return sweep.InputError(fmt.Sprintf("search: generation %d: %d of its %d new candidates are missing from its shard files in %s: %s; run those shards (--shard I/N) again, then --merge",
			gen, len(missing), len(todo), safetext.Escape(dir), strings.Join(lacking(todo, got, counts, present), ", ")))
	}
	p.merged, p.mergedN = gen, len(todo)
	return nil
}

// lacking names, for each shard count, the shard files that lack some of
// their share: absent, or holding only part of it.
func lacking(todo []*cand, got map[string][]float64, counts []int, present map[string]bool) []string {
	sort.Ints(counts)
	var out []string
	for _, n := range counts {
		for i := range n {
			mine := share(todo, runner.Shard{Index: i, Count: n})
			have := 0
			for _, c := range mine {
				if _, ok := got[c.key]; ok {
					have++
				}
			}
			name := fmt.Sprintf("%d-of-%d.csv", i, n)
			switch {
			case have == len(mine):
			case !present[name]:
				out = append(out, name+" (absent)")
			default:
				out = append(out, fmt.Sprintf("%s (has %d of its %d)", name, have, len(mine)))
			}
		}
	}
	return out
}
