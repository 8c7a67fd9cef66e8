package calendar

import "fmt"

// Names lists the calendars Lookup knows, for messages and documentation.
func Names() []string { return []string{"cn", "weekdays", "none"} }

// Lookup returns a named calendar: "cn" (official mainland China working
// days, 2024-2026), "weekdays" (Monday to Friday) or "none" (every day is a
// working day).
func Lookup(name string) (Calendar, error) {
	switch name {
	case "cn":
		return China()
	case "weekdays":
		return weekdays{}, nil
	case "none":
		return everyDay{}, nil
	}
	return nil, fmt.Errorf("unknown calendar %q (want cn, weekdays or none)", name)
}
