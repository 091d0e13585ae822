//go:build !js

package sweep

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/sim"
)

// The Sobol' low-discrepancy sequence (Sobol' 1967) in base 2, with the
// direction numbers of Joe and Kuo (2008), "Constructing Sobol sequences
// with better two-dimensional projections", SIAM J. Sci. Comput. 30:2635,
// file new-joe-kuo-6.21201: the first 101 dimensions. Dimension 1 is the
// van der Corput sequence (all m = 1). For dimension d of degree s,
// primitive polynomial coefficients a and initial numbers m_1..m_s, the
// direction numbers are V_j = m_j << (32 − j) for j ≤ s and, beyond,
//
//	V_j = V_{j−s} ⊕ (V_{j−s} >> s) ⊕ ⊕_{k=1}^{s−1} a_k V_{j−k},
//
// a_k the bit s−1−k of a (Bratley and Fox 1988; Joe and Kuo 2003). Points
// are generated in Gray-code order (Antonov and Saleev 1979):
// X_n = X_{n−1} ⊕ V_{c(n−1)}, c(i) the 1-based position of the lowest zero
// bit of i, X_0 = 0. The first 2^m points of the sequence are a (t, m, s)-net
// for every m, and the first 2^m points of a longer run are the 2^m-point
// design: nested prefixes are valid designs of their own.

// sobolMaxDim is the number of dimensions with direction numbers here.
const sobolMaxDim = 101

// sobolBits is the precision of the points: 32 bits, up to 2^32 points.
const sobolBits = 32

