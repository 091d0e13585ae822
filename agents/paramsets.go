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
			Name:     "undocumented-report-less",
			Question: "Do undocumented victims report crimes less than others?",
			Position: "Yes, far less: about 17% (the default calibration).",
			Source:   "Comino, Mastrobuoni and Nicolò 2020, J. Policy Analysis & Management (IRCA amnesty)",
			Grade:    "A",
			Set:      map[string]any{"trust.base_fear.undocumented": 0.2, "trust.base_fear.lawful_noncitizen": 0.04},
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
