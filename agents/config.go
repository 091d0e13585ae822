package agents

// The configuration types below are the model's part of a scenario file.
// Every field carries tags that the loader, the JSON Schema, the scenario
// reference and docs/model.md are generated from:
//
//	yaml     key name
//	doc      what the key means
//	default  value used when the key is absent (a YAML scalar)
//	min, max allowed range (inclusive)
//	enum     allowed values, separated by "|" (an enumeration type lists
//	         its own: see levers.go)
//	unit     unit of measure
//	source   where the default comes from: a study, a statute, or "assumption"
//	hash     "nondefault" (with json:"-"): a key added after scenario hashes
//	         were published, which enters the hash only when it differs
//	         from its default (see schema.NonDefault)
//
// Lists of values by community group or by crime type are structs with one
// field per group or type, so that every key is known and checked.

// Config is the complete description of a simulated city, its agencies and
// their agreements. Obtain one with [DefaultConfig] or from the scenarios
// package; the zero Config is not meaningful on its own.
type Config struct {
	City         City         `yaml:"city" doc:"The synthetic city: its districts and their communities."`
	Reporting    Reporting    `yaml:"reporting" doc:"How victims and witnesses decide to report crimes and cooperate."`
	Offending    Offending    `yaml:"offending" doc:"The stock of active offenders who commit most victimizations, its flows (entry, desistance, custody, removal) and deterrence." json:"-"`
	Removal      Removal      `yaml:"removal" doc:"What happens to people removed from the country: re-entry." json:"-"`
	Police       Police       `yaml:"police" doc:"Local police patrol, dispatch and investigation."`
	Jail         Jail         `yaml:"jail" doc:"County jail bookings, stays and costs."`
	ICE          ICE          `yaml:"ice" doc:"Immigration and Customs Enforcement field teams and detainers."`
	BorderPatrol BorderPatrol `yaml:"border_patrol" doc:"Border Patrol units and where they may act."`
	Military     Military     `yaml:"military" doc:"Military support units and their legal status."`
	Agreements   Agreements   `yaml:"agreements" doc:"Inter-agency agreements: 287(g) and joint task forces."`
	Policies     Policies     `yaml:"policies" doc:"Jurisdiction policies: detainers, information sharing, deconfliction, oversight and more."`
	Channels     Channels     `yaml:"channels" doc:"The two channels through which immigration enforcement reaches public safety. Switch one off to tell their effects apart."`
	Safety       Safety       `yaml:"safety" doc:"Operation safety: use of force, injuries and blue-on-blue conflicts."`
	Trust        Trust        `yaml:"trust" doc:"Community trust and fear dynamics."`
	Legal        Legal        `yaml:"legal" doc:"Legal regime: statutory exceptions and state authorisations."`
	Population   Population   `yaml:"population" doc:"How district populations change: out-migration with local involvement in immigration enforcement, return toward the baseline, removals." json:"-"`
	Community    Community    `yaml:"community" doc:"The cohorts within each group: mixed-status households, Hispanic residents' exposure to enforcement, and how risk aversion varies among residents (see docs/model.md, Cohorts)." json:"-"`
	Calendar     Calendar     `yaml:"calendar" doc:"The calendar of the run: the date of day 0 and the holidays, on which the detainer hold does not count (policies.hold_business_hours)." json:"-"`
	Operations   Operations   `yaml:"operations" doc:"Operations as entities: planning lead time, how long a planned operation waits for free units, and the review of joint operations by an oversight body (see docs/model.md, Operations as entities)." json:"-"`
	Timeline     []Change     `yaml:"timeline" doc:"Policy changes on given days, for before/after analysis. Each entry sets agreement or policy keys on a day. Each entry is validated against the scenario as it stands after the ones before, so the item limit (a change every day for over 27 years) bounds the work of validation." default:"[]" maxitems:"10000" source:"scenario input"`
}

// City describes the districts. Give either districts (a list) or grid
// (rows × cols copies of one template district), not both.
type City struct {
	Districts      []District `yaml:"districts" doc:"The districts, each with its own population, communities and crime rates. The item limit is the size of the largest grid (64 × 64)." default:"[]" maxitems:"4096" source:"scenario input"`
	Grid           Grid       `yaml:"grid" doc:"A rows × cols grid of identical districts, used when districts is empty."`
	NeighbourMiles float64    `yaml:"neighbour_miles" doc:"Districts whose centres are at most this far apart are neighbours (trust spill-over)." default:"1.5" min:"0" max:"1000" unit:"miles" source:"assumption"`
}

// Grid generates a rows × cols grid of districts from a template.
type Grid struct {
	Rows         int      `yaml:"rows" doc:"Number of grid rows (0: no grid)." default:"0" min:"0" max:"64" source:"scenario input"`
	Cols         int      `yaml:"cols" doc:"Number of grid columns (0: no grid)." default:"0" min:"0" max:"64" source:"scenario input"`
	SpacingMiles float64  `yaml:"spacing_miles" doc:"Distance between neighbouring district centres." default:"1" min:"0.01" max:"100" unit:"miles" source:"assumption"`
	Template     District `yaml:"template" doc:"The district every grid cell copies; its name is used as a prefix."`
}

// District is one area of the city.
type District struct {
	Name           string          `yaml:"name" doc:"District name, unique in the city." default:"district" source:"scenario input"`
	X              float64         `yaml:"x" doc:"East-west position of the district centre." default:"0" min:"-10000" max:"10000" unit:"miles" source:"scenario input"`
	Y              float64         `yaml:"y" doc:"North-south position of the district centre." default:"0" min:"-10000" max:"10000" unit:"miles" source:"scenario input"`
	Population     int             `yaml:"population" doc:"Residents." default:"20000" min:"100" max:"50000000" unit:"persons" source:"assumption (a district of a mid-sized city)"`
	Groups         GroupShares     `yaml:"groups" doc:"Shares of residents by community group; they must sum to 1."`
	CrimeRates     CrimeRates      `yaml:"crime_rates" doc:"Victimizations per 1,000 residents per year, by crime type (reported or not)."`
	Trust          GroupTrust      `yaml:"trust" doc:"Initial (and baseline) trust in local police by group, 0 to 1."`
	LanguageAccess float64         `yaml:"language_access" doc:"Share of non-English-speaking residents who can reach police in their language (0 to 1)." default:"0.7" min:"0" max:"1" source:"assumption"`
	BorderMiles    float64         `yaml:"border_miles" doc:"Distance from the district to the nearest external U.S. boundary." default:"300" min:"0" max:"5000" unit:"miles" source:"assumption (an interior city, outside the 100-mile border zone)"`
	PatrolUnits    ShiftUnits      `yaml:"patrol_units" doc:"Patrol units on duty in the district, by shift."`
	OffendingShare GroupMultiplier `yaml:"offending" doc:"Relative chance that an arrested person belongs to each group, compared with the group's population share (1 = proportional)."`
	Hispanic       HispanicShares  `yaml:"hispanic" doc:"Share of each group's residents who are Hispanic or Latino: the district's cohorts (group × ethnicity)." json:"-"`
	MutualAid      []string        `yaml:"mutual_aid" doc:"Under police.mutual_aid, the districts whose free units answer this district's calls when none of its own is free, in order of preference (names of other districts). Empty: the districts within police.mutual_aid_miles, nearest first. Not allowed in a grid template (grid districts use the nearest-first rule)." default:"[]" maxitems:"64" source:"scenario input (a dispatcher's cover or mutual-aid order; Larson 1974's fixed-preference dispatch)" json:"-" hash:"nondefault"`
}

// HispanicShares are the shares of each group's residents who are Hispanic
// or Latino.
type HispanicShares struct {
	Citizen          float64 `yaml:"citizen" doc:"Share of citizens who are Hispanic or Latino." default:"0.16" min:"0" max:"1" source:"derived: Hispanic residents 19% of the U.S. in 2022, about two-thirds of them U.S.-born (Pew Research, Census ACS); with the default group shares and the noncitizen shares below, 21% of residents are Hispanic" grade:"B" json:"-" hash:"nondefault"`
	LawfulNoncitizen float64 `yaml:"lawful_noncitizen" doc:"Share of lawfully present noncitizens who are Hispanic or Latino." default:"0.35" min:"0" max:"1" source:"assumption below the Hispanic share of all immigrants (about 44%, Pew Research 2022), as Asian immigrants are a larger share of visa holders" json:"-" hash:"nondefault"`
	Undocumented     float64 `yaml:"undocumented" doc:"Share of undocumented residents who are Hispanic or Latino." default:"0.75" min:"0" max:"1" source:"Pew Research 2019 (unauthorized immigrants in 2017: Mexico 47%, Central America about 15%, South America and the Caribbean most of the rest of the Latin American share); rounded" grade:"B" json:"-" hash:"nondefault"`
}

// Community sets the cohorts within the groups (docs/model.md, Cohorts):
// who lives in a mixed-status household and feels the fear of its
// undocumented member, how much more Hispanic residents' trust responds to
// visible enforcement, and the spread of risk aversion among residents.
type Community struct {
	MixedStatus           MixedStatus `yaml:"mixed_status" doc:"Share of each cohort of citizens and lawful noncitizens who live in a mixed-status household (with an undocumented member)."`
	HouseholdFear         float64     `yaml:"household_fear" doc:"Share of the fear of the undocumented residents of their ethnicity in the district that a member of a mixed-status household feels (added to their own fear)." default:"0.5" min:"0" max:"1" source:"assumption; Asad 2020 (PNAS 117(16)): 32.5% of U.S.-born Latinos vs 77.1% of undocumented Latinos worry about deportation (of themselves or someone close) (B); Alsan and Yang, NBER WP 24731: Secure Communities lowered Hispanic citizens' take-up of benefits, most in mixed-status households (B)" json:"-" hash:"nondefault"`
	HispanicSensitivity   float64     `yaml:"hispanic_sensitivity" doc:"Multiplier on the trust sensitivity (trust.sensitivity) of Hispanic citizens and lawful noncitizens to visible immigration enforcement, capped at the undocumented residents' (enforcement reads ethnicity, not status)." default:"2" min:"1" max:"10" source:"assumption; Novak, Geronimus and Martinez-Cardoso 2017 (Int. J. Epidemiology 46(3)): after the Postville raid low birth weight rose for U.S.-born and immigrant Latina mothers alike and not for white mothers (A, wide interval); Theodore 2013: 28% of U.S.-born Latinos less likely to contact police (B, stated)" json:"-" hash:"nondefault"`
	WrongfulHispanicShare float64     `yaml:"wrongful_hispanic_share" doc:"Share of citizens and lawful residents wrongly held on a detainer after a jail booking who are Hispanic (their cohort takes the harm's full shock)." default:"0.93" min:"0" max:"1" source:"Kohli, Markowitz and Chavez 2011, Secure Communities by the Numbers (Warren Institute; FOIA sample of ICE records, contested): 93% of those arrested through Secure Communities were Latino" grade:"C" json:"-" hash:"nondefault"`
	FearHeterogeneity     float64     `yaml:"fear_heterogeneity" doc:"Spread of risk aversion within a cohort: each victim and witness weighs fear by a lognormal multiplier of mean 1 and this log-scale standard deviation, so reporting falls non-linearly as fear rises and the most risk-averse stop first (Epstein 2002's threshold rule). 0: everyone weighs fear alike." default:"0.6" min:"0" max:"3" source:"assumption; stated responses spread widely within groups (Theodore 2013: 70% of undocumented and 28% of U.S.-born Latinos less likely to call police)" json:"-" hash:"nondefault"`
}

