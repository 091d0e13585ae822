package viz

import (
	"image/color"
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/agencysim/agencysim/agents"
)

// rect is a screen rectangle.
type rect struct{ x, y, w, h float64 }

func (r rect) has(x, y int) bool {
	fx, fy := float64(x), float64(y)
	return fx >= r.x && fx < r.x+r.w && fy >= r.y && fy < r.y+r.h
}

// renderer draws a game. It holds only drawing resources and caches; the
// state it draws is read from the game's sessions.
type renderer struct {
	sh          *shapes
	f           *fonts
	l           *labels
	tgls        []Toggle
	btnTxt      [][]string // button labels by toggle and value
	plainTxt    [][]string // the same without the hotkey
	other       map[string]string
	title       string // titleSrc fitted to the header
	titleSrc    string
	labelW      map[string]float64 // widths of change marks' labels, measured once
	diffCaption [agents.NumGroups]string
	// The map's title by selection, and the legend's caption of the
	// trust scale in a wide pane ([0]) and a narrow one ([1]).
	mapTitle      [numSelections]string
	legendCaption [2][numSelections]string
	hintW         float64 // width of mapHint
	// Offsets of the legend's event and harm entries from the start of
	// their rows, from the labels' widths.
	eventX, harmX []float32
	harmW         float64    // width of the harm row's caption
	shockW        [2]float64 // widths of a shock label without and with the media
	agoW          float64    // widths of the time axis's labels
	nowW          float64
	background    color.Color // colBackground, boxed once: Fill would box it every frame
	// The "+n" labels of an operation's units beyond those drawn, and
	// their widths, by n; the last stands for it and more.
	extraTxt [maxExtraLabel + 1]string
	extraW   [maxExtraLabel + 1]float64
	leadX    float32 // the legend's lead entry, from the start of the agencies' row
}

// maxExtraLabel is the largest n a "+n" label shows; beyond, "+n" of it
// followed by "+".
const maxExtraLabel = 999

func newRenderer(days int) *renderer {
	r := &renderer{sh: newShapes(), f: newFonts(), l: newLabels(days), tgls: Toggles(), other: map[string]string{}, labelW: map[string]float64{}, background: colBackground}
	for _, t := range r.tgls {
		var row, plain []string
		for _, v := range t.Values {
			row = append(row, t.Hotkey+"  "+t.Label+": "+valueText(v))
			plain = append(plain, t.Label+": "+valueText(v))
		}
		r.btnTxt = append(r.btnTxt, row)
		r.plainTxt = append(r.plainTxt, plain)
	}
	for g := range agents.Group(agents.NumGroups) {
		r.diffCaption[g] = "reported, " + g.Short() + " (pts)"
	}
	f := r.f
	for sel := range Selection(numSelections) {
		r.mapTitle[sel] = mapTitlePrefix + sel.Label()
		for i, room := range [2]float64{legendItemsWide, legendItemsNarrow} {
			r.legendCaption[i][sel] = "Trust in police, " + sel.Short()
			if f.width(r.legendCaption[i][sel], f.small) > room-10 {
				r.legendCaption[i][sel] = "Trust, " + sel.Short()
			}
		}
	}
	r.hintW = f.width(mapHint, f.small)
	r.eventX = legendOffsets(f, legendEvents[:])
	r.harmW = f.width(harmCaption, f.small)
	r.harmX = legendOffsets(f, harmLegend[:])
	r.agoW, r.nowW = f.width(agoLabel, f.small), f.width(nowLabel, f.small)
	for n := range r.extraTxt {
		r.extraTxt[n] = "+" + strconv.Itoa(n)
		if n == maxExtraLabel {
			r.extraTxt[n] += "+"
		}
		r.extraW[n] = f.width(r.extraTxt[n], f.small)
	}
	last := agencyStyle[agents.NumAgencies-1]
	r.leadX = last.legendX + float32(legendMark+f.width(agencyLabel(agents.NumAgencies-1), f.small)+legendGap)
	r.shockW = [2]float64{f.width(r.l.shockLabel(0.123, false), f.small), f.width(r.l.shockLabel(0.123, true), f.small)}
	return r
}

// fit returns s, cut at the end with "…" if it is wider than w in face.
func fit(f *fonts, s string, face *text.GoTextFace, w float64) string {
	if f.width(s, face) <= w {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if t := string(rs[:n]) + "…"; f.width(t, face) <= w {
			return t
		}
	}
	return "…"
}

// The map's title and the hint at its right.
const (
	mapTitlePrefix = "Trust in police: "
	mapHint        = "G: all, groups, cohorts"
)

// legendOffsets returns the offsets of legend entries with the given
// labels, each a marker (legendMark wide) and its label, legendGap apart.
func legendOffsets(f *fonts, labels []string) []float32 {
	out := make([]float32, len(labels))
	x := 0.0
	for i, l := range labels {
		out[i] = float32(x)
		x += legendMark + f.width(l, f.small) + legendGap
	}
	return out
}

func valueText(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "on"
		}
		return "off"
	case float64:
		if x == 0 {
			return "none"
		}
		return map[float64]string{0.25: "light", 0.5: "medium", 1: "sustained"}[x]
	case interface{ Label() string }: // an enumeration of package agents
		return x.Label()
	}
	return "?"
}

// toggleLabel returns the label of toggle i's current value in session s,
// with or without its hotkey. Labels of values not on the toggle are made
// once and kept.
func (r *renderer) toggleLabel(s *Session, i int, hotkey bool) string {
	if v := s.Value(i); v >= 0 {
		if hotkey {
			return r.btnTxt[i][v]
		}
		return r.plainTxt[i][v]
	}
	raw := s.ValueText(i)
	key := raw
	if hotkey {
		key = "\x00" + raw
	}
	lbl, ok := r.other[key]
	if !ok {
		lbl = r.tgls[i].Label + ": " + raw
		if hotkey {
			lbl = r.tgls[i].Hotkey + "  " + lbl
		}
		r.other[key] = lbl
	}
	return lbl
}

// Layout of the screen.
var (
	headerR = rect{0, 0, screenW, 34}
	buttonR = rect{0, 646, screenW, 74}
)

// panes returns, for n sessions, the map and figure areas of each.
func panes(n int) (maps, figs []rect) {
	if n == 1 {
		return []rect{{10, 42, 700, 596}}, []rect{{722, 42, 548, 596}}
	}
	return []rect{{10, 42, 625, 310}, {645, 42, 625, 310}}, []rect{{10, 358, 625, 124}, {645, 358, 625, 124}}
}

