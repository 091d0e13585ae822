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
// # Conventions
//
// Time is in hours; configuration uses days where people think in days.
// Rates are shares on [0, 1]. Groups and crime types are fixed enumerations
// ([Group], [CrimeType]) so that every scenario key is known and checked.
//
// Every random process draws from its own named stream of the model's
// sim.Streams, and each crime, call, stop and operation reads its
// attributes from a counter-based source at fixed indices. Two models with
// the same seed and replication therefore share every crime, victim and
// witness (common random numbers), whatever their policies.
//
// The model never ranges over a map, holds no package-level mutable state,
// and gives the same results for the same inputs. A Model is not safe for
// concurrent use; run one per goroutine.
//
// Invalid configurations are reported by [Config.Validate] (and by [New])
// as errors naming the key path, the value and what is allowed; the legal
// limits on military roles (the Posse Comitatus Act) are among them.
package agents
