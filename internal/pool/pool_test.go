package pool_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/pool"
)

// Squares of 0..7 on three workers, stored by job: the same output
// whatever order they finish in.
func ExampleRun() {
	squares := make([]int, 8)
	err := pool.Run(context.Background(), 3, pool.Indices(len(squares)), func(i int) error {
		squares[i] = i * i
		return nil
	})
	fmt.Println(squares, err)
	// Output: [0 1 4 9 16 25 36 49] <nil>
}

func TestRunStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	var ran atomic.Int32
	boom := errors.New("boom")
	err := pool.Run(context.Background(), 1, pool.Indices(100), func(i int) error {
		ran.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	require.ErrorIs(t, err, boom)
	assert.LessOrEqual(t, ran.Load(), int32(5), "no job is handed out after the error is seen")
}

func TestRunStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	err := pool.Run(ctx, 2, pool.Indices(1000), func(i int) error {
		if ran.Add(1) == 10 {
			cancel()
		}
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, ran.Load(), int32(1000))
}

func TestRunNeverRunsMoreThanWorkersAtOnce(t *testing.T) {
	t.Parallel()
	var now, most atomic.Int32
	err := pool.Run(context.Background(), 3, pool.Indices(200), func(int) error {
		n := now.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		now.Add(-1)
		return nil
	})
	require.NoError(t, err)
	assert.LessOrEqual(t, most.Load(), int32(3))
	assert.Panics(t, func() { _ = pool.Run(context.Background(), 0, pool.Indices(1), func(int) error { return nil }) })
}
