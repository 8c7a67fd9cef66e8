package plan

import "slices"

func (r *reader) readTracks(o object) []Track {
	items, ok := r.list(o, "tracks", optional)
	tracks := []Track{}
	if !ok {
		return tracks
	}
	for i, item := range items {
		path := index("tracks", i)
		to, ok := r.listObject(path, item, []string{"id", "title", "tasks"})
		if !ok {
			continue
		}
		track := Track{Tasks: []Task{}}
		if id, ok := r.str(to, "id", required); ok {
			switch err := checkItemID("track", id); {
			case err != nil:
				r.failErr(to.fields["id"], at(path, "id"), err)
			case r.trackIDs[id]:
				r.fail(to.fields["id"], at(path, "id"), "track %q is listed twice", id)
			default:
				r.trackIDs[id] = true
			}
			track.ID = id
		}
		track.Title, _ = r.text(to, "title", optional)
		tasks, _ := r.list(to, "tasks", optional)
		for j, n := range tasks {
			if t, ok := r.readTask(index(at(path, "tasks"), j), n, false); ok {
				t.Track = track.ID
				for k := range t.Children {
					t.Children[k].Track = track.ID
				}
				track.Tasks = append(track.Tasks, t)
			}
		}
		tracks = append(tracks, track)
	}
	return tracks
}

// readTask reads a task of a plan, or, withTrack, a task added through the
// API, which names its track.
func (r *reader) readTask(path string, n *node, withTrack bool) (Task, bool) {
	keys := []string{"id", "title", "owner", "supervisor", "leader", "deadline", "flagged", "approvers", "depends_on", "phases",
		"assist", "indicators", "dispatch"}
	if withTrack {
		keys = append(keys, "track")
	}
	o, ok := r.listObject(path, n, keys)
	if !ok {
		return Task{}, false
	}
	var t Task
	if withTrack {
		if track, ok := r.str(o, "track", required); ok {
			if !r.trackIDs[track] {
				r.fail(o.fields["track"], at(path, "track"), "unknown track %q", track)
			}
			t.Track = track
		}
	}
	if id, ok := r.str(o, "id", required); ok {
		switch err := checkItemID("task", id); {
		case err != nil:
			r.failErr(o.fields["id"], at(path, "id"), err)
		case r.taskIDs[id]:
			r.fail(o.fields["id"], at(path, "id"), "task %q already exists: task ids are unique within a campaign", id)
		default:
			r.taskIDs[id] = true
		}
		t.ID = id
	}
	t.Title, _ = r.text(o, "title", required)
	t.Owner, _ = r.holderRef(o, "owner", required)
	supervisor, supervisorOK := r.personRef(o, "supervisor", optional)
	t.Supervisor = supervisor
	leader, leaderOK := r.personRef(o, "leader", optional)
	t.Leader = leader
	t.Flagged, _ = r.boolean(o, "flagged")
	if t.Flagged && !leaderOK && o.absent("leader") {
		r.fail(o.node, at(path, "leader"), "required for a flagged task")
	}
	r.readTaskDeadline(o, &t)
	r.readApprovers(o, &t, supervisorOK)
	deps, _ := r.strings(o, "depends_on", optional)
	for _, dep := range deps {
		t.DependsOn = append(t.DependsOn, dep.value)
		r.dependencies = append(r.dependencies, dependency{task: t.ID, on: dep})
	}
	if phases, present := r.phases(o, "phases"); present {
		t.Phases = phases
	} else {
		t.Phases = slices.Clone(r.defaultPhases)
	}
	if t.Phases == nil {
		t.Phases = []Phase{}
	}
	t.Assist = r.readAssist(o, t.Owner)
	t.Indicators = r.readIndicators(o)
	switch {
	case o.absent("dispatch"):
	case withTrack:
		// Its children would need workflows of their own, which adding one
		// task does not start: add units to a dispatched task one by one.
		r.fail(o.fields["dispatch"], at(path, "dispatch"), "dispatch is read only in a plan: import the campaign with it, then add units to the task one by one")
	default:
		r.readDispatch(o, &t)
	}
	return t, true
}

// readTaskDeadline reads the task's deadline or inherits the campaign's.
func (r *reader) readTaskDeadline(o object, t *Task) {
	if d, ok := r.moment(o, "deadline", optional, endOfDay); ok {
		t.Deadline = d
		return
	}
	if !o.absent("deadline") {
		return // present but bad: reported
	}
	if r.deadline.IsZero() {
		r.fail(o.node, at(o.path, "deadline"), "required, as the campaign has no deadline to inherit")
		return
	}
	t.Deadline, t.DeadlineInherited = r.deadline, true
}

// readApprovers reads the sign-off chain, by default the supervisor alone.
func (r *reader) readApprovers(o object, t *Task, supervisorOK bool) {
	path := at(o.path, "approvers")
	approvers, ok := r.strings(o, "approvers", optional)
	switch {
	case ok && len(approvers) == 0:
		r.fail(o.fields["approvers"], path, "must name at least one approver")
	case ok:
		for _, a := range approvers {
			if r.checkHolder(a.node, a.path, a.value) {
				t.Approvers = append(t.Approvers, a.value)
			}
		}
	case !o.absent("approvers"):
		// present but not a list: reported
	case supervisorOK:
		t.Approvers = []string{t.Supervisor}
	case o.absent("supervisor"):
		r.fail(o.node, path, "required when the task has no supervisor: someone must sign the task off")
	}
}

// checkDependencies checks every depends_on entry once all task ids are
// known (a task may depend on one listed after it). Cycles are left to the
// scheduler, which reports them with the chain.
func (r *reader) checkDependencies() {
	for _, d := range r.dependencies {
		switch {
		case d.on.value == d.task:
			r.fail(d.on.node, d.on.path, "a task cannot depend on itself")
		case !r.taskIDs[d.on.value]:
			r.fail(d.on.node, d.on.path, "unknown task %q", d.on.value)
		}
	}
}
