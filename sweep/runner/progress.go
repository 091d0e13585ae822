package runner

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress reports runs done, the rate and the time left: a bar on a
// terminal, a plain line every few seconds otherwise, nothing without a
// writer.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	bar     *progressbar.ProgressBar
	every   time.Duration
	start   time.Time
	last    time.Time
	total   int
	done    int
	failed  int
	stopped bool
}

func newProgress(opt Options) *progress {
	p := &progress{w: opt.Progress, every: opt.ProgressEvery, start: time.Now()}
	if p.every <= 0 {
		p.every = 10 * time.Second
	}
	p.last = p.start
	if p.w != nil && opt.Terminal {
		p.bar = progressbar.NewOptions(0,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("runs"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("runs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionFullWidth(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
		)
	}
	return p
}

// extend adds n runs to the total (until_ci adds rounds as it goes).
func (p *progress) extend(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total += n
	if p.bar != nil {
		p.bar.ChangeMax(p.total)
	}
}

func (p *progress) add(ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if !ok {
		p.failed++
	}
	if p.bar != nil {
		p.bar.Add(1)
		return
	}
	if p.w != nil && time.Since(p.last) >= p.every {
		p.last = time.Now()
		p.line()
	}
}

// line prints "sweep: 120/500 runs (24%), 2 failed, 35.2 runs/s, about 11s left".
func (p *progress) line() {
	el := time.Since(p.start).Seconds()
	rate := float64(p.done) / el
	left := "?"
	if rate > 0 {
		left = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	failed := ""
	if p.failed > 0 {
		failed = fmt.Sprintf(", %d failed", p.failed)
	}
	fmt.Fprintf(p.w, "sweep: %d/%d runs (%.0f%%)%s, %.1f runs/s, about %s left\n",
		p.done, p.total, 100*float64(p.done)/float64(max(1, p.total)), failed, rate, left)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	if p.bar != nil {
		p.bar.Finish()
		return
	}
	if p.w != nil && p.done > 0 {
		p.line()
	}
}