// compareR is compare mode's row of shared charts, both sides' series on
// each, between the figures and the difference row.
var compareR = rect{10, 488, 1260, 121}

// buttonRects are the toggle buttons' rectangles.
var buttonRects = buttons(len(Toggles()))

// buttons returns the rectangles of n toggle buttons.
func buttons(n int) []rect {
	out := make([]rect, n)
	w := (screenW - 20 - float64(n-1)*8) / float64(n)
	for i := range out {
		out[i] = rect{10 + float64(i)*(w+8), buttonR.y + 6, w, 34}
	}
	return out
}

// hit returns the intent of a click at (x, y).
func (r *renderer) hit(g *Game, x, y int) intent {
	for i, b := range buttonRects {
		if b.has(x, y) {
			return inToggle + intent(i)
		}
	}
	maps, _ := panes(len(g.sessions))
	for i, m := range maps {
		if m.has(x, y) && i != g.side {
			return inSide
		}
	}
	return inNone
}

func (r *renderer) draw(dst *ebiten.Image, g *Game) {
	dst.Fill(r.background)
	b := dst.Bounds()
	r.sh.view = viewOf(b.Dx(), b.Dy())
	r.f.setView(r.sh.view)
	sh := r.sh
	maps, figs := panes(len(g.sessions))
	// Panels and district fills first, text last.
	for i, s := range g.sessions {
		sh.rect(float32(maps[i].x), float32(maps[i].y), float32(maps[i].w), float32(maps[i].h), colPanel, 1)
		sh.rect(float32(figs[i].x), float32(figs[i].y), float32(figs[i].w), float32(figs[i].h), colPanel, 1)
		if len(g.sessions) == 2 && i == g.side {
			sh.frame(float32(maps[i].x)-2, float32(maps[i].y)-2, float32(maps[i].w)+4, float32(maps[i].h)+4, 2, colBlack, 1)
		}
		r.drawMap(s.Scene, maps[i], g)
		if len(g.sessions) == 1 {
			r.chartShapes(s.Scene, figs[i])
		} else {
			r.drawCompactShapes(figs[i], i)
		}
	}
	if len(g.sessions) == 2 {
		r.compareShapes(g)
	}
	r.drawButtons(g)
	sh.flush(dst)

	r.drawHeader(dst, g)
	for i, s := range g.sessions {
		r.drawMapText(dst, s.Scene, maps[i], g.sel)
		if len(g.sessions) == 1 {
			r.drawFigures(dst, s, figs[i], g)
		} else {
			r.drawCompact(dst, s, figs[i], g)
		}
	}
	if len(g.sessions) == 2 {
		r.compareText(dst, g)
		r.drawDifference(dst, g)
	}
	r.drawButtonText(dst, g)
	r.drawToast(dst, g)
}

// drawToast shows, for a few seconds, why the last change was refused, on
// top of the map of the side it was meant for.
func (r *renderer) drawToast(dst *ebiten.Image, g *Game) {
	s := g.sessions[g.side]
	if g.toast == 0 || s.Err == "" {
		return
	}
	maps, _ := panes(len(g.sessions))
	m := maps[g.side]
	box := rect{m.x + 6, m.y + 6, m.w - 12, 44}
	r.sh.rect(float32(box.x), float32(box.y), float32(box.w), float32(box.h), colPanel, 0.95)
	r.sh.frame(float32(box.x), float32(box.y), float32(box.w), float32(box.h), 2, colError, 1)
	r.sh.flush(dst)
	r.f.draw(dst, "Change refused, nothing changed:", r.f.small, box.x+8, box.y+5, colError)
	r.f.draw(dst, s.Err, r.f.small, box.x+8, box.y+23, colText)
}

// mapXform maps miles to screen pixels inside a pane.
type mapXform struct{ ox, oy, scale float64 }

func (m mapXform) pt(x, y float64) (float32, float32) {
	return float32(m.ox + x*m.scale), float32(m.oy + y*m.scale)
}

// Heights of the map pane's title strip and of its legend.
const (
	mapTitleH = 30
	legendH   = 88
)

// xform places the city in a map pane, below its title and above its
// legend.
func xform(s *Scene, area rect) mapXform {
	minX, minY, maxX, maxY := s.Bounds()
	h := area.h - mapTitleH - legendH
	scale := math.Min((area.w-20)/(maxX-minX), (h-10)/(maxY-minY))
	ox := area.x + (area.w-scale*(maxX-minX))/2 - scale*minX
	oy := area.y + mapTitleH + (h-10-scale*(maxY-minY))/2 - scale*minY
	return mapXform{ox, oy, scale}
}

// cell returns the side of a district square in miles: the smallest
// distance between two centres, at most 1.
func cell(ds []agents.DistrictState) float64 {
	c := 1.0
	for i := range ds {
		for j := i + 1; j < len(ds); j++ {
			if d := math.Max(math.Abs(ds[i].X-ds[j].X), math.Abs(ds[i].Y-ds[j].Y)); d > 0 {
				c = math.Min(c, d)
			}
		}
	}
	return c
}

// unitSize returns the size of a unit's glyph on a map whose district
// squares are side pixels wide.
func unitSize(side float64) float32 { return float32(math.Max(2.5, math.Min(4.5, side/22))) }

// unitSpacing returns the distance in pixels between the slots of an
// operation's units of size unit (see unitSlot, drawn at unit+0.5): the
// rings of two neighbouring units of the lead touch.
func unitSpacing(unit float32) float32 { return 2 * leadRadius(unit+0.5) }

// pixel returns where trip t's unit is drawn at hour now on map mx, with
// sp pixels a slot.
func (t *trip) pixel(now float64, mx mapXform, sp float32) (float32, float32) {
	x, y := t.pos(now)
	px, py := mx.pt(x, y)
	return px + t.slot[0]*sp, py + t.slot[1]*sp
}

// opRadius returns the radius in pixels of operation o's halo: it grows
// with the operation's visibility.
func opRadius(o *opMarker, mx mapXform) float32 {
	return float32((0.12 + 0.35*math.Min(o.vis, 2)) * mx.scale)
}

// unitReach returns how far from its centre a unit of size unit reaches
// with its lead's ring (see glyph and leadRing).
func unitReach(unit float32) float32 { return leadRadius(unit+0.5) + 1.5 }

