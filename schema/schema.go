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
//	         — or a type that implements [Enum] (not both)
//	maxitems most items a list may hold (a positive whole number)
//	unit     unit of measure
//	source   where the default comes from
//	hash     "nondefault": the key enters a hash of the configuration only
//	         when it differs from its default (see [NonDefault]); such a
//	         field is also tagged json:"-"
//
// Supported field types are bool, int, float64, string, enumerations (an
// integer type implementing [Enum]), structs, slices of those, and
// map[string]any (kept as is). A struct-valued field with a
// default map is merged key by key with the value given, so a partial map
// keeps the other defaults.
//
// A key that is present but has no value (null, or an empty mapping, or an
// empty list where a single value is expected) is an error for a value or a
// list: nothing is defaulted silently. For a mapping of keys (a section such
// as policies), no value means no keys are given: every key of the section
// keeps its default (or, for [Patch], its current value). A list item with
// no value is an error. An empty list ([]) is a list with no items.
//
// Decoding never panics on bad input: every problem is returned as an
// [Error] naming the key path, the value and what is allowed, and all
// problems are returned together. [Error] escapes control characters in
// what it prints, so user text cannot drive the terminal. A malformed tag is
// a programming error and panics with a message prefixed "schema: ".
package schema

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/internal/safetext"
)

// Field describes one key of a configuration format.
type Field struct {
	Key      string // the key name
	Path     string // dotted path from the root, "[]" marking list elements
	Kind     Kind
	Doc      string
	Default  string // the default tag, as written
	Unit     string
	Source   string
	Grade    string // evidence grade of the source: A, B, C or U (see docs/model.md)
	Min      *float64
	Max      *float64
	Enum     []string
	MaxItems int // for KindArray: most items allowed; 0: no limit
	Type     reflect.Type
	IsEnum   bool // a KindString field of an [Enum] type: it holds the index of its name in Enum
	// HashNonDefault marks a key that enters a hash of the configuration
	// only when it differs from its default (tag hash:"nondefault").
	HashNonDefault bool

	Fields []*Field // for KindObject, in declaration order
	Elem   *Field   // for KindArray

	index []int // field index path within the parent struct
	def   any   // Default, parsed; copy before handing out (see defaultValue)
}

// defaultValue returns a fresh copy of the parsed default, so that no two
// decoded values share a map or list.
func (f *Field) defaultValue() any { return copyTree(f.def) }

func copyTree(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = copyTree(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyTree(e)
		}
		return out
	}
	return v
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
	if isEnum(t) {
		if f.Enum != nil {
			panic(fmt.Sprintf("schema: %s: an enum tag on %v, which lists its own names (Enum)", path, t))
		}
		f.Enum, f.IsEnum = enumNames(t, path), true
	}
	switch h := tag.Get("hash"); h {
	case "":
	case "nondefault":
		if tag.Get("json") != "-" || tag.Get("default") == "" {
			panic(fmt.Sprintf("schema: %s: hash:\"nondefault\" needs json:\"-\" and a default", path))
		}
		f.HashNonDefault = true
	default:
		panic(fmt.Sprintf("schema: %s: bad hash tag %q (want nondefault)", path, h))
	}
	if m := tag.Get("maxitems"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 || t.Kind() != reflect.Slice {
			panic(fmt.Sprintf("schema: %s: bad maxitems %q (want a positive whole number on a list)", path, m))
		}
		f.MaxItems = n
	}
	switch t.Kind() {
	case reflect.Bool:
		f.Kind = KindBool
	case reflect.Int, reflect.Int64, reflect.Int32:
		f.Kind = KindInt
		if f.IsEnum {
			f.Kind = KindString
		}
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
		if f.Elem.IsEnum {
			f.Enum = f.Elem.Enum
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String || t.Elem().Kind() != reflect.Interface {
			panic(fmt.Sprintf("schema: %s: only map[string]any maps are supported", path))
		}
		f.Kind = KindFreeMap
	default:
		panic(fmt.Sprintf("schema: %s: unsupported type %v", path, t))
	}
	if f.Default != "" {
		def, err := parseYAML(f.Default)
		if err != nil {
			panic(fmt.Sprintf("schema: %s: bad default %q: %v", path, f.Default, err))
		}
		f.def = def
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
		if f.MaxItems > 0 {
			return fmt.Sprintf("a list of at most %d items, each %s", f.MaxItems, f.Elem.Allowed())
		}
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

// Error renders the error on one line: "where: path: value problem;
// allowed: ..." (an error about a whole file has no path). Every part is escaped with [safetext.Escape], since paths,
// values and the places they came from are user text.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Where != "" {
		b.WriteString(safetext.Escape(e.Where))
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(safetext.Escape(e.Path))
		b.WriteString(": ")
	}
	if e.Value != nil {
		b.WriteString(FormatValue(e.Value))
		b.WriteString(" ")
	}
	b.WriteString(safetext.Escape(e.Problem))
	if e.Allowed != "" {
		b.WriteString("; allowed: ")
		b.WriteString(safetext.Escape(e.Allowed))
	}
	return b.String()
}

