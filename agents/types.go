package agents

import "math"

// Group is a community group. Every district's residents are split into
// the same groups.
type Group int

// The community groups.
const (
	Citizen Group = iota
	LawfulNoncitizen
	Undocumented
	NumGroups = 3
)

var groupVocab = newVocab[Group]("community group",
	term{name: "citizen", plural: "citizens", short: "citizens"},
	term{name: "lawful_noncitizen", label: "lawful noncitizen", plural: "lawful noncitizens", short: "lawful nonc."},
	term{name: "undocumented", plural: "undocumented residents"},
)

// String returns the group's name in scenario files and outputs.
func (g Group) String() string { return groupVocab.name(g) }

// Label returns the group's name for people ("lawful noncitizen").
func (g Group) Label() string { return groupVocab.label(g) }

// Plural names the group's members for people ("lawful noncitizens").
func (g Group) Plural() string { return groupVocab.plural(g) }

// Short is the label where room is short ("lawful nonc.").
func (g Group) Short() string { return groupVocab.short(g) }

// EnumNames lists the groups' names in order (see schema.Enum).
func (Group) EnumNames() []string { return groupVocab.names }

// ParseGroup returns the group with the given name.
func ParseGroup(name string) (Group, bool) { return groupVocab.parse(name) }

// Ethnicity is whether a resident is Hispanic or Latino. Every group is
// split by it in each district (city.districts[].hispanic), which makes the
// model's cohorts.
type Ethnicity int

// The ethnicities.
const (
	Hispanic Ethnicity = iota
	NonHispanic
	NumEthnicities = 2
)

var ethnicityVocab = newVocab[Ethnicity]("ethnicity",
	term{name: "hispanic", label: "Hispanic", plural: "Hispanic residents"},
	term{name: "other", label: "non-Hispanic", plural: "non-Hispanic residents"},
)

// String returns the ethnicity's name in outputs ("hispanic").
func (e Ethnicity) String() string { return ethnicityVocab.name(e) }

// Label returns the ethnicity for people ("non-Hispanic").
func (e Ethnicity) Label() string { return ethnicityVocab.label(e) }

// EnumNames lists the ethnicities' names in order.
func (Ethnicity) EnumNames() []string { return ethnicityVocab.names }

// ParseEthnicity returns the ethnicity with the given name.
func ParseEthnicity(name string) (Ethnicity, bool) { return ethnicityVocab.parse(name) }

// Cohort is a community group × ethnicity: the unit that trust, fear and
// reporting are tracked by. Cohorts are numbered group-major, so the
// cohorts of a group are contiguous and a draw over cohort shares picks
// the same group as a draw over group shares with the same number.
type Cohort int

// NumCohorts is the number of cohorts.
const NumCohorts = NumGroups * NumEthnicities

// CohortOf returns the cohort of group g and ethnicity e.
func CohortOf(g Group, e Ethnicity) Cohort { return Cohort(int(g)*NumEthnicities + int(e)) }

// Group returns the cohort's community group.
func (c Cohort) Group() Group { return Group(int(c) / NumEthnicities) }

// Ethnicity returns the cohort's ethnicity.
func (c Cohort) Ethnicity() Ethnicity { return Ethnicity(int(c) % NumEthnicities) }

var cohortVocab = func() *vocab[Cohort] {
	var ts []term
	for c := range Cohort(NumCohorts) {
		g, e := groupVocab.term(c.Group()), ethnicityVocab.term(c.Ethnicity())
		ts = append(ts, term{
			name:   g.name + "_" + e.name,
			label:  e.label + " " + g.label,
			plural: e.label + " " + g.plural,
			short:  e.label[:1] + ". " + g.short,
		})
	}
	return newVocab[Cohort]("cohort", ts...)
}()

// String returns the cohort's name in outputs ("citizen_hispanic").
func (c Cohort) String() string { return cohortVocab.name(c) }

// Label returns the cohort for people ("Hispanic citizen").
func (c Cohort) Label() string { return cohortVocab.label(c) }

