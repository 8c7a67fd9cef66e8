package task

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Each row of SPEC section 3's action table, allowed and refused, as plain
// functions over the state: no Temporal involved.
func TestActionRules(t *testing.T) {
	now := fixtureStart.Add(day)
	submitted := func(s *State) { mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "done"}, now) }
	approvedOnce := func(s *State) {
		submitted(s)
		mustApply(t, s, ApproveRequest{Actor: actor("zhao")}, now)
	}
	extending := func(s *State) {
		mustApply(t, s, ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(10 * day), Reason: "flood"}, now)
	}
	closed := func(s *State) {
		approvedOnce(s)
		mustApply(t, s, ApproveRequest{Actor: actor("wang")}, now)
	}
	cancelled := func(s *State) { mustApply(t, s, CancelRequest{Actor: actor("boss"), Reason: "merged"}, now) }
	unflagged := func(s *State) { s.Spec.Flagged = false }

	tests := []struct {
		name    string
		given   func(*State)
		action  Action
		wantErr string // "" or an ErrType
		field   string
		status  Status
	}{
		{"owner reports progress", nil, ProgressRequest{Actor: actor("li"), Percent: 40, Milestone: "plan"}, "", "", StatusOpen},
		{"someone else reports progress", nil, ProgressRequest{Actor: actor("zhao"), Percent: 40}, ErrTypeForbidden, "", StatusOpen},
		{"progress over 100", nil, ProgressRequest{Actor: actor("li"), Percent: 140}, ErrTypeInvalid, "percent", StatusOpen},
		{"progress on unknown milestone", nil, ProgressRequest{Actor: actor("li"), Milestone: "nope"}, ErrTypeInvalid, "milestone", StatusOpen},
		{"progress while submitted", submitted, ProgressRequest{Actor: actor("li")}, ErrTypeConflict, "", StatusSubmitted},

		{"owner submits", nil, SubmitRequest{Actor: actor("li"), Note: "done"}, "", "", StatusSubmitted},
		{"supervisor submits", nil, SubmitRequest{Actor: actor("zhao"), Note: "done"}, ErrTypeForbidden, "", StatusOpen},
		{"submit twice", submitted, SubmitRequest{Actor: actor("li"), Note: "again"}, ErrTypeConflict, "", StatusSubmitted},
		{"submit nothing", nil, SubmitRequest{Actor: actor("li")}, ErrTypeInvalid, "note", StatusOpen},
		{"submit bad evidence url", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{{Title: "x", URL: "ftp://x"}}}, ErrTypeInvalid, "evidence[0].url", StatusOpen},
		{"submit a file", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{fileEvidence()}}, "", "", StatusSubmitted},
		{"submit a link and a file", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{
			{Title: "list", URL: "https://example.org/list"}, fileEvidence()}}, "", "", StatusSubmitted},
		{"evidence with url and file", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{
			func() Evidence { e := fileEvidence(); e.URL = "https://example.org/x"; return e }()}}, ErrTypeInvalid, "evidence[0].file", StatusOpen},
		{"evidence with neither", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{{Title: "x"}}}, ErrTypeInvalid, "evidence[0].url", StatusOpen},
		{"file evidence without its metadata", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{{Title: "x", File: "f1"}}}, ErrTypeInvalid, "evidence[0].name", StatusOpen},
		{"file evidence with a bad hash", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{
			func() Evidence { e := fileEvidence(); e.SHA256 = "ABC"; return e }()}}, ErrTypeInvalid, "evidence[0].sha256", StatusOpen},
		{"file evidence with a bad id", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{
			func() Evidence { e := fileEvidence(); e.File = "../etc/passwd"; return e }()}}, ErrTypeInvalid, "evidence[0].file", StatusOpen},
		{"link carrying file metadata", nil, SubmitRequest{Actor: actor("li"), Evidence: []Evidence{
			{Title: "x", URL: "https://example.org/x", Size: 3}}}, ErrTypeInvalid, "evidence[0].url", StatusOpen},
		{"progress with a file", nil, ProgressRequest{Actor: actor("li"), Percent: 10, Evidence: []Evidence{fileEvidence()}}, "", "", StatusOpen},
		{"progress with a second item lacking its title", nil, ProgressRequest{Actor: actor("li"), Evidence: []Evidence{
			fileEvidence(), {URL: "https://example.org/x"}}}, ErrTypeInvalid, "evidence[1].title", StatusOpen},

		{"first approver approves", submitted, ApproveRequest{Actor: actor("zhao")}, "", "", StatusSubmitted},
		{"second approver out of turn", submitted, ApproveRequest{Actor: actor("wang")}, ErrTypeForbidden, "", StatusSubmitted},
		{"last approval closes", approvedOnce, ApproveRequest{Actor: actor("wang")}, "", "", StatusClosed},
		{"approve while open", nil, ApproveRequest{Actor: actor("zhao")}, ErrTypeConflict, "", StatusOpen},
		{"admin is no approver", submitted, ApproveRequest{Actor: Actor{ID: "root", Admin: true}}, ErrTypeForbidden, "", StatusSubmitted},

		{"approver returns", submitted, ReturnRequest{Actor: actor("zhao"), Reason: "no photos"}, "", "", StatusOpen},
		{"return without reason", submitted, ReturnRequest{Actor: actor("zhao")}, ErrTypeInvalid, "reason", StatusSubmitted},
		{"owner returns own work", submitted, ReturnRequest{Actor: actor("li"), Reason: "oops"}, ErrTypeForbidden, "", StatusSubmitted},
		{"return while open", nil, ReturnRequest{Actor: actor("zhao"), Reason: "x"}, ErrTypeConflict, "", StatusOpen},

		{"owner asks for more time", nil, ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(day), Reason: "rain"}, "", "", StatusOpen},
		{"extension to an earlier date", nil, ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(-day), Reason: "rain"}, ErrTypeInvalid, "deadline", StatusOpen},
		{"extension without reason", nil, ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(day)}, ErrTypeInvalid, "reason", StatusOpen},
		{"extension by someone else", nil, ExtendRequest{Actor: actor("zhao"), Deadline: fixtureDeadline.Add(day), Reason: "x"}, ErrTypeForbidden, "", StatusOpen},
		{"second pending extension", extending, ExtendRequest{Actor: actor("li"), Deadline: fixtureDeadline.Add(20 * day), Reason: "x"}, ErrTypeConflict, "", StatusOpen},

		{"leader approves flagged extension", extending, ApproveExtension(ExtensionDecisionRequest{Actor: actor("wang")}, nil), "", "", StatusOpen},
		{"supervisor may not decide flagged", extending, ApproveExtension(ExtensionDecisionRequest{Actor: actor("zhao")}, nil), ErrTypeForbidden, "", StatusOpen},
		{"supervisor decides unflagged", func(s *State) { unflagged(s); extending(s) }, ApproveExtension(ExtensionDecisionRequest{Actor: actor("zhao")}, nil), "", "", StatusOpen},
		{"nothing to decide", nil, ApproveExtension(ExtensionDecisionRequest{Actor: actor("wang")}, nil), ErrTypeConflict, "", StatusOpen},
		{"leader rejects", extending, RejectExtension(ExtensionDecisionRequest{Actor: actor("wang"), Reason: "no"}), "", "", StatusOpen},
		{"reject without reason", extending, RejectExtension(ExtensionDecisionRequest{Actor: actor("wang")}), ErrTypeInvalid, "reason", StatusOpen},

		{"supervisor reassigns", nil, ReassignRequest{Actor: actor("zhao"), Owner: "chen", Reason: "leave"}, "", "", StatusOpen},
		{"campaign owner reassigns", nil, ReassignRequest{Actor: actor("boss"), Owner: "chen", Reason: "leave"}, "", "", StatusOpen},
		{"admin reassigns", nil, ReassignRequest{Actor: Actor{ID: "root", Admin: true}, Owner: "chen", Reason: "leave"}, "", "", StatusOpen},
		{"owner reassigns", nil, ReassignRequest{Actor: actor("li"), Owner: "chen", Reason: "leave"}, ErrTypeForbidden, "", StatusOpen},
		{"reassign to the owner", nil, ReassignRequest{Actor: actor("zhao"), Owner: "li", Reason: "x"}, ErrTypeInvalid, "owner", StatusOpen},
		{"reassign a closed task", closed, ReassignRequest{Actor: actor("zhao"), Owner: "chen", Reason: "x"}, ErrTypeConflict, "", StatusClosed},

		{"campaign owner cancels", nil, CancelRequest{Actor: actor("boss"), Reason: "merged"}, "", "", StatusCancelled},
		{"admin cancels", submitted, CancelRequest{Actor: Actor{ID: "root", Admin: true}, Reason: "merged"}, "", "", StatusCancelled},
		{"supervisor cancels", nil, CancelRequest{Actor: actor("zhao"), Reason: "merged"}, ErrTypeForbidden, "", StatusOpen},
		{"cancel a closed task", closed, CancelRequest{Actor: actor("boss"), Reason: "x"}, ErrTypeConflict, "", StatusClosed},
		{"cancel twice", cancelled, CancelRequest{Actor: actor("boss"), Reason: "x"}, ErrTypeConflict, "", StatusCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := NewTaskState(fixtureSpec(), fixtureStart)
			if tt.given != nil {
				tt.given(s)
			}
			seq := s.Seq
			_, err := s.Apply(tt.action, now)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
			} else {
				var re *RuleError
				if !errors.As(err, &re) || re.Type != tt.wantErr || re.Field != tt.field {
					t.Fatalf("got %v, want %s on field %q", err, tt.wantErr, tt.field)
				}
				if re.Message == "" {
					t.Fatal("a refusal must say why")
				}
				if s.Seq != seq {
					t.Fatal("a refused action must not log anything")
				}
			}
			if s.Status != tt.status {
				t.Fatalf("status %s, want %s", s.Status, tt.status)
			}
		})
	}
}

