package search

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const tinySpec = `scenario: baseline
days: 45
replications: 2
population: 4
generations: 1
seed: 3
genes:
  - key: policies.detainers
  - key: policies.victim_protections.u_visa
  - key: policies.outreach
    low: 0
    high: 1
objectives:
  - metric: crimes.reporting_rate
  - metric: detainers.honored
    direction: maximise
`

func writeSpec(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "search.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLeverGenesComeFromTheSchema(t *testing.T) {
	t.Parallel()
	p, err := LoadSpec(writeSpec(t, tinySpec))
	if err != nil {
		t.Fatal(err)
	}
	g := p.Genes()
	if g[0].Kind != Categorical || !reflect.DeepEqual(g[0].Levels, []string{"honor_all", "judicial_warrant_only", "never"}) {
		t.Errorf("policies.detainers gene %+v: want the detainer policies' names", g[0])
	}
	if g[1].Kind != Categorical || !reflect.DeepEqual(g[1].Levels, []string{"false", "true"}) {
		t.Errorf("u_visa gene %+v: want false, true", g[1])
	}
	if g[2].Kind != Real || g[2].Low != 0 || g[2].High != 1 {
		t.Errorf("outreach gene %+v: want real on [0, 1]", g[2])
	}
	o := p.Objectives()
	if !o[0].Maximise || !o[1].Maximise {
		t.Errorf("objectives %+v: reporting rate (higher is better) and honored (stated) should be maximised", o)
	}
	if LeverValue(g[1], 1) != true || LeverValue(g[0], 2) != "never" {
		t.Error("lever values: want true for u_visa level 1 and \"never\" for detainer level 2")
	}
}

func TestSearchFileErrorsAreLocated(t *testing.T) {
	t.Parallel()
	bad := strings.NewReplacer(
		"key: policies.detainers", "key: policies.detainer",
		"population: 4", "population: 5",
		"direction: maximise", "direction: upwards",
	).Replace(tinySpec)
	_, err := LoadSpec(writeSpec(t, bad))
	if err == nil {
		t.Fatal("a bad search file loaded")
	}
	for _, want := range []string{"search.yaml:", "objectives[1].direction", "upwards", "maximise"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q: want it to contain %q", err, want)
		}
	}
	bad = strings.NewReplacer(
		"key: policies.detainers", "key: policies.detainer",
		"population: 4", "population: 5",
		"  - key: policies.victim_protections.u_visa", "  - key: policies.oversight\n    values: [none, ombudsman]",
	).Replace(tinySpec)
	_, err = LoadSpec(writeSpec(t, bad))
	if err == nil {
		t.Fatal("a bad search file loaded")
	}
	for _, want := range []string{"search.yaml:8", "genes[0].key", "policies.detainer", "genes[1].values[1]", "ombudsman", "civilian_review", "search.yaml:4", "population"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q: want it to contain %q", err, want)
		}
	}
}

func TestObjectiveWithoutDirectionNeedsOne(t *testing.T) {
	t.Parallel()
	if _, err := NewObjective("detainers.honored", SenseCatalogue); err == nil || !strings.Contains(err.Error(), "give direction") {
		t.Errorf("detainers.honored without a direction: error %v, want one asking for a direction", err)
	}
	if _, err := NewObjective("no.such.metric", Maximise); err == nil {
		t.Error("an unknown metric was accepted")
	}
	if o, err := NewObjective("response.mean_minutes", SenseCatalogue); err != nil || o.Maximise {
		t.Errorf("response.mean_minutes: %+v, %v: want minimised (higher is worse)", o, err)
	}
}

// The levers reach the model, under common random numbers: never honoring
// detainers honors none, honoring all honors some, in the same replications.
func TestLeversReachTheModel(t *testing.T) {
	t.Parallel()
	p, err := LoadSpec(writeSpec(t, tinySpec))
	if err != nil {
		t.Fatal(err)
	}
	honorAll, err := p.Means([]float64{0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	never, err := p.Means([]float64{2, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if never[1] != 0 || !(honorAll[1] > 0) {
		t.Errorf("detainers honored: honor_all %g, never %g: want > 0 and 0", honorAll[1], never[1])
	}
	runs := p.Runs()
	if again, _ := p.Means([]float64{0, 0, 0}); !reflect.DeepEqual(again, honorAll) || p.Runs() != runs {
		t.Errorf("a candidate run again: %v then %v, runs %d then %d", honorAll, again, runs, p.Runs())
	}
}

// A tiny search is the same whatever the number of workers.
func TestSimSearchIsDeterministicAcrossWorkers(t *testing.T) {
	t.Parallel()
	run := func(workers int) *Result {
		p, err := LoadSpec(writeSpec(t, tinySpec))
		if err != nil {
			t.Fatal(err)
		}
		p.opt.Workers = workers
		sp := p.Options().Spec
		r, err := Optimize(p, Options{Population: sp.Population, Generations: sp.Generations, Seed: uint64(sp.Seed)})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run(1), run(3)
	if !reflect.DeepEqual(a.Population, b.Population) {
		t.Errorf("1 worker and 3 workers give different populations:\n%v\n%v", a.Population, b.Population)
	}
}
