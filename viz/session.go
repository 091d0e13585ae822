package viz

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// Toggle is a policy the trainer can flip while the model runs: a scenario
// key and the values it cycles through.
type Toggle struct {
	Key    string // dotted scenario key, e.g. policies.detainers
	Label  string
	Hotkey string // shown on its button
	Values []any  // values of an enumeration of package agents, float64 or bool
	// Extra keys set together with a value (e.g. Border Patrol units when
	// a surge starts), by value index; nil for none.
	Extra []map[string]any
}

// Toggles are the live policy toggles, in button order.
func Toggles() []Toggle {
	return []Toggle{
		{Key: "policies.detainers", Label: "Detainers", Hotkey: "1", Values: all[agents.DetainerPolicy](agents.NumDetainerPolicies)},
		{Key: "agreements.g287.model", Label: "287(g)", Hotkey: "2", Values: all[agents.G287Model](agents.NumG287Models)},
		{Key: "policies.deconfliction.level", Label: "Deconfliction", Hotkey: "3", Values: all[agents.DeconflictionLevel](agents.NumDeconflictionLevels)},
		{Key: "policies.outreach", Label: "Outreach", Hotkey: "4", Values: []any{0.0, 0.25, 0.5, 1.0}},
		{Key: "policies.tactical_posture", Label: "Posture", Hotkey: "5", Values: all[agents.Posture](agents.NumPostures)},
		{Key: "border_patrol.interior_surge", Label: "BP interior surge", Hotkey: "6", Values: []any{false, true},
			Extra: []map[string]any{nil, {"border_patrol.units": 6}}},
	}
}

// all returns the n values of an enumeration, in order.
func all[T ~int](n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = T(i)
	}
	return out
}

// setting is how a toggle's value is written in a change: an enumeration
// by its name.
func setting(v any) any {
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return v
}

// Session is one model and its scene, with the policy changes made so far.
// It is not safe for concurrent use.
type Session struct {
	Name    string
	Loaded  *scenarios.Loaded
	Scene   *Scene
	toggles []Toggle
	initial []value // the toggles' values at the start
	Err     string  // the last change that was refused, for the HUD
	title   string  // Name, then the live changes made so far
}

// Title returns the session's name followed by the changes made live, in
// order ("baseline + detainers=never + outreach=0.5").
func (s *Session) Title() string {
	if s.title == "" {
		return s.Name
	}
	return s.title
}

// NewSession builds the model of a loaded scenario for replication rep,
// with its scene as observer.
func NewSession(name string, l *scenarios.Loaded, rep uint64) (*Session, error) {
	sc := NewScene()
	opt := l.Scenario.Options(rep)
	opt.Observer = sc
	m, err := agents.New(&l.Scenario.Config, opt)
	if err != nil {
		return nil, err
	}
	sc.Bind(m)
	s := &Session{Name: name, Loaded: l, Scene: sc, toggles: Toggles()}
	c := m.Config()
	for _, t := range s.toggles {
		s.initial = append(s.initial, valueOf(&c, t.Key))
	}
	return s, nil
}

// Changed reports whether toggle i differs from its value at the start.
func (s *Session) Changed(i int) bool {
	c := s.Scene.m.Config()
	return valueOf(&c, s.toggles[i].Key) != s.initial[i]
}

// Value returns the current value of toggle i, as its index in Values (-1
// if the configuration holds another value; cycling then starts at the
// first value). It does not allocate.
func (s *Session) Value(i int) int {
	t := &s.toggles[i]
	c := s.Scene.m.Config()
	cur := valueOf(&c, t.Key)
	for j, v := range t.Values {
		if cur.equals(v) {
			return j
		}
	}
	return -1
}

// ValueText returns the current value of toggle i as text.
func (s *Session) ValueText(i int) string {
	c := s.Scene.m.Config()
	return valueOf(&c, s.toggles[i].Key).String()
}

// Cycle sets toggle i to its next value in the running model.
func (s *Session) Cycle(i int) error {
	t := s.toggles[i]
	j := (s.Value(i) + 1) % len(t.Values)
	set := map[string]any{t.Key: setting(t.Values[j])}
	if t.Extra != nil && t.Extra[j] != nil {
		for k, v := range t.Extra[j] {
			set[k] = v
		}
	}
	return s.Apply(set)
}

