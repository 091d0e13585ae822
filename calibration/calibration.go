package calibration

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/crash"
	"github.com/agencysim/agencysim/internal/pool"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep/stats"
)

// Options set a check. The zero value checks the bundled baseline with 30
// replications on every core.
type Options struct {
	// Scenario is a scenario file or bundled name; "" means "baseline".
	Scenario string
	// Set holds "path=value" overrides applied to the scenario.
	Set []string
	// Replications per arm; 0 means 30.
	Replications int
	// Workers running replications in parallel; 0 means GOMAXPROCS.
	Workers int
}

// Result is one checked fact: its published target, the simulated value
// with a 95% confidence interval over replications, and whether the value
// lies in the target range.
type Result struct {
	ID     string  `json:"id"`
	Fact   int     `json:"fact"` // number in §5 of the research brief
	Name   string  `json:"name"`
	Target string  `json:"target"`
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
	Kind   string  `json:"kind"` // share, relative, ratio, count
	Source string  `json:"source"`
	Grade  string  `json:"grade"`
	How    string  `json:"how"` // how the value is computed from the runs
	// Detail reports what the runs show beside the value (the mechanisms
	// at work behind a null result, say), from means over replications.
	Detail string       `json:"detail,omitempty"`
	Mean   agents.Value `json:"mean"` // NaN (null in JSON) when undefined
	CILow  agents.Value `json:"ci_low"`
	CIHigh agents.Value `json:"ci_high"`
	N      int          `json:"n"`
	Pass   bool         `json:"pass"`
}

// Report is the outcome of a check.
type Report struct {
	Scenario     string   `json:"scenario"`
	ScenarioHash string   `json:"scenario_hash"`
	Seed         int64    `json:"seed"`
	Replications int      `json:"replications"`
	Results      []Result `json:"results"`
	Passed       int      `json:"passed"`
	Failed       int      `json:"failed"`
}

