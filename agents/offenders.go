package agents

import (
	"math"

	"github.com/agencysim/agencysim/sim"
)

// This file is the offender stock: aggregate counts, by district and
// group, of active offenders (A), offenders held in jail or serving a
// sentence (J) and offenders removed from the country (X), and the flows
// between them. The stock commits a share of the victimizations that
// follows its size, so jailing and removing its members lowers crime, and
// deterrence scales crime by the city's recent apprehension chance. The
// equations are in docs/model.md §13.
//
// Crime processes are time-changed Poisson processes: each keeps the
// unit-rate exponential target of its next event and the integrated rate
// since its last one, so that a change of rate moves the next event
// without a new draw, and two arms whose rates differ still share every
// exposure (common random numbers).

// offenders is the offender stock and the state of the crime processes
// that depend on it.
type offenders struct {
	a, j, x []perCount // by district: active, held, removed abroad
	a0      []perCount // initial active stock
	a0d     []int64    // Σ_g a0
	clock   [][NumCrimeTypes]crimeClock

	// The daily counts' last exp(−mean), by district (see poissonMemo).
	desistP, entryP [][NumGroups]poissonMemo

	entry, desist, reentry sim.Draws
	removed                uint64 // removals after a jail transfer so far, each with its re-entry draws
	fieldReentry           sim.Draws
	fieldRemoved           uint64 // removals after field arrests so far (their own stream)

	// Deterrence: apprehensions (crimes whose case will be cleared) and
	// victimizations today, their exponentially smoothed sums, and the
	// reference p0 over the first days.
	occDay, clrDay float64
	occS, clrS     float64
	occ0, clr0     float64
	p0             float64
	deter          float64

	baseLogit perType // logit of reporting.base_rate, which no change can set
	// logits of reporting.victim_cooperation and witness_cooperation
	victimLogit, witnessLogit float64

	onRelease, onReentry sim.Action
}

// perCount is a count of people by group.
type perCount [NumGroups]int64

func (c *perCount) sum() int64 {
	s := int64(0)
	for _, x := range c {
		s += x
	}
	return s
}

// crimeClock is the time change of one crime process: its next event is
// when the integrated rate since the last one reaches target (a unit-rate
// exponential).
type crimeClock struct {
	target, acc float64  // target and integrated rate up to since
	since       sim.Time // when acc was last brought up to date
	rate0       float64  // the rate at the start, per hour
}

// Which state an offender count formula reads.
const (
	offActive = iota
	offHeld
	offRemoved
)

// offendersNow is the city-wide count of a part of the stock now.
func offendersNow(which int) calc {
	return func(v *view, _ int) float64 {
		o := &v.m.off
		part := o.a
		switch which {
		case offHeld:
			part = o.j
		case offRemoved:
			part = o.x
		}
		n := int64(0)
		for i := range part {
			n += part[i].sum()
		}
		return float64(n)
	}
}

// initOffenders sets up the stock, A0[d][g] = round(pop_d × share_g ×
// active_share × offending_g) (at most the group's residents), and the
// crime processes' base rates. It runs after buildCity.
func (m *Model) initOffenders() {
	o := &m.off
	n := len(m.d)
	o.a, o.j, o.x, o.a0 = make([]perCount, n), make([]perCount, n), make([]perCount, n), make([]perCount, n)
	o.a0d = make([]int64, n)
	o.clock = make([][NumCrimeTypes]crimeClock, n)
	o.desistP, o.entryP = make([][NumGroups]poissonMemo, n), make([][NumGroups]poissonMemo, n)
	share := m.cfg.Offending.ActiveShare
	for i, d := range m.d {
		for g := range NumGroups {
			// offendW is share_g × offending_g.
			o.a0[i][g] = int64(math.Min(math.Round(d.pop*d.offendW[g]*share), math.Round(d.pop*d.shares[g])))
		}
		o.a[i] = o.a0[i]
		o.a0d[i] = o.a0[i].sum()
		for ct := range NumCrimeTypes {
			o.clock[i][ct].rate0 = m.proc(i, ct).rate
		}
	}
	st := m.streams
	o.entry, o.desist, o.reentry = st.Draws("offenders/entry"), st.Draws("offenders/desistance"), st.Draws("offenders/reentry")
	o.fieldReentry = st.Draws("population/field-reentry")
	o.deter = 1
	base := m.cfg.Reporting.BaseRate.array()
	for ct := range NumCrimeTypes {
		o.baseLogit[ct] = logit(base[ct])
	}
	o.victimLogit, o.witnessLogit = logit(m.cfg.Reporting.VictimCooperation), logit(m.cfg.Reporting.WitnessCooperation)
	o.onRelease, o.onReentry = m.offenderReleased, m.reentered
}

