package batch

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
)

// RunSpec identifies one run of a sweep.
type RunSpec struct {
	Arm         string `json:"arm"`
	ArmIndex    int    `json:"-"`
	Point       int    `json:"point"`
	Replication int    `json:"replication"`
	Seed        uint64 `json:"seed"`
}

// ID is the run's identifier, used in file names and outputs:
// "<arm>.p<point>.r<replication>".
func (r RunSpec) ID() string { return fmt.Sprintf("%s.p%04d.r%05d", r.Arm, r.Point, r.Replication) }

// Record is the stored result of one finished run.
type Record struct {
	RunSpec
	ID           string          `json:"id"`
	SweepHash    string          `json:"sweep_hash"`
	ScenarioHash string          `json:"scenario_hash"`
	Summary      *agents.Summary `json:"summary"`
	Series       []agents.Point  `json:"series"`
}

// Failure is the stored record of a run that failed.
type Failure struct {
	RunSpec
	ID    string `json:"id"`
	Error string `json:"error"`
}

// The layout of a sweep folder.
const (
	runsDir     = "runs"
	failuresDir = "failures"
	planFile    = "sweep.json"
)

func recordPath(dir, id string) string  { return filepath.Join(dir, runsDir, id+".json.gz") }
func failurePath(dir, id string) string { return filepath.Join(dir, failuresDir, id+".json") }

// writeRecord stores a finished run atomically.
func writeRecord(dir string, r *Record) error {
	return fsutil.WriteAtomic(recordPath(dir, r.ID), func(w io.Writer) error {
		zw := gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(zw)
		zw.Reset(w)
		if err := json.NewEncoder(zw).Encode(r); err != nil {
			return err
		}
		return zw.Close()
	})
}

// gzipWriters recycles compressors: a new one allocates about a megabyte,
// which, once per run, was half of a sweep's garbage and made the
// collector take time from the simulations running beside it.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // the level is valid
	return zw
}}

// ReadRecord reads a stored run.
func ReadRecord(dir, id string) (*Record, error) {
	f, err := os.Open(recordPath(dir, id))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("batch: %s: %w", recordPath(dir, id), err)
	}
	var r Record
	if err := json.NewDecoder(zr).Decode(&r); err != nil {
		return nil, fmt.Errorf("batch: %s: %w", recordPath(dir, id), err)
	}
	return &r, nil
}

func writeFailure(dir string, f *Failure) error {
	return fsutil.WriteAtomic(failurePath(dir, f.ID), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	})
}

func readFailure(dir, id string) (*Failure, error) {
	b, err := os.ReadFile(failurePath(dir, id))
	if err != nil {
		return nil, err
	}
	var f Failure
	return &f, json.Unmarshal(b, &f)
}

// listIDs returns the run IDs stored in a sweep subfolder.
func listIDs(dir, sub, suffix string) (map[string]bool, error) {
	entries, err := os.ReadDir(filepath.Join(dir, sub))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-") {
			// A temporary file left by a killed process: never read.
			os.Remove(filepath.Join(dir, sub, name))
			continue
		}
		if strings.HasSuffix(name, suffix) {
			ids[strings.TrimSuffix(name, suffix)] = true
		}
	}
	return ids, nil
}
