package agents

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Value is a float64 that encodes NaN (an undefined rate, such as the
// reporting rate of a group with no crimes) as JSON null.
type Value float64

// MarshalJSON implements json.Marshaler.
func (v Value) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
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

// Summary is the end-of-run outcome of one replication. Rates are shares
// (0 to 1); times are in minutes; money in U.S. dollars.
type Summary struct {
	Run        RunInfo           `json:"run"`
	Crimes     CrimeSummary      `json:"crimes"`
	Witnesses  WitnessSummary    `json:"witnesses"`
	Clearance  ClearanceSummary  `json:"clearance"`
	Response   ResponseSummary   `json:"response"`
	Abandoned  AbandonedSummary  `json:"abandoned_calls"`
	Patrol     PatrolSummary     `json:"patrol"`
	Detainers  DetainerSummary   `json:"detainers"`
	Arrests    ArrestSummary     `json:"immigration_arrests"`
	Criminal   CriminalSummary   `json:"task_force_criminal_arrests"`
	Operations OperationSummary  `json:"operations"`
	Safety     SafetySummary     `json:"safety"`
	Trust      []GroupTrustEntry `json:"trust"`
	Costs      CostSummary       `json:"costs"`
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

// CrimeSummary counts victimizations and reports.
type CrimeSummary struct {
	Occurred      int64            `json:"occurred"`
	Reported      int64            `json:"reported"`
	ReportingRate Value            `json:"reporting_rate"`
	Violent       RateEntry        `json:"violent"`
	Property      RateEntry        `json:"property"`
	ByGroup       []NamedRateEntry `json:"by_group"`
	ByType        []NamedRateEntry `json:"by_type"`
}

// RateEntry is a count of occurrences, of successes, and their ratio.
type RateEntry struct {
	Occurred int64 `json:"occurred"`
	Reported int64 `json:"reported"`
	Rate     Value `json:"rate"`
}

// NamedRateEntry is a RateEntry for a group or type.
type NamedRateEntry struct {
	Name string `json:"name"`
	RateEntry
}

// WitnessSummary counts witnesses of reported crimes and their cooperation.
type WitnessSummary struct {
	Witnesses         int64        `json:"witnesses"`
	Cooperating       int64        `json:"cooperating"`
	CooperationRate   Value        `json:"cooperation_rate"`
	ByGroup           []NamedShare `json:"by_group"`
	VictimCooperation []NamedShare `json:"victim_cooperation_by_group"`
}

// NamedShare is a share for a group or type.
type NamedShare struct {
	Name  string `json:"name"`
	Share Value  `json:"share"`
}

// ClearanceSummary counts cleared cases.
type ClearanceSummary struct {
	Cleared       int64        `json:"cleared"`
	Rate          Value        `json:"rate"`
	ViolentRate   Value        `json:"violent_rate"`
	PropertyRate  Value        `json:"property_rate"`
	ViolentYield  Value        `json:"violent_yield"`
	PropertyYield Value        `json:"property_yield"`
	ByType        []NamedShare `json:"by_type"`
}

// ResponseSummary describes response times to reported crimes: from the
// report to a unit's arrival.
type ResponseSummary struct {
	Calls       int64 `json:"calls"`
	MeanMinutes Value `json:"mean_minutes"`
	P50Minutes  Value `json:"p50_minutes"`
	P90Minutes  Value `json:"p90_minutes"`
}

// AbandonedSummary counts calls for service abandoned after waiting longer
// than police.abandon_after_minutes for a unit, and their share of the
// calls of their kind: reported crimes, other calls, and all.
type AbandonedSummary struct {
	Total      int64 `json:"total"`
	Share      Value `json:"share"`
	Crimes     int64 `json:"crimes"`
	CrimeShare Value `json:"crime_share"`
	OtherCalls int64 `json:"other_calls"`
	OtherShare Value `json:"other_share"`
}

// PatrolSummary describes patrol workload.
type PatrolSummary struct {
	OtherCalls      int64 `json:"other_calls"`
	TrafficStops    int64 `json:"traffic_stops"`
	StopsForgone    int64 `json:"stops_forgone"`
	WarrantHits     int64 `json:"warrant_hits"`
	WrongfulHits    int64 `json:"wrongful_warrant_hits"`
	WrongfulHolds   int64 `json:"wrongful_warrant_holds"`
	StatusInquiries int64 `json:"status_inquiries"`
	Utilization     Value `json:"utilization"`
	Bookings        int64 `json:"bookings"`
	MinorBookings   int64 `json:"minor_bookings"`
}

// DetainerSummary counts ICE detainers and what became of them.
type DetainerSummary struct {
	Issued            int64 `json:"issued"`
	Honored           int64 `json:"honored"`
	Declined          int64 `json:"declined"`
	Wrongful          int64 `json:"wrongful"`
	WrongfulHeld      int64 `json:"wrongful_held"`
	CaughtByOversight int64 `json:"caught_by_oversight"`
	ExpiredHolds      int64 `json:"expired_holds"`
	Transfers         int64 `json:"transfers"`
	OnMinorArrests    int64 `json:"on_minor_arrests"`
	From287g          int64 `json:"from_287g"`
	FromFingerprints  int64 `json:"from_fingerprints"`
}

// ArrestSummary counts immigration arrests by venue.
type ArrestSummary struct {
	Total              int64        `json:"total"`
	ByVenue            []NamedCount `json:"by_venue"`
	FollowUpOperations int64        `json:"follow_up_operations"`
}

// CriminalSummary counts the criminal (not immigration) arrests of joint
// task forces, by focus: the enforcement result such a task force exists
// for, reported beside its costs and safety incidents.
type CriminalSummary struct {
	Total   int64        `json:"total"`
	ByFocus []NamedCount `json:"by_focus"`
}

// NamedCount is a count for a named category.
type NamedCount struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// OperationSummary counts operations.
type OperationSummary struct {
	Total    int64        `json:"total"`
	ByKind   []NamedCount `json:"by_kind"`
	ByAgency []NamedCount `json:"by_agency"`
}

// SafetySummary counts safety incidents.
type SafetySummary struct {
	UseOfForce          int64 `json:"use_of_force"`
	OfficerInjuries     int64 `json:"officer_injuries"`
	CivilianInjuries    int64 `json:"civilian_injuries"`
	BlueOnBlue          int64 `json:"blue_on_blue"`
	Overlaps            int64 `json:"overlaps"`
	OverlapsDetected    int64 `json:"overlaps_detected"`
	ForcePer100Ops      Value `json:"use_of_force_per_100_ops"`
	InjuriesPer100Ops   Value `json:"injuries_per_100_ops"`
	BlueOnBluePer100Ops Value `json:"blue_on_blue_per_100_ops"`
	OverlapsPer100Ops   Value `json:"overlaps_per_100_ops"`
	// FlaggedShare is the share of operations that overlapped at least one
	// operation of another agency nearby: what a deconfliction register
	// would flag.
	FlaggedShare Value `json:"flagged_share"`
}

// GroupTrustEntry describes a group's trust and fear over the run.
type GroupTrustEntry struct {
	Group string `json:"group"`
	Start Value  `json:"start"`
	End   Value  `json:"end"`
	Mean  Value  `json:"mean"`
	Fear  Value  `json:"fear_end"`
}

// CostSummary totals costs.
type CostSummary struct {
	JailBedDays             Value `json:"jail_bed_days"`
	JailCost                Value `json:"jail_cost"`
	ImmigrationOfficerHours Value `json:"immigration_officer_hours"`
	LitigationExposure      Value `json:"litigation_exposure"`
	MilitaryPersonnelDays   Value `json:"military_personnel_days"`
}

// Summary returns the outcome so far.
func (m *Model) Summary() *Summary {
	mt := &m.met
	s := &Summary{}
	s.Run = RunInfo{Seed: m.opt.Seed, Replication: m.opt.Replication, Days: m.e.Now() / 24, Events: m.e.Events()}

	var occT, repT [NumCrimeTypes]int64
	var vio, prop RateEntry
	for g := range Group(NumGroups) {
		var o, r int64
		for ct := range CrimeType(NumCrimeTypes) {
			o += mt.occurred[g][ct]
			r += mt.reported[g][ct]
			occT[ct] += mt.occurred[g][ct]
			repT[ct] += mt.reported[g][ct]
		}
		s.Crimes.ByGroup = append(s.Crimes.ByGroup, NamedRateEntry{g.String(), RateEntry{o, r, Value(ratio(r, o))}})
		s.Crimes.Occurred += o
		s.Crimes.Reported += r
	}
	var clearedV, clearedP int64
	for ct := range CrimeType(NumCrimeTypes) {
		s.Crimes.ByType = append(s.Crimes.ByType, NamedRateEntry{ct.String(), RateEntry{occT[ct], repT[ct], Value(ratio(repT[ct], occT[ct]))}})
		s.Clearance.ByType = append(s.Clearance.ByType, NamedShare{ct.String(), Value(ratio(mt.cleared[ct], repT[ct]))})
		s.Clearance.Cleared += mt.cleared[ct]
		e := &prop
		c := &clearedP
		if ct.Violent() {
			e, c = &vio, &clearedV
		}
		e.Occurred += occT[ct]
		e.Reported += repT[ct]
		*c += mt.cleared[ct]
	}
	vio.Rate = Value(ratio(vio.Reported, vio.Occurred))
	prop.Rate = Value(ratio(prop.Reported, prop.Occurred))
	s.Crimes.Violent, s.Crimes.Property = vio, prop
	s.Crimes.ReportingRate = Value(ratio(s.Crimes.Reported, s.Crimes.Occurred))
	s.Clearance.Rate = Value(ratio(s.Clearance.Cleared, s.Crimes.Reported))
	s.Clearance.ViolentRate = Value(ratio(clearedV, vio.Reported))
	s.Clearance.PropertyRate = Value(ratio(clearedP, prop.Reported))
	s.Clearance.ViolentYield = Value(ratio(clearedV, vio.Occurred))
	s.Clearance.PropertyYield = Value(ratio(clearedP, prop.Occurred))

	for g := range Group(NumGroups) {
		s.Witnesses.Witnesses += mt.witnesses[g]
		s.Witnesses.Cooperating += mt.witnessCoop[g]
		s.Witnesses.ByGroup = append(s.Witnesses.ByGroup, NamedShare{g.String(), Value(ratio(mt.witnessCoop[g], mt.witnesses[g]))})
		var rep int64
		for ct := range NumCrimeTypes {
			rep += mt.reported[g][ct]
		}
		s.Witnesses.VictimCooperation = append(s.Witnesses.VictimCooperation, NamedShare{g.String(), Value(ratio(mt.victimCoop[g], rep))})
	}
	s.Witnesses.CooperationRate = Value(ratio(s.Witnesses.Cooperating, s.Witnesses.Witnesses))

	s.Response = ResponseSummary{
		Calls:       int64(mt.response.Len()),
		MeanMinutes: Value(mt.responseW.Mean()),
		P50Minutes:  Value(mt.response.Quantile(0.5)),
		P90Minutes:  Value(mt.response.Quantile(0.9)),
	}
	ab := mt.abandoned
	reported := s.Crimes.Reported
	s.Abandoned = AbandonedSummary{
		Total: ab[caseCrime] + ab[caseOther], Share: Value(ratio(ab[caseCrime]+ab[caseOther], reported+mt.otherCalls)),
		Crimes: ab[caseCrime], CrimeShare: Value(ratio(ab[caseCrime], reported)),
		OtherCalls: ab[caseOther], OtherShare: Value(ratio(ab[caseOther], mt.otherCalls)),
	}
	unitHours := 0.0
	for _, d := range m.d {
		unitHours += d.pool.Busy.Mean(m.e.Now()) * m.e.Now()
	}
	capHours := m.capacityHours()
	s.Patrol = PatrolSummary{
		OtherCalls: mt.otherCalls, TrafficStops: mt.stops, StopsForgone: mt.stopsSkipped,
		WarrantHits: mt.warrantHits, WrongfulHits: mt.wrongfulHits, WrongfulHolds: mt.wrongfulStopHolds, StatusInquiries: mt.statusInquiries,
		Utilization: Value(unitHours / capHours),
		Bookings:    mt.bookings[0] + mt.bookings[1], MinorBookings: mt.bookings[0],
	}
	s.Detainers = DetainerSummary{
		Issued: mt.detainers, Honored: mt.honored, Declined: mt.declined,
		Wrongful: mt.wrongfulDetainers, WrongfulHeld: mt.wrongfulHeld, CaughtByOversight: mt.caughtByOversight,
		ExpiredHolds: mt.expiredHolds, Transfers: mt.transfers, OnMinorArrests: mt.detainersMinor,
		From287g: mt.detainersBySource[src287g], FromFingerprints: mt.detainersBySource[srcFingerprints],
	}
	for v := range numVenues {
		s.Arrests.ByVenue = append(s.Arrests.ByVenue, NamedCount{VenueNames[v], mt.iceArrests[v]})
		s.Arrests.Total += mt.iceArrests[v]
	}
	s.Arrests.FollowUpOperations = mt.followUps
	for f, name := range criminalFoci {
		s.Criminal.ByFocus = append(s.Criminal.ByFocus, NamedCount{name, mt.tfCriminal[f]})
		s.Criminal.Total += mt.tfCriminal[f]
	}
	for k := range numOpKinds {
		s.Operations.ByKind = append(s.Operations.ByKind, NamedCount{OpKindNames[k], mt.opsByKind[k]})
		s.Operations.Total += mt.opsByKind[k]
	}
	for a := range numAgencies {
		s.Operations.ByAgency = append(s.Operations.ByAgency, NamedCount{AgencyNames[a], mt.opsByAgency[a]})
	}
	ops := s.Operations.Total
	s.Safety = SafetySummary{
		UseOfForce: mt.useOfForce, OfficerInjuries: mt.officerInjuries, CivilianInjuries: mt.civilianInjuries,
		BlueOnBlue: mt.blueOnBlue, Overlaps: mt.overlaps, OverlapsDetected: mt.overlapsDetected,
		ForcePer100Ops:      Value(per100(mt.useOfForce, ops)),
		InjuriesPer100Ops:   Value(per100(mt.officerInjuries+mt.civilianInjuries, ops)),
		BlueOnBluePer100Ops: Value(per100(mt.blueOnBlue, ops)),
		OverlapsPer100Ops:   Value(per100(mt.overlaps, ops)),
		FlaggedShare:        Value(ratio(mt.opsFlagged, ops)),
	}
	trust := m.trustByGroup()
	fear := m.fearByGroup()
	for g := range Group(NumGroups) {
		mean := mt.trustMean[g].Mean()
		if mt.trustMean[g].N() == 0 {
			mean = trust[g]
		}
		s.Trust = append(s.Trust, GroupTrustEntry{g.String(), Value(mt.trustStart[g]), Value(trust[g]), Value(mean), Value(fear[g])})
	}
	s.Costs = CostSummary{
		JailBedDays:             Value(mt.bedDays),
		JailCost:                Value(mt.bedDays * m.cfg.Jail.BedDayCost),
		ImmigrationOfficerHours: Value(mt.immigrationHours),
		LitigationExposure:      Value(mt.litigation),
		MilitaryPersonnelDays:   Value(mt.militaryDays),
	}
	return s
}

// capacityHours returns the unit-hours of patrol staffed so far (before
// diversions), for the utilization figure.
func (m *Model) capacityHours() float64 {
	now := m.e.Now()
	total := 0.0
	for _, d := range m.d {
		// Whole days, then the partial day shift by shift.
		perDay := float64(d.units[0])*8 + float64(d.units[1])*8 + float64(d.units[2])*8
		days := math.Floor(now / 24)
		total += days * perDay
		for h := days * 24; h < now; h++ {
			total += float64(d.units[shiftAt(h)]) * math.Min(1, now-h)
		}
	}
	return total
}

// Flatten returns the summary as (key, value) pairs in a fixed order, keys
// being dotted JSON paths such as "crimes.by_group.undocumented.rate".
// Undefined rates are NaN.
func (s *Summary) Flatten() []KV {
	var out []KV
	flatten(reflect.ValueOf(*s), "", &out)
	return out
}

// KV is one flattened summary value.
type KV struct {
	Key   string
	Value float64
	Text  string // for the non-numeric run fields
}

func flatten(v reflect.Value, prefix string, out *[]KV) {
	t := v.Type()
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			if f.Anonymous {
				flatten(v.Field(i), prefix, out)
				continue
			}
			if name == "name" || name == "group" {
				continue
			}
			flatten(v.Field(i), join(prefix, name), out)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			e := v.Index(i)
			label := strconv.Itoa(i)
			if f := e.FieldByName("Name"); f.IsValid() {
				label = f.String()
			} else if f := e.FieldByName("Group"); f.IsValid() {
				label = f.String()
			}
			flatten(e, join(prefix, label), out)
		}
	case reflect.String:
		*out = append(*out, KV{Key: prefix, Value: math.NaN(), Text: v.String()})
	case reflect.Int64, reflect.Int:
		*out = append(*out, KV{Key: prefix, Value: float64(v.Int())})
	case reflect.Uint64:
		*out = append(*out, KV{Key: prefix, Value: float64(v.Uint())})
	case reflect.Float64:
		*out = append(*out, KV{Key: prefix, Value: v.Float()})
	default:
		panic(fmt.Sprintf("agents: cannot flatten %v", t))
	}
}

