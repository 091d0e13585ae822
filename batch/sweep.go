package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
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
}

// Vary is a design over scenario parameters.
type Vary struct {
	Design       string         `yaml:"design" doc:"none; grid (full factorial of the listed values); lhs (Latin hypercube of 'points' points over [low, high] ranges); table (points read from a CSV file); oat (one at a time: each parameter at its listed values, the others at the base); morris (Morris elementary-effects screening with 'trajectories' trajectories over [low, high] ranges)." default:"none" enum:"none|grid|lhs|table|oat|morris" source:"scenario input"`
	Params       map[string]any `yaml:"params" doc:"Parameters by key path: a list of values (grid, oat) or a [low, high] range (lhs, morris)." default:"{}" source:"scenario input"`
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
// its runs and to reproduce any one of them.
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

	variants     []*scenarios.Variants // per arm: the base with the arm's overrides, decoded once
	variantsOnce sync.Once
}

// Point is one design point: values of the varied parameters.
type Point struct {
	Index  int
	Values []any // one per Plan.ParamKeys
}

var armName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// LoadOptions control how a sweep file is loaded. The zero value applies
// no overrides and prints nothing.
type LoadOptions struct {
	// Set holds "path=value" overrides of sweep-file keys.
	Set []string
	// Progress, if not nil, receives a line as soon as checking the
	// scenarios of a large design starts, and its progress every second.
	Progress io.Writer
}

// checkLineAbove is the number of scenarios (arms × design points) above
// which checking them is announced.
const checkLineAbove = 200

// LoadSweep reads and checks a sweep file, its base scenario and every arm
// (and design point): all problems are returned together, located in the
// file they come from.
//
// A path that is not a file but names a bundled sweep ("policy-comparison")
// loads the bundled one.
func LoadSweep(path string, set []string) (*Plan, error) {
	return LoadSweepWith(path, LoadOptions{Set: set})
}

