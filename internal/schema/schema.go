// Package schema turns annotated Go structs into a checked configuration
// format: it decodes a generic tree (maps, lists and scalars, as produced by a
// YAML parser or viper) into the structs exactly, fills absent keys from
// default tags, and describes the format for documentation and JSON Schema.
//
// Struct fields are described by tags:
//
//	yaml     key name (",inline" embeds a struct's keys in its parent)
//	doc      what the key means
//	default  value when the key is absent, as YAML (a scalar, [list] or {map})
//	min, max inclusive numeric range
//	enum     allowed string values separated by "|" (also for []string)
//	unit     unit of measure
//	source   where the default comes from
//
// Supported field types are bool, int, float64, string, structs, slices of
// those, and map[string]any (kept as is). A struct-valued field with a
// default map is merged key by key with the value given, so a partial map
// keeps the other defaults.
//
// Decoding never panics on bad input: every problem is returned as an
// [Error] naming the key path, the value and what is allowed, and all
// problems are returned together. A malformed tag is a programming error and
// panics with a message prefixed "schema: ".
package schema

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Field describes one key of a configuration format.
type Field struct {
	Key     string // the key name
	Path    string // dotted path from the root, "[]" marking list elements
	Kind    Kind
	Doc     string
	Default string // the default tag, as written
	Unit    string
	Source  string
	Grade   string // evidence grade of the source: A, B, C or U (see docs/model.md)
	Min     *float64
	Max     *float64
	Enum    []string
	Type    reflect.Type

	Fields []*Field // for KindObject, in declaration order
	Elem   *Field   // for KindArray

	index []int // field index path within the parent struct
}

// Kind is the kind of value a key holds.
type Kind string

// The kinds of values.
const (
	KindBool    Kind = "boolean"
	KindInt     Kind = "integer"
	KindFloat   Kind = "number"
	KindString  Kind = "string"
	KindObject  Kind = "object"
	KindArray   Kind = "array"
	KindFreeMap Kind = "map"
)

var cache sync.Map // reflect.Type → *Field

// Describe returns the description of struct type t (or pointer to struct).
// It panics if t uses an unsupported field type or a malformed tag.
func Describe(t reflect.Type) *Field {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if f, ok := cache.Load(t); ok {
		return f.(*Field)
	}
	root := &Field{Kind: KindObject, Type: t}
	root.Fields = describeStruct(t, "")
	cache.Store(t, root)
	return root
}

func describeStruct(t reflect.Type, prefix string) []*Field {
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("schema: %v is not a struct", t))
	}
	var out []*Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if tag == "-" {
			continue
		}
		if opts == "inline" {
			for _, c := range describeStruct(sf.Type, prefix) {
				c.index = append([]int{i}, c.index...)
				out = append(out, c)
			}
			continue
		}
		if name == "" {
			panic(fmt.Sprintf("schema: field %v.%s has no yaml key", t, sf.Name))
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		f := describeField(sf.Type, path, sf.Tag)
		f.Key = name
		f.index = []int{i}
		out = append(out, f)
	}
	return out
}

func describeField(t reflect.Type, path string, tag reflect.StructTag) *Field {
	f := &Field{
		Path:    path,
		Type:    t,
		Doc:     tag.Get("doc"),
		Default: tag.Get("default"),
		Unit:    tag.Get("unit"),
		Source:  tag.Get("source"),
		Grade:   tag.Get("grade"),
	}
	f.Min = parseBound(tag.Get("min"), path)
	f.Max = parseBound(tag.Get("max"), path)
	if e := tag.Get("enum"); e != "" {
		f.Enum = strings.Split(e, "|")
	}
	switch t.Kind() {
	case reflect.Bool:
		f.Kind = KindBool
	case reflect.Int, reflect.Int64, reflect.Int32:
		f.Kind = KindInt
	case reflect.Float64:
		f.Kind = KindFloat
	case reflect.String:
		f.Kind = KindString
	case reflect.Struct:
		f.Kind = KindObject
		f.Fields = describeStruct(t, path)
	case reflect.Slice:
		f.Kind = KindArray
		et := t.Elem()
		var etag reflect.StructTag
		if et.Kind() == reflect.String && len(f.Enum) > 0 {
			etag = reflect.StructTag(fmt.Sprintf(`enum:%q`, strings.Join(f.Enum, "|")))
		}
		f.Elem = describeField(et, path+"[]", etag)
	case reflect.Map:
		if t.Key().Kind() != reflect.String || t.Elem().Kind() != reflect.Interface {
			panic(fmt.Sprintf("schema: %s: only map[string]any maps are supported", path))
		}
		f.Kind = KindFreeMap
	default:
		panic(fmt.Sprintf("schema: %s: unsupported type %v", path, t))
	}
	if f.Default != "" {
		if _, err := parseYAML(f.Default); err != nil {
			panic(fmt.Sprintf("schema: %s: bad default %q: %v", path, f.Default, err))
		}
	}
	return f
}

