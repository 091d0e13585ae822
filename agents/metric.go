package agents

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file is the catalogue's API: the metrics as consumers see them
// ([Metric], [Metrics], [LookupMetric], [Family]), their kinds, directions
// and breakdowns, and the one rule that formats each kind. The entries
// themselves are in catalogue.go.

// MetricKind is the kind of quantity a metric is: it sets its unit and how
// it is formatted.
type MetricKind int

// The metric kinds.
const (
	KindCount      MetricKind = iota // a number of things
	KindShare                        // a share on [0, 1], read as a percentage
	KindMoney                        // U.S. dollars
	KindMinutes                      // a duration in minutes
	KindHours                        // officer-hours
	KindDays                         // bed-days, personnel-days
	KindLevel                        // trust, fear, involvement: a level on [0, 1]
	KindPer100Ops                    // a count per 100 operations
	NumMetricKinds = 8
)

var metricKinds = newVocab[MetricKind]("metric kind",
	term{name: "count"},
	term{name: "share", label: "%", plural: "percentage points"},
	term{name: "money", label: "US dollars", plural: "US dollars"},
	term{name: "minutes", label: "minutes"},
	term{name: "hours", label: "hours"},
	term{name: "days", label: "days"},
	term{name: "level", label: "0 = none, 1 = full"},
	term{name: "per_100_ops", label: "per 100 operations"},
)

// String returns the kind's name ("share").
func (k MetricKind) String() string { return metricKinds.name(k) }

// EnumNames lists the kinds' names in order.
func (MetricKind) EnumNames() []string { return metricKinds.names }

// MarshalText writes the kind's name.
func (k MetricKind) MarshalText() ([]byte, error) { return metricKinds.marshal(k) }

// Unit is the unit a value of the kind is read in, for axes and tables:
// "%" for shares, "US dollars", "minutes", "" for counts.
func (k MetricKind) Unit() string {
	if k == KindCount {
		return ""
	}
	return metricKinds.label(k)
}

// DeltaUnit is the unit a difference of two values is read in:
// "percentage points" for shares, otherwise the unit.
func (k MetricKind) DeltaUnit() string {
	if k == KindCount {
		return ""
	}
	return metricKinds.plural(k)
}

// Scale is the factor a value is multiplied by to be read in its unit: 100
// for shares, 1 otherwise.
func (k MetricKind) Scale() float64 {
	if k == KindShare {
		return 100
	}
	return 1
}

// Direction says whether more of a metric is better, worse or neither, for
// the wording of reports.
type Direction int

// The directions.
const (
	Neither       Direction = iota // more is neither better nor worse (a count of activity)
	HigherBetter                   // more is better (reporting, clearance, trust)
	HigherWorse                    // more is worse (response time, injuries, costs)
	NumDirections = 3
)

var directions = newVocab[Direction]("direction",
	term{name: "neither", label: "neither"},
	term{name: "higher_is_better", label: "higher is better"},
	term{name: "higher_is_worse", label: "higher is worse"},
)

// String returns the direction's name ("higher_is_better").
func (d Direction) String() string { return directions.name(d) }

// Label returns the direction for people ("higher is better").
func (d Direction) Label() string { return directions.label(d) }

// EnumNames lists the directions' names in order.
func (Direction) EnumNames() []string { return directions.names }

// MarshalText writes the direction's name.
func (d Direction) MarshalText() ([]byte, error) { return directions.marshal(d) }

// Breakdown is what a metric family is broken down by: one metric per
// member of an enumeration.
type Breakdown int

// The breakdowns.
const (
	Total         Breakdown = iota // not broken down: one metric
	ByGroup                        // by community group ([Group])
	ByCrimeType                    // by crime type ([CrimeType])
	ByVenue                        // by venue of immigration arrests ([Venue])
	ByOpKind                       // by operation kind ([OpKind])
	ByAgency                       // by agency ([Agency])
	ByFocus                        // by criminal task-force focus ([Focus] before FocusImmigration)
	ByLevel                        // by offence level of the booking ([OffenceLevel])
	ByEthnicity                    // by ethnicity ([Ethnicity])
	ByCohort                       // by cohort, group × ethnicity ([Cohort])
	NumBreakdowns = 10
)

