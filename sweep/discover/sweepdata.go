package discover

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// Threshold says which values of the analysed figure are cases of
// interest: above (or below) Value.
type Threshold struct {
	Below     bool // cases are below Value, not above
	Inclusive bool // … or equal to it
	Value     float64
	Set       bool // false: the median of the figure over the points
}

// ParseThreshold reads ">0.5", ">=0.5", "<0" or "<=-1.5".
func ParseThreshold(s string) (Threshold, error) {
	t := Threshold{Set: true}
	rest := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(rest, ">="):
		t.Inclusive, rest = true, rest[2:]
	case strings.HasPrefix(rest, "<="):
		t.Below, t.Inclusive, rest = true, true, rest[2:]
	case strings.HasPrefix(rest, ">"):
		rest = rest[1:]
	case strings.HasPrefix(rest, "<"):
		t.Below, rest = true, rest[1:]
	default:
		return t, fmt.Errorf("threshold %q: allowed: >V, >=V, <V or <=V with a number V (e.g. '>0.1', '<0')", s)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return t, fmt.Errorf("threshold %q: %q is not a finite number; allowed: >V, >=V, <V or <=V (e.g. '>0.1', '<0')", s, strings.TrimSpace(rest))
	}
	t.Value = v
	return t, nil
}

// Op is the comparison's sign.
func (t Threshold) Op() string {
	switch {
	case t.Below && t.Inclusive:
		return "≤"
	case t.Below:
		return "<"
	case t.Inclusive:
		return "≥"
	}
	return ">"
}

// Case reports whether v is a case of interest.
func (t Threshold) Case(v float64) bool {
	switch {
	case t.Below && t.Inclusive:
		return v <= t.Value
	case t.Below:
		return v < t.Value
	case t.Inclusive:
		return v >= t.Value
	}
	return v > t.Value
}

// Query says what to analyse in a sweep's results.
type Query struct {
	Metric string
	Arm    string // default: the baseline arm
	Vs     string // if set, the paired difference Arm − Vs per point and replication
}

// Sweep is the figure of a query at each design point of a sweep, with
// the points' values of the varied parameters.
type Sweep struct {
	Dir     string
	Query   Query
	Params  []string    // the parameters analysed (numeric and varied)
	Skipped []string    // the parameters left out, each with why
	Points  []int       // the design points with a value
	X       [][]float64 // per point, the values of Params
	Values  []float64   // per point, the figure averaged over its replications
	Reps    []int       // per point, the replications averaged

	// The runs of the analysed arms that runs.csv holds, of those the
	// sweep asks for (fewer: an unfinished sweep, failed runs, or one
	// shard's folder), the design points left without a value, and the
	// finished runs in DIR/runs that runs.csv does not hold yet (it was
	// written before them).
	Runs, Expected, EmptyPoints, Unreported int
}

// Missing describes the runs missing from the analysis, or "" when none
// is.
func (s *Sweep) Missing() string {
	var parts []string
	if s.Runs < s.Expected {
		arms := s.Query.Arm
		if s.Query.Vs != "" {
			arms += " and " + s.Query.Vs
		}
		msg := fmt.Sprintf("runs.csv holds %d of the %d runs of %s that the sweep asks for (the sweep is unfinished, some runs failed, or this is one shard's folder)", s.Runs, s.Expected, safetext.Escape(arms))
		if s.EmptyPoints > 0 {
			msg += fmt.Sprintf("; %d design point%s without a value %s left out, the others use the replications they have", s.EmptyPoints, plural(s.EmptyPoints), isAre(s.EmptyPoints))
		}
		parts = append(parts, msg+"; to finish, run the same 'agencysim sweep' command again (it resumes) or join the shards with 'agencysim merge', then 'agencysim report "+safetext.Escape(s.Dir)+"'")
	}
	if s.Unreported > 0 {
		parts = append(parts, fmt.Sprintf("%d finished run%s in %s %s not in runs.csv yet: run 'agencysim report %s' to include them", s.Unreported, plural(s.Unreported),
			safetext.Escape(filepath.Join(s.Dir, runner.RunsDir)), isAre(s.Unreported), safetext.Escape(s.Dir)))
	}
	return strings.Join(parts, "; ")
}

// finishedRuns counts the run records in dir's runs folder.
func finishedRuns(dir string) int {
	es, err := os.ReadDir(filepath.Join(dir, runner.RunsDir))
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range es {
		if !e.IsDir() && strings.HasSuffix(e.Name(), runner.RecordSuffix) {
			n++
		}
	}
	return n
}

// Label names the analysed figure: the metric, or "metric (A − B)".
func (s *Sweep) Label() string {
	if s.Query.Vs != "" {
		return fmt.Sprintf("%s (%s − %s)", s.Query.Metric, s.Query.Arm, s.Query.Vs)
	}
	return s.Query.Metric
}

