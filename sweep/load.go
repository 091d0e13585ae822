package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

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

// Load reads and checks a sweep file, its base scenario and every arm (and
// design point): all problems are returned together, located in the file
// they come from.
//
// A path that is not a file but names a bundled sweep ("policy-comparison")
// loads the bundled one.
func Load(path string, set []string) (*Plan, error) {
	return LoadWith(path, LoadOptions{Set: set})
}

// LoadWith is [Load] with options.
func LoadWith(path string, opt LoadOptions) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		b, ok := scenarios.BundledSweep(path)
		if !ok || strings.ContainsRune(path, filepath.Separator) {
			var names []string
			for _, s := range scenarios.BundledSweepList() {
				names = append(names, s.Name)
			}
			return nil, InputError(fmt.Sprintf("sweep: %s (bundled sweeps: %s)", safetext.Escape(err.Error()), strings.Join(names, ", ")))
		}
		data, path = b, "bundled:"+strings.TrimSuffix(path, ".yaml")
	}
	doc, err := scenarios.ReadDocument(path, data, scenarios.LoadOptions{Set: opt.Set})
	if err != nil {
		if !scenarios.IsInputError(err) {
			err = InputError(err.Error()) // the file is not YAML, or not a mapping
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
	if sw.ForkDay > 0 {
		plan.forkWhere = fmt.Sprintf("%s:%d", path, lineOf(doc, "fork_day"))
	}
	if p := safetext.NameProblem(sw.Name); p != "" {
		fail("name", sw.Name, p, safetext.NameAllowed)
	}
	names := armNames(doc, sw)
	if len(names) == 0 {
		fail("arms", nil, "has no arms", "at least one arm, e.g. arms: {baseline: {}}")
	}
	if len(names) > MaxArms {
		fail("arms", len(names), "are too many", fmt.Sprintf("at most %d arms", MaxArms))
		names = nil
	}
	reserved := plan.reservedKeys()
	for _, n := range names {
		if a, ok := loadArm(doc, sw, path, n, reserved, fail); ok {
			plan.Arms = append(plan.Arms, a)
		}
	}
	if sw.BaselineArm != "" {
		i := plan.armIndex(sw.BaselineArm)
		if i < 0 {
			fail("baseline_arm", sw.BaselineArm, "is not one of the arms", strings.Join(names, ", "))
		} else {
			// The baseline goes first.
			b := plan.Arms[i]
			plan.Arms = append([]Arm{b}, append(plan.Arms[:i:i], plan.Arms[i+1:]...)...)
		}
	}
	plan.loadBase(path, fail)
	plan.checkMetrics(fail)

	// The design.
	if len(errs) == 0 {
		keys, points, derrs := buildDesign(sw, path)
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

// armNames returns the arm names in file order. Arms written as {} are
// dropped by viper: the names are taken from the file too.
func armNames(doc *scenarios.Document, sw Sweep) []string {
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
	return names
}

// loadArm checks arm n and returns it with its overrides.
func loadArm(doc *scenarios.Document, sw Sweep, path, n string, reserved map[string]string, fail func(string, any, string, string)) (Arm, bool) {
	if p := safetext.NameProblem(n); p != "" {
		fail("arms."+safetext.Escape(n), n, "is not a valid arm name: it "+p, safetext.NameAllowed+", of lower-case letters, digits, '_' and '-'")
		return Arm{}, false
	}
	if !armName.MatchString(n) {
		fail("arms."+n, n, "is not a valid arm name", "lower-case letters, digits, '_' and '-' (arm names go into file names)")
		return Arm{}, false
	}
	tree, ok := sw.Arms[n].(map[string]any)
	if sw.Arms[n] != nil && !ok {
		fail("arms."+n, sw.Arms[n], "is not a mapping of overrides", "a mapping of scenario keys, or {}")
		return Arm{}, false
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
	return Arm{Name: n, Params: params}, true
}

// loadBase reads the base scenario: a file next to the sweep file, or a
// bundled scenario.
func (p *Plan) loadBase(path string, fail func(string, any, string, string)) {
	base := p.Sweep.Base
	if st, statErr := os.Stat(filepath.Join(filepath.Dir(path), base)); statErr == nil && st.Mode().IsRegular() && !strings.HasPrefix(path, "bundled:") {
		base = filepath.Join(filepath.Dir(path), base)
		b, err := os.ReadFile(base)
		if err != nil {
			fail("base", p.Sweep.Base, "cannot be read: "+err.Error(), "a readable YAML file")
		}
		p.BaseText, p.BaseName = b, base
	} else if b, ok := scenarios.Bundled(base); ok {
		p.BaseText = b
		p.BaseName = "bundled:" + strings.TrimSuffix(base, ".yaml")
	} else {
		fail("base", p.Sweep.Base, "is neither a file next to the sweep file nor a bundled scenario", "a YAML file path or one of the names 'agencysim scenarios' lists")
	}
}

// checkMetrics sets the plan's metrics and checks them and until_ci's:
// numeric summary keys only, as --list-metrics lists them.
func (p *Plan) checkMetrics(fail func(string, any, string, string)) {
	sw := p.Sweep
	p.Metrics = sw.Metrics
	if len(p.Metrics) == 0 {
		p.Metrics = DefaultMetrics
	}
	for i, m := range sw.Metrics {
		if !IsMetric(m) {
			fail(fmt.Sprintf("metrics[%d]", i), m, notMetric(m), "a numeric key listed by 'agencysim sweep --list-metrics'"+suggestMetric(m))
		}
	}
	if u := sw.UntilCI; u.Metric != "" {
		if !IsMetric(u.Metric) {
			fail("until_ci.metric", u.Metric, notMetric(u.Metric), "a numeric key listed by 'agencysim sweep --list-metrics'"+suggestMetric(u.Metric))
		}
		if !(u.HalfWidth > 0) {
			fail("until_ci.half_width", u.HalfWidth, "must be positive when until_ci.metric is set", "a number greater than 0")
		}
		if u.MaxReplications < sw.Replications {
			fail("until_ci.max_replications", u.MaxReplications, "is below replications", fmt.Sprintf("at least %d", sw.Replications))
		}
	}
}

// notMetric says why a key is not a metric.
func notMetric(key string) string {
	if IsTextKey(key) {
		return "is a text field of the run summary, not a numeric metric"
	}
	return "is not a summary metric"
}

// suggestMetric names the metric closest to a misspelt key, if one is
// close.
func suggestMetric(k string) string {
	best, bestD := "", 1<<30
	for _, o := range MetricKeys() {
		if d := schema.Levenshtein(k, o); d < bestD || (d == bestD && o < best) {
			best, bestD = o, d
		}
	}
	if bestD <= max(3, len(k)/4) {
		return " (did you mean " + best + "?)"
	}
	return ""
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
	d := p.Design()
	names := make([]string, 0, len(reserved))
	for r := range reserved {
		names = append(names, r)
	}
	sort.Strings(names)
	overlap := func(a, b string) bool { return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".") }
	for _, k := range p.ParamKeys {
		for _, r := range names {
			if overlap(k, r) {
				errs = append(errs, &schema.Error{Path: d.At(k), Value: k, Problem: "is set by the sweep itself: " + reserved[r], Allowed: "a design over other keys"})
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
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Path < errs[j].Path })
	return errs
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
		return InputError(strings.Join(dedupe(scenErrs), "\n"))
	}
	return nil
}

// dedupe returns list without repetitions, in order.
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
// in key order (scenarios.Leaves).
func leaves(tree map[string]any, prefix string) []leaf {
	var out []leaf
	for _, p := range scenarios.Leaves(tree, prefix) {
		out = append(out, leaf{p.Path, p.Value})
	}
	return out
}