// extraBox returns the box of the "+n" label of agency a's n units beyond
// those operation o's units drawn, with sp pixels a slot and units of
// size unit: on the agency's side of the scene, just beyond its rows.
func (r *renderer) extraBox(o *opMarker, a agents.Agency, n int, mx mapXform, sp, unit float32) rect {
	x, y := mx.pt(o.x, o.y)
	const h = 16
	w := r.extraW[min(n, len(r.extraW)-1)] + 4
	d := float64(outmost()*sp + unitReach(unit) + 2)
	ax, ay := agencyStyle[a].side[0], agencyStyle[a].side[1]
	// The box's near edge is d from the scene along the side's axis.
	cx := float64(x) + ax*(d+w/2)
	cy := float64(y) + ay*(d+h/2)
	return rect{cx - w/2, cy - h/2, w, h}
}

func (r *renderer) drawMap(s *Scene, area rect, g *Game) {
	sh := r.sh
	mx := xform(s, area)
	now := s.now
	ds := s.Districts()
	side := cell(ds) * mx.scale * 0.96
	lo, hi := trustRange(s.SelTrust0[g.sel])
	// Districts shaded by the selection's trust.
	for i := range ds {
		d := &ds[i]
		x, y := mx.pt(d.X, d.Y)
		sh.rect(x-float32(side/2), y-float32(side/2), float32(side), float32(side), trustColour(g.sel.trustOf(d), lo, hi), 1)
		if d.Border {
			sh.frame(x-float32(side/2), y-float32(side/2), float32(side), float32(side), 3, colGreen, 1)
		}
	}
	// Bases outside the city.
	for a := range agents.Agency(agents.NumAgencies) {
		if fromStation(a) {
			continue
		}
		x, y := mx.pt(s.bases[a].x, s.bases[a].y)
		sh.glyph(a, x, y, 7, 0.45)
	}
	// Operations: a halo whose size and strength follow visibility, a
	// dashed outline if deconfliction merged it into a joint operation.
	for i := range s.ops.len() {
		o := s.ops.at(i)
		if now < o.start || now > o.end+opTrail {
			continue
		}
		a := 0.45
		if now > o.end {
			a *= 1 - (now-o.end)/opTrail
		}
		x, y := mx.pt(o.x, o.y)
		sh.opHalo(x, y, opRadius(o, mx), o.vis, o.merged, float32(a))
	}
	// Idle patrol units at each district's station.
	unit := unitSize(side)
	for _, d := range ds {
		idle := d.OnDuty - d.Busy
		x, y := mx.pt(d.X, d.Y)
		x0, y0 := x-float32(side/2)+unit+4, y-float32(side/2)+unit+4
		perRow := max(1, int((side-8)/float64(3*unit)))
		for k := range min(idle, 3*perRow) {
			sh.glyph(agents.AgencyPolice, x0+float32(k%perRow)*3*unit, y0+float32(k/perRow)*3*unit, unit, 1)
		}
	}
	// Crimes: reported as filled dots, unreported as crosses.
	for i := range s.crimes.len() {
		c := s.crimes.at(i)
		age := now - c.hour
		if age < 0 || age > crimeLife {
			continue
		}
		a := float32(1 - age/crimeLife)
		x, y := mx.pt(c.x, c.y)
		if c.reported {
			sh.circle(x, y, 3.5, colSky, a, 8)
			sh.ring(x, y, 4.5, 1.2, colBlack, a, 8)
		} else {
			sh.cross(x, y, 3.5, 1.6, colMuted, a)
		}
	}
	// Units on the move or on scene, each at its slot; the lead agency's
	// in a ring.
	sp := unitSpacing(unit)
	for i := range s.trips {
		t := &s.trips[i]
		if !t.active || now < t.depart || now >= t.back {
			continue
		}
		px, py := t.pixel(now, mx, sp)
		if t.lead {
			sh.leadRing(px, py, unit+0.5, 1)
		}
		sh.glyph(t.agency, px, py, unit+0.5, 1)
	}
	// The light boxes of the "+n" labels of units beyond those drawn.
	for i := range s.ops.len() {
		o := s.ops.at(i)
		if now < o.start || now >= o.end {
			continue
		}
		for a := range agents.Agency(agents.NumAgencies) {
			if n := o.extra(a); n > 0 {
				b := r.extraBox(o, a, n, mx, sp, unit)
				sh.rect(float32(b.x), float32(b.y), float32(b.w), float32(b.h), colPanel, 0.85)
			}
		}
	}
	// Harm events: a marker by kind, a badge if someone was injured and
	// rings if the media carried it city-wide.
	for i := range s.harms.len() {
		h := s.harms.at(i)
		age := now - h.hour
		if age < 0 || age > incidentLife {
			continue
		}
		a := float32(1 - 0.7*age/incidentLife)
		x, y := mx.pt(h.x, h.y)
		const rr = 8
		if h.media {
			sh.mediaRings(x, y, rr, a)
		}
		sh.harmBacking(x, y, rr, a)
		sh.harmMark(h.kind, x, y, rr, a, false)
		if h.injury {
			sh.injuryBadge(x+rr, y-rr, 5, a)
		}
	}
	r.drawLegendShapes(area, lo, hi)
}

// legend geometry.
// legendRect is the legend's box at the foot of a map pane: three rows,
// legendRow apart — the trust scale's caption and the agencies; the scale
// and the crime and operation markers; the harm markers across the box.
func legendRect(area rect) rect {
	return rect{area.x + 10, area.y + area.h - legendH + 4, area.w - 20, legendH - 12}
}

const legendRow = 26

// Widths in the legend: a marker, the gap after an entry's label, and
// where the agency and event entries start right of the trust scale —
// closer in the narrower panes of compare mode, whose trust caption is
// shorter.
const (
	legendMark, legendGap              = 14, 14
	legendItemsWide, legendItemsNarrow = 200, 150
)

// legendItems returns where the legend's agency and event items start,
// right of the trust scale.
func legendItems(lg rect) float64 {
	if lg.w >= 660 {
		return legendItemsWide
	}
	return legendItemsNarrow
}

// legendCaptionIndex is the index into renderer.legendCaption of a
// legend of width lg.
func legendCaptionIndex(lg rect) int {
	if legendItems(lg) == legendItemsWide {
		return 0
	}
	return 1
}

// The legend's crime and operation entries (the agencies' are in
// agencyStyle).
const (
	eventReported = iota
	eventUnreported
	eventOperation
	eventJoint // a joint operation deconfliction merged
	numEvents
)