var breakdownVocab = newVocab[Breakdown]("breakdown",
	term{name: "total"},
	term{name: "group", label: "community group"},
	term{name: "crime_type", label: "crime type"},
	term{name: "venue", label: "venue"},
	term{name: "operation_kind", label: "operation kind"},
	term{name: "agency", label: "agency"},
	term{name: "focus", label: "task-force focus"},
	term{name: "offence_level", label: "offence level"},
	term{name: "ethnicity", label: "ethnicity"},
	term{name: "cohort", label: "cohort (group × ethnicity)"},
)

// members are the members of each breakdown.
var members = [NumBreakdowns][]term{
	Total:       {{name: "all", label: "all", plural: "all", short: "all"}},
	ByGroup:     groupVocab.terms,
	ByCrimeType: crimeVocab.terms,
	ByVenue:     venueVocab.terms,
	ByOpKind:    opKindVocab.terms,
	ByAgency:    agencyVocab.terms,
	ByFocus:     focusVocab.terms[:NumCriminalFoci],
	ByLevel:     levelVocab.terms,
	ByEthnicity: ethnicityVocab.terms,
	ByCohort:    cohortVocab.terms,
}

// maxMembers is the most members a breakdown has.
const maxMembers = max(NumGroups, NumCrimeTypes, NumVenues, NumOpKinds, NumAgencies, NumCriminalFoci, NumLevels, NumEthnicities, NumCohorts)

// String returns the breakdown's name ("crime_type").
func (b Breakdown) String() string { return breakdownVocab.name(b) }

// Label returns the breakdown for people ("crime type").
func (b Breakdown) Label() string { return breakdownVocab.label(b) }

// EnumNames lists the breakdowns' names in order.
func (Breakdown) EnumNames() []string { return breakdownVocab.names }

// MarshalText writes the breakdown's name.
func (b Breakdown) MarshalText() ([]byte, error) { return breakdownVocab.marshal(b) }

// Len returns the number of members (1 for Total).
func (b Breakdown) Len() int { return len(members[b]) }

// Member returns the name of member i ("undocumented"; "all" for Total).
// It panics if i is out of range.
func (b Breakdown) Member(i int) string { return members[b][i].name }

// MemberLabel returns the label of member i for people.
func (b Breakdown) MemberLabel(i int) string { return members[b][i].label }

// MetricID identifies a metric: its index in [AllMetrics]. The metrics of
// the run record come first, in output order.
type MetricID int

// Metric describes one output value of the model. Its JSON names the
// kind, direction and breakdown, and the member by its name.
type Metric struct {
	ID        MetricID   `json:"-"`
	Key       string     `json:"key"`   // the flattened key: "crimes.by_group.undocumented.rate"
	Label     string     `json:"label"` // for people: "Reporting rate, undocumented victims"
	Doc       string     `json:"doc"`
	Kind      MetricKind `json:"kind"`
	Unit      string     `json:"unit,omitempty"` // Kind.Unit()
	Direction Direction  `json:"direction"`
	Family    string     `json:"family"`           // the key of its family: "crimes.by_group.{name}.rate"
	Breakdown Breakdown  `json:"breakdown"`        // what the family is broken down by
	Member    int        `json:"-"`                // which member of the breakdown (0 for Total)
	Name      string     `json:"member,omitempty"` // the member's name, "" for Total
	Counted   bool       `json:"counted"`          // a count the model keeps; otherwise a formula of other metrics or of the model's state
	Series    string     `json:"series,omitempty"` // the time series it has, or ""
	InRecord  bool       `json:"in_record"`        // in the run summary and the flattened run record (runs.csv)
	// Whole: a count of whole things, an integer in every run (stored as
	// one in runs.parquet): every KindCount metric but those that are
	// expected numbers, such as the population figures.
	Whole bool `json:"whole"`
	fam   family
}

// Format formats a value for people, by the metric's kind: shares as
// percentages with one decimal ("35.7%"), money in dollars with thousands
// separators ("$3,725,397"), levels with three decimals ("0.466"), other
// numbers with thousands separators from 1,000, as whole numbers when they
// are whole, with three significant digits otherwise; "–" when undefined.
func (m Metric) Format(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	sign := ""
	if v < 0 {
		sign, v = "−", -v
	}
	return sign + m.magnitude(v, false)
}

