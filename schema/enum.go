package schema

import (
	"fmt"
	"reflect"
)

// Enum is implemented by enumeration types: an integer type whose values
// are 0, 1, … n−1, value i being written in files as EnumNames()[i]. A
// field of such a type, or a list of them, decodes from the names and is
// described as a string with those allowed values (so it takes no enum
// tag). The type should also implement encoding.TextMarshaler with the same
// names, so that its JSON is the name too.
type Enum interface {
	EnumNames() []string
}

var enumType = reflect.TypeFor[Enum]()

// isEnum reports whether t is an enumeration type.
func isEnum(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		return t.Implements(enumType)
	}
	return false
}

// enumNames returns the names of enumeration type t. It panics if they are
// empty or repeated.
func enumNames(t reflect.Type, path string) []string {
	names := reflect.Zero(t).Interface().(Enum).EnumNames()
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || seen[n] {
			panic(fmt.Sprintf("schema: %s: %v has an empty or repeated name %q", path, t, n))
		}
		seen[n] = true
	}
	if len(names) == 0 {
		panic(fmt.Sprintf("schema: %s: %v has no names", path, t))
	}
	return append([]string(nil), names...)
}
