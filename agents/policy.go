package agents

import (
	"sort"
	"strings"

	"github.com/agencysim/agencysim/schema"
)

// policyState holds values derived from the current configuration and day;
// it is recomputed by refresh whenever either changes. The agencies fill in
// their parts (agency.refresh); the rest is the community's and the
// operations'.
type policyState struct {
	g287            G287Model // the 287(g) model in force
	inv             float64   // the agencies' weights in local involvement, summed in rank order
	involvement     float64   // inv, at most 1
	baseFear        perGroup
	involvementFear perGroup
	sens            perCohort // trust sensitivity to visible enforcement (cohorts.go)
	trustDrop       perCohort // fall of the long-run trust level
	fearDamping     float64   // multiplier on fear in victim/witness decisions
	oversightCatch  float64
	postureVis      float64
	postureEsc      float64
	trainingRisk    float64
	detection       float64              // chance an overlap is detected
	opsBoost        float64              // multiplier on ICE operation rates
	presence        [NumAgencies]float64 // multiplier on the visibility of an operation each agency takes part in
	infoRef         perType              // expected cooperating persons at reference attitudes
}

// refresh recomputes the derived policy state and reschedules processes
// whose rates depend on it.
func (m *Model) refresh() {
	c := &m.cfg
	day := m.e.Now() / 24
	p := &m.pol
	p.inv, p.opsBoost = 0, 1
	for a := range p.presence {
		p.presence[a] = 1
	}
	for _, a := range m.agencies {
		a.refresh(p, day)
	}
	p.involvement = min(1, p.inv)

	t := &c.Trust
	p.baseFear = t.BaseFear.array()
	ifear := t.InvolvementFear.array()
	p.sens = m.cohortSensitivity(t.Sensitivity.array())
	for g := range NumGroups {
		p.involvementFear[g] = ifear[g] * p.involvement
	}
	for c := range NumCohorts {
		p.trustDrop[c] = t.InvolvementTrust * p.involvement * p.sens[c]
	}
	vp := c.Policies.VictimProtections
	prot := 0.0
	if vp.NoStatusQuestions {
		prot += 0.5
	}
	if vp.UVisa {
		prot += 0.5
	}
	p.fearDamping = (1 - t.ProtectionDamping*prot) * (1 - t.OversightDamping.array()[c.Policies.Oversight])
	p.oversightCatch = t.OversightCatch.array()[c.Policies.Oversight]

	s := &c.Safety
	p.postureVis = s.PostureVisibility.array()[c.Policies.TacticalPosture]
	p.postureEsc = s.PostureEscalation.array()[c.Policies.TacticalPosture]
	p.trainingRisk = s.TrainingRisk.array()[c.Policies.CrossTraining]
	dc := c.Policies.Deconfliction
	adHoc := s.AdHocDetection * min(1, 7/dc.MeetingDays)
	switch dc.Level {
	case DeconflictNone:
		p.detection = 0
	case DeconflictAdHoc:
		p.detection = adHoc
	case DeconflictFormal:
		both := dc.Participation * dc.Participation
		p.detection = both + (1-both)*adHoc
	}

	if m.started {
		m.rescheduleProcs()
	}
}

// ChangeSections are the top-level sections a timeline entry or a live
// change may set.
var ChangeSections = []string{"agreements", "policies", "ice", "border_patrol", "military", "legal"}

// AppliedChange records a change applied to a running model.
type AppliedChange struct {
	Day    float64        `json:"day"`
	Source string         `json:"source"` // "timeline[i]" or "live"
	Set    map[string]any `json:"set"`
}

// ExpandDotted returns set with dotted keys expanded into nested mappings:
// {"policies.detainers": "never"} becomes {"policies": {"detainers":
// "never"}}. Nested values are merged; set is not modified.
func ExpandDotted(set map[string]any) map[string]any {
	out := make(map[string]any, len(set))
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := set[k]
		if sub, ok := v.(map[string]any); ok {
			v = ExpandDotted(sub)
		}
		parts := strings.Split(k, ".")
		cur := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		last := parts[len(parts)-1]
		if old, ok := cur[last].(map[string]any); ok {
			if nv, ok := v.(map[string]any); ok {
				for kk, vv := range nv {
					old[kk] = vv
				}
				continue
			}
		}
		cur[last] = v
	}
	return out
}

func join(prefix, path string) string {
	if prefix == "" {
		return path
	}
	return prefix + "." + path
}

// Apply changes agreements or policies of the running model now, as a
// trainer's live toggle does. set is a partial scenario, such as
// {"policies": {"detainers": "never"}}. The change is checked first; on error
// nothing changes. Applied changes are kept, see [Model.Changes].
func (m *Model) Apply(set map[string]any) error {
	return m.apply(set, "live")
}

func (m *Model) apply(set map[string]any, source string) error {
	set = ExpandDotted(set)
	if errs := CheckChange(&m.cfg, set, ""); len(errs) > 0 {
		return errs
	}
	tl := m.cfg.Timeline
	schema.Patch(set, &m.cfg)
	m.cfg.Timeline = tl
	m.changes = append(m.changes, AppliedChange{Day: m.e.Now() / 24, Source: source, Set: set})
	m.refresh()
	m.setCapacities()
	return nil
}

// Changes returns the changes applied so far, in order.
func (m *Model) Changes() []AppliedChange { return m.changes }