// maxShown is the most characters of a text value an error shows.
const maxShown = 80

// FormatValue renders a value from a decoded tree compactly, as YAML would,
// with control characters escaped and long text cut short.
func FormatValue(v any) string {
	return safetext.Escape(formatValue(v))
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		if r := []rune(x); len(r) > maxShown {
			return strconv.Quote(string(r[:maxShown])) + "…"
		}
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
	d.object("", root, tree, nil, rv.Elem())
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

// object decodes a mapping of keys. def is the default of the mapping as a
// whole (from a default tag of it or of an enclosing mapping), if any: it
// supplies the defaults of keys that have no default tag of their own.
func (d *decoder) object(path string, f *Field, tree, def any, v reflect.Value) {
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
				d.fail(join(path, k), nil, "is not a known key", unknownKeyAllowed(k, f))
			}
		}
	}
	defs, _ := def.(map[string]any)
	for _, c := range f.Fields {
		fv := v.FieldByIndex(c.index)
		val, ok := m[c.Key]
		cpath := join(path, c.Key)
		// The enclosing mapping's default, if it has this key, wins over
		// the key's own (it is what a partial mapping is merged with).
		cdef, hasDef := defs[c.Key]
		defText := ""
		if !hasDef && c.Default != "" {
			cdef, hasDef, defText = c.defaultValue(), true, c.Default
		}
		if !ok {
			if d.patch {
				continue
			}
			d.def(cpath, c, cdef, hasDef, fv)
			continue
		}
		if c.Kind == KindObject && val == nil {
			val = map[string]any{} // a section with no value: no keys given
		}
		if !d.patch && c.Kind == KindObject && c.Default != "" {
			// A partial mapping keeps the other default keys.
			val = mergeTrees(cdef, val)
		}
		if isEmpty(val) && c.Kind != KindObject && c.Kind != KindFreeMap && !(c.Kind == KindArray && isEmptyList(val)) {
			d.fail(cpath, nil, "has no value", c.Allowed()+d.remedy(cdef, hasDef, defText))
			continue
		}
		d.value(cpath, c, val, cdef, fv)
	}
}

// remedy says how to get the value a key with no value might have meant;
// defText is the default as written in its tag, if that is where it is
// from.
func (d *decoder) remedy(def any, hasDef bool, defText string) string {
	switch {
	case d.patch:
		return " — remove the key to leave the value unchanged"
	case defText != "":
		return " — remove the key to use the default " + safetext.Escape(defText)
	case hasDef:
		return " — remove the key to use the default " + formatDefault(def)
	}
	return " — remove the key to use the default"
}

// formatDefault renders a default value from an enclosing mapping's
// default as it would be written in YAML.
func formatDefault(v any) string {
	if s, ok := v.(string); ok {
		if s == "" {
			return `""`
		}
		return safetext.Escape(s)
	}
	b, err := yaml.Marshal(v)
	if err != nil {
		return FormatValue(v)
	}
	return safetext.Escape(strings.TrimSpace(string(b)))
}

// isEmpty reports a value that says nothing: null, an empty mapping or an
// empty list.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

func isEmptyList(v any) bool {
	l, ok := v.([]any)
	return ok && len(l) == 0
}

// unknownKeyAllowed lists the keys of f, with the closest to k suggested.
func unknownKeyAllowed(k string, f *Field) string {
	allowed := keyList(f)
	if s := suggest(k, f.Fields); s != "" {
		allowed += " (did you mean " + s + "?)"
	}
	return allowed
}

