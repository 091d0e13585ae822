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

// GroupNames are the groups' names as used in scenario files and outputs.
var GroupNames = [NumGroups]string{"citizen", "lawful_noncitizen", "undocumented"}

func (g Group) String() string { return GroupNames[g] }

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

// CrimeNames are the crime types' names as used in scenario files and
// outputs.
var CrimeNames = [NumCrimeTypes]string{
	"domestic_violence", "assault", "robbery", "human_trafficking",
	"burglary", "theft", "motor_vehicle_theft",
}

func (c CrimeType) String() string { return CrimeNames[c] }

// Violent reports whether c is a violent crime.
func (c CrimeType) Violent() bool { return c <= HumanTrafficking }

// byGroup and byType are the model's internal arrays.
type byGroup [NumGroups]float64
type byType [NumCrimeTypes]float64

func (g GroupShares) array() byGroup { return byGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented} }
func (g GroupTrust) array() byGroup  { return byGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented} }
func (g GroupValues) array() byGroup { return byGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented} }
func (g GroupMultiplier) array() byGroup {
	return byGroup{g.Citizen, g.LawfulNoncitizen, g.Undocumented}
}
func (r CrimeRates) array() byType {
	return byType{r.DomesticViolence, r.Assault, r.Robbery, r.HumanTrafficking, r.Burglary, r.Theft, r.MotorVehicleTheft}
}
func (p TypeProbs) array() byType {
	return byType{p.DomesticViolence, p.Assault, p.Robbery, p.HumanTrafficking, p.Burglary, p.Theft, p.MotorVehicleTheft}
}
func (h TypeHours) array() byType {
	return byType{h.DomesticViolence, h.Assault, h.Robbery, h.HumanTrafficking, h.Burglary, h.Theft, h.MotorVehicleTheft}
}
func (n TypeCounts) array() byType {
	return byType{n.DomesticViolence, n.Assault, n.Robbery, n.HumanTrafficking, n.Burglary, n.Theft, n.MotorVehicleTheft}
}
func (s ShiftUnits) array() [3]int { return [3]int{s.Night, s.Day, s.Evening} }
func (p PostureValues) get(name string) float64 {
	switch name {
	case "tactical":
		return p.Tactical
	case "military_style":
		return p.MilitaryStyle
	}
	return p.Standard
}
func (t TrainingValues) get(name string) float64 {
	switch name {
	case "basic":
		return t.Basic
	case "joint_exercises":
		return t.JointExercises
	}
	return t.None
}
func (o OversightValues) get(name string) float64 {
	switch name {
	case "internal_audit":
		return o.InternalAudit
	case "civilian_review":
		return o.CivilianReview
	case "interagency_panel":
		return o.InteragencyPanel
	}
	return o.None
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

func clamp01(x float64) float64 { return math.Min(1, math.Max(0, x)) }

// expDraw turns a uniform into an exponential variate with the given mean.
func expDraw(u, mean float64) float64 { return -mean * math.Log1p(-u) }
