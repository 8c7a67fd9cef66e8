package plan

import (
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
)

// ParseOptions is what the parser needs from its caller.
type ParseOptions struct {
	// Now is the moment of import, the start of a plan that gives none.
	// The package never reads the clock itself.
	Now time.Time
	// PersonExists reports whether a person id is known outside the plan
	// (already in the store). Nil means only the plan's people: exist.
	PersonExists func(id string) bool
	// UnitExists is the same for units (created earlier through the API):
	// unit:ID may name one wherever a task takes a unit. Nil means only the
	// plan's units: exist. The plan keeps it for DispatchTo.
	UnitExists func(id string) bool
	// Calendars resolves the plan's calendar name: cn over the years admins
	// loaded (the store keeps them). Nil means cn as shipped, provisional
	// after its last notice.
	Calendars *calendar.Set
	// MaxTasks refuses a plan listing more tasks, or more than MaxUnits
	// units, before any is read (limits.go). 0 refuses none: a stored
	// campaign's plan is read back whatever the limit has become.
	MaxTasks int
}

// Parse reads and validates a plan. Every problem found is reported in one
// *ValidationError, each with its field path; a document that is not even
// valid JSON or YAML gives a single error without a path. Parse never
// panics, whatever the input.
func Parse(data []byte, format Format, opts ParseOptions) (*Plan, error) {
	root, err := tree(data, format)
	if err != nil {
		return nil, err
	}
	if err := checkSize(root, opts.MaxTasks); err != nil {
		return nil, err
	}
	r := newReader(opts)
	p := r.readPlan(root)
	if p != nil {
		p.unitExists = opts.UnitExists
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// ParseTask reads one task to add to an existing campaign (the API's
// POST /campaigns/{id}/tasks): the fields of a plan task plus "track", the
// id of the campaign track it joins. Dates are read in the campaign's
// timezone, the deadline and phases default to the campaign's, and
// depends_on may name any task of the campaign. Add the result with
// AddTask.
func ParseTask(data []byte, format Format, campaign *Plan, opts ParseOptions) (*Task, error) {
	root, err := tree(data, format)
	if err != nil {
		return nil, err
	}
	r := newReader(opts)
	r.joinCampaign(campaign)
	t, ok := r.readTask("", root, true)
	r.checkDependencies()
	r.checkChildIDs()
	if err := r.err(); err != nil {
		return nil, err
	}
	if !ok {
		return nil, &ValidationError{Errors: []FieldError{fieldError("", i18n.T("expected a task object"))}}
	}
	return &t, nil
}

// AddTask appends a task (from ParseTask) to its track.
func (p *Plan) AddTask(t Task) error {
	for _, id := range append([]string{t.ID}, t.ChildIDs()...) {
		if _, exists := p.Task(id); exists {
			return fmt.Errorf("task %s already exists in campaign %s", id, p.ID)
		}
	}
	for i := range p.Tracks {
		if p.Tracks[i].ID == t.Track {
			p.Tracks[i].Tasks = append(p.Tracks[i].Tasks, t)
			return nil
		}
	}
	return fmt.Errorf("campaign %s has no track %s", p.ID, t.Track)
}

// tree parses the document, wrapping a syntax error as a ValidationError so
// callers handle one error type.
func tree(data []byte, format Format) (*node, error) {
	var root *node
	var err error
	switch format {
	case JSON:
		root, err = jsonTree(data)
	case YAML:
		root, err = yamlTree(data)
	default:
		err = fmt.Errorf("unknown plan format %v", format)
	}
	if err != nil {
		return nil, &ValidationError{Errors: []FieldError{fieldError("", i18n.TextOf(err))}}
	}
	return root, nil
}

// reader carries what decoding one field needs to know about the rest of
// the plan: its timezone, calendar, people, units, defaults and task ids.
type reader struct {
	decoder
	opts ParseOptions

	loc           *time.Location
	cal           calendar.Calendar // nil when the plan's calendar is invalid
	people        map[string]bool
	unitIDs       map[string]bool     // the plan's units
	childUnits    map[string][]string // unit -> the plan's units under it, in plan order
	deadline      Moment              // the campaign's, inherited by tasks
	defaultPhases []Phase
	trackIDs      map[string]bool
	taskIDs       map[string]bool
	dependencies  []dependency // depends_on entries, checked once every task is known
	children      []childID    // ids of dispatched children, checked once every task is known
	dispatched    int          // children made so far, bounded by maxDispatched
}

type dependency struct {
	task string
	on   stringAt
}

func newReader(opts ParseOptions) *reader {
	return &reader{
		opts:     opts,
		loc:      time.UTC,
		people:   map[string]bool{},
		unitIDs:  map[string]bool{},
		trackIDs: map[string]bool{},
		taskIDs:  map[string]bool{},
	}
}

// joinCampaign sets the reader up to read a task of an existing campaign.
func (r *reader) joinCampaign(p *Plan) {
	r.loc, r.cal, r.deadline, r.defaultPhases = p.location, p.calendar, p.Deadline, p.Phases
	for _, person := range p.People {
		r.people[person.ID] = true
	}
	r.childUnits = childUnits(p.Units)
	for _, u := range p.Units {
		r.unitIDs[u.ID] = true
	}
	for _, tr := range p.Tracks {
		r.trackIDs[tr.ID] = true
	}
	for _, t := range p.Tasks() {
		r.taskIDs[t.ID] = true
	}
}

func (r *reader) knownPerson(id string) bool {
	return r.people[id] || (r.opts.PersonExists != nil && r.opts.PersonExists(id))
}

func (r *reader) knownUnit(id string) bool {
	return r.unitIDs[id] || (r.opts.UnitExists != nil && r.opts.UnitExists(id))
}