// startCrimes schedules the first victimization of every crime process.
func (m *Model) startCrimes() {
	for i := range m.d {
		for ct := range CrimeType(NumCrimeTypes) {
			if m.proc(i, int(ct)).rate > 0 {
				m.nextCrime(i, ct)
			}
		}
	}
}

// nextCrime draws the exposure of the next victimization of type ct in
// district i and schedules it at the current rate.
func (m *Model) nextCrime(i int, ct CrimeType) {
	p := m.proc(i, int(ct))
	c := &m.off.clock[i][ct]
	c.target = p.exp()
	c.acc = 0
	c.since = m.e.Now()
	m.setArrival(i, int(ct), c.since+c.target/p.rate)
}

// setCrimeRate changes the rate of a crime process, keeping its exposure:
// the integrated rate so far is kept and the next event moves to where
// the remaining exposure runs out at the new rate.
func (m *Model) setCrimeRate(i int, ct CrimeType, r float64) {
	p := m.proc(i, int(ct))
	old := p.rate
	if r == old {
		return
	}
	c := &m.off.clock[i][ct]
	now := m.e.Now()
	c.acc += old * (now - c.since)
	c.since = now
	p.rate = r
	next := math.Inf(1)
	if r > 0 {
		next = now + math.Max(0, c.target-c.acc)/r
	}
	m.setArrival(i, int(ct), next)
}

// stockTerm is the stock's part of district i's crime multiplier,
// (1 − background_share) × A_d/A0_d; a district without a stock at the
// start counts as if it were whole (its crimes are all background ones,
// see stockShare).
func (m *Model) stockTerm(i int) float64 {
	o := &m.off
	bg := m.cfg.Offending.BackgroundShare
	if o.a0d[i] == 0 {
		return 1 - bg
	}
	return (1 - bg) * float64(o.a[i].sum()) / float64(o.a0d[i])
}

// stockShare is the chance that a victimization in district i now was
// committed by an active offender of the stock.
func (m *Model) stockShare(i int) float64 {
	if m.off.a0d[i] == 0 {
		return 0
	}
	s := m.stockTerm(i)
	return sim.Ratio(s, m.cfg.Offending.BackgroundShare+s)
}

// offendersDay is the stock's daily step: desistance and entry, the
// apprehension chance behind deterrence, and the new crime rates.
func (m *Model) offendersDay() {
	o := &m.off
	oc := &m.cfg.Offending
	met := &m.met
	day := uint64(math.Round(m.e.Now() / 24))
	nd := uint64(len(m.d))
	pDesist := -math.Expm1(-oc.DesistancePerYear / 365)
	for i := range m.d {
		en, de := o.entry.Sub(day*nd+uint64(i)), o.desist.Sub(day*nd+uint64(i))
		for g := range NumGroups {
			// Desistance of the active (a daily Poisson approximation of
			// the exponential hazard, at most all of them), then entry.
			if a := o.a[i][g]; a > 0 {
				k := min(a, o.desistP[i][g].count(float64(a)*pDesist, de.Float64(uint64(g))))
				o.a[i][g] -= k
				met.add(fOffendersDesisted, 0, float64(k))
			}
			if a0 := o.a0[i][g]; a0 > 0 {
				k := o.entryP[i][g].count(float64(a0)*oc.DesistancePerYear/365, en.Float64(uint64(g)))
				o.a[i][g] += k
				met.add(fOffendersEntered, 0, float64(k))
			}
		}
	}

	// The apprehension chance p: cases to be cleared over victimizations,
	// smoothed; p0 is its value over the first days.
	f := math.Exp(-1 / oc.DeterrenceDays)
	o.occS = o.occS*f + o.occDay
	o.clrS = o.clrS*f + o.clrDay
	if float64(day) <= oc.DeterrenceBaselineDays {
		o.occ0 += o.occDay
		o.clr0 += o.clrDay
		o.p0 = sim.Ratio(o.clr0, o.occ0)
		o.deter = 1
	} else if p := sim.Ratio(o.clrS, o.occS); oc.DeterrenceElasticity != 0 && p > 0 && o.p0 > 0 {
		// Bounded so that a city with no apprehensions at all does not
		// see crime without limit.
		o.deter = math.Min(2, math.Max(0.5, math.Pow(p/o.p0, oc.DeterrenceElasticity)))
	} else {
		o.deter = 1
	}
	o.occDay, o.clrDay = 0, 0

	for i, d := range m.d {
		mult := d.pop / d.pop0 * (oc.BackgroundShare + m.stockTerm(i)) * o.deter
		for ct := range CrimeType(NumCrimeTypes) {
			if r0 := o.clock[i][ct].rate0; r0 > 0 {
				m.setCrimeRate(i, ct, r0*mult)
			}
		}
	}
}

