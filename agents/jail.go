package agents

import (
	"fmt"

	"github.com/agencysim/agencysim/sim"
)

// jail is the county jail: bookings and stays, the immigration check of
// the people booked (fingerprints, 287(g) jail officers), ICE detainers and
// what the jurisdiction's detainer policy does with them, and transfers to
// ICE custody.
type jail struct {
	*Model
	onTransfer sim.Action
	onSuit     sim.Action
	cal        *calendar // business days, for the hold (calendar.go)
	lit        sim.Draws // the suits' own stream, keyed by booking
}

// rankJail is its place among the agencies (see register).
const rankJail = 20

func init() {
	register(rankJail, func(m *Model) agency {
		j := &jail{Model: m}
		j.onTransfer = j.transfer
		j.onSuit = j.suit
		return j
	})
}

func (j *jail) start() {
	j.cal = newCalendar(&j.cfg.Calendar, j.opt.Days)
	j.lit = j.streams.Draws("jail/litigation")
}

// refresh adds the detainer policy's weight in local involvement.
func (j *jail) refresh(p *policyState, _ float64) {
	w := j.cfg.Trust.Involvement
	share := priorityShare(&j.cfg)
	switch j.cfg.Policies.Detainers {
	case HonorAll:
		p.inv += w.HonorAll * share
	case JudicialWarrantOnly:
		p.inv += w.JudicialOnly * share
	}
}

// priorityShare is the share of the involvement weight of detainers that
// counts under ICE's detainer priorities: all of it, or
// trust.involvement.serious_only_share under serious-only priorities.
func priorityShare(c *Config) float64 {
	if c.ICE.DetainerPriority == LodgeSeriousOnly {
		return c.Trust.Involvement.SeriousOnlyShare
	}
	return 1
}

func (j *jail) join(*operation) {}

func (j *jail) opsPerHour(*Config, *cityStats) (float64, float64) { return 0, 0 }

func (j *jail) describe() (string, string) { return "", "" }

// removableBookings is the expected rate an hour of bookings of people who
// may be removable, an upper bound (see Workload): every victimization
// cleared and booked, with the task forces' criminal arrests.
func removableBookings(c *Config, st *cityStats) float64 {
	return (st.minorRate + st.crimeRate + taskForceBookings(c)) * st.removable
}

// Booking draw indices.
const (
	bStay = iota
	bRemovable
	bFingerprint
	bScreen
	bRecordError
	bCaught
	bJudicial
	bPickup
	bFollowUp
	bMinorLodge
	bRemoval    // whether ICE custody after a transfer ends in removal
	bConvict    // a held stock offender: convicted and sentenced
	bSentence   // the time served
	bRecidivism // back to the active stock at release
	bEthnicity  // a wrongfully held person's ethnicity
	bSuitKey    // the key of the hold's draws in the litigation stream
)

// Draw indices of a hold in the litigation stream (jail.lit.Sub of the
// booking's bSuitKey value).
const (
	lSuit  = iota // whether the hold leads to a suit
	lDelay        // the time to its resolution
)

// stayDays is the jail stay of a booking at the given offence level.
func (j *jail) stayDays(level OffenceLevel, dr sim.Draws) float64 {
	mean := j.cfg.Jail.StayDaysMinor
	if level == LevelSerious {
		mean = j.cfg.Jail.StayDaysSerious
	}
	return expDraw(dr.Float64(bStay), mean)
}

