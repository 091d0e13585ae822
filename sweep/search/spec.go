package search

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// Spec is a search file: the scenario, the levers to search over, the
// objectives, and the sizes of the search.
type Spec struct {
	Scenario     string          `yaml:"scenario" doc:"Base scenario: a YAML file (relative to the search file) or the name of a bundled scenario." default:"baseline" source:"scenario input"`
	Genes        []GeneSpec      `yaml:"genes" doc:"The levers searched over: scenario keys (enums, booleans, numbers)." maxitems:"64"`
	Objectives   []ObjectiveSpec `yaml:"objectives" doc:"The objectives: run-record metrics, each maximised or minimised (2 or 3 for a hypervolume)." maxitems:"8"`
	Replications int             `yaml:"replications" doc:"Replications per candidate; replication r of every candidate uses the same seed and random streams (common random numbers)." default:"5" min:"1" max:"10000" source:"assumption (enough to rank levers whose effects are large)"`
	Population   int             `yaml:"population" doc:"NSGA-II population: an even number." default:"20" min:"4" max:"10000" source:"assumption (Deb et al. 2002 use 100 on test problems; model runs are dearer)"`
	Generations  int             `yaml:"generations" doc:"Generations after the initial population." default:"10" min:"0" max:"100000" source:"assumption"`
	Seed         int64           `yaml:"seed" doc:"Seed of the runs (it replaces the scenario's) and of the search's own draws." default:"1" min:"0" max:"9007199254740991" source:"scenario input"`
	Days         float64         `yaml:"days" doc:"Simulated days per run (0: the scenario's)." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
}

// GeneSpec is one lever of a search.
type GeneSpec struct {
	Key    string   `yaml:"key" doc:"Scenario key path (e.g. policies.detainers)." default:"\"\"" source:"scenario input"`
	Values []string `yaml:"values" doc:"For an enum or boolean key: the levels searched (default: all of the key's names, or false and true)." default:"[]" source:"scenario input"`
	Low    float64  `yaml:"low" doc:"For a number: the lower bound searched (low = high = 0: the key's min and max)." default:"0" source:"scenario input"`
	High   float64  `yaml:"high" doc:"For a number: the upper bound searched." default:"0" source:"scenario input"`
}

// ObjectiveSpec is one objective of a search.
type ObjectiveSpec struct {
	Metric    string `yaml:"metric" doc:"A run-record metric key (see 'agencysim metrics')." default:"\"\"" source:"scenario input"`
	Direction Sense  `yaml:"direction" doc:"maximise or minimise; catalogue: the metric's own direction (higher is better: maximise; higher is worse: minimise)." default:"catalogue" source:"scenario input"`
}

// Sense is whether an objective is maximised or minimised.
type Sense int

// The senses.
const (
	SenseCatalogue Sense = iota // the metric's catalogue direction
	Maximise
	Minimise
	NumSenses = 3
)

var senseNames = []string{"catalogue", "maximise", "minimise"}

func (s Sense) String() string {
	if s < 0 || s >= NumSenses {
		return fmt.Sprintf("Sense(%d)", int(s))
	}
	return senseNames[s]
}

// EnumNames lists the senses' names.
func (Sense) EnumNames() []string { return append([]string(nil), senseNames...) }

// MarshalText writes the sense's name.
func (s Sense) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Objective is a resolved objective: a metric and whether it is maximised.
type Objective struct {
	Metric   agents.Metric
	Maximise bool
}

// NewObjective resolves a metric key and a sense: the key must name a
// metric of the run record; SenseCatalogue takes the metric's direction
// and is an error for a metric that has none.
func NewObjective(key string, s Sense) (Objective, error) {
	m, ok := agents.LookupMetric(key)
	if !ok || !m.InRecord {
		return Objective{}, fmt.Errorf("is not a metric of the run record")
	}
	switch s {
	case Maximise:
		return Objective{m, true}, nil
	case Minimise:
		return Objective{m, false}, nil
	}
	switch m.Direction {
	case agents.HigherBetter:
		return Objective{m, true}, nil
	case agents.HigherWorse:
		return Objective{m, false}, nil
	}
	return Objective{}, fmt.Errorf("has no direction in the catalogue (%s): give direction maximise or minimise", m.Direction.Label())
}

var scenarioFormat = schema.Describe(reflect.TypeOf(scenarios.Scenario{}))

// reservedKeys are the keys the search sets itself.
var reservedKeys = []string{"seed", "days"}

// GeneError is why a lever cannot be a gene: which field of its
// GeneSpec ("key", "values", "low"), the problem and what is allowed.
type GeneError struct {
	Field, Problem, Allowed string
	Value                   any
}

func (e *GeneError) Error() string {
	return fmt.Sprintf("%s %v %s; allowed: %s", e.Field, e.Value, e.Problem, e.Allowed)
}

// LeverGene makes the gene of a scenario key, with the levels or bounds
// read from the scenario schema: an enum's names (or the subset values),
// a boolean's false and true, a number's min and max (or low and high,
// within them). Its error is a [*GeneError].
func LeverGene(g GeneSpec) (Gene, error) {
	const leverKinds = "an enum, boolean or number key of the scenario (see docs/scenario-reference.md)"
	f := scenarioFormat.Lookup(g.Key)
	if f == nil {
		return Gene{}, &GeneError{"key", "is not a scenario key", leverKinds, g.Key}
	}
	if slices.Contains(reservedKeys, g.Key) {
		return Gene{}, &GeneError{"key", "is set by the search itself (seed, days)", leverKinds, g.Key}
	}
	var levels []string
	switch {
	case f.Kind == schema.KindString && len(f.Enum) > 0:
		levels = f.Enum
	case f.Kind == schema.KindBool:
		levels = []string{"false", "true"}
	case f.Kind == schema.KindFloat || f.Kind == schema.KindInt:
		if len(g.Values) > 0 {
			return Gene{}, &GeneError{"values", "are given for a number key", "low and high for " + g.Key, g.Values}
		}
		lo, hi := g.Low, g.High
		if lo == 0 && hi == 0 {
			if f.Min == nil || f.Max == nil {
				return Gene{}, &GeneError{"key", "has no min and max in the schema", "low and high for it", g.Key}
			}
			lo, hi = *f.Min, *f.Max
		}
		if (f.Min != nil && lo < *f.Min) || (f.Max != nil && hi > *f.Max) || !(lo < hi) {
			return Gene{}, &GeneError{"low", fmt.Sprintf("with high %g is not a range of %s", hi, g.Key), "low < high within " + f.Allowed(), lo}
		}
		kind := Real
		if f.Kind == schema.KindInt {
			kind = Integer
			if lo != float64(int64(lo)) || hi != float64(int64(hi)) {
				return Gene{}, &GeneError{"low", fmt.Sprintf("with high %g is not whole; %s is an integer", hi, g.Key), "whole numbers", lo}
			}
		}
		return Gene{Name: g.Key, Kind: kind, Low: lo, High: hi}, nil
	default:
		return Gene{}, &GeneError{"key", "is a " + string(f.Kind), leverKinds, g.Key}
	}
	if len(g.Values) > 0 {
		for i, v := range g.Values {
			if !slices.Contains(levels, v) {
				return Gene{}, &GeneError{fmt.Sprintf("values[%d]", i), "is not a level of " + g.Key, strings.Join(levels, ", "), v}
			}
			if slices.Contains(g.Values[:i], v) {
				return Gene{}, &GeneError{fmt.Sprintf("values[%d]", i), "is listed twice", "each level once", v}
			}
		}
		levels = g.Values
	}
	if len(levels) < 2 {
		return Gene{}, &GeneError{"values", "give one level", "at least 2 levels of " + g.Key, g.Values}
	}
	return Gene{Name: g.Key, Kind: Categorical, Levels: append([]string(nil), levels...)}, nil
}

// LoadSpec reads and checks a search file — a path, or the name of a
// bundled search file (scenarios/searches) — and its scenario. Every
// problem is returned together, located (file:line, key path, value, what
// is allowed), as schema.Errors.
func LoadSpec(path string) (*SimProblem, error) {
	data, err := os.ReadFile(path)
	bundled := false
	if err != nil && !fileExists(path) {
		if b, ok := scenarios.BundledSearch(path); ok {
			data, err, bundled = b, nil, true
		}
	}
	if err != nil {
		return nil, err
	}
	doc, err := scenarios.ReadDocument(path, data, scenarios.LoadOptions{})
	if err != nil {
		return nil, err
	}
	var sp Spec
	errs := doc.Decode(&sp)
	if len(errs) > 0 {
		return nil, errs
	}
	fail := func(p string, v any, problem, allowed string) {
		errs = append(errs, &schema.Error{Path: p, Value: v, Problem: problem, Allowed: allowed})
	}
	var genes []Gene
	if len(sp.Genes) == 0 {
		fail("genes", nil, "is empty", "at least one lever, e.g. - key: policies.detainers")
	}
	for i, g := range sp.Genes {
		gene, err := LeverGene(g)
		if err != nil {
			ge := err.(*GeneError)
			fail(fmt.Sprintf("genes[%d].%s", i, ge.Field), ge.Value, ge.Problem, ge.Allowed)
			continue
		}
		for _, o := range genes {
			if o.Name == gene.Name {
				fail(fmt.Sprintf("genes[%d].key", i), g.Key, "is listed twice", "each key once")
			}
		}
		genes = append(genes, gene)
	}
	var objs []Objective
	if len(sp.Objectives) == 0 {
		fail("objectives", nil, "is empty", "at least one objective, e.g. - metric: crimes.reporting_rate")
	}
	for i, o := range sp.Objectives {
		obj, err := NewObjective(o.Metric, o.Direction)
		if err != nil {
			fail(fmt.Sprintf("objectives[%d].metric", i), o.Metric, err.Error(), "a metric 'agencysim metrics' lists, with direction maximise, minimise or catalogue")
			continue
		}
		objs = append(objs, obj)
	}
	if sp.Population%2 != 0 {
		fail("population", sp.Population, "is odd", "an even number ≥ 4")
	}
	name, text := "", []byte(nil)
	if p := filepath.Join(filepath.Dir(path), sp.Scenario); !bundled && fileExists(p) {
		b, err := os.ReadFile(p)
		if err != nil {
			fail("scenario", sp.Scenario, "cannot be read: "+err.Error(), "a readable YAML file")
		}
		name, text = p, b
	} else if b, ok := scenarios.Bundled(sp.Scenario); ok {
		name, text = "bundled:"+strings.TrimSuffix(sp.Scenario, ".yaml"), b
	} else {
		fail("scenario", sp.Scenario, "is neither a file next to the search file nor a bundled scenario", "a YAML file path or one of the names 'agencysim scenarios' lists")
	}
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	return NewSimProblem(name, text, genes, objs, SimOptions{Replications: sp.Replications, Seed: sp.Seed, Days: sp.Days, Spec: sp, Source: path})
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
