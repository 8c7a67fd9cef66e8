package task

import "fmt"

// RuleError is a refusal by the task's rules. Type is one of the ErrType
// constants; Field names the offending request field for ErrTypeInvalid.
type RuleError struct {
	Type    string `json:"type"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

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
