package agents

import (
	"fmt"
	"slices"
	"strings"
)

// This file is the legal layer of military support: a table of what a
// military unit may do, by activity, for each legal status with and
// without the Insurrection Act, with the legal basis of every cell as data.
// A unit's roles (military.units[].roles) map to activities, and a unit's
// uniformed presence at an enforcement operation is itself an activity.
// [Config.Validate] rejects, with the basis in the message, a configuration
// (or a timeline entry that would make one) in which a unit performs an
// activity its status does not allow.
//
// The table follows the text of the statutes and what courts held, each
// checked at its source (see "Legality by activity" in docs/model.md, §10):
//
//   - the Posse Comitatus Act, 18 U.S.C. §1385, bars the use of the Army,
//     Navy, Marine Corps, Air Force or Space Force "to execute the laws"
//     except where the Constitution or an Act of Congress expressly
//     authorises it: it binds title10 forces (federal active duty, and
//     Guard members called into federal service);
//   - 10 U.S.C. §§271-284 authorise support to civilian law enforcement
//     (information, equipment and facilities, training and advice,
//     maintenance and operation of equipment), and §275 requires that it
//     not include "direct participation … in a search, seizure, arrest, or
//     other similar activity";
//   - United States v. Red Feather (D.S.D. 1975): direct active use of
//     troops is barred, passive support (equipment, supplies, advice,
//     observers) is not; United States v. Yunis (D.D.C. 1988): the test is
//     whether military power is "regulatory, proscriptive, or compulsory";
//     Bissonette v. Haig (8th Cir. 1985): confinement within an armed
//     military perimeter and roadblocks in violation of the Act states a
//     Fourth Amendment unreasonable-seizure claim;
//   - the Insurrection Act, 10 U.S.C. §§251-255, is the express exception
//     modelled (legal.insurrection_act);
//   - title32 (32 U.S.C. §502(f)) and state active duty units are under
//     the governor's command and outside the Act: their direct law
//     enforcement depends on state law (legal.state_guard_law_enforcement).
//
// Where the law is contested — a title10 unit transporting detainees,
// present at an operation, or conducting surveillance for it — the cell is
// [Contested]: a scenario may take it only by listing the activity in
// legal.contested with a legal.contested_note saying why.

// Activity is something a military unit does in support of, or as part of,
// an enforcement operation.
type Activity int

// The activities.
const (
	ActArrest            Activity = iota // arrest or apprehension
	ActSearch                            // search of a person, vehicle or place
	ActSeizure                           // seizure of property or evidence
	ActDetention                         // holding people in custody
	ActCrowdControl                      // crowd or riot control, traffic control
	ActPerimeter                         // perimeter, cordon or roadblock at an enforcement operation
	ActInterrogation                     // interviewing or questioning suspects or witnesses
	ActDetaineeTransport                 // moving people in custody
	ActSurveillance                      // watching or tracking people for an operation
	ActLogistics                         // supplies, equipment, maintenance, facilities, advice
	ActBaseSecurity                      // securing a military installation
	ActPresence                          // uniformed presence at an enforcement operation
	NumActivities        = 12
)

var activityVocab = newVocab[Activity]("military activity",
	term{name: "arrest"},
	term{name: "search"},
	term{name: "seizure"},
	term{name: "detention"},
	term{name: "crowd_control", label: "crowd control"},
	term{name: "perimeter", label: "perimeter or cordon at an enforcement operation"},
	term{name: "interrogation"},
	term{name: "detainee_transport", label: "transport of detainees"},
	term{name: "surveillance"},
	term{name: "logistics"},
	term{name: "base_security", label: "base security"},
	term{name: "presence", label: "presence at an enforcement operation"},
)

func (a Activity) String() string                { return activityVocab.name(a) }
func (a Activity) Label() string                 { return activityVocab.label(a) }
func (Activity) EnumNames() []string             { return activityVocab.names }
func (a Activity) MarshalText() ([]byte, error)  { return activityVocab.marshal(a) }
func (a *Activity) UnmarshalText(b []byte) error { return activityVocab.unmarshal(a, b) }

// Permission says whether a legal status allows an activity.
type Permission int