func parseBound(s, path string) *float64 {
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("schema: %s: bad bound %q", path, s))
	}
	return &v
}

// Allowed describes the values the field accepts, for error messages and
// documentation.
func (f *Field) Allowed() string {
	switch f.Kind {
	case KindBool:
		return "true or false"
	case KindString:
		if len(f.Enum) > 0 {
			return "one of " + strings.Join(f.Enum, ", ")
		}
		return "a string"
	case KindInt, KindFloat:
		what := "a number"
		if f.Kind == KindInt {
			what = "a whole number"
		}
		switch {
		case f.Min != nil && f.Max != nil:
			return fmt.Sprintf("%s from %s to %s", what, fmtNum(*f.Min), fmtNum(*f.Max))
		case f.Min != nil:
			return fmt.Sprintf("%s of at least %s", what, fmtNum(*f.Min))
		case f.Max != nil:
			return fmt.Sprintf("%s of at most %s", what, fmtNum(*f.Max))
		}
		return what
	case KindObject:
		return "a mapping with keys " + keyList(f)
	case KindArray:
		return "a list of " + f.Elem.Allowed()
	case KindFreeMap:
		return "a mapping"
	}
	return ""
}

func keyList(f *Field) string {
	keys := make([]string, len(f.Fields))
	for i, c := range f.Fields {
		keys[i] = c.Key
	}
	return strings.Join(keys, ", ")
}

func fmtNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Error is one problem found while decoding or validating.
type Error struct {
	Path    string // key path, e.g. "city.districts[2].population"
	Value   any    // the offending value, or nil when a key is missing
	Problem string // what is wrong
	Allowed string // what is allowed
	Where   string // where the value came from (file:line, --set, env); may be empty
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Where != "" {
		b.WriteString(e.Where)
		b.WriteString(": ")
	}
	b.WriteString(e.Path)
	b.WriteString(": ")
	if e.Value != nil {
		b.WriteString(FormatValue(e.Value))
		b.WriteString(" ")
	}
	b.WriteString(e.Problem)
	if e.Allowed != "" {
		b.WriteString("; allowed: ")
		b.WriteString(e.Allowed)
	}
	return b.String()
}

// FormatValue renders a value from a decoded tree compactly, as YAML would.
func FormatValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return fmtNum(x)
	case map[string]any:
		return "{…}"
	case []any:
		return fmt.Sprintf("[%d items]", len(x))
	}
	return fmt.Sprint(v)
}

// Errors is a list of problems; it is an error when not empty.
type Errors []*Error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Err returns es as an error, or nil if es is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Decode sets *dst from tree, exactly: unknown keys, values of the wrong
// type and values out of range are errors, and absent keys take their
// defaults. tree may be nil (all defaults). dst must be a non-nil pointer to
// a struct; otherwise Decode panics.
func Decode(tree any, dst any) Errors {
	return decodeRoot(tree, dst, false)
}

// Patch is like Decode but leaves the current value of absent keys alone:
// it applies a partial tree on top of an existing configuration.
func Patch(tree any, dst any) Errors {
	return decodeRoot(tree, dst, true)
}

// Defaults sets *dst to the defaults of its type.
func Defaults(dst any) {
	if errs := Decode(nil, dst); len(errs) > 0 {
		panic("schema: defaults do not decode: " + errs.Error())
	}
}

func decodeRoot(tree any, dst any, patch bool) Errors {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("schema: decode into %T, want a non-nil pointer to a struct", dst))
	}
	root := Describe(rv.Type())
	d := &decoder{patch: patch}
	d.object("", root, tree, rv.Elem())
	return d.errs
}

