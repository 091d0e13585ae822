package agents

// This file is the metric catalogue: every outcome the model reports, once.
// The run summary (its JSON and its flattened keys, the columns of a
// sweep's runs.csv), the time series, the visual mode's window figures,
// check-model and docs/metrics.md all read it.
//
// A metric family is one entry of defs: a key, a label, a doc line, a kind
// (unit and format), a direction, and optionally a breakdown, which makes it
// one metric per member (per group, crime type, venue, operation kind,
// agency or task-force focus). A family without a formula is a counter: the
// model adds to it where the thing happens (m.met.add). One with a formula
// computes its value from other families or from the model's state (trust,
// utilization, response-time quantiles). The same formula gives the value
// over the whole run (the summary), over a time-series interval, and over a
// viewing window (the difference of two [Counts]).
//
// Adding an output metric is one constant and one entry here, and the line
// that counts it (or a formula here).

// family identifies an entry of defs. The order of the constants is the
// order in which families first appear in the summary.
type family int

const (
	fOccurred family = iota
	fReported
	fReportingRate
	fViolentOccurred
	fViolentReported
	fViolentRate
	fPropertyOccurred
	fPropertyReported
	fPropertyRate
	fOccurredByGroup
	fReportedByGroup
	fOccurredByCohort
	fReportedByCohort
	fRateByCohort
	fOccurredByEthnicity
	fReportedByEthnicity
	fRateByEthnicity
	fRateByGroup
	fOccurredByType
	fReportedByType
	fRateByType

	fWitnesses
	fCooperating
	fCooperationRate
	fWitnessCoopByGroup
	fVictimCoopByGroup

	fCleared
	fClearanceRate
	fViolentClearance
	fPropertyClearance
	fViolentYield
	fPropertyYield
	fClearanceByType

	fResponses
	fResponseMean
	fResponseP50
	fResponseP90
	fDispatches
	fCrossDistrict
	fCrossDistrictShare

	fAbandoned
	fAbandonedShare
	fAbandonedCrimes
	fAbandonedCrimeShare
	fAbandonedOther
	fAbandonedOtherShare

	fOtherCalls
	fStops
	fStopsForgone
	fWarrantHits
	fWrongfulHits
	fWrongfulHolds
	fStatusInquiries
	fStopsByEthnicity
	fHispanicStopShare
	fHispanicStopDisparity
	fInquiriesByEthnicity
	fUtilization
	fBookings
	fMinorBookings

	fDetainers
	fHonored
	fDeclined
	fWrongfulDetainers
	fWrongfulHeld
	fCaughtByOversight
	fExpiredHolds
	fHoldHours
	fTransfers
	fDetainersOnMinor
	fDetainersFrom287g
	fDetainersFromFingerprints
	fDetainersByLevel
	fTransfersByLevel
	fRemovals
	fRemovalsByLevel

	fImmigrationArrests
	fArrestsByVenue
	fFollowUps

	fOffendersActive
	fOffendersHeld
	fOffendersRemovedAbroad
	fIncapacitatedJail
	fIncapacitatedRemoval
	fOffenderReentries
	fOffendersEntered
	fOffendersDesisted

	fCriminalArrests
	fCriminalByFocus

	fOperations
	fOpsByKind
	fOpsByAgency

	fUseOfForce
	fOfficerInjuries
	fCivilianInjuries
	fBlueOnBlue
	fOverlaps
	fOverlapsDetected
	fForcePer100
	fInjuriesPer100
	fBlueOnBluePer100
	fOverlapsPer100
	fFlaggedShare
	fComplaints

	fOpsPlanned
	fOpsWaited
	fOpsDropped
	fOpsPostponed
	fOpsMerged
	fUtilByAgency
	fUtilTF
	fOverlapsPrevented
	fMeetingHours
	fReviewed
	fModified
	fDenied
	fAudited
	fAuditFindings

	fTrustStart
	fTrustEnd
	fTrustEndByCohort
	fFearEndByCohort
	fTrustEndByEthnicity
	fFearEndByEthnicity
	fTrustMean
	fFearEnd
	fHarmUseOfForce
	fHarmInjury
	fHarmBlueOnBlue
	fHarmWrongful
	fHarmStatusInquiry
	fHarmComplaint
	fHarmMedia
	fHarmTrustLost

	fPopStart
	fPopEnd
	fPopChange
	fPopOutMigrated
	fPopReturned
	fPopRemoved
	fPopReentered

	fBedDays
	fJailCost
	fImmigrationHours
	fLitigation
	fSuits
	fSuitsPending
	fOrders
	fSuitCost
	fMilitaryDays

	// Not in the run record: counts that other metrics are made of, and
	// figures of the time series and the visual mode.
	fWitnessesByGroup
	fCooperatingByGroup
	fVictimsCooperatingByGroup
	fClearedByType
	fOpsFlagged
	fIncidents
	fIncidentsPer100
	fInvolvement
	fSuitsArising
	fBusyByAgency
	fCapByAgency
	fBusyTF
	fCapTF

	numFamilies
)