// Plural names the cohort's members for people ("Hispanic citizens").
func (c Cohort) Plural() string { return cohortVocab.plural(c) }

// Short is the label where room is short ("H. citizens").
func (c Cohort) Short() string { return cohortVocab.short(c) }

// EnumNames lists the cohorts' names in order.
func (Cohort) EnumNames() []string { return cohortVocab.names }

// ParseCohort returns the cohort with the given name.
func ParseCohort(name string) (Cohort, bool) { return cohortVocab.parse(name) }

// CrimeType is a type of victimization.
type CrimeType int

// The crime types. The first four are violent, the next three property
// crimes.
const (
	DomesticViolence CrimeType = iota
	Assault
	Robbery
	HumanTrafficking
	Burglary
	Theft
	MotorVehicleTheft
	NumCrimeTypes = 7
)

var crimeVocab = newVocab[CrimeType]("crime type",
	term{name: "domestic_violence", label: "domestic violence"},
	term{name: "assault"},
	term{name: "robbery"},
	term{name: "human_trafficking", label: "human trafficking"},
	term{name: "burglary"},
	term{name: "theft"},
	term{name: "motor_vehicle_theft", label: "motor-vehicle theft"},
)

// String returns the crime type's name in scenario files and outputs.
func (c CrimeType) String() string { return crimeVocab.name(c) }

// Label returns the crime type's name for people ("motor-vehicle theft").
func (c CrimeType) Label() string { return crimeVocab.label(c) }

// EnumNames lists the crime types' names in order (see schema.Enum).
func (CrimeType) EnumNames() []string { return crimeVocab.names }

// Violent reports whether c is a violent crime.
func (c CrimeType) Violent() bool { return c <= HumanTrafficking }

// Agency is one of the agencies the model simulates.
type Agency int

// The agencies.
const (
	AgencyPolice Agency = iota
	AgencyICE
	AgencyBorderPatrol
	AgencyMilitary
	NumAgencies = 4
)

var agencyVocab = newVocab[Agency]("agency",
	term{name: "police"},
	term{name: "ice", label: "ICE"},
	term{name: "border_patrol", label: "Border Patrol"},
	term{name: "military", label: "military support"},
)

// String returns the agency's name in scenario files and outputs.
func (a Agency) String() string { return agencyVocab.name(a) }

// Label returns the agency's name for people ("Border Patrol").
func (a Agency) Label() string { return agencyVocab.label(a) }

// EnumNames lists the agencies' names in order (see schema.Enum).
func (Agency) EnumNames() []string { return agencyVocab.names }

// MarshalText writes the agency's name.
func (a Agency) MarshalText() ([]byte, error) { return agencyVocab.marshal(a) }

// UnmarshalText reads an agency's name.
func (a *Agency) UnmarshalText(b []byte) error { return agencyVocab.unmarshal(a, b) }

// AgencySet is a set of agencies, one bit per [Agency].
type AgencySet uint8

// Has reports whether a is in s.
func (s AgencySet) Has(a Agency) bool { return s&(1<<a) != 0 }

// With returns s with a added.
func (s AgencySet) With(a Agency) AgencySet { return s | 1<<a }

// Several reports whether s holds more than one agency.
func (s AgencySet) Several() bool { return s&(s-1) != 0 }

// OpKind is a kind of planned operation, for the counts by kind.
type OpKind int

// The operation kinds.
const (
	OpPolice OpKind = iota
	OpICEAtLarge
	OpICECourthouse
	OpICEWorksite
	OpBorderPatrol
	OpTaskForce
	NumOpKinds = 6
)

var opKindVocab = newVocab[OpKind]("operation kind",
	term{name: "police", label: "police operation", plural: "police operations"},
	term{name: "ice_at_large", label: "ICE at-large operation", plural: "ICE at-large operations"},
	term{name: "ice_courthouse", label: "ICE courthouse operation", plural: "ICE courthouse operations"},
	term{name: "ice_worksite", label: "ICE worksite operation", plural: "ICE worksite operations"},
	term{name: "border_patrol", label: "Border Patrol operation", plural: "Border Patrol operations"},
	term{name: "task_force", label: "joint task-force operation", plural: "joint task-force operations"},
)