// MixedStatus are the shares of citizens and lawful noncitizens, by
// ethnicity, who live in mixed-status households.
type MixedStatus struct {
	CitizenHispanic float64 `yaml:"citizen_hispanic" doc:"Share of Hispanic citizens in mixed-status households." default:"0.18" min:"0" max:"1" source:"derived: about 11.3 million citizens live in mixed-status households (FWD.us 2022, ACS; C), about 80% of them Hispanic (assumption), of about 50 million Hispanic citizens" grade:"C" json:"-" hash:"nondefault"`
	CitizenOther    float64 `yaml:"citizen_other" doc:"Share of non-Hispanic citizens in mixed-status households." default:"0.01" min:"0" max:"1" source:"derived as citizen_hispanic: the other 20% of 11.3 million among about 240 million non-Hispanic citizens" grade:"C" json:"-" hash:"nondefault"`
	LawfulHispanic  float64 `yaml:"lawful_hispanic" doc:"Share of Hispanic lawful noncitizens in mixed-status households." default:"0.2" min:"0" max:"1" source:"assumption (no count found; as citizen_hispanic, a little higher because spouses and relatives of undocumented residents often hold a green card or visa)" json:"-" hash:"nondefault"`
	LawfulOther     float64 `yaml:"lawful_other" doc:"Share of non-Hispanic lawful noncitizens in mixed-status households." default:"0.05" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
}

// GroupShares are shares of residents by community group.
type GroupShares struct {
	Citizen          float64 `yaml:"citizen" doc:"U.S. citizens (in households without noncitizen members at risk of removal)." default:"0.86" min:"0" max:"1" source:"assumption; U.S. foreign-born share 13.8% in 2022 (Pew Research)" grade:"B"`
	LawfulNoncitizen float64 `yaml:"lawful_noncitizen" doc:"Lawfully present noncitizens (permanent residents, visa holders)." default:"0.08" min:"0" max:"1" source:"assumption; Pew Research 2022-2025 population estimates" grade:"B"`
	Undocumented     float64 `yaml:"undocumented" doc:"Undocumented residents (their citizen and lawful relatives are in those groups; see community.mixed_status)." default:"0.06" min:"0" max:"1" source:"assumption: a city with more undocumented residents than the nation's 11-14 million, about 3.3-4.1% of the U.S. (Pew Research 2022-2025)" grade:"B"`
}

// GroupTrust is trust in local police by group, on [0, 1].
type GroupTrust struct {
	Citizen          float64 `yaml:"citizen" doc:"Trust of citizens." default:"0.6" min:"0" max:"1" source:"assumption (scale anchor: reporting rates are calibrated at trust 0.6)"`
	LawfulNoncitizen float64 `yaml:"lawful_noncitizen" doc:"Trust of lawfully present noncitizens." default:"0.58" min:"0" max:"1" source:"assumption"`
	Undocumented     float64 `yaml:"undocumented" doc:"Trust of undocumented and mixed-status households." default:"0.5" min:"0" max:"1" source:"assumption; Wong et al. 2020 (Perspectives on Politics) find lower trust when police work with ICE" grade:"B"`
}

// GroupValues are values on [0, 1] by group.
type GroupValues struct {
	Citizen          float64 `yaml:"citizen" min:"0" max:"1"`
	LawfulNoncitizen float64 `yaml:"lawful_noncitizen" min:"0" max:"1"`
	Undocumented     float64 `yaml:"undocumented" min:"0" max:"1"`
}

// GroupMultiplier is a per-group multiplier.
type GroupMultiplier struct {
	Citizen          float64 `yaml:"citizen" doc:"Multiplier for citizens." default:"1" min:"0" max:"10" source:"assumption"`
	LawfulNoncitizen float64 `yaml:"lawful_noncitizen" doc:"Multiplier for lawfully present noncitizens." default:"1" min:"0" max:"10" source:"assumption (studies find immigrant offending equal to or lower than natives'; 1 is the neutral choice)"`
	Undocumented     float64 `yaml:"undocumented" doc:"Multiplier for undocumented residents." default:"1" min:"0" max:"10" source:"assumption (as above)"`
}

// CrimeRates are victimizations per 1,000 residents per year, by type.
type CrimeRates struct {
	DomesticViolence  float64 `yaml:"domestic_violence" doc:"Domestic (intimate-partner and family) violence." default:"3.5" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption anchored on NCVS 2022 (BJS NCJ 307089): violent victimization 23.5 per 1,000 persons age 12+" grade:"A"`
	Assault           float64 `yaml:"assault" doc:"Aggravated and simple assault outside the family." default:"15" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption anchored on NCVS 2022 violent victimization rate" grade:"A"`
	Robbery           float64 `yaml:"robbery" doc:"Robbery." default:"2" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption anchored on NCVS 2022 violent victimization rate" grade:"A"`
	Burglary          float64 `yaml:"burglary" doc:"Burglary and trespass." default:"6" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption anchored on NCVS 2022: property victimization 101.9 per 1,000 households (about 2.5 persons each)" grade:"A"`
	Theft             float64 `yaml:"theft" doc:"Theft other than of motor vehicles." default:"30" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption anchored on NCVS 2022 property victimization rate" grade:"A"`
	MotorVehicleTheft float64 `yaml:"motor_vehicle_theft" doc:"Motor-vehicle theft." default:"2" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption anchored on NCVS 2022 property victimization rate" grade:"A"`
	HumanTrafficking  float64 `yaml:"human_trafficking" doc:"Human trafficking (labour and sex)." default:"0.05" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption (no victimization survey measures it)"`
}

// ShiftUnits are patrol units on duty by shift.
type ShiftUnits struct {
	Day     int `yaml:"day" doc:"Units on the day shift (07:00-15:00)." default:"4" min:"0" max:"10000" source:"assumption"`
	Evening int `yaml:"evening" doc:"Units on the evening shift (15:00-23:00)." default:"5" min:"0" max:"10000" source:"assumption"`
	Night   int `yaml:"night" doc:"Units on the night shift (23:00-07:00)." default:"3" min:"0" max:"10000" source:"assumption"`
}

// TypeProbs are probabilities by crime type.
type TypeProbs struct {
	DomesticViolence  float64 `yaml:"domestic_violence" min:"0" max:"1"`
	Assault           float64 `yaml:"assault" min:"0" max:"1"`
	Robbery           float64 `yaml:"robbery" min:"0" max:"1"`
	Burglary          float64 `yaml:"burglary" min:"0" max:"1"`
	Theft             float64 `yaml:"theft" min:"0" max:"1"`
	MotorVehicleTheft float64 `yaml:"motor_vehicle_theft" min:"0" max:"1"`
	HumanTrafficking  float64 `yaml:"human_trafficking" min:"0" max:"1"`
}

// TypeHours are durations in hours by crime type.
type TypeHours struct {
	DomesticViolence  float64 `yaml:"domestic_violence" min:"0" max:"1000" unit:"hours"`
	Assault           float64 `yaml:"assault" min:"0" max:"1000" unit:"hours"`
	Robbery           float64 `yaml:"robbery" min:"0" max:"1000" unit:"hours"`
	Burglary          float64 `yaml:"burglary" min:"0" max:"1000" unit:"hours"`
	Theft             float64 `yaml:"theft" min:"0" max:"1000" unit:"hours"`
	MotorVehicleTheft float64 `yaml:"motor_vehicle_theft" min:"0" max:"1000" unit:"hours"`
	HumanTrafficking  float64 `yaml:"human_trafficking" min:"0" max:"1000" unit:"hours"`
}

// TypeCounts are mean counts by crime type.
type TypeCounts struct {
	DomesticViolence  float64 `yaml:"domestic_violence" min:"0" max:"20"`
	Assault           float64 `yaml:"assault" min:"0" max:"20"`
	Robbery           float64 `yaml:"robbery" min:"0" max:"20"`
	Burglary          float64 `yaml:"burglary" min:"0" max:"20"`
	Theft             float64 `yaml:"theft" min:"0" max:"20"`
	MotorVehicleTheft float64 `yaml:"motor_vehicle_theft" min:"0" max:"20"`
	HumanTrafficking  float64 `yaml:"human_trafficking" min:"0" max:"20"`
}

// Reporting sets the victim and witness decision model:
//
//	logit p = logit(base[type]) + trust_slope·(trust − trust_reference)
//	          − fear_slope·fear − language_slope·(1 − language_access)·[noncitizen]
type Reporting struct {
	BaseRate           TypeProbs  `yaml:"base_rate" doc:"Share of victimizations reported to police at the reference trust and no immigration fear, by type." default:"{domestic_violence: 0.55, assault: 0.42, robbery: 0.58, burglary: 0.48, theft: 0.28, motor_vehicle_theft: 0.78, human_trafficking: 0.15}" source:"NCVS: violent 40-47% and property 30-35% reported (BJS Criminal Victimization 2015-2023); domestic violence 56% (BJS Nonfatal Domestic Violence 2003-2012); motor-vehicle theft 72-83%, household theft about 25-33% (BJS 2006-10 and 2022-23); burglary and trafficking: assumption" grade:"A"`
	TrustReference     float64    `yaml:"trust_reference" doc:"Trust level at which base_rate applies." default:"0.6" min:"0" max:"1" source:"assumption"`
	TrustSlope         float64    `yaml:"trust_slope" doc:"Change in the log-odds of reporting per unit of trust." default:"2" min:"0" max:"20" source:"assumption (sensitivity parameter; direction from Tyler and Fagan 2008)" grade:"B"`
	FearSlope          float64    `yaml:"fear_slope" doc:"Fall in the log-odds of reporting per unit of immigration fear." default:"2.2" min:"0" max:"20" source:"assumption calibrated so undocumented victims report about 17% (Comino, Mastrobuoni and Nicolò 2020, J. Policy Analysis & Management)" grade:"A"`
	LanguageSlope      float64    `yaml:"language_slope" doc:"Fall in the log-odds of reporting for noncitizen groups per unit of missing language access." default:"0.2" min:"0" max:"20" source:"assumption calibrated so that lawful noncitizens, who share the language barrier of the undocumented, report within about 6 points of citizens (31% and 37% in the baseline; the rest of their gap is fear from local involvement, operations and mixed-status households) and legalization raises the reporting of the legalized by about 20 points, as Comino, Mastrobuoni and Nicolò 2020 (J. Policy Analysis & Management) find after the IRCA amnesty: the legalized then report at about the population rate, so a language barrier, which legalization leaves as it was, cannot hold reporting back much (check-model: legalization_reporting, hispanic_gap)" grade:"A"`
	VictimCooperation  float64    `yaml:"victim_cooperation" doc:"Chance that a victim whose crime is reported cooperates with the investigation, at the reference trust and no fear." default:"0.85" min:"0" max:"1" source:"assumption"`
	Witnesses          TypeCounts `yaml:"witnesses" doc:"Mean number of witnesses per crime, by type (Poisson, at most 4)." default:"{domestic_violence: 0.6, assault: 1.2, robbery: 0.8, burglary: 0.2, theft: 0.3, motor_vehicle_theft: 0.1, human_trafficking: 0.5}" source:"assumption"`
	WitnessCooperation float64    `yaml:"witness_cooperation" doc:"Chance a witness cooperates, at the reference trust and no fear." default:"0.6" min:"0" max:"1" source:"assumption; PERF survey 2008: reluctant witnesses in 30% of murder and over 50% of other violent investigations (Minneapolis)" grade:"C"`
}