var legendEvents = [numEvents]string{eventReported: "crime reported", eventUnreported: "not reported", eventOperation: "operation", eventJoint: "joint (merged)"}

// leadLabel is the legend's entry for the ring around the units of an
// operation's lead agency, after the agencies.
const leadLabel = "lead"

// numIncidentKinds is the number of agents.IncidentKind values (the last
// is WrongfulDetention).
const numIncidentKinds = int(agents.WrongfulDetention) + 1

// The legend's harm entries: one per incident kind, then the injury badge
// and the rings of an event the media carried city-wide.
const (
	harmInjury = numIncidentKinds + iota
	harmMedia
	numHarmLegend
)

var harmLegend = [numHarmLegend]string{
	agents.UseOfForce:        "use of force",
	agents.BlueOnBlue:        "blue-on-blue",
	agents.WrongfulDetention: "wrongful detention",
	harmInjury:               "injury",
	harmMedia:                "city-wide (media)",
}

// harmCaption starts the legend's row of harm markers.
const harmCaption = "Harm:"

// harmRowX is where the legend's harm entries start.
func (r *renderer) harmRowX(lg rect) float64 { return lg.x + r.harmW + 12 }

func (r *renderer) drawLegendShapes(area rect, lo, hi float64) {
	sh := r.sh
	lg := legendRect(area)
	// Trust ramp.
	for k := range 40 {
		t := lo + (hi-lo)*float64(k)/39
		sh.rect(float32(lg.x)+float32(k)*3, float32(lg.y+18), 3, 12, trustColour(t, lo, hi), 1)
	}
	// Agencies.
	x := float32(lg.x + legendItems(lg))
	for a, st := range agencyStyle {
		sh.glyph(agents.Agency(a), x+st.legendX, float32(lg.y+8), 5, 1)
	}
	sh.leadRing(x+r.leadX, float32(lg.y+8), 2.5, 1)
	sh.circle(x+r.leadX, float32(lg.y+8), 2.5, colMuted, 1, 10)
	// Crimes and operations.
	y := float32(lg.y + legendRow + 8)
	e := r.eventX
	sh.circle(x+e[eventReported], y, 3.5, colSky, 1, 8)
	sh.ring(x+e[eventReported], y, 4.5, 1.2, colBlack, 1, 8)
	sh.cross(x+e[eventUnreported], y, 3.5, 1.6, colMuted, 1)
	sh.opHalo(x+e[eventOperation], y, 7, 1, false, 0.7)
	sh.opHalo(x+e[eventJoint], y, 2.5, 1, true, 0.7)
	// Harm events, as on the map.
	x, y = float32(r.harmRowX(lg)), float32(lg.y+2*legendRow+8)
	for k := range agents.IncidentKind(numIncidentKinds) {
		sh.harmMark(k, x+r.harmX[k], y, 6, 1, false)
	}
	sh.injuryBadge(x+r.harmX[harmInjury], y, 5, 1)
	sh.circle(x+r.harmX[harmMedia], y, 1.5, colBlack, 1, 8)
	sh.mediaRings(x+r.harmX[harmMedia], y, -1, 1)
}

func (r *renderer) drawMapText(dst *ebiten.Image, s *Scene, area rect, sel Selection) {
	f := r.f
	// The "+n" of units an operation committed beyond those drawn.
	mx := xform(s, area)
	unit := unitSize(cell(s.dists) * mx.scale * 0.96)
	sp := unitSpacing(unit)
	for i := range s.ops.len() {
		o := s.ops.at(i)
		if s.now < o.start || s.now >= o.end {
			continue
		}
		for a := range agents.Agency(agents.NumAgencies) {
			if n := o.extra(a); n > 0 {
				b := r.extraBox(o, a, n, mx, sp, unit)
				f.draw(dst, r.extraTxt[min(n, len(r.extraTxt)-1)], f.small, b.x+2, b.y, colText)
			}
		}
	}
	f.draw(dst, r.mapTitle[sel], f.title, area.x+10, area.y+8, colText)
	f.draw(dst, mapHint, f.small, area.x+area.w-10-r.hintW, area.y+11, colMuted)
	lg := legendRect(area)
	lo, hi := trustRange(s.SelTrust0[sel])
	f.draw(dst, r.legendCaption[legendCaptionIndex(lg)][sel], f.small, lg.x, lg.y, colText)
	f.draw(dst, r.l.trust(lo), f.small, lg.x, lg.y+31, colMuted)
	f.draw(dst, r.l.trust(hi), f.small, lg.x+96, lg.y+31, colMuted)
	x := lg.x + legendItems(lg) + legendMark/2 + 2
	for a, st := range agencyStyle {
		f.draw(dst, agencyLabel(agents.Agency(a)), f.small, x+float64(st.legendX), lg.y+1, colText)
	}
	f.draw(dst, leadLabel, f.small, x+float64(r.leadX), lg.y+1, colText)
	for i, n := range legendEvents {
		f.draw(dst, n, f.small, x+float64(r.eventX[i]), lg.y+legendRow+1, colText)
	}
	y := lg.y + 2*legendRow + 1
	f.draw(dst, harmCaption, f.small, lg.x, y, colMuted)
	x = r.harmRowX(lg) + legendMark/2 + 2
	for i, n := range harmLegend {
		f.draw(dst, n, f.small, x+float64(r.harmX[i]), y, colText)
	}
}

func (r *renderer) drawHeader(dst *ebiten.Image, g *Game) {
	f, l := r.f, r.l
	f.draw(dst, "agencysim", f.title, 12, 8, colText)
	if src := g.Title(); src != r.titleSrc {
		// The title changes with each live change: fitted once then.
		r.titleSrc, r.title = src, fit(f, src, f.normal, 760-110-12)
	}
	f.draw(dst, r.title, f.normal, 110, 9, colText)
	day, clock := l.when(g.hours)
	f.draw(dst, "Day", f.title, 760, 8, colText)
	f.digits(dst, day, f.title, 796, 8, colText)
	f.digits(dst, clock, f.title, 850, 8, colText)
	state := l.speeds[g.speed]
	if g.paused {
		state = "paused"
	}
	f.draw(dst, state, f.normal, 920, 9, colText)
}

