package viz

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/agencysim/agencysim/agents"
)

// shapes batches filled triangles of many shapes into reused vertex and
// index buffers, drawn with one call: a thousand units cost one draw call
// and no allocation once the buffers have grown.
type shapes struct {
	view  view // logical pixels to the screen's
	vs    []ebiten.Vertex
	is    []uint32
	white *ebiten.Image
	op    ebiten.DrawTrianglesOptions
}

// view maps the layout's logical pixels (screenW × screenH) to the
// screen's: scaled by k and centred (ox, oy), so that the layout fills any
// window or screen and stays sharp, its text drawn at its scaled size.
type view struct{ k, ox, oy float32 }

// viewOf returns the view of a w × h screen.
func viewOf(w, h int) view {
	k := min(float32(w)/screenW, float32(h)/screenH)
	return view{k, (float32(w) - k*screenW) / 2, (float32(h) - k*screenH) / 2}
}

// logical returns the logical position of screen pixel (x, y).
func (v view) logical(x, y int) (int, int) {
	return int((float32(x) - v.ox) / v.k), int((float32(y) - v.oy) / v.k)
}

func newShapes() *shapes {
	w := ebiten.NewImage(3, 3)
	w.Fill(color.White)
	s := &shapes{view: view{k: 1}, white: w.SubImage(w.Bounds().Inset(1)).(*ebiten.Image)}
	s.op.AntiAlias = false // multisampling costs more than it shows at these sizes
	s.op.ColorScaleMode = ebiten.ColorScaleModeStraightAlpha
	return s
}

func (s *shapes) vertex(x, y float32, c color.RGBA, alpha float32) uint32 {
	if s.view.k == 0 { // the zero view is the identity
		s.view.k = 1
	}
	s.vs = append(s.vs, ebiten.Vertex{
		DstX: x*s.view.k + s.view.ox, DstY: y*s.view.k + s.view.oy, SrcX: 1, SrcY: 1,
		ColorR: float32(c.R) / 255, ColorG: float32(c.G) / 255, ColorB: float32(c.B) / 255, ColorA: alpha,
	})
	return uint32(len(s.vs) - 1)
}

// tri adds a triangle.
func (s *shapes) tri(x0, y0, x1, y1, x2, y2 float32, c color.RGBA, a float32) {
	i := s.vertex(x0, y0, c, a)
	j := s.vertex(x1, y1, c, a)
	k := s.vertex(x2, y2, c, a)
	s.is = append(s.is, i, j, k)
}

// rect adds an axis-aligned rectangle.
func (s *shapes) rect(x, y, w, h float32, c color.RGBA, a float32) {
	i := s.vertex(x, y, c, a)
	j := s.vertex(x+w, y, c, a)
	k := s.vertex(x+w, y+h, c, a)
	l := s.vertex(x, y+h, c, a)
	s.is = append(s.is, i, j, k, i, k, l)
}

// frame adds the outline of a rectangle, t pixels thick.
func (s *shapes) frame(x, y, w, h, t float32, c color.RGBA, a float32) {
	s.rect(x, y, w, t, c, a)
	s.rect(x, y+h-t, w, t, c, a)
	s.rect(x, y+t, t, h-2*t, c, a)
	s.rect(x+w-t, y+t, t, h-2*t, c, a)
}

// circle adds a filled circle as a fan of n triangles.
func (s *shapes) circle(cx, cy, r float32, c color.RGBA, a float32, n int) {
	centre := s.vertex(cx, cy, c, a)
	first := uint32(len(s.vs))
	for k := range n {
		th := 2 * math.Pi * float64(k) / float64(n)
		s.vertex(cx+r*float32(math.Cos(th)), cy+r*float32(math.Sin(th)), c, a)
	}
	for k := range uint32(n) {
		s.is = append(s.is, centre, first+k, first+(k+1)%uint32(n))
	}
}

// ring adds a circle outline t pixels thick.
func (s *shapes) ring(cx, cy, r, t float32, c color.RGBA, a float32, n int) {
	first := uint32(len(s.vs))
	for k := range n {
		th := 2 * math.Pi * float64(k) / float64(n)
		cos, sin := float32(math.Cos(th)), float32(math.Sin(th))
		s.vertex(cx+r*cos, cy+r*sin, c, a)
		s.vertex(cx+(r-t)*cos, cy+(r-t)*sin, c, a)
	}
	for k := range uint32(n) {
		o, i := first+2*k, first+2*k+1
		o2, i2 := first+2*((k+1)%uint32(n)), first+2*((k+1)%uint32(n))+1
		s.is = append(s.is, o, o2, i, i, o2, i2)
	}
}

// line adds a segment t pixels wide.
func (s *shapes) line(x0, y0, x1, y1, t float32, c color.RGBA, a float32) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*t/2, dx/l*t/2
	i := s.vertex(x0+nx, y0+ny, c, a)
	j := s.vertex(x1+nx, y1+ny, c, a)
	k := s.vertex(x1-nx, y1-ny, c, a)
	m := s.vertex(x0-nx, y0-ny, c, a)
	s.is = append(s.is, i, j, k, i, k, m)
}

