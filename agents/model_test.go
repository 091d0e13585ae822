package agents_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/schema"
)

// testCity returns a configuration of four districts of 25,000 residents on
// a 2 × 2 grid, the default agencies, and every key at its default.
func testCity(t testing.TB) agents.Config {
	t.Helper()
	c := agents.DefaultConfig()
	var tmpl agents.District
	require.Empty(t, schema.Decode(map[string]any{"population": 25000}, &tmpl))
	tmpl.Name = "d"
	tmpl.Groups = agents.GroupShares{Citizen: 0.8, LawfulNoncitizen: 0.1, Undocumented: 0.1}
	c.City.Districts = nil
	c.City.Grid.Rows, c.City.Grid.Cols, c.City.Grid.Template = 2, 2, tmpl
	require.Empty(t, c.Validate())
	return c
}

// fixedPopulation holds the population of c fixed: no out-migration and
// no removals, so that arms differing in policy share their crimes.
func fixedPopulation(c *agents.Config) {
	c.Population.NoncitizenHazard = 0
	c.ICE.RemovalShare = 0
}

// taskForce decodes a task force as a scenario file would: keys not given
// take their defaults.
func taskForce(t testing.TB, keys map[string]any) agents.TaskForce {
	t.Helper()
	var tf agents.TaskForce
	require.Empty(t, schema.Decode(keys, &tf))
	return tf
}

func run(t testing.TB, c agents.Config, seed, rep uint64, days float64) (*agents.Summary, *agents.Model) {
	t.Helper()
	m, err := agents.New(&c, agents.Options{Seed: seed, Replication: rep, Days: days})
	require.NoError(t, err)
	return m.Run(), m
}

// byGroup returns metric family key (with {name} for the group) for group g.
func byGroup(s *agents.Summary, key string, g agents.Group) float64 {
	return s.Value(agents.MustFamily(key).Of(int(g)))
}

func TestSameSeedSameBytes(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	enc := func() ([]byte, []agents.Point) {
		s, m := run(t, c, 7, 2, 120)
		b, err := json.Marshal(s)
		require.NoError(t, err)
		return b, m.Series()
	}
	a, sa := enc()
	b, sb := enc()
	assert.Equal(t, a, b)
	assert.Equal(t, sa, sb)
	other, _ := func() ([]byte, []agents.Point) {
		s, _ := run(t, c, 8, 2, 120)
		b, _ := json.Marshal(s)
		return b, nil
	}()
	assert.NotEqual(t, a, other, "a different seed gives a different run")
}

// withoutCrimeFeedback switches off every route by which the model changes
// crime (the offender stock, deterrence, predation on silence): arms then
// share every crime exactly.
func withoutCrimeFeedback(c agents.Config) agents.Config {
	c.Offending.BackgroundShare = 1
	c.Offending.DeterrenceElasticity = 0
	c.Offending.PredationWeight = 0
	return c
}

func TestCommonRandomNumbersShareTheCrimes(t *testing.T) {
	t.Parallel()
	// Two arms that differ only in policy see exactly the same crimes when
	// crime does not respond to the model and the populations stay the same.
	base := withoutCrimeFeedback(testCity(t))
	fixedPopulation(&base)
	never := base
	never.Policies.Detainers = agents.NeverHonor
	never.Agreements.G287.Model = agents.G287TaskForce
	sb, _ := run(t, base, 3, 0, 180)
	sn, _ := run(t, never, 3, 0, 180)
	for _, f := range []string{"crimes.by_type.{name}.occurred", "crimes.by_group.{name}.occurred"} {
		for _, id := range agents.MustFamily(f).IDs {
			assert.Equal(t, sb.Value(id), sn.Value(id), agents.MetricOf(id).Key)
		}
	}
	assert.NotEqual(t, sb.Get("detainers.honored"), sn.Get("detainers.honored"))
}