// Layout of the single view's figures pane: the text block of figures at
// the top — a title, the groups' names, numGroupRows rows of figures by
// group and numScalarRows more, figLine apart — figuresTextH high, and the
// charts below it in chartCols columns.
const (
	figTop, figTitle, figNames, figLine, figGap = 8, 24, 14, 22, 2
	figCol, figStep                             = 200, 112 // the first group column and the step to the next

	figuresTextH = figTop + figTitle + figNames + numGroupRows*figLine + figGap + numScalarRows*figLine
	chartCols    = 2
)

// figure rows by group in the single view, below the groups' names.
const (
	rowReported = iota
	rowTrust
	rowVictims
	rowPop
	numGroupRows
)

var groupRowCaptions = [numGroupRows]string{
	rowReported: "Crimes reported to police",
	rowTrust:    "Trust in police (now)",
	rowVictims:  "Victimizations per day",
	rowPop:      "Population change",
}

// figure rows of the whole city, below those by group.
const (
	rowCleared = iota
	rowIncidents
	rowReportingAll
	numScalarRows
)

var scalarCaptions = [numScalarRows]string{
	rowCleared:      "Reported crimes cleared",
	rowIncidents:    "Safety incidents / 100 ops",
	rowReportingAll: "Reporting, all victims",
}

// figures lays out the HUD figures in a pane.
func (r *renderer) drawFigures(dst *ebiten.Image, s *Session, area rect, g *Game) {
	f := r.f
	lv := &s.Scene.Live
	x, y := area.x+12, area.y+figTop
	f.draw(dst, "Last 4 weeks", f.title, x, y, colText)
	y += figTitle
	const col, step, line = figCol, figStep, figLine
	for gi := range agents.Group(agents.NumGroups) {
		f.draw(dst, gi.Label(), f.small, x+col+float64(gi)*step, y, groupColour[gi])
	}
	y += figNames
	for row, caption := range groupRowCaptions {
		f.draw(dst, caption, f.normal, x, y, colText)
		for gi := range agents.NumGroups {
			f.draw(dst, r.groupFigure(lv, row, gi), f.normal, x+col+float64(gi)*step, y, colText)
		}
		y += line
	}
	y += figGap
	for row, caption := range scalarCaptions {
		f.draw(dst, caption, f.normal, x, y, colText)
		f.draw(dst, r.scalarFigure(lv, row), f.normal, x+col, y, colText)
		y += line
	}
	r.chartText(dst, s.Scene, area)
}

// groupFigure returns the text of figure row of group g.
func (r *renderer) groupFigure(lv *Live, row, g int) string {
	l := r.l
	switch row {
	case rowReported:
		return l.figure(liveReporting.Of(g), lv.Reporting[g])
	case rowTrust:
		return l.figure(liveTrust.Of(g), lv.Trust[g])
	case rowVictims:
		return l.count(lv.VictimsPerDay[g])
	case rowPop:
		return l.change(lv.PopChange[g])
	}
	return "?"
}

// fewOps is the safety rate's figure while the window holds too few
// operations for it.
var fewOps = "– (under " + strconv.Itoa(minRateOps) + " ops)"

// scalarFigure returns the text of figure row of the whole city.
func (r *renderer) scalarFigure(lv *Live, row int) string {
	l := r.l
	switch row {
	case rowCleared:
		return l.figure(liveClearance, lv.Clearance)
	case rowIncidents:
		if lv.Operations < minRateOps {
			return fewOps
		}
		return l.figure(liveIncidents, lv.Incidents())
	case rowReportingAll:
		return l.figure(liveReportingAll, lv.ReportingAll)
	}
	return "?"
}

// groupRows writes two rows of figures by group — the share of crimes
// reported, under the groups' names, and trust — with the first column at
// x+col and the next ones step apart.
func (r *renderer) groupRows(dst *ebiten.Image, lv *Live, reported, trust string, x, y, col, step float64) {
	f, l := r.f, r.l
	f.draw(dst, reported, f.normal, x, y, colText)
	f.draw(dst, trust, f.normal, x, y+30, colText)
	for gi := range agents.Group(agents.NumGroups) {
		cx := x + col + float64(gi)*step
		f.draw(dst, gi.Label(), f.small, cx, y-8, groupColour[gi])
		f.draw(dst, l.figure(liveReporting.Of(int(gi)), lv.Reporting[gi]), f.normal, cx, y+6, colText)
		f.draw(dst, l.figure(liveTrust.Of(int(gi)), lv.Trust[gi]), f.normal, cx, y+30, colText)
	}
}

// drawCompactShapes adds the key swatch before a side's name in compare
// mode.
func (r *renderer) drawCompactShapes(area rect, side int) {
	r.sh.line(float32(area.x+10), float32(area.y+15), float32(area.x+30), float32(area.y+15), 3, sideColour[side], 1)
}

// drawCompact is the figures pane of one side in compare mode.
func (r *renderer) drawCompact(dst *ebiten.Image, s *Session, area rect, g *Game) {
	f, l := r.f, r.l
	lv := &s.Scene.Live
	x, y := area.x+10, area.y+6
	side := 0
	if s == g.sessions[1] {
		side = 1
	}
	// The name in its side's colour, with a stroke: the charts' key.
	r.f.draw(dst, s.Name, f.title, x+26, y, sideColour[side])
	y += 24
	r.groupRows(dst, lv, "Reported (4 wk)", "Trust (now)", x, y+2, 150, 140)
	y += 52
	f.draw(dst, "Cleared", f.normal, x, y, colText)
	f.draw(dst, l.figure(liveClearance, lv.Clearance), f.normal, x+150, y, colText)
	f.draw(dst, "Incidents / 100 ops", f.normal, x+290, y, colText)
	f.draw(dst, l.figure(liveIncidents, lv.Incidents()), f.normal, x+450, y, colText)
	for i := range 3 {
		f.draw(dst, r.toggleLabel(s, i, false), f.small, x+float64(i)*200, y+26, colMuted)
	}
}

