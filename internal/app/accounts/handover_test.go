package accounts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// recordingTasks answers every action ok, or with refuse for the task ids
// it names, and keeps what it was asked.
type recordingTasks struct {
	acted  []taskops.Action
	refuse map[string]error
}

func (r *recordingTasks) Act(_ context.Context, t task.View, a taskops.Action) (task.View, error) {
	r.acted = append(r.acted, a)
	return t, r.refuse[t.ID]
}

// A handover sends one reassign per open task the person owns, to the
// person named, under the admin; one refusal stops none of the others; a
// task named that the person does not own is refused untouched; nobody
// hands over to themself, to someone unknown or to someone deactivated.
func TestHandOver(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, id := range []string{"li", "wang", "gone"} {
		if err := db.CreatePerson(ctx, store.Person{ID: id, Name: id, Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	var views []task.View
	for _, id := range []string{"a", "b", "c"} {
		views = append(views, task.View{Campaign: "c1", ID: id, Title: id, Owner: "li", Status: task.StatusOpen, Light: task.LightGreen, Version: 1, Deadline: now})
	}
	if err := db.SeedTasks(ctx, views); err != nil {
		t.Fatal(err)
	}
	off := false
	if _, err := db.UpdateAccount(ctx, "gone", store.AccountChange{Active: &off}, now); err != nil {
		t.Fatal(err)
	}
	refusal := &task.RuleError{Type: task.ErrTypeForbidden, Message: "no"}
	tasks := &recordingTasks{refuse: map[string]error{"b": refusal}}
	people := &accounts.People{Store: db, Tasks: tasks}
	admin := task.Actor{ID: "root", Admin: true}

	// Each refusal is ErrHandOverTo, and says why in both languages.
	for to, zh := range map[string]string{"": "交接对象须是 li 以外的人", "li": "交接对象须是 li 以外的人",
		"nobody": "交接对象 nobody 不存在", "gone": "交接对象 gone 已停用"} {
		_, err := people.HandOver(ctx, accounts.HandOverRequest{From: "li", To: to, Actor: admin})
		if !errors.Is(err, accounts.ErrHandOverTo) || i18n.TextOf(err).In(i18n.ZH) != zh {
			t.Errorf("to %q: %v (%q), want ErrHandOverTo saying %q", to, err, i18n.TextOf(err).In(i18n.ZH), zh)
		}
	}
	handed, err := people.HandOver(ctx, accounts.HandOverRequest{From: "li", To: "wang", Actor: admin})
	if err != nil {
		t.Fatal(err)
	}
	if len(handed) != 3 || handed[0].Err != nil || !errors.Is(handed[1].Err, refusal) || handed[2].Err != nil {
		t.Fatalf("handed %+v", handed)
	}
	for _, a := range tasks.acted {
		r, ok := a.Request.(*task.ReassignRequest)
		if a.Kind.Name != task.Reassign.Name || !ok || r.Owner != "wang" || r.Actor.ID != "root" || r.Reason == "" {
			t.Errorf("acted %+v %+v, want a reassign to wang by root with a reason", a, a.Request)
		}
	}
	tasks.acted = nil
	handed, err = people.HandOver(ctx, accounts.HandOverRequest{From: "li", To: "wang", Actor: admin,
		Only: []accounts.TaskRef{{Campaign: "c1", ID: "c"}, {Campaign: "c1", ID: "zz"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(handed) != 2 || handed[0].Err != nil || !errors.Is(handed[1].Err, taskops.ErrNotFound) || len(tasks.acted) != 1 {
		t.Fatalf("only c and an unknown task: %+v, acted %d times", handed, len(tasks.acted))
	}
	if got := i18n.TextOf(handed[1].Err).In(i18n.ZH); got != "li 名下没有未办结的任务 c1/zz" {
		t.Errorf("the unknown task's refusal in Chinese: %q", got)
	}
}