// The permissions.
const (
	Allowed        Permission = iota // lawful support
	Barred                           // unlawful absent an exception the scenario cannot claim
	StateLaw                         // lawful only where state law authorises it (legal.state_guard_law_enforcement)
	Contested                        // lawful only if the scenario accepts the contested reading (legal.contested)
	NumPermissions = 4
)

var permissionVocab = newVocab[Permission]("permission",
	term{name: "allowed"},
	term{name: "barred"},
	term{name: "state_law", label: "allowed where state law authorises it"},
	term{name: "contested", label: "legally contested"},
)

func (p Permission) String() string { return permissionVocab.name(p) }
func (p Permission) Label() string  { return permissionVocab.label(p) }

// The legal bases, as cited in the table. Each was checked at its source
// (docs/model.md, "Legality by activity").
const (
	CitePCA        = "18 U.S.C. §1385 (Posse Comitatus Act)"
	Cite275        = "10 U.S.C. §275 (no direct participation in a search, seizure, arrest or other similar activity)"
	Cite271to284   = "10 U.S.C. §§271-284 (support to civilian law enforcement)"
	Cite271        = "10 U.S.C. §271 (information collected during military operations)"
	Cite272        = "10 U.S.C. §272 (equipment and facilities)"
	Cite274        = "10 U.S.C. §274 (maintenance and operation of equipment)"
	CiteRedFeather = "United States v. Red Feather, 392 F. Supp. 916 (D.S.D. 1975) (direct active use of troops barred; passive support such as equipment, supplies, advice or observers is not)"
	CiteYunis      = "United States v. Yunis, 681 F. Supp. 891 (D.D.C. 1988) (barred: military power that is \"regulatory, proscriptive, or compulsory\"; Navy transport and logistics were passive)"
	CiteBissonette = "Bissonette v. Haig, 776 F.2d 1384 (8th Cir. 1985) (an armed military perimeter and roadblocks can make confinement an unreasonable Fourth Amendment seizure)"
	CiteNewsom     = "Newsom v. Trump (N.D. Cal. Sept 2, 2025) (federalised Guard and Marines violated the Act in Los Angeles: perimeters, traffic blockades, crowd control at immigration operations; stayed pending appeal, outcome unknown)"
	CiteIA         = "10 U.S.C. §§251-255 (Insurrection Act; §254: proclamation to disperse)"
	Cite502f       = "32 U.S.C. §502(f) (Guard under the governor's command, federally funded: generally not subject to the Posse Comitatus Act)"
	CiteSAD        = "state law (state active duty: the governor's command and funding; the Posse Comitatus Act does not apply)"
	CiteStateAuth  = "state law must authorise Guard law enforcement (GAO on National Guard duty statuses)"
	CiteMilitary   = "18 U.S.C. §1385 bars use \"to execute the laws\"; securing a military installation is a military function (assumption: an inference from the text, DoD's military-purpose policy not checked)"
)

// LegalRule is one cell of the table: whether an activity is allowed, and
// on what legal basis.
type LegalRule struct {
	Permission Permission
	Basis      []string // statute and case citations
}

// directLE are the activities of direct law enforcement: arrest, search,
// seizure, detention, crowd control, perimeter and interrogation.
func (a Activity) directLE() bool { return a <= ActInterrogation }