// drawDifference shows right minus left for the headline figures.
func (r *renderer) drawDifference(dst *ebiten.Image, g *Game) {
	f, l := r.f, r.l
	a, b := &g.sessions[0].Scene.Live, &g.sessions[1].Scene.Live
	y := 614.0
	f.draw(dst, "Right − left:", f.title, 12, y, colText)
	x := 130.0
	for gi := range agents.NumGroups {
		f.draw(dst, r.diffCaption[gi], f.small, x, y-2, groupColour[gi])
		f.draw(dst, r.signed(100*(b.Reporting[gi]-a.Reporting[gi]), l), f.normal, x, y+12, colText)
		x += 205
	}
	f.draw(dst, "trust, undocumented (×100)", f.small, x, y-2, colText)
	f.draw(dst, r.signed(100*(b.Trust[agents.Undocumented]-a.Trust[agents.Undocumented]), l), f.normal, x, y+12, colText)
	x += 205
	f.draw(dst, "incidents / 100 ops", f.small, x, y-2, colText)
	f.draw(dst, r.signed(b.Incidents()-a.Incidents(), l), f.normal, x, y+12, colText)
}

// signed formats a difference with its sign, from the label tables.
func (r *renderer) signed(v float64, l *labels) string {
	if math.IsNaN(v) {
		return "–"
	}
	if v < 0 {
		return l.minus[clampIndex(-v*10, len(l.minus))]
	}
	return l.plus[clampIndex(v*10, len(l.plus))]
}

// chartScale tells how a chart's axis is chosen.
type chartScale int

const (
	scaleFixed   chartScale = iota // from lo to hi
	scaleVictims                   // from 0 to the scene's victimsTop
	scalePop                       // from −popTop to +popTop, in percent
	scaleFit                       // steps of 0.05 around both sides' series (compare mode)
)

// chartSpec is one of the small charts.
type chartSpec struct {
	title  string
	lo, hi float64 // the axis of a fixed scale
	scale  chartScale
	series func(s *Scene, g int) *ring[float64]
	n      int
	harms  bool // harm events are marked on it, with the trust they cost
}

// chartSpecs are the charts of the single view, in reading order: rows of
// chartCols, an odd last one across the pane.
var chartSpecs = [...]chartSpec{
	{"Trust in police, by group; ticks: harm", 0.3, 0.7, scaleFixed, func(s *Scene, g int) *ring[float64] { return &s.tTrust[g] }, agents.NumGroups, true},
	{"Share of crimes reported (4 weeks)", 0, 0.6, scaleFixed, func(s *Scene, g int) *ring[float64] { return &s.tReport[g] }, agents.NumGroups, false},
	{"Victimizations per day, by group", 0, 0, scaleVictims, func(s *Scene, g int) *ring[float64] { return &s.tVictims[g] }, agents.NumGroups, false},
	{"Population change since start (%)", 0, 0, scalePop, func(s *Scene, g int) *ring[float64] { return &s.tPop[g] }, agents.NumGroups, false},
	{"Safety incidents per 100 operations (4 weeks; drawn from " + strconv.Itoa(minRateOps) + " operations)", 0, 20, scaleFixed, func(s *Scene, _ int) *ring[float64] { return &s.tIncid }, 1, false},
}

const numCharts = len(chartSpecs)

// chartAreas returns the charts' boxes inside the figures pane, below the
// text block: a grid of chartCols columns, the last chart across the pane
// when it is alone on its row.
func chartAreas(fig rect) (out [numCharts]rect) {
	const gap = 16 // between columns
	area := rect{fig.x + 12, fig.y + figuresTextH + 6, fig.w - 24, fig.h - figuresTextH - 10}
	rows := (numCharts + chartCols - 1) / chartCols
	h := area.h / float64(rows)
	w := (area.w - gap*(chartCols-1)) / chartCols
	for i := range out {
		row, c := i/chartCols, i%chartCols
		out[i] = rect{area.x + float64(c)*(w+gap), area.y + float64(row)*h, w, h - 6}
		if i == numCharts-1 && c == 0 {
			out[i].w = area.w
		}
	}
	return out
}

// plotArea is where a chart's lines go inside its box: below the title,
// right of the axis labels, above the time labels.
func plotArea(a rect) rect { return rect{a.x + 40, a.y + 18, a.w - 46, a.h - 34} }

// chartRange returns a chart's axis in scene s.
func chartRange(s *Scene, spec *chartSpec) (lo, hi float64) {
	switch spec.scale {
	case scaleVictims:
		return 0, axisSteps[s.victimsTop]
	case scalePop:
		return -axisSteps[s.popTop], axisSteps[s.popTop]
	}
	return spec.lo, spec.hi
}

// chartTimes returns the hours the charts' time axis runs from and to:
// the eight weeks up to the latest sample; not ok before the second.
func chartTimes(s *Scene) (t0, t1 float64, ok bool) {
	if s.tHours.len() < 2 {
		return 0, 0, false
	}
	t1 = *s.tHours.at(s.tHours.len() - 1)
	return t1 - float64(chartLen-1)*sampleHours, t1, true
}

// chartShapes adds the charts' lines to the shape batch: the last eight
// weeks, with policy changes marked on the time axis.
func (r *renderer) chartShapes(s *Scene, fig rect) {
	sh := r.sh
	for ci, a := range chartAreas(fig) {
		spec := &chartSpecs[ci]
		lo, hi := chartRange(s, spec)
		plot := plotArea(a)
		sh.rect(float32(plot.x), float32(plot.y), float32(plot.w), float32(plot.h), colBackground, 1)
		py := func(v float64) float32 {
			v = math.Max(lo, math.Min(hi, v))
			return float32(plot.y + plot.h*(1-(v-lo)/(hi-lo)))
		}
		if lo < 0 && hi > 0 {
			sh.line(float32(plot.x), py(0), float32(plot.x+plot.w), py(0), 1, colGrid, 1)
		}
		t0, t1, ok := chartTimes(s)
		if !ok {
			continue
		}
		px := func(t float64) float32 { return float32(plot.x + plot.w*(t-t0)/(t1-t0)) }
		if spec.harms {
			r.harmTicks(s, plot, t0, t1, px)
		}
		for g := range spec.n {
			c := groupColour[g]
			if spec.n == 1 {
				c = colVermill
			}
			r.seriesLine(s, spec.series(s, g), px, py, c)
		}
		r.changeMarks(s, plot, t0, px, colBlack, 0) // over the lines, so that the labels can be read
	}
}

// seriesLine adds a chart's line of series rg of scene s, sampled at the
// scene's chart hours, skipping NaN samples.
func (r *renderer) seriesLine(s *Scene, rg *ring[float64], px func(float64) float32, py func(float64) float32, c color.RGBA) {
	for i := 1; i < rg.len(); i++ {
		v0, v1 := *rg.at(i - 1), *rg.at(i)
		if math.IsNaN(v0) || math.IsNaN(v1) {
			continue
		}
		r.sh.line(px(*s.tHours.at(i - 1)), py(v0), px(*s.tHours.at(i)), py(v1), 2, c, 1)
	}
}

