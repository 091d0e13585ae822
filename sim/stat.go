package sim

import (
	"fmt"
	"math"
	"slices"
)

// Ratio returns a / b, or NaN when b is 0: a rate with nothing to divide
// by is undefined, not zero.
func Ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// Counter counts occurrences. The zero Counter is zero.
type Counter struct{ n int64 }

// Inc adds one.
func (c *Counter) Inc() { c.n++ }

// Add adds k, which may be negative.
func (c *Counter) Add(k int64) { c.n += k }

// Value returns the count.
func (c *Counter) Value() int64 { return c.n }

// Welford accumulates the count, mean and variance of a stream of
// observations with Welford's numerically stable update. The zero Welford is
// empty and ready to use.
type Welford struct {
	n    int64
	mean float64
	m2   float64
	min  float64
	max  float64
}

// Add records one observation.
func (w *Welford) Add(x float64) {
	w.n++
	if w.n == 1 {
		w.min, w.max = x, x
	} else {
		w.min = min(w.min, x)
		w.max = max(w.max, x)
	}
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (x - w.mean)
}

// Merge adds the observations summarised by o (Chan et al.'s parallel
// update).
func (w *Welford) Merge(o Welford) {
	if o.n == 0 {
		return
	}
	if w.n == 0 {
		*w = o
		return
	}
	n := w.n + o.n
	d := o.mean - w.mean
	w.mean += d * float64(o.n) / float64(n)
	w.m2 += o.m2 + d*d*float64(w.n)*float64(o.n)/float64(n)
	w.n = n
	w.min = min(w.min, o.min)
	w.max = max(w.max, o.max)
}

// N returns the number of observations.
func (w *Welford) N() int64 { return w.n }

// Mean returns the sample mean, or NaN with no observations.
func (w *Welford) Mean() float64 {
	if w.n == 0 {
		return math.NaN()
	}
	return w.mean
}

// Variance returns the unbiased sample variance, or NaN with fewer than two
// observations.
func (w *Welford) Variance() float64 {
	if w.n < 2 {
		return math.NaN()
	}
	return w.m2 / float64(w.n-1)
}

// StdDev returns the sample standard deviation.
func (w *Welford) StdDev() float64 { return math.Sqrt(w.Variance()) }

// Min returns the smallest observation, or NaN with none.
func (w *Welford) Min() float64 {
	if w.n == 0 {
		return math.NaN()
	}
	return w.min
}

// Max returns the largest observation, or NaN with none.
func (w *Welford) Max() float64 {
	if w.n == 0 {
		return math.NaN()
	}
	return w.max
}

// TimeWeighted tracks the time average of a piecewise-constant quantity,
// such as the number of busy servers. Call Update whenever the value
// changes. The zero TimeWeighted starts at time zero with value zero.
type TimeWeighted struct {
	start, last Time
	value       float64
	area        float64
	max         float64
}

// Reset starts the average afresh at time t with value v.
func (tw *TimeWeighted) Reset(t Time, v float64) {
	*tw = TimeWeighted{start: t, last: t, value: v, max: v}
}

// Update records that the quantity changed to v at time t. It panics if t
// is before the previous update.
func (tw *TimeWeighted) Update(t Time, v float64) {
	last := tw.last
	if t < last {
		panic(updateError{t, last})
	}
	tw.area += tw.value * (t - last)
	tw.last, tw.value = t, v
	if v > tw.max {
		tw.max = v
	}
}

// updateError is the panic of an Update before the previous one (an error
// value, formatted when printed, so that Update is small enough to inline).
type updateError struct{ t, last Time }

func (u updateError) Error() string {
	return fmt.Sprintf("sim: TimeWeighted update at %v before previous update at %v", u.t, u.last)
}

// Value returns the current value.
func (tw *TimeWeighted) Value() float64 { return tw.value }

// Max returns the largest value seen.
func (tw *TimeWeighted) Max() float64 { return tw.max }

// Mean returns the time average from the start to time t (t must not be
// before the last update). It returns the current value if no time has
// passed.
func (tw *TimeWeighted) Mean(t Time) float64 {
	if t < tw.last {
		panic(fmt.Sprintf("sim: TimeWeighted mean at %v before last update at %v", t, tw.last))
	}
	span := t - tw.start
	if span <= 0 {
		return tw.value
	}
	return (tw.area + tw.value*(t-tw.last)) / span
}

