package agents

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Value is a float64 that encodes NaN (an undefined rate, such as the
// reporting rate of a group with no crimes) as JSON null.
type Value float64

// MarshalJSON implements json.Marshaler.
func (v Value) MarshalJSON() ([]byte, error) {
	return appendJSONFloat(nil, float64(v)), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (v *Value) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*v = Value(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*v = Value(f)
	return nil
}

// Summary is the end-of-run outcome of one replication: the run's identity
// and the value of every metric of the run record ([Metrics]). Rates are
// shares (0 to 1); times are in minutes; money in U.S. dollars; undefined
// values (a rate with nothing to divide by) are NaN.
//
// Its JSON nests the metrics by their keys — "crimes.by_group.citizen.rate"
// is the rate of the entry named citizen in the list by_group of the
// object crimes — and writes undefined values as null. The zero Summary
// has no values: every metric reads NaN.
type Summary struct {
	Run RunInfo
	v   []float64 // by MetricID, the run record's metrics
}

// RunInfo identifies a run. The scenario fields and the version are filled
// in by the caller that loaded the scenario.
type RunInfo struct {
	Scenario     string  `json:"scenario"`
	ScenarioHash string  `json:"scenario_hash"`
	Version      string  `json:"version"`
	Seed         uint64  `json:"seed"`
	Replication  uint64  `json:"replication"`
	Days         float64 `json:"days"`
	Events       uint64  `json:"events"`
}

// Value returns the value of metric id, NaN if the summary has none. It
// panics if id is not a metric of the run record.
func (s *Summary) Value(id MetricID) float64 {
	if int(id) < 0 || int(id) >= cat.nRecord {
		panic(fmt.Sprintf("agents: metric %d is not in the run record", id))
	}
	if s.v == nil {
		return math.NaN()
	}
	return s.v[id]
}

// Get returns the value of the metric with the given key. It panics if the
// key is not a metric of the run record: for keys written in code.
func (s *Summary) Get(key string) float64 { return s.Value(MustMetric(key).ID) }

// at returns member i of family f.
func (s *Summary) at(f family, i int) float64 { return s.Value(cat.id[f][i]) }

// Summary returns the outcome so far.
func (m *Model) Summary() *Summary {
	s := &Summary{
		Run: RunInfo{Seed: m.opt.Seed, Replication: m.opt.Replication, Days: m.e.Now() / 24, Events: m.e.Events()},
		v:   make([]float64, cat.nRecord),
	}
	v := m.view(spanRun, &m.met.n, nil)
	for _, mt := range cat.metrics[:cat.nRecord] {
		s.v[mt.ID] = v.get(mt.fam, mt.Member)
	}
	return s
}

// RunKey is a key of the run fields that [Summary.Flatten] writes before
// the metrics.
type RunKey struct {
	Key  string // "run.seed"
	Text bool   // the field holds text (the scenario's name, hash, the version)
}

// RunKeys returns the keys of the run fields in the order Flatten writes
// them. The slice is the caller's.
func RunKeys() []RunKey {
	return []RunKey{
		{"run.scenario", true}, {"run.scenario_hash", true}, {"run.version", true},
		{"run.seed", false}, {"run.replication", false}, {"run.days", false}, {"run.events", false},
	}
}

// Flatten returns the summary as (key, value) pairs in a fixed order: the
// run fields ([RunKeys]), then the metrics of [Metrics]. Undefined values
// are NaN; text fields have Value NaN and their text in Text.
func (s *Summary) Flatten() []KV {
	r := s.Run
	nan := math.NaN()
	out := make([]KV, 0, 7+cat.nRecord)
	out = append(out,
		KV{Key: "run.scenario", Value: nan, Text: r.Scenario},
		KV{Key: "run.scenario_hash", Value: nan, Text: r.ScenarioHash},
		KV{Key: "run.version", Value: nan, Text: r.Version},
		KV{Key: "run.seed", Value: float64(r.Seed)},
		KV{Key: "run.replication", Value: float64(r.Replication)},
		KV{Key: "run.days", Value: r.Days},
		KV{Key: "run.events", Value: float64(r.Events)},
	)
	for _, mt := range cat.metrics[:cat.nRecord] {
		out = append(out, KV{Key: mt.Key, Value: s.Value(mt.ID)})
	}
	return out
}

// KV is one flattened summary value.
type KV struct {
	Key   string
	Value float64
	Text  string // for the non-numeric run fields
}

// MarshalJSON writes the summary as nested objects and lists (see
// [Summary]); numbers as encoding/json writes a float64, undefined values
// as null.
func (s Summary) MarshalJSON() ([]byte, error) {
	run, err := json.Marshal(s.Run)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 8192)
	b = append(b, `{"run":`...)
	b = append(b, run...)
	for _, c := range cat.layout.children {
		b = append(b, ',')
		b = s.appendNode(b, c)
	}
	return append(b, '}'), nil
}

// appendNode appends node n as a key and its value.
func (s *Summary) appendNode(b []byte, n *node) []byte {
	b = strconv.AppendQuote(b, n.key)
	b = append(b, ':')
	switch {
	case n.leaf:
		b = appendJSONFloat(b, s.Value(n.id))
	case n.list:
		b = append(b, '[')
		for i, e := range n.children {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = strconv.AppendQuote(b, e.nameKey)
			b = append(b, ':')
			b = strconv.AppendQuote(b, e.name)
			for _, c := range e.children {
				b = append(b, ',')
				b = s.appendNode(b, c)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	default:
		b = append(b, '{')
		for i, c := range n.children {
			if i > 0 {
				b = append(b, ',')
			}
			b = s.appendNode(b, c)
		}
		b = append(b, '}')
	}
	return b
}

// appendJSONFloat appends f as encoding/json writes a float64 (the
// shortest decimal that reads back exactly, with an exponent below 1e-6
// and from 1e21), or null if it is NaN or infinite.
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9, as encoding/json writes it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// UnmarshalJSON reads a summary written by MarshalJSON. A metric that is
// absent or null reads NaN, as does one in a list entry whose name is not
// the member's: a summary of another code version decodes, and encoding
// it again shows what differs. A value that is neither a number nor null
// is an error.
func (s *Summary) UnmarshalJSON(data []byte) error {
	var tree map[string]any
	if err := json.Unmarshal(data, &tree); err != nil {
		return err
	}
	var run RunInfo
	if r, ok := tree["run"]; ok {
		b, _ := json.Marshal(r)
		if err := json.Unmarshal(b, &run); err != nil {
			return fmt.Errorf("agents: summary run: %w", err)
		}
	}
	v := make([]float64, cat.nRecord)
	for i := range v {
		v[i] = math.NaN()
	}
	if err := read(tree, cat.layout, "", v); err != nil {
		return err
	}
	s.Run, s.v = run, v
	return nil
}

// read sets the values of node n's leaves from x, the decoded JSON at path.
func read(x any, n *node, path string, v []float64) error {
	switch {
	case x == nil:
		return nil
	case n.leaf:
		f, ok := x.(float64)
		if !ok {
			return fmt.Errorf("agents: summary %s: %s is not a number", path, strconv.Quote(fmt.Sprint(x)))
		}
		v[n.id] = f
	case n.list:
		list, _ := x.([]any)
		for i, e := range n.children {
			if i >= len(list) {
				break
			}
			obj, _ := list[i].(map[string]any)
			if obj[e.nameKey] != e.name {
				continue
			}
			for _, c := range e.children {
				if err := read(obj[c.key], c, path+"."+e.name+"."+c.key, v); err != nil {
					return err
				}
			}
		}
	default:
		obj, _ := x.(map[string]any)
		for _, c := range n.children {
			p := c.key
			if path != "" {
				p = path + "." + c.key
			}
			if err := read(obj[c.key], c, p, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteTable writes a readable summary, one aligned block per section.
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format+"\n", a...) }
	section := func() { tw.Flush(); fmt.Fprintln(w) }
	get := func(f family) float64 { return s.at(f, 0) }
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	num := func(v float64, prec int) string {
		if math.IsNaN(v) {
			return "–"
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	n := func(f family) int64 { return int64(get(f)) }
	r := s.Run
	fmt.Fprintf(w, "Scenario %s (hash %s), seed %d, replication %d, %.0f days, version %s\n\n", r.Scenario, short(r.ScenarioHash), r.Seed, r.Replication, r.Days, r.Version)

	p("CRIMES BY GROUP\toccurred\treported\treporting rate\twitness cooperation\tvictim cooperation")
	for g := range NumGroups {
		p("  %s\t%d\t%d\t%s\t%s\t%s", Group(g), int64(s.at(fOccurredByGroup, g)), int64(s.at(fReportedByGroup, g)), pct(s.at(fRateByGroup, g)), pct(s.at(fWitnessCoopByGroup, g)), pct(s.at(fVictimCoopByGroup, g)))
	}
	p("  all\t%d\t%d\t%s\t%s\t", n(fOccurred), n(fReported), pct(get(fReportingRate)), pct(get(fCooperationRate)))
	section()

	p("CRIMES BY TYPE\toccurred\treported\treporting rate\tcleared (of reported)")
	for ct := range NumCrimeTypes {
		p("  %s\t%d\t%d\t%s\t%s", CrimeType(ct), int64(s.at(fOccurredByType, ct)), int64(s.at(fReportedByType, ct)), pct(s.at(fRateByType, ct)), pct(s.at(fClearanceByType, ct)))
	}
	p("  violent\t%d\t%d\t%s\t%s", n(fViolentOccurred), n(fViolentReported), pct(get(fViolentRate)), pct(get(fViolentClearance)))
	p("  property\t%d\t%d\t%s\t%s", n(fPropertyOccurred), n(fPropertyReported), pct(get(fPropertyRate)), pct(get(fPropertyClearance)))
	section()

	p("POLICE\t")
	p("  clearance rate\t%s of reported crimes", pct(get(fClearanceRate)))
	p("  victimizations cleared\tviolent %s, property %s", pct(get(fViolentYield)), pct(get(fPropertyYield)))
	p("  response time\tmean %s min, p50 %s min, p90 %s min", num(get(fResponseMean), 1), num(get(fResponseP50), 1), num(get(fResponseP90), 1))
	p("  abandoned calls\t%d (%s): crimes %d (%s), other calls %d (%s)", n(fAbandoned), pct(get(fAbandonedShare)), n(fAbandonedCrimes), pct(get(fAbandonedCrimeShare)), n(fAbandonedOther), pct(get(fAbandonedOtherShare)))
	p("  patrol utilization\t%s", pct(get(fUtilization)))
	p("  workload\tother calls %d, traffic stops %d (forgone for lack of a free unit %d)", n(fOtherCalls), n(fStops), n(fStopsForgone))
	p("  bookings\t%d (minor %d)", n(fBookings), n(fMinorBookings))
	p("  warrant hits at stops\t%d (wrongful %d, held %d); status inquiries %d", n(fWarrantHits), n(fWrongfulHits), n(fWrongfulHolds), n(fStatusInquiries))
	section()

	p("DETAINERS\t")
	p("  issued\t%d (on minor arrests %d; via 287(g) %d, via fingerprints %d)", n(fDetainers), n(fDetainersOnMinor), n(fDetainersFrom287g), n(fDetainersFromFingerprints))
	p("  honored / declined\t%d / %d", n(fHonored), n(fDeclined))
	p("  wrongful\t%d (held %d, caught by oversight %d)", n(fWrongfulDetainers), n(fWrongfulHeld), n(fCaughtByOversight))
	p("  transfers to ICE\t%d (holds expired %d)", n(fTransfers), n(fExpiredHolds))
	section()

	list := func(f family) string {
		by := cat.def[f].by
		parts := make([]string, by.Len())
		for i := range parts {
			parts[i] = fmt.Sprintf("%s %d", by.Member(i), int64(s.at(f, i)))
		}
		return strings.Join(parts, ", ")
	}
	p("ENFORCEMENT\t")
	p("  immigration arrests\t%d: %s", n(fImmigrationArrests), list(fArrestsByVenue))
	p("  task-force criminal arrests\t%d: %s", n(fCriminalArrests), list(fCriminalByFocus))
	p("  operations\t%d: %s", n(fOperations), list(fOpsByKind))
	p("  agencies taking part\t%s", list(fOpsByAgency))
	section()

	p("SAFETY\tcount\tper 100 operations")
	p("  use of force\t%d\t%s", n(fUseOfForce), num(get(fForcePer100), 2))
	p("  injuries (officer + civilian)\t%d + %d\t%s", n(fOfficerInjuries), n(fCivilianInjuries), num(get(fInjuriesPer100), 2))
	p("  blue-on-blue conflicts\t%d\t%s", n(fBlueOnBlue), num(get(fBlueOnBluePer100), 2))
	p("  overlapping operations\t%d (detected %d)\t%s", n(fOverlaps), n(fOverlapsDetected), num(get(fOverlapsPer100), 2))
	p("  operations flagged as overlapping\t%s\t", pct(get(fFlaggedShare)))
	section()

	p("TRUST\tstart\tend\tmean\tfear (end)")
	for g := range NumGroups {
		p("  %s\t%s\t%s\t%s\t%s", Group(g), num(s.at(fTrustStart, g), 3), num(s.at(fTrustEnd, g), 3), num(s.at(fTrustMean, g), 3), num(s.at(fFearEnd, g), 3))
	}
	section()

	p("COSTS\t")
	p("  jail\t%s bed-days, $%s", num(get(fBedDays), 0), num(get(fJailCost), 0))
	p("  officer-hours on immigration tasks\t%s", num(get(fImmigrationHours), 0))
	p("  litigation exposure\t$%s", num(get(fLitigation), 0))
	if get(fMilitaryDays) > 0 {
		p("  military personnel-days\t%s", num(get(fMilitaryDays), 0))
	}
	return tw.Flush()
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