// changeMarks adds scene s's policy change marks from hour t0 to a plot,
// in colour c, with the light boxes of their labels; the first label is
// on row k0 (see changeBox).
func (r *renderer) changeMarks(s *Scene, plot rect, t0 float64, px func(float64) float32, c color.RGBA, k0 int) {
	k := k0
	for i := range s.changes.len() {
		if h := *s.changes.at(i); h >= t0 {
			x := px(h)
			r.sh.line(x, float32(plot.y), x, float32(plot.y+plot.h), 2, c, 0.8)
			b := r.changeBox(plot, float64(x), k, *s.changeTx.at(i))
			r.sh.rect(float32(b.x), float32(b.y), float32(b.w), float32(b.h), colPanel, 0.75)
			k++
		}
	}
}

// changeLabels writes the labels of the marks changeMarks adds.
func (r *renderer) changeLabels(dst *ebiten.Image, s *Scene, plot rect, c color.RGBA, k0 int) {
	t0, t1, ok := chartTimes(s)
	if !ok {
		return
	}
	k := k0
	for i := range s.changes.len() {
		if h := *s.changes.at(i); h >= t0 {
			t := *s.changeTx.at(i)
			b := r.changeBox(plot, plot.x+plot.w*(h-t0)/(t1-t0), k, t)
			r.f.draw(dst, t, r.f.small, b.x+2, b.y, c)
			k++
		}
	}
}

// compareSpecs are compare mode's shared charts: the left side's series
// in blue, the right's in vermillion.
var compareSpecs = [...]chartSpec{
	{"Trust in police, undocumented", 0.3, 0.7, scaleFit, func(s *Scene, _ int) *ring[float64] { return &s.tTrust[agents.Undocumented] }, 1, false},
	{"Share of crimes reported, undocumented (4 wk)", 0, 0.6, scaleFit, func(s *Scene, _ int) *ring[float64] { return &s.tReport[agents.Undocumented] }, 1, false},
	chartSpecs[numCharts-1],
}

// sideColour is the colour of each side's series on compare mode's charts.
var sideColour = [2]color.RGBA{colBlue, colVermill}

// compareAreas returns the boxes of compare mode's charts.
func compareAreas() (out [len(compareSpecs)]rect) {
	const gap = 16
	w := (compareR.w - 24 - gap*float64(len(out)-1)) / float64(len(out))
	for i := range out {
		out[i] = rect{compareR.x + 12 + float64(i)*(w+gap), compareR.y + 6, w, compareR.h - 8}
	}
	return out
}

