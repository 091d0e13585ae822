package calibrate

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// BatchStore is a [Simulator] that keeps every batch of ABC-SMC in a
// folder, so that a run resumes by batch and its batches can be shared
// among machines. Batch B of generation T is Dir/gen-T/batch-B.csv once
// complete; the shards of a batch not yet complete are
// Dir/gen-T/batch-B/shards/I-of-N.csv. A file holds the calibration's
// Hash, a header and a row per simulation: its id, its parameters and its
// figures, in the shortest form that reads back the same, so a stored
// batch gives the algorithm exactly what running it gave.
//
// On Simulate, a stored batch is read (its ids and parameters must be
// those proposed: else the folder holds another calibration). Otherwise:
//
//   - with a Shard, it runs the batch's simulations whose position is
//     i mod N (those not already in a shard file), writes its shard file
//     and stops the run with a *[StopError];
//   - with Merge, it joins the batch's shard files into the batch file
//     (an error names the shards missing) and goes on; at the next batch
//     with no shards it stops with a *[StopError];
//   - otherwise it joins the shards there are, runs the rest with Sim and
//     stores the batch.
type BatchStore struct {
	Dir     string       // the folder (OUT/abc)
	Hash    string       // identifies the calibration
	Params  []string     // column names of the parameters
	Figures []string     // column names of the figures
	Shard   runner.Shard // run this shard of the first batch not stored, then stop
	Merge   bool         // join the shards of the batches not stored
	Sim     Simulator    // runs the simulations
	Command string       // "agencysim calibrate SPEC --out DIR", for the messages
	// File, if set, is the path of a batch's file relative to Dir (it
	// must end in .csv; its shards go in the folder of that name without
	// .csv), Label its name in messages and Title the method in the files'
	// first line; by default gen-T/batch-B.csv, "ABC-SMC generation T
	// batch B" and "ABC-SMC".
	File   func(BatchKey) string
	Label  func(BatchKey) string
	Title  string
	merged bool // a batch was joined in this run
}

// BatchFile is the file of a complete batch.
func (s *BatchStore) BatchFile(k BatchKey) string {
	if s.File != nil {
		return filepath.Join(s.Dir, s.File(k))
	}
	return filepath.Join(s.Dir, fmt.Sprintf("gen-%d", k.Generation), fmt.Sprintf("batch-%d.csv", k.Batch))
}

func (s *BatchStore) label(k BatchKey) string {
	if s.Label != nil {
		return s.Label(k)
	}
	return fmt.Sprintf("ABC-SMC generation %d batch %d", k.Generation, k.Batch)
}

// ShardFile is the file of one shard of a batch.
func (s *BatchStore) ShardFile(k BatchKey, sh runner.Shard) string {
	return filepath.Join(s.shards(k), fmt.Sprintf("%d-of-%d.csv", sh.Index, sh.Count))
}

func (s *BatchStore) shards(k BatchKey) string {
	return filepath.Join(strings.TrimSuffix(s.BatchFile(k), ".csv"), "shards")
}

