package agents

import (
	"math"

	"github.com/agencysim/agencysim/sim"
)

// store holds the catalogue's counters, by family and member. Formula
// families leave their slots at zero.
type store [numFamilies][maxMembers]float64

// metrics are the running counts of a model and the accumulators of the
// metrics that are not counts.
type metrics struct {
	n    store // the counters
	last store // the counters at the last time-series sample

	response   sim.Sample  // response times in minutes, for the quantiles
	responseW  sim.Welford // and their mean
	responseIv sim.Welford // since the last time-series sample

	trustStart [NumGroups]float64
	trustMean  [NumGroups]sim.Welford // over the time-series samples
}

// add adds x to member i of counter f.
func (mt *metrics) add(f family, i int, x float64) { mt.n[f][i] += x }

// inc adds one to member i of counter f.
func (mt *metrics) inc(f family, i int) { mt.n[f][i]++ }

// addResponse records a response time in minutes.
func (mt *metrics) addResponse(minutes float64) {
	mt.response.Add(minutes)
	mt.responseW.Add(minutes)
	mt.responseIv.Add(minutes)
	mt.inc(fResponses, 0)
}

// span is what a view covers.
type span int

const (
	spanRun      span = iota // the run so far
	spanInterval             // the current time-series interval
	spanWindow               // between two snapshots of the counters
)

// view reads the catalogue's values over a span: the counters' values, or
// their differences since a snapshot, and the formulas over them.
type view struct {
	m    *Model
	span span
	cur  *store
	base *store // subtracted from cur; nil for spanRun
	// memo keeps the population-weighted means over the districts that
	// the view has read: the model does not change while a view is read,
	// so each is computed once however many of its members are read (a
	// summary reads every member of each; on a grid of 1,024 districts,
	// recomputing them for every member was most of a summary's 0.8–1.4
	// ms, issue 16).
	memo viewMemo
}

// viewMemo holds a view's district means of trust and of fear; have
// marks the ones computed.
type viewMemo struct {
	have        memoSet
	trust, fear means
}

type memoSet uint8

const (
	memoTrust memoSet = 1 << iota
	memoFear
)

func (v *view) trust() *means { return v.remember(memoTrust, &v.memo.trust, districtTrust) }
func (v *view) fear() *means  { return v.remember(memoFear, &v.memo.fear, v.m.cohortFear) }

// remember returns *x, the means of f, computing them first if bit is not
// yet in the memo.
func (v *view) remember(bit memoSet, x *means, f func(d *district, c Cohort) float64) *means {
	if v.memo.have&bit == 0 {
		*x = v.m.districtMeans(f)
		v.memo.have |= bit
	}
	return x
}

// view returns the model's view over span s between base and cur (nil
// base: since the start). There is one view per model, reused so that
// reading metrics does not allocate: a formula never opens another.
func (m *Model) view(s span, cur, base *store) *view {
	m.vw = view{m: m, span: s, cur: cur, base: base}
	return &m.vw
}

// get returns member i of family f (member 0 of a family that is not
// broken down).
func (v *view) get(f family, i int) float64 {
	if c := cat.def[f].calc; c != nil {
		return c(v, i)
	}
	x := v.cur[f][i]
	if v.base != nil {
		x -= v.base[f][i]
	}
	return x
}

// at returns member i of f, or its only value if f is not broken down.
func (v *view) at(f family, i int) float64 {
	if cat.def[f].by == Total {
		i = 0
	}
	return v.get(f, i)
}

// Formulas of the catalogue.

// total sums the members of f.
func total(f family) calc {
	return func(v *view, _ int) float64 {
		s := 0.0
		for i := range cat.def[f].by.Len() {
			s += v.get(f, i)
		}
		return s
	}
}

// sum adds families that are not broken down.
func sum(fs ...family) calc {
	return func(v *view, _ int) float64 {
		s := 0.0
		for _, f := range fs {
			s += v.get(f, 0)
		}
		return s
	}
}

// sumOver sums a family by crime type over the violent (or the property)
// types.
func sumOver(f family, violent bool) calc {
	return func(v *view, _ int) float64 {
		s := 0.0
		for ct := range CrimeType(NumCrimeTypes) {
			if ct.Violent() == violent {
				s += v.get(f, int(ct))
			}
		}
		return s
	}
}

// ethnicitySum sums family f (by cohort) over the cohorts of each
// ethnicity.
func ethnicitySum(f family) calc {
	return func(v *view, e int) float64 {
		s := 0.0
		for c := range Cohort(NumCohorts) {
			if int(c.Ethnicity()) == e {
				s += v.get(f, int(c))
			}
		}
		return s
	}
}

// hispanicStopShare is the share of traffic stops of Hispanic drivers.
func hispanicStopShare(v *view, _ int) float64 {
	return sim.Ratio(v.get(fStopsByEthnicity, int(Hispanic)), v.get(fStops, 0))
}

// stopDisparity is the stops per Hispanic resident over the stops per
// non-Hispanic resident, residents as they are now:
//
//	(stops_H / N_H) / (stops_O / N_O)
func stopDisparity(v *view, _ int) float64 {
	var n [NumEthnicities]float64
	for _, d := range v.m.d {
		for c := range Cohort(NumCohorts) {
			n[c.Ethnicity()] += d.pop * d.cshares[c]
		}
	}
	h := sim.Ratio(v.get(fStopsByEthnicity, int(Hispanic)), n[Hispanic])
	o := sim.Ratio(v.get(fStopsByEthnicity, int(NonHispanic)), n[NonHispanic])
	return sim.Ratio(h, o)
}

