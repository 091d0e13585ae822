package calibrate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/agencysim/agencysim/calibration"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
)

// Method is how calibrate fits the parameters.
type Method int

// The methods.
const (
	HistoryMatching Method = iota
	ABCSMCMethod
	NumMethods = 2
)

var methodNames = []string{"history_matching", "abc_smc"}

func (m Method) String() string {
	if m < 0 || m >= NumMethods {
		return fmt.Sprintf("Method(%d)", int(m))
	}
	return methodNames[m]
}

// Label is the method's name in prose.
func (m Method) Label() string {
	return [...]string{"history matching", "ABC-SMC"}[m]
}

// EnumNames lists the methods' names.
func (Method) EnumNames() []string { return append([]string(nil), methodNames...) }

// MarshalText writes the method's name.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Spec is a calibrate file.
type Spec struct {
	Name         string         `yaml:"name" doc:"Name of the parameter set written (OUT/calibrated.params.yaml): 1 to 64 characters." default:"calibrated" source:"scenario input"`
	Base         string         `yaml:"base" doc:"Base scenario: a YAML file (relative to the calibrate file) or the name of a bundled scenario." default:"baseline" source:"scenario input"`
	Set          map[string]any `yaml:"set" doc:"Overrides of the base scenario in every run (nested or dotted scenario keys; not seed or days, which the file sets, nor a calibrated parameter), e.g. a smaller city for a quick fit." default:"{}" source:"scenario input"`
	Params       map[string]any `yaml:"params" doc:"The calibrated parameters: numeric scenario key → [low, high], the prior range (uniform)." default:"{}" source:"scenario input"`
	Targets      string         `yaml:"targets" doc:"The targets: check-model (every fact of the check with a range, 31 of 32; each point and replication is one fact run of the check's 18 arms, and days must be at least 234), check-model-baseline (only the 11 facts that are one metric of the base scenario: one run each) or a CSV file (relative to the calibrate file) with columns metric, value, sd, kind (mean or realisation), low, high, discrepancy, name (see docs/sweeps.md)." default:"check-model" source:"scenario input"`
	Discrepancy  float64        `yaml:"discrepancy" doc:"Model discrepancy sd, as a fraction of each target's value (of a range's midpoint; of a check-model fact's range, its midpoint or half-width, the larger), for targets that do not give one." default:"0.05" min:"0" max:"10" source:"hmer's variance emulator default (VarianceEmulator.R: 0.05 × the target)"`
	Method       Method         `yaml:"method" doc:"history_matching (waves of runs, the non-implausible space; the best point) or abc_smc (a weighted posterior sample; its mean)." default:"history_matching" source:"scenario input"`
	Replications int            `yaml:"replications" doc:"History matching: replications per design point (the replication variance enters the implausibility). ABC-SMC runs one simulation per particle." default:"5" min:"1" max:"10000" source:"assumption (enough to estimate the run-to-run variance)"`
	Seed         int64          `yaml:"seed" doc:"Seed of the runs (it replaces the scenario's) and of the designs' draws." default:"1" min:"0" max:"9007199254740991" source:"scenario input"`
	Days         float64        `yaml:"days" doc:"Simulated days per run (0: the scenario's)." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
	HM           HMSpec         `yaml:"history_matching" doc:"Settings of history matching."`
	ABC          ABCSpec        `yaml:"abc_smc" doc:"Settings of ABC-SMC."`
}

// HMSpec holds the settings of history matching.
type HMSpec struct {
	Waves  int     `yaml:"waves" doc:"Waves: each runs its design points (a sweep folder OUT/wave-K) and rules out the implausible space." default:"3" min:"1" max:"100" source:"assumption (hmer examples use 3 to 6)"`
	Points int     `yaml:"points" doc:"Design points per wave (0: 10 × the number of parameters)." default:"0" min:"0" max:"100000" source:"hmer (at least 10 × the parameters for its first design)"`
	Cutoff float64 `yaml:"cutoff" doc:"A point is non-implausible when its implausibility is at most this." default:"3" min:"0.1" max:"100" source:"Pukelsheim 1994 (3σ rule), hmer cutoff = 3"`
	NthMax int     `yaml:"nth_max" doc:"A point's implausibility is the n-th largest over the targets (0: the largest with at most 10 targets, the second largest with more)." default:"0" min:"0" max:"100" source:"hmer nth_implausible"`
}

// ABCSpec holds the settings of ABC-SMC.
type ABCSpec struct {
	Population           int     `yaml:"population" doc:"Particles per generation." default:"100" min:"2" max:"100000" source:"pyABC ConstantPopulationSize default"`
	Generations          int     `yaml:"generations" doc:"Generations after the prior sample." default:"10" min:"1" max:"1000" source:"assumption"`
	Quantile             float64 `yaml:"quantile" doc:"ε of a generation is this weighted quantile of the last generation's distances." default:"0.5" min:"0.01" max:"0.99" source:"pyABC MedianEpsilon"`
	MinEpsilon           float64 `yaml:"min_epsilon" doc:"Stop once ε is at most this." default:"0" min:"0" source:"pyABC minimum_epsilon"`
	MinAcceptance        float64 `yaml:"min_acceptance" doc:"Stop when a generation's acceptance rate falls below this (checked after every batch)." default:"0.01" min:"0" max:"1" source:"pyABC #624 (a minimum acceptance rate against stalled runs)"`
	MinEpsilonDifference float64 `yaml:"min_epsilon_difference" doc:"Stop when ε would fall by less than this." default:"0" min:"0" source:"pyABC min_eps_diff (#522)"`
	Budget               int     `yaml:"budget" doc:"Most simulations in all, checked inside a generation." default:"100000" min:"2" max:"1000000000" source:"pyABC #404 (the budget must stop a stalled generation)"`
}

// Calibration is a loaded, checked calibrate file: what [Run] runs.
type Calibration struct {
	Spec     Spec
	Source   string // the calibrate file
	BaseName string // the base scenario's source
	BaseText []byte
	Set      []scenarios.Param // the fixed overrides, located
	Params   []Param
	Targets  []Target
	LeftOut  []string // check-model facts left out, with why
	// Facts are the check-model facts of the targets, one per target,
	// with targets: check-model (the targets come from fact runs); nil
	// otherwise.
	Facts     []calibration.Fact
	Warnings  []string // targets given without an sd, say
	TargetsOf string   // "check-model", "check-model-baseline" or the CSV file as given
	Hash      string   // of the file, the --set overrides, the base scenario and the targets: identifies the calibration

	once     sync.Once
	variants *scenarios.Variants
}

// Points returns the design points per wave.
func (c *Calibration) Points() int {
	if c.Spec.HM.Points > 0 {
		return c.Spec.HM.Points
	}
	return 10 * len(c.Params)
}

var scenarioFormat = schema.Describe(reflect.TypeOf(scenarios.Scenario{}))

// Format describes a calibrate file (for its documentation).
func Format() *schema.Field { return schema.Describe(reflect.TypeOf(Spec{})) }

// Load reads and checks a calibrate file, its base scenario (with set, at
// the low and high end of every parameter) and its targets. Every problem
// is returned together, located (file:line, key path, value, what is
// allowed), as schema.Errors.
func Load(path string, set []string) (*Calibration, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, sweep.InputError("calibrate: " + err.Error())
	}
	doc, err := scenarios.ReadDocument(path, data, scenarios.LoadOptions{Set: set})
	if err != nil {
		return nil, err
	}
	var sp Spec
	errs := doc.Decode(&sp)
	if len(errs) > 0 {
		return nil, errs
	}
	c := &Calibration{Spec: sp, Source: path}
	fail := func(p string, v any, problem, allowed string) {
		errs = append(errs, &schema.Error{Path: p, Value: v, Problem: problem, Allowed: allowed})
	}
	if p := safeName(sp.Name); p != "" {
		fail("name", sp.Name, p, "1 to 64 characters: letters, digits, '-', '_' and '.'")
	}
	// The parameters, with the sweep designs' checks of ranges.
	in := &sweep.Input{Vary: sweep.Vary{Design: "calibrate", Params: sp.Params}, File: path, Scenario: scenarioFormat}
	keys, lo, hi, integer := in.Ranges()
	for _, e := range in.Errors() {
		e.Path = strings.Replace(e.Path, "vary.params", "params", 1)
		e.Allowed = strings.ReplaceAll(e.Allowed, "vary.design calibrate", "calibrate")
		errs = append(errs, e)
	}
	for i, k := range keys {
		if k == "seed" || k == "days" {
			fail("params."+k, k, "is set by the calibrate file itself", "a model parameter")
			continue
		}
		c.Params = append(c.Params, Param{Key: k, Low: lo[i], High: hi[i], Integer: integer[i]})
	}
	// The fixed overrides.
	for _, lf := range scenarios.Leaves(sp.Set, "") {
		at := "set." + lf.Path
		switch {
		case lf.Path == "seed" || lf.Path == "days":
			fail(at, lf.Value, "is set by the calibrate file itself", "the top-level seed or days")
			continue
		case overlaps(lf.Path, keys):
			fail(at, lf.Value, "is a calibrated parameter", "an override of another key")
			continue
		}
		c.Set = append(c.Set, scenarios.Param{Path: lf.Path, Value: lf.Value, Where: fmt.Sprintf("%s:%d (set)", path, doc.NearestLine(at))})
	}
	if sp.Method == ABCSMCMethod && sp.ABC.Budget < sp.ABC.Population {
		fail("abc_smc.budget", sp.ABC.Budget, "is below the population", fmt.Sprintf("at least %d", sp.ABC.Population))
	}
	c.loadBase(fail)
	c.loadTargets(fail)
	if sp.Method == HistoryMatching && sp.Replications == 1 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%s: replications 1: the run-to-run variance is not estimated and counts as 0 in the implausibility (use 2 or more for a stochastic fit)", path))
	}
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	// The scenario, with the overrides, at both ends of every range.
	for _, x := range [][]float64{c.lows(), c.highs()} {
		l, err := c.scenario(x)
		if err != nil {
			return nil, err
		}
		if c.Facts == nil {
			continue
		}
		// A fact run is the check's arms, which need the check's span.
		if err := calibration.CheckDays("days", l.Scenario.Days); err != nil {
			e := err.(schema.Errors)[0]
			e.Problem += " (targets: check-model)"
			if sp.Days == 0 {
				e.Problem = fmt.Sprintf("is 0: the base scenario's %g days are too short for the check-model facts' surge check (targets: check-model)", l.Scenario.Days)
				e.Value = sp.Days
			}
			e.Allowed += ", or targets: " + CheckModelBaseline + " (the facts that are one metric of the base scenario), or a targets file"
			errs = schema.Errors{e}
			doc.Locate(errs)
			return nil, errs
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", data, c.BaseText)
	for _, s := range set {
		fmt.Fprintf(h, "set %s\x00", s)
	}
	for _, t := range c.Targets {
		fmt.Fprintf(h, "%+v\x00", t)
	}
	c.Hash = hex.EncodeToString(h.Sum(nil))
	return c, nil
}

func (c *Calibration) lows() []float64 {
	out := make([]float64, len(c.Params))
	for j, p := range c.Params {
		out[j] = p.Low
	}
	return out
}

func (c *Calibration) highs() []float64 {
	out := make([]float64, len(c.Params))
	for j, p := range c.Params {
		out[j] = p.High
	}
	return out
}

// Prior is the uniform prior box of the parameters.
func (c *Calibration) Prior() UniformBox {
	b := make(UniformBox, len(c.Params))
	for j, p := range c.Params {
		b[j] = [2]float64{p.Low, p.High}
	}
	return b
}

// Value is the scenario value of parameter j at x: rounded for a whole
// number.
func (c *Calibration) Value(j int, x float64) any {
	if c.Params[j].Integer {
		return int(math.Round(x))
	}
	return x
}

func overlaps(k string, keys []string) bool {
	for _, o := range keys {
		if k == o || strings.HasPrefix(k, o+".") || strings.HasPrefix(o, k+".") {
			return true
		}
	}
	return false
}

// loadBase reads the base scenario: a file next to the calibrate file, or
// a bundled scenario.
func (c *Calibration) loadBase(fail func(string, any, string, string)) {
	base := c.Spec.Base
	if p := filepath.Join(filepath.Dir(c.Source), base); isFile(p) {
		b, err := os.ReadFile(p)
		if err != nil {
			fail("base", base, "cannot be read: "+err.Error(), "a readable YAML file")
		}
		c.BaseName, c.BaseText = p, b
	} else if b, ok := scenarios.Bundled(base); ok {
		c.BaseName, c.BaseText = "bundled:"+strings.TrimSuffix(base, ".yaml"), b
	} else {
		fail("base", base, "is neither a file next to the calibrate file nor a bundled scenario", "a YAML file path or one of the names 'agencysim scenarios' lists")
	}
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// safeName says what is wrong with a parameter set name ("" if nothing):
// it names files and goes into scenarios.
func safeName(s string) string {
	if s == "" || len(s) > 64 {
		return "is empty or longer than 64 characters"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Sprintf("holds %q", r)
		}
	}
	return ""
}
