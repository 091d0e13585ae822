// Package clone makes deep copies of value graphs, for snapshotting a
// simulation model (agents.Model.Fork).
//
// Contracts: [Copy] copies everything reachable from its argument —
// exported and unexported fields, pointers, slices, maps, interfaces —
// keeping the sharing of the original: two pointers to one object, or two
// slices with the same backing array, or two references to one map, stay
// shared in the copy, and nothing mutable is shared between the copy and
// the original. Strings are shared (they are immutable). Func values
// cannot be copied onto new receivers: Copy leaves them as they are and
// lists where they are ([Funcs]); the caller must replace every one before
// the copy is used. Channels, unsafe pointers and pointers into the middle
// of another object or of a slice's backing array (whose sharing a copy
// could not keep) are programming errors and panic with the prefix
// "clone: ". Copy reads the original only; the original must not change
// while it runs.
package clone

import (
	"fmt"
	"reflect"
	"sort"
	"unsafe"
)

// Funcs lists the func values of a copy, still the original's.
type Funcs []Func

// Func is a func value in a copy.
type Func struct {
	at  unsafe.Pointer // the func variable in the copy
	typ reflect.Type
}

// Closure identifies the original's func value: the pointer a func value
// holds (its closure). Two func values are the same function on the same
// receiver only if they have the same closure; a method value made twice
// has two.
func (f Func) Closure() uintptr { return uintptr(*(*unsafe.Pointer)(f.at)) }

// Type returns the func's type.
func (f Func) Type() reflect.Type { return f.typ }

// Set replaces the func value. It panics if fn is not of the func's type.
func (f Func) Set(fn reflect.Value) {
	reflect.NewAt(f.typ, f.at).Elem().Set(fn)
}

// ClosureOf returns the closure of a func value (see [Func.Closure]); fn
// must point to a func variable.
func ClosureOf[F any](fn *F) uintptr {
	if reflect.TypeFor[F]().Kind() != reflect.Func {
		panic("clone: ClosureOf of a non-func")
	}
	return uintptr(*(*unsafe.Pointer)(unsafe.Pointer(fn)))
}

// Copy returns a deep copy of *src and the func values in it.
func Copy[T any](src *T) (*T, Funcs) {
	c := &copier{ptrs: map[objKey]unsafe.Pointer{}, slices: map[objKey]sliceCopy{}, maps: map[unsafe.Pointer]reflect.Value{}, plans: map[reflect.Type]*plan{}}
	dst := c.pointer(unsafe.Pointer(src), reflect.TypeFor[T]())
	c.checkSpans()
	return (*T)(dst), c.funcs
}

type objKey struct {
	p unsafe.Pointer
	t reflect.Type
}

type span struct {
	lo, hi uintptr
	t      reflect.Type
	what   string
}

type copier struct {
	ptrs   map[objKey]unsafe.Pointer
	slices map[objKey]sliceCopy // (first element, element type) → the copy's
	maps   map[unsafe.Pointer]reflect.Value
	plans  map[reflect.Type]*plan
	funcs  Funcs
	spans  []span
}

// plan lists the fields of a type that hold references, at their offsets.
type plan struct {
	refs []ref
}

type ref struct {
	off uintptr
	t   reflect.Type
}

// planOf returns the references of type t, flattened through structs and
// arrays.
func (c *copier) planOf(t reflect.Type) *plan {
	if p, ok := c.plans[t]; ok {
		return p
	}
	p := &plan{}
	c.plans[t] = p
	c.collect(t, 0, &p.refs)
	return p
}

func (c *copier) collect(t reflect.Type, off uintptr, out *[]ref) {
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			c.collect(f.Type, off+f.Offset, out)
		}
	case reflect.Array:
		if t.Len() == 0 {
			return
		}
		var sub []ref
		c.collect(t.Elem(), 0, &sub)
		if len(sub) == 0 {
			return
		}
		for i := range t.Len() {
			for _, r := range sub {
				*out = append(*out, ref{off + uintptr(i)*t.Elem().Size() + r.off, r.t})
			}
		}
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Func:
		*out = append(*out, ref{off, t})
	case reflect.Chan, reflect.UnsafePointer:
		panic(fmt.Sprintf("clone: cannot copy a %s", t))
	}
}

// pointer returns the copy of the object of type t at p, making it.
func (c *copier) pointer(p unsafe.Pointer, t reflect.Type) unsafe.Pointer {
	k := objKey{p, t}
	if q, ok := c.ptrs[k]; ok {
		return q
	}
	nv := reflect.New(t)
	q := nv.UnsafePointer()
	c.ptrs[k] = q
	if t.Size() > 0 {
		c.spans = append(c.spans, span{uintptr(p), uintptr(p) + t.Size(), t, "pointer"})
	}
	nv.Elem().Set(reflect.NewAt(t, p).Elem())
	c.fix(q, t)
	return q
}