// ratioOf divides num by the sum of dens, member by member where they are
// broken down.
func ratioOf(num family, dens ...family) calc {
	return func(v *view, i int) float64 {
		d := 0.0
		for _, f := range dens {
			d += v.at(f, i)
		}
		return sim.Ratio(v.at(num, i), d)
	}
}

// clearedOver is the crimes of the violent (or property) types cleared,
// divided by den.
func clearedOver(den family, violent bool) calc {
	cleared := sumOver(fClearedByType, violent)
	return func(v *view, i int) float64 { return sim.Ratio(cleared(v, i), v.get(den, 0)) }
}

// per100Ops is the sum of nums per 100 operations.
func per100Ops(nums ...family) calc {
	n := sum(nums...)
	return func(v *view, i int) float64 {
		ops := v.get(fOperations, 0)
		if ops == 0 {
			return math.NaN()
		}
		return 100 * n(v, i) / ops
	}
}

// responseMean is the mean response time over the run or the interval (a
// window has no response times).
func responseMean(v *view, _ int) float64 {
	switch v.span {
	case spanRun:
		return v.m.met.responseW.Mean()
	case spanInterval:
		return v.m.met.responseIv.Mean()
	}
	return math.NaN()
}

// responseQuantile is a quantile of the response times of the run.
func responseQuantile(q float64) calc {
	return func(v *view, _ int) float64 {
		if v.span != spanRun {
			return math.NaN()
		}
		return v.m.met.response.Quantile(q)
	}
}

func utilization(v *view, _ int) float64 {
	m := v.m
	unitHours := 0.0
	for _, d := range m.d {
		unitHours += d.pool.Busy.Mean(m.e.Now()) * m.e.Now()
	}
	return unitHours / m.capacityHours()
}

func trustStart(v *view, g int) float64 { return v.m.met.trustStart[g] }
func trustNow(v *view, g int) float64   { return v.trust().group[g] }
func fearNow(v *view, g int) float64    { return v.fear().group[g] }

func trustMean(v *view, g int) float64 {
	w := &v.m.met.trustMean[g]
	if w.N() == 0 {
		return v.trust().group[g]
	}
	return w.Mean()
}

// capacityHours returns the unit-hours of patrol staffed so far (before
// diversions), for the utilization figure.
func (m *Model) capacityHours() float64 {
	now := m.e.Now()
	days := math.Floor(now / 24)
	// The partial day's hours and their shifts, the same for every
	// district: found once, not once a district.
	type hour struct {
		s shift
		w float64
	}
	var part [24]hour
	n := 0
	for h := days * 24; h < now; h++ {
		part[n] = hour{shiftAt(h), math.Min(1, now-h)}
		n++
	}
	total := 0.0
	for _, d := range m.d {
		// Whole days, then the partial day shift by shift.
		perDay := float64(d.units[nightShift])*8 + float64(d.units[dayShift])*8 + float64(d.units[eveningShift])*8
		total += days * perDay
		for _, h := range part[:n] {
			total += float64(d.units[h.s]) * h.w
		}
	}
	return total
}

// Point is one value of the time series, in long format: the value of a
// metric for a member of its breakdown (a group, or "all") at the end of
// the interval ending on Day.
type Point struct {
	Day    float64
	Metric string
	Group  string
	Value  float64
}

// Series returns the time series recorded so far.
func (m *Model) Series() []Point { return m.series }

func (m *Model) trustByGroup() perGroup {
	return m.districtMeans(districtTrust).group
}

func (m *Model) fearByGroup() perGroup {
	return m.districtMeans(m.cohortFear).group
}

// TrustByGroup returns the current population-weighted trust of each group.
func (m *Model) TrustByGroup() [NumGroups]float64 { return m.trustByGroup() }

// FearByGroup returns the current population-weighted fear of immigration
// consequences of each group (the catalogue's trust.{group}.fear_end).
func (m *Model) FearByGroup() [NumGroups]float64 { return m.fearByGroup() }

func (m *Model) sampleStart() {
	m.met.trustStart = m.trustByGroup()
}

// sample appends one interval of the time series.
func (m *Model) sample(int64) {
	day := m.e.Now() / 24
	v := m.view(spanInterval, &m.met.n, &m.met.last)
	trust := v.trust().group
	for g := range NumGroups {
		m.met.trustMean[g].Add(trust[g])
	}
	for _, s := range seriesDefs {
		by := cat.def[s.f].by
		for i := range by.Len() {
			m.series = append(m.series, Point{Day: day, Metric: s.name, Group: by.Member(i), Value: v.get(s.f, i)})
		}
	}
	m.met.last = m.met.n
	m.met.responseIv = sim.Welford{}
}

// Counts are a snapshot of the model's counters. A live view keeps
// snapshots and reads the metrics over the time between two of them with
// [Model.Window].
type Counts struct{ n store }

// Counts returns a snapshot of the counters now.
func (m *Model) Counts() Counts { return Counts{m.met.n} }

// Window returns metric id over the time from snapshot from to snapshot to:
// counts are the differences, ratios and rates are those of the
// differences, and figures of the model's state (trust, fear) are their
// current values. Response times, which are not counts, are NaN. It does
// not allocate.
func (m *Model) Window(from, to *Counts, id MetricID) float64 {
	mt := &cat.metrics[id]
	return m.view(spanWindow, &to.n, &from.n).get(mt.fam, mt.Member)
}