// legalTable is the table: by status, Insurrection Act (0 not invoked, 1
// invoked), activity.
var legalTable = func() (t [NumMilitaryStatuses][2][NumActivities]LegalRule) {
	for a := range Activity(NumActivities) {
		// Title 10 without the Insurrection Act: the Posse Comitatus Act.
		r := &t[Title10][0][a]
		switch a {
		case ActPerimeter:
			*r = LegalRule{Barred, []string{CitePCA, Cite275, CiteBissonette, CiteNewsom}}
		case ActCrowdControl:
			*r = LegalRule{Barred, []string{CitePCA, Cite275, CiteYunis, CiteNewsom}}
		case ActInterrogation, ActDetention:
			*r = LegalRule{Barred, []string{CitePCA, Cite275, CiteRedFeather, CiteYunis}}
		case ActArrest, ActSearch, ActSeizure:
			*r = LegalRule{Barred, []string{CitePCA, Cite275, CiteRedFeather}}
		case ActDetaineeTransport:
			// Custody is compulsory (Yunis's test), yet Yunis held the
			// Navy's transport of an arrested man passive.
			*r = LegalRule{Contested, []string{CitePCA, CiteYunis, Cite271to284}}
		case ActSurveillance:
			// §271 and §274 allow information collected in military
			// operations and operating equipment for detection and
			// monitoring in defined cases; watching people for an
			// arrest operation is not one of them.
			*r = LegalRule{Contested, []string{CitePCA, Cite271, Cite274, CiteBissonette}}
		case ActPresence:
			// Observers are passive (Red Feather); a uniformed force on
			// scene that holds a perimeter or protects agents executes
			// the laws (Newsom v. Trump).
			*r = LegalRule{Contested, []string{CitePCA, CiteRedFeather, CiteYunis, CiteNewsom}}
		case ActLogistics:
			*r = LegalRule{Allowed, []string{CiteRedFeather, CiteYunis, Cite272, Cite274}}
		case ActBaseSecurity:
			*r = LegalRule{Allowed, []string{CiteMilitary}}
		}
		// Title 10 with the Insurrection Act: the express exception.
		t[Title10][1][a] = LegalRule{Allowed, []string{CiteIA, CitePCA + ": \"except … as expressly authorized by … Act of Congress\""}}
		// Title 32 and state active duty: outside the Act, under state law;
		// the Insurrection Act changes nothing for a unit the President has
		// not called into federal service (which would make it title10).
		for _, s := range []MilitaryStatus{Title32, StateActiveDuty} {
			base := Cite502f
			if s == StateActiveDuty {
				base = CiteSAD
			}
			rule := LegalRule{Allowed, []string{base}}
			if a.directLE() {
				rule = LegalRule{StateLaw, []string{base, CiteStateAuth}}
			}
			t[s][0][a], t[s][1][a] = rule, rule
		}
	}
	return t
}()

// Legality returns the rule for activity a by a unit of status s, with or
// without the Insurrection Act invoked.
func Legality(s MilitaryStatus, insurrection bool, a Activity) LegalRule {
	ia := 0
	if insurrection {
		ia = 1
	}
	return legalTable[s][ia][a]
}

// roleActivities are the activities each role performs. Transport and law
// enforcement put uniformed personnel at operations (presence).
var roleActivities = [NumMilitaryRoles][]Activity{
	RoleLogistics:           {ActLogistics},
	RoleTransport:           {ActDetaineeTransport, ActPresence},
	RoleBaseSecurity:        {ActBaseSecurity},
	RoleSurveillanceSupport: {ActSurveillance},
	RoleLawEnforcement:      {ActArrest, ActSearch, ActSeizure, ActDetention, ActCrowdControl, ActPerimeter, ActInterrogation, ActPresence},
}

// Activities returns the activities of role r.
func (r MilitaryRole) Activities() []Activity { return roleActivities[r] }

// contestedAnywhere reports whether a is contested in some cell of the
// table: only those may be listed in legal.contested.
func (a Activity) contestedAnywhere() bool {
	for s := range MilitaryStatus(NumMilitaryStatuses) {
		for ia := range 2 {
			if legalTable[s][ia][a].Permission == Contested {
				return true
			}
		}
	}
	return false
}

// roleIssues are the activities of role r that a unit of status s may not
// perform under legal regime l: barred, needing state law the scenario does
// not grant, or contested and not accepted; and their legal bases. A role
// with a barred activity makes its presence at an operation direct
// participation too.
func roleIssues(s MilitaryStatus, r MilitaryRole, l *Legal) (barred, state, contested []Activity, basis []string) {
	addBasis := func(b []string) {
		for _, x := range b {
			if !slices.Contains(basis, x) {
				basis = append(basis, x)
			}
		}
	}
	for _, a := range r.Activities() {
		rule := Legality(s, l.InsurrectionAct, a)
		switch rule.Permission {
		case Barred:
			barred = append(barred, a)
			addBasis(rule.Basis)
		case StateLaw:
			if !l.StateGuardLawEnforcement {
				state = append(state, a)
				addBasis(rule.Basis)
			}
		case Contested:
			if !slices.Contains(l.Contested, a) {
				contested = append(contested, a)
				addBasis(rule.Basis)
			}
		}
	}
	if len(barred) > 0 && slices.Contains(r.Activities(), ActPresence) && !slices.Contains(barred, ActPresence) {
		barred = append(barred, ActPresence)
		contested = removeActivity(contested, ActPresence)
	}
	return barred, state, contested, basis
}