// Sample computes quantiles of a stream of observations in bounded memory.
// It keeps the first [SampleExact] observations and gives exact quantiles
// while it has no more; from then on it holds a histogram whose bins are
// [SampleBinWidth] wide in relative terms (0.1%), so quantiles are within
// 0.05% of the exact ones (relative to the value, for values of magnitude
// above 1e-9; smaller ones count as zero) and memory stays bounded however
// many observations are added: tens of kilobytes for values within a few
// orders of magnitude, at most about 11 MB for values spanning the whole
// float64 range. The mean is always exact.
// The zero Sample is empty and ready to use.
type Sample struct {
	x      []float64
	sum    float64
	sorted bool

	// histogram mode, once len(x) would exceed SampleExact
	n        int64
	hist     []int64 // counts of bins lo, lo+1, ...
	lo       int
	min, max float64
}

// SampleExact is the number of observations a [Sample] keeps before it
// switches to a histogram (8 bytes each: 1 MiB).
const SampleExact = 1 << 17

// SampleBinWidth is the relative width of a [Sample]'s histogram bins.
const SampleBinWidth = 1e-3

const sampleTiny = 1e-9

var sampleLogBase = math.Log1p(SampleBinWidth)

// sampleBin returns the histogram bin of x: 0 for |x| ≤ 1e-9, and
// increasing with x.
func sampleBin(x float64) int {
	ax := math.Abs(x)
	if !(ax > sampleTiny) {
		return 0
	}
	b := 1 + int(math.Floor(math.Log(math.Min(ax, math.MaxFloat64)/sampleTiny)/sampleLogBase))
	if x < 0 {
		return -b
	}
	return b
}

// sampleValue returns the value a histogram bin stands for: the geometric
// middle of the bin.
func sampleValue(b int) float64 {
	if b == 0 {
		return 0
	}
	ab := b
	if b < 0 {
		ab = -b
	}
	v := sampleTiny * math.Exp((float64(ab)-0.5)*sampleLogBase)
	if b < 0 {
		return -v
	}
	return v
}

// Add records one observation.
func (s *Sample) Add(x float64) {
	s.sum += x
	if s.hist == nil && len(s.x) < SampleExact {
		s.x = append(s.x, x)
		s.sorted = false
		return
	}
	if s.hist == nil {
		s.min, s.max = math.Inf(1), math.Inf(-1)
		old := s.x
		s.x = nil
		for _, v := range old {
			s.addBin(v)
		}
	}
	s.addBin(x)
}

func (s *Sample) addBin(x float64) {
	s.n++
	s.min = math.Min(s.min, x)
	s.max = math.Max(s.max, x)
	b := sampleBin(x)
	switch {
	case s.hist == nil:
		s.hist = make([]int64, 1, 64)
		s.lo = b
	case b < s.lo:
		grown := make([]int64, len(s.hist)+s.lo-b, cap(s.hist)+s.lo-b)
		copy(grown[s.lo-b:], s.hist)
		s.hist, s.lo = grown, b
	case b >= s.lo+len(s.hist):
		s.hist = append(s.hist, make([]int64, b-s.lo-len(s.hist)+1)...)
	}
	s.hist[b-s.lo]++
}

// Len returns the number of observations.
func (s *Sample) Len() int {
	if s.hist != nil {
		return int(s.n)
	}
	return len(s.x)
}

// Quantile returns the p-quantile by linear interpolation between order
// statistics (Hyndman and Fan's type 7, the default of R and NumPy); past
// [SampleExact] observations the order statistics are read from the
// histogram. It returns NaN for an empty sample and panics if p is not in
// [0, 1].
func (s *Sample) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("sim: quantile %v not in [0, 1]", p))
	}
	n := s.Len()
	if n == 0 {
		return math.NaN()
	}
	order := func(k int) float64 { return s.order(k) }
	if s.hist == nil {
		if !s.sorted {
			slices.Sort(s.x)
			s.sorted = true
		}
		order = func(k int) float64 { return s.x[k] }
	}
	h := p * float64(n-1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return order(n - 1)
	}
	a, b := order(lo), order(lo+1)
	return a + (h-float64(lo))*(b-a)
}

// order returns the k-th smallest observation (from 0) of the histogram.
func (s *Sample) order(k int) float64 {
	if k == 0 {
		return s.min
	}
	if int64(k) == s.n-1 {
		return s.max
	}
	var c int64
	for i, x := range s.hist {
		c += x
		if c > int64(k) {
			return math.Min(s.max, math.Max(s.min, sampleValue(s.lo+i)))
		}
	}
	return s.max
}

// Mean returns the sample mean, or NaN for an empty sample.
func (s *Sample) Mean() float64 {
	if s.Len() == 0 {
		return math.NaN()
	}
	return s.sum / float64(s.Len())
}
