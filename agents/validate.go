package agents

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/schema"
)

// Resource limits. Every configuration that passes [Config.Validate] stays
// within them at every point of its timeline, which bounds the memory a run
// takes (see "Limits" in docs/model.md for the measured figures).
const (
	// MaxDistricts is the largest number of districts in a city (a list or
	// a grid): the 64 × 64 grid.
	MaxDistricts = 4096
	// MaxPopulation is the largest total population of a city: Los Angeles
	// County, the most populous U.S. county, had about 9.7 million
	// residents in 2023 (Census Bureau estimates).
	MaxPopulation = 10_000_000
	// MaxPatrolUnits is the largest number of patrol units on duty city-wide
	// in any one shift: well above any real city (the largest U.S. police
	// department, New York's, has about 34,000 sworn officers in all shifts
	// and assignments), and room for the 64 × 64 grid at 12 units a
	// district. Each busy unit holds one call.
	MaxPatrolUnits = 50_000
	// MaxPending is the largest expected number of things a run holds in
	// memory at once (calls waiting or being served, stops under way,
	// cases under investigation, jail stays ending in a transfer to ICE,
	// planned follow-up operations), each about 200 bytes with its event.
	// It is an upper bound from Little's law (rate × time held), see
	// [Config.Workload].
	MaxPending = 5_000_000
	// MaxOpsPerDay is the largest expected number of enforcement
	// operations a day, city-wide, of all agencies.
	MaxOpsPerDay = 2_000
	// MaxLiveOps is the largest expected number of operations kept for
	// overlap checks at once (under way or ended less than
	// safety.overlap_hours ago): each new operation is checked against all
	// of them.
	MaxLiveOps = 20_000
	// MaxSeriesSamples is the largest number of time-series samples in a
	// run (days / interval): 100 years of daily samples.
	MaxSeriesSamples = 36_500
	// gridSuffixLen is the longest suffix a grid adds to the template's
	// name: "-r64c64".
	gridSuffixLen = 7
)

// Validate checks the rules that single keys cannot express: group shares
// that sum to one, unique and well-formed names, consistent agreement dates,
// the legality of each military unit's activities (see legal.go: the Posse
// Comitatus Act and its exceptions), the statutory border zone, and the
// resource limits above. Ranges and allowed values of single keys are checked when a
// scenario is decoded.
//
// The timeline is checked cumulatively: its entries are applied in the
// order the model applies them (by day, entries on the same day in file
// order), each to the configuration as it stands after the ones before, and
// the result must pass every rule that a change can affect. Errors name
// timeline[i].set and the key. The work is linear in the number of entries:
// the districts, which no change can touch, are checked once.
func (c *Config) Validate() schema.Errors {
	var v validator
	st := v.static(c)
	v.changeable(c, st, nil, "")
	if len(v.errs) > 0 {
		return v.errs // timeline entries are checked against a valid base
	}
	v.timeline(c, st)
	return v.errs
}

type validator struct {
	errs schema.Errors
}

func (v *validator) fail(path string, val any, problem, allowed string) {
	v.errs = append(v.errs, &schema.Error{Path: path, Value: val, Problem: problem, Allowed: allowed})
}

func (v *validator) name(path, name string) {
	if p := safetext.NameProblem(name); p != "" {
		var val any = safetext.Escape(name)
		if name == "" {
			val = nil
		}
		v.fail(path, val, p, safetext.NameAllowed)
	}
}

// cityStats are the figures of the parts of a configuration that no change
// can touch (the districts, police and jail sections), and, filled in by
// changeable for the configuration it checks, two military figures.
type cityStats struct {
	districts  int
	population float64
	units      [numShifts]int // city-wide by shift
	crimeRate  float64        // victimizations per hour, reported or not
	callRate   float64        // other calls for service per hour
	stopRate   float64        // traffic stops per hour
	minorRate  float64        // minor arrests per hour
	removable  float64        // largest share of removable people among those arrested in a district
	undoc      float64        // largest undocumented share of a district
	leAllowed  bool           // a military unit is lawfully in a law-enforcement role (set by changeable)
	support    int            // military personnel in logistics or transport roles (set by changeable)
}

