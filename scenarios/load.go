package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/schema"
)

// EnvPrefix is the prefix of environment variables that override scenario
// keys: AGENCYSIM_POLICIES__DETAINERS=never sets policies.detainers ("__"
// separates path segments, a number segment indexes a list).
const EnvPrefix = "AGENCYSIM_"

// Param sets one key from another source than the scenario file (a sweep
// arm or design point, say). Where names that source in error messages.
type Param struct {
	Path  string // key path; may index lists: city.districts[2].population
	Value any    // a decoded YAML value
	Where string // e.g. "sweep.yaml:12 (arm never)"
}

// LoadOptions are the overrides applied on top of a scenario file. The zero
// value applies none.
type LoadOptions struct {
	// Params are applied first, in order, over the file.
	Params []Param
	// Set holds "path=value" overrides, applied in order after the
	// environment; the value is parsed as YAML ("3", "true", "[a, b]").
	// A path may index lists: city.districts[2].population=30000.
	Set []string
	// Env holds environment entries ("NAME=value", as os.Environ returns);
	// those starting with EnvPrefix override scenario keys. nil means none.
	Env []string
}

// Loaded is a decoded and validated scenario with its provenance.
type Loaded struct {
	Scenario Scenario
	Source   string // file path, or "bundled:name"
	Hash     string // Scenario.Hash()
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
	data, err := os.ReadFile(path)
	if err != nil {
		if b, ok := Bundled(path); ok && !strings.ContainsRune(path, filepath.Separator) {
			return LoadBytes(describeSource(strings.TrimSuffix(path, ".yaml")), b, opt)
		}
		return nil, fmt.Errorf("scenarios: %w (bundled scenarios: %s)", err, bundledNames())
	}
	return LoadBytes(path, data, opt)
}

func bundledNames() string {
	var names []string
	for _, b := range BundledList() {
		names = append(names, b.Name)
	}
	return strings.Join(names, ", ")
}

// LoadBytes is Load for a scenario held in memory; name is used in error
// messages and as the source.
func LoadBytes(name string, data []byte, opt LoadOptions) (*Loaded, error) {
	doc, err := ReadDocument(name, data, opt)
	if err != nil {
		return nil, err
	}
	if errs := applyParameterSets(doc); len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	var s Scenario
	errs := schema.Decode(doc.Tree, &s)
	if len(errs) == 0 {
		errs = s.Validate()
	}
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, errs
	}
	return &Loaded{Scenario: s, Source: name, Hash: s.Hash()}, nil
}

// Validate checks the rules that span keys (see agents.Config.Validate).
func (s *Scenario) Validate() schema.Errors {
	return s.Config.Validate()
}

// Document is a YAML document merged with its overrides: the generic tree
// to decode, and a record of where each key came from.
type Document struct {
	Tree map[string]any
	org  *origins
}

// Line returns the line of the key at path in the file, or 0.
func (d *Document) Line(path string) int { return d.org.lines[path] }

// Keys returns the keys of the mapping at path as written in the file, in
// file order (viper drops keys with empty values such as {}; this does not).
func (d *Document) Keys(path string) []string { return d.org.children[path] }

// Locate fills in where each error's value came from (file:line, or the
// override that set it) and sorts the errors as a reader meets them.
func (d *Document) Locate(errs schema.Errors) {
	d.org.locate(errs)
	sortByLine(errs)
}

// ReadDocument parses a YAML document and merges, with viper, the params,
// AGENCYSIM_* environment and --set overrides of opt. Keys must be lower
// case. Errors in the document itself are returned located.
func ReadDocument(name string, data []byte, opt LoadOptions) (*Document, error) {
	tree, org, err := readTree(name, data, opt)
	if err != nil {
		return nil, err
	}
	return &Document{Tree: tree, org: org}, nil
}

