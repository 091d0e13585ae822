package scenarios

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/schema"
)

// EnvPrefix is the prefix of environment variables that override scenario
// keys: AGENCYSIM_POLICIES__DETAINERS=never sets policies.detainers ("__"
// separates path segments, a number segment indexes a list). The rest of
// the name must be upper-case letters, digits and '_'.
const EnvPrefix = "AGENCYSIM_"

// Param sets one key from another source than the scenario file (a sweep
// arm or design point, say). Where names that source in error messages.
type Param struct {
	Path  string // key path; may index lists: city.districts[2].population
	Value any    // a decoded YAML value; not nil or an empty mapping
	Where string // e.g. "sweep.yaml:12 (arm never)"
}

// LoadOptions are the overrides applied on top of a scenario file. The zero
// value applies none. Every override's path must be well formed
// ([schema.SplitPath]) and name a key of the scenario, and it must have a
// value: an empty value, null or {} is an error, not "keep the default".
// An override replaces the value at its path, except that a mapping is
// merged into a mapping key by key.
type LoadOptions struct {
	// Params are applied first, in order, over the file.
	Params []Param
	// Set holds "path=value" overrides, applied in order after the
	// environment; the value is parsed as YAML ("3", "true", "[a, b]").
	// A path may index lists: city.districts[2].population=30000.
	Set []string
	// Env holds environment entries ("NAME=value", as os.Environ returns);
	// those starting with EnvPrefix override scenario keys, in name order,
	// after Params. nil means none.
	Env []string
}

// Loaded is a decoded and validated scenario with its provenance.
type Loaded struct {
	Scenario Scenario
	Source   string // file path, or "bundled:name"
	Hash     string // Scenario.Hash()

	setByFiles []string // the keys its parameter set files set
}

// Load reads, decodes and validates the scenario at path. A path without a
// slash that names a bundled scenario ("baseline") loads the bundled file
// unless a file of that name exists; "" loads the default bundled scenario.
//
// Problems are returned together as a [schema.Errors] whose entries name
// the file and line, the key path, the bad value and what is allowed.
func Load(path string, opt LoadOptions) (*Loaded, error) {
	if path == "" {
		path = DefaultName
	}
	data, err := ReadFile(path)
	if err != nil {
		if IsInputError(err) {
			return nil, err
		}
		if b, ok := Bundled(path); ok && !strings.ContainsRune(path, filepath.Separator) {
			return LoadBytes(describeSource(strings.TrimSuffix(path, ".yaml")), b, opt)
		}
		return nil, &readError{err}
	}
	return LoadBytes(path, data, opt)
}

// readError is a failure to read a scenario file. It prints the file name
// escaped and unwraps to the I/O error (an *fs.PathError).
type readError struct{ err error }

func (e *readError) Error() string {
	return fmt.Sprintf("scenarios: %s (bundled scenarios: %s)", safetext.Escape(e.err.Error()), bundledNames())
}

func (e *readError) Unwrap() error { return e.err }

// Input reports that the error is the user's to fix (a missing or
// unreadable scenario file), for the command line's exit code.
func (e *readError) Input() bool { return true }

func bundledNames() string {
	var names []string
	for _, b := range BundledList() {
		names = append(names, b.Name)
	}
	return strings.Join(names, ", ")
}

// scenarioFormat describes the keys of a scenario file.
var scenarioFormat = schema.Describe(reflect.TypeOf(Scenario{}))