// Simulate implements Simulator.
func (s *BatchStore) Simulate(ctx context.Context, k BatchKey, thetas [][]float64, ids []uint64) ([][]float64, error) {
	figs := make([][]float64, len(thetas))
	path := s.BatchFile(k)
	err := s.read(path, figs, thetas, ids)
	if err == nil {
		if n := missing(figs); n > 0 {
			return nil, fmt.Errorf("calibrate: %s is damaged: %d of its %d simulations are missing; remove it to run them again", safetext.Escape(path), n, len(figs))
		}
		return figs, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(s.shards(k), "*-of-*.csv"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := s.read(f, figs, thetas, ids); err != nil {
			return nil, err
		}
	}
	name := s.label(k)
	switch {
	case s.Shard.Count > 1:
		if err := s.run(ctx, k, s.Shard, figs, thetas, ids); err != nil {
			return nil, err
		}
		var rows []int
		for p := range figs {
			if p%s.Shard.Count == s.Shard.Index {
				rows = append(rows, p)
			}
		}
		if err := s.write(s.ShardFile(k, s.Shard), rows, figs, thetas, ids); err != nil {
			return nil, err
		}
		return nil, &StopError{Msg: fmt.Sprintf("%s shard %s done (%d simulations); when every shard is done: %s --merge", name, s.Shard, len(rows), s.Command)}
	case s.Merge:
		if n := missing(figs); n > 0 {
			if s.merged || len(files) == 0 {
				return nil, &StopError{Msg: fmt.Sprintf("%s is ready: run its shards (%s --shard I/N), then --merge", name, s.Command)}
			}
			return nil, fmt.Errorf("calibrate: %s: %d of %d simulations are missing from %s (shard %s not done): run it, then --merge again", name, n, len(figs), safetext.Escape(s.shards(k)), missingShards(files, figs))
		}
		s.merged = true
	default:
		if err := s.run(ctx, k, runner.Shard{Index: 0, Count: 1}, figs, thetas, ids); err != nil {
			return nil, err
		}
	}
	all := make([]int, len(figs))
	for p := range all {
		all[p] = p
	}
	if err := s.write(path, all, figs, thetas, ids); err != nil {
		return nil, err
	}
	return figs, os.RemoveAll(filepath.Dir(s.shards(k)))
}

// run runs the shard's simulations that figs lacks.
func (s *BatchStore) run(ctx context.Context, k BatchKey, sh runner.Shard, figs, thetas [][]float64, ids []uint64) error {
	var pos []int
	var th [][]float64
	var is []uint64
	for p := range figs {
		if figs[p] == nil && p%sh.Count == sh.Index {
			pos, th, is = append(pos, p), append(th, thetas[p]), append(is, ids[p])
		}
	}
	if len(pos) == 0 {
		return nil
	}
	out, err := s.Sim.Simulate(ctx, k, th, is)
	if err != nil {
		return err
	}
	for i, p := range pos {
		if len(out[i]) != len(s.Figures) {
			panic(fmt.Sprintf("calibrate: a simulation gave %d figures, not %d", len(out[i]), len(s.Figures)))
		}
		figs[p] = out[i]
	}
	return nil
}

func missing(figs [][]float64) int {
	n := 0
	for _, f := range figs {
		if f == nil {
			n++
		}
	}
	return n
}

// missingShards names the shards, of the shard counts of files, that
// hold a simulation figs lacks.
func missingShards(files []string, figs [][]float64) string {
	var names []string
	for _, f := range files {
		var sh runner.Shard
		if _, err := fmt.Sscanf(filepath.Base(f), "%d-of-%d.csv", &sh.Index, &sh.Count); err != nil || sh.Count < 1 {
			continue
		}
		for p := range figs {
			if name := fmt.Sprintf("%d/%d", p%sh.Count, sh.Count); figs[p] == nil && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func (s *BatchStore) head() string {
	title := s.Title
	if title == "" {
		title = "ABC-SMC"
	}
	return "# agencysim calibrate " + title + ", calibration " + s.Hash + "\n"
}

// write writes the rows at positions pos.
func (s *BatchStore) write(path string, pos []int, figs, thetas [][]float64, ids []uint64) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	return fsutil.WriteAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, s.head()); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(append(append([]string{"id"}, s.Params...), s.Figures...)); err != nil {
			return err
		}
		for _, p := range pos {
			row := []string{strconv.FormatUint(ids[p], 10)}
			for _, v := range append(slices.Clip(thetas[p]), figs[p]...) {
				row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

// read fills figs from the file at path, checking that it is of this
// calibration and its rows are simulations of the batch (thetas, ids).
func (s *BatchStore) read(path string, figs, thetas [][]float64, ids []uint64) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	other := sweep.InputError(fmt.Sprintf("calibrate: %s holds a different calibration (another calibrate file, --set, base scenario or targets): use another --out folder, or remove it to start over", safetext.Escape(path)))
	rest, ok := bytes.CutPrefix(data, []byte(s.head()))
	if !ok {
		return other
	}
	cr := csv.NewReader(bytes.NewReader(rest))
	cr.FieldsPerRecord = 1 + len(s.Params) + len(s.Figures)
	recs, err := cr.ReadAll()
	if err == nil && len(recs) == 0 {
		err = errors.New("no header")
	}
	if err != nil {
		return fmt.Errorf("calibrate: %s is damaged (%v): remove it to run its simulations again", safetext.Escape(path), err)
	}
	for _, rec := range recs[1:] {
		v := make([]float64, len(rec)-1)
		id, err := strconv.ParseUint(rec[0], 10, 64)
		for j := range v {
			if err == nil {
				v[j], err = strconv.ParseFloat(rec[1+j], 64)
			}
		}
		if err != nil {
			return fmt.Errorf("calibrate: %s is damaged (%v): remove it to run its simulations again", safetext.Escape(path), err)
		}
		p := int(id - ids[0])
		if id < ids[0] || p < 0 || p >= len(ids) || !slices.Equal(v[:len(s.Params)], thetas[p]) {
			return other
		}
		figs[p] = v[len(s.Params):]
	}
	return nil
}
