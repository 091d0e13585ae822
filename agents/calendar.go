package agents

import (
	"fmt"
	"time"
)

// This file gives model time a calendar: model hour 0 is midnight at the
// start of calendar.start_date, so every model day has a weekday, and a
// day is a business day unless it is a Saturday, a Sunday, a U.S. federal
// holiday (5 U.S.C. §6103, computed by rule for every year) or one of
// calendar.local_holidays. The detainer hold counts its hours on business
// days only (8 C.F.R. §287.7(d); see jail.go).

// dateLayout is the layout of calendar dates in a scenario (ISO 8601).
const dateLayout = "2006-01-02"

// calendar answers whether a model day is a business day. Days from the
// start to a little past the horizon are looked up in a table; others are
// computed.
type calendar struct {
	start   time.Time // midnight UTC of model day 0
	federal bool
	local   map[time.Time]bool // extra local holidays (lookups only: never ranged over)
	closed  []bool             // by model day from 0: not a business day
}

// newCalendar builds the calendar of c for days model days (and a margin
// for holds that begin near the end). It panics on a date the validation
// should have rejected.
func newCalendar(c *Calendar, days float64) *calendar {
	start, err := time.Parse(dateLayout, c.StartDate)
	if err != nil {
		panic("agents: calendar.start_date: " + err.Error())
	}
	cal := &calendar{start: start, federal: c.FederalHolidays}
	for i, s := range c.LocalHolidays {
		d, err := time.Parse(dateLayout, s)
		if err != nil {
			panic(fmt.Sprintf("agents: calendar.local_holidays[%d]: %v", i, err))
		}
		if cal.local == nil {
			cal.local = make(map[time.Time]bool, len(c.LocalHolidays))
		}
		cal.local[d] = true
	}
	n := int(days) + 60
	cal.closed = make([]bool, n)
	for i := range n {
		cal.closed[i] = !cal.computeBusiness(i)
	}
	return cal
}

// date returns the calendar date of model day i.
func (cal *calendar) date(i int) time.Time { return cal.start.AddDate(0, 0, i) }

// business reports whether model day i is a business day.
func (cal *calendar) business(i int) bool {
	if i >= 0 && i < len(cal.closed) {
		return !cal.closed[i]
	}
	return cal.computeBusiness(i)
}

func (cal *calendar) computeBusiness(i int) bool {
	d := cal.date(i)
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	if cal.local[d] {
		return false
	}
	return !(cal.federal && federalHoliday(d))
}

// holdEnd returns the model hour at which a period of h business hours
// that begins at hour t ends: only hours of business days count, so a
// 48-hour hold that begins on a Friday afternoon ends on Tuesday
// afternoon, and a day later if the Monday is a holiday.
func (cal *calendar) holdEnd(t, h float64) float64 {
	if h <= 0 {
		return t
	}
	i := int(t / 24)
	if t < 0 {
		panic("agents: a hold that begins before the start of the run")
	}
	cur := t
	for {
		end := float64(i+1) * 24
		if cal.business(i) {
			if cur+h <= end {
				return cur + h
			}
			h -= end - cur
		}
		cur = end
		i++
	}
}

// federalHoliday reports whether d (midnight UTC) is a legal public holiday
// of 5 U.S.C. §6103(a) as federal offices observe it: a holiday that falls
// on a Saturday is observed on the Friday before, one on a Sunday on the
// Monday after (§6103(b); Executive Order 11582). Juneteenth counts from
// 2021 (Pub. L. 117-17) and the Birthday of Martin Luther King, Jr. from
// 1986; the other rules are those in force since 1971 for every year.
func federalHoliday(d time.Time) bool {
	y, mo, day := d.Date()
	wd := d.Weekday()
	// Floating holidays: the nth (or last) weekday of a month.
	nth := (day-1)/7 + 1
	last := day+7 > daysIn(y, mo)
	switch {
	case mo == time.January && wd == time.Monday && nth == 3 && y >= 1986,
		mo == time.February && wd == time.Monday && nth == 3,
		mo == time.May && wd == time.Monday && last,
		mo == time.September && wd == time.Monday && nth == 1,
		mo == time.October && wd == time.Monday && nth == 2,
		mo == time.November && wd == time.Thursday && nth == 4:
		return true
	}
	// Fixed holidays, observed on the nearest weekday.
	switch wd {
	case time.Saturday, time.Sunday:
		return false // observed on a weekday instead
	case time.Friday:
		if fixedHoliday(d.AddDate(0, 0, 1)) {
			return true
		}
	case time.Monday:
		if fixedHoliday(d.AddDate(0, 0, -1)) {
			return true
		}
	}
	return fixedHoliday(d)
}

// fixedHoliday reports whether d is the date of a fixed-date holiday of
// §6103(a).
func fixedHoliday(d time.Time) bool {
	y, mo, day := d.Date()
	switch {
	case mo == time.January && day == 1,
		mo == time.June && day == 19 && y >= 2021,
		mo == time.July && day == 4,
		mo == time.November && day == 11,
		mo == time.December && day == 25:
		return true
	}
	return false
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// validateCalendar checks the calendar section's dates.
func (v *validator) calendar(c *Calendar) {
	if _, err := time.Parse(dateLayout, c.StartDate); err != nil {
		v.fail("calendar.start_date", c.StartDate, "is not a date", "a date as YYYY-MM-DD, such as 2025-01-06")
	} else if y := c.StartDate[:4]; y < "1900" || y > "2199" {
		v.fail("calendar.start_date", c.StartDate, "is out of range", "a year from 1900 to 2199")
	}
	for i, s := range c.LocalHolidays {
		if _, err := time.Parse(dateLayout, s); err != nil {
			v.fail(fmt.Sprintf("calendar.local_holidays[%d]", i), s, "is not a date", "a date as YYYY-MM-DD, such as 2025-03-31")
		}
	}
}