// LoadSweepWith is [LoadSweep] with options.
func LoadSweepWith(path string, opt LoadOptions) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		b, ok := scenarios.BundledSweep(path)
		if !ok || strings.ContainsRune(path, filepath.Separator) {
			var names []string
			for _, s := range scenarios.BundledSweepList() {
				names = append(names, s.Name)
			}
			return nil, inputErr(fmt.Sprintf("batch: %s (bundled sweeps: %s)", safetext.Escape(err.Error()), strings.Join(names, ", ")))
		}
		data, path = b, "bundled:"+strings.TrimSuffix(path, ".yaml")
	}
	doc, err := scenarios.ReadDocument(path, data, scenarios.LoadOptions{Set: opt.Set})
	if err != nil {
		if !IsInputError(err) {
			err = inputErr(err.Error()) // the file is not YAML, or not a mapping
		}
		return nil, err
	}
	var sw Sweep
	errs := schema.Decode(doc.Tree, &sw)
	fail := func(p string, v any, problem, allowed string) {
		errs = append(errs, &schema.Error{Path: p, Value: v, Problem: problem, Allowed: allowed})
	}
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	fh := sha256.Sum256(data)
	plan := &Plan{Sweep: sw, Source: path, SourceHash: hex.EncodeToString(fh[:])}
	if p := safetext.NameProblem(sw.Name); p != "" {
		fail("name", sw.Name, p, safetext.NameAllowed)
	}

	// Arms in file order. Arms written as {} are dropped by viper: take the
	// names from the file too.
	names := make([]string, 0, len(sw.Arms))
	seen := map[string]bool{}
	for _, n := range doc.Keys("arms") {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for n := range sw.Arms {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		li, lj := doc.Line("arms."+names[i]), doc.Line("arms."+names[j])
		if li != lj {
			return li < lj
		}
		return names[i] < names[j]
	})
	if len(names) == 0 {
		fail("arms", nil, "has no arms", "at least one arm, e.g. arms: {baseline: {}}")
	}
	if len(names) > MaxArms {
		fail("arms", len(names), "are too many", fmt.Sprintf("at most %d arms", MaxArms))
		names = nil
	}
	reserved := plan.reservedKeys()
	for _, n := range names {
		if p := safetext.NameProblem(n); p != "" {
			fail("arms."+safetext.Escape(n), n, "is not a valid arm name: it "+p, safetext.NameAllowed+", of lower-case letters, digits, '_' and '-'")
			continue
		}
		if !armName.MatchString(n) {
			fail("arms."+n, n, "is not a valid arm name", "lower-case letters, digits, '_' and '-' (arm names go into file names)")
			continue
		}
		tree, ok := sw.Arms[n].(map[string]any)
		if sw.Arms[n] != nil && !ok {
			fail("arms."+n, sw.Arms[n], "is not a mapping of overrides", "a mapping of scenario keys, or {}")
			continue
		}
		var params []scenarios.Param
		for _, leaf := range leaves(tree, "") {
			at := "arms." + n + "." + leaf.path
			if why, ok := reserved[leaf.path]; ok {
				fail(at, leaf.value, "is set by the sweep itself: "+why, "leave it out of the arm; set it in the sweep file")
				continue
			}
			where := fmt.Sprintf("%s:%d (arm %s)", path, lineOf(doc, at), n)
			params = append(params, scenarios.Param{Path: leaf.path, Value: leaf.value, Where: where})
		}
		plan.Arms = append(plan.Arms, Arm{Name: n, Params: params})
	}
	if sw.BaselineArm != "" {
		i := -1
		for j, a := range plan.Arms {
			if a.Name == sw.BaselineArm {
				i = j
			}
		}
		if i < 0 {
			fail("baseline_arm", sw.BaselineArm, "is not one of the arms", strings.Join(names, ", "))
		} else {
			// The baseline goes first.
			b := plan.Arms[i]
			plan.Arms = append([]Arm{b}, append(plan.Arms[:i:i], plan.Arms[i+1:]...)...)
		}
	}

	// The base scenario.
	base := sw.Base
	if st, statErr := os.Stat(filepath.Join(filepath.Dir(path), base)); statErr == nil && st.Mode().IsRegular() && !strings.HasPrefix(path, "bundled:") {
		base = filepath.Join(filepath.Dir(path), base)
		b, err := os.ReadFile(base)
		if err != nil {
			fail("base", sw.Base, "cannot be read: "+err.Error(), "a readable YAML file")
		}
		plan.BaseText, plan.BaseName = b, base
	} else if b, ok := scenarios.Bundled(base); ok {
		plan.BaseText = b
		plan.BaseName = "bundled:" + strings.TrimSuffix(base, ".yaml")
	} else {
		fail("base", sw.Base, "is neither a file next to the sweep file nor a bundled scenario", "a YAML file path or one of the names 'agencysim scenarios' lists")
	}

	// Metrics: numeric summary keys only, as --list-metrics lists them.
	known := metricSet()
	plan.Metrics = sw.Metrics
	if len(plan.Metrics) == 0 {
		plan.Metrics = DefaultMetrics
	}
	for i, m := range sw.Metrics {
		if !known[m] {
			fail(fmt.Sprintf("metrics[%d]", i), m, notMetric(m), "a numeric key listed by 'agencysim sweep --list-metrics'"+suggestKey(m, known))
		}
	}
	if u := sw.UntilCI; u.Metric != "" {
		if !known[u.Metric] {
			fail("until_ci.metric", u.Metric, notMetric(u.Metric), "a numeric key listed by 'agencysim sweep --list-metrics'"+suggestKey(u.Metric, known))
		}
		if !(u.HalfWidth > 0) {
			fail("until_ci.half_width", u.HalfWidth, "must be positive when until_ci.metric is set", "a number greater than 0")
		}
		if u.MaxReplications < sw.Replications {
			fail("until_ci.max_replications", u.MaxReplications, "is below replications", fmt.Sprintf("at least %d", sw.Replications))
		}
	}

	// The design.
	if len(errs) == 0 {
		keys, points, derrs := buildDesign(sw, path, doc)
		errs = append(errs, derrs...)
		plan.ParamKeys, plan.Points = keys, points
	}
	if len(errs) == 0 {
		errs = append(errs, plan.checkKeys(reserved)...)
	}
	if len(errs) == 0 {
		errs = append(errs, plan.checkSize()...)
	}
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}

	// Every arm at every point must be a valid scenario.
	if err := plan.checkScenarios(opt.Progress); err != nil {
		return nil, err
	}
	plan.Hash = plan.hash()
	return plan, nil
}

