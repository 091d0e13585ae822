//go:build !js

package viz

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/agencysim/agencysim/internal/fsutil"
)

// platformHooks returns nothing to do per frame on the desktop.
func platformHooks(*Game, Options) func(int) { return nil }

// prepareCapture sets up screenshots and recordings.
func prepareCapture(g *Game, opt Options) error {
	if opt.Record != "" {
		if err := os.MkdirAll(opt.Record, 0o755); err != nil {
			return err
		}
	}
	if opt.Screenshot == "" && opt.Record == "" {
		return nil
	}
	g.capture = func(n int) bool {
		return (opt.Screenshot != "" && n == opt.Frames) || (opt.Record != "" && n%opt.Every == 0)
	}
	g.onCapture = func(n int, img *image.RGBA) error {
		if opt.Record != "" && n%opt.Every == 0 {
			if err := savePNG(filepath.Join(opt.Record, fmt.Sprintf("frame-%06d.png", n)), img); err != nil {
				return err
			}
		}
		if opt.Screenshot != "" && n == opt.Frames {
			return savePNG(opt.Screenshot, img)
		}
		return nil
	}
	return nil
}

func savePNG(path string, img image.Image) error {
	return fsutil.WriteAtomic(path, func(w io.Writer) error { return png.Encode(w, img) })
}

// saveTimeline writes the sessions' live changes as scenario files: FILE
// for one session, FILE with -left and -right before its extension in
// compare mode.
func saveTimeline(g *Game, opt Options) error {
	if opt.SaveTimeline == "" {
		return nil
	}
	for i, s := range g.sessions {
		path := opt.SaveTimeline
		if len(g.sessions) == 2 {
			ext := filepath.Ext(path)
			path = strings.TrimSuffix(path, ext) + [2]string{"-left", "-right"}[i] + ext
		}
		text, err := s.TimelineYAML()
		if err != nil {
			return err
		}
		if err := fsutil.WriteAtomic(path, func(w io.Writer) error { _, err := w.Write(text); return err }); err != nil {
			return err
		}
		if opt.Stderr != nil {
			fmt.Fprintf(opt.Stderr, "saved %s: replay it with 'agencysim run %s'\n", path, path)
		}
	}
	return nil
}