// WriteTable writes a readable summary, one aligned block per section.
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format+"\n", a...) }
	section := func() { tw.Flush(); fmt.Fprintln(w) }
	pct := func(v Value) string {
		if math.IsNaN(float64(v)) {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(v))
	}
	num := func(v Value, prec int) string {
		if math.IsNaN(float64(v)) {
			return "–"
		}
		return strconv.FormatFloat(float64(v), 'f', prec, 64)
	}
	r := s.Run
	fmt.Fprintf(w, "Scenario %s (hash %s), seed %d, replication %d, %.0f days, version %s\n\n", r.Scenario, short(r.ScenarioHash), r.Seed, r.Replication, r.Days, r.Version)

	p("CRIMES BY GROUP\toccurred\treported\treporting rate\twitness cooperation\tvictim cooperation")
	for i, g := range s.Crimes.ByGroup {
		p("  %s\t%d\t%d\t%s\t%s\t%s", g.Name, g.Occurred, g.Reported, pct(g.Rate), pct(s.Witnesses.ByGroup[i].Share), pct(s.Witnesses.VictimCooperation[i].Share))
	}
	p("  all\t%d\t%d\t%s\t%s\t", s.Crimes.Occurred, s.Crimes.Reported, pct(s.Crimes.ReportingRate), pct(s.Witnesses.CooperationRate))
	section()

	p("CRIMES BY TYPE\toccurred\treported\treporting rate\tcleared (of reported)")
	for i, t := range s.Crimes.ByType {
		p("  %s\t%d\t%d\t%s\t%s", t.Name, t.Occurred, t.Reported, pct(t.Rate), pct(s.Clearance.ByType[i].Share))
	}
	p("  violent\t%d\t%d\t%s\t%s", s.Crimes.Violent.Occurred, s.Crimes.Violent.Reported, pct(s.Crimes.Violent.Rate), pct(s.Clearance.ViolentRate))
	p("  property\t%d\t%d\t%s\t%s", s.Crimes.Property.Occurred, s.Crimes.Property.Reported, pct(s.Crimes.Property.Rate), pct(s.Clearance.PropertyRate))
	section()

	p("POLICE\t")
	p("  clearance rate\t%s of reported crimes", pct(s.Clearance.Rate))
	p("  victimizations cleared\tviolent %s, property %s", pct(s.Clearance.ViolentYield), pct(s.Clearance.PropertyYield))
	p("  response time\tmean %s min, p50 %s min, p90 %s min", num(s.Response.MeanMinutes, 1), num(s.Response.P50Minutes, 1), num(s.Response.P90Minutes, 1))
	p("  abandoned calls\t%d (%s): crimes %d (%s), other calls %d (%s)", s.Abandoned.Total, pct(s.Abandoned.Share), s.Abandoned.Crimes, pct(s.Abandoned.CrimeShare), s.Abandoned.OtherCalls, pct(s.Abandoned.OtherShare))
	p("  patrol utilization\t%s", pct(s.Patrol.Utilization))
	p("  workload\tother calls %d, traffic stops %d (forgone for lack of a free unit %d)", s.Patrol.OtherCalls, s.Patrol.TrafficStops, s.Patrol.StopsForgone)
	p("  bookings\t%d (minor %d)", s.Patrol.Bookings, s.Patrol.MinorBookings)
	p("  warrant hits at stops\t%d (wrongful %d, held %d); status inquiries %d", s.Patrol.WarrantHits, s.Patrol.WrongfulHits, s.Patrol.WrongfulHolds, s.Patrol.StatusInquiries)
	section()

	d := s.Detainers
	p("DETAINERS\t")
	p("  issued\t%d (on minor arrests %d; via 287(g) %d, via fingerprints %d)", d.Issued, d.OnMinorArrests, d.From287g, d.FromFingerprints)
	p("  honored / declined\t%d / %d", d.Honored, d.Declined)
	p("  wrongful\t%d (held %d, caught by oversight %d)", d.Wrongful, d.WrongfulHeld, d.CaughtByOversight)
	p("  transfers to ICE\t%d (holds expired %d)", d.Transfers, d.ExpiredHolds)
	section()

	var venues, kinds, ags []string
	for _, v := range s.Arrests.ByVenue {
		venues = append(venues, fmt.Sprintf("%s %d", v.Name, v.Count))
	}
	for _, k := range s.Operations.ByKind {
		kinds = append(kinds, fmt.Sprintf("%s %d", k.Name, k.Count))
	}
	for _, a := range s.Operations.ByAgency {
		ags = append(ags, fmt.Sprintf("%s %d", a.Name, a.Count))
	}
	p("ENFORCEMENT\t")
	p("  immigration arrests\t%d: %s", s.Arrests.Total, strings.Join(venues, ", "))
	var foci []string
	for _, c := range s.Criminal.ByFocus {
		foci = append(foci, fmt.Sprintf("%s %d", c.Name, c.Count))
	}
	p("  task-force criminal arrests\t%d: %s", s.Criminal.Total, strings.Join(foci, ", "))
	p("  operations\t%d: %s", s.Operations.Total, strings.Join(kinds, ", "))
	p("  agencies taking part\t%s", strings.Join(ags, ", "))
	section()

	sf := s.Safety
	p("SAFETY\tcount\tper 100 operations")
	p("  use of force\t%d\t%s", sf.UseOfForce, num(sf.ForcePer100Ops, 2))
	p("  injuries (officer + civilian)\t%d + %d\t%s", sf.OfficerInjuries, sf.CivilianInjuries, num(sf.InjuriesPer100Ops, 2))
	p("  blue-on-blue conflicts\t%d\t%s", sf.BlueOnBlue, num(sf.BlueOnBluePer100Ops, 2))
	p("  overlapping operations\t%d (detected %d)\t%s", sf.Overlaps, sf.OverlapsDetected, num(sf.OverlapsPer100Ops, 2))
	p("  operations flagged as overlapping\t%s\t", pct(sf.FlaggedShare))
	section()

	p("TRUST\tstart\tend\tmean\tfear (end)")
	for _, t := range s.Trust {
		p("  %s\t%s\t%s\t%s\t%s", t.Group, num(t.Start, 3), num(t.End, 3), num(t.Mean, 3), num(t.Fear, 3))
	}
	section()

	c := s.Costs
	p("COSTS\t")
	p("  jail\t%s bed-days, $%s", num(c.JailBedDays, 0), num(c.JailCost, 0))
	p("  officer-hours on immigration tasks\t%s", num(c.ImmigrationOfficerHours, 0))
	p("  litigation exposure\t$%s", num(c.LitigationExposure, 0))
	if c.MilitaryPersonnelDays > 0 {
		p("  military personnel-days\t%s", num(c.MilitaryPersonnelDays, 0))
	}
	return tw.Flush()
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
