package viz

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

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
	sh           *shapes
	f            *fonts
	l            *labels
	tgls         []Toggle
	btnTxt       [][]string // button labels by toggle and value
	plainTxt     [][]string // the same without the hotkey
	other        map[string]string
	groupTxt     [agents.NumGroups]string
	title        string
	trustCaption [agents.NumGroups]string
	trustShort   [agents.NumGroups]string
	diffCaption  [agents.NumGroups]string
	background   color.Color // colBackground, boxed once: Fill would box it every frame
}

func newRenderer(days int) *renderer {
	r := &renderer{sh: newShapes(), f: newFonts(), l: newLabels(days), tgls: Toggles(), other: map[string]string{}, background: colBackground}
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
		r.groupTxt[g] = "trust shown: " + g.Label()
		r.trustCaption[g] = "Trust in police, " + g.Label()
		r.trustShort[g] = "Trust, " + g.Short()
		r.diffCaption[g] = "reported, " + g.Short() + " (pts)"
	}
	return r
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
	return []rect{{10, 42, 625, 400}, {645, 42, 625, 400}}, []rect{{10, 448, 625, 160}, {645, 448, 625, 160}}
}

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
		}
	}
	r.drawButtons(g)
	sh.flush(dst)

	r.drawHeader(dst, g)
	for i, s := range g.sessions {
		r.drawMapText(dst, s.Scene, maps[i], g.group)
		if len(g.sessions) == 1 {
			r.drawFigures(dst, s, figs[i], g)
		} else {
			r.drawCompact(dst, s, figs[i], g)
		}
	}
	if len(g.sessions) == 2 {
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

func xform(s *Scene, area rect, legend bool) mapXform {
	minX, minY, maxX, maxY := s.Bounds()
	h := area.h
	if legend {
		h -= 62 // room for the legend below the map
	}
	scale := math.Min((area.w-20)/(maxX-minX), (h-20)/(maxY-minY))
	ox := area.x + (area.w-scale*(maxX-minX))/2 - scale*minX
	oy := area.y + 10 + (h-20-scale*(maxY-minY))/2 - scale*minY
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

func (r *renderer) drawMap(s *Scene, area rect, g *Game) {
	sh := r.sh
	mx := xform(s, area, true)
	now := s.now
	ds := s.Districts()
	side := cell(ds) * mx.scale * 0.96
	lo, hi := trustRange(s.Trust0[g.group])
	// Districts shaded by the chosen group's trust.
	for _, d := range ds {
		x, y := mx.pt(d.X, d.Y)
		sh.rect(x-float32(side/2), y-float32(side/2), float32(side), float32(side), trustColour(d.Trust[g.group], lo, hi), 1)
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
	// Operations: a halo whose size and strength follow visibility.
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
		rad := float32((0.12 + 0.35*math.Min(o.vis, 2)) * mx.scale)
		sh.circle(x, y, rad, colYellow, float32(a*(0.4+0.6*math.Min(o.vis, 1))), 24)
		sh.ring(x, y, rad, 2, colVermill, float32(a), 24)
	}
	// Idle patrol units at each district's station.
	unit := float32(math.Max(2.5, math.Min(4.5, side/22)))
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
	// Units on the move or on scene.
	for i := range s.trips {
		t := &s.trips[i]
		if !t.active || now < t.depart || now >= t.back {
			continue
		}
		x, y := t.pos(now)
		px, py := mx.pt(x, y)
		sh.glyph(t.agency, px, py, unit+0.5, 1)
	}
	// Safety incidents.
	for i := range s.incidents.len() {
		in := s.incidents.at(i)
		age := now - in.hour
		if age < 0 || age > incidentLife {
			continue
		}
		a := float32(1 - 0.7*age/incidentLife)
		x, y := mx.pt(in.x, in.y)
		rr := float32(7)
		if in.injury {
			rr = 9
		}
		if in.kind == agents.BlueOnBlue {
			sh.tri(x, y-rr, x+rr, y+rr*0.7, x-rr, y+rr*0.7, colBlack, a)
			sh.tri(x, y+rr, x+rr, y-rr*0.7, x-rr, y-rr*0.7, colBlack, a)
		} else {
			sh.line(x-rr*0.6, y+rr, x-rr*0.6, y-rr, 2, colBlack, a)
			sh.tri(x-rr*0.6, y-rr, x+rr, y-rr*0.55, x-rr*0.6, y-rr*0.1, colPurple, a)
		}
	}
	r.drawLegendShapes(area, lo, hi)
}

// legend geometry.
func legendRect(area rect) rect { return rect{area.x + 10, area.y + area.h - 58, area.w - 20, 50} }

// legendItems returns where the legend's agency and event items start,
// right of the trust scale: closer in the narrower panes of compare mode,
// whose trust caption is shorter.
func legendItems(lg rect) float64 {
	if lg.w >= 660 {
		return 200
	}
	return 150
}

// Legend offsets of the event kinds (the agencies' are in agencyStyle).
var (
	legendEventX = [5]float32{0, 105, 195, 280, 375}
	legendEvents = [5]string{"crime reported", "not reported", "operation", "use of force", "blue-on-blue"}
)

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
	// Events.
	y := float32(lg.y + 34)
	e := legendEventX
	sh.circle(x+e[0], y, 3.5, colSky, 1, 8)
	sh.ring(x+e[0], y, 4.5, 1.2, colBlack, 1, 8)
	sh.cross(x+e[1], y, 3.5, 1.6, colMuted, 1)
	sh.circle(x+e[2], y, 7, colYellow, 0.7, 16)
	sh.ring(x+e[2], y, 7, 2, colVermill, 0.7, 16)
	sh.line(x+e[3]-3, y+6, x+e[3]-3, y-6, 2, colBlack, 1)
	sh.tri(x+e[3]-3, y-6, x+e[3]+6, y-3, x+e[3]-3, y, colPurple, 1)
	sh.tri(x+e[4], y-6, x+e[4]+6, y+4, x+e[4]-6, y+4, colBlack, 1)
	sh.tri(x+e[4], y+6, x+e[4]+6, y-4, x+e[4]-6, y-4, colBlack, 1)
}

func (r *renderer) drawMapText(dst *ebiten.Image, s *Scene, area rect, group agents.Group) {
	f := r.f
	lg := legendRect(area)
	lo, hi := trustRange(s.Trust0[group])
	caption := r.trustCaption[group]
	if legendItems(lg) < 200 {
		caption = r.trustShort[group]
	}
	f.draw(dst, caption, f.small, lg.x, lg.y, colText)
	f.draw(dst, r.l.trust(lo), f.small, lg.x, lg.y+31, colMuted)
	f.draw(dst, r.l.trust(hi), f.small, lg.x+96, lg.y+31, colMuted)
	x := lg.x + legendItems(lg) + 9
	for a, st := range agencyStyle {
		f.draw(dst, agencyLabel(agents.Agency(a)), f.small, x+float64(st.legendX), lg.y+1, colText)
	}
	for i, n := range legendEvents {
		f.draw(dst, n, f.small, x+float64(legendEventX[i])+2, lg.y+27, colText)
	}
}

func (r *renderer) drawHeader(dst *ebiten.Image, g *Game) {
	f, l := r.f, r.l
	s := g.sessions[0]
	f.draw(dst, "agencysim", f.title, 12, 8, colText)
	if r.title == "" {
		r.title = s.Name
		if len(g.sessions) == 2 {
			r.title = g.sessions[0].Name + "  vs  " + g.sessions[1].Name + "   (same crimes in both)"
		}
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
	f.draw(dst, r.groupTxt[g.group], f.normal, 1010, 9, colMuted)
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
	rowIncidents:    "Safety incidents per 100 ops",
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

// scalarFigure returns the text of figure row of the whole city.
func (r *renderer) scalarFigure(lv *Live, row int) string {
	l := r.l
	switch row {
	case rowCleared:
		return l.figure(liveClearance, lv.Clearance)
	case rowIncidents:
		return l.figure(liveIncidents, lv.IncidentsPer100Ops)
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

// drawCompact is the figures pane of one side in compare mode.
func (r *renderer) drawCompact(dst *ebiten.Image, s *Session, area rect, g *Game) {
	f, l := r.f, r.l
	lv := &s.Scene.Live
	x, y := area.x+10, area.y+6
	f.draw(dst, s.Name, f.title, x, y, colText)
	y += 24
	r.groupRows(dst, lv, "Reported (4 wk)", "Trust (now)", x, y+2, 150, 140)
	y += 52
	f.draw(dst, "Cleared", f.normal, x, y, colText)
	f.draw(dst, l.figure(liveClearance, lv.Clearance), f.normal, x+150, y, colText)
	f.draw(dst, "Incidents / 100 ops", f.normal, x+290, y, colText)
	f.draw(dst, l.figure(liveIncidents, lv.IncidentsPer100Ops), f.normal, x+450, y, colText)
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
	f.draw(dst, r.signed(b.IncidentsPer100Ops-a.IncidentsPer100Ops, l), f.normal, x, y+12, colText)
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
)

// chartSpec is one of the small charts.
type chartSpec struct {
	title  string
	lo, hi float64 // the axis of a fixed scale
	scale  chartScale
	series func(s *Scene, g int) *ring[float64]
	n      int
}

// chartSpecs are the charts of the single view, in reading order: rows of
// chartCols, an odd last one across the pane.
var chartSpecs = [...]chartSpec{
	{"Trust in police, by group", 0.3, 0.7, scaleFixed, func(s *Scene, g int) *ring[float64] { return &s.tTrust[g] }, agents.NumGroups},
	{"Share of crimes reported (4 weeks)", 0, 0.6, scaleFixed, func(s *Scene, g int) *ring[float64] { return &s.tReport[g] }, agents.NumGroups},
	{"Victimizations per day, by group", 0, 0, scaleVictims, func(s *Scene, g int) *ring[float64] { return &s.tVictims[g] }, agents.NumGroups},
	{"Population change since start (%)", 0, 0, scalePop, func(s *Scene, g int) *ring[float64] { return &s.tPop[g] }, agents.NumGroups},
	{"Safety incidents per 100 operations", 0, 20, scaleFixed, func(s *Scene, _ int) *ring[float64] { return &s.tIncid }, 1},
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
		times := &s.tHours
		if times.len() < 2 {
			continue
		}
		t1 := *times.at(times.len() - 1)
		t0 := t1 - float64(chartLen-1)*sampleHours
		px := func(t float64) float32 { return float32(plot.x + plot.w*(t-t0)/(t1-t0)) }
		for i := range s.changes.len() {
			if c := *s.changes.at(i); c >= t0 {
				x := px(c)
				sh.line(x, float32(plot.y), x, float32(plot.y+plot.h), 2, colBlack, 0.8)
			}
		}
		for g := range spec.n {
			rg := spec.series(s, g)
			c := groupColour[g]
			if spec.n == 1 {
				c = colVermill
			}
			for i := 1; i < rg.len(); i++ {
				v0, v1 := *rg.at(i - 1), *rg.at(i)
				if math.IsNaN(v0) || math.IsNaN(v1) {
					continue
				}
				sh.line(px(*times.at(i - 1)), py(v0), px(*times.at(i)), py(v1), 2, c, 1)
			}
		}
	}
}

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
		f.draw(dst, "8 weeks ago", f.small, plot.x, plot.y+plot.h+1, colMuted)
		f.draw(dst, "now", f.small, plot.x+plot.w-22, plot.y+plot.h+1, colMuted)
	}
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
	help := "Space pause · . step · ←/→ speed · G trust group · 1–6 or click: change a policy · Esc quit"
	if len(g.sessions) == 2 {
		help = "Space pause · . step · ←/→ speed · G trust group · Tab or click a map: choose side · 1–6: change its policy · Esc quit"
	}
	f.draw(dst, help, f.small, 12, buttonR.y+48, colMuted)
}

// districtPixels returns where the centre of each district of session i of
// n is drawn, and the side of a district square, in screen pixels.
func districtPixels(s *Scene, i, n int) (centres [][2]float64, side float64) {
	maps, _ := panes(n)
	mx := xform(s, maps[i], true)
	ds := s.Districts()
	for _, d := range ds {
		x, y := mx.pt(d.X, d.Y)
		centres = append(centres, [2]float64{float64(x), float64(y)})
	}
	return centres, cell(ds) * mx.scale * 0.96
}