// static checks the city, police and jail rules, which a timeline entry
// cannot change, and returns the city's figures.
func (v *validator) static(c *Config) *cityStats {
	st := &cityStats{}
	v.calendar(&c.Calendar)
	city := c.City
	grid := city.Grid.Rows > 0 || city.Grid.Cols > 0
	switch {
	case len(city.Districts) == 0 && !grid:
		v.fail("city", nil, "has no districts", "city.districts (a list) or city.grid with rows and cols")
	case len(city.Districts) > 0 && grid:
		v.fail("city.grid", nil, "is given together with city.districts", "one of city.districts or city.grid")
	case grid && (city.Grid.Rows == 0 || city.Grid.Cols == 0):
		v.fail("city.grid", nil, "needs both rows and cols", "rows and cols of at least 1")
	}
	add := func(d District, n int) {
		st.districts += n
		st.population += float64(n) * float64(d.Population)
		u := d.PatrolUnits.array()
		for s := range u {
			st.units[s] += n * u[s]
		}
		r := d.CrimeRates.array()
		sum := 0.0
		for _, x := range r {
			sum += x
		}
		pop := float64(n) * float64(d.Population) / 1000 / 8760
		st.crimeRate += sum * pop
		st.callRate += c.Police.OtherCalls * pop
		st.stopRate += c.Police.TrafficStops * pop
		st.minorRate += c.Police.MinorArrests * pop
		sh, off := d.Groups.array(), d.OffendingShare.array()
		var w perGroup
		for g := range w {
			w[g] = sh[g] * off[g]
		}
		if tot := w[Citizen] + w[LawfulNoncitizen] + w[Undocumented]; tot > 0 {
			st.removable = math.Max(st.removable, (w[Undocumented]+w[LawfulNoncitizen]*c.Jail.LawfulRemovable)/tot)
		}
		st.undoc = math.Max(st.undoc, sh[Undocumented])
	}
	seen := make(map[string]int, len(city.Districts))
	for i, d := range city.Districts {
		p := fmt.Sprintf("city.districts[%d]", i)
		if j, dup := seen[d.Name]; dup {
			v.fail(p+".name", safetext.Escape(d.Name), fmt.Sprintf("is already used by city.districts[%d]", j), "a name unique in the city")
		} else {
			seen[d.Name] = i
			v.name(p+".name", d.Name)
		}
		validateDistrict(p, d, v.fail)
		add(d, 1)
	}
	validateMutualAid(city, seen, v.fail)
	if grid {
		t := city.Grid.Template
		if p := safetext.NameProblem(t.Name); p != "" {
			v.fail("city.grid.template.name", safetext.Escape(t.Name), p, safetext.NameAllowed)
		} else if n := len([]rune(t.Name)); n+gridSuffixLen > safetext.MaxNameLen {
			v.fail("city.grid.template.name", t.Name, fmt.Sprintf("is %d characters long, and grid districts append up to %d (\"-r64c64\")", n, gridSuffixLen),
				fmt.Sprintf("a name of at most %d characters", safetext.MaxNameLen-gridSuffixLen))
		}
		validateDistrict("city.grid.template", t, v.fail)
		add(t, city.Grid.Rows*city.Grid.Cols)
	}
	where := "city.districts"
	if grid {
		where = "city.grid"
	}
	if st.districts > MaxDistricts {
		v.fail(where, st.districts, "has too many districts", fmt.Sprintf("at most %d districts (the 64 × 64 grid)", MaxDistricts))
	}
	if st.population > MaxPopulation {
		v.fail(where, int64(st.population), "has too many residents in all (the sum of the districts' population)",
			fmt.Sprintf("at most %d residents (Los Angeles County, the most populous U.S. county, has about 9.7 million)", MaxPopulation))
	}
	for s := range shift(numShifts) {
		if st.units[s] > MaxPatrolUnits {
			v.fail(where, st.units[s], fmt.Sprintf("has too many patrol units on the %s shift in all", shiftVocab.name(s)),
				fmt.Sprintf("at most %d units city-wide per shift", MaxPatrolUnits))
		}
	}

	return st
}

