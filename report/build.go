package report

import (
	"context"
	"time"

	"github.com/closeout/closeout/store"
)

// Source is where a report's figures come from: indexed projection queries,
// never one call per task.
type Source interface {
	GetCampaign(ctx context.Context, id string) (store.Campaign, error)
	Rollup(ctx context.Context, campaign string) ([]Row, error)
	FlaggedTasks(ctx context.Context, campaign string) ([]TaskLine, error)
	OverdueTasks(ctx context.Context, campaign string) ([]TaskLine, error)
}

// Report is a campaign's progress at a moment (SPEC section 5).
type Report struct {
	Campaign    string        `json:"campaign"`
	Title       string        `json:"title"`
	Timezone    string        `json:"timezone"`
	GeneratedAt time.Time     `json:"generated_at"`
	Totals      Totals        `json:"totals"`
	Tracks      []TrackTotals `json:"tracks"`
	Flagged     []TaskLine    `json:"flagged"`
	Overdue     []TaskLine    `json:"overdue"`
	SummaryZH   string        `json:"summary_zh"`
	SummaryEN   string        `json:"summary_en"`
}

// TaskLine is a task as a report lists it: enough to name it, find it and
// see how it stands, without its milestones and history.
type TaskLine = store.TaskLine

// TrackTotals are one track's figures.
type TrackTotals struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Totals Totals `json:"totals"`
}

// Build gathers a campaign's report at now.
func Build(ctx context.Context, src Source, campaign string, now time.Time) (Report, error) {
	c, err := src.GetCampaign(ctx, campaign)
	if err != nil {
		return Report{}, err
	}
	rows, err := src.Rollup(ctx, campaign)
	if err != nil {
		return Report{}, err
	}
	flagged, err := src.FlaggedTasks(ctx, campaign)
	if err != nil {
		return Report{}, err
	}
	overdue, err := src.OverdueTasks(ctx, campaign)
	if err != nil {
		return Report{}, err
	}
	r := Report{
		Campaign: c.ID, Title: c.Title, Timezone: c.Timezone, GeneratedAt: now,
		Totals: Sum(rows), Flagged: flagged, Overdue: overdue,
	}
	byTrack := ByTrack(rows)
	for _, t := range c.Tracks {
		r.Tracks = append(r.Tracks, TrackTotals{ID: t.ID, Title: t.Title, Totals: byTrack[t.ID]})
	}
	r.SummaryZH, r.SummaryEN = Summary(r.Totals)
	return r, nil
}