func orRoot(path string) string {
	if path == "" {
		return "(top level)"
	}
	return path
}

// def sets the field to its default.
func (d *decoder) def(path string, f *Field, def any, hasDef bool, v reflect.Value) {
	if hasDef {
		d.value(path, f, def, def, v)
		return
	}
	switch f.Kind {
	case KindObject:
		d.object(path, f, nil, nil, v)
	default:
		v.Set(reflect.Zero(v.Type()))
	}
}

// value decodes one value; def is its default, if known (see object).
func (d *decoder) value(path string, f *Field, tree, def any, v reflect.Value) {
	switch f.Kind {
	case KindObject:
		d.object(path, f, tree, def, v)
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
		if f.IsEnum {
			v.SetInt(int64(slices.Index(f.Enum, s)))
			return
		}
		v.SetString(s)
	case KindInt:
		x, ok := ToFloat(tree)
		if !ok || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			d.fail(path, tree, "is not a whole number", f.Allowed())
			return
		}
		if !d.inRange(path, f, tree, x) {
			return
		}
		v.SetInt(int64(x))
	case KindFloat:
		x, ok := ToFloat(tree)
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
		if f.MaxItems > 0 && len(list) > f.MaxItems {
			d.fail(path, nil, fmt.Sprintf("has %d items", len(list)), fmt.Sprintf("at most %d items", f.MaxItems))
			return
		}
		out := reflect.MakeSlice(v.Type(), len(list), len(list))
		for i, item := range list {
			ipath := fmt.Sprintf("%s[%d]", path, i)
			ev := out.Index(i)
			if item == nil {
				d.fail(ipath, nil, "has no value", f.Elem.Allowed()+" — remove the item, or give it a value")
				continue
			}
			if f.Elem.Kind == KindObject {
				// List elements are whole values: absent keys take defaults.
				sub := &decoder{patch: false}
				sub.object(ipath, f.Elem, item, nil, ev)
				d.errs = append(d.errs, sub.errs...)
				continue
			}
			d.value(ipath, f.Elem, item, nil, ev)
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

// ToFloat returns a decoded number (any Go integer or float type) as a
// float64, and false for a value that is not a number.
func ToFloat(v any) (float64, bool) {
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
// map[string]any throughout a tree, and YAML timestamps into their text.
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
	case time.Time:
		// An unquoted date (start_date: 2025-01-06) reads as its text:
		// the format has date keys, no timestamp type.
		if x.Equal(x.Truncate(24 * time.Hour)) {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339Nano)
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
		d := Levenshtein(s, o)
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

// Levenshtein returns the edit distance between a and b (insertions,
// deletions and substitutions of bytes), for suggesting the name meant.
func Levenshtein(a, b string) int {
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
// treated as []), or nil, also for a malformed path.
func (f *Field) Lookup(path string) *Field {
	segs, err := splitPath(path, true)
	if err != nil {
		return nil
	}
	cur := f
	for _, seg := range segs {
		part, isKey := seg.(string)
		if !isKey {
			if cur.Kind != KindArray {
				return nil
			}
			cur = cur.Elem
			continue
		}
		if cur.Kind != KindObject {
			return nil
		}
		next := cur.child(part)
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

func (f *Field) child(key string) *Field {
	for _, c := range f.Fields {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// CheckPath checks that a key path (see [SplitPath]) names a key of the
// format f describes: each key is a key of the mapping it is in, each index
// follows a list, and anything is accepted below a free mapping
// (map[string]any, such as a timeline entry's set). It returns nil, or an
// Error whose Path is the path up to the part that does not fit.
func (f *Field) CheckPath(path string) *Error {
	segs, err := SplitPath(path)
	if err != nil {
		return &Error{Path: path, Problem: err.Error(), Allowed: PathAllowed}
	}
	cur, at := f, ""
	for _, seg := range segs {
		if cur.Kind == KindFreeMap {
			return nil
		}
		if i, isIndex := seg.(int); isIndex {
			if cur.Kind != KindArray {
				return &Error{Path: orRoot(at), Problem: fmt.Sprintf("is not a list, so it has no item [%d]", i), Allowed: cur.Allowed()}
			}
			at = fmt.Sprintf("%s[%d]", at, i)
			cur = cur.Elem
			continue
		}
		key := seg.(string)
		if cur.Kind != KindObject {
			return &Error{Path: orRoot(at), Problem: fmt.Sprintf("is not a mapping, so it has no key %q", key), Allowed: cur.Allowed()}
		}
		at = join(at, key)
		next := cur.child(key)
		if next == nil {
			return &Error{Path: at, Problem: "is not a known key", Allowed: unknownKeyAllowed(key, cur)}
		}
		cur = next
	}
	return nil
}

// PathAllowed describes the key paths [SplitPath] accepts, for error
// messages.
var PathAllowed = fmt.Sprintf("keys of lower-case letters, digits, '_' and '-' joined by '.', a list index written [N] after its list's key, N a whole number from 0 to %d in decimal digits without sign or leading zeros, e.g. city.districts[2].population", maxIndex)

// SplitPath splits a key path such as "a.b[2].c" into its segments: keys
// as strings and list indices as ints ("a", "b", 2, "c"). A path must be
// well formed (see [PathAllowed]): no empty key, no leading, trailing or
// doubled dot, an index only after a key or another index, written [N] with
// N a decimal number without sign or leading zeros. Otherwise SplitPath
// returns an error that shows the part as written and what is wrong.
func SplitPath(path string) ([]any, error) {
	return splitPath(path, false)
}

// maxIndex bounds list indices in paths; no list holds that many items.
const maxIndex = 1<<31 - 1

// splitPath is SplitPath; with anyIndex, "[]" (any item) is accepted too
// and returned as the int -1.
func splitPath(path string, anyIndex bool) ([]any, error) {
	if path == "" {
		return nil, fmt.Errorf("is empty")
	}
	var out []any
	i := 0
	expectKey := true // at the start and after a dot
	for i < len(path) {
		switch c := path[i]; {
		case c == '.':
			if expectKey {
				if i == 0 {
					return nil, fmt.Errorf("begins with a dot")
				}
				return nil, fmt.Errorf("has an empty key before the dot at character %d", i+1)
			}
			expectKey = true
			i++
			if i == len(path) {
				return nil, fmt.Errorf("ends with a dot")
			}
		case c == '[':
			if expectKey && (i == 0 || path[i-1] == '.') {
				if i == 0 {
					return nil, fmt.Errorf("begins with an index")
				}
				return nil, fmt.Errorf("has the index %s after a dot (an index follows its list's key, as in districts[0])", bracket(path[i:]))
			}
			j := strings.IndexByte(path[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("has an unclosed %q at character %d", "[", i+1)
			}
			num := path[i+1 : i+j]
			n, ok := parseIndex(num)
			switch {
			case ok:
				out = append(out, n)
			case num == "" && anyIndex:
				out = append(out, -1)
			default:
				return nil, fmt.Errorf("has the index [%s], which is not a list index", num)
			}
			i += j + 1
			expectKey = false
			if i < len(path) && path[i] != '.' && path[i] != '[' {
				return nil, fmt.Errorf("has %q right after the index [%s], where a dot or another index belongs", path[i:i+1], num)
			}
		case c == ']':
			return nil, fmt.Errorf("has a %q without %q at character %d", "]", "[", i+1)
		default:
			j := i
			for j < len(path) && path[j] != '.' && path[j] != '[' && path[j] != ']' {
				j++
			}
			key := path[i:j]
			if err := keyProblem(key); err != "" {
				return nil, fmt.Errorf("has the key %q, which %s", key, err)
			}
			out = append(out, key)
			i = j
			expectKey = false
		}
	}
	return out, nil
}

// bracket returns the index at the start of s, as written.
func bracket(s string) string {
	if j := strings.IndexByte(s, ']'); j >= 0 {
		return s[:j+1]
	}
	return s
}

// keyProblem says what is wrong with one key of a path, or "".
func keyProblem(key string) string {
	for _, r := range key {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
		case r >= 'A' && r <= 'Z':
			return "is not lower case"
		case r == ' ' || r == '\t':
			return "holds a space"
		case safetext.HasControl(string(r)):
			return "holds a control character"
		default:
			return fmt.Sprintf("holds %q", r)
		}
	}
	return ""
}

// parseIndex parses a list index: decimal digits, no sign, no leading
// zeros, at most maxIndex.
func parseIndex(s string) (int, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= maxIndex
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
