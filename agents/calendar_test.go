package agents

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(s string) time.Time {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

// The federal holidays of 2025 as OPM lists them, and observed dates of
// fixed holidays that fall on a weekend.
func TestFederalHolidaysByRule(t *testing.T) {
	t.Parallel()
	holidays := []string{
		// 2025 (OPM): every holiday on a weekday
		"2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04",
		"2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25",
		"2026-07-03", // July 4, 2026 is a Saturday: observed Friday
		"2027-06-18", // Juneteenth 2027 is a Saturday
		"2027-12-24", // Christmas 2027 is a Saturday
		"2027-12-31", // New Year's Day 2028 is a Saturday: observed the Friday before, in 2027
		"2023-01-02", // New Year's Day 2023 is a Sunday: observed Monday
		"2021-06-18", // the first Juneteenth (June 19, 2021 a Saturday)
		"2024-05-27", // last Monday of May 2024
		"2026-05-25", // last Monday of May 2026
		"2026-11-26", // fourth Thursday of November 2026
	}
	for _, s := range holidays {
		assert.True(t, federalHoliday(day(s)), "%s is a federal holiday", s)
	}
	workdays := []string{
		"2025-01-02", "2025-01-13", "2025-01-27", "2025-05-19", "2025-11-26", "2025-11-28", "2025-12-24", "2025-12-26",
		"2026-07-06", // the Monday after the July 4 Saturday is a workday
		"2020-06-19", // before Juneteenth became a holiday (2021)
		"1985-01-21", // third Monday of January before the King holiday (1986)
		"2024-05-20", // not the last Monday of May 2024
		"2026-11-19", // third Thursday of November 2026
	}
	for _, s := range workdays {
		assert.False(t, federalHoliday(day(s)), "%s is not a federal holiday", s)
	}
	// A holiday on a Saturday or Sunday is not itself reported (the
	// weekend is closed anyway).
	assert.False(t, federalHoliday(day("2026-07-04")))
	assert.False(t, federalHoliday(day("2023-01-01")))
	// Exactly 11 observed holidays in each of several years.
	for y := 2022; y <= 2030; y++ {
		n := 0
		for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
			if federalHoliday(d) {
				n++
			}
		}
		want := 11
		switch y {
		case 2022: // New Year's Day 2022 (a Saturday) was observed on Dec 31, 2021
			want = 10
		case 2027: // New Year's Day 2028 (a Saturday) is observed on Dec 31, 2027
			want = 12
		case 2028:
			want = 10
		}
		assert.Equal(t, want, n, "observed federal holidays in %d", y)
	}
}

func testCalendar(t *testing.T, local ...string) *calendar {
	t.Helper()
	c := Calendar{StartDate: "2025-01-06", FederalHolidays: true, LocalHolidays: local}
	var v validator
	v.calendar(&c)
	require.Empty(t, v.errs)
	return newCalendar(&c, 365)
}

// Hand-computed holds of 48 business hours; day 0 is Monday, January 6,
// 2025. h(d, hh) is hour hh of model day d.
func TestHoldEndCountsBusinessHours(t *testing.T) {
	t.Parallel()
	cal := testCalendar(t)
	h := func(d int, hh float64) float64 { return float64(d)*24 + hh }
	cases := []struct {
		name     string
		start    float64
		end      float64
		calendar float64 // hours
	}{
		{"Monday morning: two weekdays", h(0, 9), h(2, 9), 48},
		// Fri Jan 10, 15:00: 9 h Friday, 24 h Monday, 15 h Tuesday.
		{"Friday afternoon: over the weekend", h(4, 15), h(8, 15), 96},
		// Fri Jan 17, 15:00; Mon Jan 20 is the King holiday: 9 h Friday,
		// 24 h Tuesday, 15 h Wednesday — five calendar days (Gonzalez v. ICE).
		{"Friday before a Monday holiday", h(11, 15), h(16, 15), 120},
		// Wed Dec 24, 2025 (day 352), noon: 12 h Wednesday, Christmas
		// closed, 24 h Friday, weekend, 12 h Monday Dec 29.
		{"Christmas week", h(352, 12), h(357, 12), 120},
		// Sat Jan 11, 10:00: nothing counts until Monday; Mon and Tue.
		{"begins on a Saturday", h(5, 10), h(9, 0), 86},
		// Wed Nov 26, 2025 (day 324), noon; Thanksgiving Thursday closed:
		// 12 h Wednesday, 24 h Friday, weekend, 12 h Monday Dec 1.
		{"Thanksgiving", h(324, 12), h(329, 12), 120},
	}
	for _, c := range cases {
		got := cal.holdEnd(c.start, 48)
		assert.InDelta(t, c.end, got, 1e-9, c.name)
		assert.InDelta(t, c.calendar, got-c.start, 1e-9, c.name)
	}
	assert.Equal(t, 30.0, cal.holdEnd(30, 0), "no hold")
	// A local holiday on Wednesday, Jan 8: Monday 09:00 + 48 business
	// hours = 15 h Monday, 24 h Tuesday, 9 h Thursday.
	local := testCalendar(t, "2025-01-08")
	assert.InDelta(t, h(3, 9), local.holdEnd(h(0, 9), 48), 1e-9)
	// Beyond the table the days are computed alike: Friday, Jan 8, 2027.
	fri := float64(day("2027-01-08").Sub(day("2025-01-06")).Hours())
	assert.InDelta(t, fri+15+96, cal.holdEnd(fri+15, 48), 1e-9)
}

// A business-hours hold is never shorter in calendar time than the same
// number of calendar hours, and equal when it falls on weekdays only.
func TestHoldEndNeverShorter(t *testing.T) {
	t.Parallel()
	cal := testCalendar(t)
	r := rand.New(rand.NewPCG(1, 2))
	longer := 0
	for range 2000 {
		t0 := r.Float64() * 360 * 24
		hh := r.Float64() * 48
		end := cal.holdEnd(t0, hh)
		require.GreaterOrEqual(t, end-t0, hh-1e-9)
		if end-t0 > hh+1e-9 {
			longer++
		}
	}
	// About 2 of 7 days are weekends: many 48-hour windows touch one.
	assert.Greater(t, longer, 500)
}

func TestCalendarValidation(t *testing.T) {
	t.Parallel()
	var v validator
	v.calendar(&Calendar{StartDate: "2025-13-01", LocalHolidays: []string{"2025-01-08", "July 4"}})
	require.Len(t, v.errs, 2)
	assert.Equal(t, "calendar.start_date", v.errs[0].Path)
	assert.Equal(t, "calendar.local_holidays[1]", v.errs[1].Path)
	v = validator{}
	v.calendar(&Calendar{StartDate: "1800-01-06"})
	require.Len(t, v.errs, 1)
	assert.Contains(t, v.errs[0].Problem, "out of range")
}