type decoder struct {
	patch bool
	errs  Errors
}

func (d *decoder) fail(path string, v any, problem, allowed string) {
	d.errs = append(d.errs, &Error{Path: path, Value: v, Problem: problem, Allowed: allowed})
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func (d *decoder) object(path string, f *Field, tree any, v reflect.Value) {
	var m map[string]any
	switch x := tree.(type) {
	case nil:
	case map[string]any:
		m = x
	default:
		d.fail(orRoot(path), tree, "is not a mapping", f.Allowed())
		return
	}
	if len(m) > 0 {
		known := make(map[string]bool, len(f.Fields))
		for _, c := range f.Fields {
			known[c.Key] = true
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !known[k] {
				allowed := keyList(f)
				if s := suggest(k, f.Fields); s != "" {
					allowed += " (did you mean " + s + "?)"
				}
				d.fail(join(path, k), nil, "is not a known key", allowed)
			}
		}
	}
	for _, c := range f.Fields {
		fv := v.FieldByIndex(c.index)
		val, ok := m[c.Key]
		cpath := join(path, c.Key)
		if !ok {
			if d.patch {
				continue
			}
			d.def(cpath, c, fv)
			continue
		}
		if !d.patch && c.Kind == KindObject && c.Default != "" {
			// A partial mapping keeps the other default keys.
			def, _ := parseYAML(c.Default)
			val = mergeTrees(def, val)
		}
		d.value(cpath, c, val, fv)
	}
}

func orRoot(path string) string {
	if path == "" {
		return "(top level)"
	}
	return path
}

// def sets the field to its default.
func (d *decoder) def(path string, f *Field, v reflect.Value) {
	if f.Default != "" {
		t, _ := parseYAML(f.Default)
		d.value(path, f, t, v)
		return
	}
	switch f.Kind {
	case KindObject:
		d.object(path, f, nil, v)
	default:
		v.Set(reflect.Zero(v.Type()))
	}
}

func (d *decoder) value(path string, f *Field, tree any, v reflect.Value) {
	switch f.Kind {
	case KindObject:
		d.object(path, f, tree, v)
	case KindBool:
		b, ok := tree.(bool)
		if !ok {
			d.fail(path, tree, "is not true or false", f.Allowed())
			return
		}
		v.SetBool(b)
	case KindString:
		s, ok := tree.(string)
		if !ok {
			d.fail(path, tree, "is not a string", f.Allowed())
			return
		}
		if len(f.Enum) > 0 && !contains(f.Enum, s) {
			allowed := f.Allowed()
			if sug := closest(s, f.Enum); sug != "" {
				allowed += " (did you mean " + sug + "?)"
			}
			d.fail(path, tree, "is not an allowed value", allowed)
			return
		}
		v.SetString(s)
	case KindInt:
		x, ok := toFloat(tree)
		if !ok || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			d.fail(path, tree, "is not a whole number", f.Allowed())
			return
		}
		if !d.inRange(path, f, tree, x) {
			return
		}
		v.SetInt(int64(x))
	case KindFloat:
		x, ok := toFloat(tree)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			d.fail(path, tree, "is not a finite number", f.Allowed())
			return
		}
		if !d.inRange(path, f, tree, x) {
			return
		}
		v.SetFloat(x)
	case KindArray:
		var list []any
		switch x := tree.(type) {
		case nil:
		case []any:
			list = x
		default:
			d.fail(path, tree, "is not a list", f.Allowed())
			return
		}
		out := reflect.MakeSlice(v.Type(), len(list), len(list))
		for i, item := range list {
			ipath := fmt.Sprintf("%s[%d]", path, i)
			ev := out.Index(i)
			if f.Elem.Kind == KindObject {
				// List elements are whole values: absent keys take defaults.
				sub := &decoder{patch: false}
				sub.object(ipath, f.Elem, item, ev)
				d.errs = append(d.errs, sub.errs...)
				continue
			}
			d.value(ipath, f.Elem, item, ev)
		}
		v.Set(out)
	case KindFreeMap:
		switch x := tree.(type) {
		case nil:
			v.Set(reflect.MakeMap(v.Type()))
		case map[string]any:
			v.Set(reflect.ValueOf(x))
		default:
			d.fail(path, tree, "is not a mapping", f.Allowed())
		}
	}
}

