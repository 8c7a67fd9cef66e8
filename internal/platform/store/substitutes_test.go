package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

var day0 = time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)

func hour(h int) time.Time { return day0.Add(time.Duration(h) * time.Hour) }

// A person's windows never overlap; the same window again is found, not
// added; ending one stops it at that moment, and a window ended before it
// began counts nowhere. Who stands in for whom is read at an instant.
func TestSubstitutions(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			add := func(person, sub string, from, until int) (store.Substitution, bool, error) {
				return db.AddSubstitution(ctx, store.Substitution{Person: person, Substitute: sub, From: hour(from), Until: hour(until),
					Reason: "leave", CreatedBy: person, CreatedAt: hour(0)})
			}
			first, created, err := add("zhao", "wang", 10, 20)
			if err != nil || !created || first.ID == "" {
				t.Fatalf("first window: %+v %v %v", first, created, err)
			}
			again, created, err := add("zhao", "wang", 10, 20)
			if err != nil || created || again.ID != first.ID {
				t.Fatalf("the same window again: %+v %v %v", again, created, err)
			}
			var overlap *store.OverlapError
			for _, w := range [][2]int{{15, 25}, {5, 11}, {12, 14}, {0, 30}} {
				if _, _, err := add("zhao", "chen", w[0], w[1]); !errors.As(err, &overlap) || overlap.With.ID != first.ID {
					t.Fatalf("window %v over [10, 20): %v", w, err)
				}
			}
			// Touching is not overlapping; another person's windows are theirs.
			if _, _, err := add("zhao", "chen", 20, 30); err != nil {
				t.Fatal(err)
			}
			if _, _, err := add("li", "wang", 12, 18); err != nil {
				t.Fatal(err)
			}

			for _, c := range []struct {
				at   int
				sub  string
				want []string
			}{
				{9, "wang", []string{}}, {10, "wang", []string{"zhao"}}, {13, "wang", []string{"li", "zhao"}},
				{19, "wang", []string{"zhao"}}, {20, "wang", []string{}}, {20, "chen", []string{"zhao"}},
			} {
				got, err := db.StandsInFor(ctx, c.sub, hour(c.at))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Errorf("%s stands in at %d (-want +got):\n%s", c.sub, c.at, diff)
				}
			}
			subs, err := db.SubstitutesAt(ctx, []string{"zhao", "li", "nobody"}, hour(13))
			if err != nil || !cmp.Equal(map[string]string{"zhao": "wang", "li": "wang"}, subs) {
				t.Fatalf("substitutes at 13: %v %v", subs, err)
			}

			// Ended at 15: wang no longer stands in for zhao from then on,
			// and the gap it leaves may be filled.
			ended, err := db.EndSubstitution(ctx, "zhao", hour(15))
			if err != nil || ended.ID != first.ID || ended.EndedAt == nil || !ended.End().Equal(hour(15)) {
				t.Fatalf("end: %+v %v", ended, err)
			}
			if got, _ := db.StandsInFor(ctx, "wang", hour(16)); !cmp.Equal([]string{"li"}, got) {
				t.Fatalf("after the end wang stands in for %v", got)
			}
			if _, _, err := add("zhao", "chen", 15, 20); err != nil {
				t.Fatalf("the freed hours: %v", err)
			}
			// Nothing current at 21 but chen's [20, 30) … and then the one
			// after: ending a window that has not begun empties it.
			if _, _, err := add("zhao", "li", 40, 50); err != nil {
				t.Fatal(err)
			}
			if w, err := db.EndSubstitution(ctx, "zhao", hour(21)); err != nil || w.Substitute != "chen" || !w.From.Equal(hour(20)) {
				t.Fatalf("end at 21: %+v %v", w, err)
			}
			if w, err := db.EndSubstitution(ctx, "zhao", hour(22)); err != nil || w.Substitute != "li" || w.ActiveAt(hour(45)) {
				t.Fatalf("end the next window: %+v %v", w, err)
			}
			if _, _, err := add("zhao", "li", 40, 50); err != nil {
				t.Fatalf("an emptied window overlaps nothing: %v", err)
			}
			if _, err := db.EndSubstitution(ctx, "li", hour(30)); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("nothing to end: %v", err)
			}

			all, err := db.Substitutions(ctx, "zhao")
			if err != nil {
				t.Fatal(err)
			}
			var spans [][2]time.Time
			for _, w := range all {
				spans = append(spans, [2]time.Time{w.From, w.End()})
			}
			want := [][2]time.Time{{hour(10), hour(15)}, {hour(15), hour(20)}, {hour(20), hour(21)}, {hour(40), hour(22)}, {hour(40), hour(50)}}
			if diff := cmp.Diff(want, spans); diff != "" {
				t.Fatalf("zhao's windows (-want +got):\n%s", diff)
			}
			if ahead, err := db.StandingInFor(ctx, "li", hour(30)); err != nil || len(ahead) != 1 || ahead[0].Person != "zhao" {
				t.Fatalf("li's windows ahead: %+v %v", ahead, err)
			}
		})
	}
}

