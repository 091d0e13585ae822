package sweep

import (
	"fmt"
	"strconv"
	"strings"
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

// ParseRunID parses "<arm>.p<point>.r<replication>"; a malformed ID is an
// [InputError].
func ParseRunID(id string) (RunSpec, error) {
	parts := strings.Split(id, ".")
	bad := InputError(fmt.Sprintf("run ID %q: allowed: <arm>.p<point>.r<replication>, as in runs.csv (e.g. baseline.p0000.r00003)", id))
	if len(parts) != 3 || !strings.HasPrefix(parts[1], "p") || !strings.HasPrefix(parts[2], "r") {
		return RunSpec{}, bad
	}
	pt, err1 := strconv.Atoi(parts[1][1:])
	rep, err2 := strconv.Atoi(parts[2][1:])
	if err1 != nil || err2 != nil || pt < 0 || rep < 0 || parts[0] == "" {
		return RunSpec{}, bad
	}
	return RunSpec{Arm: parts[0], Point: pt, Replication: rep}, nil
}

// EachRun calls fn with every run of the plan for the given replications
// per arm and point (arm name → point → n) and its index, in canonical
// order, until fn returns false. The canonical order is replication, then
// point, then arm: the runs that share random streams (one replication at
// one point) are neighbours, and extending a sweep with more replications
// appends runs without moving the others. The runs are generated as they
// are needed, never held in a list.
func (p *Plan) EachRun(reps map[string][]int, fn func(i int, s RunSpec) bool) {
	maxReps := 0
	for _, r := range reps {
		for _, n := range r {
			maxReps = max(maxReps, n)
		}
	}
	idx := 0
	for rep := 0; rep < maxReps; rep++ {
		for pt := range p.Points {
			for ai, a := range p.Arms {
				if r := reps[a.Name]; pt < len(r) && rep < r[pt] {
					if !fn(idx, RunSpec{Arm: a.Name, ArmIndex: ai, Point: pt, Replication: rep, Seed: uint64(p.Sweep.Seed)}) {
						return
					}
					idx++
				}
			}
		}
	}
}

// Specs lists every run of a plan for the given replications per arm and
// point, in canonical order (see [Plan.EachRun]).
func (p *Plan) Specs(reps map[string][]int) []RunSpec {
	var out []RunSpec
	p.EachRun(reps, func(_ int, s RunSpec) bool { out = append(out, s); return true })
	return out
}

// Replications returns the sweep's replications for every arm and point
// (arm name → point → n), before until_ci adds any: what [Plan.EachRun]
// takes to enumerate a sweep of fixed size.
func (p *Plan) Replications() map[string][]int {
	reps := make(map[string][]int, len(p.Arms))
	for _, a := range p.Arms {
		r := make([]int, len(p.Points))
		for i := range r {
			r[i] = p.Sweep.Replications
		}
		reps[a.Name] = r
	}
	return reps
}