// Offending sets the offender stock (see offenders.go and docs/model.md
// §13): victimizations come from a tracked stock of active offenders and
// from a background of occasional offenders,
//
//	rate[d][ct] = rate0[d][ct] × pop_d/pop0_d × (background_share + (1 − background_share) × A_d/A0_d) × deterrence
type Offending struct {
	ActiveShare            float64 `yaml:"active_share" doc:"Share of residents who are active persistent offenders at the start: the tracked stock A0, split among groups by their shares and the districts' offending multipliers." default:"0.01" min:"0" max:"0.1" source:"Falk et al. 2014, Soc. Psychiatry Psychiatr. Epidemiol. 49(4):559-571: persistent violent offenders (3+ convictions) were 1.0% of everyone born in Sweden 1958-1980 and had 63.2% of violent convictions (complete register)" grade:"A" json:"-" hash:"nondefault"`
	BackgroundShare        float64 `yaml:"background_share" doc:"Share of victimizations at the start committed by people outside the tracked stock (occasional offenders); the stock commits the rest, in proportion to its current size." default:"0.48" min:"0" max:"1" source:"Wolfgang, Figlio and Sellin 1972, Delinquency in a Birth Cohort: chronic offenders, 6% of the 1945 Philadelphia cohort, had 52% of offences (via NRC 2013, Reforming Juvenile Justice, p. 23); Farrington et al., Cambridge Study in Delinquent Development: about 7% of males had about half of the convictions" grade:"B" json:"-" hash:"nondefault"`
	DesistancePerYear      float64 `yaml:"desistance_per_year" doc:"Rate at which an active offender desists (leaves the stock for good), per year; new offenders enter each district and group at desistance_per_year × A0 a year, which keeps the stock at A0 when no one is held or removed." default:"0.1" min:"0" max:"10" unit:"per year" source:"Farrington, Piquero and Jennings 2013, Offending from Childhood to Late Middle Age (CSDD): average conviction career about 10 years" grade:"B" json:"-" hash:"nondefault"`
	ConvictionProbability  float64 `yaml:"conviction_probability" doc:"Chance that a stock offender booked for a cleared victimization is convicted and sentenced to custody after the jail stay." default:"0.5" min:"0" max:"1" source:"assumption (BJS Felony Defendants in Large Urban Counties: about two-thirds of felony defendants are convicted and about three in four of those are sentenced to prison or jail; those figures were not re-read here)" json:"-" hash:"nondefault"`
	SentenceYears          float64 `yaml:"sentence_years" doc:"Mean time served on a custodial sentence (exponential)." default:"2.6" min:"0" max:"50" unit:"years" source:"BJS, Time Served in State Prison, 2016 (Kaeble 2018, NCJ 252205): mean time served 2.6 years, median 1.3 years" grade:"A" json:"-" hash:"nondefault"`
	Recidivism             float64 `yaml:"recidivism" doc:"Share of stock offenders released at the end of a sentence who return to the active stock; the others desist." default:"0.77" min:"0" max:"1" source:"BJS, Recidivism of Prisoners Released in 30 States in 2005 (Durose, Cooper and Snyder 2014, NCJ 244205): 76.6% rearrested within 5 years" grade:"A" json:"-" hash:"nondefault"`
	MinorArrestActiveShare float64 `yaml:"minor_arrest_active_share" doc:"Share of people booked on a minor (misdemeanor or traffic) arrest who are active offenders of the stock, at its initial size (it scales with the stock's current size relative to A0)." default:"0.1" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
	PredationWeight        float64 `yaml:"predation_weight" doc:"Predation on silence: victims are drawn in proportion to share_g × ((1 − r_g)/(1 − r̄))^w, r_g being the group's current chance of reporting the crime and r̄ its population mean; 0 draws victims in proportion to population." default:"0.5" min:"0" max:"10" source:"assumption, small: Barranco and Shihadeh 2015, Social Science Research 52 (robbery spillover onto Latinos, whom offenders cannot tell apart by status; B); Fussell 2011, Sociological Quarterly 52(4) (day labourers more exposed to wage theft but equally likely to be criminally victimized; B); NCVS 2017-21 robbery 2.5 vs 1.6 per 1,000 Hispanic vs white persons, but simple assault lower (BJS; A): an excess concentrated in robbery, so a small weight" grade:"B" json:"-" hash:"nondefault"`
	DeterrenceElasticity   float64 `yaml:"deterrence_elasticity" doc:"Elasticity of victimizations with respect to the city's apprehension chance (reporting × clearance, smoothed): deterrence = (p/p0)^elasticity. 0 switches deterrence off." default:"-0.1" min:"-2" max:"0" source:"assumption, small: Nagin 2013, Crime and Justice 42 (review: the certainty of apprehension deters, severity barely; B); Chalfin and McCrary 2018, Review of Economics and Statistics 100(1) (police elasticity of cost-weighted crime about -0.5, an upper bound for a certainty channel; A)" grade:"B" json:"-" hash:"nondefault"`
	DeterrenceDays         float64 `yaml:"deterrence_days" doc:"Time constant of the exponential smoothing of the apprehension chance p." default:"90" min:"1" max:"3650" unit:"days" source:"assumption" json:"-" hash:"nondefault"`
	DeterrenceBaselineDays float64 `yaml:"deterrence_baseline_days" doc:"The reference apprehension chance p0 is p over the first this many days; deterrence is 1 until then." default:"30" min:"1" max:"3650" unit:"days" source:"assumption" json:"-" hash:"nondefault"`
}

// Removal sets what happens to people removed from the country.
type Removal struct {
	ReentryShare      float64 `yaml:"reentry_share" doc:"Share of people removed from the country who come back (active offenders return to the active stock)." default:"0.48" min:"0" max:"1" source:"Wong and Hickman 2022, Int. Criminal Justice Review 32(1):88-106: 48% of 521 men removed from Los Angeles County Jail in 2002 were rearrested in California by 2011" grade:"B" json:"-" hash:"nondefault"`
	ReentryDelayYears float64 `yaml:"reentry_delay_years" doc:"Mean time from removal to re-entry of those who come back (exponential)." default:"2" min:"0.01" max:"50" unit:"years" source:"assumption" json:"-" hash:"nondefault"`
}

// Police sets patrol, dispatch and investigation.
type Police struct {
	TravelMinutes       float64   `yaml:"travel_minutes" doc:"Mean travel time of a dispatched unit (gamma, shape 3)." default:"9" min:"0" max:"600" unit:"minutes" source:"assumption"`
	OnScene             TypeHours `yaml:"on_scene_hours" doc:"Mean time on scene by crime type (exponential)." default:"{domestic_violence: 1.5, assault: 1.3, robbery: 1.5, burglary: 1.0, theft: 0.7, motor_vehicle_theft: 0.8, human_trafficking: 3}" source:"assumption"`
	OtherCalls          float64   `yaml:"other_calls_per_1000" doc:"Calls for service that are not victimizations (disturbances, alarms, traffic), per 1,000 residents per year." default:"450" min:"0" max:"10000" unit:"per 1,000 residents per year" source:"assumption (U.S. agencies commonly handle 0.5-1 call per resident per year)"`
	OtherCallHours      float64   `yaml:"other_call_hours" doc:"Mean time on scene of other calls." default:"0.6" min:"0" max:"100" unit:"hours" source:"assumption"`
	TrafficStops        float64   `yaml:"traffic_stops_per_1000" doc:"Officer-initiated traffic stops per 1,000 residents per year, made only when a unit is free." default:"60" min:"0" max:"10000" unit:"per 1,000 residents per year" source:"assumption; about 8-9% of residents 16+ are drivers in a traffic stop each year (BJS Contacts Between Police and the Public 2018)" grade:"A"`
	TrafficStopHours    float64   `yaml:"traffic_stop_hours" doc:"Mean duration of a traffic stop." default:"0.3" min:"0" max:"100" unit:"hours" source:"assumption"`
	MinorArrests        float64   `yaml:"minor_arrests_per_1000" doc:"Arrests for misdemeanors and traffic offences booked into jail, per 1,000 residents per year." default:"20" min:"0" max:"1000" unit:"per 1,000 residents per year" source:"assumption; about 30 arrests per 1,000 residents per year in the U.S. (FBI UCR), most for non-index offences" grade:"A"`
	Clearance           TypeProbs `yaml:"clearance" doc:"Share of reported crimes cleared at the reference level of cooperation, by type." default:"{domestic_violence: 0.55, assault: 0.48, robbery: 0.305, burglary: 0.141, theft: 0.184, motor_vehicle_theft: 0.138, human_trafficking: 0.25}" source:"FBI Crime in the U.S. 2019: aggravated assault 52.3%, robbery 30.5%, burglary 14.1%, larceny-theft 18.4%, motor-vehicle theft 13.8%; assault (aggravated and simple) set so that violent clearance is near the FBI 2019 all-violent 45.5%; domestic violence and trafficking: assumption" grade:"A"`
	CooperationSlope    float64   `yaml:"cooperation_slope" doc:"Change in the log-odds of clearance per cooperating victim or witness above the reference." default:"0.6" min:"0" max:"10" source:"assumption (RAND 1976 and Wellford and Cronin 1999 make witness information the main input to clearance; no causal elasticity is published)" grade:"B"`
	InvestigationDays   float64   `yaml:"investigation_days" doc:"Mean time from the call to clearance (exponential)." default:"12" min:"0" max:"3650" unit:"days" source:"assumption"`
	FastResponseMinutes float64   `yaml:"fast_response_minutes" doc:"Responses faster than this earn a little trust (the service channel)." default:"10" min:"0" max:"600" unit:"minutes" source:"assumption"`
	OpsPerDistrictWeek  float64   `yaml:"ops_per_district_week" doc:"Planned local police operations (warrant service, narcotics) per district per week." default:"0.5" min:"0" max:"100" source:"assumption"`
	OpHours             float64   `yaml:"op_hours" doc:"Duration of a local police operation." default:"3" min:"0.1" max:"100" unit:"hours" source:"assumption"`
	OpUnits             int       `yaml:"op_units" doc:"Patrol units taken off dispatch for a local operation." default:"2" min:"0" max:"100" source:"assumption"`
	AbandonMinutes      float64   `yaml:"abandon_after_minutes" doc:"A call for service (reported crime or other call) that has waited this long in the dispatch queue without a unit is abandoned: the caller gives up or the dispatcher closes it with another response. Abandoned calls are counted in the summary (abandoned_calls) and get no response, investigation or clearance. The limit also bounds the dispatch queue (see Limits in docs/model.md)." default:"180" min:"1" max:"1440" unit:"minutes" source:"assumption: twice the 90 minutes after which a held call is escalated and the reporting person offered other options (LVMPD pending-calls policy; LASD's Delayed Response Policy refers routine calls not reached in 60 minutes to the desk); no published abandonment rate for dispatch queues was found" grade:"C"`
	MutualAid           bool      `yaml:"mutual_aid" doc:"Mutual aid in dispatch: a call that finds no free unit in its district is answered by a free unit of another district (city.districts[].mutual_aid, or the districts within mutual_aid_miles, nearest first), which travels the distance between the centres at patrol_mph on top of the usual travel draw and stays busy in its home district. A call that finds no unit anywhere queues at home. Off by default so that the calibrated baseline (response times and abandoned calls per district) stays as it is." default:"false" source:"assumption: off keeps the issue-12 baseline; cross-beat dispatch when the beat car is busy is the fixed-preference rule of Larson 1974 (hypercube queueing model; Larson and Odoni, Urban Operations Research, §5.4)" json:"-" hash:"nondefault"`
	MutualAidMiles      float64   `yaml:"mutual_aid_miles" doc:"Under mutual_aid, a district without a preference list borrows from the districts whose centres are at most this far away, nearest first (ties in district order, at most 8)." default:"1.5" min:"0" max:"1000" unit:"miles" source:"assumption (as city.neighbour_miles: on a 1-mile grid the 8 surrounding districts, diagonals included)" json:"-" hash:"nondefault"`
	PatrolMPH           float64   `yaml:"patrol_mph" doc:"Driving speed of a unit answering a call in another district: its extra travel time is the distance between the two district centres at this speed." default:"25" min:"1" max:"1000" unit:"miles per hour" source:"assumption (urban emergency driving; no published mean speed for police responses was found)" json:"-" hash:"nondefault"`
	WarrantHitRate      float64   `yaml:"warrant_hit_rate" doc:"Chance that a database query at a traffic stop of an undocumented driver returns an ICE administrative warrant." default:"0.02" min:"0" max:"1" source:"assumption"`
}

// Jail sets bookings, stays and costs.
type Jail struct {
	StayDaysMinor         float64 `yaml:"stay_days_minor" doc:"Mean jail stay after a minor (misdemeanor or traffic) booking." default:"1.5" min:"0" max:"3650" unit:"days" source:"assumption"`
	StayDaysSerious       float64 `yaml:"stay_days_serious" doc:"Mean jail stay after a booking for an index crime." default:"20" min:"0" max:"3650" unit:"days" source:"assumption"`
	BedDayCost            float64 `yaml:"bed_day_cost" doc:"Cost of one jail bed-day." default:"120" min:"0" max:"100000" unit:"USD" source:"assumption (U.S. jail per-diem costs are commonly $100-200)"`
	LawfulRemovable       float64 `yaml:"lawful_removable" doc:"Share of booked lawfully present noncitizens whose charge or record makes them removable." default:"0.1" min:"0" max:"1" source:"assumption"`
	LitigationPerHold     float64 `yaml:"litigation_per_hold" doc:"Expected litigation cost of a detainer hold without a judicial warrant (chance of a claim × typical settlement)." default:"500" min:"0" max:"10000000" unit:"USD" source:"assumption; liability basis: Miranda-Olivares v. Clackamas County (D. Or. 2014), Galarza v. Szalczyk (3d Cir. 2014)" grade:"A"`
	LitigationPerWrongful float64 `yaml:"litigation_per_wrongful" doc:"Expected litigation cost of holding a person who is not removable (a citizen, say) on a wrongful detainer or warrant hit." default:"25000" min:"0" max:"10000000" unit:"USD" source:"assumption"`
	SuitChance            float64 `yaml:"suit_chance" doc:"Chance that a detainer hold without probable cause (an administrative detainer without a judicial warrant or probable-cause determination, honored by the jail) leads to a suit against the jurisdiction that it settles or loses (litigation.suits). The suits are events drawn from the same risk that jail.litigation_per_hold prices on average: the default is that cost ÷ jail.suit_cost, rounded." default:"0.005" min:"0" max:"1" source:"assumption (no rate of suits per hold is published; 500 ÷ 95,000 ≈ 0.005, so the suits' costs match the expected exposure on average); liability: Galarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014), Miranda-Olivares v. Clackamas County (D. Or. 2014)" json:"-" hash:"nondefault"`
	SuitChanceWrongful    float64 `yaml:"suit_chance_wrongful" doc:"Chance that holding a person who is not removable (a citizen, say) on a wrongful detainer leads to a suit, on the same terms as suit_chance (in place of it for that hold)." default:"0.25" min:"0" max:"1" source:"assumption (as suit_chance: jail.litigation_per_wrongful ÷ jail.suit_cost = 25,000 ÷ 95,000 ≈ 0.26; Galarza, a U.S. citizen held from Friday to Monday, sued)" json:"-" hash:"nondefault"`
	SuitCost              float64 `yaml:"suit_cost" doc:"What a suit costs the jurisdiction when it is resolved: settlement or damages (litigation.suit_cost)." default:"95000" min:"0" max:"100000000" unit:"USD" source:"Galarza v. Szalczyk: Lehigh County settled for $95,000 in April 2014, of $145,000 in all with $25,000 from the United States and $25,000 from the City of Allentown and its detective (ACLU of Pennsylvania case page; The Morning Call, June 2, 2014); a neighbouring sheriff put Clackamas County's cost in Miranda-Olivares 'in excess of $100,000' (Washington County Sheriff's Office, 2017; C). Defence costs are not included" grade:"B" json:"-" hash:"nondefault"`
	SuitDays              float64 `yaml:"suit_days" doc:"Mean time from the hold to the suit's resolution (settlement or judgment), when its cost is paid and, with suit_ends_practice, the practice ends (exponential)." default:"1000" min:"0" max:"7300" unit:"days" source:"assumption between Miranda-Olivares (held March 2012, judgment April 11, 2014: about 2 years) and Galarza (held November 2008, county settlement April 2014: about 5.5 years)" json:"-" hash:"nondefault"`
	SuitEndsPractice      bool    `yaml:"suit_ends_practice" doc:"A resolved suit ends the practice: the model changes policies.detainers from honor_all to judicial_warrant_only on the day of the resolution, as a timeline change of its own (source litigation, counted in litigation.orders). Off: suits cost money and change nothing." default:"false" source:"Lehigh County stopped holding people on detainers without a judicial warrant or order as part of its settlement in Galarza (May 2014); after Miranda-Olivares (April 2014) the Oregon counties stopped honoring detainers without a warrant (Oregonian and Bend Bulletin, April 2014; C)" grade:"C" json:"-" hash:"nondefault"`
}

// ICE sets Immigration and Customs Enforcement activity.
type ICE struct {
	Teams              int              `yaml:"teams" doc:"ICE field teams working the city." default:"2" min:"0" max:"1000" source:"assumption"`
	AtLargePerTeamWeek float64          `yaml:"at_large_per_team_week" doc:"Targeted at-large operations per team per week." default:"1" min:"0" max:"100" source:"assumption"`
	CourthousePerMonth float64          `yaml:"courthouse_per_month" doc:"Courthouse arrest operations per month." default:"0.5" min:"0" max:"1000" source:"assumption"`
	WorksitePerYear    float64          `yaml:"worksite_per_year" doc:"Worksite operations per year." default:"0.5" min:"0" max:"1000" source:"assumption"`
	DetainerPriority   DetainerPriority `yaml:"detainer_priority" doc:"Which identified bookings ICE lodges detainers on: all, or serious (index-crime) arrests only (as under the 2015 Priority Enforcement Program)." default:"all" source:"EO 13768 (2017) restored broad priorities; PEP (2015-2017) narrowed them" grade:"A"`
	MinorLodgeRate     float64          `yaml:"minor_lodge_rate" doc:"Under detainer_priority all, the chance that ICE lodges a detainer on an identified person booked for a minor (misdemeanor or traffic) offence; on index-crime bookings it always does." default:"0.35" min:"0" max:"1" source:"assumption calibrated so that about half of detainers follow misdemeanor or traffic arrests (Capps, Rosenblum, Rodríguez and Chishti 2011, Delegation and Divergence, MPI; grade B)" grade:"B"`
	IdentifyRate       float64          `yaml:"identify_rate" doc:"Chance that fingerprints of a removable booked person match a DHS record." default:"0.5" min:"0" max:"1" source:"assumption (IDENT matches only people with earlier DHS encounters)"`
	RecordErrorRate    float64          `yaml:"record_error_rate" doc:"Chance that a booked person who is not removable (citizens included) is wrongly flagged, leading to a wrongful detainer." default:"0.0005" min:"0" max:"1" source:"assumption (wrongful detainers on citizens are documented in litigation; their rate is not published)"`
	PickupHours        float64          `yaml:"pickup_hours" doc:"Mean time ICE takes to collect a person held on a detainer (exponential)." default:"30" min:"0" max:"10000" unit:"hours" source:"assumption"`
	FollowUpDeclined   float64          `yaml:"follow_up_declined" doc:"Chance that ICE follows a declined detainer with an at-large operation." default:"0.3" min:"0" max:"1" source:"assumption"`
	FollowUpDays       float64          `yaml:"follow_up_days" doc:"Mean time from a declined detainer, or a warrant hit ICE could not act on at the stop, to its follow-up at-large operation (exponential)." default:"7" min:"0" max:"365" unit:"days" source:"assumption" json:"-" hash:"nondefault"`
	OpHours            OpValues         `yaml:"op_hours" doc:"Operation durations by type." default:"{at_large: 3, courthouse: 2, worksite: 6}" unit:"hours" source:"assumption"`
	Arrests            OpValues         `yaml:"arrests" doc:"Mean arrests per operation by type (Poisson)." default:"{at_large: 1.2, courthouse: 1, worksite: 12}" source:"assumption"`
	Visibility         OpShares         `yaml:"visibility" doc:"How visible an operation is to the community, 0 (unseen) to 1 (large public raid)." default:"{at_large: 0.1, courthouse: 0.4, worksite: 1}" source:"assumption"`
	TeamsPerOp         OpCounts         `yaml:"teams_per_op" doc:"ICE teams an operation of each type takes for its duration (at most ice.teams); an operation that finds too few free waits for them (operations.max_wait_hours) or is dropped." default:"{at_large: 1, courthouse: 1, worksite: 2}" source:"assumption (a worksite operation needs more agents than a targeted arrest)" json:"-" hash:"nondefault"`
	RemovalShare       float64          `yaml:"removal_share" doc:"Share of people taken into ICE custody whose custody ends in removal from the country." default:"0.85" min:"0" max:"1" source:"assumption" grade:"U" json:"-" hash:"nondefault"`
}

// OpValues are values by ICE operation type.
type OpValues struct {
	AtLarge    float64 `yaml:"at_large" min:"0" max:"1000"`
	Courthouse float64 `yaml:"courthouse" min:"0" max:"1000"`
	Worksite   float64 `yaml:"worksite" min:"0" max:"1000"`
}

// OpCounts are whole numbers by ICE operation type.
type OpCounts struct {
	AtLarge    int `yaml:"at_large" min:"1" max:"1000"`
	Courthouse int `yaml:"courthouse" min:"1" max:"1000"`
	Worksite   int `yaml:"worksite" min:"1" max:"1000"`
}

// OpShares are values on [0, 1] by ICE operation type.
type OpShares struct {
	AtLarge    float64 `yaml:"at_large" min:"0" max:"1"`
	Courthouse float64 `yaml:"courthouse" min:"0" max:"1"`
	Worksite   float64 `yaml:"worksite" min:"0" max:"1"`
}

// BorderPatrol sets Border Patrol activity.
type BorderPatrol struct {
	Units            int     `yaml:"units" doc:"Border Patrol units assigned to the area." default:"0" min:"0" max:"10000" source:"assumption"`
	ZoneMiles        float64 `yaml:"zone_miles" doc:"Width of the border zone in which Border Patrol acts by default: 100 air miles, or a shorter distance fixed by the chief patrol agent; more than 100 only with zone_nonstatutory. A timeline change is applied: each district's border flag is recomputed." default:"100" min:"0" max:"5000" unit:"miles" source:"8 C.F.R. §287.1(a)(2): 'reasonable distance' means within 100 air miles from any external boundary or any shorter distance fixed by the chief patrol agent; §287.1(b): a greater distance only if the Commissioner of CBP declares it in unusual circumstances" grade:"A"`
	ZoneNonstatutory bool    `yaml:"zone_nonstatutory" doc:"Allow a zone_miles above the regulation's 100 air miles (a Commissioner's declaration under 8 C.F.R. §287.1(b), or a counterfactual); zone_note must say which." default:"false" source:"8 C.F.R. §287.1(a)(2), (b)" grade:"A" json:"-" hash:"nondefault"`
	ZoneNote         string  `yaml:"zone_note" doc:"Why the zone is wider than 100 air miles; required with zone_nonstatutory." default:"''" source:"scenario input" json:"-" hash:"nondefault"`
	OpsPerUnitWeek   float64 `yaml:"ops_per_unit_week" doc:"Patrols and checkpoints per unit per week in border-zone districts." default:"2" min:"0" max:"100" source:"assumption"`
	OpHours          float64 `yaml:"op_hours" doc:"Duration of a Border Patrol operation." default:"4" min:"0.1" max:"100" unit:"hours" source:"assumption"`
	Arrests          float64 `yaml:"arrests" doc:"Mean arrests per Border Patrol operation (Poisson)." default:"0.5" min:"0" max:"100" source:"assumption"`
	Visibility       float64 `yaml:"visibility" doc:"Visibility of a Border Patrol operation, 0 to 1." default:"0.4" min:"0" max:"1" source:"assumption"`
	InteriorSurge    bool    `yaml:"interior_surge" doc:"Border Patrol joins ICE operations anywhere, not only in the border zone." default:"false" source:"assumption (off: Border Patrol acts within the border zone, 8 C.F.R. §287.1(a)(2))"`
	SurgeShare       float64 `yaml:"surge_share" doc:"Under an interior surge, the chance that Border Patrol joins a given ICE operation." default:"0.5" min:"0" max:"1" source:"assumption"`
	SurgeUnits       int     `yaml:"surge_units" doc:"Border Patrol units that join an ICE operation (under an interior surge, or in the border zone), if that many are free (fewer if not; none free: Border Patrol does not join). Each Border Patrol operation of its own takes one unit." default:"1" min:"1" max:"1000" source:"assumption" json:"-" hash:"nondefault"`
	SurgeArrests     float64 `yaml:"surge_arrests_per_unit" doc:"Extra mean arrests of an ICE operation per Border Patrol unit taking part (Poisson, added to ice.arrests)." default:"0.5" min:"0" max:"100" source:"assumption: a unit arrests as many in a joint operation as in a patrol of its own (border_patrol.arrests); no count of arrests per agent in the 2025 interior operations was found" json:"-" hash:"nondefault"`
	JointPosture     Posture `yaml:"joint_posture" doc:"Posture an ICE operation is seen at when Border Patrol takes part (uniforms, tactical gear): its visibility is multiplied by safety.posture_visibility of this posture over that of policies.tactical_posture, if larger. Inside the border zone the extra visibility is a routine presence that habituates as Border Patrol's own operations do (trust.habituation)." default:"tactical" source:"assumption; press accounts of the 2025 interior operations describe Border Patrol agents in tactical gear (grade C)" json:"-" hash:"nondefault"`
}

// Military lists military support units.
type Military struct {
	Units              []MilitaryUnit `yaml:"units" doc:"Military support units. The item limit is far above any deployment to one city." default:"[]" maxitems:"1000" source:"assumption (none: no military support)"`
	OpsBoostPer100     float64        `yaml:"ops_boost_per_100" doc:"Extra ICE operations (as a fraction) per 100 personnel in logistics or transport roles." default:"0.2" min:"0" max:"10" source:"assumption"`
	SurveillanceBoost  float64        `yaml:"surveillance_boost" doc:"Extra arrests per operation (as a fraction) when a surveillance-support unit is active." default:"0.2" min:"0" max:"10" source:"assumption"`
	PresenceVisibility float64        `yaml:"presence_visibility" doc:"Extra visibility (as a fraction) of operations with uniformed military present (transport or law-enforcement roles)." default:"0.5" min:"0" max:"10" source:"assumption"`
	PersonnelPerOp     int            `yaml:"personnel_per_op" doc:"Personnel of a unit committed to one operation it takes part in (a detachment), for the operation's duration: a unit of P personnel supports at most max(1, P / personnel_per_op) operations at once (whole detachments), and an operation that finds none of them free runs without it. 0: the whole unit, which supports one operation at a time. Units take part by their roles: transport and law enforcement are present at ICE's and Border Patrol's operations, surveillance support raises ICE's arrests (docs/model.md, Operations as entities)." default:"0" min:"0" max:"100000" source:"assumption (no published size of the detachments Guard units send to immigration operations)" json:"-" hash:"nondefault"`
}

// MilitaryUnit is one military support unit.
type MilitaryUnit struct {
	Name      string         `yaml:"name" doc:"Unit name." default:"unit" source:"scenario input"`
	Status    MilitaryStatus `yaml:"status" doc:"Legal status: federal active duty (title10), federally funded under the governor (title32), or state active duty." default:"title32" source:"10 U.S.C.; 32 U.S.C.; GAO on National Guard duty statuses" grade:"A"`
	Roles     []MilitaryRole `yaml:"roles" doc:"Roles assigned: logistics, transport, base_security, surveillance_support, law_enforcement (the item limit: one item per role). Each role maps to activities whose legality depends on the status (docs/model.md §10, Legality by activity)." default:"[logistics]" maxitems:"5" source:"assumption (logistics: the role of Guard deployments at the border, CRS LSB10121)" grade:"A"`
	Personnel int            `yaml:"personnel" doc:"Personnel in the unit." default:"20" min:"1" max:"100000" source:"assumption"`
	StartDay  float64        `yaml:"start_day" doc:"Day the unit starts." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
	EndDay    float64        `yaml:"end_day" doc:"Day the unit stands down (0: never)." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
}

// Legal sets the legal regime.
type Legal struct {
	InsurrectionAct          bool       `yaml:"insurrection_act" doc:"The Insurrection Act (10 U.S.C. §§251-255) has been invoked, the exception that lets title10 forces take law-enforcement roles." default:"false" source:"18 U.S.C. §1385 (Posse Comitatus Act); 10 U.S.C. §§251-255" grade:"A"`
	StateGuardLawEnforcement bool       `yaml:"state_guard_law_enforcement" doc:"State law authorises title32 and state-active-duty Guard units to take law-enforcement roles." default:"false" source:"GAO: Title 32 and state active duty forces may participate in law enforcement where state law allows" grade:"B"`
	Contested                []Activity `yaml:"contested" doc:"Legally contested activities the scenario accepts for title10 units without the Insurrection Act: presence (uniformed presence at enforcement operations), detainee_transport, surveillance. Each needs contested_note. A timeline entry may change it." default:"[]" maxitems:"12" source:"18 U.S.C. §1385; United States v. Red Feather (D.S.D. 1975); United States v. Yunis (D.D.C. 1988); Newsom v. Trump (N.D. Cal. 2025, on appeal)" grade:"A" json:"-" hash:"nondefault"`
	ContestedNote            string     `yaml:"contested_note" doc:"Why the scenario accepts the contested activities; required when contested lists any." default:"''" source:"scenario input" json:"-" hash:"nondefault"`
}

// Agreements are inter-agency agreements.
type Agreements struct {
	G287       G287        `yaml:"g287" doc:"A 287(g) agreement (8 U.S.C. §1357(g)) delegating immigration functions to local officers."`
	TaskForces []TaskForce `yaml:"task_forces" doc:"Joint task forces under a memorandum of agreement. The item limit is far above the few a jurisdiction takes part in." default:"[]" maxitems:"100" source:"assumption (none)"`
}

// G287 is a 287(g) agreement.
type G287 struct {
	Model                G287Model `yaml:"model" doc:"287(g) model: none, jail_enforcement (screen bookings, lodge detainers), task_force (officers may question status during routine policing), or warrant_service_officer (serve ICE administrative warrants in the jail)." default:"none" source:"INA §287(g), 8 U.S.C. §1357(g); ICE 287(g) fact sheet" grade:"A"`
	Officers             int       `yaml:"officers" doc:"Local officers trained and designated under the agreement." default:"6" min:"0" max:"10000" source:"assumption"`
	StartDay             float64   `yaml:"start_day" doc:"Day the agreement takes effect." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
	EndDay               float64   `yaml:"end_day" doc:"Day the agreement ends (0: never)." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
	StopQuestionRate     float64   `yaml:"stop_question_rate" doc:"Under the task-force model, the chance that an officer questions a Hispanic driver of any status (citizens included: officers see ethnicity, not status) about immigration status at a traffic stop." default:"0.3" min:"0" max:"1" source:"assumption; Melendres v. Arpaio, 989 F. Supp. 2d 822 (D. Ariz. 2013): MCSO's 287(g) deputies detained Latino citizens and lawful residents to check their status"`
	StopQuestionOther    float64   `yaml:"stop_question_rate_other" doc:"Under the task-force model, the chance that an officer questions a non-Hispanic noncitizen driver about immigration status at a traffic stop (cues such as a foreign licence or none, or language); non-Hispanic citizens are not questioned." default:"0.1" min:"0" max:"1" source:"assumption (a third of stop_question_rate: status inquiries follow appearance, and a non-Hispanic noncitizen has fewer of the cues officers act on; Melendres v. Arpaio 2013)" json:"-" hash:"nondefault"`
	StopProfiling        float64   `yaml:"stop_profiling" doc:"Under the task-force model, how much more often officers stop Hispanic drivers, relative to their share of the district's residents, than non-Hispanic drivers: Hispanic drivers are stopped 1 + stop_profiling times as often (0 means none). The number of stops stays the same (officer time is the constraint); only who is stopped changes. Parameter sets profiling-none (0) and profiling-mcso (3)." default:"1" min:"0" max:"20" source:"assumption between the evidence's ends: the DOJ's findings on the Maricopa County Sheriff's Office (287(g) task force; letter of Dec 15, 2011, upheld in substance by Melendres v. Arpaio, 989 F. Supp. 2d 822, D. Ariz. 2013) found Latino drivers 4 to 9 times as likely to be stopped (stop_profiling 3 to 8, a court-established extreme), while in United States v. Johnson, 122 F. Supp. 3d 272 (M.D.N.C. 2015) Alamance County's 1.5-2.5 times outcome disparities (Latino drivers cited 2.46 and arrested 1.52 times as often) were found not to prove a pattern; Gardner and Kohli 2009 (Irving, TX: discretionary arrests of Hispanics for petty offences +150% after 24-hour ICE access; C) and Coon 2017 (Frederick County, MD: a higher Hispanic share of the 287(g) sheriff's arrests; B) show a shift in the same direction. A doubling, below the outcome disparities a court found insufficient, is a moderate reading for a typical task force" grade:"C" json:"-" hash:"nondefault"`
	ScreenRate           float64   `yaml:"screen_rate" doc:"Under the jail-enforcement model, the chance that 287(g) officers identify a removable booked person by interview, whether or not fingerprints match." default:"0.9" min:"0" max:"1" source:"assumption (jail-model officers interview detainees and run DHS checks; ICE 287(g) fact sheet)"`
	JoinOps              float64   `yaml:"join_ops" doc:"Under the task-force model, the chance that local officers take part in an ICE at-large operation." default:"0.5" min:"0" max:"1" source:"assumption"`
	OfficersPerOp        int       `yaml:"officers_per_op" doc:"Designated 287(g) officers (of agreements.g287.officers) who take part in an ICE at-large operation the local officers join; with fewer free, the local officers do not join." default:"2" min:"1" max:"1000" source:"assumption" json:"-" hash:"nondefault"`
	QuestionHours        float64   `yaml:"question_hours" doc:"Officer time added to a stop by a status inquiry." default:"0.25" min:"0" max:"24" unit:"hours" source:"assumption"`
	TransportHours       float64   `yaml:"transport_hours" doc:"Officer time to hold and transfer a person arrested on immigration grounds." default:"2" min:"0" max:"48" unit:"hours" source:"assumption"`
	InterviewHours       float64   `yaml:"interview_hours" doc:"Jail-officer time per booked noncitizen screened under the jail-enforcement model." default:"0.5" min:"0" max:"24" unit:"hours" source:"assumption"`
	StopArrestVisibility float64   `yaml:"stop_arrest_visibility" doc:"Visibility of an immigration arrest by local officers at a traffic stop, 0 (unseen) to 1 (a large public raid), before the tactical posture's multiplier." default:"0.1" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
}

