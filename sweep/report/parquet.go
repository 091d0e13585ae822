package report

import (
	"fmt"
	"io"
	"math"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
)

// runsParquet writes one row per run, its columns those of runs.csv in the
// same order and with the same names: the identifiers, the design
// parameters and every summary metric. Parameters whose values are all
// numbers are double columns, the others strings; metrics that count
// whole things (agents.Metric.Whole) are 64-bit integers, the others
// doubles.
// Every string column is dictionary-encoded. Metrics and parameters are
// optional columns: an undefined metric (NaN) and a parameter a point
// leaves at the base value are null.
type runsParquet struct {
	f       *fsutil.File
	w       *parquet.Writer
	numeric []bool // per parameter: a double column
	count   []bool // per metric: an integer column
	row     parquet.Row
}

// The columns that identify a run, first in runs.csv and runs.parquet.
var runIDColumns = []string{"run_id", "arm", "point", "replication", "seed", "scenario_hash"}

// orderedGroup is a parquet.Group whose columns come in the given order
// (a plain Group sorts them by name).
type orderedGroup struct {
	parquet.Group
	order []string
}

func (g orderedGroup) Fields() []parquet.Field {
	byName := map[string]parquet.Field{}
	for _, f := range g.Group.Fields() {
		byName[f.Name()] = f
	}
	out := make([]parquet.Field, len(g.order))
	for i, name := range g.order {
		out[i] = byName[name]
	}
	return out
}

// dictString is a dictionary-encoded string column.
func dictString() parquet.Node { return parquet.Encoded(parquet.String(), &parquet.RLEDictionary) }

// isCount reports, per metric key, whether the catalogue counts whole
// things (agents.Metric.Whole).
func isCount(keys []string) []bool {
	out := make([]bool, len(keys))
	for i, k := range keys {
		m, ok := agents.LookupMetric(k)
		out[i] = ok && m.Whole
	}
	return out
}

func newRunsParquet(path string, plan *sweep.Plan, keys []string) (*runsParquet, error) {
	g := parquet.Group{
		"run_id":        dictString(),
		"arm":           dictString(),
		"point":         parquet.Int(64),
		"replication":   parquet.Int(64),
		"seed":          parquet.Int(64),
		"scenario_hash": dictString(),
	}
	order := append([]string(nil), runIDColumns...)
	numeric := make([]bool, len(plan.ParamKeys))
	for j, k := range plan.ParamKeys {
		numeric[j] = true
		for _, pt := range plan.Points {
			if _, ok := schema.ToFloat(pt.Values[j]); !ok && pt.Values[j] != nil {
				numeric[j] = false
			}
		}
		if numeric[j] {
			g[k] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		} else {
			g[k] = parquet.Optional(dictString())
		}
		order = append(order, k)
	}
	count := isCount(keys)
	for i, k := range keys {
		if _, dup := g[k]; dup {
			panic("report: " + k + " is both a design parameter and a metric")
		}
		if count[i] {
			g[k] = parquet.Optional(parquet.Int(64))
		} else {
			g[k] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		}
		order = append(order, k)
	}
	f, err := fsutil.Create(path)
	if err != nil {
		return nil, err
	}
	pschema := parquet.NewSchema("runs", orderedGroup{Group: g, order: order})
	w := parquet.NewWriter(f, pschema, parquet.Compression(&snappy.Codec{}), parquet.MaxRowsPerRowGroup(1024))
	return &runsParquet{f: f, w: w, numeric: numeric, count: count, row: make(parquet.Row, len(order))}, nil
}

// set sets required column i.
func (r *runsParquet) set(i int, v parquet.Value) { r.row[i] = v.Level(0, 0, i) }

// setOptional sets optional column i: a value (definition level 1), or
// null if v is nil.
func (r *runsParquet) setOptional(i int, v *parquet.Value) {
	if v == nil {
		r.row[i] = parquet.NullValue().Level(0, 0, i)
		return
	}
	r.row[i] = v.Level(0, 1, i)
}

// doubleOrNull is a double value, or nil for an undefined one.
func doubleOrNull(x float64) *parquet.Value {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	v := parquet.DoubleValue(x)
	return &v
}