// joeKuo holds "d s a m_1 … m_s" of dimensions 2 … 101 of
// new-joe-kuo-6.21201.
var joeKuo = [...]string{
	"2 1 0 1",
	"3 2 1 1 3",
	"4 3 1 1 3 1",
	"5 3 2 1 1 1",
	"6 4 1 1 1 3 3",
	"7 4 4 1 3 5 13",
	"8 5 2 1 1 5 5 17",
	"9 5 4 1 1 5 5 5",
	"10 5 7 1 1 7 11 19",
	"11 5 11 1 1 5 1 1",
	"12 5 13 1 1 1 3 11",
	"13 5 14 1 3 5 5 31",
	"14 6 1 1 3 3 9 7 49",
	"15 6 13 1 1 1 15 21 21",
	"16 6 16 1 3 1 13 27 49",
	"17 6 19 1 1 1 15 7 5",
	"18 6 22 1 3 1 15 13 25",
	"19 6 25 1 1 5 5 19 61",
	"20 7 1 1 3 7 11 23 15 103",
	"21 7 4 1 3 7 13 13 15 69",
	"22 7 7 1 1 3 13 7 35 63",
	"23 7 8 1 3 5 9 1 25 53",
	"24 7 14 1 3 1 13 9 35 107",
	"25 7 19 1 3 1 5 27 61 31",
	"26 7 21 1 1 5 11 19 41 61",
	"27 7 28 1 3 5 3 3 13 69",
	"28 7 31 1 1 7 13 1 19 1",
	"29 7 32 1 3 7 5 13 19 59",
	"30 7 37 1 1 3 9 25 29 41",
	"31 7 41 1 3 5 13 23 1 55",
	"32 7 42 1 3 7 3 13 59 17",
	"33 7 50 1 3 1 3 5 53 69",
	"34 7 55 1 1 5 5 23 33 13",
	"35 7 56 1 1 7 7 1 61 123",
	"36 7 59 1 1 7 9 13 61 49",
	"37 7 62 1 3 3 5 3 55 33",
	"38 8 14 1 3 1 15 31 13 49 245",
	"39 8 21 1 3 5 15 31 59 63 97",
	"40 8 22 1 3 1 11 11 11 77 249",
	"41 8 38 1 3 1 11 27 43 71 9",
	"42 8 47 1 1 7 15 21 11 81 45",
	"43 8 49 1 3 7 3 25 31 65 79",
	"44 8 50 1 3 1 1 19 11 3 205",
	"45 8 52 1 1 5 9 19 21 29 157",
	"46 8 56 1 3 7 11 1 33 89 185",
	"47 8 67 1 3 3 3 15 9 79 71",
	"48 8 70 1 3 7 11 15 39 119 27",
	"49 8 84 1 1 3 1 11 31 97 225",
	"50 8 97 1 1 1 3 23 43 57 177",
	"51 8 103 1 3 7 7 17 17 37 71",
	"52 8 115 1 3 1 5 27 63 123 213",
	"53 8 122 1 1 3 5 11 43 53 133",
	"54 9 8 1 3 5 5 29 17 47 173 479",
	"55 9 13 1 3 3 11 3 1 109 9 69",
	"56 9 16 1 1 1 5 17 39 23 5 343",
	"57 9 22 1 3 1 5 25 15 31 103 499",
	"58 9 25 1 1 1 11 11 17 63 105 183",
	"59 9 44 1 1 5 11 9 29 97 231 363",
	"60 9 47 1 1 5 15 19 45 41 7 383",
	"61 9 52 1 3 7 7 31 19 83 137 221",
	"62 9 55 1 1 1 3 23 15 111 223 83",
	"63 9 59 1 1 5 13 31 15 55 25 161",
	"64 9 62 1 1 3 13 25 47 39 87 257",
	"65 9 67 1 1 1 11 21 53 125 249 293",
	"66 9 74 1 1 7 11 11 7 57 79 323",
	"67 9 81 1 1 5 5 17 13 81 3 131",
	"68 9 82 1 1 7 13 23 7 65 251 475",
	"69 9 87 1 3 5 1 9 43 3 149 11",
	"70 9 91 1 1 3 13 31 13 13 255 487",
	"71 9 94 1 3 3 1 5 63 89 91 127",
	"72 9 103 1 1 3 3 1 19 123 127 237",
	"73 9 104 1 1 5 7 23 31 37 243 289",
	"74 9 109 1 1 5 11 17 53 117 183 491",
	"75 9 122 1 1 1 5 1 13 13 209 345",
	"76 9 124 1 1 3 15 1 57 115 7 33",
	"77 9 137 1 3 1 11 7 43 81 207 175",
	"78 9 138 1 3 1 1 15 27 63 255 49",
	"79 9 143 1 3 5 3 27 61 105 171 305",
	"80 9 145 1 1 5 3 1 3 57 249 149",
	"81 9 152 1 1 3 5 5 57 15 13 159",
	"82 9 157 1 1 1 11 7 11 105 141 225",
	"83 9 167 1 3 3 5 27 59 121 101 271",
	"84 9 173 1 3 5 9 11 49 51 59 115",
	"85 9 176 1 1 7 1 23 45 125 71 419",
	"86 9 181 1 1 3 5 23 5 105 109 75",
	"87 9 182 1 1 7 15 7 11 67 121 453",
	"88 9 185 1 3 7 3 9 13 31 27 449",
	"89 9 191 1 3 1 15 19 39 39 89 15",
	"90 9 194 1 1 1 1 1 33 73 145 379",
	"91 9 199 1 3 1 15 15 43 29 13 483",
	"92 9 218 1 1 7 3 19 27 85 131 431",
	"93 9 220 1 3 3 3 5 35 23 195 349",
	"94 9 227 1 3 3 7 9 27 39 59 297",
	"95 9 229 1 1 3 9 11 17 13 241 157",
	"96 9 230 1 3 7 15 25 57 33 189 213",
	"97 9 234 1 1 7 1 9 55 73 83 217",
	"98 9 236 1 3 3 13 19 27 23 113 249",
	"99 9 241 1 3 5 3 23 43 3 253 479",
	"100 9 244 1 1 5 5 11 5 45 117 217",
	"101 9 253 1 3 3 7 29 37 33 123 147",
}