// roleLawful reports whether a unit of status s may take role r under l.
func roleLawful(s MilitaryStatus, r MilitaryRole, l *Legal) bool {
	b, st, c, _ := roleIssues(s, r, l)
	return len(b)+len(st)+len(c) == 0
}

// roleProblem is what is unlawful about a unit of status s in role r under
// legal regime l, naming the statutes and cases, and what is allowed
// instead; "" if the role is lawful.
func roleProblem(s MilitaryStatus, r MilitaryRole, l *Legal) (problem, allowed string) {
	barred, state, contested, basis := roleIssues(s, r, l)
	if len(barred)+len(state)+len(contested) == 0 {
		return "", ""
	}
	var parts, fixes []string
	if len(barred) > 0 {
		parts = append(parts, fmt.Sprintf("its %s %s direct participation in law enforcement, which the Posse Comitatus Act (18 U.S.C. §1385) and 10 U.S.C. §275 bar for a %s unit", activityList(barred), are(barred), s))
		fixes = append(fixes, "legal.insurrection_act: true if the scenario invokes the Insurrection Act (10 U.S.C. §§251-255)")
	}
	if len(state) > 0 {
		parts = append(parts, fmt.Sprintf("its %s %s allowed for a %s unit only where state law authorises Guard law enforcement", activityList(state), are(state), s))
		fixes = append(fixes, "legal.state_guard_law_enforcement: true where state law allows Guard units to enforce the law")
	}
	if len(contested) > 0 {
		parts = append(parts, fmt.Sprintf("its %s %s legally contested for a %s unit", activityList(contested), are(contested), s))
		fixes = append(fixes, fmt.Sprintf("legal.contested: %s with a legal.contested_note if the scenario accepts the contested reading", nameList(contested)))
	}
	problem = fmt.Sprintf("is not allowed for a %s unit: %s (%s)", s, strings.Join(parts, "; "), strings.Join(basis, "; "))
	allowed = lawfulRoles(s, l) + "; or set " + strings.Join(fixes, "; or ")
	return problem, allowed
}

// lawfulRoles lists the roles a unit of status s may take under l:
// "logistics or base_security".
func lawfulRoles(s MilitaryStatus, l *Legal) string {
	var roles []string
	for r := range MilitaryRole(NumMilitaryRoles) {
		if roleLawful(s, r, l) {
			roles = append(roles, r.String())
		}
	}
	switch len(roles) {
	case 0:
		return "no role"
	case 1:
		return "the role " + roles[0]
	}
	return "the roles " + strings.Join(roles[:len(roles)-1], ", ") + " or " + roles[len(roles)-1]
}

// lawfulLE reports whether a unit of status s in the law-enforcement role
// is lawful under l (a joint task force needs one).
func lawfulLE(s MilitaryStatus, l *Legal) bool { return roleLawful(s, RoleLawEnforcement, l) }

func activityList(as []Activity) string {
	labels := make([]string, len(as))
	for i, a := range as {
		labels[i] = a.Label()
	}
	if len(labels) == 1 {
		return labels[0]
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1]
}

// are is the verb for a list of activities: "is" for one, "are" for more.
func are(as []Activity) string {
	if len(as) == 1 {
		return "is"
	}
	return "are"
}

func nameList(as []Activity) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = a.String()
	}
	return "[" + strings.Join(names, ", ") + "]"
}

func removeActivity(as []Activity, a Activity) []Activity {
	out := as[:0:0]
	for _, x := range as {
		if x != a {
			out = append(out, x)
		}
	}
	return out
}

// StatutoryZoneMiles is the border zone of 8 C.F.R. §287.1(a)(2): a
// "reasonable distance" from an external boundary is "within 100 air
// miles … or any shorter distance which may be fixed by the chief patrol
// agent"; a greater distance only on a report to the Commissioner of CBP,
// who "may, if he determines that such action is justified, declare such
// distance to be reasonable" (§287.1(b)).
const StatutoryZoneMiles = 100

// CiteZone is the regulation of the border zone.
const CiteZone = "8 C.F.R. §287.1(a)(2), (b): a \"reasonable distance\" is within 100 air miles of an external boundary, or a shorter distance fixed by the chief patrol agent; more only if the Commissioner of CBP declares it in unusual circumstances"
