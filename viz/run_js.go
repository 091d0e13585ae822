//go:build js

package viz

import (
	"strconv"
	"syscall/js"
)

// platformHooks, in the browser, reports rendered frames in the page
// title ("agencysim: frame N", at the first frame and every 30), so that
// the page drops its loading message on the first frame and can tell
// that the view is running. It also gives the page the function
// agencysimTimeline(), which returns one {name, text} per session: the
// session as a scenario file with its live changes (see
// [Session.TimelineYAML]), which the page's "Download timeline" button
// saves. JavaScript calls it between frames (the browser build runs on one
// thread and the game loop waits for the next frame), so it reads the
// sessions as Draw does.
func platformHooks(g *Game, _ Options) func(int) {
	js.Global().Set("agencysimTimeline", js.FuncOf(func(js.Value, []js.Value) any {
		out := make([]any, 0, len(g.sessions))
		for _, s := range g.sessions {
			text, err := s.TimelineYAML()
			if err != nil {
				text = []byte("# " + err.Error() + "\n")
			}
			out = append(out, map[string]any{"name": s.Name, "text": string(text)})
		}
		return out
	}))
	return func(frame int) {
		if frame == 1 || (frame > 0 && frame%30 == 0) {
			js.Global().Get("document").Set("title", "agencysim: frame "+strconv.Itoa(frame))
		}
	}
}

// prepareCapture: the browser build has no file system to save to.
func prepareCapture(*Game, Options) error { return nil }

// saveTimeline: the browser build has no file system to save to; the page
// downloads agencysimTimeline() instead.
func saveTimeline(*Game, Options) error { return nil }