// String returns the operation kind's name in outputs.
func (k OpKind) String() string { return opKindVocab.name(k) }

// Label returns the operation kind's name for people.
func (k OpKind) Label() string { return opKindVocab.label(k) }

// EnumNames lists the operation kinds' names in order.
func (OpKind) EnumNames() []string { return opKindVocab.names }

// Venue is where an immigration arrest is made.
type Venue int

// The venues of immigration arrests.
const (
	VenueJail Venue = iota
	VenueAtLarge
	VenueCourthouse
	VenueWorksite
	VenueTrafficStop
	VenueBorder
	VenueTaskForce
	NumVenues = 7
)

var venueVocab = newVocab[Venue]("venue",
	term{name: "jail", label: "transfers from the jail"},
	term{name: "at_large", label: "at large"},
	term{name: "courthouse", label: "at courthouses"},
	term{name: "worksite", label: "at worksites"},
	term{name: "traffic_stop", label: "at traffic stops"},
	term{name: "border_patrol", label: "by Border Patrol"},
	term{name: "task_force", label: "by joint task forces"},
)

// String returns the venue's name in outputs.
func (v Venue) String() string { return venueVocab.name(v) }

// Label returns the venue's name for people ("at traffic stops").
func (v Venue) Label() string { return venueVocab.label(v) }

// EnumNames lists the venues' names in order.
func (Venue) EnumNames() []string { return venueVocab.names }

// OffenceLevel is what a person taken into custody was booked for: a
// cleared victimization (serious), a minor arrest (misdemeanor or traffic),
// or nothing criminal (an arrest by ICE at large, at a worksite or on a
// follow-up, without a criminal booking).
type OffenceLevel int

// The offence levels.
const (
	LevelSerious OffenceLevel = iota
	LevelMinor
	LevelNone
	NumLevels = 3
)

var levelVocab = newVocab[OffenceLevel]("offence level",
	term{name: "serious", label: "serious offence (a cleared victimization)"},
	term{name: "minor", label: "minor offence (misdemeanor or traffic arrest)"},
	term{name: "none", label: "no criminal booking"},
)

// String returns the level's name in outputs.
func (l OffenceLevel) String() string { return levelVocab.name(l) }

// Label returns the level for people ("no criminal booking").
func (l OffenceLevel) Label() string { return levelVocab.label(l) }

// EnumNames lists the levels' names in order.
func (OffenceLevel) EnumNames() []string { return levelVocab.names }

// Focus is what a joint task force works on. The criminal foci come first:
// their arrests are criminal ones, booked into the jail; a task force with
// the last focus, [FocusImmigration], makes immigration arrests.
type Focus int

// The task-force foci.
const (
	FocusTrafficking Focus = iota
	FocusNarcotics
	FocusFugitive
	FocusImmigration
	NumFoci         = 4
	NumCriminalFoci = 3 // the foci before FocusImmigration
)

var focusVocab = newVocab[Focus]("task-force focus",
	term{name: "trafficking"},
	term{name: "narcotics"},
	term{name: "fugitive", label: "fugitives"},
	term{name: "immigration"},
)

// String returns the focus's name in scenario files and outputs.
func (f Focus) String() string { return focusVocab.name(f) }

// Label returns the focus's name for people.
func (f Focus) Label() string { return focusVocab.label(f) }

// EnumNames lists the foci's names in order (see schema.Enum).
func (Focus) EnumNames() []string { return focusVocab.names }

// MarshalText writes the focus's name.
func (f Focus) MarshalText() ([]byte, error) { return focusVocab.marshal(f) }

// UnmarshalText reads a focus's name.
func (f *Focus) UnmarshalText(b []byte) error { return focusVocab.unmarshal(f, b) }

