package sweep

import (
	"sync"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// Sweep is a sweep file: a base scenario, the policy arms to compare, an
// optional design over parameters, and how many replications to run.
type Sweep struct {
	Name         string         `yaml:"name" doc:"Name of the sweep, used in the report: 1 to 64 characters, no control characters." default:"sweep" source:"scenario input"`
	Base         string         `yaml:"base" doc:"Base scenario: a YAML file (relative to the sweep file) or the name of a bundled scenario." default:"baseline" source:"scenario input"`
	Arms         map[string]any `yaml:"arms" doc:"The arms to compare (at most 1,000): arm name (lower-case letters, digits, '_' and '-', at most 64 characters) → overrides of any scenario keys (nested or dotted) except seed, and days when the sweep sets them, {} for the base as is." default:"{}" source:"scenario input"`
	BaselineArm  string         `yaml:"baseline_arm" doc:"The arm every other arm is compared with (paired by replication). Default: the first arm in the file." default:"\"\"" source:"scenario input"`
	Vary         Vary           `yaml:"vary" doc:"Optional design over scenario parameters, crossed with the arms."`
	Replications int            `yaml:"replications" doc:"Replications per arm and design point. Replication r of every arm uses the same random streams (common random numbers)." default:"20" min:"1" max:"1000000" source:"assumption (enough for useful intervals on the headline metrics)"`
	Seed         int64          `yaml:"seed" doc:"Base seed of the sweep; it replaces the base scenario's seed." default:"1" min:"0" max:"9007199254740991" source:"scenario input"`
	Days         float64        `yaml:"days" doc:"Simulated days per run (0: the base scenario's)." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
	Metrics      []string       `yaml:"metrics" doc:"Summary metrics reported in the headline table and plots, as flattened keys of the run summary (see 'agencysim sweep --list-metrics')." default:"[]" source:"scenario input (empty: the headline set)"`
	UntilCI      UntilCI        `yaml:"until_ci" doc:"Optional: keep adding replications per arm until the 95% interval of a metric is narrow enough."`
	ForkDay      float64        `yaml:"fork_day" doc:"Optional: the day the arms' overrides take effect (0: from the start). The arms share the run up to that day, computed once per design point and replication and copied for each arm, and diverge after: an arm's runs are those of the base with a timeline entry {day: fork_day, set: the arm's overrides}. Above 0 and below the runs' days; arms may set only keys a timeline entry may change." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
}

// Vary is a design over scenario parameters. Which designs vary.design
// names, and what the field's documentation says of each, come from the
// registry of designs (see [Design]).
type Vary struct {
	Design       string         `yaml:"design" doc:"(set from the registry of designs)" default:"none" source:"scenario input"`
	Params       map[string]any `yaml:"params" doc:"Parameters by key path: a list of values, or a [low, high] range, as the design asks (see vary.design)." default:"{}" source:"scenario input"`
	Points       int            `yaml:"points" doc:"Points of a Latin hypercube design." default:"10" min:"1" max:"100000" source:"scenario input"`
	File         string         `yaml:"file" doc:"CSV file of design points for the table design: a header of key paths, one row per point (relative to the sweep file)." default:"\"\"" source:"scenario input"`
	Trajectories int            `yaml:"trajectories" doc:"Trajectories of a Morris design." default:"10" min:"1" max:"10000" source:"Morris 1991; 10-20 trajectories is the usual range (Campolongo et al. 2007)"`
	Levels       int            `yaml:"levels" doc:"Grid levels of a Morris design." default:"4" min:"2" max:"100" source:"Morris 1991"`
}

// UntilCI asks for replications until a metric's interval is narrow.
type UntilCI struct {
	Metric          string  `yaml:"metric" doc:"The metric (a flattened summary key); empty: off." default:"\"\"" source:"scenario input"`
	HalfWidth       float64 `yaml:"half_width" doc:"Target half-width of the 95% confidence interval of the metric's mean, per arm and point." default:"0" min:"0" source:"scenario input"`
	MaxReplications int     `yaml:"max_replications" doc:"Most replications per arm and point." default:"1000" min:"2" max:"1000000" source:"assumption"`
	Step            int     `yaml:"step" doc:"Replications added at a time to an arm that is not yet precise enough." default:"10" min:"1" max:"100000" source:"assumption"`
}

// CIMiss is an arm at a design point whose until_ci target was missed:
// its 95% half-width at N replications is above the target (NaN when the
// metric is undefined or there are too few runs to tell).
type CIMiss struct {
	Arm       string       `json:"arm"`
	Point     int          `json:"point"`
	N         int          `json:"replications"`
	HalfWidth agents.Value `json:"half_width"`
}

// DefaultMetrics is the headline set reported when a sweep names none.
var DefaultMetrics = []string{
	"crimes.reporting_rate",
	"crimes.by_group.undocumented.rate",
	"crimes.by_group.lawful_noncitizen.rate",
	"crimes.by_group.citizen.rate",
	"witnesses.cooperation_rate",
	"clearance.rate",
	"response.mean_minutes",
	"detainers.issued",
	"detainers.honored",
	"detainers.transfers",
	"immigration_arrests.total",
	"safety.use_of_force_per_100_ops",
	"safety.injuries_per_100_ops",
	"safety.blue_on_blue_per_100_ops",
	"trust.undocumented.mean",
	"trust.citizen.mean",
	"costs.jail_cost",
	"costs.immigration_officer_hours",
	"costs.litigation_exposure",
}

// Arm is one arm of a sweep.
type Arm struct {
	Name   string
	Params []scenarios.Param // its overrides, as leaf key paths
}

// Plan is a loaded, checked sweep: everything needed to enumerate and run
// its runs and to reproduce any one of them. It encodes to JSON (a results
// folder keeps it) and decodes back to a plan that enumerates and builds
// the same runs.
type Plan struct {
	Sweep      Sweep
	Source     string // the sweep file
	BaseName   string // the base scenario's source
	BaseText   []byte // the base scenario's text
	Arms       []Arm  // in file order; the baseline arm first
	Points     []Point
	ParamKeys  []string // the varied parameters, in column order
	Metrics    []string
	Hash       string // identifies the sweep: file, base scenario and design
	SourceHash string // SHA-256 of the sweep file

	variants     []*scenarios.Variants // per arm: the base with the arm's overrides, decoded once (under fork_day, one for all arms: the base without them)
	variantsOnce sync.Once
	forkWhere    string // the file and line of fork_day, for messages ("" in a decoded plan)
}

// Point is one design point: values of the varied parameters. A value is
// nil when the point leaves the parameter at the base scenario's value
// (one-at-a-time designs).
type Point struct {
	Index  int
	Values []any // one per Plan.ParamKeys
}

// ArmNames returns the names of the arms, in plan order.
func (p *Plan) ArmNames() []string {
	out := make([]string, len(p.Arms))
	for i, a := range p.Arms {
		out[i] = a.Name
	}
	return out
}
