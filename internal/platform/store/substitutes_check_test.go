package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

type somePeople map[string]bool

func (p somePeople) GetPerson(_ context.Context, id string) (Person, error) {
	if !p[id] {
		return Person{}, ErrNotFound
	}
	return Person{ID: id}, nil
}

// CheckSubstitution names each wrong field with its check, and reads a
// form's wall-clock times in the location it is given.
func TestCheckSubstitution(t *testing.T) {
	now := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	people := somePeople{"li": true, "chen": true}
	for _, tc := range []struct {
		r     SubstitutionRequest
		codes []string // field:code
	}{
		{SubstitutionRequest{Until: "2027-03-08T18:00:00+08:00"}, []string{"substitute:required"}},
		{SubstitutionRequest{Substitute: "li", Until: "2027-03-08T18:00:00+08:00"}, []string{"substitute:self"}},
		{SubstitutionRequest{Substitute: "ghost", Until: "x"}, []string{"substitute:unknown", "until:format"}},
		{SubstitutionRequest{Substitute: "chen", From: "monday"}, []string{"from:format", "until:required"}},
		{SubstitutionRequest{Substitute: "chen", Until: "2027-02-01T00:00:00Z"}, []string{"until:past"}},
		{SubstitutionRequest{Substitute: "chen", From: "2027-03-09T00:00:00Z", Until: "2027-03-08T00:00:00Z"}, []string{"until:order"}},
		{SubstitutionRequest{Substitute: "chen", Until: "2027-03-08T00:00:00Z", Reason: strings.Repeat("假", 501)}, []string{"reason:too_long"}},
		{SubstitutionRequest{Substitute: "chen", Until: "2027-03-08T18:00:00+08:00", Loc: shanghai}, []string{"until:format"}},
		{SubstitutionRequest{Substitute: "chen", From: "2027-03-02T09:00", Until: "2027-03-08T18:00", Loc: shanghai}, nil},
	} {
		tc.r.Person = "li"
		w, problems, err := CheckSubstitution(context.Background(), people, tc.r, now)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range problems {
			codes = append(codes, p.Field+":"+p.Code)
		}
		if !slices.Equal(codes, tc.codes) {
			t.Errorf("%+v: %v, want %v", tc.r, codes, tc.codes)
		}
		if tc.r.Loc != nil && tc.codes == nil {
			if want := time.Date(2027, 3, 2, 1, 0, 0, 0, time.UTC); !w.From.Equal(want) || !w.Until.Equal(time.Date(2027, 3, 8, 10, 0, 0, 0, time.UTC)) {
				t.Errorf("read in Shanghai as %s – %s", w.From, w.Until)
			}
		}
	}
}
