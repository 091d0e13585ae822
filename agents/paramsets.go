package agents

// ParameterSet is a named set of parameter values that stands for one side
// of a question on which the literature disagrees. Scenarios choose sets by
// name (the scenario key parameter_sets) instead of the model silently
// picking one side; a sweep can compare them as arms.
type ParameterSet struct {
	Name     string
	Question string // the disputed question
	Position string // the position this set takes
	Source   string
	Grade    string         // evidence grade of the source (A, B, C, U)
	Set      map[string]any // dotted key → value
}

// ParameterSets returns the named parameter sets, in pairs of alternatives.
// The defaults of the model sit between or on one side of each pair, as
// docs/model.md says. The result is a fresh copy on every call.
func ParameterSets() []ParameterSet {
	return []ParameterSet{
		{
			Name:     "trust-shocks-months",
			Question: "How long does a shock to trust in police last?",
			Position: "Several months: reporting recovers within a season.",
			Source:   "Ang, Bencsik, Bruhn and Derenoncourt 2021 (911 calls after George Floyd's murder, persisting several months); Zoorob 2020 (no lasting effect without an outlier week)",
			Grade:    "B",
			Set:      map[string]any{"trust.half_life_days": 45.0, "trust.fear_half_life_days": 14.0},
		},
		{
			Name:     "trust-shocks-year-plus",
			Question: "How long does a shock to trust in police last?",
			Position: "Over a year.",
			Source:   "Desmond, Papachristos and Kirk 2016, American Sociological Review (calls fell for over a year after a publicized beating; contested by Zoorob 2020)",
			Grade:    "B",
			Set:      map[string]any{"trust.half_life_days": 365.0, "trust.fear_half_life_days": 60.0},
		},
		{
			Name:     "harm-shocks-large",
			Question: "How much trust does a harm event (use of force, injury, wrongful detention) cost?",
			Position: "A lot: calls fall sharply and for over a year after a publicised beating (three times the default shocks, and a lower salience threshold).",
			Source:   "Desmond, Papachristos and Kirk 2016, American Sociological Review 81(5) (about 22,200 fewer calls in Milwaukee after the Frank Jude beating; contested by Zoorob 2020)",
			Grade:    "B",
			Set: map[string]any{"trust.harm.use_of_force": 0.015, "trust.harm.injury": 0.03, "trust.harm.blue_on_blue": 0.015,
				"trust.harm.wrongful_detention": 0.06, "trust.salience_threshold": 0.01},
		},
		{
			Name:     "harm-shocks-none",
			Question: "How much trust does a harm event (use of force, injury, wrongful detention) cost?",
			Position: "Nothing durable: no effect on crime reporting once an outlier week is removed.",
			Source:   "Zoorob 2020, American Sociological Review 85(1) (re-analysis of Desmond et al. 2016; a 25-incident, 22-city follow-up finds little effect)",
			Grade:    "B",
			Set: map[string]any{"trust.harm.use_of_force": 0.0, "trust.harm.injury": 0.0, "trust.harm.blue_on_blue": 0.0,
				"trust.harm.wrongful_detention": 0.0},
		},
		{
			Name:     "undocumented-report-less",
			Question: "Do undocumented victims report crimes less than others?",
			Position: "Yes, far less: about 17% (the default calibration).",
			Source:   "Comino, Mastrobuoni and Nicolò 2020, J. Policy Analysis & Management (IRCA amnesty)",
			Grade:    "A",
			Set:      map[string]any{"trust.base_fear.undocumented": 0.33, "trust.base_fear.lawful_noncitizen": 0.0, "reporting.language_slope": 0.2},
		},
		{
			Name:     "immigrant-reporting-parity",
			Question: "Do undocumented victims report crimes less than others?",
			Position: "No: immigrant victims report as often as the native-born; fear of authorities is rare among non-reporters.",
			Source:   "Vaughan, Camarota and Zeigler 2021, Center for Immigration Studies (NCVS 2017-2019, descriptive)",
			Grade:    "C",
			Set:      map[string]any{"trust.base_fear.undocumented": 0.0, "trust.base_fear.lawful_noncitizen": 0.0, "reporting.language_slope": 0.0},
		},
		{
			Name:     "policy-response-behavioral",
			Question: "How strongly does local involvement in immigration enforcement deter immigrants from contacting police?",
			Position: "Modestly, as behavioural studies measure (the default calibration: a few percent).",
			Source:   "Jácome 2022, J. Urban Economics (+4% after PEP); Martínez-Schuldt and Martínez 2021, ASR (odds ratio 1.12)",
			Grade:    "A",
			Set:      map[string]any{"trust.involvement_fear.undocumented": 0.25, "trust.involvement_fear.lawful_noncitizen": 0.08},
		},
		{
			Name:     "policy-response-stated",
			Question: "How strongly does local involvement in immigration enforcement deter immigrants from contacting police?",
			Position: "Strongly, as surveys of stated intentions suggest (an upper bound).",
			Source:   "Theodore 2013, Insecure Communities (44% of Latinos, 70% of undocumented respondents less likely to contact police); Wong et al. 2020",
			Grade:    "B",
			Set:      map[string]any{"trust.involvement_fear.undocumented": 0.8, "trust.involvement_fear.lawful_noncitizen": 0.3},
		},
		{
			Name:     "incapacitation-high",
			Question: "Do removals and jailing prevent crime?",
			Position: "Yes, as proponents read it: every person jailed on a minor arrest or removed is an active offender, the tracked stock commits most crime, few removed people come back and most released prisoners reoffend.",
			Source:   "DHS FY2016 Border Patrol re-apprehension about 12% (DHS border-security metrics via CIS; C); BJS NCJ 250975 (Alper, Durose and Markman 2018): 83% of state prisoners released in 2005 rearrested within 9 years (A); ICE ERO: 82-91% of interior removals had convictions or charges (A via C)",
			Grade:    "C",
			Set: map[string]any{"offending.minor_arrest_active_share": 1.0, "offending.background_share": 0.2,
				"removal.reentry_share": 0.12, "offending.recidivism": 0.83},
		},
		{
			Name:     "incapacitation-low",
			Question: "Do removals and jailing prevent crime?",
			Position: "Barely, as the natural experiments find (the default calibration): few people booked on minor arrests are active offenders, occasional offenders commit about half of crime, and about half of removed people come back.",
			Source:   "Miles and Cox 2014, J. Law & Economics 57(4) and Treyger, Chalfin and Loeffler 2014, Criminology & Public Policy 13(2): no detectable effect of Secure Communities on crime (A); Wong and Hickman 2022: 48% of removed jail inmates rearrested in California (B)",
			Grade:    "A",
			Set: map[string]any{"offending.minor_arrest_active_share": 0.1, "offending.background_share": 0.48,
				"removal.reentry_share": 0.48, "offending.recidivism": 0.77},
		},
		{
			Name:     "predation-on-silence",
			Question: "Do offenders prey on victims who are unlikely to report?",
			Position: "Yes, strongly, as critics of local immigration enforcement argue: offenders choose victims who will not call the police.",
			Source:   "Fussell 2011, Sociological Quarterly 52(4) (offenders pick victims they assume are unauthorized; B); Barranco and Shihadeh 2015, Social Science Research 52 ('walking ATMs': robbery spillover onto Latinos; B)",
			Grade:    "B",
			Set:      map[string]any{"offending.predation_weight": 3.0},
		},
		{
			Name:     "predation-none",
			Question: "Do offenders prey on victims who are unlikely to report?",
			Position: "No: victims are drawn in proportion to population, whatever their chance of reporting.",
			Source:   "Fussell 2011 (day labourers equally likely to be criminally victimized; B); NCVS 2017-21: Hispanic simple assault victimization below white (BJS; A)",
			Grade:    "B",
			Set:      map[string]any{"offending.predation_weight": 0.0},
		},
		{
			Name:     "profiling-none",
			Question: "Do 287(g) task-force officers stop Hispanic drivers more often than others?",
			Position: "No: stops follow the drivers' shares of residents (the null: a court found Alamance County's disparities did not prove discriminatory policing, an absence of proof rather than proof of absence).",
			Source:   "United States v. Johnson, 122 F. Supp. 3d 272 (M.D.N.C. 2015): DOJ lost; Latino drivers cited 2.46 and arrested 1.52 times as often (DOJ's expert) did not prove a pattern or practice",
			Grade:    "A",
			Set:      map[string]any{"agreements.g287.stop_profiling": 0.0},
		},
		{
			Name:     "profiling-mcso",
			Question: "Do 287(g) task-force officers stop Hispanic drivers more often than others?",
			Position: "Yes, as the DOJ found in Maricopa County: Latino drivers stopped 4 times as often as similar non-Latino drivers (the finding's lower end; it ranged to 9).",
			Source:   "DOJ Civil Rights Division findings letter on the Maricopa County Sheriff's Office, Dec 15, 2011; Melendres v. Arpaio, 989 F. Supp. 2d 822 (D. Ariz. 2013): MCSO used Latino ancestry as a factor in stops",
			Grade:    "A",
			Set:      map[string]any{"agreements.g287.stop_profiling": 3.0},
		},
	}
}

