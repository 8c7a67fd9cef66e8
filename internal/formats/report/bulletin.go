package report

import (
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
)

// Bulletin is a campaign's 情况通报 for a period (SPEC section 18): where
// it stood at the period's start and end, what closed and who was urged in
// it, what is overdue at its end, and the units' ranking with scores.
type Bulletin struct {
	Campaign    string    `json:"campaign"`
	Title       string    `json:"title"`
	Timezone    string    `json:"timezone"`
	GeneratedAt time.Time `json:"generated_at"`
	// From and To are the period's first and last days, in the campaign's
	// timezone; it runs from From's start to the end of To (or to
	// GeneratedAt, when that is earlier).
	From  calendar.Date `json:"from"`
	To    calendar.Date `json:"to"`
	Start Totals        `json:"start"`
	End   Totals        `json:"end"`
	// EndZH and EndEN word End in the seed's sentence.
	EndZH   string         `json:"end_zh"`
	EndEN   string         `json:"end_en"`
	Closed  []BulletinTask `json:"closed"`
	Overdue []BulletinTask `json:"overdue"`
	Urges   []BulletinUrge `json:"urges"`
	// MissedReports are the periodic reports missed in the period. Periodic
	// reports (定期报送) are not built yet, so it is always empty: shown as
	// none rather than invented.
	MissedReports []BulletinTask `json:"missed_reports"`
	Scores        Scores         `json:"scores"`
}

// BulletinTask is a task as the bulletin lists it.
type BulletinTask struct {
	ID              string     `json:"id"`
	Title           string     `json:"title"`
	Owner           string     `json:"owner"`
	Deadline        time.Time  `json:"deadline"`
	ClosedAt        *time.Time `json:"closed_at,omitempty"`
	EscalationLevel int        `json:"escalation_level"`
}

// BulletinUrge is one urge (催办) in the period.
type BulletinUrge struct {
	Task  string    `json:"task"`
	Title string    `json:"title"`
	Owner string    `json:"owner"`
	At    time.Time `json:"at"`
	By    string    `json:"by"`
	Note  string    `json:"note"`
}

// BulletinInput is what a bulletin is built from: the campaign's tasks as
// the projection has them, the event logs of those NeedsEvents names (the
// others may be absent), and the scores at the time it is made: scores are
// of the tasks as they stand, not as they stood at the period's end.
type BulletinInput struct {
	Campaign, Title, Timezone string
	Tasks                     []task.View
	Events                    map[string][]task.Event
	Scores                    Scores
	Now                       time.Time
}

// DefaultPeriod is the last full calendar month before now in loc.
func DefaultPeriod(now time.Time, loc *time.Location) (from, to calendar.Date) {
	first := time.Date(now.In(loc).Year(), now.In(loc).Month(), 1, 0, 0, 0, 0, loc)
	prev := first.AddDate(0, -1, 0)
	return calendar.DateOf(prev), calendar.DateOf(first.AddDate(0, 0, -1))
}

// BulletinEnd is when the period ending on day to ends: the end of that
// day in loc, or now when that is earlier.
func BulletinEnd(to calendar.Date, loc *time.Location, now time.Time) time.Time {
	end := to.AddDays(1).In(loc)
	if now.Before(end) {
		return now
	}
	return end
}

// NeedsEvents reports whether a bulletin ending at end must read t's log:
// when its row does not tell its past (urged, cancelled, escalated), or it
// may be overdue at end, where the list gives its ladder's level then.
func NeedsEvents(t task.View, end time.Time) bool {
	return t.Urges > 0 || t.Status == task.StatusCancelled || t.EscalationLevel > 0 ||
		(!closedBy(t, end) && t.Deadline.Before(end))
}

