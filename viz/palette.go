package viz

import (
	"image/color"
	"math"
	"strings"

	"github.com/agencysim/agencysim/agents"
)

// The palette is Okabe and Ito's (2008), distinguishable with the common
// colour-vision deficiencies; agencies also differ by shape, so the map
// reads in grey too.
var (
	colBlack   = color.RGBA{0, 0, 0, 255}
	colOrange  = color.RGBA{0xE6, 0x9F, 0x00, 255}
	colSky     = color.RGBA{0x56, 0xB4, 0xE9, 255}
	colGreen   = color.RGBA{0x00, 0x9E, 0x73, 255}
	colYellow  = color.RGBA{0xF0, 0xE4, 0x42, 255}
	colBlue    = color.RGBA{0x00, 0x72, 0xB2, 255}
	colVermill = color.RGBA{0xD5, 0x5E, 0x00, 255}
	colPurple  = color.RGBA{0xCC, 0x79, 0xA7, 255}

	colBackground = color.RGBA{0xF4, 0xF4, 0xF1, 255}
	colPanel      = color.RGBA{0xFF, 0xFF, 0xFF, 255}
	colText       = color.RGBA{0x22, 0x22, 0x22, 255}
	colMuted      = color.RGBA{0x6B, 0x6B, 0x6B, 255}
	colGrid       = color.RGBA{0xD8, 0xD8, 0xD4, 255}
	colError      = color.RGBA{0xB0, 0x20, 0x20, 255}
)

// glyph is the shape of an agency's units on the map.
type glyph int

const (
	glyphCircle glyph = iota
	glyphSquare
	glyphTriangle
	glyphDiamond
)

// agencyStyle is how the map shows each agency, one row per agency: its
// colour and shape, the side of an operation its units stand on (so that
// every agency taking part can be seen), where its units start from (a
// direction from the city's centre to the edge of the map where its base
// is; none: the station of the operation's district), and where its legend
// item starts.
var agencyStyle = [agents.NumAgencies]struct {
	colour  color.RGBA
	glyph   glyph
	side    [2]float64
	base    [2]float64
	legendX float32
}{
	agents.AgencyPolice:       {colBlue, glyphCircle, [2]float64{-1, 0}, [2]float64{0, 0}, 0},
	agents.AgencyICE:          {colOrange, glyphSquare, [2]float64{0, -1}, [2]float64{-1, 0}, 90},
	agents.AgencyBorderPatrol: {colGreen, glyphTriangle, [2]float64{1, 0}, [2]float64{0, 1}, 160},
	agents.AgencyMilitary:     {colVermill, glyphDiamond, [2]float64{0, 1}, [2]float64{1, 0}, 280},
}

// fromStation reports whether agency a's units start from the district's
// station rather than a base outside the city.
func fromStation(a agents.Agency) bool { return agencyStyle[a].base == [2]float64{} }

// agencyLabel names an agency in the legend: its label, capitalised.
func agencyLabel(a agents.Agency) string {
	l := a.Label()
	return strings.ToUpper(l[:1]) + l[1:]
}

// groupColour is each community group's colour in the charts.
var groupColour = [agents.NumGroups]color.RGBA{colBlue, colOrange, colPurple}

// Trust colour scale: a colour-blind-safe sequential ramp (viridis stops)
// from low trust (dark) to high trust (light). The range shown is set per
// group from its starting trust (see trustRange), so that the differences
// enforcement makes are visible.

var viridis = [...]color.RGBA{
	{0x44, 0x01, 0x54, 255},
	{0x3B, 0x52, 0x8B, 255},
	{0x21, 0x91, 0x8C, 255},
	{0x5E, 0xC9, 0x62, 255},
	{0xFD, 0xE7, 0x25, 255},
}

// trustRange is the range of the colour scale for a group whose
// population-weighted starting trust is t0: from 0.15 below it (dark) to
// 0.05 above (light), as enforcement lowers trust more than service raises
// it.
func trustRange(t0 float64) (lo, hi float64) { return t0 - 0.15, t0 + 0.05 }

// trustColour maps a trust level to the ramp over [lo, hi]; NaN is grey.
func trustColour(t, lo, hi float64) color.RGBA {
	if math.IsNaN(t) {
		return colGrid
	}
	f := (t - lo) / (hi - lo)
	f = math.Max(0, math.Min(1, f)) * float64(len(viridis)-1)
	i := int(f)
	if i >= len(viridis)-1 {
		return viridis[len(viridis)-1]
	}
	return lerp(viridis[i], viridis[i+1], f-float64(i))
}

func lerp(a, b color.RGBA, f float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}