// ParameterSetName names one of the [ParameterSets], in their order: the
// scenario key parameter_sets lists them.
type ParameterSetName int

var parameterSetVocab = func() *vocab[ParameterSetName] {
	var terms []term
	for _, s := range ParameterSets() {
		terms = append(terms, term{name: s.Name})
	}
	return newVocab[ParameterSetName]("parameter set", terms...)
}()

// String returns the set's name.
func (n ParameterSetName) String() string { return parameterSetVocab.name(n) }

// EnumNames lists the sets' names in order (see schema.Enum).
func (ParameterSetName) EnumNames() []string { return parameterSetVocab.names }

// MarshalText writes the set's name.
func (n ParameterSetName) MarshalText() ([]byte, error) { return parameterSetVocab.marshal(n) }

// UnmarshalText reads a set's name.
func (n *ParameterSetName) UnmarshalText(b []byte) error { return parameterSetVocab.unmarshal(n, b) }

// Set returns the parameter set named n.
func (n ParameterSetName) Set() ParameterSet { return ParameterSets()[n] }

// LookupParameterSet returns the set of that name.
func LookupParameterSet(name string) (ParameterSet, bool) {
	for _, s := range ParameterSets() {
		if s.Name == name {
			return s, true
		}
	}
	return ParameterSet{}, false
}
