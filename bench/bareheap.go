package bench

import (
	"container/heap"
	"math/rand/v2"
)

// The M/M/10 queue of [NewMMC] written directly on container/heap, with no
// kernel: the yardstick the kernel is compared with (BenchmarkBareHeapMMC,
// and the "kernel ÷ container/heap" row of `make bench`).

type bareEv struct {
	at   float64
	kind int8
}
type bareHeap []bareEv

func (h bareHeap) Len() int           { return len(h) }
func (h bareHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h bareHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *bareHeap) Push(x any)        { *h = append(*h, x.(bareEv)) }
func (h *bareHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// bareMMC runs the queue for hours and returns the calls completed.
func bareMMC(hours float64) int {
	r := rand.New(rand.NewPCG(1, 2))
	h := &bareHeap{{at: r.ExpFloat64() / 8, kind: 0}}
	busy, queue, done := 0, 0, 0
	for h.Len() > 0 {
		ev := heap.Pop(h).(bareEv)
		if ev.at > hours {
			break
		}
		if ev.kind == 0 {
			heap.Push(h, bareEv{at: ev.at + r.ExpFloat64()/8, kind: 0})
			if busy < 10 {
				busy++
				heap.Push(h, bareEv{at: ev.at + r.ExpFloat64(), kind: 1})
			} else {
				queue++
			}
		} else {
			done++
			if queue > 0 {
				queue--
				heap.Push(h, bareEv{at: ev.at + r.ExpFloat64(), kind: 1})
			} else {
				busy--
			}
		}
	}
	return done
}
