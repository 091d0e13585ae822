package calibration

import (
	"fmt"
	"math"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sim"
)

// fact is a published stylized fact and how to compute its simulated
// counterpart from one replication of every arm. Values are computed from
// simulated events and counts, never read back from parameters.
type fact struct {
	id, name, target string
	fact             int // number in §5 of the research brief
	low, high        float64
	kind             string
	source, grade    string
	how              string
	// metric, when set, makes the fact one metric of the baseline arm:
	// its value is that metric's (set by init), and calibrate can use it
	// as a target ([MetricTargets]).
	metric *agents.Metric
	// value is the fact's value in one replication; the check reports
	// its mean over replications.
	value func(*inputs) float64
	// ratio, used instead of value for facts that are ratios of noisy
	// totals, gives a replication's numerator and denominator; the check
	// reports Σ numerators ÷ Σ denominators, with a jackknife interval.
	ratio func(*inputs) (num, den float64)
	// diff, used instead of value for a difference of two shares of
	// noisy totals, gives a replication's two numerators and denominators;
	// the check reports Σ num1 ÷ Σ den1 − Σ num2 ÷ Σ den2, with a
	// jackknife interval.
	diff func(*inputs) (num1, den1, num2, den2 float64)
	// detect, when set, replaces the target range: -1 passes when the
	// whole 95% interval is below zero (a detectable fall), +1 above.
	detect int
	// aux, if set, gives naux more figures per replication, and detail
	// writes Result.Detail from their means over replications.
	naux   int
	aux    func(*inputs) []float64
	detail func(mean []float64) string
}

