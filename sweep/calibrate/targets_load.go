package calibrate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/calibration"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
)

// The targets values that take check-model's facts: CheckModel every
// fact with a range, each (point, replication) one fact run of all the
// check's arms (calibration.Replicate); CheckModelBaseline only the facts
// that are one metric of the base scenario, one run each.
const (
	CheckModel         = "check-model"
	CheckModelBaseline = "check-model-baseline"
)

// MaxTargets is the most targets a calibration takes.
const MaxTargets = 200

// targetColumns are the columns of a targets file, in the order the
// documentation lists them.
var targetColumns = []string{"metric", "value", "sd", "kind", "low", "high", "discrepancy", "name"}

// loadTargets reads the targets: check-model's facts or a CSV file.
func (c *Calibration) loadTargets(fail func(string, any, string, string)) {
	c.TargetsOf = c.Spec.Targets
	// The discrepancy of a fact: a share of its range's midpoint, or of
	// its half-width when that is larger (a range about 0, such as "no
	// detectable effect, within ±1%", has a midpoint of 0).
	rangeTarget := func(id, metric string, low, high float64) Target {
		return Target{Name: id, Metric: metric, Range: true, Low: low, High: high,
			Discrepancy: c.Spec.Discrepancy * math.Max(math.Abs(low+high), high-low) / 2, Where: "check-model fact " + id}
	}
	switch c.Spec.Targets {
	case CheckModel:
		in, out := calibration.RangeFacts()
		for _, f := range in {
			t := rangeTarget(f.ID, f.Metric, f.Low, f.High)
			t.Fact = f.ID
			c.Targets, c.Facts = append(c.Targets, t), append(c.Facts, f)
		}
		for _, f := range out {
			c.LeftOut = append(c.LeftOut, f.ID+": "+f.Why)
		}
		return
	case CheckModelBaseline:
		in, out := calibration.MetricTargets()
		for _, f := range in {
			c.Targets = append(c.Targets, rangeTarget(f.ID, f.Metric, f.Low, f.High))
		}
		for _, f := range out {
			c.LeftOut = append(c.LeftOut, f.ID+": "+f.Why)
		}
		return
	}
	p := c.Spec.Targets
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(c.Source), p)
	}
	ts, warns, err := ReadTargets(p, c.Spec.Discrepancy)
	if err != nil {
		fail("targets", c.Spec.Targets, err.Error(), "check-model, check-model-baseline, or a CSV file of targets (columns "+strings.Join(targetColumns, ", ")+"; see docs/sweeps.md)")
		return
	}
	c.Targets, c.Warnings = ts, warns
}

// ReadTargets reads a CSV file of targets: a header naming columns of
// metric (required), value, sd, kind (mean or realisation), low, high,
// discrepancy and name, in any order, and a row per target — a point
// (value, and sd: if empty, 5 % of the value, with a warning, as hmer
// does) or a range (low and high, no value). An empty discrepancy is
// discrepancy × |value| (of a range: of its midpoint). It returns the
// targets and the warnings; a problem names the file, line and column.
func ReadTargets(path string, discrepancy float64) ([]Target, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, errors.New(safetext.Escape(err.Error()))
	}
	defer f.Close()
	r := csv.NewReader(io.LimitReader(f, sweep.MaxTableBytes))
	head, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, nil, errors.New("is empty")
		}
		return nil, nil, errors.New(safetext.Escape(err.Error()))
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(h)
		if !slices.Contains(targetColumns, h) {
			return nil, nil, fmt.Errorf("line 1, column %d: %q is not a column of a targets file (allowed: %s)", i+1, safetext.Escape(h), strings.Join(targetColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, nil, fmt.Errorf("line 1: column %s is given twice", h)
		}
		col[h] = i
	}
	if _, ok := col["metric"]; !ok {
		return nil, nil, errors.New("line 1: the header has no metric column")
	}
	var out []Target
	var warns []string
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errors.New(safetext.Escape(err.Error()))
		}
		line, _ := r.FieldPos(0)
		at := fmt.Sprintf("%s:%d", path, line)
		cell := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		bad := func(name, problem string) error {
			return fmt.Errorf("line %d, column %s: %s", line, name, problem)
		}
		num := func(name string) (float64, bool, error) {
			s := cell(name)
			if s == "" {
				return 0, false, nil
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, false, bad(name, fmt.Sprintf("%q is not a finite number", safetext.Escape(s)))
			}
			return x, true, nil
		}
		if len(out) >= MaxTargets {
			return nil, nil, fmt.Errorf("has more than %d targets", MaxTargets)
		}
		t := Target{Metric: cell("metric"), Name: cell("name"), Where: at}
		if !sweep.IsMetric(t.Metric) {
			return nil, nil, bad("metric", fmt.Sprintf("%q is not a numeric metric of the run record (see 'agencysim sweep --list-metrics')", safetext.Escape(t.Metric)))
		}
		if t.Name == "" {
			t.Name = t.Metric
		}
		if k := cell("kind"); k != "" {
			i := slices.Index(matchingNames, k)
			if i < 0 {
				return nil, nil, bad("kind", fmt.Sprintf("%q is not a kind (allowed: mean, realisation)", safetext.Escape(k)))
			}
			t.Matching = Matching(i)
		}
		v, hasV, err1 := num("value")
		sd, hasSD, err2 := num("sd")
		lo, hasLo, err3 := num("low")
		hi, hasHi, err4 := num("high")
		md, hasMD, err5 := num("discrepancy")
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			return nil, nil, err
		}
		switch {
		case hasV && (hasLo || hasHi):
			return nil, nil, bad("value", "is given with low or high")
		case hasV:
			t.Value = v
			if !hasSD {
				sd = 0.05 * math.Abs(v)
				warns = append(warns, fmt.Sprintf("%s: %s has no sd; assuming 5%% of the value (%.4g), as hmer does", at, t.Name, sd))
			}
			if sd < 0 {
				return nil, nil, bad("sd", "is negative")
			}
			t.SD = sd
		case hasLo && hasHi:
			if !(lo < hi) {
				return nil, nil, bad("high", fmt.Sprintf("%g is not above low %g", hi, lo))
			}
			if hasSD {
				return nil, nil, bad("sd", "is given for a range (a range includes the observation error)")
			}
			if cell("kind") == "realisation" {
				return nil, nil, bad("kind", "realisation is for a value, not a range (a range is matched by the mean)")
			}
			t.Range, t.Low, t.High = true, lo, hi
		default:
			return nil, nil, bad("value", "is empty: give a value (and sd), or low and high")
		}
		if hasMD {
			if md < 0 {
				return nil, nil, bad("discrepancy", "is negative")
			}
			t.Discrepancy = md
		} else if t.Range {
			t.Discrepancy = discrepancy * math.Abs(t.Low+t.High) / 2
		} else {
			t.Discrepancy = discrepancy * math.Abs(t.Value)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, nil, errors.New("has no targets")
	}
	return out, warns, nil
}