// fileEvidence is an uploaded file as the API passes it on: its id and
// metadata, no bytes.
func fileEvidence() Evidence {
	return Evidence{Title: "photos", File: "f0123456789abcdef", Name: "现场照片.pdf", Size: 2048,
		SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ContentType: "application/pdf"}
}

// Evidence reaches the event as sent: a file's metadata, and for progress
// only when there is some, so a plain progress event reads as it always did.
func TestEvidenceInEvents(t *testing.T) {
	now := fixtureStart.Add(day)
	s, _ := NewTaskState(fixtureSpec(), fixtureStart)
	var progress []Event
	for _, r := range []ProgressRequest{
		{Actor: actor("li"), Percent: 10},
		{Actor: actor("li"), Percent: 20, Evidence: []Evidence{fileEvidence()}},
	} {
		e := mustApply(t, s, r, now)
		if len(e.Events) != 1 || e.Events[0].Type != EventProgress {
			t.Fatalf("progress made %+v", e.Events)
		}
		progress = append(progress, e.Events[0])
	}
	e := mustApply(t, s, SubmitRequest{Actor: actor("li"), Note: "done", Evidence: []Evidence{fileEvidence()}}, now)
	if _, ok := progress[0].Data["evidence"]; ok {
		t.Fatalf("progress without evidence must not record any: %+v", progress[0].Data)
	}
	want := []Evidence{fileEvidence()}
	if d := cmp.Diff(want, progress[1].Data["evidence"]); d != "" {
		t.Fatalf("progress evidence (-want +got):\n%s", d)
	}
	submitted := e.Events[len(e.Events)-1]
	if d := cmp.Diff(want, submitted.Data["evidence"]); submitted.Type != EventSubmitted || d != "" {
		t.Fatalf("submitted event %s (-want +got):\n%s", submitted.Type, d)
	}
	// A link marshals as it did before files existed: title and url only.
	b, _ := json.Marshal(Evidence{Title: "list", URL: "https://example.org/list"})
	if string(b) != `{"title":"list","url":"https://example.org/list"}` {
		t.Fatalf("a link marshals as %s", b)
	}
}

