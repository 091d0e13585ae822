package report

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"strconv"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
)

// seriesCSVFile is the time series of every run as gzip-compressed CSV.
const seriesCSVFile = "series.csv.gz"

// seriesCSV writes series.csv.gz as the runs arrive (streamed: one run's
// rows at a time): the rows of series.parquet with the design parameters
// of each row's run after its identifiers, so that a reader with no
// Parquet library has every run's series and what it was run with:
// run_id, arm, point, replication, the parameters (as in runs.csv), day,
// metric, group, value. Cells follow the CSV convention of the other
// tables (NA for an undefined value).
type seriesCSV struct {
	f    *fsutil.File
	gz   *gzip.Writer
	plan *sweep.Plan
}

func newSeriesCSV(path string, plan *sweep.Plan) (*seriesCSV, error) {
	f, err := fsutil.Create(path)
	if err != nil {
		return nil, err
	}
	// No name or time in the header: the same runs give the same bytes.
	// BestSpeed: the default level took 0.8 s of CPU on the bundled
	// comparison's 500 runs (the largest cost besides the runs, issue 16)
	// for a file a fifth smaller (5.4 MB against 6.7 MB).
	gz, _ := gzip.NewWriterLevel(f, gzip.BestSpeed) // the level is valid
	s := &seriesCSV{f: f, gz: gz, plan: plan}
	header := append([]string{"run_id", "arm", "point", "replication"}, plan.ParamKeys...)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(safetext.CSVRow(append(header, "day", "metric", "group", "value")))
	w.Flush()
	if err := s.write(buf.Bytes()); err != nil {
		f.Abort()
		return nil, err
	}
	return s, nil
}

// encode returns a run's rows, as CSV. It may be called concurrently
// (from runner.Preparer.Prepare): it uses only the plan.
func (s *seriesCSV) encode(id string, spec sweep.RunSpec, series []agents.Point) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := append([]string{CSVText(id), CSVText(spec.Arm), strconv.Itoa(spec.Point), strconv.Itoa(spec.Replication)}, paramValues(s.plan, spec.Point)...)
	row := make([]string, 0, len(head)+4)
	for _, p := range series {
		row = append(append(row[:0], head...), CSVNumber(p.Day), CSVText(p.Metric), CSVText(p.Group), CSVNumber(p.Value))
		w.Write(row) // to a bytes.Buffer: no error
	}
	w.Flush()
	return buf.Bytes()
}

// write appends a run's rows, as encode made them.
func (s *seriesCSV) write(rows []byte) error {
	_, err := s.gz.Write(rows)
	return err
}

// commit flushes and closes the stream and puts the file in place.
func (s *seriesCSV) commit() error {
	if err := s.gz.Close(); err != nil {
		s.f.Abort()
		return err
	}
	return s.f.Commit()
}

func (s *seriesCSV) abort() { s.f.Abort() }
