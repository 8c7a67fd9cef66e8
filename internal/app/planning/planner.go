package planning

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"

	"go.yaml.in/yaml/v3"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// Store is what the planner reads.
type Store interface {
	GetCampaign(ctx context.Context, id string) (store.Campaign, error)
	CampaignPlan(ctx context.Context, id string) (json.RawMessage, error)
	CampaignTasks(ctx context.Context, campaign string) ([]task.View, error)
}

// Signaler tells a running task workflow about its new plan.
type Signaler interface {
	SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg any) error
}

// Planner re-plans campaigns stored in the projection.
type Planner struct {
	store     Store
	signaler  Signaler
	calendars *Calendars
	// loads runs one calendar load at a time in this process, so a load's
	// signals never overtake those of the load after it.
	loads sync.Mutex

	mu sync.Mutex
	// plans are by plan hash, parsed with the calendars at plansVersion: a
	// stored plan never changes, but a loaded calendar year changes what
	// it schedules to.
	plans        map[string]*plan.Plan
	plansVersion int64
	// specs are the last import's task specs, handed over by the import
	// (HandOverSpecs) or scheduled here: every batch of an import asks for
	// them, and scheduling a 10,000-task plan 50 times over is waste.
	specs struct {
		key   string // plan hash and calendar version
		specs []task.Spec
	}
}

// New builds a planner. When s also keeps loaded calendar years
// (CalendarStore), plans are read with them.
func New(s Store, signaler Signaler) *Planner {
	cs, _ := s.(CalendarStore)
	return &Planner{store: s, signaler: signaler, calendars: NewCalendars(cs), plans: map[string]*plan.Plan{}}
}

// Calendars are the calendars the planner reads plans with; the API parses
// imports with the same.
func (p *Planner) Calendars() *Calendars { return p.calendars }

// CampaignPlan is the campaign's plan as imported, parsed again from the
// projection with the calendars as stored now (and kept until a calendar
// year is loaded: a stored plan never changes).
func (p *Planner) CampaignPlan(ctx context.Context, campaign string) (*plan.Plan, store.Campaign, error) {
	pl, c, _, err := p.campaignPlan(ctx, campaign)
	return pl, c, err
}

// WorkCalendar is the campaign's working calendar and timezone, as its
// plan reads them (taskops times urges with it).
func (p *Planner) WorkCalendar(ctx context.Context, campaign string) (calendar.Calendar, *time.Location, error) {
	pl, c, err := p.CampaignPlan(ctx, campaign)
	if err != nil {
		return nil, nil, err
	}
	loc, err := time.LoadLocation(c.Timezone) // checked on import
	if err != nil {
		return nil, nil, err
	}
	return pl.WorkCalendar(), loc, nil
}

// campaignPlan is CampaignPlan and the calendar version it was read at.
func (p *Planner) campaignPlan(ctx context.Context, campaign string) (*plan.Plan, store.Campaign, int64, error) {
	c, err := p.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, c, 0, err
	}
	cals, version, err := p.calendars.Current(ctx)
	if err != nil {
		return nil, c, 0, err
	}
	pl, err := p.storedPlan(ctx, c, cals, version)
	return pl, c, version, err
}

