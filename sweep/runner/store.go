package runner

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/sweep"
)

// Record is the stored result of one finished run.
type Record struct {
	sweep.RunSpec
	ID           string          `json:"id"`
	SweepHash    string          `json:"sweep_hash"`
	ScenarioHash string          `json:"scenario_hash"`
	Summary      *agents.Summary `json:"summary"`
	Series       []agents.Point  `json:"series"`
}

// Failure is the stored record of a run that failed.
type Failure struct {
	sweep.RunSpec
	ID        string `json:"id"`
	SweepHash string `json:"sweep_hash"`
	Error     string `json:"error"`
}

// The layout of a results folder.
const (
	RunsDir       = "runs"     // a record per finished run, and its values
	FailuresDir   = "failures" // a record per failed run
	DamagedDir    = "damaged"  // under runs/ and failures/: records that failed their check
	PlanFile      = "sweep.json"
	StateFile     = "state.json"
	RecordSuffix  = ".json.gz"
	ValuesSuffix  = ".values"
	FailureSuffix = ".json"
)

// maxRecordBytes bounds the decompressed size of a stored record: far above
// any real run's (a ten-year daily series is a few megabytes), so that a
// damaged or hostile file cannot exhaust memory.
const maxRecordBytes = 256 << 20

// RecordPath is where the record of run id is stored in the results
// folder dir.
func RecordPath(dir, id string) string { return filepath.Join(dir, RunsDir, id+RecordSuffix) }

// FailurePath is where the failure of run id is recorded.
func FailurePath(dir, id string) string {
	return filepath.Join(dir, FailuresDir, id+FailureSuffix)
}

func valuesPath(dir, id string) string { return filepath.Join(dir, RunsDir, id+ValuesSuffix) }

// encodeRecord returns the stored form of a record (gzip-compressed JSON),
// built in memory: a record that cannot be encoded is the run's failure,
// and only writing the bytes can be the results folder's.
func encodeRecord(r *Record) ([]byte, error) {
	b, err := r.appendJSON(make([]byte, 0, 64<<10))
	if err != nil {
		return nil, err
	}
	return gzipped(func(w io.Writer) error { _, err := w.Write(b); return err })
}

// appendJSON appends the bytes json.Encoder writes for the record (a line
// of JSON), without encoding/json's reflection over its thousands of
// series points (TestRecordJSONIsEncodingJSONs holds the two equal).
func (r *Record) appendJSON(b []byte) ([]byte, error) {
	str := func(k, v string) {
		b = append(b, k...)
		b = agents.AppendJSONString(b, v)
	}
	str(`{"arm":`, r.Arm)
	b = append(b, `,"point":`...)
	b = strconv.AppendInt(b, int64(r.Point), 10)
	b = append(b, `,"replication":`...)
	b = strconv.AppendInt(b, int64(r.Replication), 10)
	b = append(b, `,"seed":`...)
	b = strconv.AppendUint(b, r.Seed, 10)
	str(`,"id":`, r.ID)
	str(`,"sweep_hash":`, r.SweepHash)
	str(`,"scenario_hash":`, r.ScenarioHash)
	b = append(b, `,"summary":`...)
	if r.Summary == nil {
		b = append(b, "null"...)
	} else {
		s, err := r.Summary.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(b, s...)
	}
	b = append(b, `,"series":`...)
	if r.Series == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, p := range r.Series {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.AppendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, "}\n"...), nil
}

// gzipped returns what write writes, gzip-compressed.
func gzipped(write func(io.Writer) error) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if err := write(zw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipWriters recycles compressors: a new one allocates about a megabyte,
// which, once per run, was half of a sweep's garbage and made the
// collector take time from the simulations running beside it.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // the level is valid
	return zw
}}

// gunzipAll decompresses data whole (gzip checks its length and checksum
// at the end), at most limit bytes.
func gunzipAll(data []byte, limit int) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not gzip data: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be decompressed: %v", err)
	}
	if len(out) > limit {
		return nil, fmt.Errorf("decompresses to more than %d bytes", limit)
	}
	return out, nil
}

// writeBytes stores data at path atomically and durably.
func writeBytes(path string, data []byte) error { return put(fsutil.WriteAtomic, path, data) }

// writeValues stores a values file: atomically, not synced (a values file
// is checked against its record when read and made again from the record
// when the check fails, so a crash can cost its remaking, never a wrong
// value).
func writeValues(path string, data []byte) error { return put(fsutil.WriteReplace, path, data) }