// Apply applies a change to the running model and marks it on the charts.
// On error nothing changes and the error is kept for the HUD.
func (s *Session) Apply(set map[string]any) error {
	if err := s.Scene.m.Apply(set); err != nil {
		s.Err = errLine(err)
		return err
	}
	s.Err = ""
	s.Scene.MarkChange(set)
	s.title = s.Title() + " + " + ChangeLabel(set)
	return nil
}

// value is a toggle's current value, unboxed so that reading it each frame
// does not allocate.
type value struct {
	kind int // 0 an enumeration's name, 1 number, 2 boolean
	s    string
	f    float64
	b    bool
}

func (v value) equals(x any) bool {
	switch x := x.(type) {
	case fmt.Stringer:
		return v.kind == 0 && v.s == x.String()
	case float64:
		return v.kind == 1 && v.f == x
	case bool:
		return v.kind == 2 && v.b == x
	}
	return false
}

func (v value) String() string {
	switch v.kind {
	case 1:
		return strconv.FormatFloat(v.f, 'g', -1, 64)
	case 2:
		return strconv.FormatBool(v.b)
	}
	return v.s
}

// valueOf reads a toggle's key from the configuration.
func valueOf(c *agents.Config, key string) value {
	switch key {
	case "policies.detainers":
		return value{s: c.Policies.Detainers.String()}
	case "agreements.g287.model":
		return value{s: c.Agreements.G287.Model.String()}
	case "policies.deconfliction.level":
		return value{s: c.Policies.Deconfliction.Level.String()}
	case "policies.outreach":
		return value{kind: 1, f: c.Policies.Outreach}
	case "policies.tactical_posture":
		return value{s: c.Policies.TacticalPosture.String()}
	case "border_patrol.interior_surge":
		return value{kind: 2, b: c.BorderPatrol.InteriorSurge}
	}
	panic("viz: no toggle for key " + key)
}

// Script is a list of changes at given days, for scripted (headless) runs:
// "day=30:policies.detainers=never;day=60:agreements.g287.model=task_force".
type Script []ScriptStep

// ScriptStep is one scripted change.
type ScriptStep struct {
	Day float64
	Set map[string]any
}

// ParseScript parses a script; see [Script]. Entries are sorted by day.
func ParseScript(text string) (Script, error) {
	var out Script
	for _, part := range strings.Split(text, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		dayPart, rest, ok := strings.Cut(part, ":")
		if !ok || !strings.HasPrefix(dayPart, "day=") {
			return nil, fmt.Errorf("--script %q: each step is day=N:key=value[,key=value]; allowed: e.g. day=30:policies.detainers=never", part)
		}
		day, err := strconv.ParseFloat(strings.TrimPrefix(dayPart, "day="), 64)
		if err != nil || day < 0 {
			return nil, fmt.Errorf("--script %q: day %q is not a number of days ≥ 0", part, strings.TrimPrefix(dayPart, "day="))
		}
		set := map[string]any{}
		for _, kv := range strings.Split(rest, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) == "" {
				return nil, fmt.Errorf("--script %q: %q is not key=value", part, kv)
			}
			set[strings.TrimSpace(k)] = parseValue(strings.TrimSpace(v))
		}
		out = append(out, ScriptStep{Day: day, Set: set})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out, nil
}

func parseValue(v string) any {
	if b, err := strconv.ParseBool(v); err == nil {
		return b
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return f
	}
	return v
}

// Check tests every step of the script against the session's
// configuration, so a bad script fails before the window opens.
func (sc Script) Check(c agents.Config) error {
	for i, st := range sc {
		if errs := agents.CheckChange(&c, st.Set, fmt.Sprintf("--script step %d (day %g)", i+1, st.Day)); len(errs) > 0 {
			return errs
		}
	}
	return nil
}

// errLine is the first line of an error, cut to fit the HUD's toast.
func errLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if r := []rune(msg); len(r) > 110 {
		msg = string(r[:109]) + "…"
	}
	return msg
}
