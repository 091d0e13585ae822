// Package viz is agencysim's visual mode: an Ebitengine view of a running
// model for workshops. It shows the city's districts shaded by a group's
// trust in police, units of each agency (by shape and colour) travelling
// between their bases and incidents, crimes as they are reported or not,
// operations with a halo as large as their visibility, safety incidents,
// live figures and charts; it lets a trainer pause, step, change speed and
// flip policies in the running model, and compares two policies side by
// side with the same random streams.
//
// Structure, after Ebitengine's examples/life: a [Scene] is the model's
// observer and holds the visual state (markers, trips, chart series) in
// fixed buffers; a [Session] is a model with its scene and the policy
// toggles; a [Game] advances the sessions in Update — the only place the
// model moves, after input has been turned into intents — and Draw only
// reads them. No drawing code lives on model types: the renderer reads
// agents' DistrictState and Counts and the scene's buffers. Shapes are
// batched into one vertex buffer per frame and every label the HUD can show
// is made once, so drawing a frame allocates nothing in this package once
// the buffers have grown. Two sources remain: Ebitengine's OpenGL driver
// makes about 50 small allocations of its own per frame, and text/v2
// shapes a label the first time it is drawn (a live figure that changes,
// about every six simulated hours).
//
// Conventions: the layout is in logical pixels of a 1280×720 screen; the
// renderer scales it to the screen's own pixels each frame (a view: scale
// and centring), shapes by their vertices and text by drawing it in faces
// of the scaled size, so any window or full screen is sharp, and clicks
// are mapped back. Simulated time is in hours; speed N× advances the model N
// simulated minutes per drawn frame (N simulated hours a second at 60
// frames a second), at most once per frame, so F scripted frames always end
// at the same simulated time. Nothing here is safe for concurrent
// use: a game, its sessions and scenes live in the game loop. Programmer
// misuse (binding a scene twice, a game with no session) panics with a
// "viz: " prefix; bad options return errors from [Prepare] that name the
// value and what is allowed.
//
// Only this package and cmd/agencysim-viz import Ebitengine; the headless
// command never does. On Linux the package needs cgo, X11 and OpenGL
// headers, and a display (Xvfb in tests); it also builds for js/wasm,
// where the file flags (screenshots, recordings, saved timelines) are off
// and the page title reports rendered frames.
package viz

// Before Ebitengine's window system starts: a missing display is explained
// instead of ending in a GLFW panic.
import _ "github.com/agencysim/agencysim/viz/internal/display"
