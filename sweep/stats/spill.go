package stats

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/agencysim/agencysim/internal/fsutil"
)

// maxSpillBlocks bounds the spill files of an accumulation: the design
// points are cut into at most this many blocks of consecutive points, one
// file each, so that folding one block at a time holds the statistics of
// points/maxSpillBlocks points.
const maxSpillBlocks = 128

// spillBuffer is the write buffer of each spill file.
const spillBuffer = 16 << 10

// spillBase names the spill files: "." + spillBase + fsutil.TempMarker +
// a random suffix, a temporary file that the runner's clean-up of a
// results folder removes if a killed process left it.
const spillBase = "stats-spill"

// spill keeps every finished run's metric values, by block of design
// points, in temporary files (binary: arm, point and replication as
// uint32, then one float64 per metric), in the order they were added:
// canonical order within each block. Files are opened when their block
// gets its first run and stay open until close, which removes them; they
// are never reopened by name.
type spill struct {
	dir       string
	nk        int
	blockSize int
	files     []*os.File
	bufs      []*bufio.Writer
	rec       []byte
	err       error
	closed    bool
}

func newSpill(dir string, points, nk int) *spill {
	if dir == "" {
		dir = os.TempDir()
	}
	blocks := min(max(points, 1), maxSpillBlocks)
	size := (max(points, 1) + blocks - 1) / blocks
	blocks = (max(points, 1) + size - 1) / size
	return &spill{dir: dir, nk: nk, blockSize: size, files: make([]*os.File, blocks), bufs: make([]*bufio.Writer, blocks), rec: make([]byte, 12+8*nk)}
}

// blocks returns the number of blocks.
func (s *spill) blocks() int { return len(s.files) }

// points returns the first point and the end of block b's points.
func (s *spill) points(b, npoints int) (int, int) {
	return b * s.blockSize, min((b+1)*s.blockSize, npoints)
}

// add appends a run's values to its block; the first error sticks.
func (s *spill) add(arm, point, rep int, vals []float64) error {
	if s.closed {
		panic("stats: a run added to a closed accumulation")
	}
	if s.err != nil {
		return s.err
	}
	b := point / s.blockSize
	if s.files[b] == nil {
		f, err := fsutil.CreateTemp(s.dir, spillBase)
		if err != nil {
			s.err = fmt.Errorf("stats: spill file: %w", err)
			return s.err
		}
		s.files[b], s.bufs[b] = f, bufio.NewWriterSize(f, spillBuffer)
	}
	r := s.rec
	binary.LittleEndian.PutUint32(r[0:], uint32(arm))
	binary.LittleEndian.PutUint32(r[4:], uint32(point))
	binary.LittleEndian.PutUint32(r[8:], uint32(rep))
	for i, x := range vals {
		binary.LittleEndian.PutUint64(r[12+8*i:], math.Float64bits(x))
	}
	if _, err := s.bufs[b].Write(r); err != nil {
		s.err = fmt.Errorf("stats: spill file: %w", err)
	}
	return s.err
}

// flush writes out the buffers: after it, each reads every run added.
func (s *spill) flush() error {
	if s.err != nil {
		return s.err
	}
	for _, w := range s.bufs {
		if w != nil {
			if err := w.Flush(); err != nil {
				s.err = fmt.Errorf("stats: spill file: %w", err)
				return s.err
			}
		}
	}
	return nil
}

// each calls fn with every run of block b, in the order added. vals is
// reused from one call to the next.
func (s *spill) each(b int, fn func(arm, point, rep int, vals []float64)) error {
	if s.closed {
		panic("stats: the table's runs were read after Close")
	}
	f := s.files[b]
	if f == nil {
		return nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("stats: spill file: %w", err)
	}
	r := bufio.NewReaderSize(f, 64<<10)
	rec := make([]byte, len(s.rec))
	vals := make([]float64, s.nk)
	for {
		if _, err := io.ReadFull(r, rec); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("stats: spill file: %w", err)
		}
		for i := range vals {
			vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(rec[12+8*i:]))
		}
		fn(int(binary.LittleEndian.Uint32(rec[0:])), int(binary.LittleEndian.Uint32(rec[4:])), int(binary.LittleEndian.Uint32(rec[8:])), vals)
	}
	// Further runs are appended at the end.
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return fmt.Errorf("stats: spill file: %w", err)
	}
	return nil
}

// close closes and removes the files; it may be called more than once.
func (s *spill) close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	for i, f := range s.files {
		if f == nil {
			continue
		}
		errs = append(errs, f.Close())
		if err := os.Remove(f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
		s.files[i], s.bufs[i] = nil, nil
	}
	return errors.Join(errs...)
}
