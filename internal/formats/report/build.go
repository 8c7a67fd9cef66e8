package report

import (
	"context"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// ProgressSource is where a report's totals and lists come from: indexed
// projection queries, never one call per task.
type ProgressSource interface {
	GetCampaign(ctx context.Context, id string) (store.Campaign, error)
	Rollup(ctx context.Context, campaign string) ([]Row, error)
	FlaggedTasks(ctx context.Context, campaign string) ([]store.TaskLine, error)
	OverdueTasks(ctx context.Context, campaign string) ([]store.TaskLine, error)
}

// RankingSource ranks a campaign's owning units (SPEC section 10).
type RankingSource interface {
	GetCampaign(ctx context.Context, id string) (store.Campaign, error)
	UnitRanking(ctx context.Context, campaign string, now time.Time) ([]store.UnitRank, error)
}

// Source is where a whole report comes from: the progress figures, the unit
// ranking and the indicators of the top-level tasks, each one query.
type Source interface {
	ProgressSource
	RankingSource
	IndicatorTasks(ctx context.Context, campaign string) ([]store.TaskIndicators, error)
}

// Report is a campaign's progress at a moment (SPEC section 5), with its
// units' ranking and its tasks' indicators (SPEC section 10).
type Report struct {
	Campaign    string        `json:"campaign"`
	Title       string        `json:"title"`
	Timezone    string        `json:"timezone"`
	GeneratedAt time.Time     `json:"generated_at"`
	Totals      Totals        `json:"totals"`
	Tracks      []TrackTotals `json:"tracks"`
	// Units are the owning units, ranked (UnitRanking): their tasks,
	// dispatched children included, are counted per unit.
	Units   []UnitRank `json:"units"`
	Flagged []TaskLine `json:"flagged"`
	Overdue []TaskLine `json:"overdue"`
	// Indicators lists every top-level task (parent or plain task, not
	// cancelled) that has indicators, in id order.
	Indicators []TaskLine `json:"indicators"`
	SummaryZH  string     `json:"summary_zh"`
	SummaryEN  string     `json:"summary_en"`
}

// TaskLine is a task as a report lists it: enough to name it, find it and
// see how it stands, without its milestones and history, and its
// indicators worded (none when it has none).
type TaskLine struct {
	store.TaskLine
	Indicators []Indicator `json:"indicators,omitempty"`
}

// UnitRank is one owning unit's row of the ranking.
type UnitRank = store.UnitRank

// TrackTotals are one track's figures.
type TrackTotals struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Totals Totals `json:"totals"`
}

// Progress gathers a campaign's totals, tracks, lists and sentences at now,
// without the ranking and the indicators: what a page header shows, from the
// rollup counters and two short lists, whatever the campaign's size.
func Progress(ctx context.Context, src ProgressSource, campaign string, now time.Time) (Report, error) {
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
		Totals: Sum(rows), Units: []UnitRank{}, Flagged: lines(flagged), Overdue: lines(overdue), Indicators: []TaskLine{},
	}
	byTrack := ByTrack(rows)
	for _, t := range c.Tracks {
		r.Tracks = append(r.Tracks, TrackTotals{ID: t.ID, Title: t.Title, Totals: byTrack[t.ID]})
	}
	r.SummaryZH, r.SummaryEN = Summary(r.Totals)
	return r, nil
}

// Build gathers a campaign's whole report at now: Progress, the units'
// ranking, and the indicators of its top-level tasks, which the flagged and
// overdue lines carry too.
func Build(ctx context.Context, src Source, campaign string, now time.Time) (Report, error) {
	r, err := Progress(ctx, src, campaign, now)
	if err != nil {
		return Report{}, err
	}
	units, err := src.UnitRanking(ctx, campaign, now)
	if err != nil {
		return Report{}, err
	}
	r.Units = append(r.Units, units...)
	withIndicators, err := src.IndicatorTasks(ctx, campaign)
	if err != nil {
		return Report{}, err
	}
	byID := make(map[string][]Indicator, len(withIndicators))
	for _, t := range withIndicators {
		words := Indicators(t.Indicators)
		byID[t.ID] = words
		if t.Status != task.StatusCancelled {
			r.Indicators = append(r.Indicators, TaskLine{TaskLine: t.TaskLine, Indicators: words})
		}
	}
	for _, list := range [][]TaskLine{r.Flagged, r.Overdue} {
		for i := range list {
			list[i].Indicators = byID[list[i].ID]
		}
	}
	return r, nil
}

func lines(in []store.TaskLine) []TaskLine {
	out := make([]TaskLine, len(in))
	for i, l := range in {
		out[i] = TaskLine{TaskLine: l}
	}
	return out
}

// Ranking is the units' ranking of a campaign at a moment, on its own (GET
// /api/v1/campaigns/{id}/units).
type Ranking struct {
	Campaign    string     `json:"campaign"`
	Title       string     `json:"title"`
	Timezone    string     `json:"timezone"`
	GeneratedAt time.Time  `json:"generated_at"`
	Units       []UnitRank `json:"units"`
}

// BuildRanking ranks a campaign's units at now; store.ErrNotFound for an
// unknown campaign.
func BuildRanking(ctx context.Context, src RankingSource, campaign string, now time.Time) (Ranking, error) {
	c, err := src.GetCampaign(ctx, campaign)
	if err != nil {
		return Ranking{}, err
	}
	units, err := src.UnitRanking(ctx, campaign, now)
	if err != nil {
		return Ranking{}, err
	}
	return Ranking{Campaign: c.ID, Title: c.Title, Timezone: c.Timezone, GeneratedAt: now, Units: units}, nil
}