// storedPlan is campaign c's plan read with cals (at version), from the
// cache or parsed from the projection.
func (p *Planner) storedPlan(ctx context.Context, c store.Campaign, cals *calendar.Set, version int64) (*plan.Plan, error) {
	p.mu.Lock()
	if version != p.plansVersion {
		p.plans, p.plansVersion = map[string]*plan.Plan{}, version
	}
	cached, ok := p.plans[c.PlanHash]
	p.mu.Unlock()
	if ok {
		return cached, nil
	}
	doc, err := p.store.CampaignPlan(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	parsed, err := plan.Parse(doc, plan.JSON, plan.ParseOptions{
		Now: c.Start,
		// People and units outside the plan were checked when it was
		// imported (and DispatchSpec checks a unit added later).
		PersonExists: func(string) bool { return true },
		UnitExists:   func(string) bool { return true },
		Calendars:    cals,
	})
	if err != nil {
		return nil, fmt.Errorf("stored plan of %s: %w", c.ID, err)
	}
	p.mu.Lock()
	if version == p.plansVersion {
		p.plans[c.PlanHash] = parsed
	}
	p.mu.Unlock()
	return parsed, nil
}

// ImportSpecs returns every task's spec of a stored campaign, for the import
// workflow's batches: the specs the import handed over (HandOverSpecs) or
// that an earlier batch made, when they are of the campaign's plan under
// today's calendars; otherwise the stored plan, parsed and scheduled. Only
// then is the stored plan read.
func (p *Planner) ImportSpecs(ctx context.Context, campaign string) ([]task.Spec, error) {
	c, err := p.store.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	cals, version, err := p.calendars.Current(ctx)
	if err != nil {
		return nil, err
	}
	key := specsKey(c.PlanHash, version)
	p.mu.Lock()
	cached := p.specs
	p.mu.Unlock()
	if cached.key == key {
		return cached.specs, nil
	}
	pl, err := p.storedPlan(ctx, c, cals, version)
	if err != nil {
		return nil, err
	}
	res, err := plan.Schedule(pl)
	if err != nil {
		return nil, err
	}
	specs, err := Specs(pl, res)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.specs.key, p.specs.specs = key, specs
	p.mu.Unlock()
	return specs, nil
}

// HandOverSpecs keeps the specs an import has just scheduled (importing.
// Importer, before it starts the import workflow) as those of the plan with
// that hash under the calendars at calendarVersion: ImportSpecs then answers
// them to the workflow's activities in this process instead of parsing and
// scheduling the stored plan again. The key is the one ImportSpecs looks
// for, so a calendar year loaded in between still makes it schedule anew.
func (p *Planner) HandOverSpecs(planHash string, calendarVersion int64, specs []task.Spec) {
	p.mu.Lock()
	p.specs.key, p.specs.specs = specsKey(planHash, calendarVersion), specs
	p.mu.Unlock()
}

// specsKey names a plan's specs: its hash and the calendar version they
// were scheduled at.
func specsKey(planHash string, calendarVersion int64) string {
	return fmt.Sprintf("%s@%d", planHash, calendarVersion)
}

// ErrNotPlanned is returned for an extension on a campaign the planner
// cannot schedule (its calendar lacks the new deadline's dates, say).
var ErrNotPlanned = errors.New("the task cannot be planned")

// Replan computes a task's plan under a new own deadline (an extension) and
// signals the tasks it depends on their new plans. Only the Reschedule
// activity of workflows from before PlanExtension calls it: a signal sent
// from inside a workflow task outlives the task if it never commits.
func (p *Planner) Replan(ctx context.Context, req task.RescheduleRequest) (task.Plan, error) {
	ep, err := p.PlanExtension(ctx, req)
	if err != nil {
		return task.Plan{}, err
	}
	for _, d := range ep.Dependents {
		err := p.signaler.SignalWorkflow(ctx, workflows.TaskWorkflowID(req.Campaign, d.Task), "", workflows.SignalReschedule,
			task.RescheduleSignal{Plan: d.Plan, Reason: ep.Reason})
		if err != nil {
			return task.Plan{}, fmt.Errorf("re-plan task %s: %w", d.Task, err)
		}
	}
	return ep.Plan, nil
}

// PlanExtension computes a task's plan under a new own deadline (an
// extension). It re-runs the whole campaign's schedule, because moving a
// deadline moves the effective deadlines of the tasks this one depends on;
// those come back with their new plans, for the workflow to signal once the
// extension is committed. It implements activities.Replanner.
func (p *Planner) PlanExtension(ctx context.Context, req task.RescheduleRequest) (task.ExtensionPlan, error) {
	var ep task.ExtensionPlan
	pl, _, err := p.CampaignPlan(ctx, req.Campaign)
	if err != nil {
		return ep, err
	}
	live, err := p.liveTasks(ctx, pl, req.Campaign)
	if err != nil {
		return ep, err
	}
	i := slices.IndexFunc(live.tasks, func(t plan.Task) bool { return t.ID == req.Task })
	if i < 0 {
		return ep, i18n.Errorf("task %s is not open in campaign %s", req.Task, req.Campaign)
	}
	live.tasks[i].Deadline = momentOf(req.Deadline, pl.Location())
	plans, err := p.schedule(pl, live.tasks)
	if err != nil {
		return ep, err
	}
	ep.Plan, ep.Reason = plans[req.Task], "an extension of "+req.Task
	for _, id := range changed(live.deadlines, plans, req.Task) {
		ep.Dependents = append(ep.Dependents, task.DependentPlan{Task: id, Plan: plans[id]})
	}
	return ep, nil
}

// NewTask plans a task added to a stored campaign. The body is a plan task
// plus its track. The task is scheduled with the rest of the campaign when it
// depends on other tasks (their effective deadlines may tighten: call
// SignalDependencies once the task exists); a task without dependencies is
// scheduled on its own.
func (p *Planner) NewTask(ctx context.Context, campaign string, body []byte, format plan.Format, personExists func(string) bool) (task.Spec, *Dependencies, error) {
	return p.NewTaskWith(ctx, campaign, body, format, plan.ParseOptions{PersonExists: personExists})
}

// NewTaskWith is NewTask with the people and units known outside the plan
// (known.PersonExists, known.UnitExists), so that the task may name a unit
// created through the API; known.Now is not used.
func (p *Planner) NewTaskWith(ctx context.Context, campaign string, body []byte, format plan.Format, known plan.ParseOptions) (task.Spec, *Dependencies, error) {
	pl, _, err := p.CampaignPlan(ctx, campaign)
	if err != nil {
		return task.Spec{}, nil, err
	}
	peek := peekTask(body, format)
	// Only a task with dependencies needs the rest of the campaign (from the
	// projection): it may tighten their deadlines. Without, the stored plan is
	// enough, so adding tasks one by one costs the same at any campaign size.
	var live liveSet
	existing := pl.Tasks()
	if len(peek.DependsOn) > 0 {
		if live, err = p.liveTasks(ctx, pl, campaign); err != nil {
			return task.Spec{}, nil, err
		}
		existing = live.all
	}
	// The same task sent again is planned as if new, so that its spec can be
	// compared with the running task's (same: found; different: refused).
	live = live.without(peek.ID)
	current := *pl
	current.Tracks = slices.Clone(pl.Tracks)
	for i := range current.Tracks {
		current.Tracks[i].Tasks = nil
	}
	for _, t := range existing {
		if t.ID != peek.ID {
			t.Children = nil // existing lists them on their own
			// AddTask fails only for an id already there or a track the plan
			// lacks; these are the campaign's own tasks, once each, in its
			// tracks, and ParseTask would name a dependency left out.
			_ = current.AddTask(t)
		}
	}
	// ParseTask checks ids and dependencies against the campaign as it is now.
	known.Now = pl.Start.Time
	t, err := plan.ParseTask(body, format, &current, known)
	if err != nil {
		return task.Spec{}, nil, err
	}
	tasks := []plan.Task{*t}
	if len(t.DependsOn) > 0 {
		tasks = append(live.tasks, *t)
	}
	res, err := reverse.Run(plan.ScheduleInput(pl, tasks))
	if err != nil {
		return task.Spec{}, nil, err
	}
	if len(res.Problems) > 0 && !pl.AllowInfeasible {
		return task.Spec{}, nil, scheduleProblems(res)
	}
	var own reverse.TaskSchedule
	for _, ts := range res.Tasks {
		if ts.ID == t.ID {
			own = ts
		}
	}
	spec, err := Spec(pl, *t, own)
	if err != nil {
		return task.Spec{}, nil, err
	}
	deps := &Dependencies{campaign: campaign, task: t.ID, deadlines: live.deadlines, plans: map[string]task.Plan{}}
	if len(t.DependsOn) > 0 {
		if deps.plans, err = p.plansOf(pl, tasks, res); err != nil {
			return task.Spec{}, nil, err
		}
	}
	return spec, deps, nil
}

// Dependencies are the re-plans a new task causes in the tasks it depends on.
type Dependencies struct {
	campaign, task string
	deadlines      map[string]time.Time
	plans          map[string]task.Plan
}

// SignalDependencies tells the tasks a new task depends on their new plans.
func (p *Planner) SignalDependencies(ctx context.Context, d *Dependencies) error {
	return p.signalChanged(ctx, d.campaign, d.deadlines, d.plans, d.task, "task "+d.task+" depends on it")
}

// liveSet is the campaign's tasks that still need planning: not closed, not
// cancelled.
type liveSet struct {
	tasks     []plan.Task
	all       []plan.Task // every task, for id and dependency checks
	deadlines map[string]time.Time
	views     map[string]task.View // the open tasks as the projection shows them
}

// without drops a task from the set.
func (l liveSet) without(id string) liveSet {
	if id == "" || len(l.all) == 0 {
		return l
	}
	drop := func(t plan.Task) bool { return t.ID == id }
	l.tasks = slices.DeleteFunc(slices.Clone(l.tasks), drop)
	l.all = slices.DeleteFunc(slices.Clone(l.all), drop)
	return l
}

func (p *Planner) liveTasks(ctx context.Context, pl *plan.Plan, campaign string) (liveSet, error) {
	views, err := p.store.CampaignTasks(ctx, campaign)
	if err != nil {
		return liveSet{}, err
	}
	set := liveSet{deadlines: map[string]time.Time{}, views: map[string]task.View{}}
	open := map[string]bool{}
	for _, v := range views {
		if !v.Status.Terminal() {
			open[v.ID] = true
		}
	}
	for _, v := range views {
		phases := make([]plan.Phase, len(v.Phases))
		for i, ph := range v.Phases {
			phases[i] = plan.Phase{Name: ph.Name, Workdays: ph.Workdays}
		}
		t := plan.Task{
			ID: v.ID, Title: v.Title, Track: v.Track, Owner: v.Owner, Supervisor: v.Supervisor, Leader: v.Leader,
			Deadline: momentOf(v.OwnDeadline, pl.Location()), Flagged: v.Flagged, Approvers: v.Approvers,
			Phases: phases, DependsOn: v.DependsOn, Assist: v.Assist, Parent: v.Parent,
			// The targets decide whether a re-plan keeps the task's pace.
			Indicators: planIndicators(v.Indicators),
		}
		set.all = append(set.all, t)
		if !open[v.ID] {
			continue
		}
		// A finished or cancelled task constrains nobody any more.
		t.DependsOn = slices.DeleteFunc(slices.Clone(t.DependsOn), func(id string) bool { return !open[id] })
		set.tasks = append(set.tasks, t)
		set.deadlines[v.ID] = v.Deadline
		set.views[v.ID] = v
	}
	return set, nil
}

// schedule runs the scheduler over tasks and returns every task's plan.
func (p *Planner) schedule(pl *plan.Plan, tasks []plan.Task) (map[string]task.Plan, error) {
	res, err := reverse.Run(plan.ScheduleInput(pl, tasks))
	if err != nil {
		return nil, err
	}
	return p.plansOf(pl, tasks, res)
}

func (p *Planner) plansOf(pl *plan.Plan, tasks []plan.Task, res reverse.Result) (map[string]task.Plan, error) {
	out := make(map[string]task.Plan, len(tasks))
	for i, ts := range res.Tasks {
		tp, err := TaskPlan(pl, tasks[i], ts)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotPlanned, err)
		}
		out[ts.ID] = tp
	}
	return out, nil
}

