package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// DecodePlan decodes a plan encoded as JSON (a results folder's
// sweep.json) and checks that it is whole: it has arms and a hash, and
// every design point a value per parameter. name is where the bytes come
// from, for messages.
func DecodePlan(name string, b []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("sweep: %s: %w", name, err)
	}
	if len(p.Arms) == 0 || p.Hash == "" {
		return nil, fmt.Errorf("sweep: %s is damaged: it names no arms or no sweep hash", name)
	}
	for _, pt := range p.Points {
		if len(pt.Values) != len(p.ParamKeys) {
			return nil, fmt.Errorf("sweep: %s is damaged: design point %d has %d values for %d parameters", name, pt.Index, len(pt.Values), len(p.ParamKeys))
		}
	}
	return &p, nil
}

// armIndex returns the index of the arm named name, or -1.
func (p *Plan) armIndex(name string) int {
	for i, a := range p.Arms {
		if a.Name == name {
			return i
		}
	}
	return -1
}

// Forked reports whether the sweep forks its arms at fork_day (see
// fork.go).
func (p *Plan) Forked() bool { return p.Sweep.ForkDay > 0 }

// variantsOf returns, per arm, the base scenario with the arm's overrides
// and the sweep's seed and days, decoded once.
func (p *Plan) variantsOf() []*scenarios.Variants {
	p.variantsOnce.Do(p.makeVariants)
	return p.variants
}

// makeVariants decodes the variants, once (variantsOf).
func (p *Plan) makeVariants() {
	p.variants = make([]*scenarios.Variants, len(p.Arms))
	var shared *scenarios.Variants // under fork_day, the base without the arms' overrides
	for i, a := range p.Arms {
		var common []scenarios.Param
		if p.Sweep.ForkDay == 0 {
			common = append(common, a.Params...)
		} else if shared != nil {
			p.variants[i] = shared
			continue
		}
		common = append(common, scenarios.Param{Path: "seed", Value: p.Sweep.Seed, Where: p.Source + " (sweep seed)"})
		if p.Sweep.Days > 0 {
			common = append(common, scenarios.Param{Path: "days", Value: p.Sweep.Days, Where: p.Source + " (sweep days)"})
		}
		p.variants[i] = scenarios.NewVariants(p.BaseName, p.BaseText, common)
		if p.Sweep.ForkDay > 0 {
			shared = p.variants[i]
		}
	}
}

// ScenarioAt builds the scenario of arm ai (an index into Arms) at design
// point pt (an index into Points). It is safe for concurrent use.
//
// Under fork_day it is the scenario the arm's runs are equal to: the base
// at the point with the arm's overrides as a timeline entry on the fork
// day (see [Plan.ForkBaseAt]).
func (p *Plan) ScenarioAt(ai, pt int) (*scenarios.Loaded, error) {
	if p.Sweep.ForkDay > 0 {
		return p.forkedAt(ai, p.Points[pt])
	}
	params := p.pointParams(p.Points[pt])
	l, err := p.variantsOf()[ai].Load(params)
	if err != nil {
		return nil, relocate(err, append(append([]scenarios.Param(nil), p.Arms[ai].Params...), params...), p.BaseName)
	}
	return l, nil
}

// Scenario returns the exact scenario of a run: the base scenario with the
// arm's overrides and the design point's values, as the sweep ran it. An
// arm or point the plan does not have is an [InputError].
func (p *Plan) Scenario(spec RunSpec) (*scenarios.Loaded, error) {
	i := p.armIndex(spec.Arm)
	if i < 0 {
		return nil, InputError(fmt.Sprintf("the sweep has no arm %q", safetext.Escape(spec.Arm)))
	}
	if spec.Point < 0 || spec.Point >= len(p.Points) {
		return nil, InputError(fmt.Sprintf("the sweep has no design point %d", spec.Point))
	}
	return p.ScenarioAt(i, spec.Point)
}

// checkScenario returns the error ScenarioAt would return.
func (p *Plan) checkScenario(ai int, pt Point) error {
	if p.Sweep.ForkDay > 0 {
		_, err := p.forkedAt(ai, pt)
		return err
	}
	params := p.pointParams(pt)
	if err := p.variantsOf()[ai].Check(params); err != nil {
		return relocate(err, append(append([]scenarios.Param(nil), p.Arms[ai].Params...), params...), p.BaseName)
	}
	return nil
}

// pointParams returns the overrides of a design point.
func (p *Plan) pointParams(pt Point) []scenarios.Param {
	var params []scenarios.Param
	for i, k := range p.ParamKeys {
		if pt.Values[i] == nil {
			continue // left at the base value (one-at-a-time designs)
		}
		params = append(params, scenarios.Param{Path: k, Value: pt.Values[i], Where: fmt.Sprintf("%s (design point %d)", p.Source, pt.Index)})
	}
	return params
}

// relocate gives an error that the scenario loader placed in the base
// scenario — a key the file does not have (a misspelt one), or a rule
// about a section the file has — the place of the override that created
// it, when an override sets that key or a key under it: the sweep file's
// line and arm, or the design point.
func relocate(err error, params []scenarios.Param, base string) error {
	var es schema.Errors
	if !errors.As(err, &es) {
		return err
	}
	for _, e := range es {
		if e.Where != base && e.Where != "" && !strings.HasPrefix(e.Where, base+":") {
			continue
		}
		for _, x := range params {
			if x.Path == e.Path || strings.HasPrefix(x.Path, e.Path+".") || strings.HasPrefix(e.Path, x.Path+".") || strings.HasPrefix(e.Path, x.Path+"[") {
				e.Where = x.Where
				break
			}
		}
	}
	return err
}

// hash identifies the sweep by everything that determines what each run
// computes. The number of replications is not part of it: a sweep can be
// extended with more replications in the same folder.
func (p *Plan) hash() string {
	type arm struct {
		Name   string
		Params []scenarios.Param
	}
	var arms []arm
	for _, a := range p.Arms {
		var ps []scenarios.Param
		for _, x := range a.Params {
			ps = append(ps, scenarios.Param{Path: x.Path, Value: x.Value})
		}
		arms = append(arms, arm{a.Name, ps})
	}
	b, err := json.Marshal(struct {
		Base      string
		Arms      []arm
		ParamKeys []string
		Points    []Point
		Seed      int64
		Days      float64
		ForkDay   float64 `json:",omitempty"` // left out when 0: the hashes of sweeps without it stay as they were
	}{string(p.BaseText), arms, p.ParamKeys, p.Points, p.Sweep.Seed, p.Sweep.Days, p.Sweep.ForkDay})
	if err != nil {
		panic("sweep: cannot encode plan: " + err.Error())
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