// Run simulates the arms every fact needs, Options.Replications times each,
// and checks every fact. Replication r of every arm uses the same random
// streams, so differences between arms are paired. It returns an error for
// a scenario that does not load and when ctx is cancelled.
func Run(ctx context.Context, opt Options) (*Report, error) {
	if opt.Scenario == "" {
		opt.Scenario = "baseline"
	}
	if opt.Replications == 0 {
		opt.Replications = 30
	}
	if opt.Replications < 2 {
		return nil, schema.Errors{{Path: "--replications", Value: opt.Replications, Problem: "is too small for a confidence interval", Allowed: "2 or more"}}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	l, err := scenarios.Load(opt.Scenario, scenarios.LoadOptions{Set: opt.Set})
	if err != nil {
		return nil, err
	}
	if err := CheckDays("days", l.Scenario.Days); err != nil {
		return nil, err
	}
	arms, err := buildArms(&l.Scenario.Config)
	if err != nil {
		return nil, err
	}

	// Each replication yields one value per fact; replications run in
	// parallel and are combined in replication order.
	values := make([][]float64, opt.Replications)
	errs := make([]error, opt.Replications)
	pool.Run(ctx, workers, pool.Indices(opt.Replications), func(r int) error {
		values[r], errs[r] = safely(r, func() ([]float64, error) { return replicate(ctx, l, arms, uint64(r)) })
		return nil
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	rep := &Report{Scenario: l.Scenario.Name, ScenarioHash: l.Hash, Seed: l.Scenario.Seed, Replications: opt.Replications}
	for i, f := range facts {
		var mean, h float64
		var n int
		if f.ratio != nil || f.diff != nil {
			var se float64
			mean, se, n = ratioSE(slotRows(values, i))
			h = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975) * se
		} else {
			w := valueWelford(values, slotAt[i])
			mean, h, n = w.Mean(), stats.MeanHalfWidth(&w, 0.95), int(w.N())
		}
		res := Result{
			ID: f.id, Fact: f.fact, Name: f.name, Target: f.target, Low: f.low, High: f.high,
			Kind: f.kind, Source: f.source, Grade: f.grade, How: f.how,
			Mean: agents.Value(mean), CILow: agents.Value(mean - h), CIHigh: agents.Value(mean + h), N: n,
		}
		switch f.detect {
		case 0:
			res.Pass = n > 0 && mean >= f.low && mean <= f.high
		case -1:
			res.Pass = n > 0 && mean+h < 0
		default:
			res.Pass = n > 0 && mean-h > 0
		}
		if f.aux != nil {
			m := make([]float64, f.naux)
			for j := range m {
				var w sim.Welford
				for _, v := range values {
					w.Add(v[auxAt[i]+j])
				}
				m[j] = w.Mean()
			}
			res.Detail = f.detail(m)
		}
		if res.Pass {
			rep.Passed++
		} else {
			rep.Failed++
		}
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}

// safely calls f, turning a panic (a bug: no validated scenario should
// cause one) into an error for replication r instead of a crash of the
// whole program from a worker goroutine.
func safely(r int, f func() ([]float64, error)) (v []float64, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("calibration: replication %d: %w", r, crash.FromPanic(p))
		}
	}()
	return f()
}

// arm names.
const (
	armBase = iota
	armNever
	armJudicial
	armJail
	armTaskForce
	armNoFingerprints
	armSurge
	// The reading of the evidence in which jailed and removed people
	// offend as active offenders (parameter set incapacitation-high), with
	// and without fingerprint sharing.
	armIncapHigh
	armIncapHighNoFingerprints
	// A Secure-Communities-style staggered rollout: fingerprint sharing
	// off, switched on at rolloutDays[k] in arm armRollout+k (each arm a
	// county adopting at its own date; armNoFingerprints never adopts).
	armRollout
	_ // armRollout + 1
	_ // armRollout + 2: one arm per rollout day
	// Two years with and without a 287(g) task-force agreement from day 0.
	armBase2y
	armTaskForce2y
	// A 287(g) task force signed on day signDay, for the awareness lag.
	armSigned
	// Two identical surges (the first as in armSurge, a second four weeks
	// later), for habituation.
	armSurgeTwice
	// ICE lodges detainers on serious (index-crime) bookings only, as under
	// the 2015 Priority Enforcement Program.
	armPEP
	// Every undocumented resident moved into lawful status (legalize).
	armLegal
	numArms
)

// signDay is the day the 287(g) agreement of armSigned is signed.
const signDay = 60.0

// The second surge of armSurgeTwice.
const (
	surge2Start = surgeStart + 28
	surge2End   = surgeEnd + 28
)

// rolloutDays are the adoption days of the staggered rollout, one arm each
// from armRollout.
var rolloutDays = [armBase2y - armRollout]float64{60, 150, 240}

const armRolloutLast = armRollout + len(rolloutDays) - 1

// twoYears is the span of the arms of the population check.
const twoYears = 730.0

// Surge timing for fact 9: a two-week burst of large worksite operations.
const (
	surgeStart = 150.0 // day
	surgeEnd   = 164.0
)

// buildArms returns the configuration of each arm: the scenario with one
// policy changed.
func buildArms(base *agents.Config) ([numArms]agents.Config, error) {
	var arms [numArms]agents.Config
	set := func(i int, patch map[string]any) error {
		c := *base
		c.Timeline = append([]agents.Change(nil), base.Timeline...)
		if errs := schema.Patch(agents.ExpandDotted(patch), &c); len(errs) > 0 {
			return errs
		}
		arms[i] = c
		return nil
	}
	arms[armBase] = *base
	for _, a := range []struct {
		i     int
		patch map[string]any
	}{
		{armNever, map[string]any{"policies.detainers": "never"}},
		{armJudicial, map[string]any{"policies.detainers": "judicial_warrant_only"}},
		{armJail, map[string]any{"agreements.g287.model": "jail_enforcement"}},
		{armTaskForce, map[string]any{"agreements.g287.model": "task_force"}},
		{armNoFingerprints, map[string]any{"policies.info_sharing.fingerprints": false}},
		{armPEP, map[string]any{"ice.detainer_priority": "serious_only"}},
	} {
		if err := set(a.i, a.patch); err != nil {
			return arms, err
		}
	}
	// A highly visible surge: about a dozen large worksite operations
	// in two weeks, then back to the scenario's own rate.
	surge := *base
	surge.Timeline = append(append([]agents.Change(nil), base.Timeline...),
		agents.Change{Day: surgeStart, Set: map[string]any{"ice": map[string]any{"worksite_per_year": 320.0}}},
		agents.Change{Day: surgeEnd, Set: map[string]any{"ice": map[string]any{"worksite_per_year": base.ICE.WorksitePerYear}}},
	)
	arms[armSurge] = surge
	incap, ok := agents.LookupParameterSet("incapacitation-high")
	if !ok {
		return arms, fmt.Errorf("calibration: no parameter set incapacitation-high")
	}
	if err := set(armIncapHigh, incap.Set); err != nil {
		return arms, err
	}
	noFP := maps.Clone(incap.Set)
	noFP["policies.info_sharing.fingerprints"] = false
	if err := set(armIncapHighNoFingerprints, noFP); err != nil {
		return arms, err
	}
	for k, day := range rolloutDays {
		c := arms[armNoFingerprints]
		c.Timeline = append(append([]agents.Change(nil), c.Timeline...),
			agents.Change{Day: day, Set: map[string]any{"policies": map[string]any{"info_sharing": map[string]any{"fingerprints": true}}}})
		arms[armRollout+k] = c
	}
	arms[armBase2y] = *base
	arms[armTaskForce2y] = arms[armTaskForce]
	signed := *base
	signed.Timeline = append(append([]agents.Change(nil), base.Timeline...),
		agents.Change{Day: signDay, Set: map[string]any{"agreements": map[string]any{"g287": map[string]any{"model": "task_force"}}}})
	arms[armSigned] = signed
	twice := surge
	twice.Timeline = append(append([]agents.Change(nil), surge.Timeline...),
		agents.Change{Day: surge2Start, Set: map[string]any{"ice": map[string]any{"worksite_per_year": 320.0}}},
		agents.Change{Day: surge2End, Set: map[string]any{"ice": map[string]any{"worksite_per_year": base.ICE.WorksitePerYear}}},
	)
	arms[armSurgeTwice] = twice
	arms[armLegal] = legalize(base)
	for i := range arms {
		if errs := arms[i].Validate(); len(errs) > 0 {
			return arms, fmt.Errorf("calibration: the check's own arm %d is invalid for this scenario: %w", i, errs)
		}
	}
	return arms, nil
}

// legalize returns the scenario with every district's undocumented
// residents moved into the lawful noncitizen group, as an amnesty would:
// the group shares move, the Hispanic share of the lawful group becomes
// that of the lawful and undocumented residents together (so the cohorts
// keep their ethnic composition), and the new lawful residents take the
// lawful group's trust and fear. With no undocumented resident left, no
// household is of mixed status (community.mixed_status all 0).
func legalize(base *agents.Config) agents.Config {
	c := *base
	c.Timeline = append([]agents.Change(nil), base.Timeline...)
	c.Community.MixedStatus = agents.MixedStatus{}
	move := func(d *agents.District) {
		l, u := d.Groups.LawfulNoncitizen, d.Groups.Undocumented
		if l+u > 0 {
			d.Hispanic.LawfulNoncitizen = (l*d.Hispanic.LawfulNoncitizen + u*d.Hispanic.Undocumented) / (l + u)
		}
		d.Groups.LawfulNoncitizen, d.Groups.Undocumented = l+u, 0
	}
	c.City.Districts = append([]agents.District(nil), base.City.Districts...)
	for i := range c.City.Districts {
		move(&c.City.Districts[i])
	}
	move(&c.City.Grid.Template)
	return c
}

// daily counts victimizations and reports by victim group and day.
type daily struct {
	occurred, reported [][agents.NumGroups]int64
}

func (d *daily) Crime(e agents.CrimeEvent) {
	day := int(e.Hour / 24)
	if day >= len(d.occurred) {
		return
	}
	d.occurred[day][e.Victim]++
	if e.Reported {
		d.reported[day][e.Victim]++
	}
}
func (*daily) Dispatch(agents.DispatchEvent)   {}
func (*daily) Operation(agents.OperationEvent) {}
func (*daily) Incident(agents.IncidentEvent)   {}

// occurredBy returns the victimizations of group g on days [from, to).
func (d *daily) occurredBy(g int, from, to float64) float64 {
	var n int64
	for day := int(from); day < int(to) && day < len(d.occurred); day++ {
		n += d.occurred[day][g]
	}
	return float64(n)
}

// reports returns the reports by group g (or all groups if g < 0) on days
// [from, to).
func (d *daily) reports(g int, from, to float64) float64 {
	var n int64
	for day := int(from); day < int(to) && day < len(d.reported); day++ {
		for gg := range agents.NumGroups {
			if g < 0 || gg == g {
				n += d.reported[day][gg]
			}
		}
	}
	return float64(n)
}

// replicate runs every arm for replication r and returns the value of
// each fact.
func replicate(ctx context.Context, l *scenarios.Loaded, arms [numArms]agents.Config, r uint64) ([]float64, error) {
	var sums [numArms]*agents.Summary
	var days [numArms]*daily
	var fear, trust [numArms][]float64 // undocumented residents' mean fear and trust at noon each day
	pop := 0.0
	for i := range arms {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		opt := l.Scenario.Options(r)
		if i == armBase2y || i == armTaskForce2y {
			opt.Days = twoYears
		}
		if i == armBase || i == armSurge || i == armSurgeTwice || (i >= armRollout && i <= armRolloutLast) || i == armNoFingerprints {
			n := int(math.Ceil(l.Scenario.Days))
			days[i] = &daily{occurred: make([][agents.NumGroups]int64, n), reported: make([][agents.NumGroups]int64, n)}
			opt.Observer = days[i]
		}
		m, err := agents.New(&arms[i], opt)
		if err != nil {
			return nil, fmt.Errorf("calibration: arm %d: %w", i, err)
		}
		if i == armBase || i == armSigned || i == armSurge || i == armSurgeTwice {
			fear[i] = make([]float64, 0, int(l.Scenario.Days)+1)
			trust[i] = make([]float64, 0, int(l.Scenario.Days)+1)
			m.Engine().Every(12, 24, 100, func(int64) {
				f, tr := undocumentedState(m)
				fear[i], trust[i] = append(fear[i], f), append(trust[i], tr)
			}, 0)
		}
		sums[i] = m.Run()
		if i == armBase {
			for d := range m.NumDistricts() {
				pop += m.District(d).Population
			}
		}
	}
	in := &inputs{s: sums, d: days, pop: pop, days: l.Scenario.Days, fear: fear, trust: trust}
	// Each fact's slots (slotAt): a value, a numerator and a denominator,
	// or two of each; then the facts' auxiliary figures (auxAt).
	out := make([]float64, numSlots)
	for i, f := range facts {
		at := slotAt[i]
		switch {
		case f.ratio != nil:
			out[at], out[at+1] = f.ratio(in)
		case f.diff != nil:
			out[at], out[at+1], out[at+2], out[at+3] = f.diff(in)
		default:
			out[at] = f.value(in)
		}
		if f.aux != nil {
			copy(out[auxAt[i]:auxAt[i]+f.naux], f.aux(in))
		}
	}
	return out, nil
}

// ratioSE returns, from replications' rows of a fact's figures (a
// numerator and a denominator, or two of each), Σ num ÷ Σ den over
// replications (a ratio of totals) or, with four figures, that minus the
// same ratio of the last two (a difference of two shares of totals); the
// standard error of that estimate from the jackknife (leave one
// replication out); and the number of replications. With a zero total
// denominator or fewer than two replications, the estimate and its error
// are NaN.
func ratioSE(rows [][]float64) (est, se float64, n int) {
	var num, den, num2, den2 float64
	diff := false
	for _, v := range rows {
		num += v[0]
		den += v[1]
		if len(v) == 4 {
			diff = true
			num2 += v[2]
			den2 += v[3]
		}
	}
	n = len(rows)
	theta := func(num, den, num2, den2 float64) float64 {
		if !diff {
			return num / den
		}
		return num/den - num2/den2
	}
	if den == 0 || (diff && den2 == 0) || n < 2 {
		return math.NaN(), math.NaN(), n
	}
	est = theta(num, den, num2, den2)
	var w sim.Welford
	for _, v := range rows {
		d, d2 := den-v[1], 1.0
		n2 := 0.0
		if diff {
			n2, d2 = num2-v[2], den2-v[3]
		}
		if d != 0 && d2 != 0 {
			w.Add(theta(num-v[0], d, n2, d2))
		}
	}
	// Jackknife variance: (n−1)/n · Σ (θ₋ᵢ − θ̄)² = (n−1)² / n · sample variance.
	return est, math.Sqrt(float64(n-1) * float64(n-1) / float64(n) * w.Variance()), n
}

// valueWelford accumulates a value fact's slot at over replications,
// skipping replications where it is undefined (NaN).
func valueWelford(values [][]float64, at int) sim.Welford {
	var w sim.Welford
	for _, v := range values {
		if !math.IsNaN(v[at]) {
			w.Add(v[at])
		}
	}
	return w
}

// slotRows returns fact i's figures in each replication's values.
func slotRows(values [][]float64, i int) [][]float64 {
	rows := make([][]float64, len(values))
	for r, v := range values {
		rows[r] = v[slotAt[i] : slotAt[i]+slotCount(&facts[i])]
	}
	return rows
}

// slotCount is the number of a fact's figures in a replication: one for
// a value, two for a ratio, four for a difference of ratios.
func slotCount(f *fact) int {
	switch {
	case f.ratio != nil:
		return 2
	case f.diff != nil:
		return 4
	}
	return 1
}

// inputs are one replication's results, from which the facts are computed.
type inputs struct {
	s     [numArms]*agents.Summary
	d     [numArms]*daily
	pop   float64 // residents
	days  float64 // the scenario's span
	fear  [numArms][]float64
	trust [numArms][]float64
}

// undocumentedState is undocumented residents' fear of immigration
// consequences and trust in police now, population-weighted over the
// districts as the catalogue's trust.undocumented.fear_end and .end.
func undocumentedState(m *agents.Model) (fear, trust float64) {
	return m.FearByGroup()[agents.Undocumented], m.TrustByGroup()[agents.Undocumented]
}

// slotAt[i] is where fact i's slots start in a replication's values (one
// for a value, two for a ratio, four for a difference of ratios), auxAt[i]
// where its auxiliary figures start, and numSlots the number of values of
// a replication.
var slotAt, auxAt, numSlots = func() ([]int, []int, int) {
	at, aux := make([]int, len(facts)), make([]int, len(facts))
	n := 0
	for i := range facts {
		at[i] = n
		n += slotCount(&facts[i])
	}
	for i, f := range facts {
		aux[i] = n
		n += f.naux
	}
	return at, aux, n
}()