func TestReportingFallsWhenTrustFalls(t *testing.T) {
	t.Parallel()
	high := withoutCrimeFeedback(testCity(t))
	low := high
	low.City.Grid.Template.Trust = agents.GroupTrust{Citizen: 0.3, LawfulNoncitizen: 0.3, Undocumented: 0.25}
	sh, _ := run(t, high, 11, 0, 180)
	sl, _ := run(t, low, 11, 0, 180)
	require.Equal(t, sh.Get("crimes.occurred"), sl.Get("crimes.occurred"), "same crimes in both arms")
	for g := range agents.Group(agents.NumGroups) {
		h, l := byGroup(sh, "crimes.by_group.{name}.reported", g), byGroup(sl, "crimes.by_group.{name}.reported", g)
		assert.Less(t, l, h, "group %s: lower trust, fewer reports", g)
	}
	assert.Less(t, sl.Get("witnesses.cooperation_rate"), sh.Get("witnesses.cooperation_rate"))
}

func TestReportingFallsWithImmigrationFear(t *testing.T) {
	t.Parallel()
	// A 287(g) task-force agreement raises fear among noncitizen groups;
	// citizens feel fear only through mixed-status households.
	base := testCity(t)
	tf := base
	tf.Agreements.G287.Model = agents.G287TaskForce
	sb, _ := run(t, base, 5, 0, 365)
	st, _ := run(t, tf, 5, 0, 365)
	assert.Less(t, st.Get("crimes.by_group.undocumented.reported"), sb.Get("crimes.by_group.undocumented.reported"))
	assert.Less(t, st.Get("trust.undocumented.fear_end"), 1.0)
	assert.Greater(t, st.Get("trust.undocumented.fear_end"), sb.Get("trust.undocumented.fear_end"))
	assert.Positive(t, sb.Get("trust.citizen.fear_end"), "citizens of mixed-status households")
	assert.Greater(t, st.Get("trust.citizen.fear_end"), sb.Get("trust.citizen.fear_end"))
	assert.Greater(t, sb.Get("cohorts.citizen_hispanic.fear_end"), 5*sb.Get("cohorts.citizen_other.fear_end"),
		"Hispanic citizens live in mixed-status households more often")
	noMixed := base
	noMixed.Community.MixedStatus = agents.MixedStatus{}
	sn, _ := run(t, noMixed, 5, 0, 30)
	assert.Zero(t, sn.Get("trust.citizen.fear_end"), "no mixed-status households: no citizen fear")
	assert.Positive(t, st.Get("patrol.status_inquiries"), "task-force officers question status at stops")
	assert.Zero(t, sb.Get("patrol.status_inquiries"))
}

func TestNeverHonorYieldsNoHonoredDetainers(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Policies.Detainers = agents.NeverHonor
	s, _ := run(t, c, 1, 0, 365)
	assert.Positive(t, s.Get("detainers.issued"), "ICE still lodges detainers")
	assert.Zero(t, s.Get("detainers.honored"))
	assert.Zero(t, s.Get("detainers.transfers"))
	assert.Equal(t, s.Get("detainers.issued"), s.Get("detainers.declined"))

	c.Policies.Detainers = agents.HonorAll
	s2, _ := run(t, c, 1, 0, 365)
	assert.Equal(t, s2.Get("detainers.issued"), s2.Get("detainers.honored"))
	assert.Positive(t, s2.Get("detainers.transfers"))
	assert.LessOrEqual(t, s2.Get("detainers.transfers")+s2.Get("detainers.expired_holds"), s2.Get("detainers.honored"))
}

func TestJudicialWarrantOnlyHonorsFew(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Policies.Detainers = agents.JudicialWarrantOnly
	c.Policies.JudicialWarrantShare = 0.1
	s, _ := run(t, c, 2, 0, 365)
	require.Greater(t, s.Get("detainers.issued"), 30.0)
	share := s.Get("detainers.honored") / s.Get("detainers.issued")
	assert.InDelta(t, 0.1, share, 0.08)
}

func TestJailModelProducesDetainersOn287g(t *testing.T) {
	t.Parallel()
	base := testCity(t)
	jem := base
	jem.Agreements.G287.Model = agents.G287JailEnforcement
	sb, _ := run(t, base, 4, 0, 365)
	sj, _ := run(t, jem, 4, 0, 365)
	assert.Zero(t, sb.Get("detainers.from_287g"))
	assert.Greater(t, sj.Get("detainers.issued"), sb.Get("detainers.issued"), "jail screening finds people fingerprints miss")
	assert.Equal(t, sj.Get("detainers.issued"), sj.Get("detainers.from_287g"))
	assert.Positive(t, sj.Get("costs.immigration_officer_hours"))
}

