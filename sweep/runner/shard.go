package runner

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/sweep"
)

// Shard selects a deterministic 1/Count of a sweep's runs: those whose
// index in the canonical order is Index modulo Count. The zero Shard is the
// whole sweep.
type Shard struct{ Index, Count int }

// ParseShard parses "i/N" (0 ≤ i < N); anything else is a
// sweep.InputError.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, sweep.InputError(fmt.Sprintf("--shard %q: allowed: i/N with 0 ≤ i < N, e.g. 0/4", s))
	}
	return Shard{Index: i, Count: n}, nil
}

func (s Shard) whole() bool { return s.Count <= 1 }

// has reports whether the run of canonical index i is the shard's.
func (s Shard) has(i int) bool { return s.whole() || i%s.Count == s.Index }

func (s Shard) String() string {
	if s.whole() {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}