// readTree merges the file, params, environment and --set overrides with
// viper and returns the generic tree with a record of where each value came
// from.
func readTree(name string, data []byte, opt LoadOptions) (map[string]any, *origins, error) {
	org := &origins{file: name, lines: map[string]int{}, override: map[string]string{}, children: map[string][]string{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: not valid YAML: %v", name, err)
	}
	var caseErrs schema.Errors
	if len(doc.Content) > 0 {
		org.index(doc.Content[0], "", &caseErrs)
		if doc.Content[0].Kind != yaml.MappingNode {
			return nil, nil, fmt.Errorf("%s:%d: the scenario must be a mapping of keys to values", name, doc.Content[0].Line)
		}
	}
	if len(caseErrs) > 0 {
		return nil, nil, caseErrs
	}

	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, nil, fmt.Errorf("%s: not valid YAML: %v", name, err)
	}

	type override struct {
		path, origin string
		value        any
	}
	var ovs []override
	var errs schema.Errors
	for _, p := range opt.Params {
		ovs = append(ovs, override{p.Path, p.Where, p.Value})
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
		p := envPath(strings.TrimPrefix(k, EnvPrefix))
		ovs = append(ovs, override{p, "environment " + k, schema.ParseScalar(val)})
	}
	for _, s := range opt.Set {
		k, val, ok := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			errs = append(errs, &schema.Error{Path: s, Where: "--set", Problem: "is not of the form path=value", Allowed: "e.g. policies.detainers=never"})
			continue
		}
		ovs = append(ovs, override{strings.ToLower(k), "--set", schema.ParseScalar(val)})
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	var indexed []override
	for _, o := range ovs {
		org.override[o.path] = o.origin
		if strings.ContainsAny(o.path, "[") {
			indexed = append(indexed, o)
			continue
		}
		v.Set(o.path, o.value)
	}
	tree := schema.Normalize(v.AllSettings()).(map[string]any)
	for _, o := range indexed {
		if err := setIndexed(tree, o.path, o.value); err != nil {
			errs = append(errs, &schema.Error{Path: o.path, Where: o.origin, Problem: err.Error()})
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return tree, org, nil
}

var numSeg = regexp.MustCompile(`^[0-9]+$`)

// envPath turns POLICIES__DETAINERS or CITY__DISTRICTS__0__NAME into a key
// path.
func envPath(s string) string {
	var b strings.Builder
	for i, seg := range strings.Split(strings.ToLower(s), "__") {
		if numSeg.MatchString(seg) {
			b.WriteString("[" + seg + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// setIndexed sets a value at a path with list indices in a generic tree.
func setIndexed(tree map[string]any, path string, value any) error {
	parts := schema.SplitPath(path)
	var cur any = tree
	for i, p := range parts {
		last := i == len(parts)-1
		if idx, ok := p.(int); ok {
			list, isList := cur.([]any)
			if !isList {
				return fmt.Errorf("is not a list")
			}
			if idx < 0 || idx >= len(list) {
				return fmt.Errorf("index %d is out of range: the list has %d items", idx, len(list))
			}
			if last {
				list[idx] = value
				return nil
			}
			cur = list[idx]
			continue
		}
		key := p.(string)
		m, isMap := cur.(map[string]any)
		if !isMap {
			return fmt.Errorf("does not lead to a mapping at %q", key)
		}
		if last {
			m[key] = value
			return nil
		}
		next, ok := m[key]
		if !ok {
			if _, nextIsIndex := parts[i+1].(int); nextIsIndex {
				return fmt.Errorf("has no list %q to index", key)
			}
			next = map[string]any{}
			m[key] = next
		}
		cur = next
	}
	return nil
}

// origins knows where each key of a scenario was written.
type origins struct {
	file     string
	lines    map[string]int    // key path → line in the file
	override map[string]string // key path → override origin
	children map[string][]string
}

// index records the line of every key under node n at path p, and reports
// keys that are not lower case (viper would silently fold them).
func (o *origins) index(n *yaml.Node, p string, errs *schema.Errors) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := k.Value
			if p != "" {
				kp = p + "." + k.Value
			}
			if k.Value != strings.ToLower(k.Value) {
				*errs = append(*errs, &schema.Error{Path: kp, Where: fmt.Sprintf("%s:%d", o.file, k.Line), Problem: "is not lower case", Allowed: "lower-case keys, such as " + strings.ToLower(k.Value)})
			}
			o.lines[kp] = k.Line
			o.children[p] = append(o.children[p], k.Value)
			o.index(v, kp, errs)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			ip := fmt.Sprintf("%s[%d]", p, i)
			o.lines[ip] = c.Line
			o.index(c, ip, errs)
		}
	}
}

// locate fills in where each error's value came from: an override, or the
// line of the key (or of its nearest written ancestor) in the file.
func (o *origins) locate(errs schema.Errors) {
	for _, e := range errs {
		if e.Where != "" {
			continue
		}
		for p := e.Path; p != ""; p = parent(p) {
			if src, ok := o.override[p]; ok {
				e.Where = src
				break
			}
			if line, ok := o.lines[p]; ok {
				e.Where = fmt.Sprintf("%s:%d", o.file, line)
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
			if err := setIndexed(doc.Tree, k, ps.Set[k]); err != nil {
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
