package importing

import (
	"fmt"

	"github.com/closeout/closeout/internal/i18n"
)

// Reason is why an import was refused; the caller words it (HTTP: 422, 413
// or 409).
type Reason int

const (
	// Invalid is a plan that does not parse, validate or meet its deadlines;
	// Refusal.Err is the *plan.ValidationError with every field.
	Invalid Reason = iota
	// InvalidLedger is a workbook with errors of its own; Fields has them
	// and the plan's, each at its cell, and More counts those left out.
	InvalidLedger
	// Unschedulable is a plan that checked, but a task's plan cannot be made
	// (its escalation policy falls outside the calendar, say).
	Unschedulable
	// Conflict is another plan stored under the campaign's id.
	Conflict
)

// FieldError is one field (or workbook cell) of a refusal.
type FieldError struct {
	Field   string
	Message string
	// Zh is Message in Chinese (i18n.T); empty reads as Message.
	Zh string
}

// Text is the message in both languages.
func (e FieldError) Text() i18n.Text { return i18n.Both(e.Message, e.Zh) }

// Refusal is an import refused for what the plan says, not for a failure
// along the way (those are returned as they are).
type Refusal struct {
	Reason Reason
	Detail string
	// DetailZh is Detail in Chinese.
	DetailZh string
	Err      error
	Fields   []FieldError
	More     int
}

// refuse words a refusal's detail in both languages (importing.yaml).
func refuse(reason Reason, err error, format string, args ...any) *Refusal {
	t := i18n.T(format, args...)
	return &Refusal{Reason: reason, Detail: t.En, DetailZh: t.Zh, Err: err}
}

// DetailText is the detail in both languages.
func (r *Refusal) DetailText() i18n.Text { return i18n.Both(r.Detail, r.DetailZh) }

func (r *Refusal) Error() string {
	if r.Err != nil {
		return fmt.Sprintf("%s: %v", r.Detail, r.Err)
	}
	return r.Detail
}

func (r *Refusal) Unwrap() error { return r.Err }
