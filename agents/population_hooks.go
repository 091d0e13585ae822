package agents

// The offender stock tells the population model of removals from the
// country and re-entries through these hooks (placeholders until the
// population model, which owns the districts' residents, replaces them).

// populationRemoved is called when a person of group g from district d is
// removed from the country after a transfer from the jail.
func (m *Model) populationRemoved(d int, g Group) {}

// populationReentered is called when a person of group g removed from
// district d comes back.
func (m *Model) populationReentered(d int, g Group) {}
