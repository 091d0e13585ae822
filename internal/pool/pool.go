// Package pool runs independent jobs on a fixed number of goroutines: the
// one worker pool of the sweep runner and of the model check.
//
// Contracts: [Run] hands the jobs out in the order the sequence yields
// them, never more than workers at a time; it stops handing them out as
// soon as ctx is done or a job returns an error, and returns only when
// every job it handed out has returned. The jobs themselves may finish in
// any order: a caller that needs a fixed order of results stores each by
// its job. A panic in a job is not recovered (the job must turn it into
// an error if it may panic). workers below 1 is a programming error and
// panics.
package pool

import (
	"context"
	"iter"
	"sync"
)

// Run calls work for every job of jobs on workers goroutines and returns
// the first error a job returned, or ctx's error if ctx ended before every
// job was handed out, or nil.
func Run[J any](ctx context.Context, workers int, jobs iter.Seq[J], work func(J) error) error {
	if workers < 1 {
		panic("pool: fewer than one worker")
	}
	ch := make(chan J)
	var (
		wg      sync.WaitGroup
		once    sync.Once
		first   error
		stopped = make(chan struct{})
	)
	fail := func(err error) {
		once.Do(func() { first = err; close(stopped) })
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				if err := work(j); err != nil {
					fail(err)
				}
			}
		}()
	}
	for j := range jobs {
		if ctx.Err() != nil {
			fail(ctx.Err())
			break
		}
		select {
		case ch <- j:
			continue
		case <-stopped:
		case <-ctx.Done():
			fail(ctx.Err())
		}
		break
	}
	close(ch)
	wg.Wait()
	return first
}

// Indices returns the sequence 0, 1, …, n-1.
func Indices(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}
