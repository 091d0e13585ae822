package viz

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/agencysim/agencysim/agents"
)

// labels holds every number string the HUD shows, made once, so drawing
// a frame formats nothing.
type labels struct {
	pct   [1001]string  // 0.0% … 100.0%
	dec2  [101]string   // 0.00 … 1.00
	num1  [1000]string  // 0.0 … 99.9
	plus  [1000]string  // +0.0 … +99.9
	minus [1000]string  // −0.0 … −99.9
	whole [10000]string // 0 … 9999
	// pctPlus and pctMinus are changes in percent: +0.0% … +99.9%,
	// −0.0% … −99.9%.
	pctPlus, pctMinus [1000]string
	// Axis ends, by index into axisSteps: "5", "+5%", "−5%".
	steps, stepsPlus, stepsMinus [len(axisSteps)]string
	clock                        [24 * 60]string
	// Trust lost to a harm event, 0.000 to 0.200 in steps of 0.001, felt
	// locally or carried city-wide: "−0.012 local", "−0.012 city-wide".
	shockLocal, shockMedia [201]string
	day                    []string
	speeds                 []string
}

func newLabels(days int) *labels {
	l := &labels{day: make([]string, days+2)}
	for i := range l.pct {
		l.pct[i] = fmt.Sprintf("%.1f%%", float64(i)/10)
	}
	for i := range l.dec2 {
		l.dec2[i] = fmt.Sprintf("%.2f", float64(i)/100)
	}
	for i := range l.num1 {
		l.num1[i] = fmt.Sprintf("%.1f", float64(i)/10)
		l.plus[i] = "+" + l.num1[i]
		l.minus[i] = "−" + l.num1[i]
		l.pctPlus[i] = l.plus[i] + "%"
		l.pctMinus[i] = l.minus[i] + "%"
	}
	for i := range l.whole {
		l.whole[i] = fmt.Sprintf("%d", i)
	}
	for i, v := range axisSteps {
		l.steps[i] = fmt.Sprintf("%g", v)
		l.stepsPlus[i] = "+" + l.steps[i] + "%"
		l.stepsMinus[i] = "−" + l.steps[i] + "%"
	}
	for i := range l.shockLocal {
		v := fmt.Sprintf("−%.3f", float64(i)/1000)
		l.shockLocal[i], l.shockMedia[i] = v+" local", v+" city-wide"
	}
	for i := range l.clock {
		l.clock[i] = fmt.Sprintf("%02d:%02d", i/60, i%60)
	}
	for i := range l.day {
		l.day[i] = fmt.Sprintf("%d", i+1)
	}
	for _, s := range speeds {
		l.speeds = append(l.speeds, fmt.Sprintf("%g×", s))
	}
	return l
}

// figure formats a value of metric id by the kind the catalogue gives it:
// shares as percentages, levels (trust) on their 0–1 scale, other numbers
// with one decimal.
func (l *labels) figure(id agents.MetricID, v float64) string {
	switch agents.MetricOf(id).Kind {
	case agents.KindShare:
		return l.share(v)
	case agents.KindLevel:
		return l.trust(v)
	}
	return l.number(v)
}

func (l *labels) share(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return l.pct[clampIndex(v*1000, len(l.pct))]
}

func (l *labels) trust(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return l.dec2[clampIndex(v*100, len(l.dec2))]
}

func (l *labels) number(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	if v >= 99.95 {
		return "≥100"
	}
	return l.num1[clampIndex(v*10, len(l.num1))]
}

// count formats a count or a rate of counts: one decimal below 100, whole
// numbers from there to 9999, and "≥10000" above.
func (l *labels) count(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v < 99.95:
		return l.num1[clampIndex(v*10, len(l.num1))]
	case v < 9999.5:
		return l.whole[clampIndex(v, len(l.whole))]
	}
	return "≥10000"
}

// change formats a change in percent with its sign; changes that round
// to zero are "0.0%".
func (l *labels) change(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.Abs(v) < 0.05:
		return "0.0%"
	case v < 0:
		return l.pctMinus[clampIndex(-v*10, len(l.pctMinus))]
	}
	return l.pctPlus[clampIndex(v*10, len(l.pctPlus))]
}

