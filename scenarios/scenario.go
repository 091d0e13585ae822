package scenarios

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/schema"
)

// Scenario is a complete scenario file: run settings and the model
// configuration, whose keys sit at the top level of the file.
type Scenario struct {
	Name        string  `yaml:"name" doc:"Short name of the scenario, used in outputs." default:"scenario" source:"scenario input"`
	Description string  `yaml:"description" doc:"What the scenario represents." default:"\"\"" source:"scenario input"`
	Seed        int64   `yaml:"seed" doc:"Random seed; the same scenario and seed give the same results." default:"1" min:"0" max:"9007199254740991" source:"scenario input"`
	Days        float64 `yaml:"days" doc:"Simulated days." default:"365" min:"1" max:"36500" unit:"days" source:"scenario input (one year)"`
	Output      Output  `yaml:"output" doc:"Output settings."`
	// ParameterSets names alternative parameter sets; see
	// agents.ParameterSets. The loader applies them before decoding.
	ParameterSets []agents.ParameterSetName `yaml:"parameter_sets" doc:"Named parameter sets for questions on which the literature disagrees (docs/model.md, 'Where the literature disagrees'); each sets a few keys, which must not also be set in the file. The item limit is above the number of sets, and alternatives exclude each other." default:"[]" maxitems:"16" source:"scenario input (none: the defaults)"`
	// ParameterSetFiles names parameter set files (see
	// [ParameterSetFile]); the loader applies them before decoding.
	ParameterSetFiles []string `yaml:"parameter_set_files" json:"-" hash:"nondefault" doc:"Parameter set files (YAML: name, source, values; as 'agencysim calibrate' writes), relative to the scenario file's folder (to the working folder for a bundled scenario); each sets the keys under its values, which must not also be set in the file, by another file or by parameter_sets." default:"[]" maxitems:"16" source:"scenario input (none)"`
	agents.Config     `yaml:",inline"`
}

// Output holds output settings.
type Output struct {
	IntervalDays float64 `yaml:"interval_days" doc:"Interval of the time series." default:"7" min:"0.25" max:"3650" unit:"days" source:"scenario input (one year)"`
}

// Hash returns a stable hash of the scenario as decoded (after defaults and
// overrides), so two runs with equal hashes ran the same scenario. It is
// the SHA-256 of the scenario's JSON, followed by a line for each key added
// since hashes were first published that differs from its default (see
// schema.NonDefault): a scenario that leaves those keys alone keeps its
// hash.
func (s *Scenario) Hash() string {
	b, err := json.Marshal(s)
	if err != nil {
		panic("scenarios: cannot encode scenario: " + err.Error())
	}
	for _, kv := range schema.NonDefault(scenarioFormat, s) {
		b = append(append(b, '\n'), kv...)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Options returns the model options for replication rep.
func (s *Scenario) Options(rep uint64) agents.Options {
	return agents.Options{Seed: uint64(s.Seed), Replication: rep, Days: s.Days, SeriesDays: s.Output.IntervalDays}
}

//go:embed *.yaml
var bundled embed.FS

//go:embed sweeps/*.yaml
var bundledSweeps embed.FS

//go:embed searches/*.yaml
var bundledSearches embed.FS

// BundledSearch returns the text of a bundled search file (agencysim
// search) by name (with or without ".yaml").
func BundledSearch(name string) ([]byte, bool) {
	name = strings.TrimSuffix(name, ".yaml")
	b, err := bundledSearches.ReadFile("searches/" + name + ".yaml")
	return b, err == nil
}

// BundledSearchList lists the bundled search files in name order.
func BundledSearchList() []BundledInfo { return bundledList(bundledSearches, "searches") }

// BundledSweep returns the text of a bundled sweep file by name (with or
// without ".yaml").
func BundledSweep(name string) ([]byte, bool) {
	name = strings.TrimSuffix(name, ".yaml")
	b, err := bundledSweeps.ReadFile("sweeps/" + name + ".yaml")
	return b, err == nil
}

// BundledSweepList lists the bundled sweep files in name order.
func BundledSweepList() []BundledInfo { return bundledList(bundledSweeps, "sweeps") }

// bundledList lists the YAML files of an embedded folder in name order,
// each with the first paragraph of its header comment.
func bundledList(fsys embed.FS, dir string) []BundledInfo {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		panic(err)
	}
	var out []BundledInfo
	for _, e := range entries {
		b, _ := fsys.ReadFile(dir + "/" + e.Name())
		out = append(out, BundledInfo{Name: strings.TrimSuffix(e.Name(), ".yaml"), Summary: headerSummary(string(b))})
	}
	return out
}

// Bundled returns the text of a bundled scenario by name (with or without
// ".yaml").
func Bundled(name string) ([]byte, bool) {
	name = strings.TrimSuffix(name, ".yaml")
	b, err := bundled.ReadFile(name + ".yaml")
	return b, err == nil
}

// BundledInfo describes a bundled scenario.
type BundledInfo struct {
	Name    string
	Summary string // the first paragraph of its header comment
}

// BundledList lists the bundled scenarios in name order.
func BundledList() []BundledInfo {
	entries, err := fs.ReadDir(bundled, ".")
	if err != nil {
		panic(err)
	}
	var out []BundledInfo
	for _, e := range entries {
		if path.Ext(e.Name()) != ".yaml" {
			continue
		}
		b, _ := bundled.ReadFile(e.Name())
		out = append(out, BundledInfo{Name: strings.TrimSuffix(e.Name(), ".yaml"), Summary: headerSummary(string(b))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// headerSummary returns the first paragraph of a file's leading comment,
// skipping the schema directive.
func headerSummary(text string) string {
	var para []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		l := strings.TrimSpace(strings.TrimPrefix(line, "#"))
		if strings.HasPrefix(l, "yaml-language-server") {
			continue
		}
		if l == "" {
			if len(para) > 0 {
				break
			}
			continue
		}
		para = append(para, l)
	}
	return strings.Join(para, " ")
}

// DefaultName is the bundled scenario used when none is given.
const DefaultName = "baseline"

func describeSource(name string) string { return fmt.Sprintf("bundled:%s", name) }
