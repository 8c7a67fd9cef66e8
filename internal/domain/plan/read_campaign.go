package plan

import (
	"strings"
	"time"
)

// readPlan reads the campaign. Fields that others depend on (people, units,
// the timezone, the calendar) are read first; errors are sorted into document
// order at the end, so the reading order does not show.
func (r *reader) readPlan(root *node) *Plan {
	o, ok := r.object("", root, []string{
		"id", "title", "owner", "timezone", "calendar", "start", "deadline", "slack_channel",
		"digest", "quiet_hours", "allow_infeasible", "phases", "escalation", "scoring", "people", "units", "tracks",
	})
	if !ok {
		if root.kind == kindNull {
			r.fail(root, "", "the plan is empty")
		}
		return nil
	}
	p := &Plan{}
	p.People = r.readPeople(o)
	p.Units = r.readUnits(o)
	p.Timezone, p.location = r.readTimezone(o)
	r.loc = p.location
	p.Calendar, p.calendar = r.readCalendar(o)
	r.cal = p.calendar

	if id, ok := r.str(o, "id", required); ok {
		if err := checkCampaignID(id); err != nil {
			r.failErr(o.fields["id"], "id", err)
		}
		p.ID = id
	}
	p.Title, _ = r.text(o, "title", required)
	p.Owner, _ = r.personRef(o, "owner", required)
	r.readDates(o, p)
	if channel, ok := r.text(o, "slack_channel", optional); ok {
		if strings.ContainsAny(channel, " \t\n") {
			r.fail(o.fields["slack_channel"], "slack_channel", "a Slack channel id or name has no spaces")
		}
		p.SlackChannel = channel
	}
	if digest, ok := r.str(o, "digest", optional); ok {
		if err := CheckCron(digest); err != nil {
			r.failErr(o.fields["digest"], "digest", err)
		}
		p.Digest = digest
	}
	p.QuietHours = r.quietHours(o)
	p.AllowInfeasible, _ = r.boolean(o, "allow_infeasible")
	p.Phases, _ = r.phases(o, "phases")
	if p.Phases == nil {
		p.Phases = []Phase{}
	}
	r.defaultPhases = p.Phases
	p.Escalation = r.readEscalation(o)
	p.Scoring = r.readScoring(o)
	p.Tracks = r.readTracks(o)
	r.checkDependencies()
	r.checkChildIDs()
	return p
}

// readTimezone reads an IANA timezone, UTC by default. "Local" is refused:
// a plan must mean the same on every server.
func (r *reader) readTimezone(o object) (string, *time.Location) {
	name, ok := r.str(o, "timezone", optional)
	if !ok {
		return "UTC", time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		r.fail(o.fields["timezone"], "timezone", "unknown timezone %q: use an IANA name such as Asia/Shanghai", name)
		return "UTC", time.UTC
	}
	return name, loc
}

// readDates reads start and deadline. A date start begins at its
// midnight (work may begin that day); with no start, the campaign starts at
// the moment of import.
func (r *reader) readDates(o object, p *Plan) {
	if start, ok := r.moment(o, "start", optional, startOfDay); ok {
		p.Start = start
	} else if o.absent("start") {
		if r.opts.Now.IsZero() {
			r.fail(o.node, "start", "required (no import time to default to)")
		} else {
			p.Start, p.StartDefaulted = momentAt(r.opts.Now, r.loc), true
			r.inCalendar(o.node, "start", p.Start)
		}
	}
	if deadline, ok := r.moment(o, "deadline", optional, endOfDay); ok {
		if !p.Start.IsZero() && deadline.Time.Before(p.Start.Time) {
			r.fail(o.fields["deadline"], "deadline", "%s is before the start %s", deadline, p.Start)
		}
		p.Deadline = deadline
		r.deadline = deadline
	}
}
