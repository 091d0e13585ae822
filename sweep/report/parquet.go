package report

import (
	"io"
	"math"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
)

// runsParquet writes one row per run: identifiers, design parameters and
// every summary metric. Parameters whose values are all numbers are double
// columns, the others strings. Metrics and parameters are optional
// columns: an undefined metric (NaN) and a parameter a point leaves at the
// base value are null.
type runsParquet struct {
	f       *fsutil.File
	w       *parquet.Writer
	col     map[string]int
	numeric []bool
	params  []string
	keys    []string
	row     parquet.Row
}

const paramPrefix = "param."

func newRunsParquet(path string, plan *sweep.Plan, keys []string) (*runsParquet, error) {
	f, err := fsutil.Create(path)
	if err != nil {
		return nil, err
	}
	g := parquet.Group{
		"run_id":        parquet.String(),
		"arm":           parquet.String(),
		"point":         parquet.Int(64),
		"replication":   parquet.Int(64),
		"seed":          parquet.Int(64),
		"scenario_hash": parquet.String(),
	}
	numeric := make([]bool, len(plan.ParamKeys))
	for j, k := range plan.ParamKeys {
		numeric[j] = true
		for _, pt := range plan.Points {
			if _, ok := schema.ToFloat(pt.Values[j]); !ok && pt.Values[j] != nil {
				numeric[j] = false
			}
		}
		if numeric[j] {
			g[paramPrefix+k] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		} else {
			g[paramPrefix+k] = parquet.Optional(parquet.String())
		}
	}
	for _, k := range keys {
		g[k] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
	}
	pschema := parquet.NewSchema("runs", g)
	col := map[string]int{}
	for i, path := range pschema.Columns() {
		col[path[0]] = i
	}
	w := parquet.NewWriter(f, pschema, parquet.Compression(&snappy.Codec{}), parquet.MaxRowsPerRowGroup(1024))
	return &runsParquet{f: f, w: w, col: col, numeric: numeric, params: plan.ParamKeys, keys: keys, row: make(parquet.Row, len(col))}, nil
}

func (r *runsParquet) set(name string, v parquet.Value) {
	i := r.col[name]
	r.row[i] = v.Level(0, 0, i)
}

// setOptional sets an optional column: a value (definition level 1), or
// null if v is nil.
func (r *runsParquet) setOptional(name string, v *parquet.Value) {
	i := r.col[name]
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

func (r *runsParquet) write(id string, spec sweep.RunSpec, scenarioHash string, pt sweep.Point, vals []float64) error {
	r.set("run_id", parquet.ByteArrayValue([]byte(id)))
	r.set("arm", parquet.ByteArrayValue([]byte(spec.Arm)))
	r.set("point", parquet.Int64Value(int64(spec.Point)))
	r.set("replication", parquet.Int64Value(int64(spec.Replication)))
	r.set("seed", parquet.Int64Value(int64(spec.Seed)))
	r.set("scenario_hash", parquet.ByteArrayValue([]byte(scenarioHash)))
	for j, k := range r.params {
		switch x, ok := schema.ToFloat(pt.Values[j]); {
		case pt.Values[j] == nil:
			r.setOptional(paramPrefix+k, nil)
		case r.numeric[j] && ok:
			r.setOptional(paramPrefix+k, doubleOrNull(x))
		default:
			v := parquet.ByteArrayValue([]byte(formatParam(pt.Values[j])))
			r.setOptional(paramPrefix+k, &v)
		}
	}
	for i, k := range r.keys {
		r.setOptional(k, doubleOrNull(vals[i]))
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