// Two overlapping windows for one person sent at once: one is stored, the
// other refused, whichever database.
func TestSubstitutionsRaceForOneWindow(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			const n = 6
			var (
				wg   sync.WaitGroup
				errs = make([]error, n)
			)
			for i := range n {
				wg.Go(func() {
					_, _, errs[i] = db.AddSubstitution(ctx, store.Substitution{Person: "zhao", Substitute: "wang",
						From: hour(i), Until: hour(i + 10), CreatedBy: "zhao", CreatedAt: hour(0)})
				})
			}
			wg.Wait()
			stored := 0
			for _, err := range errs {
				var overlap *store.OverlapError
				switch {
				case err == nil:
					stored++
				case !errors.As(err, &overlap):
					t.Fatal(err)
				}
			}
			all, err := db.Substitutions(ctx, "zhao")
			if err != nil || stored != 1 || len(all) != 1 {
				t.Fatalf("%d stored, %d read back (%v), want 1", stored, len(all), err)
			}
		})
	}
}

// An event keeps the person its actor stood in for, through a write and a
// read; events without one read back without one.
func TestEventsKeepOnBehalfOf(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			approved := event(2, "approved")
			approved.Actor, approved.OnBehalfOf = "wang", "zhao"
			v := tk("T1", 2, task.StatusOpen)
			v.Seq = 2
			if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: v, Events: []task.Event{event(1, "created"), approved},
				Fence: fenceAt(3, 100, 2)}); err != nil {
				t.Fatal(err)
			}
			got, err := db.TaskEvents(ctx, "c1", "T1")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].OnBehalfOf != "" || got[1].OnBehalfOf != "zhao" || got[1].Actor != "wang" {
				t.Fatalf("events: %+v", got)
			}
		})
	}
}

// A person's settings are kept; a plan that says nothing of them leaves
// them, one that gives them replaces them.
func TestPersonSettings(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			night := store.PersonSettings{Mobile: "+8613800000000", Timezone: "Asia/Shanghai", QuietHours: "22:00-08:00", Reminders: "daily"}
			if err := db.CreatePerson(ctx, store.Person{ID: "li", Name: "Li", Roles: []string{store.RoleMember}, PersonSettings: night, CreatedAt: day0}); err != nil {
				t.Fatal(err)
			}
			if err := db.UpsertPeople(ctx, []store.Person{{ID: "li", Name: "Li Si", CreatedAt: day0},
				{ID: "wu", Name: "Wu", PersonSettings: store.PersonSettings{QuietHours: "12:00-13:00"}, CreatedAt: day0}}); err != nil {
				t.Fatal(err)
			}
			people, err := db.PeopleByID(ctx, []string{"li", "wu"})
			if err != nil {
				t.Fatal(err)
			}
			if people["li"].Name != "Li Si" || people["li"].PersonSettings != night || people["wu"].QuietHours != "12:00-13:00" {
				t.Fatalf("after the plan: %+v", people)
			}
			if err := db.UpsertPeople(ctx, []store.Person{{ID: "li", Name: "Li Si", PersonSettings: store.PersonSettings{Mobile: "13900000000"}, CreatedAt: day0}}); err != nil {
				t.Fatal(err)
			}
			li, err := db.GetPerson(ctx, "li")
			if err != nil || li.Mobile != "13900000000" || li.QuietHours != night.QuietHours {
				t.Fatalf("a plan giving a mobile: %+v %v", li, err)
			}
			set, err := db.SetPersonSettings(ctx, "li", store.PersonSettings{Timezone: "Europe/Paris"})
			if err != nil || set.PersonSettings != (store.PersonSettings{Timezone: "Europe/Paris"}) {
				t.Fatalf("set: %+v %v", set, err)
			}
			if _, err := db.SetPersonSettings(ctx, "nobody", night); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("unknown person: %v", err)
			}
		})
	}
}
