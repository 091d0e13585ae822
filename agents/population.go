package agents

import (
	"math"

	"github.com/agencysim/agencysim/sim"
)

// This file is the population: the residents of each district by group as
// state, which out-migration, return, removals and re-entries change, and
// from which every rate that depends on population is derived.
//
// Residents are aggregate counts held as float64 (expected numbers, not
// individuals or households): the daily flows are deterministic fractions
// of them, and a removal or a re-entry moves one person. After every change
// a district's pop, shares and offending weights, and the model's weights
// that place operations (popW, undocW, bzoneW, totalPop), are derived anew;
// the crime rates, and the police's call, stop and minor-arrest rates,
// follow pop_d(t)/pop_d(0) at the daily step.
//
// The daily step (population.*, see docs/model.md, Population) is the exact
// solution over one day of each of its two flows, taken from the
// population at the start of the day:
//
//	out  = P · (1 − exp(−h_g · max(0, I − I_ref) / 365))
//	back = (P⁰ − P)⁺ · (1 − exp(−ln 2 / T½ / 365))
//	P   += back − out
//
// with I the local involvement in immigration enforcement in force (derived
// by the day's refresh), I_ref population.reference_involvement, h_g the
// group's hazard and T½ population.return_half_life_years. The flows use no
// random numbers; a removal's decision (ice.removal_share) is drawn from
// the operation's draws at oRemovals, after every index in use.

// popState is the population state of the model.
type popState struct {
	p     []perGroup // residents now, by district
	base  []perGroup // the configured residents P⁰, by district
	off   []perGroup // offending multipliers, by district (for offendW)
	start perGroup   // city totals at the start
	bzone []int      // each district's index in bzone and bzoneW, or −1
}

// oRemovals is the sub-source of an operation's draws from which the
// removal decision of its arrest j is read (Float64(j)): after every index
// and sub-source in use (a task force books at most 1,000 arrests, at
// oBookings + j).
const oRemovals = 1 << 12

// initPopulation sets the population state from the configured districts:
// P⁰_{d,g} = population_d × share_{d,g}.
func (m *Model) initPopulation() {
	ps := &m.popu
	n := len(m.d)
	ps.p = make([]perGroup, n)
	ps.base = make([]perGroup, n)
	ps.off = make([]perGroup, n)
	ps.bzone = make([]int, n)
	for i := range ps.bzone {
		ps.bzone[i] = -1
	}
	for k, i := range m.bzone {
		ps.bzone[i] = k
	}
	for i, d := range m.d {
		for g := range NumGroups {
			ps.p[i][g] = d.pop * d.shares[g]
			if d.shares[g] > 0 {
				ps.off[i][g] = d.offendW[g] / d.shares[g]
			}
			ps.start[g] += ps.p[i][g]
		}
		ps.base[i] = ps.p[i]
	}
}

// populationDay is the daily step: out-migration with local involvement
// above the reference, return toward the baseline, then the rates that
// scale with population.
func (m *Model) populationDay() {
	pc := &m.cfg.Population
	ps := &m.popu
	x := math.Max(0, m.pol.involvement-pc.ReferenceInvolvement)
	var leave perGroup
	if x > 0 {
		for g := range Group(NumGroups) {
			h := pc.NoncitizenHazard
			if g == Citizen {
				h *= pc.CitizenHazardRatio
			}
			leave[g] = -math.Expm1(-h * x / 365)
		}
	}
	back := -math.Expm1(-math.Ln2 / pc.ReturnHalfLifeYears / 365)
	for i := range m.d {
		p := &ps.p[i]
		changed := false
		for g := range NumGroups {
			out := p[g] * leave[g]
			ret := math.Max(0, ps.base[i][g]-p[g]) * back
			if out == 0 && ret == 0 {
				continue
			}
			p[g] += ret - out
			m.met.add(fPopOutMigrated, g, out)
			m.met.add(fPopReturned, g, ret)
			changed = true
		}
		if changed {
			m.derivePopulation(i)
		}
		m.rescalePolice(i)
	}
}