// shockLabel formats the trust a harm event cost, and whether the media
// carried it city-wide; beyond 0.2 it reads −0.200.
func (l *labels) shockLabel(v float64, media bool) string {
	i := clampIndex(v*1000, len(l.shockLocal))
	if media {
		return l.shockMedia[i]
	}
	return l.shockLocal[i]
}

// when returns the day and clock labels of simulated hour h.
func (l *labels) when(h float64) (string, string) {
	d := int(h / 24)
	if d >= len(l.day) {
		d = len(l.day) - 1
	}
	m := int(math.Mod(h, 24) * 60)
	return l.day[d], l.clock[min(max(m, 0), len(l.clock)-1)]
}

func clampIndex(x float64, n int) int {
	i := int(math.Round(x))
	return min(max(i, 0), n-1)
}

// fonts are the text faces of the view.
type fonts struct {
	// The faces at the layout's logical size, which widths are measured
	// in, and the same scaled to the screen, which text is drawn in.
	small, normal, title    *text.GoTextFace
	sSmall, sNormal, sTitle text.GoTextFace
	view                    view
	op                      text.DrawOptions
}

// setView scales the drawn faces to view v.
func (f *fonts) setView(v view) {
	if v == f.view {
		return
	}
	f.view = v
	for _, p := range [...]struct{ logical, scaled *text.GoTextFace }{{f.small, &f.sSmall}, {f.normal, &f.sNormal}, {f.title, &f.sTitle}} {
		*p.scaled = *p.logical
		p.scaled.Size = p.logical.Size * float64(v.k)
	}
}

// scaled returns the drawn face of a logical one.
func (f *fonts) scaled(face *text.GoTextFace) *text.GoTextFace {
	switch face {
	case f.small:
		return &f.sSmall
	case f.normal:
		return &f.sNormal
	case f.title:
		return &f.sTitle
	}
	return face
}

func newFonts() *fonts {
	reg, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		panic("viz: the bundled font does not load: " + err.Error())
	}
	bold := reg
	if boldTTF != nil {
		if bold, err = text.NewGoTextFaceSource(bytes.NewReader(boldTTF)); err != nil {
			panic("viz: the bundled font does not load: " + err.Error())
		}
	}
	f := &fonts{
		small:  &text.GoTextFace{Source: reg, Size: 12},
		normal: &text.GoTextFace{Source: reg, Size: 15},
		title:  &text.GoTextFace{Source: bold, Size: 17},
	}
	f.setView(view{k: 1})
	return f
}

// draw writes s at (x, y) (top-left) in colour c.
func (f *fonts) draw(dst *ebiten.Image, s string, face *text.GoTextFace, x, y float64, c color.RGBA) {
	f.op.GeoM.Reset()
	v := f.view
	f.op.GeoM.Translate(x*float64(v.k)+float64(v.ox), y*float64(v.k)+float64(v.oy))
	f.op.ColorScale.Reset()
	// Scale takes floats; ScaleWithColor would box the colour (an
	// allocation per string drawn).
	f.op.ColorScale.Scale(float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255)
	f.op.LayoutOptions = text.LayoutOptions{}
	text.Draw(dst, s, f.scaled(face), &f.op)
}

// digits draws a string of ASCII digits and punctuation one character at
// a time from single-character strings, so that a clock that changes every
// frame reuses the same shaped glyphs instead of shaping a new string.
func (f *fonts) digits(dst *ebiten.Image, s string, face *text.GoTextFace, x, y float64, c color.RGBA) {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		str := asciiStrings[ch]
		f.draw(dst, str, face, x, y, c)
		x += f.width(str, face)
	}
}

// asciiStrings holds a one-character string for every ASCII byte.
var asciiStrings = func() (out [128]string) {
	for i := range out {
		out[i] = string(rune(i))
	}
	return out
}()

// width returns the advance of s.
func (f *fonts) width(s string, face *text.GoTextFace) float64 { return text.Advance(s, face) }
