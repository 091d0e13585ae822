package agents_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
)

// jsonKeys returns the dotted keys of the leaves of a JSON document in
// document order, list entries named by their "name" or "group" field.
func jsonKeys(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var keys []string
	var walk func(prefix string)
	walk = func(prefix string) {
		tok, err := dec.Token()
		require.NoError(t, err)
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				require.NoError(t, err)
				walk(join(prefix, k.(string)))
			}
			_, err = dec.Token()
			require.NoError(t, err)
		case json.Delim('['):
			for dec.More() {
				// An entry: its first key names it.
				tok, err := dec.Token()
				require.NoError(t, err)
				require.Equal(t, json.Delim('{'), tok)
				k, err := dec.Token()
				require.NoError(t, err)
				require.Contains(t, []string{"name", "group"}, k)
				name, err := dec.Token()
				require.NoError(t, err)
				for dec.More() {
					k, err := dec.Token()
					require.NoError(t, err)
					walk(join(join(prefix, name.(string)), k.(string)))
				}
				_, err = dec.Token()
				require.NoError(t, err)
			}
			_, err = dec.Token()
			require.NoError(t, err)
		default:
			keys = append(keys, prefix)
		}
	}
	walk("")
	return keys
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// The summary's JSON, its flattened keys and the catalogue list the same
// metrics in the same order, with the same values.
func TestCatalogueSummaryJSONAndFlattenAgree(t *testing.T) {
	t.Parallel()
	s, _ := run(t, testCity(t), 3, 1, 60)
	b, err := json.Marshal(s)
	require.NoError(t, err)

	var want []string
	for _, k := range agents.RunKeys() {
		want = append(want, k.Key)
	}
	ms := agents.Metrics()
	for _, m := range ms {
		assert.True(t, m.InRecord, m.Key)
		want = append(want, m.Key)
	}
	assert.Equal(t, want, jsonKeys(t, b), "JSON keys")

	kv := s.Flatten()
	require.Len(t, kv, len(want))
	for i, x := range kv {
		assert.Equal(t, want[i], x.Key)
		if i < 7 {
			assert.Equal(t, agents.RunKeys()[i].Text, math.IsNaN(x.Value), x.Key)
		} else {
			m := ms[i-7]
			assert.Equal(t, agents.MetricID(i-7), m.ID, "IDs are positions in the record")
			same(t, s.Value(m.ID), x.Value, m.Key)
			same(t, s.Get(m.Key), x.Value, m.Key)
		}
	}

	var back agents.Summary
	require.NoError(t, json.Unmarshal(b, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(again), "the JSON round-trips")
}

func same(t *testing.T, want, got float64, msg string) {
	t.Helper()
	if math.IsNaN(want) {
		assert.True(t, math.IsNaN(got), msg)
		return
	}
	assert.Equal(t, want, got, msg)
}

// A summary of another code version decodes: what it lacks reads NaN (and
// encodes as null), an entry under another name is not read as this
// version's member, and a value that is not a number is an error.
func TestSummaryDecodesAnotherVersion(t *testing.T) {
	t.Parallel()
	doc := `{"run": {"seed": 4}, "crimes": {"occurred": 10, "unknown": 3, "by_group": [{"name": "citizen", "occurred": 7}, {"name": "other", "occurred": 3}]}}`
	var s agents.Summary
	require.NoError(t, json.Unmarshal([]byte(doc), &s))
	assert.EqualValues(t, 4, s.Run.Seed)
	assert.Equal(t, 10.0, s.Get("crimes.occurred"))
	assert.Equal(t, 7.0, s.Get("crimes.by_group.citizen.occurred"))
	assert.True(t, math.IsNaN(s.Get("crimes.by_group.lawful_noncitizen.occurred")), "a differently named entry is not this member")
	assert.True(t, math.IsNaN(s.Get("costs.jail_cost")))

	err := json.Unmarshal([]byte(`{"crimes": {"occurred": "ten"}}`), &s)
	assert.ErrorContains(t, err, "crimes.occurred")

	var zero agents.Summary
	assert.True(t, math.IsNaN(zero.Get("crimes.occurred")), "the zero Summary has no values")
	assert.Panics(t, func() { zero.Get("crimes.nothing") }, "an unknown key is a programming error")
}

// The time series holds, for every interval, the catalogue's series in
// order, and its counts over the intervals add up to the run's totals.
func TestSeriesAgreesWithTheCatalogue(t *testing.T) {
	t.Parallel()
	s, m := run(t, testCity(t), 2, 0, 70) // ten weekly samples, the last at the end
	var want []string
	for _, ts := range agents.AllTimeSeries() {
		f := agents.MustFamily(ts.Family)
		for i := range f.Breakdown.Len() {
			want = append(want, ts.Name+"/"+f.Breakdown.Member(i))
			assert.Equal(t, ts.Name, agents.MetricOf(f.Of(i)).Series)
		}
	}
	pts := m.Series()
	require.Len(t, pts, 10*len(want))
	sums := map[string]float64{}
	for i, p := range pts {
		assert.Equal(t, want[i%len(want)], p.Metric+"/"+p.Group)
		assert.Equal(t, float64(7*(i/len(want)+1)), p.Day)
		sums[p.Metric+"/"+p.Group] += p.Value
	}
	for name, key := range map[string]string{
		"crimes/all": "crimes.occurred", "reported/all": "crimes.reported", "cleared/all": "clearance.cleared",
		"operations/all": "operations.total", "immigration_arrests/all": "immigration_arrests.total",
		"detainers/all": "detainers.issued", "detainers_honored/all": "detainers.honored",
	} {
		assert.Equal(t, s.Get(key), sums[name], name)
	}
	last := pts[len(pts)-len(want):]
	for _, p := range last {
		if p.Metric == "trust" {
			assert.Equal(t, s.Get("trust."+p.Group+".end"), p.Value, "trust at the end of the last interval")
		}
	}
}

// A window from the start to the end of a run gives the run's counts and
// rates.
func TestWindowOverTheRunIsTheSummary(t *testing.T) {
	t.Parallel()
	s, m := run(t, testCity(t), 5, 0, 40)
	var start agents.Counts
	end := m.Counts()
	for _, mt := range agents.Metrics() {
		w := m.Window(&start, &end, mt.ID)
		switch {
		case mt.Kind == agents.KindMinutes:
			assert.True(t, math.IsNaN(w), "response times are not windowed: %s", mt.Key)
		case mt.Key == "patrol.utilization" || strings.HasPrefix(mt.Key, "trust."):
			// figures of the model's state
		default:
			same(t, s.Value(mt.ID), w, mt.Key)
		}
	}
}

// Every metric has a label, a doc line and a unique key, and every family
// of the run record covers its breakdown.
func TestCatalogueEntries(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	all := agents.AllMetrics()
	for i, m := range all {
		assert.Equal(t, agents.MetricID(i), m.ID)
		assert.NotEmpty(t, m.Label, m.Key)
		assert.NotEmpty(t, m.Doc, m.Key)
		assert.False(t, strings.ContainsAny(m.Label+m.Doc+m.Key, "{}"), "placeholders are filled: %s", m.Key)
		assert.False(t, keys[m.Key], "unique key %s", m.Key)
		keys[m.Key] = true
		got, ok := agents.LookupMetric(m.Key)
		require.True(t, ok)
		assert.Equal(t, m, got)
	}
	assert.Len(t, agents.Metrics(), 263, "the run record's metrics (runs.csv has 6 + 263 columns)")
	for _, f := range agents.Families() {
		require.Len(t, f.IDs, f.Breakdown.Len(), f.Key)
		for i, id := range f.IDs {
			m := agents.MetricOf(id)
			assert.Equal(t, f.Key, m.Family)
			assert.Equal(t, i, m.Member)
		}
	}
	_, ok := agents.LookupMetric("crimes.nothing")
	assert.False(t, ok)
	assert.Panics(t, func() { agents.MustMetric("crimes.nothing") })
	assert.Panics(t, func() { agents.MustFamily("crimes.nothing") })
}

// Each kind has one format rule.
func ExampleMetric_Format() {
	for _, c := range []struct {
		key string
		v   float64
	}{
		{"crimes.reporting_rate", 0.35951},
		{"crimes.occurred", 12122},
		{"detainers.issued", 99.7},
		{"response.mean_minutes", 11.64},
		{"safety.blue_on_blue_per_100_ops", 0.1342},
		{"trust.undocumented.mean", 0.46612},
		{"costs.jail_cost", 3725397.4},
		{"crimes.by_group.undocumented.rate", math.NaN()},
	} {
		m := agents.MustMetric(c.key)
		fmt.Printf("%-36s %-10s %s\n", c.key, m.Format(c.v), m.FormatDelta(-c.v/10))
	}
	// Output:
	// crimes.reporting_rate                36.0%      −3.60 pts
	// crimes.occurred                      12,122     −1,212
	// detainers.issued                     99.7       −9.97
	// response.mean_minutes                11.6       −1.16
	// safety.blue_on_blue_per_100_ops      0.134      −0.0134
	// trust.undocumented.mean              0.466      −0.0466
	// costs.jail_cost                      $3,725,397 −$372,540
	// crimes.by_group.undocumented.rate    –          –
}

// The catalogue describes every metric: the run record's in output order,
// each with its kind, direction and breakdown.
func ExampleLookupMetric() {
	m, _ := agents.LookupMetric("crimes.by_group.undocumented.rate")
	fmt.Println(m.Label)
	fmt.Println(m.Kind, m.Unit, "|", m.Direction.Label(), "| family", m.Family, "by", m.Breakdown.Label(), "| series", m.Series)
	f := agents.MustFamily(m.Family)
	for _, id := range f.IDs {
		fmt.Println(" ", agents.MetricOf(id).Key)
	}
	// Output:
	// Reporting rate, undocumented victims
	// share % | higher is better | family crimes.by_group.{name}.rate by community group | series reporting_rate
	//   crimes.by_group.citizen.rate
	//   crimes.by_group.lawful_noncitizen.rate
	//   crimes.by_group.undocumented.rate
}

// A live view keeps snapshots of the counters and reads any metric over
// the time between two of them.
func ExampleModel_Window() {
	m, _ := agents.New(nil, agents.Options{Seed: 1, Days: 120})
	m.RunUntil(60 * 24)
	day60 := m.Counts()
	m.RunUntil(90 * 24)
	day90 := m.Counts()
	for _, key := range []string{"crimes.occurred", "crimes.reporting_rate", "operations.total"} {
		mt := agents.MustMetric(key)
		fmt.Printf("%s, days 60-90: %s\n", mt.Label, mt.Format(m.Window(&day60, &day90, mt.ID)))
	}
	// Output:
	// Victimizations, days 60-90: 94
	// Reporting rate, all victims, days 60-90: 36.2%
	// Operations, days 60-90: 16
}
