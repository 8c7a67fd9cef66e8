package dashboard

import (
	"fmt"
	"testing"
	"time"
)

// A previewed file opens only for its person, only until it expires or is
// forgotten; a person's new preview replaces their last; and the store never
// holds more than maxPendingUploads files, the one closest to expiring going
// first.
func TestPendingUploads(t *testing.T) {
	u := newPendingUploads()
	now := testNow
	first := u.keep(pendingUpload{person: "root", name: "a.xlsx"}, now)
	if _, ok := u.find(first, "zhao", now); ok {
		t.Error("another person opened root's file")
	}
	if p, ok := u.find(first, "root", now.Add(uploadLife-time.Second)); !ok || p.name != "a.xlsx" {
		t.Errorf("root's file before it expires: %+v %v", p, ok)
	}
	if _, ok := u.find(first, "root", now.Add(uploadLife)); ok {
		t.Error("an expired file opened")
	}
	second := u.keep(pendingUpload{person: "root", name: "b.xlsx"}, now)
	if _, ok := u.find(first, "root", now); ok {
		t.Error("root's earlier file survived their new preview")
	}
	for i := range maxPendingUploads {
		u.keep(pendingUpload{person: fmt.Sprint("p", i)}, now.Add(time.Duration(i+1)*time.Second))
	}
	if len(u.byID) != maxPendingUploads {
		t.Errorf("%d files kept, want at most %d", len(u.byID), maxPendingUploads)
	}
	if _, ok := u.find(second, "root", now); ok {
		t.Error("the file closest to expiring was kept over the limit")
	}
	last := u.keep(pendingUpload{person: "zhou"}, now)
	u.forget(last)
	if _, ok := u.find(last, "zhou", now); ok {
		t.Error("a file forgotten once imported opened again")
	}
}
