package sim

import (
	"math"
	"math/rand/v2"
)

// Streams derives independent, named random-number streams from a seed and a
// replication number.
//
// Stream(name) depends only on (seed, replication, name): adding, removing or
// reordering other streams never changes it. This is what lets two policy
// variants of a model share the same random numbers in replication r (common random
// numbers) while their policy-dependent processes differ.
//
// Streams is a small value type and is safe to copy and to use from several
// goroutines; the *rand.Rand values it returns are not.
type Streams struct {
	seed, rep uint64
	base      uint64
}

// NewStreams returns the stream family for a seed and replication.
func NewStreams(seed, replication uint64) Streams {
	base := SplitMix64(SplitMix64(seed) ^ SplitMix64(replication+0x632be59bd9b4e019))
	return Streams{seed: seed, rep: replication, base: base}
}

// Seed returns the seed the family was made from.
func (s Streams) Seed() uint64 { return s.seed }

// Replication returns the replication number the family was made from.
func (s Streams) Replication() uint64 { return s.rep }

// Key returns the 64-bit key of the named stream. Equal names give equal
// keys; distinct names give distinct keys with overwhelming probability.
func (s Streams) Key(name string) uint64 {
	return SplitMix64(s.base ^ hashString(name))
}

// Stream returns a new generator for the named stream, positioned at its
// start. Calling Stream twice with the same name returns two generators that
// produce the same sequence; a model should call it once per process and keep
// the result. The generator is math/rand/v2's PCG.
func (s Streams) Stream(name string) *rand.Rand {
	g := s.PCG(name)
	return rand.New(&g)
}

// PCG returns the generator of the named stream as a value: Stream's
// numbers, for a model that holds its generators side by side in its own
// records rather than behind a *rand.Rand each.
func (s Streams) PCG(name string) rand.PCG {
	k := s.Key(name)
	return *rand.NewPCG(k, SplitMix64(k^0xda942042e4dd58b5))
}

// Draws returns a counter-based source keyed by the named stream; see
// [Draws].
func (s Streams) Draws(name string) Draws { return Draws(s.Key(name)) }

// Draws is a counter-based random source: Float64(i) is a pure function of
// the key and the index i. A model gives each entity (a crime, say) its own
// key and reads its attributes at fixed indices, so that an entity's
// random attributes do not depend on which branches earlier code took.
type Draws uint64

// Sub returns the Draws keyed by (d, i): a child source for entity i.
func (d Draws) Sub(i uint64) Draws {
	return Draws(SplitMix64(uint64(d) ^ SplitMix64(i+0x9e3779b97f4a7c15)))
}

// Uint64 returns the i-th 64-bit value of the source.
func (d Draws) Uint64(i uint64) uint64 {
	return SplitMix64(uint64(d) + (i+1)*0x9e3779b97f4a7c15)
}

// Float64 returns the i-th value of the source, uniform on [0, 1).
func (d Draws) Float64(i uint64) float64 {
	return float64(d.Uint64(i)>>11) * (1.0 / (1 << 53))
}

// Exp returns the i-th value as an exponential variate with the given mean.
func (d Draws) Exp(i uint64, mean float64) float64 {
	return -mean * math.Log1p(-d.Float64(i))
}

// SplitMix64 is the finaliser of Steele, Lea and Flood's SplitMix64
// generator: a fast bijective mixing function on 64-bit integers.
func SplitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashString is 64-bit FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Poisson returns a Poisson variate with the given mean computed by inversion
// from the uniform u in [0, 1). Inversion uses one uniform per variate, which
// keeps counter-based draws aligned. It is meant for small means (the cost is
// O(mean)); it panics if mean is negative or larger than 1000.
func Poisson(mean, u float64) int {
	if mean < 0 || mean > 1000 || math.IsNaN(mean) {
		panic("sim: Poisson mean out of range [0, 1000]")
	}
	p := math.Exp(-mean)
	c := p
	k := 0
	for u >= c {
		k++
		p *= mean / float64(k)
		c += p
		if p == 0 {
			break
		}
	}
	return k
}
