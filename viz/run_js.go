//go:build js

package viz

import (
	"strconv"
	"syscall/js"
)

// platformHooks, in the browser, reports rendered frames in the page
// title ("agencysim: frame N", every 30 frames), so a page can tell that
// the view is running.
func platformHooks(*Game, Options) func(int) {
	return func(frame int) {
		if frame > 0 && frame%30 == 0 {
			js.Global().Get("document").Set("title", "agencysim: frame "+strconv.Itoa(frame))
		}
	}
}

// prepareCapture: the browser build has no file system to save to.
func prepareCapture(*Game, Options) error { return nil }

// saveTimeline: the browser build has no file system to save to.
func saveTimeline(*Game, Options) error { return nil }
