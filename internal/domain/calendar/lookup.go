package calendar

import "github.com/closeout/closeout/internal/i18n"

// Names lists the calendars Lookup knows, for messages and documentation.
func Names() []string { return []string{"cn", "weekdays", "none"} }

// Lookup returns a named calendar: "cn" (official mainland China working
// days as shipped, 2024-2026, refusing any other date), "weekdays" (Monday to
// Friday) or "none" (every day is a working day). Plans resolve names through
// a Set instead, whose cn goes on past the shipped years (loaded notices,
// then provisional years).
func Lookup(name string) (Calendar, error) {
	switch name {
	case "cn":
		return China()
	case "weekdays":
		return weekdays{}, nil
	case "none":
		return everyDay{}, nil
	}
	return nil, i18n.Errorf("unknown calendar %q (want cn, weekdays or none)", name)
}
