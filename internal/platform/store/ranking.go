package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/scoring"
	"github.com/closeout/closeout/internal/domain/task"
)

// UnitRank is one owning unit's standing in a campaign (考评, SPEC section
// 10): its tasks (dispatched children included, cancelled ones left out),
// how many are closed, closed on time and overdue, and its indicator values
// summed over those tasks.
type UnitRank struct {
	// Rank is the unit's place, shared by units equal on the keys the
	// ranking sorts by before the id (standard competition ranking,
	// 并列: 1, 1, 3), so 18 units tied at 100% are all first.
	Rank         int    `json:"rank"`
	ID           string `json:"id"`
	Name         string `json:"name"`
	Tasks        int    `json:"tasks"`
	Closed       int    `json:"closed"`
	ClosedOnTime int    `json:"closed_on_time"`
	// Overdue are the tasks not closed whose deadline has passed.
	Overdue int `json:"overdue"`
	// OnTimePct is ClosedOnTime of Tasks, a whole percent rounded half up.
	OnTimePct int `json:"on_time_pct"`
	// AvgDaysLate is the mean number of calendar days (in the campaign's
	// timezone) the unit's late tasks are late, to one decimal; 0 when none
	// is. A task is late when it was closed but not on time (closed at
	// minus deadline) or is overdue (now minus deadline).
	AvgDaysLate float64 `json:"avg_days_late"`
	// Indicators are summed per indicator id over the unit's tasks, in the
	// order they first appear (tasks in id order): value, target and each
	// part's value; Percent is value of target, to one decimal, nil without
	// a target.
	Indicators []task.IndicatorView `json:"indicators"`
}

// Percent is n of total as a whole percentage, rounded half up (60.5 → 61),
// in integers so no float rounding can surprise; 0 of nothing is 0.
func Percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (200*n + total) / (2 * total)
}

// indicatorsColumn is the SQL expression of a task document's indicators,
// as JSON text: parsed by the database, so a ranking over thousands of tasks
// moves and decodes only the indicators, never the whole documents.
func (s *DB) indicatorsColumn(doc string) string {
	if s.postgres {
		return `(` + doc + `::json ->> 'indicators')`
	}
	return `json_extract(` + doc + `, '$.indicators')`
}

// campaignLocation is the campaign's timezone, or ErrNotFound.
func (s *DB) campaignLocation(ctx context.Context, campaign string) (*time.Location, error) {
	var tz string
	err := s.db.QueryRowContext(ctx, `SELECT timezone FROM campaigns WHERE id = $1`, campaign).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC, nil //nolint:nilerr // a zone this machine lacks: rank by UTC days rather than not at all
	}
	return loc, nil
}

