package runner

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
)

// state is what is written to <out>/state.json: replications per arm and
// point (which until_ci decides), and timing.
type state struct {
	SweepHash string                    `json:"sweep_hash"`
	Reps      map[string][]int          `json:"replications"` // arm → point → n
	Met       map[string][]bool         `json:"until_ci_met,omitempty"`
	HalfWidth map[string][]agents.Value `json:"until_ci_half_width,omitempty"`
	Started   time.Time                 `json:"started"`
	Finished  time.Time                 `json:"finished"`
	Shard     string                    `json:"shard"`
}

// claim writes the plan into the folder, or checks that the folder holds
// the same sweep.
func claim(dir string, plan *sweep.Plan) error {
	p := filepath.Join(dir, PlanFile)
	b, err := os.ReadFile(p)
	if err == nil {
		var old sweep.Plan
		if err := json.Unmarshal(b, &old); err != nil {
			return fmt.Errorf("runner: %s is damaged: %w", p, err)
		}
		if old.Hash != plan.Hash {
			return sweep.InputError(fmt.Sprintf("%s holds the results of a different sweep (%s, hash %.12s; this one is %.12s): use another --out folder, or remove it to start over", safetext.Escape(dir), safetext.Escape(old.Source), old.Hash, plan.Hash))
		}
	}
	// (Re)write it: the metrics or replications may have changed.
	return fsutil.WriteAtomic(p, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(plan)
	})
}

// LoadPlan reads the plan stored in a results folder. A folder that is not
// one is a sweep.InputError.
func LoadPlan(dir string) (*sweep.Plan, error) {
	b, err := os.ReadFile(filepath.Join(dir, PlanFile))
	if err != nil {
		return nil, sweep.InputError(fmt.Sprintf("runner: %s is not a sweep results folder: %s", safetext.Escape(dir), safetext.Escape(err.Error())))
	}
	return sweep.DecodePlan(filepath.Join(dir, PlanFile), b)
}

func loadState(dir string, plan *sweep.Plan) *state {
	st := &state{SweepHash: plan.Hash}
	if b, err := os.ReadFile(filepath.Join(dir, StateFile)); err == nil {
		var old state
		if json.Unmarshal(b, &old) == nil && old.SweepHash == plan.Hash {
			st = &old
		}
	}
	// Replications never fall below the sweep's, and grow with it; never
	// above max_replications.
	if st.Reps == nil {
		st.Reps = map[string][]int{}
	}
	for _, a := range plan.Arms {
		r := st.Reps[a.Name]
		if len(r) != len(plan.Points) {
			r = make([]int, len(plan.Points))
		}
		for i := range r {
			if plan.Sweep.UntilCI.Metric == "" {
				r[i] = plan.Sweep.Replications
			} else {
				r[i] = min(max(r[i], plan.Sweep.Replications), plan.MaxReplications())
			}
		}
		st.Reps[a.Name] = r
	}
	return st
}

func saveState(dir string, st *state) error {
	return fsutil.WriteAtomic(filepath.Join(dir, StateFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	})
}

// missed lists the arms and points whose until_ci target was not met at
// max_replications.
func (st *state) missed(plan *sweep.Plan) []sweep.CIMiss {
	var out []sweep.CIMiss
	for _, a := range plan.Arms {
		met, hw := st.Met[a.Name], st.HalfWidth[a.Name]
		for pt := range plan.Points {
			if pt < len(met) && !met[pt] {
				h := agents.Value(math.NaN())
				if pt < len(hw) {
					h = hw[pt]
				}
				out = append(out, sweep.CIMiss{Arm: a.Name, Point: pt, N: st.Reps[a.Name][pt], HalfWidth: h})
			}
		}
	}
	return out
}
