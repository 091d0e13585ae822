package sweep

import (
	"fmt"
	"math/bits"

	"github.com/agencysim/agencysim/schema"
)

// The limits on the size of a sweep, checked when it is loaded. Sizes are
// computed with overflow checks, so a design too large to count is
// reported as too large, never wrapped around to a small number.
//
// Aggregation keeps, for every arm and design point, the statistics of
// every metric (about 60 KB): MaxCells bounds that memory (about 6 GB at
// the limit; a sweep of 20 arms × 1,000 points needs about 1.2 GB).
const (
	MaxArms         = 1_000      // arms of a sweep
	MaxDesignPoints = 100_000    // points of any design
	MaxCells        = 100_000    // arms × design points
	MaxRuns         = 10_000_000 // arms × design points × replications (max_replications under until_ci)
	MaxTableBytes   = 64 << 20   // size of a table design's CSV file
	MaxTableColumns = 1_000      // columns (parameters) of a table design
)

// mulLimit returns a·b, and whether it is at most limit (false also when
// the product overflows). a and b must not be negative.
func mulLimit(a, b, limit int) (int, bool) {
	if a < 0 || b < 0 {
		panic("sweep: negative size")
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > uint64(limit) {
		return limit + 1, false
	}
	return int(lo), true
}

// addLimit returns a+b, and whether it is at most limit.
func addLimit(a, b, limit int) (int, bool) {
	if a < 0 || b < 0 {
		panic("sweep: negative size")
	}
	if a > limit || b > limit-a {
		return limit + 1, false
	}
	return a + b, true
}

// MaxReplications is the most replications any arm and point can get:
// the sweep's, or until_ci's maximum.
func (p *Plan) MaxReplications() int {
	if p.Sweep.UntilCI.Metric != "" {
		return max(p.Sweep.Replications, p.Sweep.UntilCI.MaxReplications)
	}
	return p.Sweep.Replications
}

// checkSize checks the number of cells (arms × points) and of runs against
// the limits; a sweep with no runs is an error too.
func (p *Plan) checkSize() schema.Errors {
	var errs schema.Errors
	cells, ok := mulLimit(len(p.Arms), len(p.Points), MaxCells)
	if !ok {
		errs = append(errs, &schema.Error{Path: "vary", Value: fmt.Sprintf("%d arms × %d points", len(p.Arms), len(p.Points)),
			Problem: "make too many combinations of arm and design point", Allowed: fmt.Sprintf("at most %d (fewer arms or design points)", MaxCells)})
		return errs
	}
	reps := p.MaxReplications()
	runs, ok := mulLimit(cells, reps, MaxRuns)
	at := "replications"
	if p.Sweep.UntilCI.Metric != "" {
		at = "until_ci.max_replications"
	}
	switch {
	case !ok:
		errs = append(errs, &schema.Error{Path: at, Value: reps,
			Problem: fmt.Sprintf("make too many runs with %d arms × %d design points", len(p.Arms), len(p.Points)), Allowed: fmt.Sprintf("at most %d runs in all", MaxRuns)})
	case runs == 0:
		errs = append(errs, &schema.Error{Path: "arms", Problem: "make a sweep of no runs", Allowed: "at least one arm, one design point and one replication"})
	}
	return errs
}

// Runs returns the number of runs the plan asks for before until_ci adds
// any: arms × design points × replications.
func (p *Plan) Runs() int {
	n, _ := mulLimit(len(p.Arms)*len(p.Points), p.Sweep.Replications, MaxRuns)
	return n
}
