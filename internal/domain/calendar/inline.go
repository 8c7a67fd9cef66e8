package calendar

import "github.com/closeout/closeout/internal/i18n"

// Inline is a calendar written into a plan: a base week with listed
// holidays taken out and listed make-up working days put in.
type Inline struct {
	base     Calendar
	holidays map[Date]bool
	workdays map[Date]bool
}

// NewInline builds an inline calendar. base is "weekdays" or "none"; a
// date may not be both a holiday and a working day, and with base "none"
// extra working days would change nothing, so they are refused as a likely
// mistake.
func NewInline(base string, holidays, workdays []Date) (*Inline, error) {
	var b Calendar
	switch base {
	case "weekdays":
		b = weekdays{}
	case "none":
		b = everyDay{}
		if len(workdays) > 0 {
			return nil, i18n.Errorf("inline calendar: base none already makes every day a working day, so workdays has no effect")
		}
	default:
		return nil, i18n.Errorf("inline calendar: unknown base %q (want weekdays or none)", base)
	}
	c := &Inline{base: b, holidays: make(map[Date]bool, len(holidays)), workdays: make(map[Date]bool, len(workdays))}
	for _, d := range holidays {
		c.holidays[d] = true
	}
	for _, d := range workdays {
		if c.holidays[d] {
			return nil, i18n.Errorf("inline calendar: %s is listed both as a holiday and as a working day", d)
		}
		c.workdays[d] = true
	}
	return c, nil
}

// Name returns "inline".
func (c *Inline) Name() string { return "inline" }

// IsWorkday applies the listed exceptions over the base week; it never fails.
func (c *Inline) IsWorkday(d Date) (bool, error) {
	switch {
	case c.holidays[d]:
		return false, nil
	case c.workdays[d]:
		return true, nil
	}
	return c.base.IsWorkday(d)
}