// glyph adds an agency's unit symbol at (x, y) of size r, over a dark
// outline: police a circle, ICE a square, Border Patrol a triangle,
// military a diamond.
func (s *shapes) glyph(agency agents.Agency, x, y, r float32, a float32) {
	st := &agencyStyle[agency]
	for pass := range 2 {
		rr, cc := r+1.5, colBlack
		if pass == 1 {
			rr, cc = r, st.colour
		}
		switch st.glyph {
		case glyphCircle:
			s.circle(x, y, rr, cc, a, 10)
		case glyphSquare:
			s.rect(x-rr, y-rr, 2*rr, 2*rr, cc, a)
		case glyphTriangle:
			s.tri(x, y-rr*1.25, x+rr*1.15, y+rr*0.85, x-rr*1.15, y+rr*0.85, cc, a)
		default:
			s.tri(x, y-rr*1.3, x+rr*1.1, y, x-rr*1.1, y, cc, a)
			s.tri(x, y+rr*1.3, x+rr*1.1, y, x-rr*1.1, y, cc, a)
		}
	}
}

// cross adds an ×.
func (s *shapes) cross(x, y, r, t float32, c color.RGBA, a float32) {
	s.line(x-r, y-r, x+r, y+r, t, c, a)
	s.line(x-r, y+r, x+r, y-r, t, c, a)
}

// flush draws the batch on dst and empties it, keeping its buffers.
func (s *shapes) flush(dst *ebiten.Image) {
	if len(s.is) > 0 {
		dst.DrawTriangles32(s.vs, s.is, s.white, &s.op)
	}
	s.vs = s.vs[:0]
	s.is = s.is[:0]
}

// harmMark adds the marker of a harm event of kind k at (x, y), of size
// r: a use of force is a flag, a blue-on-blue conflict a black star, a
// wrongful detention a barred window. A mono marker is black and white
// only (on the charts, whose lines have the groups' colours).
func (s *shapes) harmMark(k agents.IncidentKind, x, y, r, a float32, mono bool) {
	switch k {
	case agents.BlueOnBlue:
		s.tri(x, y-r, x+r, y+r*0.7, x-r, y+r*0.7, colBlack, a)
		s.tri(x, y+r, x+r, y-r*0.7, x-r, y-r*0.7, colBlack, a)
	case agents.WrongfulDetention:
		s.rect(x-r, y-r, 2*r, 2*r, colPanel, a)
		t := max(1.5, r/4)
		s.frame(x-r, y-r, 2*r, 2*r, t, colBlack, a)
		for _, bx := range [...]float32{-r / 3, r / 3} {
			s.rect(x+bx-t/2, y-r, t, 2*r, colBlack, a)
		}
	default: // use of force
		s.line(x-r*0.6, y+r, x-r*0.6, y-r, 2, colBlack, a)
		c := colPurple
		if mono {
			c = colBlack
		}
		s.tri(x-r*0.6, y-r, x+r, y-r*0.55, x-r*0.6, y-r*0.1, c, a)
	}
}

// injuryBadge adds the badge of a harm event in which someone was
// injured: a white cross on a vermilion disc of radius r at (x, y).
func (s *shapes) injuryBadge(x, y, r, a float32) {
	s.circle(x, y, r+1, colBlack, a, 12)
	s.circle(x, y, r, colVermill, a, 12)
	s.rect(x-r*0.6, y-r*0.2, r*1.2, r*0.4, colPanel, a)
	s.rect(x-r*0.2, y-r*0.6, r*0.4, r*1.2, colPanel, a)
}

// mediaRings adds the two rings around a harm event of size r the media
// carried city-wide: black on white, to be seen on dark districts too.
func (s *shapes) mediaRings(x, y, r, a float32) {
	for _, rr := range [...]float32{r + 3.5, r + 7.5} {
		s.ring(x, y, rr+1, 3.5, colPanel, a*0.8, 24)
		s.ring(x, y, rr, 1.5, colBlack, a, 24)
	}
}

// harmBacking adds the light disc a harm marker of size r sits on, to be
// seen on dark districts.
func (s *shapes) harmBacking(x, y, r, a float32) { s.circle(x, y, r+3, colPanel, a*0.75, 16) }

// opHalo adds an operation's halo of radius rad at (x, y): yellow, as
// strong as its visibility vis, in a vermilion ring; a joint operation
// that deconfliction merged has a dashed black outline around it, on
// white so that it shows on dark districts too, twice as opaque as the
// halo (a fades both).
func (s *shapes) opHalo(x, y, rad float32, vis float64, merged bool, a float32) {
	s.circle(x, y, rad, colYellow, a*float32(0.4+0.6*math.Min(vis, 1)), 24)
	s.ring(x, y, rad, 2, colVermill, a, 24)
	if !merged {
		return
	}
	a = min(1, 2*a)
	s.ring(x, y, rad+5, 4, colPanel, a*0.85, 32)
	r := float64(rad + 4)
	dashes := max(6, int(2*math.Pi*r/8)) // dashes about 4 pixels long
	for k := range dashes {
		th0 := 2 * math.Pi * float64(k) / float64(dashes)
		th1 := th0 + math.Pi/float64(dashes)
		s.line(x+float32(r*math.Cos(th0)), y+float32(r*math.Sin(th0)), x+float32(r*math.Cos(th1)), y+float32(r*math.Sin(th1)), 2.5, colBlack, a)
	}
}

// leadRadius returns the outer radius of the black ring leadRing draws
// around a glyph of size r: clear of the tips of the glyph's outline
// (1.3 × (r + 1.5) for the diamond; a square's corners touch it).
func leadRadius(r float32) float32 { return 1.3*(r+1.5) + 2 }

// leadRing adds the ring around a unit of an operation's lead agency
// drawn at (x, y) with size r (see glyph): black on white, around the
// glyph's tips.
func (s *shapes) leadRing(x, y, r, a float32) {
	rr := leadRadius(r)
	s.ring(x, y, rr+1.5, 3, colPanel, a, 20)
	s.ring(x, y, rr, 1.5, colBlack, a, 20)
}
