package scenarios

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/schema"
)

// ParameterSetFile is a parameter set kept in a file of its own (written
// by 'agencysim calibrate', or by hand): a name, where its values come
// from, and the values, by scenario key path. A scenario chooses such
// files with parameter_set_files, as it chooses the built-in sets with
// parameter_sets.
type ParameterSetFile struct {
	Name   string         `yaml:"name" doc:"Name of the parameter set: 1 to 64 characters, no control characters." default:"parameters" source:"scenario input"`
	Source string         `yaml:"source" doc:"Where the values come from (for a calibrated set: the command, its date, method and targets)." default:"\"\"" source:"scenario input"`
	Chosen string         `yaml:"chosen" doc:"Which values of a calibration these are (best point, posterior mean)." default:"\"\"" source:"scenario input"`
	Values map[string]any `yaml:"values" doc:"The values: scenario key path (nested or dotted) → value. Each key must not be set by the scenario file or another set." default:"{}" source:"scenario input"`
	Ranges map[string]any `yaml:"ranges" doc:"For information: the range of each value that fits the targets (a calibration's non-implausible range or posterior interval). Not applied." default:"{}" source:"scenario input"`
}

// ParameterSetFileFormat describes a parameter set file (for its
// documentation).
func ParameterSetFileFormat() *schema.Field {
	return schema.Describe(reflect.TypeOf(ParameterSetFile{}))
}

// ReadParameterSetFile reads and checks a parameter set file: its keys,
// and that every value names a scenario key that holds one value. It
// returns the values as leaf key paths (in key order), each with where it
// is written. Problems are returned located in the file, as a
// [schema.Errors].
func ReadParameterSetFile(path string) (*ParameterSetFile, []Param, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	doc, err := ReadDocument(path, data, LoadOptions{})
	if err != nil {
		return nil, nil, err
	}
	var f ParameterSetFile
	errs := schema.Decode(doc.Tree, &f)
	if len(errs) == 0 {
		if p := safetext.NameProblem(f.Name); p != "" {
			errs = append(errs, &schema.Error{Path: "name", Value: f.Name, Problem: p, Allowed: safetext.NameAllowed})
		}
		if len(f.Values) == 0 {
			errs = append(errs, &schema.Error{Path: "values", Problem: "is empty", Allowed: "at least one scenario key → value"})
		}
	}
	var params []Param
	for _, lf := range Leaves(f.Values, "") {
		at := "values." + lf.Path
		fld := scenarioFormat.Lookup(lf.Path)
		switch {
		case fld == nil:
			errs = append(errs, &schema.Error{Path: at, Value: lf.Path, Problem: "is not a scenario key", Allowed: "a key path from docs/scenario-reference.md, e.g. reporting.fear_slope"})
			continue
		case fld.Kind == schema.KindObject || fld.Kind == schema.KindFreeMap:
			errs = append(errs, &schema.Error{Path: at, Value: lf.Path, Problem: "is a section, not a single value", Allowed: "a key path that holds one value"})
			continue
		case lf.Path == "seed" || lf.Path == "days" || lf.Path == "name" || strings.HasPrefix(lf.Path, "parameter_set"):
			errs = append(errs, &schema.Error{Path: at, Value: lf.Path, Problem: "is a run setting, not a model parameter", Allowed: "a key of the model (not seed, days, name or parameter sets)"})
			continue
		case lf.Value == nil:
			errs = append(errs, &schema.Error{Path: at, Problem: "is null", Allowed: "a value"})
			continue
		}
		params = append(params, Param{Path: lf.Path, Value: lf.Value, Where: fmt.Sprintf("%s:%d (parameter set %s)", path, doc.NearestLine(at), f.Name)})
	}
	if len(errs) > 0 {
		doc.Locate(errs)
		return nil, nil, errs
	}
	return &f, params, nil
}

// NearestLine returns the line of the key at path in the file, or of its
// nearest parent that has one (a key written dotted), or 0.
func (d *Document) NearestLine(path string) int {
	for p := path; p != ""; p = parent(p) {
		if l := d.Line(p); l > 0 {
			return l
		}
	}
	return 0
}

// Leaves flattens nested mappings into leaf key paths (under prefix), in
// key order: the Params a tree of overrides stands for (Where left empty).
// An empty mapping is a leaf.
func Leaves(tree map[string]any, prefix string) []Param {
	keys := make([]string, 0, len(tree))
	for k := range tree {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Param
	for _, k := range keys {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		if sub, ok := tree[k].(map[string]any); ok && len(sub) > 0 {
			out = append(out, Leaves(sub, p)...)
			continue
		}
		out = append(out, Param{Path: p, Value: tree[k]})
	}
	return out
}

// resolveSetFile returns the path of a parameter set file named in the
// scenario called name: relative to the scenario file's folder, or to the
// working folder for a scenario that is not a file (bundled, in memory).
func resolveSetFile(name, file string) string {
	if filepath.IsAbs(file) || strings.HasPrefix(name, "bundled:") || name == "" {
		return file
	}
	if st, err := os.Stat(name); err != nil || !st.Mode().IsRegular() {
		return file
	}
	return filepath.Join(filepath.Dir(name), file)
}

// applyParameterSetFiles writes the values of the parameter set files the
// document chooses (parameter_set_files) into its tree, and records each
// key as set by its file, so that an error on it names the file's line. A
// key the scenario file (or an override) sets, or that two files set, is
// an error. It returns the keys the files set.
func applyParameterSetFiles(name string, doc *Document) ([]string, schema.Errors) {
	list, ok := doc.Tree["parameter_set_files"].([]any)
	if !ok {
		return nil, nil // absent, or malformed: the decoder says so
	}
	var errs schema.Errors
	var set []string
	setBy := map[string]string{}
	for i, v := range list {
		file, ok := v.(string)
		if !ok {
			continue
		}
		at := fmt.Sprintf("parameter_set_files[%d]", i)
		f, params, err := ReadParameterSetFile(resolveSetFile(name, file))
		if err != nil {
			if es, ok := err.(schema.Errors); ok {
				errs = append(errs, es...)
				continue
			}
			errs = append(errs, &schema.Error{Path: at, Value: file, Problem: "cannot be read: " + safetext.Escape(err.Error()), Allowed: "a parameter set file (YAML: name, source, values), relative to the scenario file's folder"})
			continue
		}
		for _, p := range params {
			if other, dup := setBy[p.Path]; dup {
				errs = append(errs, &schema.Error{Path: at, Value: file, Problem: fmt.Sprintf("sets %s, which parameter set file %s also sets", p.Path, other), Allowed: "files that set different keys"})
				continue
			}
			if v, present := lookupPath(doc.Tree, p.Path); present {
				errs = append(errs, &schema.Error{Path: p.Path, Value: v, Problem: fmt.Sprintf("is set here and by parameter set %q (%s)", f.Name, safetext.Escape(file)), Allowed: "one of the two: remove the key or the parameter set file"})
				continue
			}
			setBy[p.Path] = file
			segs, err := schema.SplitPath(p.Path)
			if err == nil {
				err = setPath(doc.Tree, segs, p.Value)
			}
			if err != nil {
				errs = append(errs, &schema.Error{Path: p.Path, Where: p.Where, Problem: err.Error()})
				continue
			}
			doc.org.override[p.Path] = p.Where
			set = append(set, p.Path)
		}
	}
	return set, errs
}

// WriteParameterSetFile encodes a parameter set file, with the comment
// lines head (each written after "# ") first. Values and ranges are
// written in key order, numbers in their shortest exact form.
func WriteParameterSetFile(head []string, f *ParameterSetFile, keys []string, values []any, ranges [][2]float64) []byte {
	var b bytes.Buffer
	for _, h := range head {
		fmt.Fprintf(&b, "# %s\n", h)
	}
	fmt.Fprintf(&b, "name: %s\n", strconv.Quote(f.Name))
	fmt.Fprintf(&b, "source: %s\n", strconv.Quote(f.Source))
	fmt.Fprintf(&b, "chosen: %s\n", strconv.Quote(f.Chosen))
	b.WriteString("values:\n")
	for i, k := range keys {
		fmt.Fprintf(&b, "  %s: %s\n", k, yamlScalar(values[i]))
	}
	if len(ranges) > 0 {
		b.WriteString("ranges:\n")
		for i, k := range keys {
			fmt.Fprintf(&b, "  %s: [%s, %s]\n", k, yamlScalar(ranges[i][0]), yamlScalar(ranges[i][1]))
		}
	}
	return b.Bytes()
}

func yamlScalar(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int:
		return strconv.Itoa(x)
	case string:
		return strconv.Quote(x)
	}
	return fmt.Sprint(v)
}
