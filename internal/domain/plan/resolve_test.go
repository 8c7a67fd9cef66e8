package plan

import (
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/google/go-cmp/cmp"
)

func TestResolvePolicy(t *testing.T) {
	sh := shanghai(t)
	cn, err := calendar.Lookup("cn")
	if err != nil {
		t.Fatal(err)
	}
	// Due at the end of Tuesday 2024-10-08, right after 国庆 (10-01..07).
	deadline := time.Date(2024, 10, 8, 23, 59, 59, 0, sh)
	policy := Policy{
		RemindBefore: []Duration{{Days: 3}, {Workdays: 1}, {Clock: 72 * time.Hour}},
		Overdue: []OverdueLevel{
			{Notify: []string{NotifyOwner}},
			{After: Duration{Workdays: 2}, Notify: []string{NotifyLeader}, Repeat: Duration{Days: 1, Clock: 12 * time.Hour}},
		},
		ReviewTimeout: Duration{Days: 3},
		RemindAt:      "08:30",
	}
	got, err := ResolvePolicy(policy, deadline, sh, cn)
	if err != nil {
		t.Fatal(err)
	}
	want := ResolvedPolicy{
		// One working day before the 8th is 09-30, eight days earlier;
		// 3d and 72h are the same offset, kept once, as the whole-day
		// reminder it also is.
		RemindBefore: []time.Duration{8 * 24 * time.Hour, 72 * time.Hour},
		RemindDays:   []bool{true, true},
		RemindAt:     "08:30",
		Overdue: []ResolvedLevel{
			{After: 0, Notify: []string{NotifyOwner}},
			{After: 48 * time.Hour, Notify: []string{NotifyLeader}, Repeat: 36 * time.Hour},
		},
		ReviewTimeout: 72 * time.Hour,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResolvePolicy (-want +got):\n%s", diff)
	}
}

func TestResolvePolicyChecksTheLadderPerDeadline(t *testing.T) {
	weekdays, _ := calendar.Lookup("weekdays")
	policy := Policy{Overdue: []OverdueLevel{{After: Duration{Days: 2}}, {After: Duration{Workdays: 1}}}}
	// After a Friday, one working day is three days: fine.
	friday := time.Date(2024, 6, 14, 23, 59, 59, 0, time.UTC)
	if _, err := ResolvePolicy(policy, friday, time.UTC, weekdays); err != nil {
		t.Errorf("Friday: %v", err)
	}
	// After a Tuesday it is one day, before the 2d level.
	tuesday := time.Date(2024, 6, 11, 23, 59, 59, 0, time.UTC)
	if _, err := ResolvePolicy(policy, tuesday, time.UTC, weekdays); err == nil {
		t.Error("Tuesday: no error for a ladder out of order")
	}
	cn, _ := calendar.Lookup("cn")
	late := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
	if _, err := ResolvePolicy(policy, late, time.UTC, cn); err == nil {
		t.Error("no error for working days past the calendar's data")
	}
}

func TestDefaultPolicyIsValid(t *testing.T) {
	// The built-in policy must pass the checks a plan's policy gets.
	p := DefaultPolicy()
	for i := 1; i < len(p.Overdue); i++ {
		if err := checkLater(p.Overdue[i-1].After, p.Overdue[i].After); err != nil {
			t.Error(err)
		}
	}
	weekdays, _ := calendar.Lookup("weekdays")
	if _, err := ResolvePolicy(p, time.Date(2024, 6, 14, 23, 59, 59, 0, time.UTC), time.UTC, weekdays); err != nil {
		t.Error(err)
	}
}

// Only offsets of whole days move to remind_at; a span with a time of day
// in it keeps its exact instant.
func TestResolvePolicyMarksWholeDays(t *testing.T) {
	policy := Policy{RemindBefore: []Duration{{Days: 1, Clock: 12 * time.Hour}, {Days: 1}, {Clock: 2 * time.Hour}, {Clock: 90 * time.Second}}}
	none, _ := calendar.Lookup("none")
	got, err := ResolvePolicy(policy, time.Date(2024, 6, 14, 23, 59, 59, 0, time.UTC), time.UTC, none)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]bool{false, true, false, false}, got.RemindDays); diff != "" {
		t.Errorf("RemindDays for %v (-want +got):\n%s", got.RemindBefore, diff)
	}
}
