package agents

import (
	"math"

	"github.com/agencysim/agencysim/sim"
)

// metrics are the running counts of a model.
type metrics struct {
	occurred    [NumGroups][NumCrimeTypes]int64
	reported    [NumGroups][NumCrimeTypes]int64
	witnesses   [NumGroups]int64
	witnessCoop [NumGroups]int64
	victimCoop  [NumGroups]int64
	cleared     [NumCrimeTypes]int64
	response    sim.Sample
	responseW   sim.Welford

	otherCalls, stops, stopsSkipped int64
	abandoned                       [2]int64 // by case kind: crimes, other calls
	warrantHits, wrongfulHits       int64
	wrongfulStopHolds               int64
	statusInquiries                 int64
	bookings                        [2]int64 // minor, serious
	detainers, detainersMinor       int64
	detainersBySource               [2]int64
	honored, declined, expiredHolds int64
	wrongfulDetainers, wrongfulHeld int64
	caughtByOversight               int64
	transfers, followUps            int64
	iceArrests                      [numVenues]int64
	opsByKind                       [numOpKinds]int64
	opsByAgency                     [numAgencies]int64
	useOfForce, officerInjuries     int64
	civilianInjuries                int64
	blueOnBlue, blueOnBlueInjuries  int64
	overlaps, overlapsDetected      int64
	opsFlagged                      int64    // operations that overlapped another agency's
	tfCriminal                      [3]int64 // task-force criminal arrests by focus (criminalFoci)
	visibility                      float64
	bedDays, immigrationHours       float64
	patrolHours                     float64
	litigation                      float64
	militaryDays                    float64

	trustStart [NumGroups]float64
	trustMean  [NumGroups]sim.Welford

	iv interval // counts since the last time-series sample
}

// interval holds the counts of one time-series interval.
type interval struct {
	occurred, reported [NumGroups]int64
	cleared            int64
	response           sim.Welford
	ops, incidents     int64
	iceArrests         int64
	detainers, honored int64
}

// Point is one value of the time series, in long format: the value of a
// metric for a group (or "all") at the end of the interval ending on Day.
type Point struct {
	Day    float64
	Metric string
	Group  string
	Value  float64
}

// Series returns the time series recorded so far.
func (m *Model) Series() []Point { return m.series }

// groupMeans returns the population-weighted mean over districts of f for
// each group.
func (m *Model) groupMeans(f func(d *district, g Group) float64) byGroup {
	var num, den byGroup
	for _, d := range m.d {
		for g := range Group(NumGroups) {
			w := d.pop * d.shares[g]
			num[g] += w * f(d, g)
			den[g] += w
		}
	}
	for g := range NumGroups {
		if den[g] > 0 {
			num[g] /= den[g]
		} else {
			num[g] = math.NaN()
		}
	}
	return num
}

func (m *Model) trustByGroup() byGroup {
	return m.groupMeans(func(d *district, g Group) float64 { return d.trust[g] })
}

func (m *Model) fearByGroup() byGroup {
	return m.groupMeans(func(d *district, g Group) float64 { return m.fear(d, g) })
}

// TrustByGroup returns the current population-weighted trust of each group.
func (m *Model) TrustByGroup() [NumGroups]float64 { return m.trustByGroup() }

func (m *Model) sampleStart() {
	m.met.trustStart = m.trustByGroup()
}

// sample appends one interval of the time series.
func (m *Model) sample(int64) {
	day := m.e.Now() / 24
	add := func(metric, group string, v float64) {
		m.series = append(m.series, Point{Day: day, Metric: metric, Group: group, Value: v})
	}
	iv := &m.met.iv
	trust := m.trustByGroup()
	fear := m.fearByGroup()
	var occ, rep int64
	for g := range Group(NumGroups) {
		add("trust", g.String(), trust[g])
		m.met.trustMean[g].Add(trust[g])
	}
	for g := range Group(NumGroups) {
		add("fear", g.String(), fear[g])
	}
	for g := range Group(NumGroups) {
		add("reporting_rate", g.String(), ratio(iv.reported[g], iv.occurred[g]))
		occ += iv.occurred[g]
		rep += iv.reported[g]
	}
	add("reporting_rate", "all", ratio(rep, occ))
	add("crimes", "all", float64(occ))
	add("reported", "all", float64(rep))
	add("cleared", "all", float64(iv.cleared))
	add("response_minutes", "all", iv.response.Mean())
	add("operations", "all", float64(iv.ops))
	add("safety_incidents", "all", float64(iv.incidents))
	add("immigration_arrests", "all", float64(iv.iceArrests))
	add("detainers", "all", float64(iv.detainers))
	add("detainers_honored", "all", float64(iv.honored))
	add("involvement", "all", m.pol.involvement)
	*iv = interval{}
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func per100(a, b int64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return 100 * float64(a) / float64(b)
}