// defs are the metric families. Label and doc may hold {label} or
// {plural}, replaced by the member's label; a key holds {name} (or
// {group}): a list in the summary's JSON whose entries carry the member's
// name under that key.
var defs = [numFamilies]def{
	fOccurred: {key: "crimes.occurred", label: "Victimizations", kind: KindCount,
		doc: "Victimizations, reported to police or not.", calc: total(fOccurredByGroup)},
	fReported: {key: "crimes.reported", label: "Victimizations reported to police", kind: KindCount,
		doc: "Victimizations the victim reported to police.", calc: total(fReportedByGroup)},
	fReportingRate: {key: "crimes.reporting_rate", label: "Reporting rate, all victims", kind: KindShare, dir: HigherBetter,
		doc: "Share of victimizations reported to police.", calc: ratioOf(fReported, fOccurred)},
	fViolentOccurred: {key: "crimes.violent.occurred", label: "Violent victimizations", kind: KindCount,
		doc: "Victimizations by a violent crime (domestic violence, assault, robbery, human trafficking).", calc: sumOver(fOccurredByType, true)},
	fViolentReported: {key: "crimes.violent.reported", label: "Violent victimizations reported", kind: KindCount,
		doc: "Violent victimizations reported to police.", calc: sumOver(fReportedByType, true)},
	fViolentRate: {key: "crimes.violent.rate", label: "Reporting rate, violent crime", kind: KindShare, dir: HigherBetter,
		doc: "Share of violent victimizations reported to police.", calc: ratioOf(fViolentReported, fViolentOccurred)},
	fPropertyOccurred: {key: "crimes.property.occurred", label: "Property victimizations", kind: KindCount,
		doc: "Victimizations by a property crime (burglary, theft, motor-vehicle theft).", calc: sumOver(fOccurredByType, false)},
	fPropertyReported: {key: "crimes.property.reported", label: "Property victimizations reported", kind: KindCount,
		doc: "Property victimizations reported to police.", calc: sumOver(fReportedByType, false)},
	fPropertyRate: {key: "crimes.property.rate", label: "Reporting rate, property crime", kind: KindShare, dir: HigherBetter,
		doc: "Share of property victimizations reported to police.", calc: ratioOf(fPropertyReported, fPropertyOccurred)},
	fOccurredByGroup: {key: "crimes.by_group.{name}.occurred", by: ByGroup, label: "Victimizations, {label} victims", kind: KindCount,
		doc: "Victimizations of {plural}."},
	fReportedByGroup: {key: "crimes.by_group.{name}.reported", by: ByGroup, label: "Victimizations reported, {label} victims", kind: KindCount,
		doc: "Victimizations of {plural} reported to police."},
	fRateByGroup: {key: "crimes.by_group.{name}.rate", by: ByGroup, label: "Reporting rate, {label} victims", kind: KindShare, dir: HigherBetter,
		doc: "Share of victimizations of {plural} reported to police.", calc: ratioOf(fReportedByGroup, fOccurredByGroup)},
	fOccurredByCohort: {key: "crimes.by_cohort.{name}.occurred", by: ByCohort, label: "Victimizations, {label} victims", kind: KindCount,
		doc: "Victimizations of {plural}."},
	fReportedByCohort: {key: "crimes.by_cohort.{name}.reported", by: ByCohort, label: "Victimizations reported, {label} victims", kind: KindCount,
		doc: "Victimizations of {plural} reported to police."},
	fRateByCohort: {key: "crimes.by_cohort.{name}.rate", by: ByCohort, label: "Reporting rate, {label} victims", kind: KindShare, dir: HigherBetter,
		doc: "Share of victimizations of {plural} reported to police.", calc: ratioOf(fReportedByCohort, fOccurredByCohort)},
	fOccurredByEthnicity: {key: "crimes.by_ethnicity.{name}.occurred", by: ByEthnicity, label: "Victimizations, {label} victims", kind: KindCount,
		doc: "Victimizations of {plural}, all groups.", calc: ethnicitySum(fOccurredByCohort)},
	fReportedByEthnicity: {key: "crimes.by_ethnicity.{name}.reported", by: ByEthnicity, label: "Victimizations reported, {label} victims", kind: KindCount,
		doc: "Victimizations of {plural} reported to police, all groups.", calc: ethnicitySum(fReportedByCohort)},
	fRateByEthnicity: {key: "crimes.by_ethnicity.{name}.rate", by: ByEthnicity, label: "Reporting rate, {label} victims", kind: KindShare, dir: HigherBetter,
		doc: "Share of victimizations of {plural} reported to police, all groups (NCVS reports it by ethnicity).", calc: ratioOf(fReportedByEthnicity, fOccurredByEthnicity)},
	fOccurredByType: {key: "crimes.by_type.{name}.occurred", by: ByCrimeType, label: "Victimizations, {label}", kind: KindCount,
		doc: "Victimizations by {label}."},
	fReportedByType: {key: "crimes.by_type.{name}.reported", by: ByCrimeType, label: "Victimizations reported, {label}", kind: KindCount,
		doc: "Victimizations by {label} reported to police."},
	fRateByType: {key: "crimes.by_type.{name}.rate", by: ByCrimeType, label: "Reporting rate, {label}", kind: KindShare, dir: HigherBetter,
		doc: "Share of victimizations by {label} reported to police.", calc: ratioOf(fReportedByType, fOccurredByType)},

	fWitnesses: {key: "witnesses.witnesses", label: "Witnesses of reported crimes", kind: KindCount,
		doc: "Witnesses of reported crimes (Poisson, at most 4 a crime).", calc: total(fWitnessesByGroup)},
	fCooperating: {key: "witnesses.cooperating", label: "Witnesses cooperating", kind: KindCount,
		doc: "Witnesses of reported crimes who cooperated with the investigation.", calc: total(fCooperatingByGroup)},
	fCooperationRate: {key: "witnesses.cooperation_rate", label: "Witness cooperation", kind: KindShare, dir: HigherBetter,
		doc: "Share of witnesses of reported crimes who cooperated.", calc: ratioOf(fCooperating, fWitnesses)},
	fWitnessCoopByGroup: {key: "witnesses.by_group.{name}.share", by: ByGroup, label: "Witness cooperation, {label} witnesses", kind: KindShare, dir: HigherBetter,
		doc: "Share of witnesses who are {plural} who cooperated.", calc: ratioOf(fCooperatingByGroup, fWitnessesByGroup)},
	fVictimCoopByGroup: {key: "witnesses.victim_cooperation_by_group.{name}.share", by: ByGroup, label: "Victim cooperation, {label} victims", kind: KindShare, dir: HigherBetter,
		doc: "Share of {plural} who reported a victimization and cooperated with the investigation.", calc: ratioOf(fVictimsCooperatingByGroup, fReportedByGroup)},

	fCleared: {key: "clearance.cleared", label: "Crimes cleared", kind: KindCount, dir: HigherBetter,
		doc: "Reported crimes cleared by an arrest.", calc: total(fClearedByType)},
	fClearanceRate: {key: "clearance.rate", label: "Clearance rate (of reported crimes)", kind: KindShare, dir: HigherBetter,
		doc: "Share of reported crimes cleared by an arrest.", calc: ratioOf(fCleared, fReported)},
	fViolentClearance: {key: "clearance.violent_rate", label: "Clearance rate, violent crime", kind: KindShare, dir: HigherBetter,
		doc: "Share of reported violent crimes cleared.", calc: clearedOver(fViolentReported, true)},
	fPropertyClearance: {key: "clearance.property_rate", label: "Clearance rate, property crime", kind: KindShare, dir: HigherBetter,
		doc: "Share of reported property crimes cleared.", calc: clearedOver(fPropertyReported, false)},
	fViolentYield: {key: "clearance.violent_yield", label: "Violent victimizations cleared", kind: KindShare, dir: HigherBetter,
		doc: "Share of violent victimizations, reported or not, that end in a clearance.", calc: clearedOver(fViolentOccurred, true)},
	fPropertyYield: {key: "clearance.property_yield", label: "Property victimizations cleared", kind: KindShare, dir: HigherBetter,
		doc: "Share of property victimizations, reported or not, that end in a clearance.", calc: clearedOver(fPropertyOccurred, false)},
	fClearanceByType: {key: "clearance.by_type.{name}.share", by: ByCrimeType, label: "Clearance rate, {label}", kind: KindShare, dir: HigherBetter,
		doc: "Share of reported crimes of {label} cleared.", calc: ratioOf(fClearedByType, fReportedByType)},

	fResponses: {key: "response.calls", label: "Reported crimes responded to", kind: KindCount,
		doc: "Reported crimes a patrol unit was dispatched to (the response-time sample)."},
	fResponseMean: {key: "response.mean_minutes", label: "Response time, mean (min)", kind: KindMinutes, dir: HigherWorse,
		doc: "Mean time from a crime's report to a unit's arrival.", calc: responseMean},
	fResponseP50: {key: "response.p50_minutes", label: "Response time, median (min)", kind: KindMinutes, dir: HigherWorse,
		doc: "Median time from a crime's report to a unit's arrival.", calc: responseQuantile(0.5)},
	fResponseP90: {key: "response.p90_minutes", label: "Response time, 90th percentile (min)", kind: KindMinutes, dir: HigherWorse,
		doc: "90th percentile of the time from a crime's report to a unit's arrival.", calc: responseQuantile(0.9)},
	fDispatches: {key: "response.dispatches", label: "Calls a unit was dispatched to", kind: KindCount,
		doc: "Calls for service (reported crimes and other calls) a patrol unit was dispatched to, from its own district or another."},
	fCrossDistrict: {key: "response.cross_district", label: "Cross-district dispatches", kind: KindCount,
		doc: "Calls answered by a unit of another district under police.mutual_aid (the call's district had no free unit)."},
	fCrossDistrictShare: {key: "response.cross_district_share", label: "Cross-district dispatches, share", kind: KindShare,
		doc: "Share of dispatches answered by a unit of another district (Larson's inter-district dispatch fraction).", calc: ratioOf(fCrossDistrict, fDispatches)},

	fAbandoned: {key: "abandoned_calls.total", label: "Calls abandoned", kind: KindCount, dir: HigherWorse,
		doc: "Calls for service (reported crimes and other calls) abandoned after waiting police.abandon_after_minutes for a unit.", calc: sum(fAbandonedCrimes, fAbandonedOther)},
	fAbandonedShare: {key: "abandoned_calls.share", label: "Calls abandoned, share", kind: KindShare, dir: HigherWorse,
		doc: "Share of calls for service abandoned.", calc: ratioOf(fAbandoned, fReported, fOtherCalls)},
	fAbandonedCrimes: {key: "abandoned_calls.crimes", label: "Reported crimes abandoned", kind: KindCount, dir: HigherWorse,
		doc: "Reported crimes abandoned in the dispatch queue: no response, investigation or clearance."},
	fAbandonedCrimeShare: {key: "abandoned_calls.crime_share", label: "Reported crimes abandoned, share", kind: KindShare, dir: HigherWorse,
		doc: "Share of reported crimes abandoned in the dispatch queue.", calc: ratioOf(fAbandonedCrimes, fReported)},
	fAbandonedOther: {key: "abandoned_calls.other_calls", label: "Other calls abandoned", kind: KindCount, dir: HigherWorse,
		doc: "Calls for service that are not victimizations abandoned in the dispatch queue."},
	fAbandonedOtherShare: {key: "abandoned_calls.other_share", label: "Other calls abandoned, share", kind: KindShare, dir: HigherWorse,
		doc: "Share of other calls for service abandoned in the dispatch queue.", calc: ratioOf(fAbandonedOther, fOtherCalls)},

	fOtherCalls: {key: "patrol.other_calls", label: "Other calls for service", kind: KindCount,
		doc: "Calls for service that are not victimizations (disturbances, alarms, traffic)."},
	fStops: {key: "patrol.traffic_stops", label: "Traffic stops", kind: KindCount,
		doc: "Officer-initiated traffic stops made."},
	fStopsForgone: {key: "patrol.stops_forgone", label: "Traffic stops forgone", kind: KindCount,
		doc: "Traffic stops not made because no unit was free."},
	fWarrantHits: {key: "patrol.warrant_hits", label: "ICE warrant hits at stops", kind: KindCount,
		doc: "Database queries at traffic stops that returned an ICE administrative warrant."},
	fWrongfulHits: {key: "patrol.wrongful_warrant_hits", label: "Wrongful warrant hits", kind: KindCount, dir: HigherWorse,
		doc: "Warrant hits at stops on people who are not removable (stale records, namesakes)."},
	fWrongfulHolds: {key: "patrol.wrongful_warrant_holds", label: "Wrongful holds at stops", kind: KindCount, dir: HigherWorse,
		doc: "People who are not removable held at a stop on a wrongful warrant hit."},
	fStatusInquiries: {key: "patrol.status_inquiries", label: "Status inquiries at stops", kind: KindCount,
		doc: "Immigration-status questions asked at traffic stops under a 287(g) task-force agreement."},
	fStopsByEthnicity: {key: "patrol.stops_by_ethnicity.{name}.count", by: ByEthnicity, label: "Traffic stops, {label} drivers", kind: KindCount,
		doc: "Traffic stops of {label} drivers (under a 287(g) task force Hispanic drivers are stopped more often than their share: agreements.g287.stop_profiling)."},
	fHispanicStopShare: {key: "patrol.hispanic_stop_share", label: "Hispanic share of traffic stops", kind: KindShare,
		doc:  "Share of traffic stops whose driver is Hispanic (compare the Hispanic share of residents; in Alamance County, NC, 36% of checkpoint stops against 11.6% of residents, United States v. Johnson 2015).",
		calc: hispanicStopShare},
	fHispanicStopDisparity: {key: "patrol.hispanic_stop_disparity", label: "Stop disparity, Hispanic vs non-Hispanic drivers", kind: KindLevel, dir: HigherWorse,
		doc: "Traffic stops per Hispanic resident ÷ stops per non-Hispanic resident (residents at the end; 1: stops in proportion to residents; the DOJ found 4 to 9 for Latino drivers in Maricopa County, 2011).", calc: stopDisparity},
	fInquiriesByEthnicity: {key: "patrol.status_inquiries_by_ethnicity.{name}.count", by: ByEthnicity, label: "Status inquiries at stops, {label} drivers", kind: KindCount,
		doc: "Immigration-status questions asked of {label} drivers at traffic stops under a 287(g) task force (Hispanic drivers of every status, citizens included, at agreements.g287.stop_question_rate; non-Hispanic noncitizens at stop_question_rate_other)."},
	fUtilization: {key: "patrol.utilization", label: "Patrol utilization", kind: KindShare,
		doc: "Share of staffed patrol unit-hours spent on calls, stops and operations.", calc: utilization},
	fBookings: {key: "patrol.bookings", label: "Jail bookings", kind: KindCount,
		doc: "Arrests booked into the county jail (cleared crimes, minor arrests, task-force arrests)."},
	fMinorBookings: {key: "patrol.minor_bookings", label: "Minor bookings", kind: KindCount,
		doc: "Bookings for misdemeanors and traffic offences."},

	fDetainers: {key: "detainers.issued", label: "Detainers issued", kind: KindCount,
		doc: "ICE detainers lodged on people booked into the jail."},
	fHonored: {key: "detainers.honored", label: "Detainers honored", kind: KindCount,
		doc: "Detainers on which the jail held the person for ICE."},
	fDeclined: {key: "detainers.declined", label: "Detainers declined", kind: KindCount,
		doc: "Detainers the jail did not honor."},
	fWrongfulDetainers: {key: "detainers.wrongful", label: "Wrongful detainers", kind: KindCount, dir: HigherWorse,
		doc: "Detainers lodged on people who are not removable."},
	fWrongfulHeld: {key: "detainers.wrongful_held", label: "Wrongful detainers held", kind: KindCount, dir: HigherWorse,
		doc: "Wrongful detainers on which the person was held."},
	fCaughtByOversight: {key: "detainers.caught_by_oversight", label: "Wrongful detainers caught by oversight", kind: KindCount, dir: HigherBetter,
		doc: "Wrongful detainers stopped by oversight before a hold."},
	fExpiredHolds: {key: "detainers.expired_holds", label: "Detainer holds expired", kind: KindCount,
		doc: "Honored detainers whose hold expired before ICE collected the person."},
	fHoldHours: {key: "detainers.hold_hours", label: "Hours held on detainers", kind: KindHours, dir: HigherWorse,
		doc: "Calendar hours that people were held beyond their release on honored detainers, until ICE collected them or the hold expired (a hold counts business hours only: policies.hold_business_hours)."},
	fTransfers: {key: "detainers.transfers", label: "Transfers to ICE custody", kind: KindCount,
		doc: "People transferred from the jail to ICE custody."},
	fDetainersOnMinor: {key: "detainers.on_minor_arrests", label: "Detainers on minor arrests", kind: KindCount,
		doc: "Detainers lodged after a minor (misdemeanor or traffic) booking."},
	fDetainersFrom287g: {key: "detainers.from_287g", label: "Detainers via 287(g)", kind: KindCount,
		doc: "Detainers processed by 287(g) jail-enforcement officers."},
	fDetainersFromFingerprints: {key: "detainers.from_fingerprints", label: "Detainers via fingerprints", kind: KindCount,
		doc: "Detainers following a fingerprint match (Secure Communities)."},
	fDetainersByLevel: {key: "detainers.by_level.{name}.count", by: ByLevel, label: "Detainers, {label}", kind: KindCount,
		doc: "Detainers lodged on people booked for: {label}."},
	fTransfersByLevel: {key: "transfers.by_level.{name}.count", by: ByLevel, label: "Transfers to ICE custody, {label}", kind: KindCount,
		doc: "Transfers from the jail to ICE custody of people booked for: {label}."},
	fRemovals: {key: "removals.total", label: "Removals from the country", kind: KindCount,
		doc: "People whose ICE custody ended in removal from the country (ice.removal_share of those transferred from the jail and of those arrested in ICE, task-force and Border Patrol operations).", calc: total(fRemovalsByLevel)},
	fRemovalsByLevel: {key: "removals.by_level.{name}.count", by: ByLevel, label: "Removals, {label}", kind: KindCount,
		doc: "Removals from the country of people whose custody began with: {label}."},

	fImmigrationArrests: {key: "immigration_arrests.total", label: "Immigration arrests", kind: KindCount,
		doc: "Immigration arrests by all agencies and venues.", calc: total(fArrestsByVenue)},
	fArrestsByVenue: {key: "immigration_arrests.by_venue.{name}.count", by: ByVenue, label: "Immigration arrests, {label}", kind: KindCount,
		doc: "Immigration arrests {label}."},
	fFollowUps: {key: "immigration_arrests.follow_up_operations", label: "ICE follow-up operations", kind: KindCount,
		doc: "At-large operations ICE ran after a declined detainer or a warrant hit it could not act on at the stop."},

	fOffendersActive: {key: "offenders.active", label: "Active offenders (end)", kind: KindCount, dir: HigherWorse,
		doc: "Active offenders of the tracked stock at large in the city at the end (in the time series: at the end of each interval).", calc: offendersNow(offActive)},
	fOffendersHeld: {key: "offenders.held", label: "Offenders held (end)", kind: KindCount,
		doc: "Offenders of the stock held at the end: in jail or serving a sentence.", calc: offendersNow(offHeld)},
	fOffendersRemovedAbroad: {key: "offenders.removed_abroad", label: "Offenders removed, abroad (end)", kind: KindCount,
		doc: "Offenders of the stock removed from the country and not (yet) back, at the end.", calc: offendersNow(offRemoved)},
	fIncapacitatedJail: {key: "offenders.incapacitated_jail", label: "Active offenders taken into custody", kind: KindCount,
		doc: "Arrests that took an active offender of the stock into custody (cleared victimizations and minor arrests)."},
	fIncapacitatedRemoval: {key: "offenders.incapacitated_removal", label: "Active offenders removed", kind: KindCount,
		doc: "Offenders of the stock removed from the country after a transfer from the jail."},
	fOffenderReentries: {key: "offenders.reentries", label: "Removed offenders back", kind: KindCount, dir: HigherWorse,
		doc: "Removed offenders of the stock who came back and rejoined the active stock."},
	fOffendersEntered: {key: "offenders.entered", label: "New offenders", kind: KindCount,
		doc: "New active offenders who entered the stock."},
	fOffendersDesisted: {key: "offenders.desisted", label: "Offenders desisted", kind: KindCount,
		doc: "Offenders who left the stock for good: desistance while active, or no return after a sentence."},

	fCriminalArrests: {key: "task_force_criminal_arrests.total", label: "Task-force criminal arrests", kind: KindCount,
		doc: "Criminal (not immigration) arrests by joint task forces.", calc: total(fCriminalByFocus)},
	fCriminalByFocus: {key: "task_force_criminal_arrests.by_focus.{name}.count", by: ByFocus, label: "Task-force criminal arrests, {label}", kind: KindCount,
		doc: "Criminal arrests by joint task forces working on {label}."},

	fOperations: {key: "operations.total", label: "Operations", kind: KindCount,
		doc: "Planned operations of all agencies.", calc: total(fOpsByKind)},
	fOpsByKind: {key: "operations.by_kind.{name}.count", by: ByOpKind, label: "Operations, {plural}", kind: KindCount,
		doc: "Planned operations: {plural}."},
	fOpsByAgency: {key: "operations.by_agency.{name}.count", by: ByAgency, label: "Operations with {label}", kind: KindCount,
		doc: "Planned operations in which {label} took part."},

	fUseOfForce: {key: "safety.use_of_force", label: "Use-of-force incidents", kind: KindCount, dir: HigherWorse,
		doc: "Use-of-force incidents in operations."},
	fOfficerInjuries: {key: "safety.officer_injuries", label: "Officer injuries", kind: KindCount, dir: HigherWorse,
		doc: "Officers injured in use-of-force incidents and blue-on-blue conflicts."},
	fCivilianInjuries: {key: "safety.civilian_injuries", label: "Civilian injuries", kind: KindCount, dir: HigherWorse,
		doc: "Civilians injured in use-of-force incidents."},
	fBlueOnBlue: {key: "safety.blue_on_blue", label: "Blue-on-blue conflicts", kind: KindCount, dir: HigherWorse,
		doc: "Confrontations between agencies whose operations overlapped unknown to both."},
	fOverlaps: {key: "safety.overlaps", label: "Overlapping operations", kind: KindCount, dir: HigherWorse,
		doc: "Pairs of operations of different agencies nearby in place and time."},
	fOverlapsDetected: {key: "safety.overlaps_detected", label: "Overlaps detected", kind: KindCount, dir: HigherBetter,
		doc: "Overlaps that deconfliction detected in time."},
	fForcePer100: {key: "safety.use_of_force_per_100_ops", label: "Use of force per 100 operations", kind: KindPer100Ops, dir: HigherWorse,
		doc: "Use-of-force incidents per 100 operations.", calc: per100Ops(fUseOfForce)},
	fInjuriesPer100: {key: "safety.injuries_per_100_ops", label: "Injuries per 100 operations", kind: KindPer100Ops, dir: HigherWorse,
		doc: "Officer and civilian injuries per 100 operations.", calc: per100Ops(fOfficerInjuries, fCivilianInjuries)},
	fBlueOnBluePer100: {key: "safety.blue_on_blue_per_100_ops", label: "Blue-on-blue conflicts per 100 operations", kind: KindPer100Ops, dir: HigherWorse,
		doc: "Blue-on-blue conflicts per 100 operations.", calc: per100Ops(fBlueOnBlue)},
	fOverlapsPer100: {key: "safety.overlaps_per_100_ops", label: "Overlaps per 100 operations", kind: KindPer100Ops, dir: HigherWorse,
		doc: "Overlaps per 100 operations.", calc: per100Ops(fOverlaps)},
	fFlaggedShare: {key: "safety.flagged_share", label: "Operations flagged as overlapping", kind: KindShare, dir: HigherWorse,
		doc: "Share of operations that overlapped at least one operation of another agency nearby: what a deconfliction register would flag.", calc: ratioOf(fOpsFlagged, fOperations)},
	fComplaints: {key: "safety.complaints", label: "Complaints against officers", kind: KindCount, dir: HigherWorse,
		doc: "Operations after which a complaint was filed against officers: the chance rises with a use of force and each injury (safety.complaint_per_op, complaint_per_force, complaint_per_injury) and falls with formal deconfliction's protocols in joint operations (policies.deconfliction.protocol_multiplier)."},

	fOpsPlanned: {key: "operations.planned", label: "Operations planned", kind: KindCount,
		doc: "Operations the agencies planned (their planning rates), including those later denied by review, dropped for want of units or merged."},
	fOpsWaited: {key: "operations.waited", label: "Operations that waited for units", kind: KindCount, dir: HigherWorse,
		doc: "Planned operations that found too few of their lead agency's units free at their start and waited (operations.max_wait_hours)."},
	fOpsDropped: {key: "operations.dropped", label: "Operations dropped for want of units", kind: KindCount, dir: HigherWorse,
		doc: "Planned operations dropped because their lead agency's units were not free within operations.max_wait_hours (or it has none)."},
	fOpsPostponed: {key: "operations.postponed", label: "Operations postponed by deconfliction", kind: KindCount,
		doc: "Postponements of operations that formal deconfliction found overlapping another agency's (policies.deconfliction.postpone_hours); an operation may be postponed more than once."},
	fOpsMerged: {key: "operations.merged", label: "Operations merged by deconfliction", kind: KindCount,
		doc: "Operations that formal deconfliction merged into a joint operation with the overlapping operation of another agency."},
	fUtilByAgency: {key: "operations.utilization.by_agency.{name}.share", by: ByAgency, label: "Capacity in operations, {label}", kind: KindShare,
		doc: "Share of the capacity of {label} busy in operations: unit-hours in operations ÷ unit-hours available (ICE teams, Border Patrol units, 287(g) officers under the task-force model; undefined for agencies without such a capacity).", calc: ratioOf(fBusyByAgency, fCapByAgency)},
	fUtilTF: {key: "operations.utilization.task_forces", label: "Capacity in operations, task forces", kind: KindShare,
		doc: "Share of the task forces' officer-hours (agreements.task_forces[].officers) busy in joint operations.", calc: ratioOf(fBusyTF, fCapTF)},
	fOverlapsPrevented: {key: "deconfliction.overlaps_prevented", label: "Overlaps prevented by deconfliction", kind: KindCount, dir: HigherBetter,
		doc: "Overlaps formal deconfliction detected before an operation started and resolved by postponing it or merging it into a joint operation."},
	fMeetingHours: {key: "deconfliction.meeting_hours", label: "Officer-hours in coordination meetings", kind: KindHours, dir: HigherWorse,
		doc: "Officer-hours spent in inter-agency coordination meetings (policies.deconfliction.meeting_hours × attendees × agencies, every meeting_days)."},
	fReviewed: {key: "oversight.reviewed", label: "Joint operations reviewed", kind: KindCount,
		doc: "Planned joint operations reviewed before they start by civilian review or an interagency panel (operations.vetting)."},
	fModified: {key: "oversight.modified", label: "Joint operations changed by review", kind: KindCount,
		doc: "Reviewed operations approved with required changes: lower visibility, no courthouse venue."},
	fDenied: {key: "oversight.denied", label: "Joint operations denied by review", kind: KindCount,
		doc: "Reviewed operations denied: they do not run."},
	fAudited: {key: "oversight.audited", label: "Joint operations audited afterwards", kind: KindCount,
		doc: "Completed joint operations audited after the fact under any kind of oversight (operations.vetting.audit_share), counted when the audit ends (operations.vetting.audit_days after the operation)."},
	fAuditFindings: {key: "oversight.audit_findings", label: "Audit findings", kind: KindCount,
		doc: "Audited operations in which the audit found a use of force, an injury, a complaint or a wrongful detention; each starts a corrective action that lowers the visibility and force risk of the lead agency's later operations (operations.vetting.corrective_multiplier)."},

	fTrustStart: {key: "trust.{group}.start", by: ByGroup, label: "Trust in police, {plural} (start)", kind: KindLevel, dir: HigherBetter,
		doc: "Population-weighted trust in police of {plural} at the start.", calc: trustStart},
	fTrustEnd: {key: "trust.{group}.end", by: ByGroup, label: "Trust in police, {plural} (end)", kind: KindLevel, dir: HigherBetter,
		doc: "Population-weighted trust in police of {plural} at the end (in the time series: at the end of each interval).", calc: trustNow},
	fTrustEndByCohort: {key: "cohorts.{name}.trust_end", by: ByCohort, label: "Trust in police, {plural} (end)", kind: KindLevel, dir: HigherBetter,
		doc: "Population-weighted trust in police of {plural} at the end.", calc: func(v *view, c int) float64 { return v.trust().cohort[c] }},
	fFearEndByCohort: {key: "cohorts.{name}.fear_end", by: ByCohort, label: "Fear of immigration enforcement, {plural} (end)", kind: KindLevel, dir: HigherWorse,
		doc: "Population-weighted fear of immigration consequences of contacting police among {plural}, mixed-status households included, at the end.", calc: func(v *view, c int) float64 { return v.fear().cohort[c] }},
	fTrustEndByEthnicity: {key: "ethnicities.{name}.trust_end", by: ByEthnicity, label: "Trust in police, {plural} (end)", kind: KindLevel, dir: HigherBetter,
		doc: "Population-weighted trust in police of {plural}, all groups, at the end.", calc: func(v *view, e int) float64 { return v.trust().ethnicity[e] }},
	fFearEndByEthnicity: {key: "ethnicities.{name}.fear_end", by: ByEthnicity, label: "Fear of immigration enforcement, {plural} (end)", kind: KindLevel, dir: HigherWorse,
		doc: "Population-weighted fear of immigration consequences of contacting police among {plural}, all groups, at the end.", calc: func(v *view, e int) float64 { return v.fear().ethnicity[e] }},
	fTrustMean: {key: "trust.{group}.mean", by: ByGroup, label: "Trust in police, {plural} (mean)", kind: KindLevel, dir: HigherBetter,
		doc: "Mean over the time-series samples of the population-weighted trust in police of {plural}.", calc: trustMean},
	fFearEnd: {key: "trust.{group}.fear_end", by: ByGroup, label: "Fear of immigration enforcement, {plural} (end)", kind: KindLevel, dir: HigherWorse,
		doc: "Population-weighted fear of immigration consequences of contacting police among {plural}, at the end (in the time series: at the end of each interval).", calc: fearNow},
	fHarmUseOfForce: {key: "harm.events.use_of_force", label: "Harm events: use of force", kind: KindCount, dir: HigherWorse,
		doc: "Use-of-force incidents counted as harm events that shock trust (trust.harm.use_of_force)."},
	fHarmInjury: {key: "harm.events.injury", label: "Harm events: injuries", kind: KindCount, dir: HigherWorse,
		doc: "Officers and civilians injured in use-of-force incidents and blue-on-blue conflicts, each a harm event that shocks trust (trust.harm.injury)."},
	fHarmBlueOnBlue: {key: "harm.events.blue_on_blue", label: "Harm events: blue-on-blue conflicts", kind: KindCount, dir: HigherWorse,
		doc: "Blue-on-blue conflicts counted as harm events that shock trust (trust.harm.blue_on_blue)."},
	fHarmWrongful: {key: "harm.events.wrongful_detention", label: "Harm events: wrongful detentions", kind: KindCount, dir: HigherWorse,
		doc: "Citizens and lawful residents held on a wrongful detainer or warrant hit, each a harm event that shocks trust (trust.harm.wrongful_detention)."},
	fHarmStatusInquiry: {key: "harm.events.status_inquiry", label: "Harm events: status inquiries", kind: KindCount, dir: HigherWorse,
		doc: "Drivers questioned about immigration status at 287(g) task-force stops, each a small harm event to the driver's cohort in the district (trust.harm.status_inquiry)."},
	fHarmComplaint: {key: "harm.events.complaint", label: "Harm events: complaints", kind: KindCount, dir: HigherWorse,
		doc: "Complaints against officers after operations, each a small harm event to trust in the operation's district (trust.harm.complaint)."},
	fHarmMedia: {key: "harm.media_events", label: "Harm events carried city-wide", kind: KindCount, dir: HigherWorse,
		doc: "Harm events salient enough (trust.salience_threshold) to reach every district through the media channel."},
	fHarmTrustLost: {key: "harm.trust_lost", label: "Trust lost to harm events", kind: KindLevel, dir: HigherWorse,
		doc: "Trust lost to harm events, summed over events, averaged over all residents (before recovery): the fall in the city's population-weighted trust that harm events caused."},

	fPopStart: {key: "population.by_group.{name}.start", by: ByGroup, label: "Residents, {plural} (start)", kind: KindCount, expected: true,
		doc: "Residents who are {plural} at the start, as configured.", calc: popStart},
	fPopEnd: {key: "population.by_group.{name}.end", by: ByGroup, label: "Residents, {plural} (end)", kind: KindCount, expected: true,
		doc: "Residents who are {plural} at the end (in the time series: at the end of each interval); expected numbers, not whole persons.", calc: popNow},
	fPopChange: {key: "population.by_group.{name}.change_share", by: ByGroup, label: "Change in residents, {plural}", kind: KindShare,
		doc: "Change in the number of residents who are {plural}, (end − start) ÷ start.", calc: popChangeShare},
	fPopOutMigrated: {key: "population.by_group.{name}.out_migrated", by: ByGroup, label: "Residents who moved away, {plural}", kind: KindCount, expected: true, dir: HigherWorse,
		doc: "Residents who are {plural} who moved away with local involvement in immigration enforcement (population.noncitizen_hazard)."},
	fPopReturned: {key: "population.by_group.{name}.returned", by: ByGroup, label: "Residents who returned or moved in, {plural}", kind: KindCount, expected: true,
		doc: "Residents who are {plural} who returned or moved in while the population was below its baseline (population.return_half_life_years)."},
	fPopRemoved: {key: "population.by_group.{name}.removed", by: ByGroup, label: "Residents removed, {plural}", kind: KindCount, expected: true, dir: HigherWorse,
		doc: "Residents who are {plural} taken into ICE custody and removed from the country (ice.removal_share)."},
	fPopReentered: {key: "population.by_group.{name}.reentered", by: ByGroup, label: "Removed residents who came back, {plural}", kind: KindCount,
		doc: "Removed residents who are {plural} who came back to the city."},

	fBedDays: {key: "costs.jail_bed_days", label: "Jail bed-days", kind: KindDays,
		doc: "Jail bed-days of all bookings, holds included."},
	fJailCost: {key: "costs.jail_cost", label: "Jail cost ($)", kind: KindMoney, dir: HigherWorse,
		doc: "Jail bed-days × jail.bed_day_cost.", calc: func(v *view, _ int) float64 { return v.get(fBedDays, 0) * v.m.cfg.Jail.BedDayCost }},
	fImmigrationHours: {key: "costs.immigration_officer_hours", label: "Officer-hours on immigration tasks", kind: KindHours, dir: HigherWorse,
		doc: "Local officer time on immigration tasks: status inquiries, transfers, jail screening, immigration operations."},
	fLitigation: {key: "costs.litigation_exposure", label: "Litigation exposure ($)", kind: KindMoney, dir: HigherWorse,
		doc: "Expected litigation cost of detainer holds without a judicial warrant and of wrongful holds."},
	fSuits: {key: "litigation.suits", label: "Detainer suits resolved", kind: KindCount, dir: HigherWorse,
		doc: "Suits over detainer holds without probable cause (jail.suit_chance, jail.suit_chance_wrongful) settled or lost by the jurisdiction during the run."},
	fSuitsPending: {key: "litigation.suits_pending", label: "Detainer suits pending", kind: KindCount, dir: HigherWorse,
		doc: "Suits arising from holds during the run and not resolved by its end (jail.suit_days): a liability the run leaves behind.", calc: func(v *view, _ int) float64 { return v.get(fSuitsArising, 0) - v.get(fSuits, 0) }},
	fOrders: {key: "litigation.orders", label: "Court orders ending the practice", kind: KindCount,
		doc: "Resolved suits that ended the practice of honoring detainers without a judicial warrant (jail.suit_ends_practice): each is a policy change the model made on its timeline."},
	fSuitCost: {key: "litigation.suit_cost", label: "Detainer suits paid ($)", kind: KindMoney, dir: HigherWorse,
		doc: "Settlements and damages paid in resolved suits (litigation.suits × jail.suit_cost): realized costs of the risk that costs.litigation_exposure prices as an expectation."},
	fMilitaryDays: {key: "costs.military_personnel_days", label: "Military personnel-days", kind: KindDays,
		doc: "Personnel-days of active military support units."},

	fWitnessesByGroup: {key: "witnesses.by_group.{name}.witnesses", by: ByGroup, off: true, label: "Witnesses, {plural}", kind: KindCount,
		doc: "Witnesses of reported crimes who are {plural}."},
	fCooperatingByGroup: {key: "witnesses.by_group.{name}.cooperating", by: ByGroup, off: true, label: "Witnesses cooperating, {plural}", kind: KindCount,
		doc: "Witnesses of reported crimes who are {plural} and cooperated."},
	fVictimsCooperatingByGroup: {key: "witnesses.victim_cooperation_by_group.{name}.cooperating", by: ByGroup, off: true, label: "Victims cooperating, {plural}", kind: KindCount,
		doc: "Victims who are {plural}, reported the crime and cooperated."},
	fClearedByType: {key: "clearance.by_type.{name}.cleared", by: ByCrimeType, off: true, label: "Crimes cleared, {label}", kind: KindCount, dir: HigherBetter,
		doc: "Reported crimes of {label} cleared by an arrest."},
	fOpsFlagged: {key: "safety.operations_flagged", off: true, label: "Operations flagged as overlapping (count)", kind: KindCount, dir: HigherWorse,
		doc: "Operations that overlapped at least one operation of another agency nearby."},
	fIncidents: {key: "safety.incidents", off: true, label: "Safety incidents", kind: KindCount, dir: HigherWorse,
		doc: "Use-of-force incidents and blue-on-blue conflicts.", calc: sum(fUseOfForce, fBlueOnBlue)},
	fIncidentsPer100: {key: "safety.incidents_per_100_ops", off: true, label: "Safety incidents per 100 operations", kind: KindPer100Ops, dir: HigherWorse,
		doc: "Use-of-force incidents and blue-on-blue conflicts per 100 operations.", calc: per100Ops(fIncidents)},
	fSuitsArising: {key: "litigation.suits_arising", off: true, label: "Detainer suits arising", kind: KindCount,
		doc: "Holds during the run that lead to a suit, resolved or not."},
	fBusyByAgency: {key: "operations.busy_hours.by_agency.{name}", by: ByAgency, off: true, label: "Unit-hours in operations, {label}", kind: KindHours,
		doc: "Unit-hours of {label} in operations."},
	fCapByAgency: {key: "operations.capacity_hours.by_agency.{name}", by: ByAgency, off: true, label: "Unit-hours available, {label}", kind: KindHours,
		doc: "Unit-hours of {label} available for operations."},
	fBusyTF: {key: "operations.busy_hours.task_forces", off: true, label: "Officer-hours in task-force operations", kind: KindHours,
		doc: "Task-force officer-hours in joint operations."},
	fCapTF: {key: "operations.capacity_hours.task_forces", off: true, label: "Task-force officer-hours available", kind: KindHours,
		doc: "Officer-hours of the active task forces."},
	fInvolvement: {key: "policy.involvement", off: true, label: "Local involvement in immigration enforcement", kind: KindLevel,
		doc: "How far local police are involved in immigration enforcement by the agreements and policies in force (0 to 1; see trust.involvement).", calc: func(v *view, _ int) float64 { return v.m.pol.involvement }},
}

// seriesDefs are the time series, in output order: each is a family's
// value over the interval, one point per member ("all" for a family
// without a breakdown).
var seriesDefs = []struct {
	name string
	f    family
}{
	{"trust", fTrustEnd},
	{"fear", fFearEnd},
	{"reporting_rate", fRateByGroup},
	{"reporting_rate", fReportingRate},
	{"crimes", fOccurred},
	{"reported", fReported},
	{"cleared", fCleared},
	{"response_minutes", fResponseMean},
	{"operations", fOperations},
	{"safety_incidents", fIncidents},
	{"immigration_arrests", fImmigrationArrests},
	{"detainers", fDetainers},
	{"detainers_honored", fHonored},
	{"involvement", fInvolvement},
	{"population", fPopEnd},
	{"offenders_active", fOffendersActive},
	{"removals", fRemovals},
}
