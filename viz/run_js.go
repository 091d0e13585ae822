//go:build js

package viz

import (
	"strconv"
	"syscall/js"
)

// platformHooks, in the browser, reports rendered frames in the page
// title ("agencysim: frame N", at the first frame and every 30), so that
// the page drops its loading message on the first frame and can tell
// that the view is running; and keeps the page's global
// agencysimTimeline current: one {name, text} per session, the session
// as a scenario file with its live changes (see [Session.TimelineYAML]),
// which the page's "Download timeline" button saves. It is rewritten
// after each change, between frames.
func platformHooks(g *Game, _ Options) func(int) {
	changes := -1
	return func(frame int) {
		if frame == 1 || (frame > 0 && frame%30 == 0) {
			js.Global().Get("document").Set("title", "agencysim: frame "+strconv.Itoa(frame))
		}
		n := 0
		for _, s := range g.sessions {
			n += len(s.Scene.m.Changes())
		}
		if n == changes {
			return
		}
		changes = n
		out := js.Global().Get("Array").New()
		for _, s := range g.sessions {
			text, err := s.TimelineYAML()
			if err != nil {
				text = []byte("# " + err.Error() + "\n")
			}
			out.Call("push", map[string]any{"name": s.Name, "text": string(text)})
		}
		js.Global().Set("agencysimTimeline", out)
	}
}

// prepareCapture: the browser build has no file system to save to.
func prepareCapture(*Game, Options) error { return nil }

// saveTimeline: the browser build has no file system to save to; the page
// downloads agencysimTimeline instead.
func saveTimeline(*Game, Options) error { return nil }
