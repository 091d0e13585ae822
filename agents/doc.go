// Package agents is the agencysim domain model: a synthetic city's
// districts and community groups, crimes and the decision to report them,
// police dispatch and investigation, the jail and ICE detainers, ICE,
// Border Patrol, military support and joint task-force operations, their
// safety, and the trust and fear feedback that links enforcement to
// reporting.
//
// A [Config] describes a city and its agreements and policies; scenario
// files decode into it (see package scenarios). [New] builds one
// replication as a [Model] on a sim.Engine; [Model.Run] returns a
// [Summary], and [Model.Series] the time series. The equations, and every
// default with its source, are in docs/model.md.
//
// # Layout
//
// Each agency — police, the county jail, ICE, Border Patrol, the joint task
// forces, military support — is a type in a file of its own (police.go,
// jail.go, ice.go, borderpatrol.go, taskforce.go, military.go) behind one
// small interface (agency.go): it starts its processes, adds its part to
// the policy state derived on every change, and may join another agency's
// field operations; it registers itself. The community — victimizations,
// reporting, trust and fear — is community.go; the shared machinery of
// operations (deconfliction, use of force, diverted units) is agency.go.
//
// Every output metric is an entry of one catalogue (catalogue.go, with its
// API in metric.go): its key, label, kind (unit and format), direction,
// breakdown and time series. The summary, its JSON and flattened keys, the
// time series and [Model.Window] read it; [Metrics] lists it.
//
// # Conventions
//
// Time is in hours; configuration uses days where people think in days.
// Rates are shares on [0, 1]. Every enumeration — groups, crime types,
// agencies, operation kinds, venues, and the agreements and policies a
// scenario chooses among — is a typed integer with a name in files and
// outputs and a label for people; it decodes from its name and marshals to
// it. Values by member of an enumeration are arrays sized by its count.
//
// Every random process draws from its own named stream of the model's
// sim.Streams, and each crime, call, stop and operation reads its
// attributes from a counter-based source at fixed indices. Two models with
// the same seed and replication therefore share every crime, victim and
// witness (common random numbers), whatever their policies.
//
// A district's independent arrival processes — a crime process per crime
// type and the police's other calls, traffic stops, minor arrests and
// operations — share one timer slot (arrivals.go): the engine holds one
// event per district, at the earliest of their next times, and each
// process still draws from its own stream. Processes due at the same time
// run in the order their times were set, as separate engine events would;
// the tests compare the slots with one event per process byte for byte.
// For speed on large cities, what an arrival event touches is held by
// value and side by side: a district's slot is one 192-byte record, and
// every process's generator (its stream's PCG), attribute source, count
// and rate one record in an array by district, with no pointer to follow.
//
// The model never ranges over a map, holds no package-level mutable state
// (the catalogue and the agency registry are built at initialization and
// only read after), and gives the same results for the same inputs. A
// Model is not safe for concurrent use; run one per goroutine. The
// catalogue functions ([Metrics], [LookupMetric] …) and the enumerations'
// methods are safe for concurrent use. Misuse — a metric key or an
// enumeration value that does not exist, written in code — panics with the
// prefix "agents: ".
//
// Invalid configurations are reported by [Config.Validate] (and by [New])
// as errors naming the key path, the value and what is allowed; the legal
// limits on military roles (the Posse Comitatus Act) are among them. The
// timeline is validated cumulatively, in the order the model applies it
// (by day, then file order), each entry against the configuration the
// entries before it leave, so a configuration that validates never meets
// an invalid change during a run.
//
// # Failed runs
//
// A validated configuration cannot make a run panic. Should a defect still
// do so — a timeline change that cannot be applied, or a panic inside an
// event — the model records a fatal error and stops at that moment instead
// of crashing the process: [Model.Err] returns it, [Model.Done] is true,
// [Model.RunUntil] does nothing more, and [Model.Run] and [Model.Summary]
// describe the run only up to the failure. Callers that store results must
// check Err after Run and treat a run with an error as failed.
//
// # Fork
//
// [Model.Fork] returns a deep copy of a model between events: the engine's
// calendar, every random stream's generator state, the city, agencies,
// pools, operations, offenders, metrics, series and changes so far
// (package internal/clone copies the data; sharing inside the model is
// kept, nothing mutable is shared with the original). Run on unchanged, a
// fork produces exactly what the original produces; the two are
// independent and a fork may be run on another goroutine. Callbacks cannot
// be copied onto new receivers: every callback the engine, a pool or a
// ticker may hold is a field listed, in a fixed order, by the model's
// eachAction (fork.go), and a fork maps each of the original's to the
// copy's at the same place in that list — at fork time only, so events
// cost nothing more. A new callback must be added there; Fork panics
// ("agents: Fork: the model holds a … that Model.eachAction does not
// list") on one that is not, and the fork tests fork every bundled
// scenario mid-run. Other state must be plain data (no closures: policy
// processes hold their agency and an index); a pointer into another
// object's memory panics in the copier. Forking a model with an Observer
// panics: a live view is not copied.
//
// [Options.ForkDay] puts a fork point on a day: the run pauses there
// ([Model.AtFork]), where a timeline entry appended for that day would
// apply, and [Model.Diverge] applies a set of overrides as that entry.
// Running the pre-period once, forking it per arm and diverging each
// gives for every arm the bytes of the scenario with the arm's entry on
// its timeline run from day 0 (the sweep's fork_day, docs/sweeps.md).
//
// # Limits
//
// Every configuration that validates runs in bounded memory. The limits
// are [MaxDistricts] (4,096), [MaxPopulation] (10 million residents in
// all), [MaxPatrolUnits] (50,000 a shift city-wide), [MaxPending] (5
// million items held at once by the Little's-law estimate of
// [Config.Workload]: calls, stops, investigations, jail stays ending in a
// transfer, follow-ups, operations), [MaxOpsPerDay] (2,000 operations a
// day), [MaxLiveOps] (20,000 operations kept for overlap checks) and
// [MaxSeriesSamples] (36,500 samples of the time series, checked by
// [CheckOptions] and [New]). Calls wait in the dispatch queue at most
// police.abandon_after_minutes, which bounds the queue. Neighbours are
// found on a spatial grid, so building them takes time proportional to
// the number of neighbour pairs (at most 4,096 × 4,095). Response-time
// quantiles are exact up to 2^17 responses and then come from a 0.1 %
// histogram (sim.Sample). The largest accepted city runs in about 1 GB
// and 3 s per simulated day (976 MB and 3.1 s measured); a default city of
// 10 million residents in under 40 MB and 0.04 s per simulated day
// (docs/model.md, "Limits", has the measurements).
package agents