// FormatDelta formats a difference of two values with its sign, in the
// unit people read: shares in percentage points ("+2.92 pts"), levels with
// four decimals, money in dollars ("−$28,041").
func (m Metric) FormatDelta(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	sign := "+"
	if v < 0 {
		sign, v = "−", -v
	}
	return sign + m.magnitude(v, true)
}

// FormatCI formats a difference and the half-width of its 95% interval
// for a table, in the unit of [Metric.FormatDelta], with as many decimals
// as the half-width needs (two significant digits of it, at most six
// decimals), so that a narrow paired interval never reads ±0.0000:
// "−2.92 ±0.10" for a share in percentage points, "−0.00061 ±0.00002"
// for a level, "+$28,041 ±$1,212" for money. An undefined
// difference is "–"; an undefined half-width leaves the interval out.
func (m Metric) FormatCI(d, hw float64) string {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return "–"
	}
	if math.IsNaN(hw) || math.IsInf(hw, 0) {
		sign := "+"
		if d < 0 {
			sign, d = "−", -d
		}
		return sign + strconv.FormatFloat(d*m.Kind.Scale(), 'g', 3, 64)
	}
	dec := m.ciDecimals(hw)
	return m.signed(d, dec, "") + " ±" + strings.TrimPrefix(m.signed(hw, dec, ""), "+")
}

// FormatDeltaAt formats a difference with its sign and unit ("−0.47 pts",
// "+$879", "−0.00061") with the decimals [Metric.FormatCI] gives it when
// the half-width of its interval is hw: the bounds of an interval read
// at the precision the interval needs. An undefined value is "–".
func (m Metric) FormatDeltaAt(v, hw float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	unit := ""
	if m.Kind == KindShare {
		unit = " pts"
	}
	return m.signed(v, m.ciDecimals(hw), unit)
}

// ciDecimals is the number of decimals of a difference whose interval has
// half-width hw (unscaled): two significant digits of the half-width, at
// most six; two (four for levels) when it is zero or undefined.
func (m Metric) ciDecimals(hw float64) int {
	hw *= m.Kind.Scale()
	dec := 2
	if m.Kind == KindLevel {
		dec = 4
	}
	if hw > 0 && !math.IsNaN(hw) && !math.IsInf(hw, 0) {
		dec = min(6, max(0, 1-int(math.Floor(math.Log10(hw)))))
	}
	return dec
}

// signed formats a value in the metric's scale with its sign and dec
// decimals: money in whole dollars, large whole numbers with thousands
// separators.
func (m Metric) signed(v float64, dec int, unit string) string {
	v *= m.Kind.Scale()
	sign := "+"
	if v < 0 {
		sign, v = "−", -v
	}
	switch {
	case m.Kind == KindMoney:
		return sign + "$" + thousands(v) + unit
	case dec == 0 && v >= 1000:
		return sign + thousands(v) + unit
	}
	return sign + strconv.FormatFloat(v, 'f', dec, 64) + unit
}