// poissonInversionMax is the largest mean poissonCount draws by inversion.
const poissonInversionMax = 500

// poissonCount is a Poisson count of the given mean from the uniform u, by
// inversion for small means and by the normal approximation for large
// ones.
func poissonCount(mean, u float64) int64 {
	if mean <= 0 {
		return 0
	}
	if mean <= poissonInversionMax {
		return int64(sim.Poisson(mean, u))
	}
	z := math.Sqrt2 * math.Erfinv(2*u-1)
	return int64(math.Max(0, math.Round(mean+math.Sqrt(mean)*z)))
}

// poissonMemo holds exp(−mean) of the last mean a daily count of one
// district and group had. Most days' counts are 0 — u < exp(−mean), where
// sim.Poisson's inversion stops before its first step — and most days'
// means are the day before's (the entry's is fixed, the desistance's
// changes only with the active stock), so the exponential, which was a
// few per cent of a small city's run, is computed again only when the
// mean changes. A test checks that count is poissonCount.
type poissonMemo struct{ mean, p0 float64 }

// count is poissonCount(mean, u).
func (c *poissonMemo) count(mean, u float64) int64 {
	if mean > 0 && mean <= poissonInversionMax {
		if mean != c.mean {
			c.mean, c.p0 = mean, math.Exp(-mean)
		}
		if u < c.p0 {
			return 0
		}
	}
	return poissonCount(mean, u)
}

// victimCohort draws the victim's cohort of a crime of type ct in d from
// u. Under predation on silence (offending.predation_weight w > 0) cohorts
// that report less are more often victims: the weights are
// cshare_c × ((1 − r_c)/(1 − r̄))^w, r_c the cohort's chance of reporting
// at its mean fear and risk aversion.
func (m *Model) victimCohort(d *district, ct CrimeType, u float64) Cohort {
	w := m.cfg.Offending.PredationWeight
	if w == 0 {
		return Cohort(categorical(d.cshares[:], u))
	}
	var r, wt perCohort
	rbar := 0.0
	bl := m.off.baseLogit[ct]
	for c := range Cohort(NumCohorts) {
		r[c] = logistic(bl + m.cohortAttitude(d, c))
		rbar += d.cshares[c] * r[c]
	}
	for c := range NumCohorts {
		wt[c] = d.cshares[c] * math.Pow((1-r[c])/max(1-rbar, 1e-9), w)
	}
	return Cohort(categorical(wt[:], u))
}

// arrestedStock decides, from u, whether the offender arrested for a
// victimization cleared in district d was an active offender of the stock
// (the stock's share of the district's current rate) and of which group
// (in proportion to the active offenders); the offender moves into
// custody.
func (m *Model) arrestedStock(d *district, u float64) (Group, bool) {
	s := m.stockShare(d.idx)
	if !(u < s) {
		return 0, false
	}
	o := &m.off
	var w [NumGroups]float64
	for g := range NumGroups {
		w[g] = float64(o.a[d.idx][g])
	}
	g := Group(categorical(w[:], u/s))
	m.takeIntoCustody(d.idx, g)
	return g, true
}

// minorStock decides, from u, whether a person of group g booked on a
// minor arrest in d is an active offender of the stock: with chance
// minor_arrest_active_share × A/A0 (at most 1).
func (m *Model) minorStock(d *district, g Group, u float64) bool {
	o := &m.off
	a, a0 := o.a[d.idx][g], o.a0[d.idx][g]
	if a <= 0 || a0 <= 0 {
		return false
	}
	if !(u < m.cfg.Offending.MinorArrestActiveShare*math.Min(1, float64(a)/float64(a0))) {
		return false
	}
	m.takeIntoCustody(d.idx, g)
	return true
}

