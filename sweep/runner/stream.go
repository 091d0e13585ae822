package runner

import (
	"iter"
	"maps"
	"slices"
	"sync/atomic"

	"github.com/agencysim/agencysim/sweep"
)

// stream gives the runs an execution finishes to a Sink in canonical
// order. Runs finish in any order: one that finishes before the runs ahead
// of it waits (in ready) until they are given; a run finished by an
// earlier execution is read from the folder when its turn comes. Workers
// add runs; one goroutine per round calls the sink.
type stream struct {
	sink    Sink
	x       *executor
	initial map[string]bool // runs finished before this execution

	in     chan item
	idle   chan struct{} // closed when the round's goroutine ends
	err    error
	broken atomic.Bool // err is set: the round stops

	next    int         // canonical index of the next run to give
	ready   map[int]Run // finished, waiting for their turn
	specs   func() (int, sweep.RunSpec, bool)
	stop    func()
	head    sweep.RunSpec // the run of index next, once pulled from specs
	hasHead bool
	ended   bool // the sink was told Done
}

// item is a run finished by a worker, with its canonical index.
type item struct {
	idx int
	run Run
}

func newStream(x *executor, sink Sink, initial map[string]bool, reps map[string][]int) *stream {
	s := &stream{sink: sink, x: x, initial: initial, ready: map[int]Run{}}
	s.extend(reps)
	return s
}

// extend follows the replications until_ci decided: the runs given so far
// keep their places, more runs follow them.
func (s *stream) extend(reps map[string][]int) {
	if s.stop != nil {
		s.stop()
	}
	snapshot := maps.Clone(reps)
	for k, v := range snapshot {
		snapshot[k] = slices.Clone(v)
	}
	s.specs, s.stop = iter.Pull2(iter.Seq2[int, sweep.RunSpec](func(yield func(int, sweep.RunSpec) bool) {
		s.x.plan.EachRun(snapshot, yield)
	}))
	for range s.next { // those already given
		s.specs()
	}
	s.hasHead = false
}

// close lets go of the iterator over the runs, and aborts the sink if it
// was not told Done.
func (s *stream) close() {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
	if !s.ended {
		s.ended = true
		s.sink.Abort()
	}
}

// finish gives the sink the runs after the last one done now (done before:
// all of them, when nothing was left to do) and tells it the execution is
// complete.
func (s *stream) finish(f *Folder) error {
	if err := s.advance(); err != nil {
		return err
	}
	if !s.complete() {
		panic("runner: the runs of a complete execution were not all given to the sink")
	}
	s.ended = true
	return s.sink.Done(f)
}

// round starts a round of runs: workers add them, wait ends the round.
func (s *stream) round() {
	s.in = make(chan item, 64)
	s.idle = make(chan struct{})
	go func() {
		defer close(s.idle)
		for it := range s.in {
			if s.err != nil {
				continue // drain: no worker waits on a broken stream
			}
			s.ready[it.idx] = it.run
			if s.err = s.advance(); s.err != nil {
				s.broken.Store(true)
			}
		}
	}()
}

// add hands a finished run to the stream; it reports false if the sink
// failed, so that the worker stops the round.
func (s *stream) add(idx int, r Run) bool {
	if s.broken.Load() {
		return false
	}
	s.in <- item{idx, r}
	return true
}

// wait ends a round and returns the sink's first error.
func (s *stream) wait() error {
	close(s.in)
	<-s.idle
	return s.err
}

// advance gives the sink every run whose turn has come.
func (s *stream) advance() error {
	for {
		if !s.hasHead {
			_, spec, ok := s.specs()
			if !ok {
				return nil
			}
			s.head, s.hasHead = spec, true
		}
		r, ok := s.ready[s.next]
		switch {
		case ok:
			delete(s.ready, s.next)
		case s.initial[s.head.ID()]:
			v, err := s.x.checker.readValues(s.x.opt.Out, s.head.ID(), true)
			if err != nil {
				return err
			}
			r = Run{Spec: s.head, Values: v}
		default:
			return nil // not done yet
		}
		if err := s.sink.Run(r); err != nil {
			return err
		}
		s.next++
		s.hasHead = false
	}
}

// complete reports whether every run was given.
func (s *stream) complete() bool {
	if !s.hasHead {
		if _, spec, ok := s.specs(); ok {
			s.head, s.hasHead = spec, true
		}
	}
	return !s.hasHead && len(s.ready) == 0
}