// TaskForce is a joint task force.
type TaskForce struct {
	Name              string   `yaml:"name" doc:"Task force name." default:"task force" source:"scenario input"`
	Agencies          []Agency `yaml:"agencies" doc:"Participating agencies (the item limit: one item per agency)." default:"[police, ice]" maxitems:"4" source:"assumption"`
	Focus             Focus    `yaml:"focus" doc:"What the task force works on." default:"trafficking" source:"assumption"`
	OpsPerMonth       float64  `yaml:"ops_per_month" doc:"Joint operations per month." default:"2" min:"0" max:"1000" source:"assumption"`
	PoliceUnits       int      `yaml:"police_units" doc:"Patrol units taken off dispatch for each joint operation." default:"2" min:"0" max:"100" source:"assumption"`
	OpHours           float64  `yaml:"op_hours" doc:"Duration of a joint operation." default:"4" min:"0.1" max:"100" unit:"hours" source:"assumption"`
	Visibility        float64  `yaml:"visibility" doc:"Visibility of a joint operation, 0 to 1." default:"0.4" min:"0" max:"1" source:"assumption"`
	Arrests           float64  `yaml:"arrests" doc:"Mean arrests per joint operation (Poisson)." default:"1.5" min:"0" max:"100" source:"assumption"`
	Officers          int      `yaml:"officers" doc:"Officers assigned to the task force (all agencies): the capacity its operations draw on." default:"8" min:"0" max:"10000" source:"assumption" json:"-" hash:"nondefault"`
	OfficersPerOp     int      `yaml:"officers_per_op" doc:"Officers one joint operation takes for its duration (at most officers)." default:"4" min:"1" max:"10000" source:"assumption" json:"-" hash:"nondefault"`
	MaxBooked         int      `yaml:"max_booked" doc:"With a criminal focus, the most arrests of one operation booked into the jail; the others are counted but not booked." default:"16" min:"0" max:"1000" source:"assumption (a bound on the bookings of one operation)" json:"-" hash:"nondefault"`
	FederalVisibility float64  `yaml:"federal_visibility" doc:"With a criminal focus, the share of its visibility an operation keeps when ICE or Border Patrol take part (federal immigration agents are seen even on other work); without them it is not seen as immigration enforcement." default:"0.3" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
	StartDay          float64  `yaml:"start_day" doc:"Day the task force starts." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
	EndDay            float64  `yaml:"end_day" doc:"Day the task force ends (0: never)." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
}

// Policies are the jurisdiction's policies. Each can change on a given day
// through the scenario's timeline.
type Policies struct {
	Detainers            DetainerPolicy    `yaml:"detainers" doc:"Detainer policy: honor all ICE detainers, honor only those accompanied by a judicial warrant, or never hold on a detainer." default:"honor_all" source:"8 C.F.R. §287.7(d); Galarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014): detainers are requests" grade:"A"`
	JudicialWarrantShare float64           `yaml:"judicial_warrant_share" doc:"Share of detainers that come with a judicial warrant." default:"0.02" min:"0" max:"1" source:"assumption (detainers are normally backed only by administrative warrants, Forms I-200/I-205)"`
	HoldHours            float64           `yaml:"hold_hours" doc:"Longest hold beyond the normal release time on an honored detainer." default:"48" min:"0" max:"48" unit:"hours" source:"8 C.F.R. §287.7(d); ICE Form I-247A" grade:"A"`
	HoldBusinessHours    bool              `yaml:"hold_business_hours" doc:"The hold's hours count on business days only: Saturdays, Sundays and holidays (calendar) do not count, so a 48-hour hold that begins on a Friday afternoon ends on Tuesday afternoon, and up to about 5 calendar days later over a holiday weekend. Off: the hold counts calendar hours." default:"true" source:"8 C.F.R. §287.7(d): the agency 'shall maintain custody of the alien for a period not to exceed 48 hours, excluding Saturdays, Sundays, and holidays'; Gonzalez v. ICE, 975 F.3d 788 (9th Cir. 2020): a detainer requested up to five days" grade:"A" json:"-" hash:"nondefault"`
	InfoSharing          InfoSharing       `yaml:"info_sharing" doc:"Information sharing with ICE."`
	Deconfliction        Deconfliction     `yaml:"deconfliction" doc:"How agencies learn of each other's operations."`
	CrossTraining        CrossTraining     `yaml:"cross_training" doc:"Joint training of the agencies' officers." default:"none" source:"assumption"`
	Oversight            Oversight         `yaml:"oversight" doc:"Independent oversight of enforcement." default:"none" source:"assumption"`
	Outreach             float64           `yaml:"outreach" doc:"Community outreach intensity, 0 (none) to 1 (sustained, multilingual)." default:"0" min:"0" max:"1" source:"assumption"`
	VictimProtections    VictimProtections `yaml:"victim_protections" doc:"Protections for victims and witnesses."`
	TacticalPosture      Posture           `yaml:"tactical_posture" doc:"Equipment and tactics of enforcement operations." default:"standard" source:"assumption"`
}

// InfoSharing sets what the jail shares with ICE.
type InfoSharing struct {
	Fingerprints    bool    `yaml:"fingerprints" doc:"Booking fingerprints are checked against DHS records (Secure Communities)." default:"true" source:"Secure Communities covered all 3,181 U.S. jurisdictions by 2013 (Kubrin 2014); revived by EO 13768 (2017)" grade:"B"`
	NotifyRelease   bool    `yaml:"notify_release" doc:"The jail tells ICE when a person with a detainer is released." default:"true" source:"ICE Form I-247A box 1 requests notification" grade:"A"`
	WarrantQueries  bool    `yaml:"warrant_queries" doc:"Officers' database queries at traffic stops return ICE administrative warrants." default:"true" source:"assumption (ICE records are exposed through NCIC and the LESC)"`
	WarrantAccuracy float64 `yaml:"warrant_accuracy" doc:"Share of warrant hits at traffic stops that refer to the right person and are current; the rest are false hits on people who are not removable." default:"0.9" min:"0" max:"1" source:"assumption"`
}

// Deconfliction sets how overlapping operations are detected.
type Deconfliction struct {
	Level         DeconflictionLevel `yaml:"level" doc:"none (no exchange), ad_hoc (phone calls and meetings), or formal (a shared operations register, such as RISSafe or SAFETNet, and meetings)." default:"none" source:"BJA/Global Call to Action on event deconfliction (2013, rev. 2015)" grade:"C"`
	MeetingDays   float64            `yaml:"meeting_days" doc:"Days between inter-agency coordination meetings." default:"14" min:"1" max:"365" unit:"days" source:"assumption"`
	Participation float64            `yaml:"participation" doc:"Share of operations entered in the shared register under formal deconfliction." default:"0.9" min:"0" max:"1" source:"assumption (no public evaluation of deconfliction effectiveness exists)"`
	MergeShare    float64            `yaml:"merge_share" doc:"Under formal deconfliction, the chance that a planned operation found to overlap another agency's is merged into a joint operation with it (the earlier operation's agency leads; each agency takes custody of its own arrests) rather than postponed." default:"0.5" min:"0" max:"1" source:"assumption (the register notifies the parties so they can coordinate; how often they merge rather than reschedule is not published: RISSafe, public-safety brief §9)" json:"-" hash:"nondefault"`
	PostponeHours float64            `yaml:"postpone_hours" doc:"Under formal deconfliction, how long a postponed operation is put off before it is checked against the register again." default:"24" min:"0.1" max:"720" unit:"hours" source:"assumption" json:"-" hash:"nondefault"`
	MaxPostpones  int                `yaml:"max_postpones" doc:"Times an operation may be postponed; an operation that overlaps again after that is merged." default:"2" min:"0" max:"100" source:"assumption" json:"-" hash:"nondefault"`
	PressShare    float64            `yaml:"press_multiplier" doc:"Under formal deconfliction, multiplier on the trust and fear shock of a joint operation (several agencies): the agencies coordinate their press statements." default:"0.8" min:"0" max:"1" source:"assumption: no evaluation of coordinated press statements on trust exists (public-safety brief §9, Not found)" json:"-" hash:"nondefault"`
	ProtocolShare float64            `yaml:"protocol_multiplier" doc:"Under formal deconfliction, multiplier on the chance of officer and civilian injuries, and of a complaint against officers, in a joint operation (agreed medical and juvenile protocols)." default:"0.8" min:"0" max:"1" source:"assumption: no evaluation exists (public-safety brief §9, Not found)" json:"-" hash:"nondefault"`
	MeetingHours  float64            `yaml:"meeting_hours" doc:"Length of an inter-agency coordination meeting (ad hoc and formal deconfliction), every meeting_days; the officer-hours are counted (deconfliction.meeting_hours), not taken from patrol." default:"2" min:"0" max:"24" unit:"hours" source:"assumption" json:"-" hash:"nondefault"`
	Attendees     int                `yaml:"attendees" doc:"Officers each agency sends to a coordination meeting (police, and ICE and Border Patrol where they have teams or units, and each active task force)." default:"2" min:"0" max:"100" source:"assumption" json:"-" hash:"nondefault"`
}

// VictimProtections are protections for victims and witnesses.
type VictimProtections struct {
	NoStatusQuestions bool `yaml:"no_status_questions" doc:"Officers do not ask victims and witnesses about immigration status." default:"false" source:"assumption (off: no protection policy)"`
	UVisa             bool `yaml:"u_visa" doc:"The agency certifies U-visa applications of cooperating victims (8 U.S.C. §1101(a)(15)(U))." default:"false" source:"assumption (off); U visa: 8 U.S.C. §1101(a)(15)(U)"`
}

// Safety sets operation-safety risks.
type Safety struct {
	ForcePerOp         float64        `yaml:"force_per_op" doc:"Chance of a use-of-force incident in an enforcement operation at standard posture." default:"0.05" min:"0" max:"1" source:"assumption; threat or use of force in about 2-3% of police-public contacts (BJS Contacts Between Police and the Public 2018, 2020), and an operation involves several contacts" grade:"A"`
	OfficerInjury      float64        `yaml:"officer_injury" doc:"Chance that a use-of-force incident injures an officer." default:"0.15" min:"0" max:"1" source:"assumption; officer assault rate 13.2 per 100 officers in 2023 (FBI LEOKA)" grade:"A"`
	CivilianInjury     float64        `yaml:"civilian_injury" doc:"Chance that a use-of-force incident injures a civilian." default:"0.3" min:"0" max:"1" source:"assumption"`
	OverlapHours       float64        `yaml:"overlap_hours" doc:"Two operations of different agencies in the same or neighbouring districts that start within this many hours of each other's end overlap (what a deconfliction register would flag)." default:"36" min:"0" max:"240" unit:"hours" source:"assumption calibrated so that about half of logged operations are flagged (South Texas HIDTA deconfliction slide, grade C)" grade:"C"`
	ConflictPerOverlap float64        `yaml:"conflict_per_overlap" doc:"Chance that an overlap unknown to both agencies becomes a blue-on-blue confrontation." default:"0.004" min:"0" max:"1" source:"assumption; NY Task Force on Police-on-Police Shootings (2010): confrontations between officers of different agencies occur daily, fatal ones about once a year nationally" grade:"B"`
	ConflictInjury     float64        `yaml:"conflict_injury" doc:"Chance that a blue-on-blue confrontation injures someone." default:"0.1" min:"0" max:"1" source:"assumption"`
	AdHocDetection     float64        `yaml:"ad_hoc_detection" doc:"Chance that ad hoc deconfliction detects an overlap when meetings are at most a week apart." default:"0.4" min:"0" max:"1" source:"assumption"`
	ForceMultiAgency   float64        `yaml:"force_multi_agency" doc:"Multiplier on the force risk when untrained agencies operate together." default:"1.3" min:"0" max:"10" source:"assumption"`
	PostureEscalation  PostureValues  `yaml:"posture_escalation" doc:"Multiplier on force risk by tactical posture." default:"{standard: 1, tactical: 1.3, military_style: 1.6}" source:"assumption"`
	PostureVisibility  PostureValues  `yaml:"posture_visibility" doc:"Multiplier on operation visibility by tactical posture." default:"{standard: 1, tactical: 1.4, military_style: 2}" source:"assumption"`
	ComplaintPerOp     float64        `yaml:"complaint_per_op" doc:"Chance of a complaint against officers after an operation without a use of force (discourtesy, an improper stop, search or entry)." default:"0.01" min:"0" max:"1" source:"assumption (complaints without force are not counted per operation in any national data)" json:"-" hash:"nondefault"`
	ComplaintPerForce  float64        `yaml:"complaint_per_force" doc:"Chance of a complaint against officers after an operation with a use-of-force incident and no injury." default:"0.05" min:"0" max:"1" source:"derived: IACP, Police Use of Force in America 2001: 750 complaints sustained as alleged among 174,820 use-of-force incidents reported 1994-2000 (0.42%); Hickman 2006, Citizen Complaints about Police Use of Force (BJS NCJ 210296): 8% of force complaints in large agencies sustained (2002); 0.0042 / 0.08 ≈ 0.05 (two different samples; Hickman and Poore 2015 doubt the BJS complaint data)" grade:"C" json:"-" hash:"nondefault"`
	ComplaintPerInjury float64        `yaml:"complaint_per_injury" doc:"Extra chance of a complaint for each officer or civilian injured in the use-of-force incident (added to complaint_per_force; the sum is capped at 1)." default:"0.1" min:"0" max:"1" source:"assumption (an injury makes a complaint more likely; no per-injury rate published)" json:"-" hash:"nondefault"`
	TrainingRisk       TrainingValues `yaml:"training_risk" doc:"Multiplier on force and blue-on-blue risk by cross-training level." default:"{none: 1, basic: 0.85, joint_exercises: 0.7}" source:"assumption"`
}

// PostureValues are values by tactical posture.
type PostureValues struct {
	Standard      float64 `yaml:"standard" min:"0" max:"10"`
	Tactical      float64 `yaml:"tactical" min:"0" max:"10"`
	MilitaryStyle float64 `yaml:"military_style" min:"0" max:"10"`
}

// TrainingValues are values by cross-training level.
type TrainingValues struct {
	None           float64 `yaml:"none" min:"0" max:"10"`
	Basic          float64 `yaml:"basic" min:"0" max:"10"`
	JointExercises float64 `yaml:"joint_exercises" min:"0" max:"10"`
}

// Trust sets community trust and fear dynamics.
type Trust struct {
	HalfLifeDays      float64         `yaml:"half_life_days" doc:"Half-life of a trust shock without outreach." default:"90" min:"1" max:"3650" unit:"days" source:"assumption between 'several months' (Ang et al. 2021) and 'over a year' (Desmond, Papachristos and Kirk 2016, contested by Zoorob 2020)" grade:"B"`
	OutreachSpeedup   float64         `yaml:"outreach_speedup" doc:"Recovery speeds up by a factor (1 + outreach_speedup × outreach)." default:"1" min:"0" max:"100" source:"assumption"`
	OpShock           float64         `yaml:"op_shock" doc:"Trust lost by the most sensitive group in a district when an operation of visibility 1 takes place there." default:"0.01" min:"0" max:"1" source:"assumption"`
	LocalShare        float64         `yaml:"local_share" doc:"Multiplier on the trust shock when local police are seen to take part." default:"1.5" min:"1" max:"10" source:"assumption"`
	Spillover         float64         `yaml:"spillover" doc:"Fraction of a district's shock felt in neighbouring districts." default:"0.3" min:"0" max:"1" source:"assumption"`
	Sensitivity       GroupMultiplier `yaml:"sensitivity" doc:"How strongly each group's trust responds to visible immigration enforcement." default:"{citizen: 0.1, lawful_noncitizen: 0.5, undocumented: 1}" source:"assumption; Wong et al. 2020; Martínez-Schuldt and Martínez 2021" grade:"B"`
	ServiceGain       float64         `yaml:"service_gain" doc:"Trust a group gains in its district per cleared case or fast response, divided by the group's population there in thousands (good service is noticed by those it reaches)." default:"0.0005" min:"0" max:"100" source:"assumption"`
	FearExposure      GroupValues     `yaml:"fear_exposure" doc:"How exposed each group is to operation-driven fear." default:"{citizen: 0, lawful_noncitizen: 0.4, undocumented: 1}" source:"assumption (fear of immigration consequences concerns noncitizen and mixed-status households)"`
	InvolvementTrust  float64         `yaml:"involvement_trust" doc:"Fall in the long-run trust level of the most sensitive group at full local involvement in immigration enforcement." default:"0.05" min:"0" max:"1" source:"assumption; Wong et al. 2020 survey experiment: less trust when police work with ICE" grade:"B"`
	BaseFear          GroupValues     `yaml:"base_fear" doc:"Baseline fear of immigration consequences of contacting police, by group." default:"{citizen: 0, lawful_noncitizen: 0, undocumented: 0.33}" source:"calibrated so that undocumented victims report about 17% and legalization raises the reporting of the legalized by about 20 points (Comino, Mastrobuoni and Nicolò 2020, J. Policy Analysis & Management: the legalized report at about the population rate, so lawful status carries no baseline fear of contacting police; their fear comes from local involvement, operations and mixed-status households); check-model: undocumented_reporting, legalization_reporting" grade:"A"`
	InvolvementFear   GroupValues     `yaml:"involvement_fear" doc:"Extra fear at full local involvement in immigration enforcement, by group." default:"{citizen: 0, lawful_noncitizen: 0.08, undocumented: 0.25}" source:"assumption calibrated so limited cooperation raises immigrant reporting by a few percent (Jácome 2022: +4%; Martínez-Schuldt and Martínez 2021: odds ratio 1.12)" grade:"A"`
	OpFear            float64         `yaml:"op_fear" doc:"Fear added in a district by an operation of visibility 1 (for the most exposed group)." default:"0.1" min:"0" max:"1" source:"assumption; LAPD calls fell 28% in two weeks after the June 2025 raids (LA Times, confounded)" grade:"C"`
	FearHalfLifeDays  float64         `yaml:"fear_half_life_days" doc:"Half-life of operation-driven fear." default:"21" min:"1" max:"3650" unit:"days" source:"assumption ('partial recovery within weeks', LA Times 2025)" grade:"C"`
	ProtectionDamping float64         `yaml:"protection_damping" doc:"Share of fear removed by victim protections (each of no status questions and U-visa certification removes half of this)." default:"0.3" min:"0" max:"1" source:"assumption"`
	OversightDamping  OversightValues `yaml:"oversight_damping" doc:"Share of fear removed by each kind of oversight." default:"{none: 0, internal_audit: 0.02, civilian_review: 0.08, interagency_panel: 0.05}" source:"assumption"`
	OversightCatch    OversightValues `yaml:"oversight_catch" doc:"Share of wrongful detainers caught before a hold, by kind of oversight." default:"{none: 0, internal_audit: 0.3, civilian_review: 0.15, interagency_panel: 0.5}" source:"assumption"`
	Involvement       Involvement     `yaml:"involvement" doc:"How much each arrangement counts toward local involvement in immigration enforcement (summed, capped at 1)."`
	Harm              HarmShocks      `yaml:"harm" doc:"Trust lost to harm events: use of force, injuries, blue-on-blue conflicts and wrongful detentions (see docs/model.md, Harm events)." json:"-"`

	Habituation             float64 `yaml:"habituation" doc:"Habituation to repeated operations: an operation's trust and fear shock is multiplied by habituation^n, n the decaying count of recent operations of the same kind in the district (1: no habituation)." default:"0.9" min:"0" max:"1" source:"assumption: no study estimates diminishing effects of repeated operations in one place (public-safety brief §6.4); Asad 2020 (PNAS 117(16)) finds noncitizens' deportation fear flat across large swings in removals, and a routine Border Patrol presence should not halve a border town's reporting" json:"-" hash:"nondefault"`
	HabituationHalfLifeDays float64 `yaml:"habituation_half_life_days" doc:"Half-life of the count of recent operations behind habituation." default:"30" min:"1" max:"3650" unit:"days" source:"assumption (habituation wears off over about the month over which the LA 2025 call drop recovered in part; LA Times 2025, grade C)" json:"-" hash:"nondefault"`
	SalienceThreshold       float64 `yaml:"salience_threshold" doc:"A harm event whose salience (visibility × harm shock) reaches this value is carried city-wide by the media channel." default:"0.015" min:"0" max:"10" source:"assumption (set so that an injury in a courthouse or worksite operation and a wrongful detention pass it and a use of force without injury does not); Ang, Bencsik, Bruhn and Derenoncourt 2024 (NBER WP 32243): calls fell after highly salient police killings but not after less-publicized ones" grade:"B" json:"-" hash:"nondefault"`
	MediaShare              float64 `yaml:"media_share" doc:"Share of a salient harm event's local shock felt in every other district through the city-wide media channel (neighbours feel the larger of this and spillover)." default:"0.1" min:"0" max:"1" source:"assumption; Desmond, Papachristos and Kirk 2016 (ASR 81(5)): non-local publicized incidents were also followed by fewer calls (contested by Zoorob 2020)" json:"-" hash:"nondefault"`
	AwarenessHalfLifeDays   float64 `yaml:"awareness_half_life_days" doc:"Fear from local involvement in immigration enforcement approaches its new level with this half-life after an agreement or policy changes (first-order lag), without outreach." default:"14" min:"0" max:"3650" unit:"days" source:"assumption: no study measures an awareness lag (public-safety brief §6.4); Asad 2020 and Alsan and Yang (NBER WP 24731) find enforcement reaching citizens through networks and information, and the best available time scale is the two-week call drop after the June 2025 Los Angeles raids (LA Times 2025, grade C)" json:"-" hash:"nondefault"`
	OutreachAwareness       float64 `yaml:"outreach_awareness" doc:"Outreach shortens the awareness lag: its half-life is awareness_half_life_days ÷ (1 + outreach_awareness × outreach) (accurate information reaches households sooner)." default:"1" min:"0" max:"100" source:"assumption" json:"-" hash:"nondefault"`
	OutreachFearCut         float64 `yaml:"outreach_fear_cut" doc:"Outreach lowers the level that fear from local involvement approaches by this share at full outreach (rumour is corrected: what the agreement does and does not do)." default:"0.2" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
}