func (m Metric) magnitude(v float64, delta bool) string {
	switch m.Kind {
	case KindShare:
		if delta {
			return fixed(100*v, 2) + " pts"
		}
		return fixed(100*v, 1) + "%"
	case KindLevel:
		if delta {
			return fixed(v, 4)
		}
		return fixed(v, 3)
	case KindMoney:
		return "$" + thousands(v)
	}
	switch {
	case v >= 1000:
		return thousands(v)
	case v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// fixed formats a non-negative number with dec decimals, or with two
// significant digits when those decimals would show a number that is not
// zero as zero ("0.0012", not "0.00").
func fixed(v float64, dec int) string {
	if v > 0 && v < 0.5*math.Pow10(-dec) {
		dec = 1 - int(math.Floor(math.Log10(v)))
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// thousands formats a non-negative number rounded to a whole number, with
// thousands separators.
func thousands(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Metrics returns the metrics of the run record in output order: the keys
// of [Summary.Flatten] after the run fields, and the columns of a sweep's
// runs.csv. The slice is the caller's.
func Metrics() []Metric { return append([]Metric(nil), cat.metrics[:cat.nRecord]...) }

// AllMetrics returns every metric of the catalogue: those of the run
// record, then those that are not in it (counts other metrics are made of,
// and figures of the time series and the visual mode). The slice is the
// caller's.
func AllMetrics() []Metric { return append([]Metric(nil), cat.metrics...) }

// LookupMetric returns the metric with the given key.
func LookupMetric(key string) (Metric, bool) {
	id, ok := cat.byKey[key]
	if !ok {
		return Metric{}, false
	}
	return cat.metrics[id], true
}

// MustMetric returns the metric with the given key. It panics if there is
// none: for keys written in code.
func MustMetric(key string) Metric {
	m, ok := LookupMetric(key)
	if !ok {
		panic(fmt.Sprintf("agents: no metric %q", key))
	}
	return m
}

// MetricOf returns the metric with id. It panics if id is out of range.
func MetricOf(id MetricID) Metric { return cat.metrics[id] }

// Family is a metric family: one metric, or one per member of a
// breakdown. Label and Doc name the member as ‹the breakdown›.
type Family struct {
	Key       string // "crimes.by_group.{name}.rate"; a family that is not broken down has its metric's key
	Label     string // "Reporting rate, ‹community group› victims"
	Doc       string
	Kind      MetricKind
	Direction Direction
	Breakdown Breakdown
	Counted   bool
	Series    string
	InRecord  bool
	IDs       []MetricID // by member
}

// Families returns the metric families, those of the run record first, in
// the order their first metrics appear. The slice is the caller's.
func Families() []Family {
	out := make([]Family, len(cat.families))
	for i, f := range cat.families {
		f.IDs = append([]MetricID(nil), f.IDs...)
		out[i] = f
	}
	return out
}

// Of returns the metric of member i. It panics if i is out of range.
func (f Family) Of(i int) MetricID { return f.IDs[i] }

// LookupFamily returns the family with the given key.
func LookupFamily(key string) (Family, bool) {
	for _, f := range cat.families {
		if f.Key == key {
			f.IDs = append([]MetricID(nil), f.IDs...)
			return f, true
		}
	}
	return Family{}, false
}

// MustFamily returns the family with the given key. It panics if there is
// none: for keys written in code.
func MustFamily(key string) Family {
	f, ok := LookupFamily(key)
	if !ok {
		panic(fmt.Sprintf("agents: no metric family %q", key))
	}
	return f
}

// TimeSeries is one time series: the value of a metric family over each
// interval, one point per member of its breakdown ("all" for a family
// without one).
type TimeSeries struct {
	Name   string // the series' name in outputs: "reporting_rate"
	Family string // the key of the family
}

// AllTimeSeries returns the time series in output order. The slice is the
// caller's.
func AllTimeSeries() []TimeSeries {
	out := make([]TimeSeries, len(seriesDefs))
	for i, s := range seriesDefs {
		out[i] = TimeSeries{Name: s.name, Family: defs[s.f].key}
	}
	return out
}

// def is a metric family's entry in the catalogue (see catalogue.go).
type def struct {
	key   string
	by    Breakdown
	label string
	doc   string
	kind  MetricKind
	dir   Direction
	calc  calc // nil: a counter
	off   bool // not in the run record
	// expected: a count that is an expected number (of residents), not
	// whole things, so not an integer (see Metric.Whole).
	expected bool
}

// calc computes member i of a family over a view.
type calc func(v *view, i int) float64

// cat is the catalogue, built once from defs.
var cat catalogue

type catalogue struct {
	def      *[numFamilies]def
	metrics  []Metric // the record's in output order, then the others
	nRecord  int
	byKey    map[string]MetricID
	id       [numFamilies][maxMembers]MetricID
	families []Family
	layout   *node // the record's JSON shape
}

// node is a part of the summary's JSON: an object of named children, a
// list of entries (one per member of a breakdown), or a value.
type node struct {
	key      string  // its key in the parent object
	children []*node // of an object, in order; of a list, its entries
	list     bool
	nameKey  string // of a list entry: the key holding the member's name ("name", "group")
	name     string // of a list entry: the member's name
	leaf     bool
	id       MetricID
}

func (n *node) child(key string) *node {
	for _, c := range n.children {
		if c.key == key {
			return c
		}
	}
	c := &node{key: key}
	n.children = append(n.children, c)
	return c
}

func init() { cat = buildCatalogue(&defs) }

// buildCatalogue checks the entries and lays out the run record: the
// families' keys, in the order the constants list them, make the JSON
// shape, and a walk of it gives the output order. It panics on a missing
// or malformed entry.
func buildCatalogue(d *[numFamilies]def) catalogue {
	c := catalogue{def: d, byKey: map[string]MetricID{}, layout: &node{}}
	type leaf struct {
		f family
		i int
	}
	var leaves []leaf
	place := map[*node]leaf{}
	for f := range family(numFamilies) {
		e := &d[f]
		if e.key == "" || e.label == "" || e.doc == "" {
			panic(fmt.Sprintf("agents: metric family %d has no key, label or doc", f))
		}
		if e.off {
			continue
		}
		segs := strings.Split(e.key, ".")
		for i := range e.by.Len() {
			n := c.layout
			for j := 0; j < len(segs); j++ {
				s := segs[j]
				if j+1 < len(segs) && isPlaceholder(segs[j+1]) {
					n = n.child(s)
					if !n.list {
						if len(n.children) > 0 {
							panic("agents: metric key " + e.key + ": " + s + " is both a list and an object")
						}
						n.list = true
						for k := range e.by.Len() {
							n.children = append(n.children, &node{nameKey: strings.Trim(segs[j+1], "{}"), name: e.by.Member(k)})
						}
					} else if len(n.children) != e.by.Len() {
						panic("agents: metric key " + e.key + ": the list " + s + " has another breakdown")
					}
					n = n.children[i]
					j++
					continue
				}
				if isPlaceholder(s) {
					panic("agents: metric key " + e.key + ": a member placeholder must follow a list key")
				}
				n = n.child(s)
			}
			if n.leaf || len(n.children) > 0 {
				panic("agents: metric key " + e.key + " is used twice or is also an object")
			}
			n.leaf = true
			place[n] = leaf{f, i}
		}
	}
	var walk func(n *node)
	walk = func(n *node) {
		if n.leaf {
			n.id = MetricID(len(leaves))
			leaves = append(leaves, place[n])
			return
		}
		for _, ch := range n.children {
			walk(ch)
		}
	}
	walk(c.layout)
	c.nRecord = len(leaves)
	for f := range family(numFamilies) {
		if d[f].off {
			for i := range d[f].by.Len() {
				leaves = append(leaves, leaf{f, i})
			}
		}
	}
	series := map[family]string{}
	for _, s := range seriesDefs {
		series[s.f] = s.name
	}
	for id, l := range leaves {
		e := &d[l.f]
		by := e.by
		sub := func(s string) string {
			t := members[by][l.i]
			return strings.NewReplacer("{label}", t.label, "{plural}", t.plural).Replace(s)
		}
		key := e.key
		if by != Total {
			key = strings.NewReplacer("{name}", by.Member(l.i), "{group}", by.Member(l.i)).Replace(key)
		}
		if _, dup := c.byKey[key]; dup {
			panic("agents: metric key " + key + " is used twice")
		}
		m := Metric{
			ID: MetricID(id), Key: key, Label: sub(e.label), Doc: sub(e.doc), Kind: e.kind, Unit: e.kind.Unit(), Direction: e.dir,
			Family: e.key, Breakdown: by, Member: l.i, Counted: e.calc == nil, Series: series[l.f], InRecord: !e.off, fam: l.f,
			Whole: e.kind == KindCount && !e.expected,
		}
		if by != Total {
			m.Name = by.Member(l.i)
		}
		c.metrics = append(c.metrics, m)
		c.byKey[key] = m.ID
		c.id[l.f][l.i] = m.ID
	}
	for _, l := range leaves {
		e := &d[l.f]
		if l.i != 0 {
			continue
		}
		ph := strings.NewReplacer("{label}", "‹"+e.by.Label()+"›", "{plural}", "‹"+e.by.Label()+"›")
		fam := Family{Key: e.key, Label: ph.Replace(e.label), Doc: ph.Replace(e.doc), Kind: e.kind, Direction: e.dir,
			Breakdown: e.by, Counted: e.calc == nil, Series: series[l.f], InRecord: !e.off}
		for i := range e.by.Len() {
			fam.IDs = append(fam.IDs, c.id[l.f][i])
		}
		c.families = append(c.families, fam)
	}
	return c
}

func isPlaceholder(s string) bool { return strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") }
