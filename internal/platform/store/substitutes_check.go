package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The checks of a substitute window as a person asks for it (SPEC section
// 14), in one place for the API (RFC 3339 instants in JSON) and the
// dashboard (a form's date and time pickers), so both refuse the same
// windows for the same reasons.

// MaxSubstitutionReason bounds a window's reason, in characters.
const MaxSubstitutionReason = 500

// SubstitutionRequest is a window as asked for: the times as text.
type SubstitutionRequest struct {
	Person     string
	Substitute string
	// From empty means now.
	From, Until string
	Reason      string
	// Loc, when set, reads From and Until as wall-clock times there, as a
	// form's datetime-local input gives them (2006-01-02T15:04, seconds
	// optional); nil reads RFC 3339 instants.
	Loc *time.Location
}

// FieldProblem names one wrong field of a request: Code says which check
// refused it (the Problem constants), for a caller that words it in its own
// language; Message says it in English.
type FieldProblem struct {
	Field, Code, Message string
}

// The checks a field can fail.
const (
	ProblemRequired = "required" // substitute, until
	ProblemSelf     = "self"     // substitute: the person themself
	ProblemUnknown  = "unknown"  // substitute: no such person
	ProblemFormat   = "format"   // from, until: not a time
	ProblemPast     = "past"     // until: before now
	ProblemOrder    = "order"    // until: not after from
	ProblemTooLong  = "too_long" // reason
)

// PersonGetter finds a person (*DB does); ErrNotFound when there is none.
type PersonGetter interface {
	GetPerson(ctx context.Context, id string) (Person, error)
}

// CheckSubstitution reads r into a window, naming every wrong field at
// once; err is people failing to say who exists. The window's reason is
// trimmed; Until is zero unless it passed.
func CheckSubstitution(ctx context.Context, people PersonGetter, r SubstitutionRequest, now time.Time) (Substitution, []FieldProblem, error) {
	w := Substitution{Person: r.Person, Substitute: r.Substitute, Reason: strings.TrimSpace(r.Reason), From: now}
	var errs []FieldProblem
	add := func(field, code, message string) { errs = append(errs, FieldProblem{field, code, message}) }
	switch r.Substitute {
	case "":
		add("substitute", ProblemRequired, "is required: the id of the person who acts for "+r.Person)
	case r.Person:
		add("substitute", ProblemSelf, "a person cannot stand in for themself")
	default:
		_, err := people.GetPerson(ctx, r.Substitute)
		switch {
		case errors.Is(err, ErrNotFound):
			add("substitute", ProblemUnknown, "no person "+r.Substitute)
		case err != nil:
			return w, nil, err
		}
	}
	kind, fromExample, untilExample := "an RFC 3339 instant", "2027-03-01T09:00:00+08:00", "2027-03-08T18:00:00+08:00"
	if r.Loc != nil {
		kind, fromExample, untilExample = "a date and time", "2027-03-01T09:00", "2027-03-08T18:00"
	}
	fromOK := true
	if r.From != "" {
		t, err := r.parse(r.From)
		if err != nil {
			add("from", ProblemFormat, "must be "+kind+", such as "+fromExample)
			fromOK = false
		}
		w.From = t
	}
	switch t, err := r.parse(r.Until); {
	case r.Until == "":
		add("until", ProblemRequired, "is required: "+kind)
	case err != nil:
		add("until", ProblemFormat, "must be "+kind+", such as "+untilExample)
	case !t.After(now):
		add("until", ProblemPast, "is in the past: the window would be over before it is set")
	case fromOK && !t.After(w.From):
		add("until", ProblemOrder, "must be after from")
	default:
		w.Until = t
	}
	if n := utf8.RuneCountInString(w.Reason); n > MaxSubstitutionReason {
		add("reason", ProblemTooLong, "is too long: at most "+strconv.Itoa(MaxSubstitutionReason)+" characters")
	}
	return w, errs, nil
}

// parse reads one of the request's times.
func (r SubstitutionRequest) parse(s string) (time.Time, error) {
	if r.Loc == nil {
		return time.Parse(time.RFC3339, s)
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, r.Loc)
	if err != nil {
		t, err = time.ParseInLocation("2006-01-02T15:04:05", s, r.Loc)
	}
	return t, err
}