// HarmShocks set the trust lost to harm events. The shock of an event of
// kind k in district d to group g is size_k × visibility × sensitivity_g
// (× other_groups for the groups other than a wrongfully detained
// person's), at most the trust there; neighbours feel spillover of it and,
// for a salient event, every district media_share.
type HarmShocks struct {
	UseOfForce        float64    `yaml:"use_of_force" doc:"Trust lost by the most sensitive group in the district of a use-of-force incident of visibility 1." default:"0.005" min:"0" max:"1" source:"assumption between Desmond, Papachristos and Kirk 2016 (ASR 81(5): calls fell sharply and for over a year after a publicised beating; parameter set harm-shocks-large) and Zoorob 2020 (ASR 85(1): no effect once an outlier week is removed; harm-shocks-none): half the shock of an operation of visibility 1 (op_shock), so that a use of force alone stays local and below the salience threshold and only injuries at visible venues and wrongful detentions reach the whole city (media channel), as Ang et al. 2024 find calls falling only after salient events" grade:"B" json:"-" hash:"nondefault"`
	Injury            float64    `yaml:"injury" doc:"Trust lost, in addition, for each officer or civilian injured in a use-of-force incident or a blue-on-blue conflict (visibility 1, most sensitive group)." default:"0.01" min:"0" max:"1" source:"assumption (as use_of_force; an injury is the more salient harm)" grade:"B" json:"-" hash:"nondefault"`
	BlueOnBlue        float64    `yaml:"blue_on_blue" doc:"Trust lost in the district of a blue-on-blue conflict (visibility 1, most sensitive group)." default:"0.005" min:"0" max:"1" source:"assumption (as use_of_force)" json:"-" hash:"nondefault"`
	WrongfulDetention float64    `yaml:"wrongful_detention" doc:"Trust lost by the group of a citizen or lawful resident held on a wrongful detainer or warrant hit, in the district where they were booked or stopped (visibility 1)." default:"0.02" min:"0" max:"1" source:"assumption; wrongful holds of citizens are documented (TRAC: 834 citizens named in 949,126 detainers FY2008-12; ProPublica 2025: over 170 citizens held, a press compilation) but their effect on trust is not measured" json:"-" hash:"nondefault"`
	StatusInquiry     float64    `yaml:"status_inquiry" doc:"Trust lost by the cohort of a driver questioned about immigration status at a 287(g) task-force stop, in the district of the stop, per inquiry and per 1,000 residents of that cohort there (the other cohorts by other_groups); routine, so never carried city-wide by the media channel." default:"0.0005" min:"0" max:"1" source:"assumption, small (no study measures it): investigatory stops, unlike traffic-safety stops, lower the stopped drivers' trust in police (Epp, Maynard-Moody and Haider-Markel 2014, Pulled Over, U. Chicago Press; B); prolonged status checks of Latino citizens and lawful residents (Melendres v. Arpaio, 989 F. Supp. 2d 822, D. Ariz. 2013). Per inquiry the cohort loses in all half of one resident's trust (0.0005 × 1,000: the person questioned and their household). In a city of four districts of 25,000 (21% Hispanic) a year of a task force at the defaults questions about 32 of every 1,000 Hispanic residents and leaves Hispanic citizens' trust about 0.01 lower than without this harm (0.026 below no agreement in all)" json:"-" hash:"nondefault"`
	Complaint         float64    `yaml:"complaint" doc:"Trust lost in the district of an operation after which a complaint is filed against officers (visibility 1, most sensitive group; small, never carried city-wide at the default)." default:"0.001" min:"0" max:"1" source:"assumption, small: a fifth of a use of force (use_of_force); a complaint is known to few" json:"-" hash:"nondefault"`
	OtherGroups       float64    `yaml:"other_groups" doc:"Share of a wrongful detention's shock felt by the groups other than the detained person's (citizens above all when a citizen is held)." default:"0.3" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
	Courthouse        float64    `yaml:"courthouse_visibility" doc:"Visibility of harm in ICE courthouse operations (seen by the public, reported by the press); harm elsewhere has visibility 1, and tactical posture multiplies both (safety.posture_visibility)." default:"1.5" min:"0" max:"10" source:"assumption" json:"-" hash:"nondefault"`
	Worksite          float64    `yaml:"worksite_visibility" doc:"Visibility of harm in ICE worksite operations (as courthouse_visibility)." default:"1.5" min:"0" max:"10" source:"assumption" json:"-" hash:"nondefault"`
	Sensitivity       HarmGroups `yaml:"sensitivity" doc:"How strongly each group's trust responds to harm events."`
}

// HarmGroups are the groups' sensitivities to harm events.
type HarmGroups struct {
	Citizen          float64 `yaml:"citizen" doc:"Sensitivity of citizens." default:"0.3" min:"0" max:"10" source:"assumption; Desmond, Papachristos and Kirk 2016 and Ang et al. 2021 find call drops after police violence among citizens too (in Black and in white neighbourhoods)" grade:"B" json:"-" hash:"nondefault"`
	LawfulNoncitizen float64 `yaml:"lawful_noncitizen" doc:"Sensitivity of lawfully present noncitizens." default:"0.6" min:"0" max:"10" source:"assumption" json:"-" hash:"nondefault"`
	Undocumented     float64 `yaml:"undocumented" doc:"Sensitivity of undocumented and mixed-status households." default:"1" min:"0" max:"10" source:"assumption (the most exposed group, as in trust.sensitivity)" json:"-" hash:"nondefault"`
}

// OversightValues are values by oversight type.
type OversightValues struct {
	None             float64 `yaml:"none" min:"0" max:"1"`
	InternalAudit    float64 `yaml:"internal_audit" min:"0" max:"1"`
	CivilianReview   float64 `yaml:"civilian_review" min:"0" max:"1"`
	InteragencyPanel float64 `yaml:"interagency_panel" min:"0" max:"1"`
}

// Involvement weights arrangements by how visibly they involve local police
// in immigration enforcement.
type Involvement struct {
	TaskForceModel         float64 `yaml:"task_force_model" doc:"Weight of a 287(g) task-force agreement." default:"0.7" min:"0" max:"1" source:"assumption"`
	JailModel              float64 `yaml:"jail_model" doc:"Weight of a 287(g) jail-enforcement agreement." default:"0.4" min:"0" max:"1" source:"assumption"`
	WarrantService         float64 `yaml:"warrant_service" doc:"Weight of a 287(g) warrant-service-officer agreement." default:"0.25" min:"0" max:"1" source:"assumption"`
	HonorAll               float64 `yaml:"honor_all" doc:"Weight of honoring all detainers." default:"0.3" min:"0" max:"1" source:"assumption"`
	JudicialOnly           float64 `yaml:"judicial_only" doc:"Weight of honoring detainers only with a judicial warrant." default:"0.05" min:"0" max:"1" source:"assumption"`
	ImmigrationTaskForce   float64 `yaml:"immigration_task_force" doc:"Weight of a joint task force with police and an immigration focus." default:"0.3" min:"0" max:"1" source:"assumption"`
	MilitaryLawEnforcement float64 `yaml:"military_law_enforcement" doc:"Weight of military units in law-enforcement roles." default:"0.2" min:"0" max:"1" source:"assumption"`
	SeriousOnlyShare       float64 `yaml:"serious_only_share" doc:"Under ice.detainer_priority serious_only (PEP-style priorities), the share of the weights of honoring detainers (honor_all, judicial_only) and of a 287(g) jail-enforcement agreement that still counts: a victim or witness without a serious record no longer risks a detainer after a contact with police." default:"0.3" min:"0" max:"1" source:"assumption; direction from Jácome 2022 (J. Urban Econ. 128:103395: crimes reported by Hispanic residents of Dallas rose about 4% under PEP; check-model pep_narrowing)" json:"-" hash:"nondefault"`
}

// Population sets how the residents of each district and group change
// (see docs/model.md, Population):
//
//	dP_{d,g}/dt = −h_g · max(0, I − reference_involvement) · P_{d,g}
//	              + ln 2 / return_half_life_years · (P⁰_{d,g} − P_{d,g})⁺
//	              − removals + re-entries
//
// with h_g = noncitizen_hazard for lawful noncitizens and undocumented
// residents and citizen_hazard_ratio × noncitizen_hazard for citizens, I the
// local involvement in immigration enforcement and P⁰ the configured
// population. The flows are deterministic and aggregate (no households).
type Population struct {
	NoncitizenHazard     float64 `yaml:"noncitizen_hazard" doc:"Out-migration hazard of noncitizen residents (lawful and undocumented) per year and per unit of local involvement in immigration enforcement above reference_involvement. Calibrated so that a 287(g) task-force agreement (weight 0.7, trust.involvement.task_force_model, on top of the baseline's honor-all detainer policy) lowers the noncitizen population by 8.5% within two years, the midpoint of Dee and Murphy's 7-10%: with x = 0.7 and r = ln 2 / 2 per year, the solution P(2)/P⁰ − 1 = −(h·x / (h·x + r)) · (1 − exp(−2 (h·x + r))) equals −0.085 at h·x = 0.0622, h = 0.089." default:"0.089" min:"0" max:"10" unit:"per year" source:"Dee and Murphy 2018, Vanished Classmates, NBER WP 25080 / CEPA WP 18-18: Hispanic public-school enrolment fell about 7-10% within two years of a local 287(g) agreement" grade:"B" json:"-" hash:"nondefault"`
	CitizenHazardRatio   float64 `yaml:"citizen_hazard_ratio" doc:"Citizens' out-migration hazard as a share of noncitizens' (citizen members of mixed-status households who leave with them)." default:"0.1" min:"0" max:"1" source:"assumption; Watson 2013 (NBER WP 19626): 287(g) task-force agreements nearly double noncitizens' relocation, with a much smaller response of citizens" grade:"B" json:"-" hash:"nondefault"`
	ReturnHalfLifeYears  float64 `yaml:"return_half_life_years" doc:"Half-life of a district's shortfall below its baseline population, by return and in-migration, whenever it is below it (after an agreement ends, or after removals)." default:"2" min:"0.1" max:"100" unit:"years" source:"assumption; Parrado 2012 (Annals AAPSS 641): no lasting 287(g) effect on local Mexican-immigrant populations outside a few high-salience counties, and press-reported partial rebounds (Capps et al. 2011)" grade:"B" json:"-" hash:"nondefault"`
	ReferenceInvolvement float64 `yaml:"reference_involvement" doc:"Local involvement at which the population is in balance: out-migration responds only to involvement above it. The default is the weight of honoring all detainers (trust.involvement.honor_all), the policy of the comparison jurisdictions of the calibrating studies under Secure Communities, so that the baseline does not drift and the 287(g) effect is measured against it." default:"0.3" min:"0" max:"1" source:"assumption (the comparison counties of Dee and Murphy 2018 honored detainers under Secure Communities)" json:"-" hash:"nondefault"`
}

// Change sets agreement and policy keys on a given day. Set holds a partial
// scenario restricted to the agreements, policies, ice and border_patrol
// sections, e.g. {policies: {detainers: never}}.
type Change struct {
	Day float64        `yaml:"day" doc:"Day on which the change takes effect." default:"0" min:"0" max:"36500" unit:"days" source:"scenario input"`
	Set map[string]any `yaml:"set" doc:"Keys to set, as a partial scenario (agreements, policies, ice and border_patrol sections only)." default:"{}" source:"scenario input"`
}

// Channels switch the two routes by which immigration enforcement affects
// public safety. Both are on by default; an analyst runs an arm with one
// off to attribute an outcome to capacity or to trust.
type Channels struct {
	Capacity bool `yaml:"capacity" doc:"Capacity channel: immigration work takes patrol units off dispatch (287(g) status questions and transfers at stops, units joining immigration operations), so calls wait longer. Off: that officer time is still counted but does not occupy units." default:"true" source:"queueing: diverted units lower the effective number of servers (Larson and Odoni, Urban Operations Research; research brief §4.3 asks for this channel to be kept apart from trust)" grade:"B"`
	Trust    bool `yaml:"trust" doc:"Trust channel: enforcement changes trust and fear, and so victims' and witnesses' decisions to report and cooperate. Off: those decisions use each district's baseline trust and the baseline fear (trust and fear are still tracked and reported)." default:"true" source:"logit reporting model of the research brief §4.4 (Comino et al. 2020; Jácome 2022; Martínez-Schuldt and Martínez 2021)" grade:"A"`
}

// Calendar dates model days (calendar.go): day 0 is start_date, and a day
// is a business day unless it is a Saturday, a Sunday, a federal holiday or
// a local holiday.
type Calendar struct {
	StartDate       string   `yaml:"start_date" doc:"Date of model day 0 (YYYY-MM-DD): the weekday and holidays of every later day follow from it." default:"2025-01-06" source:"assumption: a Monday in a year without a holiday in its first week, so that a run starts at the beginning of a working week" json:"-" hash:"nondefault"`
	FederalHolidays bool     `yaml:"federal_holidays" doc:"The U.S. federal holidays (legal public holidays) are not business days, computed by rule for every year: New Year's Day, the Birthday of Martin Luther King, Jr. (third Monday in January), Washington's Birthday (third Monday in February), Memorial Day (last Monday in May), Juneteenth (June 19, from 2021), Independence Day, Labor Day (first Monday in September), Columbus Day (second Monday in October), Veterans Day, Thanksgiving (fourth Thursday in November) and Christmas; one that falls on a Saturday is observed on the Friday before, on a Sunday on the Monday after." default:"true" source:"5 U.S.C. §6103(a) (list) and (b) (observance; Executive Order 11582)" grade:"A" json:"-" hash:"nondefault"`
	LocalHolidays   []string `yaml:"local_holidays" doc:"Further dates (YYYY-MM-DD) that are not business days: state or county holidays on which the jail's holds do not count." default:"[]" maxitems:"3660" source:"scenario input" json:"-" hash:"nondefault"`
}

// Operations sets how planned operations become operations (see
// docs/model.md, Operations as entities): an ICE or task-force operation is
// planned lead_hours before it starts; at its start it takes units from its
// agencies' capacities (ice.teams, border_patrol.units, agreements.g287.officers,
// each task force's officers), waiting up to max_wait_hours for them.
type Operations struct {
	LeadHours    float64 `yaml:"lead_hours" doc:"Planning lead time of ICE and task-force operations: from planning (the register entry) to the start. Police operations, Border Patrol patrols and ICE follow-ups start when planned." default:"48" min:"0" max:"2160" unit:"hours" source:"assumption" json:"-" hash:"nondefault"`
	MaxWaitHours float64 `yaml:"max_wait_hours" doc:"Longest an operation waits past its planned start for its lead agency's units to be free; one that would wait longer is dropped (operations.dropped)." default:"72" min:"0" max:"2160" unit:"hours" source:"assumption" json:"-" hash:"nondefault"`
	Vetting      Vetting `yaml:"vetting" doc:"Review of planned joint operations under policies.oversight civilian_review or interagency_panel, and the audit of completed joint operations under every kind of oversight."`
}

// Vetting sets the review of planned joint operations (several agencies)
// by an interagency panel or civilian review board: each is reviewed,
// delaying its start to at least review_days after planning; it is denied
// with chance deny_share, or approved with required changes with chance
// modify_share (lower visibility; a courthouse operation moves at large).
// Under every kind of oversight but none, audit_share of the completed
// joint operations are audited audit_days after their end; a finding
// lowers the visibility and force risk of the lead agency's later
// operations by a corrective action that fades (docs/model.md, Operations
// as entities).
type Vetting struct {
	ReviewDays             float64 `yaml:"review_days" doc:"Days from planning to the decision of the review; the operation starts no earlier." default:"5" min:"0" max:"365" unit:"days" source:"assumption" json:"-" hash:"nondefault"`
	ModifyShare            float64 `yaml:"modify_share" doc:"Chance that the review requires changes: lower visibility (modified_visibility) and no sensitive venue (a courthouse operation moves at large)." default:"0.3" min:"0" max:"1" source:"assumption (no published rate of changes required by operation review boards was found)" json:"-" hash:"nondefault"`
	DenyShare              float64 `yaml:"deny_share" doc:"Chance that the review denies the operation (it does not run)." default:"0.05" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
	ModifiedVisibility     float64 `yaml:"modified_visibility" doc:"Multiplier on the visibility of an operation approved with changes." default:"0.6" min:"0" max:"1" source:"assumption" json:"-" hash:"nondefault"`
	AuditShare             float64 `yaml:"audit_share" doc:"Under every kind of oversight but none (internal_audit, civilian_review, interagency_panel), the share of completed joint operations (several agencies) reviewed after the fact. A review finds fault when the operation had a use of force, an injury, a complaint or a wrongful detention." default:"0.25" min:"0" max:"1" source:"assumption (no published share of joint operations audited afterwards)" json:"-" hash:"nondefault"`
	AuditDays              float64 `yaml:"audit_days" doc:"Days from an audited operation's end to the audit's finding and its corrective action." default:"30" min:"0" max:"365" unit:"days" source:"assumption" json:"-" hash:"nondefault"`
	CorrectiveMultiplier   float64 `yaml:"corrective_multiplier" doc:"Multiplier, right after an audit finding, on the visibility and the force risk (escalation) of the later operations the audited operation's lead agency leads; the effect fades with corrective_half_life_days." default:"0.8" min:"0" max:"1" source:"assumption (corrective action after a finding: retraining, supervision; not measured)" json:"-" hash:"nondefault"`
	CorrectiveHalfLifeDays float64 `yaml:"corrective_half_life_days" doc:"Half-life of a corrective action's effect." default:"90" min:"1" max:"3650" unit:"days" source:"assumption" json:"-" hash:"nondefault"`
}