// changeable checks the rules that involve the sections a timeline entry
// may change (agreements, policies, ice, border_patrol, military, legal:
// [ChangeSections]), including the
// resource limits that depend on them. set is the entry being checked (nil
// for the base configuration): an error is reported at the key of the rule
// that the entry set, so that it points at the entry's line. Its cost does
// not depend on the number of districts.
func (v *validator) changeable(c *Config, st *cityStats, set map[string]any, prefix string) {
	at := func(paths ...string) string {
		for _, p := range paths {
			if setsPath(set, p) {
				return join(prefix, p)
			}
		}
		return join(prefix, paths[0])
	}
	stc := *st
	st = &stc
	v.military(c, st, at)
	v.borderZone(c, at)
	if g := c.Agreements.G287; g.EndDay != 0 && g.EndDay <= g.StartDay {
		v.fail(at("agreements.g287.end_day", "agreements.g287.start_day"), g.EndDay, fmt.Sprintf("is not after start_day (%v)", g.StartDay), fmt.Sprintf("0 (never ends) or a day after %v", g.StartDay))
	}

	names := make(map[string]int, len(c.Agreements.TaskForces))
	for i, tf := range c.Agreements.TaskForces {
		p := fmt.Sprintf("agreements.task_forces[%d]", i)
		if j, dup := names[tf.Name]; dup {
			v.fail(at(p+".name"), safetext.Escape(tf.Name), fmt.Sprintf("is already used by agreements.task_forces[%d]", j), "a unique name")
		} else {
			names[tf.Name] = i
			if pr := safetext.NameProblem(tf.Name); pr != "" {
				v.fail(at(p+".name"), safetext.Escape(tf.Name), pr, safetext.NameAllowed)
			}
		}
		if len(tf.Agencies) < 2 {
			v.fail(at(p+".agencies"), fmt.Sprint(tf.Agencies), "lists fewer than two agencies", "at least two of "+strings.Join(agencyVocab.names, ", "))
		}
		var got [NumAgencies]bool
		for j, a := range tf.Agencies {
			if got[a] {
				v.fail(at(fmt.Sprintf("%s.agencies[%d]", p, j)), a.String(), "is listed twice", "each agency once")
			}
			got[a] = true
		}
		if got[AgencyMilitary] && !st.leAllowed {
			v.fail(at(p+".agencies"), "military", "needs a military unit lawfully in a law_enforcement role: a joint task force makes arrests",
				"give military.units a law_enforcement role that the Posse Comitatus rules allow, or remove military from the task force")
		}
		if tf.EndDay != 0 && tf.EndDay <= tf.StartDay {
			v.fail(at(p+".end_day", p+".start_day"), tf.EndDay, fmt.Sprintf("is not after start_day (%v)", tf.StartDay), fmt.Sprintf("0 (never) or a day after %v", tf.StartDay))
		}
	}

	w := c.workload(st)
	section := func(paths ...string) string {
		if set == nil {
			return "city" // the base configuration: the city's size is the usual cause
		}
		return at(paths...)
	}
	if w.Pending > MaxPending {
		v.fail(section("agreements", "policies", "ice", "border_patrol"), int64(w.Pending),
			fmt.Sprintf("makes a run hold about %.0f items at once (%s)", w.Pending, w.breakdown()),
			fmt.Sprintf("at most %d: fewer residents, lower crime, call, stop or arrest rates, shorter on-scene times, investigations or jail stays, or a shorter police.abandon_after_minutes", MaxPending))
	}
	opsAt := func() string {
		// Blame the largest contributor.
		big := 0
		for i, o := range w.OpsBy {
			if o.PerDay > w.OpsBy[big].PerDay {
				big = i
			}
		}
		return at(w.OpsBy[big].Key, "ice", "border_patrol", "agreements", "policies")
	}
	if w.OpsPerDay > MaxOpsPerDay {
		v.fail(opsAt(), math.Round(w.OpsPerDay), fmt.Sprintf("makes too many enforcement operations a day in all (%s)", w.opsBreakdown()),
			fmt.Sprintf("at most %d a day: fewer teams, units or operations per week", MaxOpsPerDay))
	}
	if w.LiveOps > MaxLiveOps {
		v.fail(opsAt(), math.Round(w.LiveOps), fmt.Sprintf("makes too many operations to keep for overlap checks at once: operations a day (%s) × (their hours + safety.overlap_hours)", w.opsBreakdown()),
			fmt.Sprintf("at most %d: fewer or shorter operations, or a shorter safety.overlap_hours", MaxLiveOps))
	}
}

