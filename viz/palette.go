package viz

import (
	"image/color"
	"math"
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

// agencyColour is each agency's colour, by index into agents.AgencyNames.
var agencyColour = [4]color.RGBA{colBlue, colOrange, colGreen, colVermill}

// agencyLabel names the agencies in the legend.
var agencyLabel = [4]string{"Police", "ICE", "Border Patrol", "Military support"}

// groupColour is each community group's colour in the charts.
var groupColour = [3]color.RGBA{colBlue, colOrange, colPurple}

// groupLabel names the groups in the HUD.
var groupLabel = [3]string{"citizen", "lawful noncitizen", "undocumented"}

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