// sobolDirections returns the direction numbers of the first dim
// dimensions: [d][j], j = 0 … 31 (V_{j+1}).
func sobolDirections(dim int) [][sobolBits]uint32 {
	if dim < 1 || dim > sobolMaxDim {
		panic(fmt.Sprintf("sweep: %d Sobol' dimensions (1 to %d)", dim, sobolMaxDim))
	}
	out := make([][sobolBits]uint32, dim)
	for j := range sobolBits {
		out[0][j] = 1 << (sobolBits - 1 - j)
	}
	for d := 1; d < dim; d++ {
		f := strings.Fields(joeKuo[d-1])
		s, _ := strconv.Atoi(f[1])
		a, _ := strconv.Atoi(f[2])
		v := &out[d]
		for j := range s {
			m, _ := strconv.Atoi(f[3+j])
			v[j] = uint32(m) << (sobolBits - 1 - j)
		}
		for j := s; j < sobolBits; j++ {
			x := v[j-s] ^ (v[j-s] >> s)
			for k := 1; k < s; k++ {
				if (a>>(s-1-k))&1 == 1 {
					x ^= v[j-k]
				}
			}
			v[j] = x
		}
	}
	return out
}

// sobolPoints returns the first n points of the dim-dimensional Sobol'
// sequence as 32-bit integers (the coordinate is x / 2^32), unscrambled
// when scramble is nil, else scrambled from *scramble (see [scrambleSobol]).
func sobolPoints(n, dim int, scramble *uint64) [][]uint32 {
	v := sobolDirections(dim)
	var shift []uint32
	if scramble != nil {
		v, shift = scrambleSobol(v, *scramble)
	}
	out := make([][]uint32, n)
	x := make([]uint32, dim)
	for i := range n {
		if i > 0 {
			c := bits.TrailingZeros64(^uint64(i - 1)) // the lowest zero bit of i−1
			for d := range dim {
				x[d] ^= v[d][c]
			}
		}
		row := make([]uint32, dim)
		for d := range dim {
			row[d] = x[d]
			if shift != nil {
				row[d] ^= shift[d]
			}
		}
		out[i] = row
	}
	return out
}

// scrambleSobol is the linear matrix scrambling with a random digital
// shift (Matoušek 1998; Owen 2003, "Variance with alternative
// scramblings of digital nets"), as scipy's qmc.Sobol does by default: for
// each dimension a random lower-triangular binary matrix L with a unit
// diagonal multiplies every direction number (bit 1 = most significant),
// so that the point's digit i becomes digit i ⊕ a random combination of
// the digits before it, and a random 32-bit shift is XORed into every
// point. Both keep the net's stratification; the points become random
// (uniform on the unit cube, each one), deterministic from the seed.
func scrambleSobol(v [][sobolBits]uint32, seed uint64) ([][sobolBits]uint32, []uint32) {
	rng := rand.New(rand.NewPCG(seed, sim.SplitMix64(0x736f626f6c)))
	out := make([][sobolBits]uint32, len(v))
	shift := make([]uint32, len(v))
	for d := range v {
		// rows[i]: the bits of row i of L, MSB = column 0; row i has
		// its diagonal bit and random bits in the columns before it.
		var rows [sobolBits]uint32
		for i := range sobolBits {
			diag := uint32(1) << (sobolBits - 1 - i)
			below := ^(diag<<1 - 1) // the columns before i
			if i == 0 {
				below = 0
			}
			rows[i] = diag | (rng.Uint32() & below)
		}
		for j := range sobolBits {
			var y uint32
			for i := range sobolBits {
				if bits.OnesCount32(rows[i]&v[d][j])&1 == 1 {
					y |= 1 << (sobolBits - 1 - i)
				}
			}
			out[d][j] = y
		}
		shift[d] = rng.Uint32()
	}
	return out, shift
}
