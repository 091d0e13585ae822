package agents

import "math"

// This file holds the trust mechanisms beyond the linear operation shock
// of community.go: harm events (use of force, injuries, blue-on-blue
// conflicts, wrongful detentions, complaints) that shock trust, habituation to
// repeated operations, the city-wide media channel for salient events,
// and the lag with which fear of local involvement follows a change of
// agreements or policies (see docs/model.md, Harm events and awareness).

// harmKind is a kind of harm event.
type harmKind int

const (
	harmUseOfForce harmKind = iota
	harmInjury
	harmBlueOnBlue
	harmWrongful
	harmStatusInquiry
	harmComplaint
	numHarmKinds
)

// harmFamilies are the counters of harm events by kind.
var harmFamilies = [numHarmKinds]family{fHarmUseOfForce, fHarmInjury, fHarmBlueOnBlue, fHarmWrongful, fHarmStatusInquiry, fHarmComplaint}

// routine reports whether harm of kind k is routine: never salient enough
// for the media channel, whatever its size (status inquiries at stops).
func (k harmKind) routine() bool { return k == harmStatusInquiry }

func (h HarmGroups) array() perGroup {
	return perGroup{h.Citizen, h.LawfulNoncitizen, h.Undocumented}
}

// harmSize is the shock of one event of kind k at visibility 1.
func (c *HarmShocks) size(k harmKind) float64 {
	switch k {
	case harmUseOfForce:
		return c.UseOfForce
	case harmInjury:
		return c.Injury
	case harmBlueOnBlue:
		return c.BlueOnBlue
	case harmWrongful:
		return c.WrongfulDetention
	case harmStatusInquiry:
		return c.StatusInquiry
	case harmComplaint:
		return c.Complaint
	}
	panic("agents: unknown harm kind")
}

// harmVisibility is the visibility of harm in an operation of kind k: the
// venue's (1, or trust.harm.courthouse_visibility or worksite_visibility)
// times the posture's. Harm is seen even in an operation that is not
// (police operations have visibility 0).
func (m *Model) harmVisibility(k OpKind) float64 {
	v := m.pol.postureVis
	h := &m.cfg.Trust.Harm
	switch k {
	case OpICECourthouse:
		v *= h.Courthouse
	case OpICEWorksite:
		v *= h.Worksite
	}
	return v
}

// harm applies a harm event of kind k and visibility v in district d.
// c is the cohort of the person harmed, or -1 when the harm concerns all
// cohorts alike. It returns the local shock to the most sensitive group
// (size × v) and whether the media channel carried it.
//
//	s = size_k · v
//	ΔT_{d,c} = −s · w_c               w_c = sens_g(c) (no harmed person), 1 (the person's cohort),
//	                                  or sens_g(c) · other_groups (the other cohorts)
//	ΔT_{n,c} = −s · w_c · spillover   (n a neighbour)
//	if s ≥ salience_threshold (and k is not routine): every other district −s · w_c · media_share
//	(neighbours: the larger of spillover and media_share)
func (m *Model) harm(d *district, k harmKind, v float64, hc Cohort) (float64, bool) {
	t := &m.cfg.Trust
	h := &t.Harm
	s := h.size(k) * v
	m.met.inc(harmFamilies[k], 0)
	if s <= 0 {
		return 0, false
	}
	sens := h.Sensitivity.array()
	// A harmed person's own cohort feels the shock fully; with no such
	// person (hc < 0), every cohort by its group's sensitivity.
	var w perCohort
	for c := range Cohort(NumCohorts) {
		switch {
		case hc < 0:
			w[c] = sens[c.Group()]
		case c == hc:
			w[c] = 1
		default:
			w[c] = sens[c.Group()] * h.OtherGroups
		}
	}
	lost := 0.0
	apply := func(dd *district, f float64) {
		for c := range NumCohorts {
			dt := math.Min(dd.trust[c], s*w[c]*f)
			dd.trust[c] -= dt
			lost += dt * dd.pop * dd.cshares[c]
		}
	}
	apply(d, 1)
	media := s >= t.SalienceThreshold && t.MediaShare > 0 && !k.routine()
	if !media {
		for _, n := range d.neighbours {
			apply(m.d[n], t.Spillover)
		}
	} else {
		m.met.inc(fHarmMedia, 0)
		j := 0
		for _, dd := range m.d {
			if dd == d {
				continue
			}
			f := t.MediaShare
			for j < len(d.neighbours) && int(d.neighbours[j]) < dd.idx {
				j++
			}
			if j < len(d.neighbours) && int(d.neighbours[j]) == dd.idx {
				f = math.Max(f, t.Spillover)
			}
			apply(dd, f)
		}
	}
	pop := 0.0
	for _, dd := range m.d {
		pop += dd.pop
	}
	if pop > 0 {
		m.met.add(fHarmTrustLost, 0, lost/pop)
	}
	return s, media
}