// LoadBytes is Load for a scenario held in memory; name is used in error
// messages and as the source. Every override must name a scenario key.
func LoadBytes(name string, data []byte, opt LoadOptions) (*Loaded, error) {
	doc, err := ReadDocument(name, data, opt)
	if err != nil {
		return nil, err
	}
	var errs schema.Errors
	for _, o := range doc.org.overrides {
		if e := scenarioFormat.CheckPath(o.path); e != nil {
			e.Where = o.origin
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	fileKeys, errs := applyParameterSetFiles(name, doc)
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	if errs := applyParameterSets(doc); len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	var s Scenario
	errs = schema.Decode(doc.Tree, &s)
	if len(errs) == 0 {
		errs = s.Validate()
	}
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	return &Loaded{Scenario: s, Source: name, Hash: s.Hash(), setByFiles: fileKeys}, nil
}

// Validate checks the rules that span keys (see agents.Config.Validate),
// that the name is a name ([safetext.NameProblem]) and that the description
// holds no control characters other than newlines and tabs.
func (s *Scenario) Validate() schema.Errors {
	var errs schema.Errors
	if p := safetext.NameProblem(s.Name); p != "" {
		errs = append(errs, &schema.Error{Path: "name", Value: s.Name, Problem: p, Allowed: safetext.NameAllowed})
	}
	if safetext.HasControl(strings.NewReplacer("\n", "", "\t", "").Replace(s.Description)) {
		errs = append(errs, &schema.Error{Path: "description", Value: s.Description, Problem: "holds control characters", Allowed: "text with newlines and tabs but no other control characters"})
	}
	if err := agents.CheckOptions(s.Options(0)); err != nil {
		// days and output.interval_days together: too many samples.
		errs = append(errs, &schema.Error{Path: "output.interval_days", Value: s.Output.IntervalDays,
			Problem: fmt.Sprintf("makes %.0f time-series samples over %v days, more than %d", math.Ceil(s.Days/s.Output.IntervalDays), s.Days, agents.MaxSeriesSamples),
			Allowed: fmt.Sprintf("an interval of at least %v days, or fewer days", s.Days/agents.MaxSeriesSamples)})
	}
	return append(errs, s.Config.Validate()...)
}

// Document is a YAML document merged with its overrides: the generic tree
// to decode, and a record of where each key came from.
type Document struct {
	Tree map[string]any
	org  *origins
}

// Line returns the line of the key at path in the file, or 0.
func (d *Document) Line(path string) int { return d.org.line(path) }

// Keys returns the keys of the mapping at path as written in the file, in
// file order, dotted keys split (a.b: 1 gives a under "" and b under "a").
func (d *Document) Keys(path string) []string { return d.org.children[path] }

// Decode decodes the document's tree into v (see schema.Decode) and, if
// that fails, returns the errors located (see Locate).
func (d *Document) Decode(v any) schema.Errors {
	errs := schema.Decode(d.Tree, v)
	if len(errs) > 0 {
		d.Locate(errs)
	}
	return errs
}

// Locate fills in where each error's value came from (file:line, or the
// override that set it or created its key) and sorts the errors as a
// reader meets them.
func (d *Document) Locate(errs schema.Errors) {
	d.org.locate(errs)
	sortByLine(errs)
}

// ReadDocument parses a YAML document and merges the params, AGENCYSIM_*
// environment and --set overrides of opt into it, in that order. Problems
// with the document or the overrides are returned located, as a
// [schema.Errors]:
//
//   - a file larger than [MaxFileBytes], nested deeper than [MaxDepth], or
//     with aliases that expand it more than [MaxAliasGrowth] times;
//   - more than one YAML document, or a top level that is not a mapping;
//   - keys that are not strings, are empty, are not lower case, hold
//     control characters, have an empty part between dots, or are given
//     twice (nested or dotted: a: {b: 1} and a.b: 2);
//   - override paths that are not well formed ([schema.SplitPath]),
//     environment names that are not, and overrides with no value (empty,
//     null or {}).
//
// A key written with no value (null, or {}) is kept in the tree as nil or
// an empty mapping, for the decoder to judge ([schema.Decode]: an error for
// a value or a list, no keys given for a section).
func ReadDocument(name string, data []byte, opt LoadOptions) (*Document, error) {
	tree, org, err := readTree(name, data, opt)
	if err != nil {
		return nil, err
	}
	return &Document{Tree: tree, org: org}, nil
}

// override is one key set from outside the file.
type override struct {
	path, origin string
	value        any
}

// readTree reads the file (readSettings), restores the empty values viper
// drops, and applies the overrides, recording where each value came from.
func readTree(name string, data []byte, opt LoadOptions) (map[string]any, *origins, error) {
	org := newOrigins(name)
	root, err := parseDocument(name, data)
	if err != nil {
		return nil, nil, err
	}
	var errs schema.Errors
	if root != nil {
		if root.Kind != yaml.MappingNode {
			return nil, nil, fileErr(name, root.Line, "the scenario must be a mapping of keys to values", "a mapping such as name: my-city")
		}
		org.index(root, "", false, &errs)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}

	settings, err := readSettings(data)
	if err != nil {
		return nil, nil, fileErr(name, 0, "not valid YAML: "+err.Error(), "")
	}
	tree := schema.Normalize(settings).(map[string]any)
	for _, e := range org.empty {
		restoreEmpty(tree, e.path, e.value)
	}

	ovs, errs := parseOverrides(opt)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	for _, o := range ovs {
		segs, err := schema.SplitPath(o.path)
		if err == nil {
			err = setPath(tree, segs, o.value)
		}
		if err != nil {
			errs = append(errs, &schema.Error{Path: o.path, Where: o.origin, Problem: err.Error()})
			continue
		}
		org.addOverride(o)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return tree, org, nil
}

// restoreEmpty puts back a key written with no value (nil or an empty
// mapping) that viper dropped, with the mappings above it that viper dropped
// with it, unless the tree has a value there.
func restoreEmpty(tree map[string]any, path string, value any) {
	parts := strings.Split(path, ".")
	cur := tree
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p]
		if !ok || next == nil {
			next = map[string]any{}
			cur[p] = next
		}
		m, ok := next.(map[string]any)
		if !ok {
			return
		}
		cur = m
	}
	last := parts[len(parts)-1]
	if _, ok := cur[last]; !ok {
		cur[last] = value
	}
}

// parseOverrides collects the overrides of opt in the order they apply:
// params, then the environment (sorted by name), then --set.
func parseOverrides(opt LoadOptions) ([]override, schema.Errors) {
	var ovs []override
	var errs schema.Errors
	for _, p := range opt.Params {
		where := p.Where
		if where == "" {
			where = "override of " + p.Path
		}
		if e := checkOverridePath(p.Path, where); e != nil {
			errs = append(errs, e)
			continue
		}
		if isNothing(p.Value) {
			errs = append(errs, &schema.Error{Path: p.Path, Where: where, Problem: "has no value", Allowed: "a value (leave the key out to keep the base scenario's)"})
			continue
		}
		ovs = append(ovs, override{p.Path, where, p.Value})
	}
	var env []string
	for _, kv := range opt.Env {
		if strings.HasPrefix(kv, EnvPrefix) {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	for _, kv := range env {
		k, val, _ := strings.Cut(kv, "=")
		where := "environment " + k
		p, err := envPath(strings.TrimPrefix(k, EnvPrefix))
		if err != nil {
			errs = append(errs, &schema.Error{Where: where, Problem: err.Error(), Allowed: envAllowed})
			continue
		}
		value, problem := overrideValue(val)
		if problem != "" {
			errs = append(errs, &schema.Error{Path: p, Where: where, Problem: problem, Allowed: "a value, as in " + EnvPrefix + "POLICIES__DETAINERS=never (unset the variable to keep the file's value)"})
			continue
		}
		if e := checkOverridePath(p, where); e != nil {
			errs = append(errs, e)
			continue
		}
		ovs = append(ovs, override{p, where, value})
	}
	for _, s := range opt.Set {
		k, val, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			errs = append(errs, &schema.Error{Path: s, Where: "--set", Problem: "is not of the form path=value", Allowed: "e.g. policies.detainers=never"})
			continue
		}
		if e := checkOverridePath(k, "--set"); e != nil {
			errs = append(errs, e)
			continue
		}
		value, problem := overrideValue(val)
		if problem != "" {
			errs = append(errs, &schema.Error{Path: k, Where: "--set", Problem: problem, Allowed: "a value after '=', as in policies.detainers=never (leave out the --set to keep the file's value)"})
			continue
		}
		ovs = append(ovs, override{k, "--set", value})
	}
	return ovs, errs
}

// checkOverridePath checks that an override path is well formed and no
// deeper than MaxDepth.
func checkOverridePath(path, where string) *schema.Error {
	segs, err := schema.SplitPath(path)
	if err != nil {
		return &schema.Error{Path: path, Where: where, Problem: err.Error(), Allowed: schema.PathAllowed}
	}
	if len(segs) > MaxDepth {
		return &schema.Error{Path: path, Where: where, Problem: fmt.Sprintf("has %d parts", len(segs)), Allowed: fmt.Sprintf("a path of at most %d keys and indices", MaxDepth)}
	}
	return nil
}

// overrideValue parses the text of a --set or environment value as YAML
// within the loader's limits ("3" is a number, "[a, b]" a list; text that
// is not valid YAML is kept as a string). It returns what is wrong, if
// anything: empty text, null and {} are no value (an override must set
// something).
func overrideValue(text string) (any, string) {
	if strings.TrimSpace(text) == "" {
		return nil, "has no value"
	}
	root, err := parseDocument("value", []byte(text))
	var es schema.Errors
	switch {
	case err == nil:
	case errors.As(err, &es) && strings.HasPrefix(es[0].Problem, "not valid YAML"):
		return text, ""
	case errors.As(err, &es):
		return nil, "holds a value that " + es[0].Problem
	default:
		return nil, err.Error()
	}
	var v any
	if root != nil {
		if err := root.Decode(&v); err != nil {
			return text, ""
		}
	}
	v = schema.Normalize(v)
	if isNothing(v) {
		return nil, "has no value"
	}
	return v, ""
}

// isNothing reports an override value that sets nothing: null or {}.
func isNothing(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	}
	return false
}

const envAllowed = EnvPrefix + "<PATH>, PATH being keys in upper case separated by __, with list indices as numbers, as in " + EnvPrefix + "POLICIES__DETAINERS or " + EnvPrefix + "CITY__DISTRICTS__0__POPULATION"

// envPath turns POLICIES__DETAINERS or CITY__DISTRICTS__0__NAME into a key
// path. The name must be upper case, and every part between "__" non-empty.
func envPath(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("names no key")
	}
	if s != strings.ToUpper(s) {
		return "", fmt.Errorf("is not upper case")
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return "", fmt.Errorf("holds %q, which is not a letter, digit or '_'", r)
		}
	}
	var b strings.Builder
	for i, seg := range strings.Split(strings.ToLower(s), "__") {
		switch {
		case seg == "":
			return "", fmt.Errorf(`has an empty part ("__" at the start or end, or "____")`)
		case isDigits(seg):
			if i == 0 {
				return "", fmt.Errorf("begins with a list index")
			}
			b.WriteString("[" + seg + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	p := b.String()
	if _, err := schema.SplitPath(p); err != nil {
		return "", fmt.Errorf("stands for the key path %q, which %s", p, err)
	}
	return p, nil
}

func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// setPath sets a value at a path (as split by schema.SplitPath) in a
// generic tree, creating the mappings on the way. A mapping set over a
// mapping is merged into it key by key; anything else replaces what was
// there.
func setPath(tree map[string]any, segs []any, value any) error {
	var cur any = tree
	for i, seg := range segs {
		last := i == len(segs)-1
		if idx, ok := seg.(int); ok {
			list, isList := cur.([]any)
			if !isList {
				return fmt.Errorf("is not a list, so it has no item [%d]", idx)
			}
			if idx >= len(list) {
				return fmt.Errorf("index %d is out of range: the list has %d items", idx, len(list))
			}
			if last {
				list[idx] = merge(list[idx], value)
				return nil
			}
			cur = list[idx]
			continue
		}
		key := seg.(string)
		m, isMap := cur.(map[string]any)
		if !isMap {
			return fmt.Errorf("does not lead to a mapping at %q (the value there is %s)", key, schema.FormatValue(cur))
		}
		if last {
			m[key] = merge(m[key], value)
			return nil
		}
		next, ok := m[key]
		if !ok || next == nil {
			if _, nextIsIndex := segs[i+1].(int); nextIsIndex {
				return fmt.Errorf("has no list %q to index", key)
			}
			next = map[string]any{}
			m[key] = next
		}
		cur = next
	}
	return nil
}

// merge returns over set on top of base: mappings key by key, anything
// else replaced. It may modify base.
func merge(base, over any) any {
	bm, ok1 := base.(map[string]any)
	om, ok2 := over.(map[string]any)
	if !ok1 || !ok2 {
		return over
	}
	for k, v := range om {
		bm[k] = merge(bm[k], v)
	}
	return bm
}

// addOverride records an applied override: its path, and the paths above
// it that it may have created.
func (o *origins) addOverride(ov override) {
	o.overrides = append(o.overrides, ov)
	o.override[ov.path] = ov.origin
	for p := parent(ov.path); p != ""; p = parent(p) {
		if _, ok := o.createdBy[p]; !ok {
			o.createdBy[p] = ov.origin
		}
	}
}

// locate fills in where each error's value came from: the override that
// set the key; else the key's line in the file; else the override that
// created the key (an unknown section that an override introduced, say);
// else the nearest ancestor that an override set or the file holds.
func (o *origins) locate(errs schema.Errors) {
	for _, e := range errs {
		if e.Where != "" {
			continue
		}
		if src, ok := o.override[e.Path]; ok {
			e.Where = src
			continue
		}
		if line := o.line(e.Path); line > 0 {
			e.Where = o.at(line)
			continue
		}
		if src, ok := o.createdBy[e.Path]; ok {
			e.Where = src
			continue
		}
		for p := parent(e.Path); p != ""; p = parent(p) {
			if src, ok := o.override[p]; ok {
				e.Where = src
				break
			}
			if line := o.line(p); line > 0 {
				e.Where = o.at(line)
				break
			}
		}
		if e.Where == "" {
			e.Where = o.file
		}
	}
}

// sortByLine orders errors as a reader meets them: overrides first, then by
// line in the file; errors on the same line keep their order.
func sortByLine(errs schema.Errors) {
	line := func(e *schema.Error) int {
		i := strings.LastIndexByte(e.Where, ':')
		if i < 0 {
			return -1
		}
		n, err := strconv.Atoi(e.Where[i+1:])
		if err != nil {
			return -1
		}
		return n
	}
	sort.SliceStable(errs, func(i, j int) bool { return line(errs[i]) < line(errs[j]) })
}

// parent returns the path one level up: "a.b[2].c" → "a.b[2]" → "a.b" → "a".
func parent(p string) string {
	if strings.HasSuffix(p, "]") {
		return p[:strings.LastIndexByte(p, '[')]
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// IsInputError reports whether err describes bad scenario input (as
// opposed to an I/O failure).
func IsInputError(err error) bool {
	var es schema.Errors
	return errors.As(err, &es)
}

// applyParameterSets writes the keys of the named parameter sets the
// document chooses (parameter_sets) into its tree. A key that the file (or
// an override) sets too, or that two chosen sets both set, is an error: the
// choice would be ambiguous. A malformed parameter_sets is left for the
// decoder to report.
func applyParameterSets(doc *Document) schema.Errors {
	list, ok := doc.Tree["parameter_sets"].([]any)
	if !ok {
		return nil
	}
	var errs schema.Errors
	setBy := map[string]string{}
	for i, v := range list {
		name, ok := v.(string)
		if !ok {
			continue
		}
		at := fmt.Sprintf("parameter_sets[%d]", i)
		ps, ok := agents.LookupParameterSet(name)
		if !ok {
			var names []string
			for _, s := range agents.ParameterSets() {
				names = append(names, s.Name)
			}
			errs = append(errs, &schema.Error{Path: at, Value: name, Problem: "is not a parameter set", Allowed: "one of " + strings.Join(names, ", ")})
			continue
		}
		keys := make([]string, 0, len(ps.Set))
		for k := range ps.Set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if other, dup := setBy[k]; dup {
				errs = append(errs, &schema.Error{Path: at, Value: name, Problem: fmt.Sprintf("sets %s, which parameter set %q also sets", k, other), Allowed: "sets that set different keys (they are alternatives: choose one)"})
				continue
			}
			if v, present := lookupPath(doc.Tree, k); present {
				errs = append(errs, &schema.Error{Path: k, Value: v, Problem: fmt.Sprintf("is set here and by parameter set %q", name), Allowed: "one of the two: remove the key or the parameter set"})
				continue
			}
			setBy[k] = name
			segs, err := schema.SplitPath(k)
			if err == nil {
				err = setPath(doc.Tree, segs, ps.Set[k])
			}
			if err != nil {
				errs = append(errs, &schema.Error{Path: k, Where: at, Problem: err.Error()})
			}
		}
	}
	return errs
}

// lookupPath returns the value at a dotted path of a generic tree.
func lookupPath(tree map[string]any, path string) (any, bool) {
	var cur any = tree
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}