// fix replaces the references of the value of type t at q (a shallow copy
// of an original value) by references to copies.
func (c *copier) fix(q unsafe.Pointer, t reflect.Type) {
	for _, r := range c.planOf(t).refs {
		c.fixRef(unsafe.Add(q, r.off), r.t)
	}
}

// sliceCopy is the copy of a backing array: its first element and how many
// elements were copied, of how many.
type sliceCopy struct {
	data     unsafe.Pointer
	len, cap int
}

type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func (c *copier) fixRef(at unsafe.Pointer, t reflect.Type) {
	switch t.Kind() {
	case reflect.Pointer:
		p := *(*unsafe.Pointer)(at)
		if p != nil {
			*(*unsafe.Pointer)(at) = c.pointer(p, t.Elem())
		}
	case reflect.Slice:
		h := (*sliceHeader)(at)
		if h.data == nil || h.cap == 0 {
			return
		}
		et := t.Elem()
		k := objKey{h.data, et}
		if d, ok := c.slices[k]; ok {
			if h.len > d.len || h.cap > d.cap {
				panic(fmt.Sprintf("clone: two %s slices share a backing array with different lengths: the copy could not keep them shared", t))
			}
			h.data = d.data
			return
		}
		ns := reflect.MakeSlice(t, h.len, h.cap)
		d := ns.UnsafePointer()
		c.slices[k] = sliceCopy{d, h.len, h.cap}
		if et.Size() > 0 {
			c.spans = append(c.spans, span{uintptr(h.data), uintptr(h.data) + uintptr(h.cap)*et.Size(), et, "slice"})
		}
		old := reflect.NewAt(t, at).Elem() // still the original's
		reflect.Copy(ns, old)
		h.data = d
		if len(c.planOf(et).refs) > 0 {
			for i := range h.len {
				c.fix(unsafe.Add(d, uintptr(i)*et.Size()), et)
			}
		}
	case reflect.Map:
		v := reflect.NewAt(t, at).Elem()
		if v.IsNil() {
			return
		}
		mp := v.UnsafePointer()
		if m, ok := c.maps[mp]; ok {
			v.Set(m)
			return
		}
		m := reflect.MakeMapWithSize(t, v.Len())
		c.maps[mp] = m
		kt, vt := t.Key(), t.Elem()
		deepK, deepV := len(c.planOf(kt).refs) > 0, len(c.planOf(vt).refs) > 0
		it := v.MapRange()
		for it.Next() {
			key, val := it.Key(), it.Value()
			if deepK {
				key = c.value(key)
			}
			if deepV {
				val = c.value(val)
			}
			m.SetMapIndex(key, val)
		}
		v.Set(m)
	case reflect.Interface:
		v := reflect.NewAt(t, at).Elem()
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if e.Kind() == reflect.Pointer {
			if !e.IsNil() {
				v.Set(reflect.NewAt(e.Type().Elem(), c.pointer(e.UnsafePointer(), e.Type().Elem())))
			}
			return
		}
		if len(c.planOf(e.Type()).refs) > 0 {
			v.Set(c.value(e))
		}
	case reflect.Func:
		if *(*unsafe.Pointer)(at) != nil {
			c.funcs = append(c.funcs, Func{at, t})
		}
	}
}

// value returns a deep copy of a (not addressable) value.
// A func in it could not be replaced later: that panics.
func (c *copier) value(v reflect.Value) reflect.Value {
	n := reflect.New(v.Type())
	n.Elem().Set(v)
	before := len(c.funcs)
	c.fix(n.UnsafePointer(), v.Type())
	if len(c.funcs) > before {
		panic(fmt.Sprintf("clone: a func value in a %s held in a map or an interface cannot be replaced", v.Type()))
	}
	return n.Elem()
}

// checkSpans panics if two copied objects overlap without being the same
// object: a pointer into another object or into a slice's backing array,
// or two slices sharing part of one array. Their sharing would be lost.
func (c *copier) checkSpans() {
	s := c.spans
	sort.Slice(s, func(i, j int) bool {
		if s[i].lo != s[j].lo {
			return s[i].lo < s[j].lo
		}
		return s[i].hi > s[j].hi
	})
	for i := 1; i < len(s); i++ {
		a, b := s[i-1], s[i]
		if b.lo < a.hi {
			panic(fmt.Sprintf("clone: a %s to a %s lies inside a %s of %s: the copy could not keep them shared", b.what, b.t, a.what, a.t))
		}
	}
}
