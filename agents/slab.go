package agents

// slab holds records that events address by index: a record's slot is
// reused once it is released (the last released first), so an event
// carries an int32 instead of a pointer and the slice stays as long as the
// most records alive at once.
type slab[T any] struct {
	items []T
	free  []int32
}

// add stores v and returns its slot.
func (s *slab[T]) add(v T) int32 {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		s.items[i] = v
		return i
	}
	s.items = append(s.items, v)
	return int32(len(s.items) - 1)
}

// at returns the record in slot i.
func (s *slab[T]) at(i int32) *T { return &s.items[i] }

// take returns the record in slot i and releases the slot.
func (s *slab[T]) take(i int32) T {
	v := s.items[i]
	s.release(i)
	return v
}

// release frees slot i for reuse.
func (s *slab[T]) release(i int32) {
	var zero T
	s.items[i] = zero
	s.free = append(s.free, i)
}

// len is the number of slots, in use or free.
func (s *slab[T]) len() int { return len(s.items) }