// setsPath reports whether the partial scenario set (expanded) sets the key
// at path, or a list or value that contains it.
func setsPath(set map[string]any, path string) bool {
	if set == nil {
		return false
	}
	segs, err := schema.SplitPath(path)
	if err != nil {
		panic("agents: bad key path " + path + ": " + err.Error())
	}
	var cur any = set
	for _, seg := range segs {
		k, ok := seg.(string)
		if !ok {
			return true // the entry set the whole list
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return true
		}
		if cur, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

// timeline checks the timeline cumulatively (see [Config.Validate]).
func (v *validator) timeline(c *Config, st *cityStats) {
	order := make([]int, len(c.Timeline))
	for i := range order {
		order[i] = i
	}
	// The model schedules entry i at hour day·24 with one priority, after
	// every other event of that hour, in index order: the same order.
	sort.SliceStable(order, func(a, b int) bool { return c.Timeline[order[a]].Day*24 < c.Timeline[order[b]].Day*24 })
	cur := *c
	cur.Timeline = nil
	for _, i := range order {
		next, errs := patchChange(&cur, st, c.Timeline[i].Set, fmt.Sprintf("timeline[%d].set", i))
		v.errs = append(v.errs, errs...)
		if len(errs) == 0 {
			cur = next // an entry in error is left out, so that its errors do not repeat
		}
	}
}

// patchChange applies the partial scenario set to a copy of cfg and checks
// the result; prefix goes before every error path. cfg is not modified: the
// sections a change may set hold no slices that a patch writes into (lists
// are replaced whole).
func patchChange(cfg *Config, st *cityStats, set map[string]any, prefix string) (Config, schema.Errors) {
	set = ExpandDotted(set)
	var errs schema.Errors
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(ChangeSections, k) {
			errs = append(errs, &schema.Error{
				Path:    join(prefix, k),
				Problem: "cannot be changed during a run",
				Allowed: "keys under " + fmt.Sprint(ChangeSections),
			})
		}
	}
	if len(errs) > 0 {
		return *cfg, errs
	}
	next := *cfg
	next.Timeline = nil
	for _, e := range schema.Patch(set, &next) {
		e.Path = join(prefix, e.Path)
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return *cfg, errs
	}
	var v validator
	v.changeable(&next, st, set, prefix)
	for _, e := range v.errs {
		e.Problem += " (after this change)"
	}
	return next, v.errs
}

// CheckChange reports the problems with applying the partial scenario set
// to cfg: keys outside [ChangeSections], unknown keys, bad values and
// configurations that would not validate. Error paths are prefixed with
// prefix. It does not modify cfg. To check several changes that follow
// each other, use [Config.Validate] with a timeline: each change is checked
// against the configuration the ones before it leave.
func CheckChange(cfg *Config, set map[string]any, prefix string) schema.Errors {
	var v validator
	st := v.static(cfg)
	_, errs := patchChange(cfg, st, set, prefix)
	return errs
}

// Workload is the expected number of things a run of a configuration holds
// at once, by Little's law (arrival rate × mean time held), and its rate of
// operations. The figures are upper bounds: every victimization is counted
// as reported and cleared, every booking of a removable person as ending in
// a transfer (or, where detainers can be declined, in a follow-up
// operation), and all military units as active.
type Workload struct {
	Calls          float64 // calls waiting for or being served by a unit
	Stops          float64 // traffic stops under way
	Investigations float64 // cleared cases waiting for their arrest
	JailTransfers  float64 // jail stays that end in a transfer to ICE
	FollowUps      float64 // follow-up operations ICE has planned
	Operations     float64 // operations under way
	Pending        float64 // the sum of the above
	OpsPerDay      float64 // enforcement operations a day
	OpsBy          []OpsShare
	LiveOps        float64 // operations kept for overlap checks
}

// OpsShare is the share of an agency's planned operations in a
// [Workload].
type OpsShare struct {
	Agency string  // "ICE"
	Key    string  // the configuration key that sets them: "ice"
	PerDay float64 // operations a day (ICE's with its follow-ups)
}

// Workload returns the expected workload of c (see [Workload]).
func (c *Config) Workload() Workload {
	var v validator
	st := v.static(c)
	v.military(c, st, func(p ...string) string { return p[0] })
	return c.workload(st)
}

func (c *Config) workload(st *cityStats) Workload {
	var w Workload
	pc := &c.Police
	onScene := pc.OtherCallHours
	for _, h := range pc.OnScene.array() {
		onScene = math.Max(onScene, h)
	}
	calls := st.crimeRate + st.callRate
	w.Calls = calls * (pc.AbandonMinutes/60 + pc.TravelMinutes/60 + onScene)
	g := &c.Agreements.G287
	w.Stops = st.stopRate * (pc.TrafficStopHours + g.QuestionHours + g.TransportHours)
	w.Investigations = st.crimeRate * pc.InvestigationDays * 24

	// Only removable people booked into the jail can end in a transfer
	// (an event pending for the stay) or, if the detainer is declined and
	// ICE is told of the release, in a follow-up operation; only warrant
	// hits at stops of undocumented drivers lead to follow-ups.
	stay := math.Max(c.Jail.StayDaysMinor, c.Jail.StayDaysSerious) * 24
	w.JailTransfers = removableBookings(c, st) * (stay + c.Policies.HoldHours)
	w.FollowUps = followUpRate(c, st) * c.ICE.FollowUpDays * 24

	// The agencies' planned operations.
	ops, hours := 0.0, 0.0
	for _, r := range registry {
		a := r.make(nil)
		rate, h := a.opsPerHour(c, st)
		label, key := a.describe()
		if label == "" {
			continue
		}
		ops += rate
		hours = math.Max(hours, h)
		w.OpsBy = append(w.OpsBy, OpsShare{Agency: label, Key: key, PerDay: rate * 24})
	}
	w.Operations = ops * hours
	w.OpsPerDay = ops * 24
	w.LiveOps = ops * (hours + c.Safety.OverlapHours)
	w.Pending = w.Calls + w.Stops + w.Investigations + w.JailTransfers + w.FollowUps + w.Operations
	return w
}

func (w Workload) breakdown() string {
	return fmt.Sprintf("calls %.0f, traffic stops %.0f, investigations %.0f, jail stays ending in a transfer %.0f, follow-ups %.0f, operations %.0f",
		w.Calls, w.Stops, w.Investigations, w.JailTransfers, w.FollowUps, w.Operations)
}

func (w Workload) opsBreakdown() string {
	parts := make([]string, len(w.OpsBy))
	for i, o := range w.OpsBy {
		parts[i] = fmt.Sprintf("%s %.0f", o.Agency, o.PerDay)
	}
	return strings.Join(parts, ", ") + " a day"
}

func validateDistrict(p string, d District, fail func(string, any, string, string)) {
	sum := d.Groups.Citizen + d.Groups.LawfulNoncitizen + d.Groups.Undocumented
	if math.Abs(sum-1) > 1e-6 {
		fail(p+".groups", sum, "shares do not sum to 1", strings.Join(groupVocab.names, " + ")+" = 1")
	}
	if d.PatrolUnits.Day+d.PatrolUnits.Evening+d.PatrolUnits.Night == 0 {
		fail(p+".patrol_units", nil, "has no units on any shift", "at least one unit on some shift")
	}
}

// CheckOptions reports whether opt is a run that the model accepts: a
// positive span and series interval (0 means the default) and at most
// [MaxSeriesSamples] samples of the time series.
func CheckOptions(opt Options) error {
	days, iv := opt.Days, opt.SeriesDays
	if days == 0 {
		days = 365
	}
	if iv == 0 {
		iv = 7
	}
	if !(days > 0) || !(iv > 0) || math.IsInf(days, 0) {
		return fmt.Errorf("agents: days (%v) and series interval (%v) must be positive and finite", days, iv)
	}
	if n := days / iv; n > MaxSeriesSamples {
		return fmt.Errorf("agents: %v days at a series interval of %v days make %.0f samples, more than %d: use a longer interval (at least %v days)", days, iv, math.Ceil(n), MaxSeriesSamples, days/MaxSeriesSamples)
	}
	if f := opt.ForkDay; f != 0 && !(f > 0 && f < days) {
		return fmt.Errorf("agents: fork day %v: allowed: above 0 and below the run's %v days", f, days)
	}
	return nil
}

// military checks the military units and the legal regime: names and
// dates, and that every activity of every unit's roles is lawful for its
// status (see legal.go), with the statute in the message. It sets the
// military figures of st. at locates an error at the key a timeline entry
// set.
func (v *validator) military(c *Config, st *cityStats, at func(...string) string) {
	l := &c.Legal
	for i, a := range l.Contested {
		if !a.contestedAnywhere() {
			rule := Legality(Title10, false, a)
			v.fail(at(fmt.Sprintf("legal.contested[%d]", i), "legal.contested"), a.String(),
				fmt.Sprintf("is not a legally contested activity: for a title10 unit it is %s (%s)", rule.Permission.Label(), strings.Join(rule.Basis, "; ")),
				"one of "+nameList(contestedActivities()))
		}
	}
	if len(l.Contested) > 0 && strings.TrimSpace(l.ContestedNote) == "" {
		v.fail(at("legal.contested_note", "legal.contested"), nil, "is empty, and legal.contested lists activities",
			"a note saying why the scenario accepts the contested reading of the law for "+nameList(l.Contested))
	}
	if safetext.HasControl(l.ContestedNote) {
		v.fail(at("legal.contested_note"), safetext.Escape(l.ContestedNote), "holds control characters", "plain text")
	}
	for i, u := range c.Military.Units {
		p := fmt.Sprintf("military.units[%d]", i)
		v.name(at(p+".name"), u.Name)
		if u.EndDay != 0 && u.EndDay <= u.StartDay {
			v.fail(at(p+".end_day", p+".start_day"), u.EndDay, "is not after start_day", fmt.Sprintf("0 (never) or a day after %v", u.StartDay))
		}
		if len(u.Roles) == 0 {
			v.fail(at(p+".roles"), nil, "is empty", "at least one role")
		}
		for j, r := range u.Roles {
			if r.Support() {
				st.support += u.Personnel
			}
			rp := fmt.Sprintf("%s.roles[%d]", p, j)
			if problem, allowed := roleProblem(u.Status, r, l); problem != "" {
				v.fail(at(rp, p+".status", "legal.insurrection_act", "legal.state_guard_law_enforcement", "legal.contested"), r.String(), problem, allowed)
				continue
			}
			if r == RoleLawEnforcement {
				st.leAllowed = true
			}
		}
	}
}

// contestedActivities lists the activities that are contested somewhere
// in the table.
func contestedActivities() []Activity {
	var out []Activity
	for a := range Activity(NumActivities) {
		if a.contestedAnywhere() {
			out = append(out, a)
		}
	}
	return out
}

// borderZone checks that the border zone is the regulation's (8 C.F.R.
// §287.1): at most 100 air miles, unless the scenario says, with a note,
// that it is not.
func (v *validator) borderZone(c *Config, at func(...string) string) {
	bp := &c.BorderPatrol
	if bp.ZoneMiles > StatutoryZoneMiles && !bp.ZoneNonstatutory {
		v.fail(at("border_patrol.zone_miles"), bp.ZoneMiles, "is wider than the border zone of the regulation ("+CiteZone+")",
			fmt.Sprintf("at most %d air miles; or set border_patrol.zone_nonstatutory: true with a border_patrol.zone_note saying why (a Commissioner's declaration under 8 C.F.R. §287.1(b), or a counterfactual)", StatutoryZoneMiles))
	}
	if bp.ZoneNonstatutory && strings.TrimSpace(bp.ZoneNote) == "" {
		v.fail(at("border_patrol.zone_note", "border_patrol.zone_nonstatutory"), nil, "is empty, and border_patrol.zone_nonstatutory is set",
			"a note saying why the zone departs from 8 C.F.R. §287.1(a)(2)'s 100 air miles")
	}
	if safetext.HasControl(bp.ZoneNote) {
		v.fail(at("border_patrol.zone_note"), safetext.Escape(bp.ZoneNote), "holds control characters", "plain text")
	}
}
