package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep"
)

// Values are what the outputs read of a finished run: its numeric metrics,
// by key, and its time series. Each finished run keeps them in a small
// file beside its record (runs/<id>.values), so that aggregating a folder
// reads them instead of decoding every record.
type Values struct {
	ScenarioHash string
	Version      string         // of the code that ran it
	Metrics      []agents.KV    // sweep.Metrics of its summary
	Series       []agents.Point // its time series
}

// valuesOf returns the values of a record.
func valuesOf(rec *Record) *Values {
	return &Values{ScenarioHash: rec.ScenarioHash, Version: rec.Summary.Run.Version, Metrics: sweep.Metrics(rec.Summary), Series: rec.Series}
}

// valuesMagic starts every values file.
const valuesMagic = "agencysim run values 1\n"

// maxValuesBytes bounds the decompressed size of a values file, as
// maxRecordBytes does a record's.
const maxValuesBytes = maxRecordBytes

// metricKeysHash identifies the list of metric keys (their names and
// order) a values file holds the values of: a file made by a version with
// other metrics is not read by position as if it had these.
var metricKeysHash = sync.OnceValue(func() [32]byte {
	return sha256.Sum256([]byte(strings.Join(sweep.MetricKeys(), "\n")))
})

// encodeValues returns the stored form of a run's values (gzip-compressed
// binary): the run's identity, the SHA-256 of its stored record (a values
// file is read only with the record it was made from), the metric values
// in the order of sweep.MetricKeys (named by metricKeysHash) and the time
// series.
func encodeValues(id, sweepHash string, record []byte, v *Values) ([]byte, error) {
	keys := sweep.MetricKeys()
	if len(v.Metrics) != len(keys) {
		return nil, fmt.Errorf("runner: run %s has %d metrics, not %d", id, len(v.Metrics), len(keys))
	}
	var b bytes.Buffer
	b.WriteString(valuesMagic)
	str := func(s string) {
		b.Write(binary.AppendUvarint(nil, uint64(len(s))))
		b.WriteString(s)
	}
	num := func(x float64) { b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(x))) }
	count := func(n int) { b.Write(binary.AppendUvarint(nil, uint64(n))) }
	str(id)
	str(sweepHash)
	rh := sha256.Sum256(record)
	b.Write(rh[:])
	str(v.ScenarioHash)
	str(v.Version)
	kh := metricKeysHash()
	b.Write(kh[:])
	count(len(keys))
	for i, kv := range v.Metrics {
		if kv.Key != keys[i] {
			return nil, fmt.Errorf("runner: run %s: metric %d is %s, not %s", id, i, kv.Key, keys[i])
		}
		num(kv.Value)
	}
	// The series: its names once, then each point.
	names := map[string]int{}
	var list []string
	name := func(s string) int {
		i, ok := names[s]
		if !ok {
			i = len(list)
			names[s] = i
			list = append(list, s)
		}
		return i
	}
	type point struct {
		day, value    float64
		metric, group int
	}
	pts := make([]point, len(v.Series))
	for i, p := range v.Series {
		pts[i] = point{p.Day, p.Value, name(p.Metric), name(p.Group)}
	}
	count(len(list))
	for _, s := range list {
		str(s)
	}
	count(len(pts))
	for _, p := range pts {
		num(p.day)
		count(p.metric)
		count(p.group)
		num(p.value)
	}
	return gzipped(func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err })
}

// decodeValues decodes a values file of run id of the sweep hash, made
// from the stored record whose bytes are record; it returns why it cannot
// be used (damaged, stale, of another record or code version), or "".
func decodeValues(data []byte, id, sweepHash string, record []byte) (*Values, string) {
	raw, err := gunzipAll(data, maxValuesBytes)
	if err != nil {
		return nil, err.Error()
	}
	r := &valuesReader{b: raw}
	if !bytes.HasPrefix(raw, []byte(valuesMagic)) {
		return nil, "is not a values file"
	}
	r.b = raw[len(valuesMagic):]
	if got := r.str(); got != id {
		return nil, fmt.Sprintf("holds run %q", got)
	}
	if got := r.str(); got != sweepHash {
		return nil, "belongs to another sweep"
	}
	rh := sha256.Sum256(record)
	if got := r.bytes(32); !bytes.Equal(got, rh[:]) {
		return nil, "was not made from the stored record"
	}
	v := &Values{ScenarioHash: r.str(), Version: r.str()}
	kh := metricKeysHash()
	if got := r.bytes(32); !bytes.Equal(got, kh[:]) {
		return nil, "holds the metrics of another code version"
	}
	keys := sweep.MetricKeys()
	if n := r.varint(); n != len(keys) {
		return nil, "holds the metrics of another code version"
	}
	v.Metrics = make([]agents.KV, len(keys))
	for i, k := range keys {
		v.Metrics[i] = agents.KV{Key: k, Value: r.num()}
	}
	names := make([]string, r.count(1))
	for i := range names {
		names[i] = r.str()
	}
	v.Series = make([]agents.Point, r.count(18))
	for i := range v.Series {
		p := agents.Point{Day: r.num()}
		m, g := r.varint(), r.varint()
		p.Value = r.num()
		if m >= len(names) || g >= len(names) {
			r.err = errors.New("names a series it does not hold")
			break
		}
		p.Metric, p.Group = names[m], names[g]
		v.Series[i] = p
	}
	switch {
	case r.err != nil:
		return nil, r.err.Error()
	case len(r.b) > 0:
		return nil, "has data after its end"
	}
	return v, ""
}

// valuesReader reads the fields of a values file; the first problem
// sticks in err and every later read returns zero values.
type valuesReader struct {
	b   []byte
	err error
}

func (r *valuesReader) fail() { r.err, r.b = errors.New("is cut short"), nil }

func (r *valuesReader) bytes(n int) []byte {
	if r.err != nil || len(r.b) < n {
		r.fail()
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *valuesReader) varint() int {
	if r.err != nil {
		return 0
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > math.MaxInt32 {
		r.fail()
		return 0
	}
	r.b = r.b[k:]
	return int(n)
}

// count reads a number of items of at least size bytes each, which the
// rest of the file must be able to hold.
func (r *valuesReader) count(size int) int {
	n := r.varint()
	if n > len(r.b)/size {
		r.fail()
		return 0
	}
	return n
}

func (r *valuesReader) str() string {
	return string(r.bytes(r.count(1)))
}

func (r *valuesReader) num() float64 {
	b := r.bytes(8)
	if b == nil {
		return 0
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b))
}

// readValues returns the values of the stored run id, checking its record:
// from the values file when it was made from the record as stored, else
// from the record itself (a folder of an older version, or a values file
// lost or damaged), writing the values file again when write is set. A
// damaged record is a *DamagedError.
func (c *checker) readValues(dir, id string, write bool) (*Values, error) {
	record, err := os.ReadFile(RecordPath(dir, id))
	if err != nil {
		return nil, err
	}
	if data, err := os.ReadFile(valuesPath(dir, id)); err == nil {
		if v, problem := decodeValues(data, id, c.hash, record); problem == "" {
			return v, nil
		}
	}
	rec, problem := c.decode(record, id)
	if problem != "" {
		return nil, &DamagedError{Path: RecordPath(dir, id), Problem: problem}
	}
	v := valuesOf(rec)
	if write {
		data, err := encodeValues(id, c.hash, record, v)
		if err != nil {
			return nil, err
		}
		if err := writeValues(valuesPath(dir, id), data); err != nil {
			return nil, err
		}
	}
	return v, nil
}
