package agents

import "fmt"

// This file holds what every enumeration of the package shares: a
// vocabulary that names each value in files and outputs and says how people
// read it. An enumeration is an integer type whose values are 0, 1, … n−1,
// declared with its Num… count; its String, Label and (for the ones a
// scenario file holds) EnumNames, MarshalText and UnmarshalText methods are
// one-liners over its vocabulary. The JSON of a value is its name, so a
// configuration marshals as it did when these values were strings.

// term is how one value of an enumeration is written and read.
type term struct {
	name   string // in files and outputs: "lawful_noncitizen"
	label  string // for people: "lawful noncitizen"
	plural string // several of them, for people: "lawful noncitizens" ("" means label)
	short  string // where room is short: "lawful nonc." ("" means label)
}

// vocab is the vocabulary of enumeration T.
type vocab[T ~int] struct {
	what  string // the enumeration, for messages: "community group"
	terms []term
	names []string
}

// newVocab returns the vocabulary of T, one term per value in order. It
// panics on a repeated or empty name.
func newVocab[T ~int](what string, terms ...term) *vocab[T] {
	v := &vocab[T]{what: what, terms: terms}
	seen := map[string]bool{}
	for i := range v.terms {
		t := &v.terms[i]
		if t.name == "" || seen[t.name] {
			panic(fmt.Sprintf("agents: %s: empty or repeated name %q", what, t.name))
		}
		seen[t.name] = true
		if t.label == "" {
			t.label = t.name
		}
		if t.plural == "" {
			t.plural = t.label
		}
		if t.short == "" {
			t.short = t.label
		}
		v.names = append(v.names, t.name)
	}
	return v
}

func (v *vocab[T]) term(x T) *term {
	if x < 0 || int(x) >= len(v.terms) {
		panic(fmt.Sprintf("agents: %s %d out of range [0, %d)", v.what, int(x), len(v.terms)))
	}
	return &v.terms[x]
}

func (v *vocab[T]) name(x T) string   { return v.term(x).name }
func (v *vocab[T]) label(x T) string  { return v.term(x).label }
func (v *vocab[T]) plural(x T) string { return v.term(x).plural }
func (v *vocab[T]) short(x T) string  { return v.term(x).short }

// parse returns the value named s.
func (v *vocab[T]) parse(s string) (T, bool) {
	for i, n := range v.names {
		if n == s {
			return T(i), true
		}
	}
	return 0, false
}

func (v *vocab[T]) marshal(x T) ([]byte, error) {
	if x < 0 || int(x) >= len(v.terms) {
		return nil, fmt.Errorf("agents: %s %d out of range [0, %d)", v.what, int(x), len(v.terms))
	}
	return []byte(v.terms[x].name), nil
}

func (v *vocab[T]) unmarshal(x *T, b []byte) error {
	y, ok := v.parse(string(b))
	if !ok {
		return fmt.Errorf("agents: %q is not a %s; allowed: %v", b, v.what, v.names)
	}
	*x = y
	return nil
}