// notMetric says why a key is not a metric.
func notMetric(key string) string {
	if isTextKey(key) {
		return "is a text field of the run summary, not a numeric metric"
	}
	return "is not a summary metric"
}

// reservedKeys returns the scenario keys the sweep sets in every run, with
// why: an arm or a design that sets one would be overridden.
func (p *Plan) reservedKeys() map[string]string {
	r := map[string]string{
		"seed": fmt.Sprintf("every run uses the sweep's seed (%d) and its replication's random streams", p.Sweep.Seed),
	}
	if p.Sweep.Days > 0 {
		r["days"] = fmt.Sprintf("the sweep's days (%g) replace the scenario's in every run", p.Sweep.Days)
	}
	return r
}

// checkKeys reports design parameters that the sweep sets itself, and arm
// overrides of a key the design varies (the design's values would replace
// the arm's).
func (p *Plan) checkKeys(reserved map[string]string) schema.Errors {
	var errs schema.Errors
	at := "vary.params."
	if p.Sweep.Vary.Design == "table" {
		at = "vary.file"
	}
	names := make([]string, 0, len(reserved))
	for r := range reserved {
		names = append(names, r)
	}
	sort.Strings(names)
	overlap := func(a, b string) bool { return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".") }
	for _, k := range p.ParamKeys {
		where := at + k
		if at == "vary.file" {
			where = at
		}
		for _, r := range names {
			if overlap(k, r) {
				errs = append(errs, &schema.Error{Path: where, Value: k, Problem: "is set by the sweep itself: " + reserved[r], Allowed: "a design over other keys"})
			}
		}
	}
	for _, a := range p.Arms {
		for _, x := range a.Params {
			for _, k := range p.ParamKeys {
				if overlap(x.Path, k) {
					errs = append(errs, &schema.Error{Path: "arms." + a.Name + "." + x.Path, Where: x.Where, Value: x.Value,
						Problem: "is a key the design varies (" + k + "): the design's values would replace the arm's", Allowed: "an arm that leaves the varied keys to the design"})
				}
			}
		}
	}
	sortErrs(errs)
	return errs
}

func sortErrs(errs schema.Errors) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Path < errs[j].Path })
}

// checkScenarios checks every arm at every design point, announcing a
// large check at once and its progress every second. It stops at the
// first 20 problems.
func (p *Plan) checkScenarios(progress io.Writer) error {
	total := len(p.Arms) * len(p.Points)
	announce := progress != nil && total > checkLineAbove
	start := time.Now()
	last := start
	if announce {
		fmt.Fprintf(progress, "checking %d design points × %d arms (%d scenarios)\n", len(p.Points), len(p.Arms), total)
	}
	var scenErrs []string
	done := 0
	for ai := range p.Arms {
		for _, pt := range p.Points {
			if err := p.checkScenario(ai, pt); err != nil {
				scenErrs = append(scenErrs, err.Error())
			}
			done++
			if len(scenErrs) >= 20 {
				break
			}
			if announce && time.Since(last) >= time.Second {
				last = time.Now()
				fmt.Fprintf(progress, "checking: %d of %d scenarios (%.0f%%)\n", done, total, 100*float64(done)/float64(total))
			}
		}
		if len(scenErrs) >= 20 {
			break
		}
	}
	if announce && len(scenErrs) == 0 {
		fmt.Fprintf(progress, "checked %d scenarios in %s\n", total, time.Since(start).Round(time.Millisecond))
	}
	if len(scenErrs) > 0 {
		return inputErr(strings.Join(dedupe(scenErrs), "\n"))
	}
	return nil
}

