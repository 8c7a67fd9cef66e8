package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// found is the "campaign/id" of every task a search finds, over all pages.
func found(t *testing.T, db *store.DB, q string, campaigns []string) []string {
	t.Helper()
	var out []string
	f := store.TaskSearch{Words: store.SearchWords(q), Campaigns: campaigns, Limit: 2}
	for {
		docs, next, err := db.SearchTasks(context.Background(), f, []byte("["))
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var page []task.View
		if err := json.Unmarshal(append(docs, ']'), &page); err != nil {
			t.Fatalf("search %q: %v in %s", q, err, docs)
		}
		for _, v := range page {
			out = append(out, v.Campaign+"/"+v.ID)
		}
		if next == "" {
			return out
		}
		f.Cursor = next
	}
}

func searchTask(campaign, id, title, owner string) task.View {
	return task.View{
		Campaign: campaign, ID: id, Title: title, Track: "t1", Owner: owner,
		Status: task.StatusOpen, Light: task.LightGreen, Version: 1, Seq: 1,
		Deadline: time.Date(2027, 6, 30, 16, 0, 0, 0, time.UTC),
	}
}

// A search finds tasks by substrings of their title, id, owner's and
// owning unit's names, on both databases: every word must match, a word of
// one or two characters as well as a longer one (the trigram indexes need
// three), only in the campaigns searched, and by a title's newest words.
func TestSearchTasks(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			now := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
			if err := db.CreatePerson(ctx, store.Person{ID: "wangfang", Name: "王芳", Roles: []string{"member"}, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			if err := db.UpsertUnits(ctx, []store.Unit{{ID: "renshi", Name: "人事处", CreatedAt: now}}); err != nil {
				t.Fatal(err)
			}
			if err := db.SeedTasks(ctx, []task.View{
				searchTask("c1", "T1", "清理借调人员", "wangfang"),
				searchTask("c1", "T2", "整改公车私用问题", "unit:renshi"),
				searchTask("c1", "QX-7", "核查超标办公用房", "li"),
				searchTask("c2", "T1", "清理借调人员台账", "li"),
			}); err != nil {
				t.Fatal(err)
			}
			// A person named after the tasks they own were written.
			if err := db.CreatePerson(ctx, store.Person{ID: "li", Name: "李明", Roles: []string{"member"}, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				q         string
				campaigns []string
				want      []string
			}{
				{"借调人员", nil, []string{"c1/T1", "c2/T1"}},   // a substring of a Chinese title
				{"借调", nil, []string{"c1/T1", "c2/T1"}},     // two characters
				{"车", nil, []string{"c1/T2"}},               // one character
				{"qx-7", nil, []string{"c1/QX-7"}},          // an id, in any case
				{"王芳", nil, []string{"c1/T1"}},              // the owner's name
				{"人事处", nil, []string{"c1/T2"}},             // the owning unit's name
				{"李明", nil, []string{"c1/QX-7", "c2/T1"}},   // a name given after the task was written
				{"借调 台账", nil, []string{"c2/T1"}},           // every word must match
				{"清理 王芳", nil, []string{"c1/T1"}},           // across fields
				{"借调 公车", nil, nil},                         // no task has both
				{"借调人员", []string{"c2"}, []string{"c2/T1"}}, // a campaign not searched is not found
				{"借调", []string{}, nil},                     // no campaign: nothing
				{"100%", nil, nil},                          // LIKE's wildcards are literal
				{"_", nil, nil},                             //
				{"", nil, nil},                              // no words: nothing
			}
			for _, c := range cases {
				if got := found(t, db, c.q, c.campaigns); !slices.Equal(got, c.want) {
					t.Errorf("search %q in %v: got %v, want %v", c.q, c.campaigns, got, c.want)
				}
			}

			// A new title is found by its new words and no longer by its old.
			renamed := searchTask("c1", "T1", "核销差旅费用", "wangfang")
			renamed.Version, renamed.Seq = 2, 2
			if err := db.ProjectTask(ctx, task.ProjectionWrite{Task: renamed}); err != nil {
				t.Fatal(err)
			}
			if got := found(t, db, "差旅", nil); !slices.Equal(got, []string{"c1/T1"}) {
				t.Errorf("the new title: got %v", got)
			}
			if got := found(t, db, "借调人员", nil); !slices.Equal(got, []string{"c2/T1"}) {
				t.Errorf("the old title: got %v", got)
			}
			// A unit renamed: its tasks are found by the new name.
			if err := db.UpsertUnits(ctx, []store.Unit{{ID: "renshi", Name: "组织人事处", CreatedAt: now}}); err != nil {
				t.Fatal(err)
			}
			if got := found(t, db, "组织人事", nil); !slices.Equal(got, []string{"c1/T2"}) {
				t.Errorf("the unit's new name: got %v", got)
			}
			// A person renamed by a plan: found by the new name, not the old.
			if err := db.UpsertPeople(ctx, []store.Person{{ID: "wangfang", Name: "王芳芳"}}); err != nil {
				t.Fatal(err)
			}
			if got := found(t, db, "王芳芳", nil); !slices.Equal(got, []string{"c1/T1"}) {
				t.Errorf("the owner's new name: got %v", got)
			}
			if err := db.UpsertPeople(ctx, []store.Person{{ID: "li", Name: "李强"}}); err != nil {
				t.Fatal(err)
			}
			if got := found(t, db, "李明", nil); got != nil {
				t.Errorf("the owner's old name still finds %v", got)
			}
		})
	}
}

// Migration 17 indexes the tasks already there: a task written before it is
// found by its title and by its owner's name.
func TestSearchIndexesTasksWrittenBefore(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, kind))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.MigrateTo(ctx, 16); err != nil {
				t.Fatal(err)
			}
			if err := db.CreatePerson(ctx, store.Person{ID: "wangfang", Name: "王芳", Roles: []string{"member"}, CreatedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			if err := db.SeedTasks(ctx, []task.View{searchTask("c1", "T1", "清理借调人员", "wangfang")}); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"借调人员", "借调", "王芳", "t1"} {
				if got := found(t, db, q, nil); !slices.Equal(got, []string{"c1/T1"}) {
					t.Errorf("search %q after the migration: %v", q, got)
				}
			}
		})
	}
}