func TestFormalDeconflictionLowersBlueOnBlue(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	// Many operations by several agencies in few districts.
	c.ICE.Teams = 6
	c.ICE.AtLargePerTeamWeek = 4
	c.Police.OpsPerDistrictWeek = 6
	c.Safety.OverlapHours = 3
	c.Safety.ConflictPerOverlap = 0.3
	var none, formal, overlaps, detected float64
	for rep := range uint64(3) {
		c.Policies.Deconfliction.Level = agents.DeconflictNone
		sn, _ := run(t, c, 9, rep, 365)
		c.Policies.Deconfliction.Level = agents.DeconflictFormal
		sf, _ := run(t, c, 9, rep, 365)
		none += sn.Get("safety.blue_on_blue")
		formal += sf.Get("safety.blue_on_blue")
		overlaps += sn.Get("safety.overlaps")
		detected += sf.Get("safety.overlaps_detected") + sf.Get("deconfliction.overlaps_prevented")
		assert.Zero(t, sn.Get("safety.overlaps_detected"), "nothing is detected without deconfliction")
	}
	require.Greater(t, overlaps, 20.0, "the set-up produces overlaps")
	assert.Greater(t, detected, overlaps/2)
	assert.Less(t, formal, none)
	t.Logf("overlaps %v; blue-on-blue none %v, formal %v", overlaps, none, formal)
}

func TestPosseComitatus(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Military.Units = []agents.MilitaryUnit{{Name: "x", Status: agents.Title10, Roles: []agents.MilitaryRole{agents.RoleLogistics, agents.RoleLawEnforcement}, Personnel: 50}}
	errs := c.Validate()
	require.Len(t, errs, 1)
	assert.Equal(t, "military.units[0].roles[1]", errs[0].Path)
	assert.Contains(t, errs[0].Error(), "Posse Comitatus Act (18 U.S.C. §1385)")
	assert.Contains(t, errs[0].Error(), "legal.insurrection_act: true")

	c.Legal.InsurrectionAct = true
	assert.Empty(t, c.Validate(), "the Insurrection Act exception allows it")

	c.Legal.InsurrectionAct = false
	c.Military.Units[0].Status = agents.Title32
	errs = c.Validate()
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "only where state law authorises Guard law enforcement")
	c.Legal.StateGuardLawEnforcement = true
	assert.Empty(t, c.Validate())

	// Transport at operations is contested for title10 (legal.go): allowed
	// only with the contested reading accepted, and it shows up in the
	// outcome.
	c.Legal.StateGuardLawEnforcement = false
	c.Military.Units[0].Status = agents.Title10
	c.Military.Units[0].Roles = []agents.MilitaryRole{agents.RoleTransport}
	require.Len(t, c.Validate(), 1)
	c.Legal.Contested = []agents.Activity{agents.ActDetaineeTransport, agents.ActPresence}
	c.Legal.ContestedNote = "test: federal transport at operations"
	require.Empty(t, c.Validate())
	s, _ := run(t, c, 1, 0, 60)
	assert.Positive(t, s.Get("operations.by_agency.military.count"))
	assert.InDelta(t, 50*59, s.Get("costs.military_personnel_days"), 50)
}

func TestBorderPatrolActsInBorderZoneOnly(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.BorderPatrol.Units = 4
	s, _ := run(t, c, 1, 0, 120)
	assert.Zero(t, s.Get("operations.by_kind.border_patrol.count"), "no district within 100 miles")
	assert.Zero(t, s.Get("operations.by_agency.border_patrol.count"))

	c.BorderPatrol.InteriorSurge = true
	s, _ = run(t, c, 1, 0, 120)
	assert.Zero(t, s.Get("operations.by_kind.border_patrol.count"), "own operations stay in the zone")
	assert.Positive(t, s.Get("operations.by_agency.border_patrol.count"), "but it joins ICE operations anywhere")

	c.BorderPatrol.InteriorSurge = false
	c.City.Grid.Template.BorderMiles = 40
	s, _ = run(t, c, 1, 0, 120)
	assert.Positive(t, s.Get("operations.by_kind.border_patrol.count"))
	assert.Positive(t, s.Get("immigration_arrests.by_venue.border_patrol.count"))
}