// habituation returns the multiplier habituation^n on the shock of an
// operation in habituation slot slot of district d, n the decaying count
// of earlier ones, and counts this one.
func (m *Model) habituation(d *district, slot int) float64 {
	t := &m.cfg.Trust
	now := m.e.Now()
	n := d.habN[slot]
	if n > 0 {
		n *= math.Exp(-math.Ln2 * (now - d.habAt[slot]) / (24 * t.HabituationHalfLifeDays))
	}
	f := 1.0
	if t.Habituation < 1 && n > 0 {
		f = math.Pow(t.Habituation, n)
	}
	d.habN[slot], d.habAt[slot] = n+1, now
	return f
}

// habitStops is the habituation slot of visible arrests at 287(g) stops.
const habitStops = NumOpKinds

// awarenessTarget is the level fear from local involvement approaches:
// the involvement fear of the policies in force, lowered by outreach.
func (m *Model) awarenessTarget(g int) float64 {
	return m.pol.involvementFear[g] * (1 - m.cfg.Trust.OutreachFearCut*m.cfg.Policies.Outreach)
}

// initAwareness sets fear from local involvement to its target: the
// agreements in force at the start are known.
func (m *Model) initAwareness() {
	for g := range NumGroups {
		m.awareFear[g] = m.awarenessTarget(g)
	}
}

// awarenessDay moves fear from local involvement one day toward its
// target (first-order lag):
//
//	F ← F* + (F − F*) · 2^(−1/h),  h = awareness_half_life_days / (1 + outreach_awareness · outreach)
func (m *Model) awarenessDay() {
	t := &m.cfg.Trust
	hl := t.AwarenessHalfLifeDays / (1 + t.OutreachAwareness*m.cfg.Policies.Outreach)
	keep := 0.0
	if hl > 0 {
		keep = math.Exp(-math.Ln2 / hl)
	}
	for g := range NumGroups {
		target := m.awarenessTarget(g)
		m.awareFear[g] = target + (m.awareFear[g]-target)*keep
	}
}

// wrongfulHarm applies the harm of a person of cohort c held on a wrongful
// detainer or warrant hit in district d (visibility 1).
func (m *Model) wrongfulHarm(d *district, c Cohort) {
	lost, media := m.harm(d, harmWrongful, 1, c)
	if obs := m.opt.Observer; obs != nil {
		obs.Incident(IncidentEvent{Hour: m.e.Now(), District: d.idx, Kind: WrongfulDetention, Shock: lost, Media: media})
	}
}

// statusInquiryHarm applies the harm of a status inquiry at a stop in
// district d to the questioned driver's cohort c: trust.harm.status_inquiry
// per 1,000 residents of the cohort there (visibility 1000/N_{d,c}, at
// least one resident), so that the cohort's trust falls with the share of
// its members questioned, whatever the district's size.
func (m *Model) statusInquiryHarm(d *district, c Cohort) {
	m.harm(d, harmStatusInquiry, 1000/math.Max(d.pop*d.cshares[c], 1), c)
}