// inputErr is a bad-input error that is not a located schema error.
type inputErr string

func (e inputErr) Error() string { return string(e) }

// IsInputError reports whether err is caused by a bad sweep or scenario,
// or by a results folder that cannot be used (another process holds it:
// a [BusyError]).
func IsInputError(err error) bool {
	var ie inputErr
	var busy *BusyError
	if errors.As(err, &ie) || errors.As(err, &busy) {
		return true
	}
	return scenarios.IsInputError(err)
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func lineOf(doc *scenarios.Document, path string) int {
	for p := path; p != ""; {
		if l := doc.Line(p); l > 0 {
			return l
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

type leaf struct {
	path  string
	value any
}

// leaves flattens a tree of mappings into key paths and non-mapping values,
// in key order.
func leaves(tree map[string]any, prefix string) []leaf {
	keys := make([]string, 0, len(tree))
	for k := range tree {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []leaf
	for _, k := range keys {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		if sub, ok := tree[k].(map[string]any); ok && len(sub) > 0 {
			out = append(out, leaves(sub, p)...)
			continue
		}
		out = append(out, leaf{p, tree[k]})
	}
	return out
}

// metricSet is the set of metrics a sweep accepts: exactly [SummaryKeys].
func metricSet() map[string]bool {
	keys := map[string]bool{}
	for _, k := range SummaryKeys() {
		keys[k] = true
	}
	return keys
}

// SummaryKeys lists the numeric metrics of a run summary, in order: the
// metrics a sweep accepts, aggregates and writes to its tables.
func SummaryKeys() []string {
	var out []string
	for _, k := range allSummaryKeys() {
		if !isRunKey(k) {
			out = append(out, k)
		}
	}
	return out
}

func emptySummary() *agents.Summary {
	m, err := agents.New(nil, agents.Options{Days: 1})
	if err != nil {
		panic("batch: default configuration does not build: " + err.Error())
	}
	return m.Summary()
}

func suggestKey(k string, known map[string]bool) string {
	best, bestD := "", 1<<30
	for o := range known {
		if d := levenshtein(k, o); d < bestD || (d == bestD && o < best) {
			best, bestD = o, d
		}
	}
	if bestD <= max(3, len(k)/4) {
		return " (did you mean " + best + "?)"
	}
	return ""
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// variantsOf returns, per arm, the base scenario with the arm's overrides
// and the sweep's seed and days, decoded once.
func (p *Plan) variantsOf() []*scenarios.Variants {
	p.variantsOnce.Do(func() {
		p.variants = make([]*scenarios.Variants, len(p.Arms))
		for i, a := range p.Arms {
			common := append([]scenarios.Param(nil), a.Params...)
			common = append(common, scenarios.Param{Path: "seed", Value: p.Sweep.Seed, Where: p.Source + " (sweep seed)"})
			if p.Sweep.Days > 0 {
				common = append(common, scenarios.Param{Path: "days", Value: p.Sweep.Days, Where: p.Source + " (sweep days)"})
			}
			p.variants[i] = scenarios.NewVariants(p.BaseName, p.BaseText, common)
		}
	})
	return p.variants
}

// scenario builds the scenario of arm ai at a design point.
func (p *Plan) scenario(ai int, pt Point) (*scenarios.Loaded, error) {
	params := p.pointParams(pt)
	l, err := p.variantsOf()[ai].Load(params)
	if err != nil {
		return nil, relocate(err, append(append([]scenarios.Param(nil), p.Arms[ai].Params...), params...), p.BaseName)
	}
	return l, nil
}

// checkScenario returns the error scenario would return.
func (p *Plan) checkScenario(ai int, pt Point) error {
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
	}{string(p.BaseText), arms, p.ParamKeys, p.Points, p.Sweep.Seed, p.Sweep.Days})
	if err != nil {
		panic("batch: cannot encode plan: " + err.Error())
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