// facts are the checks, in the order they are printed. Grades as in the
// research brief: A official statistics, statute or quasi-experimental
// study; B peer-reviewed correlational study or probability survey; C
// advocacy, press or slide; derived: arithmetic on graded figures.
var facts = []fact{
	{
		id: "violent_reporting", fact: 1, name: "Violent victimizations reported to police",
		target: "40%–47%", low: 0.40, high: 0.47, kind: "share",
		source: "BJS NCVS 2015–2023 (47%, 41%, 46%, 42%, 44.7%); Pew 1995–2015 range 40–51%", grade: "A",
		how:    "baseline: reported ÷ occurred, violent types",
		metric: baseline(violentRate),
	},
	{
		id: "property_reporting", fact: 2, name: "Property victimizations reported to police",
		target: "30%–35%", low: 0.30, high: 0.35, kind: "share",
		source: "BJS NCVS 2015 (35%), 2022–23 (31.8%, 29.9%)", grade: "A",
		how:    "baseline: reported ÷ occurred, property types",
		metric: baseline(propertyRate),
	},
	{
		id: "mvt_reporting", fact: 2, name: "Motor-vehicle thefts reported to police",
		target: "72%–83%", low: 0.72, high: 0.83, kind: "share",
		source: "BJS NCVS 2006–10 (17% unreported); NCVS 2022–23 (81%, 72%)", grade: "A",
		how:    "baseline: reported ÷ occurred, motor-vehicle theft",
		metric: baseline(typeRates.Of(int(agents.MotorVehicleTheft))),
	},
	{
		id: "theft_reporting", fact: 2, name: "Thefts (other than of vehicles) reported to police",
		target: "25%–33%", low: 0.25, high: 0.33, kind: "share",
		source: "BJS NCVS 2006–10 (67% of household theft unreported); 2023 ('less than a quarter')", grade: "A",
		how:    "baseline: reported ÷ occurred, theft",
		metric: baseline(typeRates.Of(int(agents.Theft))),
	},
	{
		id: "reporting_order", fact: 2, name: "Ordering: vehicle theft reported most, theft least of property",
		target: "> 0", low: 1e-9, high: 1, kind: "difference",
		source: "BJS NCVS 2006–10 and 2022–23", grade: "A",
		how: "baseline: the smaller of (vehicle theft's share − the highest other type's) and (the lowest other property type's share − theft's)",
		value: func(in *inputs) float64 {
			s := in.s[armBase]
			mvt, theft := typeRate(s, agents.MotorVehicleTheft), typeRate(s, agents.Theft)
			lead, gap := math.Inf(1), math.Inf(1)
			for ct := range agents.CrimeType(agents.NumCrimeTypes) {
				r := typeRate(s, ct)
				if math.IsNaN(r) || s.Value(typeOccurred.Of(int(ct))) < 20 {
					continue // too few to rank (trafficking, say)
				}
				if ct != agents.MotorVehicleTheft {
					lead = math.Min(lead, mvt-r)
				}
				if ct == agents.Burglary || ct == agents.MotorVehicleTheft {
					gap = math.Min(gap, r-theft)
				}
			}
			return math.Min(lead, gap)
		},
	},
	{
		id: "violent_clearance", fact: 3, name: "Reported violent crimes cleared",
		target: "41%–46%", low: 0.41, high: 0.46, kind: "share",
		source: "FBI CIUS 2019 (45.5%); Pew 2017 (46% in 2015; 44–50% 1995–2015)", grade: "A",
		how:    "baseline: cleared ÷ reported, violent types",
		metric: baseline(violentClearance),
	},
	{
		id: "property_clearance", fact: 3, name: "Reported property crimes cleared",
		target: "14%–19%", low: 0.14, high: 0.19, kind: "share",
		source: "FBI CIUS 2019 (17.2%); Pew 2017 (19% in 2015; 16–20% 1995–2015)", grade: "A",
		how:    "baseline: cleared ÷ reported, property types",
		metric: baseline(propertyClearance),
	},
	{
		id: "violent_yield", fact: 4, name: "Violent victimizations ending in a clearance",
		target: "17%–22%", low: 0.17, high: 0.22, kind: "share",
		source: "NCVS reporting × FBI clearance (research brief §1.2)", grade: "derived",
		how:    "baseline: cleared ÷ occurred, violent types",
		metric: baseline(violentYield),
	},
	{
		id: "property_yield", fact: 4, name: "Property victimizations ending in a clearance",
		target: "4%–7%", low: 0.04, high: 0.07, kind: "share",
		source: "NCVS reporting × FBI clearance (research brief §1.2)", grade: "derived",
		how:    "baseline: cleared ÷ occurred, property types",
		metric: baseline(propertyYield),
	},
	{
		id: "hispanic_gap", fact: 5, name: "No large baseline gap between Hispanic and other victims' reporting",
		target: "Hispanic minus non-Hispanic: −7 to +15 points", low: -0.07, high: 0.15, kind: "difference",
		source: "BJS, Rennison 2002, Hispanic Victims of Violent Crime, 1993–2000 (NCJ 191208): Hispanic victims as likely as non-Hispanics to report violence (a gap ≈ 0); BJS, Criminal Victimization 2019 (NCJ 255113): violence reported by Hispanic victims 49%, white 37%, Black 49% (Hispanic minus non-Hispanic about +5 to +10). Upper bound +15: above the 2019 gap with white victims (+12). Lower bound: −5 at the national composition (about 13% of Hispanic residents undocumented, Pew Research 2019; the NCVS household sample under-covers them and the model has no ethnic offset, so the undocumented and mixed-status households alone pull the model's Hispanic share down), minus the composition of the bundled city, where about 24% of Hispanic residents are undocumented: 11 more points of residents who report about 20 points less (Comino et al. 2020) lower the Hispanic share by about 2 points more, hence −7. A wider gap would mean a chill on Hispanic residents as such", grade: "A",
		how: "baseline: Σ reported ÷ Σ occurred over replications for Hispanic victims minus the same for non-Hispanic victims (all crime types; crimes.by_ethnicity.{hispanic,other})",
		diff: func(in *inputs) (float64, float64, float64, float64) {
			s := in.s[armBase]
			h, o := int(agents.Hispanic), int(agents.NonHispanic)
			return s.Value(ethReported.Of(h)), s.Value(ethOccurred.Of(h)), s.Value(ethReported.Of(o)), s.Value(ethOccurred.Of(o))
		},
		naux: 4,
		aux: func(in *inputs) []float64 {
			s := in.s[armBase]
			return []float64{s.Value(ethRates.Of(int(agents.Hispanic))), s.Value(ethRates.Of(int(agents.NonHispanic))),
				s.Value(cohortRates.Of(int(agents.CohortOf(agents.Citizen, agents.Hispanic)))),
				s.Value(cohortRates.Of(int(agents.CohortOf(agents.Citizen, agents.NonHispanic))))}
		},
		detail: func(m []float64) string {
			return fmt.Sprintf("Hispanic victims report %.1f%%, non-Hispanic %.1f%%; among citizens %.1f%% and %.1f%%", 100*m[0], 100*m[1], 100*m[2], 100*m[3])
		},
	},
	{
		id: "population_reporting", fact: 6, name: "Population-wide reporting stays near the national figures",
		target: "32%–40% of all victimizations", low: 0.32, high: 0.40, kind: "share",
		source: "BJS NCVS 2022–23: violent 42–45%, property 30–32%, weighted by the simulated mix", grade: "A",
		how:    "baseline: reported ÷ occurred, all victims",
		metric: baseline(reportingRate),
	},
	{
		id: "undocumented_reporting", fact: 6, name: "Undocumented victims report far less",
		target: "about 17% (13%–21%)", low: 0.13, high: 0.21, kind: "share",
		source: "Comino, Mastrobuoni and Nicolò 2020, J. Policy Analysis & Management", grade: "A",
		how:    "baseline: reported ÷ occurred, undocumented victims",
		metric: baseline(groupRates.Of(int(agents.Undocumented))),
	},
	{
		id: "legalization_reporting", fact: 6, name: "Legalization raises the reporting of the legalized by about 20 points",
		target: "+12 to +28 points per legalized victim", low: 0.12, high: 0.28, kind: "difference",
		source: "Comino, Mastrobuoni and Nicolò 2020, J. Policy Analysis & Management (IZA DP 10306; NCVS around the 1986 IRCA amnesty): reporting by amnesty applicants up about 20 percentage points, from about 17%. The range allows ±8 points for the imprecision of an estimate identified from one amnesty and stays below the press release's 'three times more likely' (about +34 points)", grade: "A",
		how: "every district's undocumented residents moved into the lawful noncitizen group (group shares; the lawful group's Hispanic share recomputed so the cohorts keep their ethnic composition; the new lawful residents take the lawful group's trust and fear; with no undocumented resident left, no household is of mixed status) vs baseline, paired: (Σ reports by noncitizen victims in the legalized arm, each replication's rescaled to the baseline's number of noncitizen victimizations, − Σ in the baseline) ÷ Σ undocumented victimizations in the baseline, over replications: the gain in the chance of reporting per legalized victim (a change of reporting propensity, as Comino et al. estimate, not of the number of victimizations)",
		ratio: func(in *inputs) (float64, float64) {
			a, b := in.s[armBase], in.s[armLegal]
			// The legalized arm's reports at the baseline's number of
			// noncitizen victimizations: fewer victimizations under
			// predation on silence are not less reporting.
			scale := sim.Ratio(noncitizenOccurred(a), noncitizenOccurred(b))
			return noncitizenReports(b)*scale - noncitizenReports(a),
				a.Value(groupOccurred.Of(int(agents.Undocumented)))
		},
		naux: 5,
		aux: func(in *inputs) []float64 {
			a, b := in.s[armBase], in.s[armLegal]
			l, u := int(agents.LawfulNoncitizen), int(agents.Undocumented)
			occA, occB := noncitizenOccurred(a), noncitizenOccurred(b)
			return []float64{a.Value(groupRates.Of(u)), a.Value(groupRates.Of(l)), a.Value(groupRates.Of(int(agents.Citizen))),
				sim.Ratio(noncitizenReports(b), occB), rel(occB, occA)}
		},
		detail: func(m []float64) string {
			return fmt.Sprintf("baseline reporting: undocumented %.1f%%, lawful noncitizens %.1f%%, citizens %.1f%%; legalized arm: noncitizens %.1f%%, their victimizations %+.1f%% (offenders prey less on those who report)",
				100*m[0], 100*m[1], 100*m[2], 100*m[3], 100*m[4])
		},
	},
	{
		id: "less_entangled_response", fact: 7, name: "Less entanglement raises immigrant reporting modestly",
		target: "+0.5% to +15% (relative)", low: 0.005, high: 0.15, kind: "relative",
		source: "Jácome 2022, J. Urban Econ. (+4%); Martínez-Schuldt and Martínez 2021, ASR (odds ratio 1.12)", grade: "A/B",
		how: "never-honor detainers vs baseline, paired: relative change in reports by noncitizen victims (lawful and undocumented)",
		value: func(in *inputs) float64 {
			return rel(noncitizenReports(in.s[armNever]), noncitizenReports(in.s[armBase]))
		},
	},
	{
		id: "pep_narrowing", fact: 7, name: "Narrowing detainers to serious offenders raises Hispanic reporting a little",
		target: "+1% to +10% (relative)", low: 0.01, high: 0.10, kind: "relative",
		source: "Jácome 2022, J. Urban Econ. 128:103395 (Dallas police incidents by complainant ethnicity: violent and property crimes reported by Hispanics +4% after the 2015 Priority Enforcement Program; +10% of incidents in the 2018 working paper, the upper bound); lower bound +1%: a small but positive effect", grade: "A",
		how: "ICE lodges detainers on serious (index-crime) bookings only (ice.detainer_priority: serious_only, PEP-style) vs baseline, paired: (Σ reports by Hispanic victims under PEP − Σ in the baseline) ÷ Σ in the baseline, over replications",
		ratio: func(in *inputs) (float64, float64) {
			h := int(agents.Hispanic)
			b := in.s[armBase].Value(ethReported.Of(h))
			return in.s[armPEP].Value(ethReported.Of(h)) - b, b
		},
	},
	{
		id: "aggregate_response", fact: 7, name: "Routine policy shifts move population-wide reporting little",
		target: "largest change under 5% (relative)", low: 0, high: 0.05, kind: "relative",
		source: "Jácome 2022; Martínez-Schuldt and Martínez 2021; Amuedo-Dorantes and Arenas-Arroyo (−5% to −10% per SD, a sub-group)", grade: "A/B",
		how: "largest |relative change| in all-victim reports, paired vs baseline, over never-honor, judicial-warrant-only and 287(g) jail enforcement",
		value: func(in *inputs) float64 {
			base := in.s[armBase].Value(reported)
			m := 0.0
			for _, a := range []int{armNever, armJudicial, armJail} {
				m = math.Max(m, math.Abs(rel(in.s[a].Value(reported), base)))
			}
			return m
		},
	},
	{
		id: "surge_drop", fact: 9, name: "A highly visible surge cuts reporting sharply in the short run",
		target: "undocumented −5% to −40% in the first two weeks", low: -0.40, high: -0.05, kind: "relative",
		source: "LA Times 2025 (calls −28% in two weeks, DV −7%; confounded); Ang et al. 2021", grade: "B/C",
		how: "surge arm (two weeks of large worksite operations from day 150) vs baseline, paired: change in reports by undocumented victims on days 150–164, relative to the baseline's",
		ratio: func(in *inputs) (float64, float64) {
			u := int(agents.Undocumented)
			s, b := in.d[armSurge].reports(u, surgeStart, surgeEnd), in.d[armBase].reports(u, surgeStart, surgeEnd)
			return s - b, b
		},
	},
	{
		id: "surge_recovery", fact: 9, name: "… and reporting partly recovers within weeks",
		target: "share of the drop left 6–10 weeks after the surge: 0–80%", low: 0, high: 0.8, kind: "share",
		source: "LA Times 2025 ('partial recovery within weeks'); persistence of several months (Ang et al. 2021) to over a year (Desmond et al. 2016, contested)", grade: "B/C",
		how: "the surge arm's shortfall in undocumented reports on days 206–234, as a share of its shortfall on days 150–164 (per day), paired vs baseline",
		ratio: func(in *inputs) (float64, float64) {
			u := int(agents.Undocumented)
			early := in.d[armBase].reports(u, surgeStart, surgeEnd) - in.d[armSurge].reports(u, surgeStart, surgeEnd)
			late := in.d[armBase].reports(u, surgeEnd+42, surgeEnd+70) - in.d[armSurge].reports(u, surgeEnd+42, surgeEnd+70)
			return late / 28, early / (surgeEnd - surgeStart)
		},
	},
	{
		id: "fingerprints_crime", fact: 10, name: "Fingerprint sharing alone: no detectable effect on crime",
		target: "≈ 0 (within ±1%)", low: -0.01, high: 0.01, kind: "relative",
		source: "Miles and Cox 2014, J. Law & Econ.; Treyger, Chalfin and Loeffler 2014; Hines and Peri 2019", grade: "A",
		how: "fingerprint sharing vs none, paired: relative change in victimizations (which respond through the offender stock, removals and the population; docs/model.md §3, §6, §9a)",
		value: func(in *inputs) float64 {
			return rel(in.s[armBase].Value(occurred), in.s[armNoFingerprints].Value(occurred))
		},
	},
	{
		id: "fear_lag", fact: 9, name: "Fear after a 287(g) signing builds over weeks",
		target: "half its new level after 7–42 days", low: 7, high: 42, kind: "days",
		source: "assumption: no study measures the lag (research brief §6.4); network diffusion of news (Asad 2020; Alsan and Yang 2022) and the two-week time scale of the 2025 Los Angeles drop in calls (LA Times, C)", grade: "assumption",
		how: "287(g) task force signed on day 60 vs baseline, paired: undocumented residents' extra fear each day; days after the signing until it first reaches half its mean over days 150–180",
		value: func(in *inputs) float64 {
			a, b := in.fear[armSigned], in.fear[armBase]
			extra := func(day int) float64 { return a[day] - b[day] }
			level := 0.0
			for day := 150; day < 180; day++ {
				level += extra(day) / 30
			}
			if !(level > 0) {
				return math.NaN()
			}
			for day := int(signDay); day < len(a); day++ {
				if extra(day) >= level/2 {
					return float64(day) - signDay
				}
			}
			return math.NaN()
		},
	},
	{
		id: "surge_habituation", fact: 9, name: "A second identical surge costs less trust than the first",
		target: "second surge's trust loss clearly below the first's (ratio 0–0.9)", low: 0, high: 0.9, kind: "ratio",
		source: "assumption (habituation: research brief §6.4; a routine presence shocks less than a first one). Without habituation the faster recovery of the more shaken arm alone gives about 0.94, hence the bound 0.9", grade: "assumption",
		how: "two surges of large worksite operations four weeks apart vs one vs none, paired: undocumented residents' trust lost within the second surge's two weeks (twice, beyond once) ÷ within the first's (once, beyond baseline)",
		ratio: func(in *inputs) (float64, float64) {
			// Trust lost within each surge's two weeks, beyond the arm
			// without it (which recovers alike within the window).
			drop := func(a []float64, from, to float64) float64 { return a[int(from)] - a[int(to)] }
			first := drop(in.trust[armSurge], surgeStart, surgeEnd) - drop(in.trust[armBase], surgeStart, surgeEnd)
			second := drop(in.trust[armSurgeTwice], surge2Start, surge2End) - drop(in.trust[armSurge], surge2Start, surge2End)
			return second, first
		},
	},
	{
		id: "sc_rollout_crime", fact: 10, name: "Staggered fingerprint-sharing rollout: no detectable effect on recorded crime",
		target: "within ±3% of crime recorded by police", low: -0.03, high: 0.03, kind: "relative",
		source: "Miles and Cox 2014, J. Law & Econ.; Treyger, Chalfin and Loeffler 2014, J. Empirical Legal Studies (Secure Communities rollout: UCR crime)", grade: "A",
		how: "three counties adopt fingerprint sharing on days 60, 150 and 240, paired with a county that never does (common random numbers): reported crimes after each adoption date, relative to the never-adopting county's over the same days (pooled ATT on crime recorded by police, the UCR measure)",
		ratio: func(in *inputs) (float64, float64) {
			var num, den float64
			for k, day := range rolloutDays {
				a, b := in.d[armRollout+k].reports(-1, day, in.days), in.d[armNoFingerprints].reports(-1, day, in.days)
				num += a - b
				den += b
			}
			return num, den
		},
		naux: 1 + agents.NumGroups,
		aux: func(in *inputs) []float64 {
			out := make([]float64, 1+agents.NumGroups)
			for k, day := range rolloutDays {
				out[0] += in.s[armRollout+k].Value(removedOffenders) - in.s[armNoFingerprints].Value(removedOffenders)
				for g := range agents.NumGroups {
					out[1+g] += in.d[armRollout+k].occurredBy(g, day, in.days) - in.d[armNoFingerprints].occurredBy(g, day, in.days)
				}
			}
			for g := range agents.NumGroups {
				var base float64
				for _, day := range rolloutDays {
					base += in.d[armNoFingerprints].occurredBy(g, day, in.days)
				}
				out[1+g] = rel(base+out[1+g], base)
			}
			out[0] /= float64(len(rolloutDays))
			return out
		},
		detail: func(m []float64) string {
			return fmt.Sprintf("mechanisms live: %+.1f removals of active offenders per adopting county; victimizations after adoption: citizens %+.2f%%, lawful noncitizens %+.2f%%, undocumented %+.2f%%",
				m[0], 100*m[1+int(agents.Citizen)], 100*m[1+int(agents.LawfulNoncitizen)], 100*m[1+int(agents.Undocumented)])
		},
	},
	{
		id: "fingerprints_crime_incap_high", fact: 10, name: "… but under the incapacitation-high reading the effect is detectable",
		target: "a detectable fall in recorded crime (95% interval below zero)", detect: -1, kind: "relative",
		source: "the proponents' reading (parameter set incapacitation-high: every jailed or removed person an active offender); contrast with Miles and Cox 2014", grade: "derived",
		how: "incapacitation-high with vs without fingerprint sharing, paired: relative change in reported crimes",
		value: func(in *inputs) float64 {
			return rel(in.s[armIncapHigh].Value(reported), in.s[armIncapHighNoFingerprints].Value(reported))
		},
		naux: 2,
		aux: func(in *inputs) []float64 {
			return []float64{
				rel(in.s[armIncapHigh].Value(occurred), in.s[armIncapHighNoFingerprints].Value(occurred)),
				in.s[armIncapHigh].Value(removedOffenders) - in.s[armIncapHighNoFingerprints].Value(removedOffenders),
			}
		},
		detail: func(m []float64) string {
			return fmt.Sprintf("victimizations %+.2f%%; %+.1f more active offenders removed", 100*m[0], m[1])
		},
	},
	{
		id: "fingerprints_clearance", fact: 10, name: "Fingerprint sharing alone: no detectable gain in clearance",
		target: "≈ 0 (within ±1 point)", low: -0.01, high: 0.01, kind: "difference",
		source: "Hines and Peri 2019 (no increase in police effectiveness)", grade: "A",
		how: "fingerprint sharing vs none, paired: difference in the clearance rate of reported crimes",
		value: func(in *inputs) float64 {
			return in.s[armBase].Value(clearanceRate) - in.s[armNoFingerprints].Value(clearanceRate)
		},
	},
	{
		id: "sanctuary_crime", fact: 11, name: "Never honoring detainers: no detectable increase in crime",
		target: "≈ 0 (within ±1%)", low: -0.01, high: 0.01, kind: "relative",
		source: "Gonzalez, Collingwood and El-Khatib 2017; Otsu 2020", grade: "B",
		how: "never-honor vs baseline, paired: relative change in victimizations (fewer removals: more offenders at large, a larger population)",
		value: func(in *inputs) float64 {
			return rel(in.s[armNever].Value(occurred), in.s[armBase].Value(occurred))
		},
	},
	{
		id: "jail_model_detainers", fact: 12, name: "287(g) jail models produce most 287(g) detainers",
		target: "≥ 75% (historically about 90%)", low: 0.75, high: 1, kind: "share",
		source: "Capps, Rosenblum, Rodríguez and Chishti 2011, Delegation and Divergence (MPI)", grade: "B",
		how: "extra detainers over baseline under jail enforcement ÷ (that + extra under the task force model), paired",
		value: func(in *inputs) float64 {
			base := in.s[armBase].Value(detainers)
			jail := math.Max(0, in.s[armJail].Value(detainers)-base)
			tf := math.Max(0, in.s[armTaskForce].Value(detainers)-base)
			if jail+tf == 0 {
				return math.NaN()
			}
			return jail / (jail + tf)
		},
	},
	{
		id: "minor_detainers", fact: 12, name: "About half of 287(g) detainers follow minor arrests",
		target: "35%–65%", low: 0.35, high: 0.65, kind: "share",
		source: "Capps et al. 2011 (MPI): about half on misdemeanor or traffic arrests", grade: "B",
		how: "287(g) jail enforcement: detainers on minor bookings ÷ detainers",
		value: func(in *inputs) float64 {
			s := in.s[armJail]
			return sim.Ratio(s.Value(detainersOnMinor), s.Value(detainers))
		},
	},
	{
		id: "use_of_force", fact: 13, name: "Use of force in enforcement operations is uncommon",
		target: "2%–10% of operations", low: 0.02, high: 0.10, kind: "share",
		source: "BJS PPCS 2018/2020: threat or use of force in 2–3% of police-public contacts; an operation involves several contacts (assumption)", grade: "A/assumption",
		how: "baseline: uses of force ÷ operations",
		value: func(in *inputs) float64 {
			s := in.s[armBase]
			return sim.Ratio(s.Value(useOfForce), s.Value(operations))
		},
	},
	{
		id: "blue_on_blue", fact: 13, name: "Blue-on-blue confrontations are rare",
		target: "0.03–0.4 per 100,000 residents a year", low: 0.03, high: 0.4, kind: "rate",
		source: "NY Task Force on Police-on-Police Shootings 2010: confrontations between agencies 'daily' nationally (≈ 0.1 per 100,000 a year)", grade: "B/derived",
		how: "baseline: blue-on-blue confrontations per 100,000 residents per year",
		value: func(in *inputs) float64 {
			s := in.s[armBase]
			return s.Value(blueOnBlue) / in.pop * 1e5 / (s.Run.Days / 365)
		},
	},
	{
		id: "overlap_frequency", fact: 14, name: "Overlaps between agencies' operations are common without deconfliction",
		target: "25%–75% of operations flagged (one register: about half)", low: 0.25, high: 0.75, kind: "share",
		source: "South Texas HIDTA deconfliction slide; national systems logged > 350,000 events in 2014", grade: "C",
		how:    "baseline (no deconfliction): operations that overlapped another agency's nearby ÷ operations",
		metric: baseline(flaggedShare),
	},
	{
		id: "outflow_287g", fact: 15, name: "A 287(g) agreement shrinks the noncitizen population within two years",
		target: "−7% to −10% in two years", low: -0.10, high: -0.07, kind: "relative",
		source: "Dee and Murphy, Vanished Classmates, NBER WP 25080 / CEPA WP 18-18, 2018 (Hispanic public-school enrolment about 7% to 10% lower within two years of a local ICE partnership)", grade: "A/B",
		how: "two years of a 287(g) task-force agreement from day 0 vs none, paired: relative difference in the noncitizen (lawful and undocumented) population at the end",
		value: func(in *inputs) float64 {
			return rel(noncitizens(in.s[armTaskForce2y]), noncitizens(in.s[armBase2y]))
		},
	},
	{
		id: "removal_composition", fact: 16, name: "Removals with a criminal booking",
		target: "33%–59% of removals", low: 0.33, high: 0.59, kind: "share",
		source: "ICE ERO FY2013 (59% of removals convicted); ICE FY2024 annual report (≈33% with criminal histories)", grade: "A",
		how: "baseline: removals of people booked into the jail (serious or minor offence) ÷ all removals",
		ratio: func(in *inputs) (float64, float64) {
			s := in.s[armBase]
			return s.Value(removalsByLevel.Of(int(agents.LevelSerious))) + s.Value(removalsByLevel.Of(int(agents.LevelMinor))), s.Value(removals)
		},
		naux: 1,
		aux: func(in *inputs) []float64 {
			s := in.s[armBase]
			return []float64{s.Value(removalsByLevel.Of(int(agents.LevelSerious))) / s.Value(removals)}
		},
		detail: func(m []float64) string {
			return fmt.Sprintf("%.1f%% after a booking for a victimization (TRAC: about 8–12%% Level 1)", 100*m[0])
		},
	},
}