func inputErr(format string, a ...any) error {
	return sweep.InputError(fmt.Sprintf(format, a...))
}

// Load reads the figure of q at every design point of the sweep results
// folder dir, from its runs.csv (written by sweep/report): the metric's
// value in arm q.Arm, or with q.Vs the paired difference Arm − Vs of each
// replication (the arms share their random streams replication by
// replication), averaged over the point's replications. A run whose value
// is missing (NA) is left out, with its pair. Errors name the file, the
// line and what is allowed: an unknown arm or metric, a sweep without
// varied parameters, a bad cell.
func Load(dir string, q Query) (*Sweep, error) {
	plan, err := runner.LoadPlan(dir)
	if err != nil {
		return nil, err
	}
	arms := plan.ArmNames()
	if q.Arm == "" {
		q.Arm = arms[0]
	}
	for _, a := range []string{q.Arm, q.Vs} {
		if a != "" && !slices.Contains(arms, a) {
			return nil, inputErr("discover: %s: unknown arm %q; the sweep's arms: %s", safetext.Escape(dir), safetext.Escape(a), safetext.Escape(strings.Join(arms, ", ")))
		}
	}
	if q.Vs == q.Arm {
		return nil, inputErr("discover: --arm and --vs are both %q: the difference of an arm from itself is zero; choose two of %s", safetext.Escape(q.Arm), safetext.Escape(strings.Join(arms, ", ")))
	}
	if len(plan.ParamKeys) == 0 {
		return nil, inputErr("discover: %s: the sweep %q varies no parameters (no vary: design); discovery needs a design over parameters, e.g. vary: {design: lhs, points: 200, params: {...}}", safetext.Escape(dir), safetext.Escape(plan.Sweep.Name))
	}
	path := filepath.Join(dir, "runs.csv")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if n := finishedRuns(dir); n > 0 {
			return nil, inputErr("discover: %s has no runs.csv yet: %d of the sweep's %d runs are finished in %s (an unfinished sweep, or one shard of a sharded sweep); write it with 'agencysim report %s' (the analysis then uses the finished runs and says which are missing), or join the shards first with 'agencysim merge --out DIR SHARD_DIR...'",
				safetext.Escape(dir), n, plan.Runs(), safetext.Escape(filepath.Join(dir, runner.RunsDir)), safetext.Escape(dir))
		}
	}
	if err != nil {
		return nil, inputErr("discover: %s: %s (run 'agencysim report %s' to write it)", safetext.Escape(path), safetext.Escape(err.Error()), safetext.Escape(dir))
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, inputErr("discover: %s:1: %s", safetext.Escape(path), safetext.Escape(err.Error()))
	}
	header = slices.Clone(header)
	const fixed = 6 // run_id, arm, point, replication, seed, scenario_hash
	np := len(plan.ParamKeys)
	if len(header) < fixed+np || header[1] != "arm" || header[2] != "point" || header[3] != "replication" {
		return nil, inputErr("discover: %s:1: not the runs table of this sweep: want run_id, arm, point, replication, seed, scenario_hash, then the parameters %s", safetext.Escape(path), safetext.Escape(strings.Join(plan.ParamKeys, ", ")))
	}
	mcol := -1
	for i := fixed + np; i < len(header); i++ {
		if header[i] == q.Metric {
			mcol = i
		}
	}
	if mcol < 0 {
		if !slices.Contains(sweep.MetricKeys(), q.Metric) {
			return nil, inputErr("discover: unknown metric %q; allowed: the keys 'agencysim sweep --list-metrics' lists (this sweep's headline metrics: %s)", safetext.Escape(q.Metric), safetext.Escape(strings.Join(plan.Metrics, ", ")))
		}
		return nil, inputErr("discover: %s:1: no column %q (a runs table of an older version?); run 'agencysim report %s' to rewrite it", safetext.Escape(path), safetext.Escape(q.Metric), safetext.Escape(dir))
	}

	// The values per point and replication, per arm (0: Arm, 1: Vs), and
	// the points' parameter cells.
	type key struct{ point, rep int }
	vals := [2]map[key]float64{{}, {}}
	cells := make([][]string, len(plan.Points))
	var order []key // first sight, for a deterministic walk
	rows := 0
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, inputErr("discover: %s:%d: %s", safetext.Escape(path), line, safetext.Escape(err.Error()))
		}
		rows++
		side := -1
		switch rec[1] {
		case q.Arm:
			side = 0
		case q.Vs:
			side = 1
		}
		if side < 0 || (side == 1 && q.Vs == "") {
			continue
		}
		p, err1 := strconv.Atoi(rec[2])
		rep, err2 := strconv.Atoi(rec[3])
		if err1 != nil || err2 != nil || p < 0 || p >= len(plan.Points) || rep < 0 {
			return nil, inputErr("discover: %s:%d: point %q, replication %q: allowed: a point 0 to %d and a replication ≥ 0", safetext.Escape(path), line, safetext.Escape(rec[2]), safetext.Escape(rec[3]), len(plan.Points)-1)
		}
		if cells[p] == nil {
			cells[p] = slices.Clone(rec[fixed : fixed+np])
		}
		v := math.NaN()
		if c := rec[mcol]; c != "NA" {
			if v, err = strconv.ParseFloat(c, 64); err != nil {
				return nil, inputErr("discover: %s:%d: column %s: %q is not a number or NA", safetext.Escape(path), line, safetext.Escape(q.Metric), safetext.Escape(c))
			}
		}
		k := key{p, rep}
		if _, seen := vals[0][k]; !seen {
			if _, seen := vals[1][k]; !seen {
				order = append(order, k)
			}
		}
		vals[side][k] = v
	}

	// Average per point, in point order.
	sum := make([]float64, len(plan.Points))
	count := make([]int, len(plan.Points))
	for _, k := range order {
		v, ok := vals[0][k]
		if !ok {
			continue
		}
		if q.Vs != "" {
			b, ok := vals[1][k]
			if !ok {
				continue
			}
			v -= b
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		sum[k.point] += v
		count[k.point]++
	}
	s := &Sweep{Dir: dir, Query: q, Runs: len(vals[0]) + len(vals[1])}
	if u := finishedRuns(dir); u > rows {
		s.Unreported = u - rows
	}
	reps := plan.Replications()
	for p := range plan.Points {
		for _, a := range []string{q.Arm, q.Vs} {
			if a != "" {
				s.Expected += reps[a][p]
			}
		}
		if count[p] > 0 {
			s.Points = append(s.Points, p)
			s.Values = append(s.Values, sum[p]/float64(count[p]))
			s.Reps = append(s.Reps, count[p])
		} else {
			s.EmptyPoints++
		}
	}
	if len(s.Points) < MinPoints {
		why := ""
		if m := s.Missing(); m != "" {
			why = "; " + m
		}
		return nil, inputErr("discover: %s: %d design point%s with a value of %s; discovery needs at least %d (allowed: a design of ≥ %d points, e.g. lhs with points: 200)%s", safetext.Escape(path), len(s.Points), plural(len(s.Points)), safetext.Escape(s.Label()), MinPoints, MinPoints, why)
	}
	// The parameters: numeric and with more than one value.
	var use []int
	for i, name := range plan.ParamKeys {
		nums := map[float64]bool{}
		why := ""
		for _, p := range s.Points {
			c := cells[p][i]
			v, err := strconv.ParseFloat(c, 64)
			if c == "NA" {
				why = "left at the base value at some points"
				break
			}
			if err != nil {
				why = "not numeric"
				break
			}
			nums[v] = true
		}
		if why == "" && len(nums) < 2 {
			why = "one value only"
		}
		if why != "" {
			s.Skipped = append(s.Skipped, name+" ("+why+")")
			continue
		}
		use = append(use, i)
		s.Params = append(s.Params, name)
	}
	if len(s.Params) == 0 {
		return nil, inputErr("discover: %s: no parameter of the design can be analysed: %s; allowed: numeric parameters with at least two values (lhs, grid, morris or a numeric table)", safetext.Escape(path), safetext.Escape(strings.Join(s.Skipped, ", ")))
	}
	for _, p := range s.Points {
		x := make([]float64, len(use))
		for j, i := range use {
			x[j], _ = strconv.ParseFloat(cells[p][i], 64)
		}
		s.X = append(s.X, x)
	}
	return s, nil
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Data labels the points by t (the median of the values when t is not
// set, returned with Set true): a point is a case of interest iff t.Case
// of its value. It is an error if no point, or every point, is a case.
func (s *Sweep) Data(t Threshold) (Data, Threshold, error) {
	if !t.Set {
		v := slices.Clone(s.Values)
		slices.Sort(v)
		t = Threshold{Value: quantile(v, 0.5), Set: true}
	}
	d := Data{X: s.X}
	k := 0
	for _, v := range s.Values {
		c := t.Case(v)
		d.Y = append(d.Y, c)
		if c {
			k++
		}
	}
	lo, hi := slices.Min(s.Values), slices.Max(s.Values)
	if lo == hi {
		return d, t, inputErr("discover: %s is %g at every one of the %d design points: nothing to discover; allowed: a metric (or difference) that varies over the design", safetext.Escape(s.Label()), lo, len(s.Values))
	}
	if k == 0 || k == len(s.Values) {
		which := "no point"
		if k > 0 {
			which = "every point"
		}
		return d, t, inputErr("discover: threshold %s %g: %s of the %d has a case of interest (%s ranges from %g to %g); allowed: a threshold inside that range", t.Op(), t.Value, which, len(s.Values), safetext.Escape(s.Label()), lo, hi)
	}
	return d, t, nil
}
