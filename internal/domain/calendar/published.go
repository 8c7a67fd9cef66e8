package calendar

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// chinaData is the official mainland China calendar. It is a string, not a
// []byte, so that nothing can modify it.
//
//go:embed data/cn.json
var chinaData string

// Notice names the official document a year of calendar data comes from.
type Notice struct {
	Year      int    `json:"year"`
	Title     string `json:"title"`
	Document  string `json:"document"`
	Published Date   `json:"published"`
	URL       string `json:"url"`
	Note      string `json:"note,omitempty"`
}

// Published is a calendar shipped as data for a fixed range of dates: the
// Monday-Friday week with the listed holidays and make-up working days. It
// refuses dates outside its range rather than guessing.
type Published struct {
	name        string
	first, last Date
	notices     []Notice
	holidays    map[Date]string // day off -> holiday name
	workdays    map[Date]string // weekend day worked -> the holiday it makes up for
}

// China returns the official mainland China calendar (calendar "cn").
// The data is parsed on each call, which takes microseconds, so that the
// package holds no mutable state.
func China() (*Published, error) {
	return parsePublished([]byte(chinaData))
}

// publishedFile is the layout of data/cn.json.
type publishedFile struct {
	Name     string   `json:"name"`
	First    Date     `json:"first"`
	Last     Date     `json:"last"`
	Notices  []Notice `json:"notices"`
	Holidays []struct {
		Name     string `json:"name"`
		From     Date   `json:"from"`
		To       Date   `json:"to"`
		Workdays []Date `json:"workdays"`
	} `json:"holidays"`
}

// parsePublished loads and cross-checks calendar data: a make-up working day
// that is not a weekend day, or a holiday outside the covered range, is a
// data-entry mistake and fails loudly.
func parsePublished(data []byte) (*Published, error) {
	var f publishedFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("calendar data: %w", err)
	}
	if f.Name == "" || f.First.IsZero() || f.Last.Before(f.First) {
		return nil, fmt.Errorf("calendar data: need a name and a range with first <= last")
	}
	p := &Published{
		name: f.Name, first: f.First, last: f.Last, notices: f.Notices,
		holidays: map[Date]string{}, workdays: map[Date]string{},
	}
	inRange := func(d Date) bool { return !d.Before(p.first) && !d.After(p.last) }
	for _, h := range f.Holidays {
		if !inRange(h.From) || !inRange(h.To) || h.To.Before(h.From) {
			return nil, fmt.Errorf("calendar data: holiday %s %s..%s is not a period within %s..%s", h.Name, h.From, h.To, p.first, p.last)
		}
		for d := h.From; !d.After(h.To); d = d.AddDays(1) {
			if _, dup := p.holidays[d]; dup {
				return nil, fmt.Errorf("calendar data: %s listed twice", d)
			}
			p.holidays[d] = h.Name
		}
		for _, w := range h.Workdays {
			if !inRange(w) || isWeekday(w) {
				return nil, fmt.Errorf("calendar data: make-up working day %s of %s is not a weekend day within the range", w, h.Name)
			}
			p.workdays[w] = h.Name
		}
	}
	for d := range p.workdays {
		if _, clash := p.holidays[d]; clash {
			return nil, fmt.Errorf("calendar data: %s is both a holiday and a working day", d)
		}
	}
	return p, nil
}

// Name returns the calendar's name ("cn").
func (p *Published) Name() string { return p.name }

// Range returns the first and last dates the data covers.
func (p *Published) Range() (first, last Date) { return p.first, p.last }

// Notices returns the documents the data was taken from.
func (p *Published) Notices() []Notice { return append([]Notice(nil), p.notices...) }

// IsWorkday reports whether d is a working day, or an *OutOfRangeError when
// d is outside the published data.
func (p *Published) IsWorkday(d Date) (bool, error) {
	if d.Before(p.first) || d.After(p.last) {
		return false, &OutOfRangeError{Calendar: p.name, Date: d, First: p.first, Last: p.last}
	}
	if _, off := p.holidays[d]; off {
		return false, nil
	}
	if _, on := p.workdays[d]; on {
		return true, nil
	}
	return isWeekday(d), nil
}

// Holiday returns the name of the holiday d belongs to, if it is a day off
// of one.
func (p *Published) Holiday(d Date) (string, bool) {
	name, ok := p.holidays[d]
	return name, ok
}
