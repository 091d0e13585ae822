package schema

import (
	"fmt"
	"reflect"
)

// NonDefault lists the keys tagged hash:"nondefault" whose value in v (a
// struct, or a pointer to one, of the type f describes) differs from their
// default, as "path=value" in declaration order, list items by index
// ("agreements.task_forces[1].max_booked=20"). Such keys are added to a
// format after hashes of its files were first published, and left out of
// the encoding those hashes are made from (json:"-"): a hash that appends
// these lines to that encoding is unchanged for every file that leaves the
// new keys at their defaults, and differs when it sets them.
func NonDefault(f *Field, v any) []string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Type() != f.Type {
		panic(fmt.Sprintf("schema: NonDefault of %v with the description of %v", rv.Type(), f.Type))
	}
	var out []string
	nonDefault(f, rv, "", &out)
	return out
}

func nonDefault(f *Field, v reflect.Value, path string, out *[]string) {
	switch f.Kind {
	case KindObject:
		for _, c := range f.Fields {
			nonDefault(c, v.FieldByIndex(c.index), join(path, c.Key), out)
		}
		return
	case KindArray:
		if f.HashNonDefault {
			break // a list tagged as a whole: compared below
		}
		for i := range v.Len() {
			nonDefault(f.Elem, v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
		return
	}
	if !f.HashNonDefault {
		return
	}
	def := reflect.New(v.Type()).Elem()
	d := &decoder{}
	d.value(path, f, f.defaultValue(), nil, def)
	if len(d.errs) > 0 {
		panic("schema: " + path + ": the default does not decode: " + d.errs.Error())
	}
	if f.Kind == KindArray && def.Len() == 0 && v.Len() == 0 {
		return // nil and empty lists are alike
	}
	if !reflect.DeepEqual(def.Interface(), v.Interface()) {
		*out = append(*out, fmt.Sprintf("%s=%v", path, v.Interface()))
	}
}