// book processes an arrest booked into the county jail: the stay, the
// immigration check, a detainer if ICE lodges one, and what the
// jurisdiction does with it. stock says the person is an active offender
// of the stock taken into custody. It reports whether the person will be
// transferred to ICE custody at the end of the stay.
func (j *jail) book(d *district, g Group, level OffenceLevel, stock bool, dr sim.Draws) bool {
	m := j.Model
	met := &m.met
	jc := &m.cfg.Jail
	pol := &m.cfg.Policies
	serious := level == LevelSerious
	met.inc(fBookings, 0)
	if !serious {
		met.inc(fMinorBookings, 0)
	}
	stay := j.stayDays(level, dr) // days
	met.add(fBedDays, 0, stay)

	removable := g == Undocumented || (g == LawfulNoncitizen && dr.Float64(bRemovable) < jc.LawfulRemovable)
	jem := m.pol.g287 == G287JailEnforcement
	wso := m.pol.g287 == G287WarrantService
	if jem && g != Citizen {
		met.add(fImmigrationHours, 0, m.cfg.Agreements.G287.InterviewHours)
	}
	fp := pol.InfoSharing.Fingerprints

	identified, wrongful := false, false
	source := fDetainersFromFingerprints
	if removable {
		if fp && dr.Float64(bFingerprint) < m.cfg.ICE.IdentifyRate {
			identified = true
		}
		if jem && !identified && dr.Float64(bScreen) < m.cfg.Agreements.G287.ScreenRate {
			identified = true
		}
	} else if (fp || jem) && dr.Float64(bRecordError) < m.cfg.ICE.RecordErrorRate {
		identified, wrongful = true, true
	}
	if jem {
		// Jail-model officers process every detainer lodged in the jail.
		source = fDetainersFrom287g
	}
	if !identified {
		return false
	}
	if !serious && (m.cfg.ICE.DetainerPriority == LodgeSeriousOnly || dr.Float64(bMinorLodge) >= m.cfg.ICE.MinorLodgeRate) {
		return false
	}
	if wrongful && dr.Float64(bCaught) < m.pol.oversightCatch {
		met.inc(fCaughtByOversight, 0)
		return false
	}
	met.inc(fDetainers, 0)
	met.inc(fDetainersByLevel, int(level))
	met.inc(source, 0)
	if !serious {
		met.inc(fDetainersOnMinor, 0)
	}
	if wrongful {
		met.inc(fWrongfulDetainers, 0)
	}

	judicial := dr.Float64(bJudicial) < pol.JudicialWarrantShare
	var honor bool
	switch pol.Detainers {
	case HonorAll:
		honor = true
	case JudicialWarrantOnly:
		// A warrant-service officer serves ICE's administrative warrant
		// in the jail, which is what that model exists for.
		honor = judicial || wso
	case NeverHonor:
		honor = false
	}
	if !honor {
		met.inc(fDeclined, 0)
		if !wrongful && pol.InfoSharing.NotifyRelease && dr.Float64(bFollowUp) < m.cfg.ICE.FollowUpDeclined {
			m.ice.scheduleFollowUp(d.idx, dr.Sub(1))
		}
		return false
	}
	met.inc(fHonored, 0)
	noCause := !judicial && !wso // held on an administrative detainer alone
	if noCause {
		met.add(fLitigation, 0, jc.LitigationPerHold)
	}
	if wrongful {
		met.inc(fWrongfulHeld, 0)
		e := NonHispanic
		if dr.Float64(bEthnicity) < m.cfg.Community.WrongfulHispanicShare {
			e = Hispanic
		}
		m.wrongfulHarm(d, CohortOf(g, e))
		met.add(fLitigation, 0, jc.LitigationPerWrongful)
	}
	// The hold begins at the end of the stay and lasts hold_hours, counted
	// on business days only (8 C.F.R. §287.7(d)): limit is its length in
	// calendar hours.
	release := m.e.Now() + stay*24
	limit := pol.HoldHours
	if pol.HoldBusinessHours {
		limit = j.cal.holdEnd(release, pol.HoldHours) - release
	}
	if noCause || wrongful {
		j.maybeSue(wrongful, stay*24, dr)
	}
	pickup := expDraw(dr.Float64(bPickup), m.cfg.ICE.PickupHours)
	if pickup > limit {
		met.inc(fExpiredHolds, 0)
		met.add(fHoldHours, 0, limit)
		met.add(fBedDays, 0, limit/24)
		return false
	}
	met.add(fHoldHours, 0, pickup)
	met.add(fBedDays, 0, pickup/24)
	if wrongful {
		// ICE releases a person it finds not removable.
		return false
	}
	removed := dr.Float64(bRemoval) < m.cfg.ICE.RemovalShare
	m.e.After(stay*24+pickup, prioNormal, j.onTransfer, transferArg(d.idx, g, level, stock, removed))
	return true
}

// maybeSue decides whether a hold without probable cause, which begins
// after hours, leads to a suit (jail.suit_chance, or
// jail.suit_chance_wrongful for a person who is not removable) and if so
// schedules its resolution. The draws come from the litigation stream,
// keyed by the booking, so that the same hold in two arms of an experiment
// has the same suit.
func (j *jail) maybeSue(wrongful bool, after float64, dr sim.Draws) {
	jc := &j.cfg.Jail
	p := jc.SuitChance
	if wrongful {
		p = jc.SuitChanceWrongful
	}
	if p <= 0 {
		return
	}
	sd := j.lit.Sub(dr.Uint64(bSuitKey))
	if sd.Float64(lSuit) >= p {
		return
	}
	j.met.inc(fSuitsArising, 0)
	j.e.After(after+sd.Exp(lDelay, jc.SuitDays*24), prioChange, j.onSuit, 0)
}

// suit resolves a suit: the jurisdiction pays jail.suit_cost and, with
// jail.suit_ends_practice, a court order or settlement ends the practice
// of holding on administrative detainers: the model changes
// policies.detainers from honor_all to judicial_warrant_only, a change on
// its timeline like a scenario's own (see Model.modelChange). A suit
// resolved after the practice has ended costs money only.
func (j *jail) suit(int64) {
	jc := &j.cfg.Jail
	j.met.inc(fSuits, 0)
	j.met.add(fSuitCost, 0, jc.SuitCost)
	if !jc.SuitEndsPractice || j.cfg.Policies.Detainers != HonorAll {
		return
	}
	n := int(j.met.n[fOrders][0])
	j.met.inc(fOrders, 0)
	j.modelChange(map[string]any{"policies": map[string]any{"detainers": JudicialWarrantOnly.String()}},
		fmt.Sprintf("litigation[%d]", n))
}

// transfer records a transfer from the jail to ICE custody and its end
// (see Model.transferred).
func (j *jail) transfer(arg int64) {
	j.met.inc(fTransfers, 0)
	j.met.inc(fArrestsByVenue, int(VenueJail))
	j.transferred(arg)
}