// BuildBulletin words in's campaign over the days from to to in loc.
// Counted like the report (Totals): parents and plain tasks, cancelled ones
// left out from their cancellation on. A task's deadline is the one it has
// now: an extension granted later moves it back in the figures too.
func BuildBulletin(in BulletinInput, loc *time.Location, from, to calendar.Date) Bulletin {
	start := from.In(loc)
	end := BulletinEnd(to, loc, in.Now)
	b := Bulletin{Campaign: in.Campaign, Title: in.Title, Timezone: in.Timezone, GeneratedAt: in.Now,
		From: from, To: to, Closed: []BulletinTask{}, Overdue: []BulletinTask{}, Urges: []BulletinUrge{},
		MissedReports: []BulletinTask{}, Scores: in.Scores}
	for _, t := range in.Tasks {
		events := in.Events[t.ID]
		for _, e := range events {
			if e.Type == task.EventUrged && !e.At.Before(start) && e.At.Before(end) {
				note, _ := e.Data["note"].(string)
				b.Urges = append(b.Urges, BulletinUrge{Task: t.ID, Title: t.Title, Owner: t.Owner, At: e.At, By: e.Actor, Note: note})
			}
		}
		if t.Parent != "" {
			continue
		}
		countAt(&b.Start, t, events, start)
		countAt(&b.End, t, events, end)
		if !listedAt(t, events, end) {
			continue
		}
		line := BulletinTask{ID: t.ID, Title: t.Title, Owner: t.Owner, Deadline: t.Deadline, ClosedAt: t.ClosedAt,
			EscalationLevel: escalationAt(t, events, end)}
		switch {
		case closedBy(t, end) && !closedBy(t, start):
			b.Closed = append(b.Closed, line)
		case !closedBy(t, end) && t.Deadline.Before(end):
			b.Overdue = append(b.Overdue, line)
		}
	}
	b.Start.ClosedPct = Percent(b.Start.Closed, b.Start.Tasks)
	b.End.ClosedPct = Percent(b.End.Closed, b.End.Tasks)
	b.EndZH, b.EndEN = Summary(b.End)
	slices.SortFunc(b.Urges, func(a, c BulletinUrge) int { return a.At.Compare(c.At) })
	slices.SortStableFunc(b.Overdue, func(a, c BulletinTask) int { return a.Deadline.Compare(c.Deadline) })
	return b
}

// countAt adds t to totals as it stood at: the figures Totals has, those a
// bulletin speaks of (tasks, closed, overdue). A moment's state is what
// happened before it, so the period [start, end) holds what happened at its
// first instant and not at its end.
func countAt(totals *Totals, t task.View, events []task.Event, at time.Time) {
	if !listedAt(t, events, at) {
		return
	}
	totals.Tasks++
	switch {
	case closedBy(t, at):
		totals.Closed++
	case t.Deadline.Before(at):
		totals.Overdue++
	}
}

// listedAt: t existed at at and had not been cancelled by then.
func listedAt(t task.View, events []task.Event, at time.Time) bool {
	if !t.CreatedAt.Before(at) {
		return false
	}
	if t.Status != task.StatusCancelled {
		return true
	}
	for _, e := range events {
		if e.Type == task.EventCancelled {
			return !e.At.Before(at)
		}
	}
	return false // cancelled, its log not given: left out, as the report does
}

func closedBy(t task.View, at time.Time) bool {
	return t.Status == task.StatusClosed && t.ClosedAt != nil && t.ClosedAt.Before(at)
}

// escalationAt is the ladder's level t had reached at: its last escalated
// event's level by then, or the projection's level when it is now.
func escalationAt(t task.View, events []task.Event, at time.Time) int {
	if events == nil {
		return t.EscalationLevel
	}
	level := 0
	for _, e := range events {
		if e.Type != task.EventEscalated || !e.At.Before(at) {
			continue
		}
		if n, ok := number(e.Data["level"]); ok {
			level = n
		}
	}
	return level
}

// number reads a level from an event's data: an int when built, a float64
// once read back from JSON.
func number(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	}
	return 0, false
}