// put writes data at path with one of fsutil's writers.
func put(write func(string, func(io.Writer) error) error, path string, data []byte) error {
	return write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// DamagedError is a stored record that fails its check: it does not decode
// completely, or it is not the record its file name says, or not of this
// sweep, or lacks what this version writes. It is never aggregated.
type DamagedError struct {
	Path    string // the file
	Problem string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("runner: damaged record %s: %s", e.Path, e.Problem)
}

// Damaged names a stored record that failed its check.
type Damaged struct {
	ID      string // the run
	Path    string // where it was found
	Problem string
	MovedTo string // where it was moved aside; "" if it was left in place
}

// checker checks stored records against the sweep they belong to.
type checker struct {
	hash string
	seed uint64
	keys []string // the numeric summary keys this version writes, in order
}

func newChecker(plan *sweep.Plan) *checker {
	return &checker{hash: plan.Hash, seed: uint64(plan.Sweep.Seed), keys: sweep.SummaryKeys()}
}

// ReadRecord reads a stored run of the sweep in dir and checks it (see
// [DamagedError]).
func ReadRecord(dir, id string) (*Record, error) {
	plan, err := LoadPlan(dir)
	if err != nil {
		return nil, err
	}
	r, _, err := newChecker(plan).read(dir, id)
	return r, err
}

// read reads and checks the record of run id in dir, and returns it with
// its stored bytes. A record that fails its check is a *DamagedError;
// other errors are the folder's (I/O).
func (c *checker) read(dir, id string) (*Record, []byte, error) {
	path := RecordPath(dir, id)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	r, problem := c.decode(b, id)
	if problem != "" {
		return nil, nil, &DamagedError{Path: path, Problem: problem}
	}
	return r, b, nil
}

// decode decodes and checks the stored bytes of run id's record; it
// returns the problem, or "".
func (c *checker) decode(b []byte, id string) (*Record, string) {
	data, err := gunzipAll(b, maxRecordBytes)
	if err != nil {
		return nil, err.Error()
	}
	var wire struct {
		Record
		Summary json.RawMessage `json:"summary"`
		Series  json.RawMessage `json:"series"`
	}
	if err := decodeAll(data, &wire); err != nil {
		return nil, err.Error()
	}
	r := wire.Record
	if p := c.checkSpec(r.RunSpec, r.ID, r.SweepHash, id); p != "" {
		return nil, p
	}
	if r.ScenarioHash == "" {
		return nil, "has no scenario hash"
	}
	if len(wire.Summary) == 0 || string(wire.Summary) == "null" {
		return nil, "has no summary"
	}
	r.Summary = new(agents.Summary)
	if err := decodeAll(wire.Summary, r.Summary); err != nil {
		return nil, "summary: " + err.Error()
	}
	if p := c.checkSummary(wire.Summary, r.Summary); p != "" {
		return nil, "summary: " + p
	}
	if len(wire.Series) == 0 || string(wire.Series) == "null" {
		return nil, "has no time series"
	}
	if err := decodeAll(wire.Series, &r.Series); err != nil {
		return nil, "series: " + err.Error()
	}
	for i, p := range r.Series {
		if p.Metric == "" || p.Group == "" || math.IsNaN(p.Day) || math.IsInf(p.Day, 0) || p.Day < 0 {
			return nil, fmt.Sprintf("series[%d] is not a point of a time series (day, metric, group, value)", i)
		}
	}
	return &r, ""
}

// checkSpec checks that a record's identity matches its file name and the
// folder's sweep; it returns the problem, or "".
func (c *checker) checkSpec(spec sweep.RunSpec, recID, hash, id string) string {
	want, err := sweep.ParseRunID(id)
	switch {
	case err != nil:
		return "its file name is not that of a run"
	case recID != id:
		return fmt.Sprintf("it holds run %q, not the run its file name says", recID)
	case spec.Arm != want.Arm || spec.Point != want.Point || spec.Replication != want.Replication:
		return fmt.Sprintf("its arm, point and replication (%s, %d, %d) are not those of its name", spec.Arm, spec.Point, spec.Replication)
	case hash != c.hash:
		return fmt.Sprintf("it belongs to another sweep (hash %.12s, this folder's is %.12s)", hash, c.hash)
	case spec.Seed != c.seed:
		return fmt.Sprintf("its seed %d is not the sweep's (%d)", spec.Seed, c.seed)
	}
	return ""
}

// checkSummary checks that a stored summary holds exactly the fields this
// version writes: the JSON has the shape of the decoded summary encoded
// again, and the decoded summary flattens to this version's metrics.
func (c *checker) checkSummary(raw json.RawMessage, s *agents.Summary) string {
	again, err := json.Marshal(s)
	if err != nil {
		return err.Error()
	}
	var got, want any
	if json.Unmarshal(raw, &got) != nil || json.Unmarshal(again, &want) != nil {
		return "does not decode"
	}
	if p := sameShape(got, want, "summary"); p != "" {
		return p
	}
	i := 0
	for _, kv := range s.Flatten() {
		if kv.Text != "" || sweep.IsTextKey(kv.Key) {
			continue
		}
		if i >= len(c.keys) || kv.Key != c.keys[i] {
			return fmt.Sprintf("its metrics are not those this version writes (at %s): made by another code version", kv.Key)
		}
		i++
	}
	if i != len(c.keys) {
		return fmt.Sprintf("it has %d metrics, this version writes %d: made by another code version", i, len(c.keys))
	}
	return ""
}

// sameShape compares two decoded JSON values: the same keys in every
// object, the same lengths of arrays, and leaves where leaves are (a number
// may be null: an undefined value).
func sameShape(got, want any, at string) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return at + " is not an object"
		}
		for k := range w {
			if _, ok := g[k]; !ok {
				return at + "." + k + " is missing"
			}
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				return at + "." + k + " is not a field this version writes"
			}
		}
		for k := range w {
			if p := sameShape(g[k], w[k], at+"."+k); p != "" {
				return p
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return at + " does not have the entries this version writes"
		}
		for i := range w {
			if p := sameShape(g[i], w[i], fmt.Sprintf("%s[%d]", at, i)); p != "" {
				return p
			}
		}
	default:
		switch got.(type) {
		case map[string]any, []any:
			return at + " is not a single value"
		}
	}
	return ""
}