// UnitRanking ranks the units owning tasks of a campaign at now: one row per
// unit (tasks owned by unit:ID, children included), named from the units
// table (the id when the unit is not there), sorted by on-time percent
// (highest first), then fewest overdue, then id; units equal on the first
// two share their Rank. ErrNotFound for an unknown
// campaign. One query over the campaign's unit-owned tasks, reading their
// row columns and only the indicators of their documents.
func (s *DB) UnitRanking(ctx context.Context, campaign string, now time.Time) ([]UnitRank, error) {
	loc, err := s.campaignLocation(ctx, campaign)
	if err != nil {
		return nil, err
	}
	// #nosec G202 -- indicatorsColumn is a constant expression per database; the campaign is an argument
	rows, err := s.db.QueryContext(ctx, `SELECT t.owner, COALESCE(u.name, ''), t.status, t.deadline, t.closed_at,
		COALESCE(t.closed_on_time, FALSE), `+s.indicatorsColumn("t.doc")+`
		FROM tasks t LEFT JOIN units u ON u.id = SUBSTR(t.owner, 6)
		WHERE t.campaign = $1 AND t.owner LIKE 'unit:%' AND t.status <> 'cancelled'
		ORDER BY t.id`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type tally struct {
		UnitRank
		late     int
		daysLate int
		sums     indicatorSums
	}
	byUnit := map[string]*tally{}
	var order []*tally
	for rows.Next() {
		var (
			owner, name, status string
			deadline            int64
			closedAt            sql.NullInt64
			onTime              bool
			indicators          sql.NullString
		)
		if err := rows.Scan(&owner, &name, &status, &deadline, &closedAt, &onTime, &indicators); err != nil {
			return nil, err
		}
		unit, ok := task.UnitOf(owner)
		if !ok { // SQLite's LIKE ignores case: "UNIT:x" is a person's id
			continue
		}
		u := byUnit[unit]
		if u == nil {
			u = &tally{UnitRank: UnitRank{ID: unit, Name: cmp.Or(name, unit)}}
			byUnit[unit] = u
			order = append(order, u)
		}
		u.Tasks++
		due := fromMS(deadline)
		switch {
		case status == string(task.StatusClosed):
			u.Closed++
			if onTime {
				u.ClosedOnTime++
			} else {
				end := due
				if closedAt.Valid {
					end = fromMS(closedAt.Int64)
				}
				u.late++
				u.daysLate += calendarDays(due, end, loc)
			}
		case !now.Before(due):
			u.Overdue++
			u.late++
			u.daysLate += calendarDays(due, now, loc)
		}
		if err := u.sums.add(indicators.String); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]UnitRank, 0, len(order))
	for _, u := range order {
		r := u.UnitRank
		r.OnTimePct = Percent(r.ClosedOnTime, r.Tasks)
		if u.late > 0 {
			r.AvgDaysLate = math.Round(float64(u.daysLate)/float64(u.late)*10) / 10
		}
		r.Indicators = u.sums.views()
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b UnitRank) int {
		return cmp.Or(compareStanding(a, b), cmp.Compare(a.ID, b.ID))
	})
	shareRanks(out)
	return out, nil
}

// compareStanding orders two units by what ranks them: on-time percent
// (highest first), then fewest overdue. The id only breaks ties for a
// stable order; it does not make a unit better placed.
func compareStanding(a, b UnitRank) int {
	return cmp.Or(cmp.Compare(b.OnTimePct, a.OnTimePct), cmp.Compare(a.Overdue, b.Overdue))
}

// shareRanks numbers sorted units in standard competition ranking (1, 1,
// 3), by the one rule scores rank by too.
func shareRanks(units []UnitRank) {
	scoring.ShareRanks(units, func(a, b UnitRank) bool { return compareStanding(a, b) == 0 },
		func(i, rank int) { units[i].Rank = rank })
}

// calendarDays is how many calendar days, in loc, lie from the day of from
// to the day of to; never negative.
func calendarDays(from, to time.Time, loc *time.Location) int {
	civil := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return max(int(civil(to).Sub(civil(from)).Hours()/24), 0)
}

// indicatorSums adds up indicators by id, and their parts by part id, in
// the order each first appears.
type indicatorSums struct {
	list []*task.IndicatorView
	byID map[string]*task.IndicatorView
}

// add adds a task's indicators, given as the JSON of its document's
// "indicators" ("" or null for none).
func (s *indicatorSums) add(doc string) error {
	if doc == "" || doc == "null" || doc == "[]" {
		return nil
	}
	var list []task.IndicatorView
	if err := json.Unmarshal([]byte(doc), &list); err != nil {
		return err
	}
	for _, iv := range list {
		acc := s.byID[iv.ID]
		if acc == nil {
			if s.byID == nil {
				s.byID = map[string]*task.IndicatorView{}
			}
			acc = &task.IndicatorView{ID: iv.ID, Name: iv.Name, Unit: iv.Unit}
			s.byID[iv.ID] = acc
			s.list = append(s.list, acc)
		}
		acc.Value += iv.Value
		acc.Target += iv.Target
		for _, p := range iv.Parts {
			i := slices.IndexFunc(acc.Parts, func(q task.PartView) bool { return q.ID == p.ID })
			if i < 0 {
				acc.Parts = append(acc.Parts, task.PartView{ID: p.ID, Name: p.Name})
				i = len(acc.Parts) - 1
			}
			acc.Parts[i].Value += p.Value
		}
	}
	return nil
}