// Criminal reports whether arrests of a task force with focus f are
// criminal (booked) rather than immigration arrests.
func (f Focus) Criminal() bool { return f < FocusImmigration }

// perGroup and perType are the model's internal arrays.
type perGroup [NumGroups]float64
type perCohort [NumCohorts]float64
type perType [NumCrimeTypes]float64

func (g GroupShares) array() perGroup { return perGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented} }
func (g GroupTrust) array() perGroup  { return perGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented} }
func (g GroupValues) array() perGroup { return perGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented} }
func (h HispanicShares) array() perGroup {
	return perGroup{h.Citizen, h.LawfulNoncitizen, h.Undocumented}
}
func (m MixedStatus) array() perCohort {
	// In cohort order (group-major); undocumented residents are the
	// household members at risk, not their relatives.
	return perCohort{m.CitizenHispanic, m.CitizenOther, m.LawfulHispanic, m.LawfulOther, 0, 0}
}
func (g GroupMultiplier) array() perGroup {
	return perGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented}
}
func (r CrimeRates) array() perType {
	return perType{r.DomesticViolence, r.Assault, r.Robbery, r.HumanTrafficking, r.Burglary, r.Theft, r.MotorVehicleTheft}
}
func (p TypeProbs) array() perType {
	return perType{p.DomesticViolence, p.Assault, p.Robbery, p.HumanTrafficking, p.Burglary, p.Theft, p.MotorVehicleTheft}
}
func (h TypeHours) array() perType {
	return perType{h.DomesticViolence, h.Assault, h.Robbery, h.HumanTrafficking, h.Burglary, h.Theft, h.MotorVehicleTheft}
}
func (n TypeCounts) array() perType {
	return perType{n.DomesticViolence, n.Assault, n.Robbery, n.HumanTrafficking, n.Burglary, n.Theft, n.MotorVehicleTheft}
}
func (s ShiftUnits) array() [numShifts]int { return [numShifts]int{s.Night, s.Day, s.Evening} }
func (p PostureValues) array() [NumPostures]float64 {
	return [NumPostures]float64{p.Standard, p.Tactical, p.MilitaryStyle}
}
func (t TrainingValues) array() [NumCrossTrainings]float64 {
	return [NumCrossTrainings]float64{t.None, t.Basic, t.JointExercises}
}
func (o OversightValues) array() [NumOversights]float64 {
	return [NumOversights]float64{o.None, o.InternalAudit, o.CivilianReview, o.InteragencyPanel}
}
func (o OpValues) array() [numICEOps]float64 {
	return [numICEOps]float64{o.AtLarge, o.Courthouse, o.Worksite}
}
func (o OpShares) array() [numICEOps]float64 {
	return [numICEOps]float64{o.AtLarge, o.Courthouse, o.Worksite}
}

// categorical returns the index i such that u falls in the i-th share of
// weights (which need not sum to one). It returns the last index with a
// positive weight if rounding leaves u beyond the total.
func categorical(weights []float64, u float64) int {
	var total float64
	for _, w := range weights {
		total += w
	}
	x := u * total
	last := 0
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		last = i
		if x < w {
			return i
		}
		x -= w
	}
	return last
}

func logit(p float64) float64 {
	p = math.Min(math.Max(p, 1e-9), 1-1e-9)
	return math.Log(p / (1 - p))
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// clamp01 is x limited to [0, 1]. It uses the builtins min and max, whose
// results are math.Min's and math.Max's (NaN, ±0 and ±Inf included) but
// which the compiler inlines instead of calling an assembly routine; on
// the reporting path this runs several times an event.
func clamp01(x float64) float64 { return min(1, max(0, x)) }

// residentRate is the hourly rate of events that happen perThousandYear
// times a year per 1,000 of pop residents.
func residentRate(perThousandYear, pop float64) float64 { return perThousandYear * pop / 1000 / 8760 }

// expDraw turns a uniform into an exponential variate with the given mean.
func expDraw(u, mean float64) float64 { return -mean * math.Log1p(-u) }