// populationRemoved records the removal from the country of a resident of
// group g of district d: P_{d,g} falls by one, never below zero.
func (m *Model) populationRemoved(d int, g Group) {
	p := &m.popu.p[d][g]
	x := math.Min(1, *p)
	if x <= 0 {
		return
	}
	*p -= x
	m.met.add(fPopRemoved, int(g), x)
	m.derivePopulation(d)
}

// populationReentered records the return of a removed resident of group g
// to district d: P_{d,g} rises by one.
func (m *Model) populationReentered(d int, g Group) {
	m.popu.p[d][g]++
	m.met.inc(fPopReentered, int(g))
	m.derivePopulation(d)
}

// removeArrested decides, for each of the n immigration arrests of an
// operation in district d, whether the custody ends in removal
// (ice.removal_share), and removes those residents. The arrested are
// undocumented residents: field operations target them.
func (m *Model) removeArrested(d *district, n int, dr sim.Draws) {
	share := m.cfg.ICE.RemovalShare
	if n <= 0 || share <= 0 {
		return
	}
	sub := dr.Sub(oRemovals)
	for j := range n {
		if sub.Float64(uint64(j)) < share {
			m.met.inc(fRemovalsByLevel, int(LevelNone)) // no criminal booking
			m.populationRemoved(d.idx, Undocumented)
			o := &m.off
			m.scheduleReentry(d.idx, Undocumented, false, o.fieldReentry.Sub(o.fieldRemoved))
			o.fieldRemoved++
		}
	}
}

// derivePopulation derives district i's pop, shares and offending weights,
// and the model's placement weights, from its population state.
func (m *Model) derivePopulation(i int) {
	ps := &m.popu
	d := m.d[i]
	p := &ps.p[i]
	tot := 0.0
	for g := range NumGroups {
		tot += p[g]
	}
	if tot > 0 {
		for g := range NumGroups {
			d.shares[g] = p[g] / tot
			d.offendW[g] = d.shares[g] * ps.off[i][g]
		}
		d.setCohortShares()
	}
	m.totalPop += tot - d.pop
	d.pop = tot
	m.popW[i] = tot
	m.undocW[i] = p[Undocumented]
	if k := ps.bzone[i]; k >= 0 {
		m.bzoneW[k] = tot
	}
}

// rescalePolice sets district i's rates of other calls, traffic stops and
// minor arrests to their configured rates per resident × pop_d(t). Each
// process draws its next gap at its rate when an event fires, so the new
// rate takes effect from the next gap (within one gap, minutes to hours, of
// the change). A rate never falls to 0 here: an empty district keeps its
// last rates.
func (m *Model) rescalePolice(i int) {
	if m.police == nil {
		return
	}
	d := m.d[i]
	if d.pop <= 0 {
		return
	}
	pc := &m.cfg.Police
	// Before the police start, the rates are 0 and stay so: start sets
	// them from the population then.
	if call := m.proc(i, arrCall); call.rate > 0 {
		call.rate = residentRate(pc.OtherCalls, d.pop)
	}
	if stop := m.proc(i, arrStop); stop.rate > 0 {
		stop.rate = residentRate(pc.TrafficStops, d.pop)
	}
	if minor := m.proc(i, arrMinor); minor.rate > 0 {
		minor.rate = residentRate(pc.MinorArrests, d.pop)
	}
}

// Metric formulas of the population.

func popStart(v *view, g int) float64 { return v.m.popu.start[g] }

func popNow(v *view, g int) float64 {
	s := 0.0
	for i := range v.m.popu.p {
		s += v.m.popu.p[i][g]
	}
	return s
}

func popChangeShare(v *view, g int) float64 {
	s := popStart(v, g)
	return sim.Ratio(popNow(v, g)-s, s)
}