func TestTaskForceDivertsPatrolCapacity(t *testing.T) {
	t.Parallel()
	// The capacity channel: units taken off dispatch slow responses.
	base := testCity(t)
	base.City.Grid.Template.PatrolUnits = agents.ShiftUnits{Day: 2, Evening: 2, Night: 2}
	tf := base
	tf.Agreements.TaskForces = []agents.TaskForce{taskForce(t, map[string]any{"name": "joint", "agencies": []any{"police", "ice"}, "focus": "immigration",
		"ops_per_month": 60, "police_units": 1, "op_hours": 8, "visibility": 0.3, "arrests": 1})}
	require.Empty(t, tf.Validate())
	sb, _ := run(t, base, 6, 0, 180)
	st, _ := run(t, tf, 6, 0, 180)
	assert.Greater(t, st.Get("response.mean_minutes"), sb.Get("response.mean_minutes"))
	assert.Greater(t, st.Get("costs.immigration_officer_hours"), 1000.0)
	assert.Positive(t, st.Get("immigration_arrests.by_venue.task_force.count"))
	assert.Zero(t, st.Get("task_force_criminal_arrests.total"), "an immigration task force makes no criminal arrests")
}

// A trafficking task force's result — criminal arrests, booked into the
// jail — is reported beside its costs.
func TestTraffickingTaskForceReportsItsArrests(t *testing.T) {
	t.Parallel()
	base := testCity(t)
	tf := base
	tf.Agreements.TaskForces = []agents.TaskForce{taskForce(t, map[string]any{"name": "trafficking", "agencies": []any{"police", "ice"}, "focus": "trafficking",
		"ops_per_month": 4, "police_units": 2, "op_hours": 6, "visibility": 0.3, "arrests": 2})}
	require.Empty(t, tf.Validate())
	sb, _ := run(t, base, 6, 0, 180)
	st, _ := run(t, tf, 6, 0, 180)
	assert.Zero(t, sb.Get("task_force_criminal_arrests.total"))
	assert.Positive(t, st.Get("task_force_criminal_arrests.by_focus.trafficking.count"))
	assert.Equal(t, st.Get("task_force_criminal_arrests.by_focus.trafficking.count"), st.Get("task_force_criminal_arrests.total"))
	assert.Greater(t, st.Get("patrol.bookings"), sb.Get("patrol.bookings"), "its arrests are booked")
}

func TestTimelineAndTrustRecovery(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	// A burst of visible worksite raids, stopped on day 30.
	c.ICE.WorksitePerYear = 200
	// The recovery of operation shocks alone: harm events of the
	// remaining operations would keep lowering trust (harm_test.go).
	c.Trust.Harm.UseOfForce, c.Trust.Harm.Injury, c.Trust.Harm.BlueOnBlue = 0, 0, 0
	c.Timeline = []agents.Change{{Day: 30, Set: map[string]any{"ice": map[string]any{"worksite_per_year": 0}}}}
	require.Empty(t, c.Validate())
	m, err := agents.New(&c, agents.Options{Seed: 1, Days: 400, SeriesDays: 10})
	require.NoError(t, err)
	start := m.TrustByGroup()[agents.Undocumented]
	m.RunUntil(30 * 24)
	low := m.TrustByGroup()[agents.Undocumented]
	m.RunUntil(400 * 24)
	end := m.TrustByGroup()[agents.Undocumented]
	assert.Less(t, low, start-0.02, "raids lower trust")
	assert.Greater(t, end, low+0.5*(start-low), "trust recovers after the raids stop")
	require.Len(t, m.Changes(), 1)
	assert.Equal(t, "timeline[0]", m.Changes()[0].Source)
	assert.Equal(t, 30.0, m.Changes()[0].Day)
	// Citizens are far less sensitive.
	assert.Less(t, start-low, 0.5, "sanity")
}

