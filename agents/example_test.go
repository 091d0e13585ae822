package agents_test

import (
	"fmt"

	"github.com/agencysim/agencysim/agents"
)

// Two policy arms of the same city, run with the same seed, share their
// random numbers: every difference between them is the policy's (crimes
// too differ a little, through the offenders it leaves at large and the
// deterrence of reporting).
func Example() {
	cfg := agents.DefaultConfig()
	cfg.City.Districts = []agents.District{cfg.City.Grid.Template}
	cfg.City.Districts[0].Name = "centre"
	cfg.City.Districts[0].Population = 50000

	honor, _ := agents.New(&cfg, agents.Options{Seed: 42, Days: 180})
	a := honor.Run()

	cfg.Policies.Detainers = agents.NeverHonor
	never, _ := agents.New(&cfg, agents.Options{Seed: 42, Days: 180})
	b := never.Run()

	fmt.Printf("crimes: %v vs %v\n", a.Get("crimes.occurred"), b.Get("crimes.occurred"))
	fmt.Printf("detainers honored: %v vs %v\n", a.Get("detainers.honored"), b.Get("detainers.honored"))
	fmt.Printf("undocumented victims reporting: %v vs %v\n", a.Get("crimes.by_group.undocumented.reported"), b.Get("crimes.by_group.undocumented.reported"))
	// Output:
	// crimes: 1370 vs 1370
	// detainers honored: 6 vs 0
	// undocumented victims reporting: 20 vs 21
}
