package clone_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/clone"
)

type node struct {
	name  string
	next  *node
	peer  *node
	vals  []float64
	alias []float64
	tags  map[string][]int
	any   any
	rng   *rand.Rand
	arr   [2]*node
	fn    func() int
}

func (n *node) get() int { return len(n.vals) }

// The copy keeps the original's sharing (a cycle, two pointers to one
// object, two headers of one slice, an interface holding a pointer) and
// shares nothing mutable with it.
func TestCopyKeepsSharingAndIsolates(t *testing.T) {
	t.Parallel()
	a := &node{name: "a", vals: []float64{1, 2, 3}, tags: map[string][]int{"x": {1}}, rng: rand.New(rand.NewPCG(1, 2))}
	b := &node{name: "b", next: a}
	a.next, a.peer, a.alias, a.any, a.arr = b, b, a.vals, b, [2]*node{a, b}
	a.fn = a.get
	c, funcs := clone.Copy(a)
	require.Len(t, funcs, 1)
	assert.Equal(t, clone.ClosureOf(&a.fn), funcs[0].Closure(), "the func is still the original's")
	funcs[0].Set(reflect.ValueOf(c.get))

	assert.NotSame(t, a, c)
	assert.Same(t, c.next, c.peer)
	assert.Same(t, c, c.next.next, "the cycle")
	assert.Same(t, c.next, c.any.(*node))
	assert.Same(t, c, c.arr[0])
	assert.Same(t, c.next, c.arr[1])
	assert.Equal(t, "b", c.next.name)
	c.vals[0] = 9
	assert.Equal(t, 9.0, c.alias[0], "two headers of one array stay one array")
	assert.Equal(t, 1.0, a.vals[0])
	c.tags["x"][0] = 7
	c.tags["y"] = nil
	assert.Equal(t, map[string][]int{"x": {1}}, a.tags)
	assert.Equal(t, a.rng.Uint64(), c.rng.Uint64(), "the generator's state is copied")
	a.rng.Uint64()
	assert.NotEqual(t, a.rng.Uint64(), c.rng.Uint64(), "and not shared")
	assert.Equal(t, 3, c.fn())
}

type holder struct {
	xs []int
	p  *int
}

type inner struct{ x int }

type outer struct {
	in inner
	p  *inner
}

// A pointer into a slice's backing array or into another object cannot
// stay shared in a copy: Copy panics rather than silently separating them.
func TestCopyRefusesInteriorPointers(t *testing.T) {
	t.Parallel()
	h := &holder{xs: []int{1, 2, 3}}
	h.p = &h.xs[1]
	assert.PanicsWithValue(t, "clone: a pointer to a int lies inside a slice of int: the copy could not keep them shared", func() { clone.Copy(h) })
	o := &outer{}
	o.p = &o.in
	assert.Panics(t, func() { clone.Copy(o) })
	type sub struct{ a, b []int }
	base := []int{1, 2, 3, 4}
	assert.Panics(t, func() { clone.Copy(&sub{a: base, b: base[1:]}) }, "overlapping slices")
	assert.Panics(t, func() { clone.Copy(&sub{a: base[:2], b: base}) }, "one array, different lengths")
	type ch struct{ c chan int }
	assert.PanicsWithValue(t, "clone: cannot copy a chan int", func() { clone.Copy(&ch{c: make(chan int)}) })
	type fm struct{ m map[int]func() }
	assert.Panics(t, func() { clone.Copy(&fm{m: map[int]func(){1: func() {}}}) }, "a func in a map cannot be replaced")
}
