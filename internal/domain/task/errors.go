package task

import (
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/i18n"
)

// RuleError is a refusal by the task's rules. Type is one of the ErrType
// constants; Field names the offending request field for ErrTypeInvalid.
type RuleError struct {
	Type    string `json:"type"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	// Zh is Message in Chinese (i18n.T); empty reads as Message. It
	// crosses the workflow update with the rest.
	Zh string `json:"message_zh,omitempty"`
	// RetryAt is when an action refused as too soon is allowed again.
	RetryAt time.Time `json:"retry_at,omitzero"`
}

// Text is the message in both languages.
func (e *RuleError) Text() i18n.Text { return i18n.Both(e.Message, e.Zh) }

func (e *RuleError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// ruleError words a refusal in both languages (format's Chinese is in the
// catalogue, task.yaml).
func ruleError(typ, field, format string, args ...any) *RuleError {
	t := i18n.T(format, args...)
	return &RuleError{Type: typ, Field: field, Message: t.En, Zh: t.Zh}
}

func forbidden(format string, args ...any) *RuleError {
	return ruleError(ErrTypeForbidden, "", format, args...)
}

// Conflict refuses an action the task's state does not allow.
func Conflict(format string, args ...any) *RuleError {
	return ruleError(ErrTypeConflict, "", format, args...)
}

// tooSoon refuses an action allowed again at retry.
func tooSoon(retry time.Time, format string, args ...any) *RuleError {
	e := ruleError(ErrTypeTooSoon, "", format, args...)
	e.RetryAt = retry
	return e
}

func invalid(field, format string, args ...any) *RuleError {
	return ruleError(ErrTypeInvalid, field, format, args...)
}

// statusZh is each status as people read it in Chinese (the board's words
// for them): in a refusal, on a supervision sheet.
var statusZh = map[Status]string{
	StatusOpen: "推进中", StatusSubmitted: "待审核销号", StatusClosed: "已销号", StatusCancelled: "已取消",
}

// Text is the status in both languages; one closeout does not know reads
// as stored.
func (s Status) Text() i18n.Text { return i18n.Both(string(s), statusZh[s]) }