// decodeAll decodes one JSON value that must make up all of data.
func decodeAll(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("has data after its end")
	}
	return nil
}

func writeFailure(dir string, f *Failure) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return writeBytes(FailurePath(dir, f.ID), append(b, '\n'))
}

// readFailure reads and checks the failure record of run id.
func (c *checker) readFailure(dir, id string) (*Failure, error) {
	path := FailurePath(dir, id)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f Failure
	if err := decodeAll(b, &f); err != nil {
		return nil, &DamagedError{Path: path, Problem: err.Error()}
	}
	if p := c.checkSpec(f.RunSpec, f.ID, f.SweepHash, id); p != "" {
		return nil, &DamagedError{Path: path, Problem: p}
	}
	if f.Error == "" {
		return nil, &DamagedError{Path: path, Problem: "has no error text"}
	}
	return &f, nil
}

// moveAside moves a damaged record into the damaged/ folder beside it and
// returns where it went. A name already taken there gets a number.
func moveAside(path string) (string, error) {
	dir := filepath.Join(filepath.Dir(path), DamagedDir)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return "", err
	}
	dst := filepath.Join(dir, filepath.Base(path))
	for i := 2; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dst = filepath.Join(dir, fmt.Sprintf("%s.%d", filepath.Base(path), i))
	}
	return dst, os.Rename(path, dst)
}

// listIDs returns the run IDs stored in a sweep subfolder. It never
// touches the folder: temporary files (of a live writer, or left by a
// killed one) are skipped, and only the folder's lock holder removes them
// (see removeTemps).
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
		if fsutil.IsTemp(name) || !e.Type().IsRegular() {
			continue
		}
		if strings.HasSuffix(name, suffix) {
			ids[strings.TrimSuffix(name, suffix)] = true
		}
	}
	return ids, nil
}

// sorted returns the IDs of a listing in name order.
func sorted(ids map[string]bool) []string {
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// removeTemps removes the temporary files a killed process left in a
// results folder and its subfolders (runs/, failures/, the outputs').
// Only the holder of the folder's lock calls it: another process's
// temporary files may be in the middle of being written.
func removeTemps(dir string) {
	subs := []string{""}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			subs = append(subs, e.Name())
		}
	}
	for _, sub := range subs {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range entries {
			if fsutil.IsTemp(e.Name()) && e.Type().IsRegular() {
				os.Remove(filepath.Join(dir, sub, e.Name()))
			}
		}
	}
}