// rel is the relative change from b to a.
func rel(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a/b - 1
}

// The metrics the facts read, by their catalogue keys.
var (
	occurred          = agents.MustMetric("crimes.occurred").ID
	reported          = agents.MustMetric("crimes.reported").ID
	reportingRate     = agents.MustMetric("crimes.reporting_rate").ID
	violentRate       = agents.MustMetric("crimes.violent.rate").ID
	propertyRate      = agents.MustMetric("crimes.property.rate").ID
	groupRates        = agents.MustFamily("crimes.by_group.{name}.rate")
	groupReported     = agents.MustFamily("crimes.by_group.{name}.reported")
	groupOccurred     = agents.MustFamily("crimes.by_group.{name}.occurred")
	ethRates          = agents.MustFamily("crimes.by_ethnicity.{name}.rate")
	cohortRates       = agents.MustFamily("crimes.by_cohort.{name}.rate")
	ethReported       = agents.MustFamily("crimes.by_ethnicity.{name}.reported")
	ethOccurred       = agents.MustFamily("crimes.by_ethnicity.{name}.occurred")
	typeRates         = agents.MustFamily("crimes.by_type.{name}.rate")
	typeOccurred      = agents.MustFamily("crimes.by_type.{name}.occurred")
	clearanceRate     = agents.MustMetric("clearance.rate").ID
	violentClearance  = agents.MustMetric("clearance.violent_rate").ID
	propertyClearance = agents.MustMetric("clearance.property_rate").ID
	violentYield      = agents.MustMetric("clearance.violent_yield").ID
	propertyYield     = agents.MustMetric("clearance.property_yield").ID
	detainers         = agents.MustMetric("detainers.issued").ID
	detainersOnMinor  = agents.MustMetric("detainers.on_minor_arrests").ID
	operations        = agents.MustMetric("operations.total").ID
	useOfForce        = agents.MustMetric("safety.use_of_force").ID
	blueOnBlue        = agents.MustMetric("safety.blue_on_blue").ID
	flaggedShare      = agents.MustMetric("safety.flagged_share").ID
	removedOffenders  = agents.MustMetric("offenders.incapacitated_removal").ID
	removals          = agents.MustMetric("removals.total").ID
	removalsByLevel   = agents.MustFamily("removals.by_level.{name}.count")
	population        = agents.MustFamily("population.by_group.{name}.end")
)

// noncitizens is the lawful and undocumented population at the end.
func noncitizens(s *agents.Summary) float64 {
	return s.Value(population.Of(int(agents.LawfulNoncitizen))) + s.Value(population.Of(int(agents.Undocumented)))
}

func typeRate(s *agents.Summary, ct agents.CrimeType) float64 {
	return s.Value(typeRates.Of(int(ct)))
}

// noncitizenReports is the number of victimizations of noncitizens
// (lawful and undocumented) reported.
func noncitizenReports(s *agents.Summary) float64 {
	n := 0.0
	for g := range agents.Group(agents.NumGroups) {
		if g != agents.Citizen {
			n += s.Value(groupReported.Of(int(g)))
		}
	}
	return n
}

// noncitizenOccurred is the number of victimizations of noncitizens
// (lawful and undocumented) in s.
func noncitizenOccurred(s *agents.Summary) float64 {
	return s.Value(groupOccurred.Of(int(agents.LawfulNoncitizen))) + s.Value(groupOccurred.Of(int(agents.Undocumented)))
}
