package agents

import "github.com/agencysim/agencysim/sim"

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
)

// book processes an arrest booked into the county jail: the stay, the
// immigration check, a detainer if ICE lodges one, and what the
// jurisdiction does with it.
func (m *Model) book(d *district, g Group, serious bool, dr sim.Draws) {
	met := &m.met
	jc := &m.cfg.Jail
	pol := &m.cfg.Policies
	met.bookings[b2i(serious)]++
	stayMean := jc.StayDaysMinor
	if serious {
		stayMean = jc.StayDaysSerious
	}
	stay := expDraw(dr.Float64(bStay), stayMean) // days
	met.bedDays += stay

	removable := g == Undocumented || (g == LawfulNoncitizen && dr.Float64(bRemovable) < jc.LawfulRemovable)
	jem := m.pol.g287 == "jail_enforcement"
	wso := m.pol.g287 == "warrant_service_officer"
	if jem && g != Citizen {
		met.immigrationHours += m.cfg.Agreements.G287.InterviewHours
	}
	fp := pol.InfoSharing.Fingerprints

	identified, wrongful := false, false
	source := srcFingerprints
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
		source = src287g
	}
	if !identified {
		return
	}
	if !serious && (m.cfg.ICE.DetainerPriority == "serious_only" || dr.Float64(bMinorLodge) >= m.cfg.ICE.MinorLodgeRate) {
		return
	}
	if wrongful && dr.Float64(bCaught) < m.pol.oversightCatch {
		met.caughtByOversight++
		return
	}
	met.detainers++
	met.iv.detainers++
	met.detainersBySource[source]++
	if !serious {
		met.detainersMinor++
	}
	if wrongful {
		met.wrongfulDetainers++
	}

	judicial := dr.Float64(bJudicial) < pol.JudicialWarrantShare
	var honor bool
	switch pol.Detainers {
	case "honor_all":
		honor = true
	case "judicial_warrant_only":
		// A warrant-service officer serves ICE's administrative warrant
		// in the jail, which is what that model exists for.
		honor = judicial || wso
	case "never":
		honor = false
	}
	if !honor {
		met.declined++
		if !wrongful && pol.InfoSharing.NotifyRelease && dr.Float64(bFollowUp) < m.cfg.ICE.FollowUpDeclined {
			m.scheduleFollowUp(d.idx, dr.Sub(1))
		}
		return
	}
	met.honored++
	met.iv.honored++
	if !judicial && !wso {
		met.litigation += jc.LitigationPerHold
	}
	if wrongful {
		met.wrongfulHeld++
		met.litigation += jc.LitigationPerWrongful
	}
	pickup := expDraw(dr.Float64(bPickup), m.cfg.ICE.PickupHours)
	if pickup > pol.HoldHours {
		met.expiredHolds++
		met.bedDays += pol.HoldHours / 24
		return
	}
	met.bedDays += pickup / 24
	if wrongful {
		// ICE releases a person it finds not removable.
		return
	}
	m.e.After(stay*24+pickup, prioNormal, m.onTransfer, int64(g))
}

// transfer records a transfer from the jail to ICE custody.
func (m *Model) transfer(int64) {
	m.met.transfers++
	m.met.iceArrests[venueJail]++
	m.met.iv.iceArrests++
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
