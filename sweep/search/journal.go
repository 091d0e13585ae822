package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
)

// A search is resumable through its journal: every candidate evaluated is
// appended, with its objectives, to DIR/evaluations.csv as soon as all its
// replications are done (and synced to disk a batch at a time). A search
// started again with the same problem and folder reads the journal back
// into the problem's cache and replays the optimisation from the start:
// the search's own draws are seeded, so it proposes the same candidates,
// finds them in the cache without running the model, and continues where
// the interrupted search stopped, ending with the same population — bit
// for bit, as the objectives are stored in their shortest exact decimal
// form. DIR/search.json names what the objectives depend on (see
// [SimProblem.Identity]): a folder of another search is refused, never
// mixed in; the same search with more generations continues.

// The journal's files in a search's folder.
const (
	JournalFile  = "evaluations.csv"
	IdentityFile = "search.json"
)

// identity is the content of IdentityFile.
type identity struct {
	Problem string `json:"problem"` // hash of the problem (see SimProblem.Identity)
}

// Identity is a hash of everything a candidate's objectives depend on:
// the scenario's text, the objectives, the replications, the seed and the
// days (not the population, the generations or the number of workers: a
// search given more generations, or another population, reuses the
// evaluations it has — a candidate is keyed by its lever values).
func (p *SimProblem) Identity() string {
	h := sha256.New()
	spec, _ := json.Marshal(struct {
		Objectives []string
		Reps       int
		Seed       int64
		Days       float64
	}{objectiveKeys(p.objs), p.opt.Replications, p.opt.Seed, p.opt.Days})
	h.Write(spec)
	h.Write([]byte{0})
	h.Write(p.text)
	return hex.EncodeToString(h.Sum(nil))
}

func objectiveKeys(objs []Objective) []string {
	var out []string
	for _, o := range objs {
		out = append(out, fmt.Sprintf("%s:%t", o.Metric.Key, o.Maximise))
	}
	return out
}

// Journal opens the journal of the search in folder dir (made if
// missing): the candidates it holds are loaded into the cache, and every
// candidate evaluated from now on is appended to it. It returns how many
// candidates were loaded. A journal whose last line was cut short (the
// process stopped while writing it) loses that line only; a folder that
// holds another search's journal is an input error. A shard
// ([SimProblem.SetShard]) only reads the journal: its candidates go to its
// shard file.
func (p *SimProblem) Journal(dir string) (int, error) {
	if p.dir != "" {
		panic("search: Journal called twice")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	path := filepath.Join(dir, JournalFile)
	if err := p.claim(filepath.Join(dir, IdentityFile), path, true); err != nil {
		return 0, err
	}
	n, err := p.loadJournal(path)
	if err != nil {
		return 0, err
	}
	p.dir = dir
	if p.shard.Count > 1 {
		return n, nil // a shard writes its own file only (shard.go)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return 0, err
	}
	p.journal = f
	return n, nil
}

// claim checks that the identity file idPath names this search; when
// neither it nor the data file it vouches for exists, it writes it (if
// write). Data without an identity, or another search's, is an input error.
func (p *SimProblem) claim(idPath, dataPath string, write bool) error {
	id := p.Identity()
	b, err := os.ReadFile(idPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, err := os.Stat(dataPath); err == nil || !write {
			return sweep.InputError(fmt.Sprintf("search: %s has no %s: it is not known which search its evaluations are of; use another --out, or delete %s to start over",
				safetext.Escape(dataPath), filepath.Base(idPath), safetext.Escape(dataPath)))
		}
		return fsutil.WriteAtomic(idPath, func(w io.Writer) error { return json.NewEncoder(w).Encode(identity{Problem: id}) })
	case err != nil:
		return err
	}
	var old identity
	if json.Unmarshal(b, &old) != nil || old.Problem != id {
		return sweep.InputError(fmt.Sprintf("search: %s holds another search (another scenario, objectives, replications, seed or days): its evaluations cannot be reused; use another --out, or delete %s and %s (and the folder shards) to start over",
			safetext.Escape(idPath), filepath.Base(idPath), filepath.Base(dataPath)))
	}
	return nil
}

// loadJournal reads the journal at path into the cache, cutting off a
// last line left unfinished (unless the search is a shard, which only
// reads the journal).
func (p *SimProblem) loadJournal(path string) (int, error) {
	n, cut, err := p.readEvaluations(path, p.cache)
	if err != nil || cut < 0 || p.shard.Count > 1 {
		return n, err
	}
	return n, os.Truncate(path, cut)
}

// readEvaluations reads a file in the journal's format (a missing file is
// empty) into m, leaving out a last line cut short. It returns how many
// keys were new to m, and the length of the file's whole lines if a line
// was cut short (-1 otherwise).
func (p *SimProblem) readEvaluations(path string, m map[string][]float64) (int, int64, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, -1, nil
	}
	if err != nil {
		return 0, -1, err
	}
	cut := int64(-1)
	if end := bytes.LastIndexByte(b, '\n') + 1; end < len(b) {
		b, cut = b[:end], int64(end)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 1 + len(p.objs)
	n := 0
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, -1, sweep.InputError(fmt.Sprintf("search: %s:%d: %s; delete the file to start the search over", safetext.Escape(path), line, safetext.Escape(err.Error())))
		}
		f := make([]float64, len(p.objs))
		for k := range f {
			if f[k], err = strconv.ParseFloat(rec[1+k], 64); err != nil {
				return 0, -1, sweep.InputError(fmt.Sprintf("search: %s:%d: objective %d: %q is not a number; delete the file to start the search over", safetext.Escape(path), line, k+1, safetext.Escape(rec[1+k])))
			}
		}
		if _, dup := m[rec[0]]; !dup {
			n++
		}
		m[rec[0]] = f
	}
	return n, cut, nil
}

// record appends evaluated candidates to f (the journal or a shard file;
// nil: none) and syncs it.
func record(f *os.File, keys []string, fs [][]float64) error {
	if f == nil || len(keys) == 0 {
		return nil
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for i, k := range keys {
		row := []string{k}
		for _, v := range fs[i] {
			row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
		}
		w.Write(row)
	}
	w.Flush()
	if _, err := f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("search: %s: %w", f.Name(), err)
	}
	return f.Sync()
}

// Close closes the journal, if one is open.
func (p *SimProblem) Close() error {
	if p.journal == nil {
		return nil
	}
	err := p.journal.Close()
	p.journal = nil
	return err
}
