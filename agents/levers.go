package agents

// This file holds the enumerations of the configuration: agreements,
// policies and legal statuses a scenario chooses among (see enum.go). Each
// decodes from its name in scenario files and marshals to it, so the JSON
// of a configuration (and the scenario hash) is what it was when these were
// strings.

// DetainerPolicy is what the jail does with ICE detainers.
type DetainerPolicy int

// The detainer policies.
const (
	HonorAll            DetainerPolicy = iota // hold on every detainer
	JudicialWarrantOnly                       // hold only with a judicial warrant
	NeverHonor                                // never hold on a detainer
	NumDetainerPolicies = 3
)

var detainerPolicyVocab = newVocab[DetainerPolicy]("detainer policy",
	term{name: "honor_all", label: "honor all"},
	term{name: "judicial_warrant_only", label: "judicial warrant only"},
	term{name: "never", label: "never honor"},
)

func (p DetainerPolicy) String() string                { return detainerPolicyVocab.name(p) }
func (p DetainerPolicy) Label() string                 { return detainerPolicyVocab.label(p) }
func (DetainerPolicy) EnumNames() []string             { return detainerPolicyVocab.names }
func (p DetainerPolicy) MarshalText() ([]byte, error)  { return detainerPolicyVocab.marshal(p) }
func (p *DetainerPolicy) UnmarshalText(b []byte) error { return detainerPolicyVocab.unmarshal(p, b) }

// DetainerPriority is which identified bookings ICE lodges detainers on.
type DetainerPriority int

// The detainer priorities.
const (
	LodgeAll              DetainerPriority = iota // every identified booking
	LodgeSeriousOnly                              // index-crime bookings only
	NumDetainerPriorities = 2
)

var detainerPriorityVocab = newVocab[DetainerPriority]("detainer priority",
	term{name: "all", label: "all bookings"},
	term{name: "serious_only", label: "serious arrests only"},
)

func (p DetainerPriority) String() string               { return detainerPriorityVocab.name(p) }
func (p DetainerPriority) Label() string                { return detainerPriorityVocab.label(p) }
func (DetainerPriority) EnumNames() []string            { return detainerPriorityVocab.names }
func (p DetainerPriority) MarshalText() ([]byte, error) { return detainerPriorityVocab.marshal(p) }
func (p *DetainerPriority) UnmarshalText(b []byte) error {
	return detainerPriorityVocab.unmarshal(p, b)
}

// G287Model is the model of a 287(g) agreement.
type G287Model int

// The 287(g) models.
const (
	G287None            G287Model = iota // no agreement
	G287JailEnforcement                  // screen bookings, lodge detainers
	G287TaskForce                        // officers may question status during routine policing
	G287WarrantService                   // serve ICE administrative warrants in the jail
	NumG287Models       = 4
)

var g287Vocab = newVocab[G287Model]("287(g) model",
	term{name: "none"},
	term{name: "jail_enforcement", label: "jail model"},
	term{name: "task_force", label: "task force"},
	term{name: "warrant_service_officer", label: "warrant service"},
)

func (g G287Model) String() string                { return g287Vocab.name(g) }
func (g G287Model) Label() string                 { return g287Vocab.label(g) }
func (G287Model) EnumNames() []string             { return g287Vocab.names }
func (g G287Model) MarshalText() ([]byte, error)  { return g287Vocab.marshal(g) }
func (g *G287Model) UnmarshalText(b []byte) error { return g287Vocab.unmarshal(g, b) }

// DeconflictionLevel is how agencies learn of each other's operations.
type DeconflictionLevel int

// The deconfliction levels.
const (
	DeconflictNone         DeconflictionLevel = iota // no exchange
	DeconflictAdHoc                                  // phone calls and meetings
	DeconflictFormal                                 // a shared operations register and meetings
	NumDeconflictionLevels = 3
)

var deconflictionVocab = newVocab[DeconflictionLevel]("deconfliction level",
	term{name: "none"},
	term{name: "ad_hoc", label: "ad hoc"},
	term{name: "formal", label: "formal register"},
)

func (l DeconflictionLevel) String() string                { return deconflictionVocab.name(l) }
func (l DeconflictionLevel) Label() string                 { return deconflictionVocab.label(l) }
func (DeconflictionLevel) EnumNames() []string             { return deconflictionVocab.names }
func (l DeconflictionLevel) MarshalText() ([]byte, error)  { return deconflictionVocab.marshal(l) }
func (l *DeconflictionLevel) UnmarshalText(b []byte) error { return deconflictionVocab.unmarshal(l, b) }

// Oversight is the kind of independent oversight of enforcement.
type Oversight int

// The kinds of oversight.
const (
	OversightNone Oversight = iota
	InternalAudit
	CivilianReview
	InteragencyPanel
	NumOversights = 4
)

