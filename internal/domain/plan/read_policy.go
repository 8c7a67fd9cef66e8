package plan

import (
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/quiethours"
	"github.com/closeout/closeout/internal/i18n"
)

// readEscalation reads the default policy over the built-in one, then the
// flagged policy over the default (the built-in when the plan has none), and
// the pace.
func (r *reader) readEscalation(o object) Escalation {
	base := DefaultPolicy()
	eo, ok := r.object("escalation", o.fields["escalation"], []string{"remind_before", "remind_at", "overdue", "review_timeout", "flagged", "pace"})
	if !ok {
		return Escalation{Default: base, Flagged: clonePolicy(base)}
	}
	def := r.readPolicy(eo, base)
	flagged := clonePolicy(def)
	if fo, ok := r.object(at(eo.path, "flagged"), eo.fields["flagged"], []string{"remind_before", "remind_at", "overdue", "review_timeout"}); ok {
		flagged = r.readPolicy(fo, def)
	}
	return Escalation{Default: def, Flagged: flagged, Pace: r.readPace(eo)}
}

func clonePolicy(p Policy) Policy {
	p.RemindBefore = slices.Clone(p.RemindBefore)
	p.Overdue = slices.Clone(p.Overdue)
	for i := range p.Overdue {
		p.Overdue[i].Notify = slices.Clone(p.Overdue[i].Notify)
	}
	return p
}

// readPolicy reads the fields a policy gives, keeping base's for the rest.
func (r *reader) readPolicy(o object, base Policy) Policy {
	p := clonePolicy(base)
	if items, ok := r.list(o, "remind_before", optional); ok {
		p.RemindBefore = []Duration{}
		seen := map[Duration]bool{}
		for i, item := range items {
			path := index(at(o.path, "remind_before"), i)
			d, ok := r.duration(path, item, true)
			switch {
			case !ok:
			case d.IsZero():
				r.fail(item, path, "must be longer than 0s: the deadline itself is the first overdue level")
			case seen[d]:
				r.fail(item, path, "%s is listed twice", d)
			default:
				seen[d] = true
				p.RemindBefore = append(p.RemindBefore, d)
			}
		}
	}
	if s, ok := r.str(o, "remind_at", optional); ok {
		if c, err := quiethours.ParseClock(s); err != nil {
			r.failErr(o.fields["remind_at"], at(o.path, "remind_at"), err)
		} else {
			p.RemindAt = c.String() // "9:00" and "09:00" are one plan
		}
	}
	if items, ok := r.list(o, "overdue", optional); ok {
		p.Overdue = r.readLadder(at(o.path, "overdue"), items)
	}
	if n, ok := r.get(o, "review_timeout", optional); ok {
		path := at(o.path, "review_timeout")
		if d, ok := r.duration(path, n, false); ok {
			if d.IsZero() {
				r.fail(n, path, "must be longer than 0s")
			}
			p.ReviewTimeout = d
		}
	}
	return p
}

// readLadder reads the overdue levels, which must come in strictly
// increasing order of after.
func (r *reader) readLadder(path string, items []*node) []OverdueLevel {
	levels := []OverdueLevel{}
	var previous Duration
	havePrevious := false
	for i, item := range items {
		lpath := index(path, i)
		lo, ok := r.listObject(lpath, item, []string{"after", "notify", "repeat"})
		if !ok {
			continue
		}
		var level OverdueLevel
		afterNode, okAfter := r.get(lo, "after", required)
		if okAfter {
			level.After, okAfter = r.duration(at(lpath, "after"), afterNode, true)
		}
		if okAfter && havePrevious {
			if err := checkLater(previous, level.After); err != nil {
				r.failErr(afterNode, at(lpath, "after"), err)
			}
		}
		notify, ok := r.strings(lo, "notify", required)
		if ok && len(notify) == 0 {
			r.fail(lo.fields["notify"], at(lpath, "notify"), "must name at least one recipient")
		}
		for _, who := range notify {
			if isRecipientRole(who.value) || r.checkRecipient(who) {
				level.Notify = append(level.Notify, who.value)
			}
		}
		if n, ok := r.get(lo, "repeat", optional); ok {
			rpath := at(lpath, "repeat")
			if d, ok := r.duration(rpath, n, false); ok {
				if d.IsZero() {
					r.fail(n, rpath, "must be longer than 0s: leave repeat out for no repeat")
				}
				level.Repeat = d
			}
		}
		levels = append(levels, level)
		if okAfter {
			previous, havePrevious = level.After, true
		}
	}
	return levels
}

// checkRecipient checks a notify entry that is not a role: a person id.
func (r *reader) checkRecipient(who stringAt) bool {
	if !personIDPattern.MatchString(who.value) {
		r.fail(who.node, who.path, "unknown recipient %q: want owner, supervisor, leader, campaign_owner, approvers or a person id", who.value)
		return false
	}
	return r.checkPerson(who.node, who.path, who.value)
}

// checkLater checks that next comes strictly after previous whatever the
// deadline. Spans in the same unit compare directly; n working days are at
// least n days, so a fixed span shorter than that is certainly earlier;
// any other mix depends on the calendar around each deadline and is refused
// rather than left to fail later.
func checkLater(previous, next Duration) error {
	switch {
	case previous.InWorkdays() && next.InWorkdays():
		if next.Workdays > previous.Workdays {
			return nil
		}
	case !previous.InWorkdays() && !next.InWorkdays():
		if next.Fixed() > previous.Fixed() {
			return nil
		}
	case !previous.InWorkdays() && previous.Fixed() < time.Duration(next.Workdays)*24*time.Hour:
		return nil
	default:
		return i18n.Errorf("cannot tell whether %s comes after %s for every deadline: write the levels in the same unit", next, previous)
	}
	return i18n.Errorf("%s must come after the previous level's %s: levels are in increasing order", next, previous)
}
