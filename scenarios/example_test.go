package scenarios_test

import (
	"fmt"

	"github.com/agencysim/agencysim/scenarios"
)

// A scenario with mistakes is rejected with every problem located.
func ExampleLoadBytes() {
	text := `name: my-city
city:
  districts:
    - name: old-town
      population: 40000
      groups: {citizen: 0.8, lawful_noncitizen: 0.1, undocumented: 0.1}
policies:
  detainers: only_sometimes
military:
  units:
    - name: guard
      status: title10
      roles: [law_enforcement]
`
	_, err := scenarios.LoadBytes("my-city.yaml", []byte(text), scenarios.LoadOptions{
		Set: []string{"policies.outreach=2"},
	})
	fmt.Println(err)
	// Output:
	// --set: policies.outreach: 2 is out of range; allowed: a number from 0 to 1
	// my-city.yaml:8: policies.detainers: "only_sometimes" is not an allowed value; allowed: one of honor_all, judicial_warrant_only, never
}