var oversightVocab = newVocab[Oversight]("oversight",
	term{name: "none"},
	term{name: "internal_audit", label: "internal audit"},
	term{name: "civilian_review", label: "civilian review"},
	term{name: "interagency_panel", label: "interagency panel"},
)

func (o Oversight) String() string                { return oversightVocab.name(o) }
func (o Oversight) Label() string                 { return oversightVocab.label(o) }
func (Oversight) EnumNames() []string             { return oversightVocab.names }
func (o Oversight) MarshalText() ([]byte, error)  { return oversightVocab.marshal(o) }
func (o *Oversight) UnmarshalText(b []byte) error { return oversightVocab.unmarshal(o, b) }

// Posture is the equipment and tactics of enforcement operations.
type Posture int

// The tactical postures.
const (
	PostureStandard Posture = iota
	PostureTactical
	PostureMilitaryStyle
	NumPostures = 3
)

var postureVocab = newVocab[Posture]("tactical posture",
	term{name: "standard"},
	term{name: "tactical"},
	term{name: "military_style", label: "military-style"},
)

func (p Posture) String() string                { return postureVocab.name(p) }
func (p Posture) Label() string                 { return postureVocab.label(p) }
func (Posture) EnumNames() []string             { return postureVocab.names }
func (p Posture) MarshalText() ([]byte, error)  { return postureVocab.marshal(p) }
func (p *Posture) UnmarshalText(b []byte) error { return postureVocab.unmarshal(p, b) }

// CrossTraining is the joint training of the agencies' officers.
type CrossTraining int

// The levels of cross-training.
const (
	TrainingNone CrossTraining = iota
	TrainingBasic
	TrainingJointExercises
	NumCrossTrainings = 3
)

var trainingVocab = newVocab[CrossTraining]("cross-training level",
	term{name: "none"},
	term{name: "basic"},
	term{name: "joint_exercises", label: "joint exercises"},
)

func (t CrossTraining) String() string                { return trainingVocab.name(t) }
func (t CrossTraining) Label() string                 { return trainingVocab.label(t) }
func (CrossTraining) EnumNames() []string             { return trainingVocab.names }
func (t CrossTraining) MarshalText() ([]byte, error)  { return trainingVocab.marshal(t) }
func (t *CrossTraining) UnmarshalText(b []byte) error { return trainingVocab.unmarshal(t, b) }

// MilitaryStatus is the legal status of a military unit.
type MilitaryStatus int

// The legal statuses.
const (
	Title10             MilitaryStatus = iota // federal active duty
	Title32                                   // federally funded, under the governor
	StateActiveDuty                           // state active duty
	NumMilitaryStatuses = 3
)

var militaryStatusVocab = newVocab[MilitaryStatus]("military status",
	term{name: "title10", label: "title 10 (federal active duty)"},
	term{name: "title32", label: "title 32"},
	term{name: "state_active_duty", label: "state active duty"},
)

func (s MilitaryStatus) String() string                { return militaryStatusVocab.name(s) }
func (s MilitaryStatus) Label() string                 { return militaryStatusVocab.label(s) }
func (MilitaryStatus) EnumNames() []string             { return militaryStatusVocab.names }
func (s MilitaryStatus) MarshalText() ([]byte, error)  { return militaryStatusVocab.marshal(s) }
func (s *MilitaryStatus) UnmarshalText(b []byte) error { return militaryStatusVocab.unmarshal(s, b) }

// MilitaryRole is a role assigned to a military unit.
type MilitaryRole int

// The military roles.
const (
	RoleLogistics MilitaryRole = iota
	RoleTransport
	RoleBaseSecurity
	RoleSurveillanceSupport
	RoleLawEnforcement
	NumMilitaryRoles = 5
)

var militaryRoleVocab = newVocab[MilitaryRole]("military role",
	term{name: "logistics"},
	term{name: "transport"},
	term{name: "base_security", label: "base security"},
	term{name: "surveillance_support", label: "surveillance support"},
	term{name: "law_enforcement", label: "law enforcement"},
)

func (r MilitaryRole) String() string                { return militaryRoleVocab.name(r) }
func (r MilitaryRole) Label() string                 { return militaryRoleVocab.label(r) }
func (MilitaryRole) EnumNames() []string             { return militaryRoleVocab.names }
func (r MilitaryRole) MarshalText() ([]byte, error)  { return militaryRoleVocab.marshal(r) }
func (r *MilitaryRole) UnmarshalText(b []byte) error { return militaryRoleVocab.unmarshal(r, b) }

// Support reports whether the role supports immigration operations
// (logistics, transport): its personnel raise ICE's operation rate.
func (r MilitaryRole) Support() bool { return r == RoleLogistics || r == RoleTransport }

// Uniformed reports whether the role puts uniformed military at
// operations (transport, law enforcement).
func (r MilitaryRole) Uniformed() bool { return r == RoleTransport || r == RoleLawEnforcement }
