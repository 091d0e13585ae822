package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRenumberKeepsOrder runs the same schedule (many ties in time and
// priority, cancellations, events scheduled from callbacks) on an engine
// whose 32-bit sequence counter is used up every few events and on a normal
// one: the events must run in the same order.
func TestRenumberKeepsOrder(t *testing.T) {
	t.Parallel()
	run := func(seqMax uint32) []int64 {
		e := NewEngine()
		e.seqMax = seqMax
		r := rand.New(rand.NewPCG(1, 2))
		var order []int64
		var ids []EventID
		var fn Action
		n := int64(0)
		fn = func(arg int64) {
			order = append(order, arg)
			k := 1 + r.IntN(2) // keep about 30 events pending
			if e.Len() > 30 {
				k = r.IntN(2)
			}
			for range k {
				n++
				ids = append(ids, e.After(float64(r.IntN(3)), Priority(r.IntN(3)-1), fn, n))
			}
			if len(ids) > 0 && r.IntN(4) == 0 {
				e.Cancel(ids[r.IntN(len(ids))])
			}
		}
		for range 20 {
			n++
			ids = append(ids, e.At(float64(r.IntN(3)), Priority(r.IntN(3)-1), fn, n))
		}
		for len(order) < 5000 && e.Step() {
		}
		return order
	}
	want, got := run(1<<32-1), run(100)
	if len(want) < 1000 {
		t.Fatalf("only %d events ran: the schedule died out", len(want))
	}
	if !slices.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Fatalf("order differs from event %d on (of %d and %d)", i, len(got), len(want))
	}
}

// TestPackKeyOrder checks that the packed key orders by priority (signed)
// and then by sequence number.
func TestPackKeyOrder(t *testing.T) {
	t.Parallel()
	prios := []Priority{-1 << 31, -1 << 20, -1, 0, 1, 1 << 20, 1<<31 - 1}
	for i := 1; i < len(prios); i++ {
		if !(packKey(prios[i-1], 1<<32-1) < packKey(prios[i], 0)) {
			t.Errorf("priority %d does not sort before %d", prios[i-1], prios[i])
		}
	}
	if !(packKey(3, 7) < packKey(3, 8)) {
		t.Error("sequence 7 does not sort before 8")
	}
}
