package calendar

import "time"

// Day numbers count days since 1970-01-01 in the proleptic Gregorian
// calendar. They make date arithmetic a matter of integer addition, which
// the scheduler relies on to index working days without time.Time.
// The conversions are Howard Hinnant's days_from_civil / civil_from_days.

func (d Date) dayNumber() int {
	y, m := d.Year, int(d.Month)
	// Normalise out-of-range months so AddDays also canonicalises dates such
	// as 2024-13-01.
	y += floorDiv(m-1, 12)
	m = floorMod(m-1, 12) + 1
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0, so the leap day ends the year
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func fromDayNumber(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return Date{Year: y, Month: time.Month(m), Day: day}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }
