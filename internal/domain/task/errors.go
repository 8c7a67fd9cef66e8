package task

import (
	"fmt"

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
}

// Text is the message in both languages.
func (e *RuleError) Text() i18n.Text { return i18n.Both(e.Message, e.Zh) }

func (e *RuleError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

func forbidden(format string, args ...any) *RuleError {
	return &RuleError{Type: ErrTypeForbidden, Message: fmt.Sprintf(format, args...)}
}

// Conflict refuses an action the task's state does not allow.
func Conflict(format string, args ...any) *RuleError {
	return &RuleError{Type: ErrTypeConflict, Message: fmt.Sprintf(format, args...)}
}

func invalid(field, format string, args ...any) *RuleError {
	return &RuleError{Type: ErrTypeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}