// countOrNull is an integer value, or nil for an undefined one. A count
// that is not a whole number is an error (never rounded).
func countOrNull(id, key string, x float64) (*parquet.Value, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, nil
	}
	if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
		return nil, fmt.Errorf("runs.parquet: run %s: metric %s is a count (a whole number) but its value is %v", id, key, x)
	}
	v := parquet.Int64Value(int64(x))
	return &v, nil
}

func (r *runsParquet) write(id string, spec sweep.RunSpec, scenarioHash string, pt sweep.Point, keys []string, vals []float64) error {
	r.set(0, parquet.ByteArrayValue([]byte(id)))
	r.set(1, parquet.ByteArrayValue([]byte(spec.Arm)))
	r.set(2, parquet.Int64Value(int64(spec.Point)))
	r.set(3, parquet.Int64Value(int64(spec.Replication)))
	r.set(4, parquet.Int64Value(int64(spec.Seed)))
	r.set(5, parquet.ByteArrayValue([]byte(scenarioHash)))
	c := len(runIDColumns)
	for j := range r.numeric {
		switch x, ok := schema.ToFloat(pt.Values[j]); {
		case pt.Values[j] == nil:
			r.setOptional(c, nil)
		case r.numeric[j] && ok:
			r.setOptional(c, doubleOrNull(x))
		default:
			v := parquet.ByteArrayValue([]byte(formatParam(pt.Values[j])))
			r.setOptional(c, &v)
		}
		c++
	}
	for i, x := range vals {
		if r.count[i] {
			v, err := countOrNull(id, keys[i], x)
			if err != nil {
				return err
			}
			r.setOptional(c, v)
		} else {
			r.setOptional(c, doubleOrNull(x))
		}
		c++
	}
	_, err := r.w.WriteRows([]parquet.Row{r.row})
	return err
}

// commit closes the writer and puts the file in place.
func (r *runsParquet) commit() error { return commitParquet(r.w, r.f) }

func (r *runsParquet) abort() { r.f.Abort() }

// seriesRow is one row of series.parquet: the time series of every run in
// long format. An undefined value (a rate with nothing to count in the
// interval) is null.
type seriesRow struct {
	RunID       string   `parquet:"run_id,dict"`
	Arm         string   `parquet:"arm,dict"`
	Point       int64    `parquet:"point"`
	Replication int64    `parquet:"replication"`
	Day         float64  `parquet:"day"`
	Metric      string   `parquet:"metric,dict"`
	Group       string   `parquet:"group,dict"`
	Value       *float64 `parquet:"value,optional"`
}

type seriesParquet struct {
	f    *fsutil.File
	w    *parquet.GenericWriter[seriesRow]
	rows []seriesRow
}

func newSeriesParquet(path string) (*seriesParquet, error) {
	f, err := fsutil.Create(path)
	if err != nil {
		return nil, err
	}
	w := parquet.NewGenericWriter[seriesRow](f, parquet.Compression(&snappy.Codec{}), parquet.MaxRowsPerRowGroup(1<<15))
	return &seriesParquet{f: f, w: w}, nil
}

func (s *seriesParquet) write(id string, spec sweep.RunSpec, series []agents.Point) error {
	s.rows = s.rows[:0]
	vals := make([]float64, len(series))
	for i, p := range series {
		var v *float64
		if !math.IsNaN(p.Value) && !math.IsInf(p.Value, 0) {
			vals[i] = p.Value
			v = &vals[i]
		}
		s.rows = append(s.rows, seriesRow{id, spec.Arm, int64(spec.Point), int64(spec.Replication), p.Day, p.Metric, p.Group, v})
	}
	_, err := s.w.Write(s.rows)
	return err
}

// commit closes the writer and puts the file in place.
func (s *seriesParquet) commit() error { return commitParquet(s.w, s.f) }

// commitParquet closes a Parquet writer (which writes the file's footer)
// and puts its file in place; on failure the file is dropped.
func commitParquet(w io.Closer, f *fsutil.File) error {
	if err := w.Close(); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

func (s *seriesParquet) abort() { s.f.Abort() }
