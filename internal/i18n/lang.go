package i18n

import (
	"sort"
	"strconv"
	"strings"
)

// Lang is the language a reader reads: ZH or EN.
type Lang string

const (
	// ZH is Chinese, what a reader gets unless they ask for English.
	ZH Lang = "zh"
	// EN is English.
	EN Lang = "en"
)

// Parse reads "zh" or "en" (any case); ok is false for anything else.
func Parse(s string) (Lang, bool) {
	switch strings.ToLower(s) {
	case "zh":
		return ZH, true
	case "en":
		return EN, true
	}
	return "", false
}

// FromAcceptLanguage picks zh or en by an Accept-Language header's
// preferences (RFC 9110 quality values); Chinese when neither is asked for,
// since the offices closeout serves read Chinese first.
func FromAcceptLanguage(header string) Lang {
	type pref struct {
		l Lang
		q float64
	}
	var prefs []pref
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		l, ok := Parse(base)
		if !ok {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			prefs = append(prefs, pref{l, q})
		}
	}
	if len(prefs) == 0 {
		return ZH
	}
	sort.SliceStable(prefs, func(a, b int) bool { return prefs[a].q > prefs[b].q })
	return prefs[0].l
}