// views are the sums, with their percent of target (one decimal, as the
// task view has it).
func (s *indicatorSums) views() []task.IndicatorView {
	out := make([]task.IndicatorView, 0, len(s.list))
	for _, iv := range s.list {
		v := *iv
		if v.Target > 0 {
			pct := math.Round(v.Value/v.Target*1000) / 10
			v.Percent = &pct
		}
		out = append(out, v)
	}
	return out
}

// TaskIndicators is a top-level task as a report lists it, with its
// indicators.
type TaskIndicators struct {
	TaskLine
	Indicators []task.IndicatorView `json:"indicators"`
}

// IndicatorTasks are the campaign's top-level tasks (parents and plain
// tasks, cancelled ones included) that have indicators, in id order: one
// query reading the row columns and only the indicators of the documents
// that have some.
func (s *DB) IndicatorTasks(ctx context.Context, campaign string) ([]TaskIndicators, error) {
	// #nosec G202 -- constant column lists; the campaign is an argument
	rows, err := s.db.QueryContext(ctx, `SELECT `+lineColumns+`, `+s.indicatorsColumn("doc")+`
		FROM tasks WHERE campaign = $1 AND has_indicators = TRUE AND parent = '' ORDER BY id`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TaskIndicators{}
	for rows.Next() {
		var (
			l          TaskLine
			deadline   int64
			indicators sql.NullString
		)
		if err := rows.Scan(&l.Campaign, &l.ID, &l.Title, &l.Track, &l.Owner, &l.Leader, &l.Flagged,
			&l.Status, &l.Light, &deadline, &l.EscalationLevel, &indicators); err != nil {
			return nil, err
		}
		if doc := indicators.String; doc == "" || doc == "null" || doc == "[]" {
			continue
		}
		l.Deadline = fromMS(deadline)
		t := TaskIndicators{TaskLine: l}
		if err := json.Unmarshal([]byte(indicators.String), &t.Indicators); err != nil {
			return nil, err
		}
		if len(t.Indicators) > 0 {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// TopTasks is ListTasks for the pages that show a campaign's own list:
// parents and plain tasks only (dispatched children are on their parent's
// page and in the unit ranking), of one track or all (track ""), a page at a
// time in id order, with the cursor of the next page ("" on the last one).
func (s *DB) TopTasks(ctx context.Context, campaign, track, cursor string, limit int) ([]task.View, string, error) {
	q := `SELECT id, doc FROM tasks WHERE campaign = $1 AND parent = ''`
	args := []any{campaign}
	if track != "" {
		args = append(args, track)
		q += ` AND track = ` + placeholders(len(args), 1)
	}
	if cursor != "" {
		_, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, "", err
		}
		args = append(args, id)
		q += ` AND id > ` + placeholders(len(args), 1)
	}
	args = append(args, limit+1)
	q += ` ORDER BY id LIMIT ` + placeholders(len(args), 1) // #nosec G202 -- q is constant text and placeholders; track, cursor and limit are arguments
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var (
		out    []task.View
		lastID string
	)
	for rows.Next() {
		var (
			id  string
			doc sql.RawBytes
		)
		if err := rows.Scan(&id, &doc); err != nil {
			return nil, "", err
		}
		if len(out) == limit {
			return out, encodeCursor(campaign, lastID), rows.Err()
		}
		var t task.View
		if err := json.Unmarshal(doc, &t); err != nil {
			return nil, "", err
		}
		out = append(out, t)
		lastID = id
	}
	return out, "", rows.Err()
}

// UnitNames returns the names of the units with the given ids, in one
// query; a unit that is not there (or has no name) is left out.
func (s *DB) UnitNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	// #nosec G202 -- only placeholders are joined in; the ids are arguments
	rows, err := s.db.QueryContext(ctx, `SELECT id, name FROM units WHERE id IN (`+placeholders(1, len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		if name != "" {
			out[id] = name
		}
	}
	return out, rows.Err()
}