func mustApply(t *testing.T, s *State, a Action, now time.Time) Effects {
	t.Helper()
	e, err := s.Apply(a, now)
	if err != nil {
		t.Fatalf("apply %T: %v", a, err)
	}
	return e
}

// The whole sign-off path: a return, a resubmission, a two-step approval.
func TestSignOffChain(t *testing.T) {
	s, created := NewTaskState(fixtureSpec(), fixtureStart)
	at := func(d int) time.Time { return fixtureStart.Add(time.Duration(d) * day) }
	var events []Event
	events = append(events, created.Events...)
	for i, a := range []Action{
		SubmitRequest{Actor: actor("li"), Note: "first try"},
		ReturnRequest{Actor: actor("zhao"), Reason: "missing the list"},
		SubmitRequest{Actor: actor("li"), Note: "with the list", Evidence: []Evidence{{Title: "list", URL: "https://example.org/list"}}},
		ApproveRequest{Actor: actor("zhao")},
		ApproveRequest{Actor: actor("wang"), Note: "good"},
	} {
		events = append(events, mustApply(t, s, a, at(i+1)).Events...)
	}
	want := []string{"created", "submitted", "returned", "submitted", "approved", "approved", "closed"}
	if diff := cmp.Diff(want, eventTypes(events)); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
	for i, e := range events {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d: the log must be gap-free", i, e.Seq)
		}
	}
	v := s.View(at(6))
	if v.Status != StatusClosed || v.Light != LightDone || v.Attempt != 2 || v.ClosedOnTime == nil || !*v.ClosedOnTime {
		t.Fatalf("closed view: %+v", v)
	}
}

// The traffic light over a task's life.
func TestLight(t *testing.T) {
	d := fixtureDeadline
	tests := []struct {
		name  string
		given func(*State)
		at    time.Time
		want  Light
	}{
		{"well ahead", nil, d.Add(-10 * day), LightGreen},
		{"inside the last reminder offset", nil, d.Add(-12 * time.Hour), LightYellow},
		{"inside it but submitted", func(s *State) { s.Status = StatusSubmitted }, d.Add(-12 * time.Hour), LightGreen},
		{"a milestone missed", func(s *State) { s.Milestones[0].State = MilestoneMissed }, d.Add(-10 * day), LightYellow},
		{"past the deadline", nil, d.Add(time.Second), LightRed},
		{"past it while submitted", func(s *State) { s.Status = StatusSubmitted }, d.Add(time.Second), LightRed},
		{"infeasible", func(s *State) { s.Spec.Plan.Infeasible = true }, d.Add(-10 * day), LightRed},
		{"closed", func(s *State) { s.Status = StatusClosed }, d.Add(day), LightDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := NewTaskState(fixtureSpec(), fixtureStart)
			if tt.given != nil {
				tt.given(s)
			}
			if got := s.LightAt(tt.at); got != tt.want {
				t.Fatalf("light %s, want %s", got, tt.want)
			}
		})
	}
}
