package dashboard

import (
	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/reverse"
)

// importPreview is a plan's dry run as the import page shows it: its tasks
// by track with their reverse-scheduled dates, the critical chain, the
// deadlines the schedule pulled earlier and why, the schedule's problems
// (a plan that allows them) and, for a re-import, what changes.
type importPreview struct {
	ID, Title string
	Tracks    []previewTrack
	Tasks     int
	Critical  []string
	Adjusted  []previewAdjustment
	Problems  []string
	// Changes is nil for a new campaign.
	Changes *importing.Changes
}

type previewTrack struct {
	ID, Title string
	Tasks     []previewTask
}

// previewTask is one task's schedule: the latest day it may start, the
// deadline the plan asks and the one planned (earlier when a task depending
// on it must start before). Dates are civil, YYYY-MM-DD.
type previewTask struct {
	ID, Title, Owner            string
	LatestStart, Requested, Due string
	Critical, Moved, Infeasible bool
}

// previewAdjustment is an adjusted deadline with its reason in the page's
// language.
type previewAdjustment struct {
	Task, Requested, Planned, Because string
}

func newImportPreview(pl importing.Planned, changes *importing.Changes, l lang) *importPreview {
	p := pl.Plan
	out := &importPreview{ID: p.ID, Title: p.Title, Critical: pl.Schedule.Critical, Changes: changes}
	schedule := make(map[string]reverse.TaskSchedule, len(pl.Schedule.Tasks))
	for _, ts := range pl.Schedule.Tasks {
		schedule[ts.ID] = ts
	}
	for _, tr := range p.Tracks {
		track := previewTrack{ID: tr.ID, Title: tr.Title}
		for _, t := range tr.Tasks {
			ts := schedule[t.ID]
			due := ts.EffectiveDeadline
			if due.IsZero() {
				due = ts.Deadline
			}
			track.Tasks = append(track.Tasks, previewTask{ID: t.ID, Title: t.Title, Owner: t.Owner,
				LatestStart: civil(ts.LatestStart), Requested: civil(ts.Deadline), Due: civil(due),
				Critical: ts.Critical, Moved: due.Before(ts.Deadline), Infeasible: ts.Infeasible})
		}
		out.Tasks += len(track.Tasks)
		out.Tracks = append(out.Tracks, track)
	}
	for _, a := range pl.Adjusted {
		out.Adjusted = append(out.Adjusted, previewAdjustment{Task: a.Task, Requested: a.Requested, Planned: a.Planned,
			Because: inLang(l, a.BecauseZH, a.Because)})
	}
	for _, pr := range pl.Schedule.Problems {
		out.Problems = append(out.Problems, pr.Message)
	}
	return out
}

// civil is a date as the page shows it; nothing for a day the calendar
// could not place.
func civil(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