// compareRange returns the axis of a compare chart: spec's fixed one, or
// for scaleFit the steps of 0.05 that hold both sides' series with a
// margin, at least 0.1 apart, within spec's.
func compareRange(g *Game, spec *chartSpec) (lo, hi float64) {
	if spec.scale != scaleFit {
		return spec.lo, spec.hi
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range g.sessions {
		rg := spec.series(s.Scene, 0)
		for i := range rg.len() {
			if v := *rg.at(i); !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return spec.lo, spec.hi
	}
	lo, hi = math.Floor((lo-0.01)*20)/20, math.Ceil((hi+0.01)*20)/20
	if hi-lo < 0.1 {
		hi = lo + 0.1
	}
	return math.Max(spec.lo, lo), math.Min(spec.hi, hi)
}

// compareShapes adds compare mode's charts: each side's series on the
// same axes, and each side's change marks in its colour.
func (r *renderer) compareShapes(g *Game) {
	sh := r.sh
	sh.rect(float32(compareR.x), float32(compareR.y), float32(compareR.w), float32(compareR.h), colPanel, 1)
	s0 := g.sessions[0].Scene
	t0, t1, ok := chartTimes(s0)
	for ci, a := range compareAreas() {
		spec := &compareSpecs[ci]
		plot := plotArea(a)
		sh.rect(float32(plot.x), float32(plot.y), float32(plot.w), float32(plot.h), colBackground, 1)
		if !ok {
			continue
		}
		lo, hi := compareRange(g, spec)
		px := func(t float64) float32 { return float32(plot.x + plot.w*(t-t0)/(t1-t0)) }
		py := func(v float64) float32 {
			v = math.Max(lo, math.Min(hi, v))
			return float32(plot.y + plot.h*(1-(v-lo)/(hi-lo)))
		}
		for i, s := range g.sessions {
			r.seriesLine(s.Scene, spec.series(s.Scene, 0), px, py, sideColour[i])
		}
		k := 0
		for i, s := range g.sessions {
			r.changeMarks(s.Scene, plot, t0, px, sideColour[i], k)
			k += s.Scene.changes.len()
		}
	}
}

// compareText writes compare mode's charts' titles, axes and the sides'
// key.
func (r *renderer) compareText(dst *ebiten.Image, g *Game) {
	f := r.f
	for ci, a := range compareAreas() {
		spec := &compareSpecs[ci]
		plot := plotArea(a)
		lo, hi := compareRange(g, spec)
		f.draw(dst, spec.title, f.small, a.x, a.y, colText)
		f.draw(dst, r.axis(hi), f.small, a.x, plot.y-6, colMuted)
		f.draw(dst, r.axis(lo), f.small, a.x, plot.y+plot.h-12, colMuted)
		f.draw(dst, agoLabel, f.small, plot.x, plot.y+plot.h+1, colMuted)
		f.draw(dst, nowLabel, f.small, plot.x+plot.w-r.nowW, plot.y+plot.h+1, colMuted)
		k := 0
		for i, s := range g.sessions {
			r.changeLabels(dst, s.Scene, plot, sideColour[i], k)
			k += s.Scene.changes.len()
		}
	}
}

// Harm ticks on the trust chart: a tick rises from the foot of the plot
// at the event's time, harmTickMin pixels high plus the rest of
// harmTickMax of the plot's height in proportion to the trust the event
// cost up to harmTickFull, topped by the event's marker; grey if its
// effect stayed local, black and wider if the media carried it
// city-wide. The largest in view is labelled with its effect, under the
// plot below its tick (between the time labels, so the label never hides
// a line). A tick with its marker stays below half the plot's height,
// where the policy change marks reach.
const (
	harmTickMin  = 3
	harmTickMax  = 0.35
	harmTickFull = 0.03
	harmTickMark = 4 // marker size
)

// harmTick returns the height in pixels of the tick of an event that cost
// shock, in a plot h pixels high.
func harmTick(shock, h float64) float64 {
	top := harmTickMax * h
	return harmTickMin + (top-harmTickMin)*math.Max(0, math.Min(1, shock/harmTickFull))
}

// harmTickTop returns the centre of the marker of a harm tick of height
// ht in plot p.
func harmTickTop(p rect, ht float64) float64 { return p.y + p.h - ht - harmTickMark - 1 }

func (r *renderer) harmTicks(s *Scene, plot rect, t0, t1 float64, px func(float64) float32) {
	sh := r.sh
	foot := float32(plot.y + plot.h)
	for i := range s.harms.len() {
		h := s.harms.at(i)
		if h.hour < t0 || h.hour > t1 {
			continue
		}
		x := px(h.hour)
		ht := harmTick(h.shock, plot.h)
		c, w := colMuted, float32(2)
		if h.media {
			c, w = colBlack, 3
		}
		sh.line(x, foot, x, foot-float32(ht), w, c, 1)
		sh.harmMark(h.kind, x, float32(harmTickTop(plot, ht)), harmTickMark, 1, true)
	}
}

// harmLabelX returns where the label of a harm tick at x starts: centred
// on it, between the time labels under the plot.
func (r *renderer) harmLabelX(plot rect, x float64, media bool) float64 {
	w := r.shockW[b2i(media)]
	return math.Max(plot.x+r.agoW+8, math.Min(plot.x+plot.w-r.nowW-8-w, x-w/2))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The ends of the charts' time axis.
const agoLabel, nowLabel = "8 weeks ago", "now"

// chartText writes the charts' titles and axis labels.
func (r *renderer) chartText(dst *ebiten.Image, s *Scene, fig rect) {
	f, l := r.f, r.l
	for ci, a := range chartAreas(fig) {
		spec := &chartSpecs[ci]
		plot := plotArea(a)
		var loTxt, hiTxt string
		switch spec.scale {
		case scaleVictims:
			loTxt, hiTxt = "0", l.steps[s.victimsTop]
		case scalePop:
			loTxt, hiTxt = l.stepsMinus[s.popTop], l.stepsPlus[s.popTop]
			f.draw(dst, "0", f.small, a.x, plot.y+plot.h/2-7, colMuted)
		default:
			loTxt, hiTxt = r.axis(spec.lo), r.axis(spec.hi)
		}
		f.draw(dst, spec.title, f.small, a.x, a.y, colText)
		f.draw(dst, hiTxt, f.small, a.x, plot.y-6, colMuted)
		f.draw(dst, loTxt, f.small, a.x, plot.y+plot.h-12, colMuted)
		f.draw(dst, agoLabel, f.small, plot.x, plot.y+plot.h+1, colMuted)
		f.draw(dst, nowLabel, f.small, plot.x+plot.w-r.nowW, plot.y+plot.h+1, colMuted)
		if spec.harms {
			r.harmLabel(dst, s, plot)
		}
		r.changeLabels(dst, s, plot, colText, 0)
	}
}

// changeBox returns the box of the label of the k-th change mark in view
// on a chart, at x in plot: at the top of the plot right of its line (left
// of it near the right edge), every other one a line lower, so that
// neighbouring marks' labels do not cover each other.
func (r *renderer) changeBox(plot rect, x float64, k int, label string) rect {
	w, ok := r.labelW[label]
	if !ok {
		w = r.f.width(label, r.f.small) + 4
		r.labelW[label] = w
	}
	w = math.Min(w, plot.w)
	bx := x + 3
	if bx+w > plot.x+plot.w {
		bx = math.Max(plot.x, x-3-w)
	}
	return rect{bx, plot.y + 1 + float64(k%2)*15, w, 15}
}

// harmLabel writes the effect of the harm event in view on the trust
// chart that cost the most trust.
func (r *renderer) harmLabel(dst *ebiten.Image, s *Scene, plot rect) {
	t0, t1, ok := chartTimes(s)
	if !ok {
		return
	}
	i := s.largestHarm(t0, t1)
	if i < 0 {
		return
	}
	h := s.harms.at(i)
	x := plot.x + plot.w*(h.hour-t0)/(t1-t0)
	r.f.draw(dst, r.l.shockLabel(h.shock, h.media), r.f.small, r.harmLabelX(plot, x, h.media), plot.y+plot.h+1, colText)
}

func (r *renderer) axis(v float64) string {
	if v >= 1 {
		return r.l.number(v)
	}
	return r.l.trust(v)
}

func (r *renderer) drawButtons(g *Game) {
	s := g.sessions[g.side]
	for i, b := range buttonRects {
		c := colPanel
		if s.Changed(i) {
			c = color.RGBA{0xFF, 0xF4, 0xB8, 255} // changed during the session: highlighted
		}
		r.sh.rect(float32(b.x), float32(b.y), float32(b.w), float32(b.h), c, 1)
		r.sh.frame(float32(b.x), float32(b.y), float32(b.w), float32(b.h), 1, colMuted, 1)
	}
}

func (r *renderer) drawButtonText(dst *ebiten.Image, g *Game) {
	f := r.f
	s := g.sessions[g.side]
	for i, b := range buttonRects {
		f.draw(dst, r.toggleLabel(s, i, true), f.small, b.x+8, b.y+10, colText)
	}
	help := helpSingle
	if len(g.sessions) == 2 {
		help = helpCompare
	}
	f.draw(dst, help, f.small, 12, buttonR.y+48, colMuted)
}

// The key help under the buttons.
const (
	helpSingle  = "Space pause · . step · ←/→ speed · G whose trust: all, groups, cohorts · 1–6 or click: change a policy · F full screen · Esc quit"
	helpCompare = "Space pause · . step · ←/→ speed · G whose trust · Tab or click a map: choose side · 1–6: change its policy · F full screen · Esc quit"
)

// districtPixels returns where the centre of each district of session i of
// n is drawn, and the side of a district square, in screen pixels.
func districtPixels(s *Scene, i, n int) (centres [][2]float64, side float64) {
	maps, _ := panes(n)
	mx := xform(s, maps[i])
	ds := s.Districts()
	for _, d := range ds {
		x, y := mx.pt(d.X, d.Y)
		centres = append(centres, [2]float64{float64(x), float64(y)})
	}
	return centres, cell(ds) * mx.scale * 0.96
}