// signalChanged sends a new plan to every task (other than except) whose
// effective deadline moved.
func (p *Planner) signalChanged(ctx context.Context, campaign string, before map[string]time.Time, plans map[string]task.Plan, except, reason string) error {
	for _, id := range changed(before, plans, except) {
		err := p.signaler.SignalWorkflow(ctx, workflows.TaskWorkflowID(campaign, id), "", workflows.SignalReschedule,
			task.RescheduleSignal{Plan: plans[id], Reason: reason})
		if err != nil {
			return fmt.Errorf("re-plan task %s: %w", id, err)
		}
	}
	return nil
}

// changed lists, in id order, the tasks other than except whose effective
// deadline moved.
func changed(before map[string]time.Time, plans map[string]task.Plan, except string) []string {
	var ids []string
	for id, tp := range plans {
		if id != except && !tp.EffectiveDeadline.Equal(before[id]) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// scheduleProblems words scheduler problems as a validation error.
func scheduleProblems(res reverse.Result) error {
	var errs []plan.FieldError
	for _, pr := range res.Problems {
		errs = append(errs, plan.FieldError{Field: "depends_on", Message: pr.Message, Zh: pr.Zh})
	}
	return &plan.ValidationError{Errors: errs}
}

// peekedTask is what the planner needs to know of a task body before parsing
// it against the campaign; the parser reports any problem with it properly.
type peekedTask struct {
	ID        string   `json:"id" yaml:"id"`
	DependsOn []string `json:"depends_on" yaml:"depends_on"`
}

func peekTask(body []byte, format plan.Format) peekedTask {
	var t peekedTask
	// A body that does not decode peeks as empty: ParseTask reports why.
	if format == plan.YAML {
		_ = yaml.Unmarshal(body, &t)
	} else {
		_ = json.Unmarshal(body, &t)
	}
	return t
}
