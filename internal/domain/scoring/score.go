package scoring

import (
	"cmp"
	"math"
	"slices"

	"github.com/closeout/closeout/internal/i18n"
)

// UnitScore is one unit's score: the sum of its items, and its rank among
// the units of its class.
type UnitScore struct {
	Unit  string  `json:"unit"`
	Name  string  `json:"name"`
	Class string  `json:"class"`
	Score float64 `json:"score"`
	Rank  int     `json:"rank"`
	Items []Item  `json:"items"`
}

// Item is one line of a score: what earned or lost the points, in both
// languages, and the task it is about ("" for an adjustment by hand).
type Item struct {
	What   string  `json:"what"`
	WhatZh string  `json:"what_zh"`
	Points float64 `json:"points"`
	Task   string  `json:"task,omitempty"`
}

// Score scores every unit that is listed, owns a task or was adjusted (a
// unit that is not listed is named by its id and of no class): its
// tasks' items in the order given, then its adjustments in the order given.
// The answer is sorted by class, then score (highest first), then unit id;
// units of one class with equal scores share their rank.
func Score(rules Rules, units []Unit, tasks []Task, adjustments []Adjustment) []UnitScore {
	byID := map[string]*UnitScore{}
	var order []*UnitScore
	unit := func(id string) *UnitScore {
		if u := byID[id]; u != nil {
			return u
		}
		u := &UnitScore{Unit: id, Name: id, Items: []Item{}}
		byID[id] = u
		order = append(order, u)
		return u
	}
	for _, u := range units {
		s := unit(u.ID)
		s.Name, s.Class = cmp.Or(u.Name, u.ID), u.Class
	}
	for _, t := range tasks {
		s := unit(t.Unit)
		s.Items = append(s.Items, taskItems(rules, t)...)
	}
	for _, a := range adjustments {
		s := unit(a.Unit)
		s.Items = append(s.Items, item(a.Points, "", i18n.T("adjusted by hand: %s", a.Reason)))
	}
	out := make([]UnitScore, 0, len(order))
	for _, s := range order {
		var sum float64
		for _, it := range s.Items {
			sum += it.Points
		}
		s.Score = round(sum)
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b UnitScore) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(b.Score, a.Score), cmp.Compare(a.Unit, b.Unit))
	})
	ShareRanks(out, func(a, b UnitScore) bool { return a.Class == b.Class && a.Score == b.Score },
		func(i, rank int) { out[i].Rank = rank })
	// A new class starts again from 1: rank is the place within the class.
	start := 0
	for i := range out {
		if i > 0 && out[i].Class != out[i-1].Class {
			start = i
		}
		out[i].Rank -= start
	}
	return out
}

// taskItems are the lines one task adds: nothing for a rule worth 0 or a
// count of 0.
func taskItems(r Rules, t Task) []Item {
	var items []Item
	add := func(points float64, what i18n.Text) {
		if points != 0 {
			items = append(items, item(points, t.ID, what))
		}
	}
	switch {
	case t.Closed && t.OnTime:
		add(r.ClosedOnTime, i18n.T("closed on time"))
	case t.Closed:
		add(r.ClosedLate, i18n.T("closed late"))
	}
	if t.WorkdaysOverdue > 0 {
		points := r.PerWorkdayOverdue * float64(t.WorkdaysOverdue)
		if r.OverdueCap > 0 && math.Abs(points) > r.OverdueCap {
			add(math.Copysign(r.OverdueCap, points), i18n.T("%d working days overdue (capped)", t.WorkdaysOverdue))
		} else {
			add(points, i18n.T("%d working days overdue", t.WorkdaysOverdue))
		}
	}
	add(r.PerReturn*float64(t.Returns), i18n.T("returned %d times", t.Returns))
	add(r.PerUrge*float64(t.Urges), i18n.T("urged %d times", t.Urges))
	add(r.PerMissedReport*float64(t.MissedReports), i18n.T("%d reports missed", t.MissedReports))
	add(r.PerLateReport*float64(t.LateReports), i18n.T("%d reports late", t.LateReports))
	add(r.PerDayToReceipt*float64(t.DaysToReceipt), i18n.T("%d days to receipt beyond the limit", t.DaysToReceipt))
	return items
}

func item(points float64, task string, what i18n.Text) Item {
	return Item{What: what.En, WhatZh: what.Zh, Points: round(points), Task: task}
}

// round keeps points to two decimals, so that a score is the sum of its
// items as a reader adds them up, without float dust (0.1+0.2).
func round(p float64) float64 { return math.Round(p*100) / 100 }