func (m *Model) takeIntoCustody(i int, g Group) {
	o := &m.off
	o.a[i][g]--
	o.j[i][g]++
	m.met.inc(fIncapacitatedJail, 0)
}

// Outcomes of a stock offender's custody (release events).
const (
	relActive  = iota // back to the active stock
	relDesists        // desists
)

// arrest books a person of group g into the jail; stock says an active
// offender of the stock was taken into custody. One the jail does not
// hand to ICE is held for the jail stay and, after a serious booking,
// with chance conviction_probability, a sentence; released at its end
// with chance recidivism back to the active stock, otherwise desisting.
// After a stay without a sentence the offender is back.
func (m *Model) arrest(d *district, g Group, level OffenceLevel, stock bool, dr sim.Draws) {
	if m.jail.book(d, g, level, stock, dr) || !stock {
		return
	}
	oc := &m.cfg.Offending
	hours := m.jail.stayDays(level, dr) * 24
	out := relActive
	if level == LevelSerious && dr.Float64(bConvict) < oc.ConvictionProbability {
		hours += expDraw(dr.Float64(bSentence), oc.SentenceYears) * 8760
		if !(dr.Float64(bRecidivism) < oc.Recidivism) {
			out = relDesists
		}
	}
	m.e.After(hours, prioNormal, m.off.onRelease, int64(d.idx)<<8|int64(g)<<4|int64(out))
}

// offenderReleased ends a stock offender's custody.
func (m *Model) offenderReleased(arg int64) {
	o := &m.off
	i, g := int(arg>>8), Group(arg>>4&0xf)
	o.j[i][g]--
	if arg&0xf == relDesists {
		m.met.inc(fOffendersDesisted, 0)
		return
	}
	o.a[i][g]++
}

// transferArg encodes a transfer from the jail: the district, the group,
// the offence level, whether the person is a held stock offender and
// whether the ICE custody ends in removal.
func transferArg(d int, g Group, level OffenceLevel, stock, removed bool) int64 {
	arg := int64(d)<<8 | int64(g)<<4 | int64(level)<<2
	if stock {
		arg |= 2
	}
	if removed {
		arg |= 1
	}
	return arg
}

// transferred handles the end of a transfer to ICE custody: a removal
// (counted, the population told, a stock offender moved abroad, the
// re-entry drawn) or a release by ICE (a stock offender is back).
func (m *Model) transferred(arg int64) {
	o := &m.off
	i, g, level := int(arg>>8), Group(arg>>4&0xf), OffenceLevel(arg>>2&3)
	stock, removed := arg&2 != 0, arg&1 != 0
	m.met.inc(fTransfersByLevel, int(level))
	if !removed {
		if stock {
			o.j[i][g]--
			o.a[i][g]++
		}
		return
	}
	m.met.inc(fRemovalsByLevel, int(level))
	m.populationRemoved(i, g)
	if stock {
		o.j[i][g]--
		o.x[i][g]++
		m.met.inc(fIncapacitatedRemoval, 0)
	}
	m.scheduleReentry(i, g, stock, o.reentry.Sub(o.removed))
	o.removed++
}

// scheduleReentry decides, from its draws, whether a person of group g
// removed from district i comes back (removal.reentry_share), and when.
func (m *Model) scheduleReentry(i int, g Group, stock bool, dr sim.Draws) {
	if dr.Float64(0) < m.cfg.Removal.ReentryShare {
		back := expDraw(dr.Float64(1), m.cfg.Removal.ReentryDelayYears) * 8760
		a := int64(i)<<8 | int64(g)<<4
		if stock {
			a |= 1
		}
		m.e.After(back, prioNormal, m.off.onReentry, a)
	}
}

// reentered brings a removed person back; a stock offender rejoins the
// active stock.
func (m *Model) reentered(arg int64) {
	o := &m.off
	i, g := int(arg>>8), Group(arg>>4&0xf)
	if arg&1 != 0 {
		o.x[i][g]--
		o.a[i][g]++
		m.met.inc(fOffenderReentries, 0)
	}
	m.populationReentered(i, g)
}