func (d *decoder) inRange(path string, f *Field, raw any, x float64) bool {
	if (f.Min != nil && x < *f.Min) || (f.Max != nil && x > *f.Max) {
		d.fail(path, raw, "is out of range", f.Allowed())
		return false
	}
	return true
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint:
		return float64(x), true
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	return 0, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// mergeTrees returns over merged onto base, recursively for mappings.
func mergeTrees(base, over any) any {
	bm, ok1 := base.(map[string]any)
	om, ok2 := over.(map[string]any)
	if !ok1 || !ok2 {
		return over
	}
	out := make(map[string]any, len(bm)+len(om))
	for k, v := range bm {
		out[k] = v
	}
	for k, v := range om {
		out[k] = mergeTrees(bm[k], v)
	}
	return out
}

// parseYAML parses a YAML document into a generic tree of map[string]any,
// []any and scalars.
func parseYAML(s string) (any, error) {
	var v any
	if err := yaml.Unmarshal([]byte(s), &v); err != nil {
		return nil, err
	}
	return Normalize(v), nil
}

// ParseScalar parses a command-line or environment value as YAML, so that
// "3" is a number, "true" a boolean and "[a, b]" a list; text that is not
// valid YAML is kept as a string.
func ParseScalar(s string) any {
	v, err := parseYAML(s)
	if err != nil {
		return s
	}
	return v
}

// Normalize converts the map types YAML decoders produce into
// map[string]any throughout a tree.
func Normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = Normalize(e)
		}
		return x
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = Normalize(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = Normalize(e)
		}
		return x
	}
	return v
}

// suggest returns the known key closest to k, if any is close.
func suggest(k string, fields []*Field) string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.Key
	}
	return closest(k, keys)
}

func closest(s string, options []string) string {
	var best []string
	bestD := 1 << 30
	for _, o := range options {
		d := levenshtein(s, o)
		switch {
		case d < bestD:
			best, bestD = []string{o}, d
		case d == bestD:
			best = append(best, o)
		}
	}
	if bestD <= max(2, len(s)/3) {
		return strings.Join(best, " or ")
	}
	// Otherwise an option that contains s, or shares its first word.
	var near []string
	for _, o := range options {
		w, _, _ := strings.Cut(s, "_")
		if len(s) >= 3 && (strings.Contains(o, s) || (len(w) >= 4 && strings.HasPrefix(o, w))) {
			near = append(near, o)
		}
	}
	return strings.Join(near, " or ")
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
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Lookup returns the field at a dotted path ("policies.detainers",
// "city.districts[].population"; list indices such as [3] are accepted and
// treated as []), or nil.
func (f *Field) Lookup(path string) *Field {
	cur := f
	for _, seg := range SplitPath(path) {
		part, isKey := seg.(string)
		if !isKey || part == "[]" {
			if cur.Kind != KindArray {
				return nil
			}
			cur = cur.Elem
			continue
		}
		if cur.Kind != KindObject {
			return nil
		}
		var next *Field
		for _, c := range cur.Fields {
			if c.Key == part {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// SplitPath splits a key path such as "a.b[2].c" into its segments: keys
// as strings and list indices as ints ("a", "b", 2, "c"). An index that is
// not a number is returned as -1.
func SplitPath(path string) []any {
	var out []any
	for _, seg := range strings.Split(path, ".") {
		for seg != "" {
			i := strings.IndexByte(seg, '[')
			if i < 0 {
				out = append(out, seg)
				break
			}
			if i > 0 {
				out = append(out, seg[:i])
			}
			j := strings.IndexByte(seg, ']')
			if j < i {
				out = append(out, seg)
				break
			}
			n, err := strconv.Atoi(seg[i+1 : j])
			if err != nil {
				n = -1
			}
			out = append(out, n)
			seg = seg[j+1:]
		}
	}
	return out
}

// Walk calls fn for f and every field below it, depth first in declaration
// order.
func (f *Field) Walk(fn func(*Field)) {
	fn(f)
	for _, c := range f.Fields {
		c.Walk(fn)
	}
	if f.Elem != nil {
		f.Elem.Walk(fn)
	}
}