func TestPolicyTimelineSwitchesAgreementOn(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Timeline = []agents.Change{{Day: 120, Set: map[string]any{"agreements.g287.model": "jail_enforcement"}}}
	require.Empty(t, c.Validate())
	m, err := agents.New(&c, agents.Options{Seed: 2, Days: 240, SeriesDays: 10})
	require.NoError(t, err)
	m.RunUntil(119 * 24)
	before := m.Summary().Get("detainers.from_287g")
	m.Run()
	after := m.Summary().Get("detainers.from_287g")
	assert.Zero(t, before)
	assert.Greater(t, after, 10.0)
	var inv []float64
	for _, p := range m.Series() {
		if p.Metric == "involvement" {
			inv = append(inv, p.Value)
		}
	}
	require.NotEmpty(t, inv)
	assert.Less(t, inv[0], inv[len(inv)-1], "local involvement rises after the agreement is signed")
}

func TestApplyLiveChange(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	m, err := agents.New(&c, agents.Options{Seed: 1, Days: 30})
	require.NoError(t, err)
	m.RunUntil(5 * 24)
	require.NoError(t, m.Apply(map[string]any{"policies": map[string]any{"detainers": "never"}}))
	assert.Equal(t, agents.NeverHonor, m.Config().Policies.Detainers)
	err = m.Apply(map[string]any{"policies": map[string]any{"detainers": "sometimes"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `policies.detainers: "sometimes" is not an allowed value`)
	err = m.Apply(map[string]any{"city": map[string]any{}})
	assert.ErrorContains(t, err, "cannot be changed during a run")
	assert.Equal(t, agents.NeverHonor, m.Config().Policies.Detainers, "a rejected change changes nothing")
	require.Len(t, m.Changes(), 1)
	assert.Equal(t, 5.0, m.Changes()[0].Day)
	m.Run()
	assert.True(t, m.Done())
}

func TestSeriesIsLongFormat(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	_, m := run(t, c, 1, 0, 70)
	pts := m.Series()
	require.NotEmpty(t, pts)
	days := map[float64]bool{}
	metrics := map[string]bool{}
	for _, p := range pts {
		days[p.Day] = true
		metrics[p.Metric] = true
	}
	assert.Len(t, days, 10, "one sample a week for 70 days")
	for _, want := range []string{"trust", "fear", "reporting_rate", "crimes", "operations", "detainers", "response_minutes"} {
		assert.True(t, metrics[want], want)
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.City.Grid.Template.Groups.Citizen = 0.5
	_, err := agents.New(&c, agents.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "shares do not sum to 1")
	_, err = agents.New(nil, agents.Options{Days: -1})
	assert.Error(t, err)
}

func TestSummaryTableAndFlatten(t *testing.T) {
	t.Parallel()
	s, _ := run(t, testCity(t), 1, 0, 30)
	var buf bytes.Buffer
	require.NoError(t, s.WriteTable(&buf))
	for _, want := range []string{"CRIMES", "DETAINERS", "SAFETY", "TRUST", "COSTS", "undocumented"} {
		assert.Contains(t, buf.String(), want)
	}
	kv := s.Flatten()
	keys := map[string]float64{}
	for _, x := range kv {
		keys[x.Key] = x.Value
	}
	assert.Equal(t, s.Get("crimes.occurred"), keys["crimes.occurred"])
	assert.Equal(t, s.Value(agents.MustFamily("crimes.by_group.{name}.reported").Of(int(agents.Undocumented))), keys["crimes.by_group.undocumented.reported"])
	assert.Contains(t, keys, "safety.use_of_force_per_100_ops")
}

// countingObserver counts the events it is told of.
type countingObserver struct {
	crimes, reported, dispatches, ops, incidents int64
	lastHour                                     float64
	ordered                                      bool
}

func (o *countingObserver) see(h float64) {
	if h < o.lastHour {
		o.ordered = false
	}
	o.lastHour = h
}
func (o *countingObserver) Crime(e agents.CrimeEvent) {
	o.see(e.Hour)
	o.crimes++
	if e.Reported {
		o.reported++
	}
}
func (o *countingObserver) Dispatch(e agents.DispatchEvent)   { o.see(e.Hour); o.dispatches++ }
func (o *countingObserver) Operation(e agents.OperationEvent) { o.see(e.Hour); o.ops++ }
func (o *countingObserver) Incident(e agents.IncidentEvent) {
	o.see(e.Hour)
	if e.Kind != agents.WrongfulDetention { // a harm event, not a safety incident
		o.incidents++
	}
}

func TestObserverSeesEveryEventAndChangesNothing(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Agreements.G287.Model = agents.G287TaskForce
	plain, _ := run(t, c, 3, 0, 120)
	obs := &countingObserver{ordered: true}
	m, err := agents.New(&c, agents.Options{Seed: 3, Days: 120, Observer: obs})
	require.NoError(t, err)
	watched := m.Run()
	a, _ := json.Marshal(plain)
	b, _ := json.Marshal(watched)
	assert.Equal(t, string(a), string(b), "an observer must not change the results")

	var start agents.Counts
	end := m.Counts()
	window := func(key string) int64 { return int64(m.Window(&start, &end, agents.MustMetric(key).ID)) }
	assert.True(t, obs.ordered, "events come in time order")
	assert.EqualValues(t, watched.Get("crimes.occurred"), obs.crimes)
	assert.Equal(t, window("crimes.occurred"), obs.crimes)
	assert.Equal(t, window("crimes.reported"), obs.reported)
	assert.Equal(t, window("operations.total"), obs.ops)
	assert.Equal(t, window("safety.incidents"), obs.incidents)
	assert.Greater(t, obs.dispatches, obs.reported/2, "reported crimes and other calls get units")
	assert.Positive(t, obs.incidents)

	require.Equal(t, 4, m.NumDistricts())
	d := m.District(3)
	assert.Equal(t, [2]float64{1, 1}, [2]float64{d.X, d.Y}, "grid cell r2c2 sits one mile east and north")
	assert.Len(t, d.Neighbours, 3, "within 1.5 miles: two beside it and one diagonal")
	assert.InDelta(t, 1, d.Share[0]+d.Share[1]+d.Share[2], 1e-9)
	assert.Less(t, d.Trust[agents.Undocumented], 0.5, "the task force lowered trust")
	assert.GreaterOrEqual(t, d.OnDuty, d.Busy)
}

func TestChannelsSeparateCapacityFromTrust(t *testing.T) {
	t.Parallel()
	none := testCity(t)
	fixedPopulation(&none) // the population channel is tested in population_test.go
	tf := none
	tf.Agreements.G287.Model = agents.G287TaskForce
	tf.Agreements.G287.StopQuestionRate = 0.8
	tf.Agreements.G287.TransportHours = 6

	arm := func(c agents.Config, capacity, trust bool) *agents.Summary {
		c.Channels.Capacity, c.Channels.Trust = capacity, trust
		s, _ := run(t, c, 5, 0, 200)
		return s
	}
	reported := func(s *agents.Summary) []float64 {
		var out []float64
		for _, id := range agents.MustFamily("crimes.by_group.{name}.reported").IDs {
			out = append(out, s.Value(id))
		}
		return out
	}
	// Trust channel off: reporting decisions ignore the policy entirely,
	// so the same crimes are reported as without any agreement.
	noneNoTrust := arm(none, true, false)
	tfNoTrust := arm(tf, true, false)
	assert.Equal(t, reported(noneNoTrust), reported(tfNoTrust))
	// ... while the capacity channel still slows responses.
	assert.Greater(t, tfNoTrust.Get("response.mean_minutes"), noneNoTrust.Get("response.mean_minutes"))
	assert.Positive(t, tfNoTrust.Get("costs.immigration_officer_hours"))

	// Both off: patrol units are as free as without an agreement.
	tfNeither := arm(tf, false, false)
	assert.Equal(t, noneNoTrust.Get("response.mean_minutes"), tfNeither.Get("response.mean_minutes"))
	// Officer time is counted either way (a little more with units free,
	// since free units make more stops).
	assert.InEpsilon(t, tfNoTrust.Get("costs.immigration_officer_hours"), tfNeither.Get("costs.immigration_officer_hours"), 0.05)

	// Trust channel on: the agreement lowers undocumented reporting.
	tfBoth := arm(tf, true, true)
	noneBoth := arm(none, true, true)
	assert.Less(t, tfBoth.Get("crimes.by_group.undocumented.rate"), noneBoth.Get("crimes.by_group.undocumented.rate"))
}
