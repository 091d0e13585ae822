package agents

// This file is the model's read-only window for live views (the visual
// mode): events as they happen, through an [Observer], and the current
// state of districts and running counts. Nothing here changes the model or
// draws a random number, so a run with an observer produces exactly the
// results of a run without one.

// CrimeEvent is one victimization.
type CrimeEvent struct {
	Hour     float64 // simulated hours since the start
	District int     // index into the scenario's districts
	Type     CrimeType
	Victim   Group
	Cohort   Cohort // the victim's cohort (its group is Victim)
	Reported bool   // whether the victim reported it to the police
}

// DispatchEvent is a patrol unit assigned to a call: it travels for Travel
// hours, stays OnScene hours and is then free again.
type DispatchEvent struct {
	Hour            float64
	District        int
	Crime           bool // a reported crime, rather than another call for service
	Travel, OnScene float64
}

// OperationEvent is the start of a planned operation (see docs/model.md,
// Operations as entities).
type OperationEvent struct {
	Hour       float64 // its start
	End        float64 // Hour + Hours
	District   int
	Kind       OpKind
	Lead       Agency           // the agency that leads it
	Agencies   AgencySet        // the agencies taking part (after a merge, the joint operation's)
	Units      [NumAgencies]int // units each agency committed: ICE teams, Border Patrol units, 287(g) officers or patrol units (police), task-force officers (under the lead), military personnel (military.personnel_per_op or whole units)
	Custody    Agency           // the agency that takes custody of its arrests
	Merged     bool             // merged by deconfliction into another agency's operation
	Hours      float64          // its duration
	Visibility float64          // its visibility to the community (0 for police operations)
}

// IncidentKind tells what kind of safety incident happened.
type IncidentKind int

// Safety incident kinds.
const (
	UseOfForce        IncidentKind = iota
	BlueOnBlue                     // a conflict between agencies whose operations overlapped
	WrongfulDetention              // a citizen or lawful resident held on a wrongful detainer or warrant hit
)

// IncidentEvent is a safety incident during an operation.
type IncidentEvent struct {
	Hour     float64
	District int
	Kind     IncidentKind
	Injury   bool
	// Shock is the trust the incident's harm events cost the most
	// sensitive group in the district (trust.harm), and Media whether one
	// of them was salient enough to be carried city-wide.
	Shock float64
	Media bool
}

// Observer receives the model's events as they happen. Its methods are
// called synchronously from the model's event loop, with values (no
// allocation); they must not call back into the model and should be quick.
// An observer sees events; it cannot change their outcome.
type Observer interface {
	Crime(CrimeEvent)
	Dispatch(DispatchEvent)
	Operation(OperationEvent)
	Incident(IncidentEvent)
}

// ChangeEvent is a policy change applied from the scenario's timeline or
// made by the model itself (ByModel: a court order or settlement that ended
// the practice of honoring detainers without a judicial warrant,
// jail.suit_ends_practice). Changes made live through [Model.Apply] are not
// reported: their caller knows of them.
type ChangeEvent struct {
	Hour    float64
	Source  string         // as in AppliedChange: "timeline[i]" or "litigation[i]"
	ByModel bool           // made by the model, not by the scenario
	Set     map[string]any // the keys set, nested; shared with Model.Changes, must not be modified
}

// ChangeObserver is an [Observer] that is also told of policy changes as
// they are applied. An Observer need not implement it; the model checks
// for it, so that observers written before it keep working.
type ChangeObserver interface {
	Observer
	Change(ChangeEvent)
}

// DistrictState is the current state of one district.
type DistrictState struct {
	Name       string
	Population float64
	X, Y       float64 // centre, miles east and north
	Border     bool    // in the border zone
	Neighbours []int32
	Trust      [NumGroups]float64 // trust in police by group, 0–1 (mean over its cohorts)
	Fear       [NumGroups]float64 // fear of immigration enforcement by group, 0–1 (mean over its cohorts and households)
	Share      [NumGroups]float64 // population shares
	// The same by cohort (group × ethnicity).
	CohortTrust [NumCohorts]float64
	CohortFear  [NumCohorts]float64
	CohortShare [NumCohorts]float64
	OnDuty      int // patrol units available to dispatch (after diversions)
	Busy        int // of which on a call
	Waiting     int // calls waiting for a unit
	Diverted    int // units taken off dispatch by operations
}

// NumDistricts returns the number of districts.
func (m *Model) NumDistricts() int { return len(m.d) }

// District returns the current state of district i. Neighbours is shared
// with the model and must not be modified. It panics if i is out of range.
func (m *Model) District(i int) DistrictState {
	d := m.d[i]
	s := DistrictState{
		Name:        d.name,
		Population:  d.pop,
		X:           d.x,
		Y:           d.y,
		Border:      d.border,
		Neighbours:  d.neighbours,
		Share:       d.shares,
		CohortShare: d.cshares,
		CohortTrust: d.trust,
		OnDuty:      d.pool.Capacity(),
		Busy:        d.pool.InUse(),
		Waiting:     d.pool.Waiting(),
		Diverted:    d.diverted,
	}
	for c := range Cohort(NumCohorts) {
		s.CohortFear[c] = m.cohortFear(d, c)
		if w := d.cshares[c]; w > 0 {
			g := c.Group()
			s.Trust[g] += w * d.trust[c]
			s.Fear[g] += w * s.CohortFear[c]
		}
	}
	for g := range NumGroups {
		if d.shares[g] > 0 {
			s.Trust[g] /= d.shares[g]
			s.Fear[g] /= d.shares[g]
		} else {
			s.Trust[g] = d.trust[CohortOf(Group(g), NonHispanic)]
		}
	}
	return s
}
