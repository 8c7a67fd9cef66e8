package plan

import (
	"fmt"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// FieldError is one problem with a plan, at a field path such as
// "tracks[0].tasks[3].deadline". Field is empty for a problem with the
// document as a whole (a syntax error). Line is the line in the plan, when
// known.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	// Zh is Message in Chinese (i18n.T); empty reads as Message.
	Zh   string `json:"message_zh,omitempty"`
	Line int    `json:"line,omitempty"`
}

// Text is the message in both languages.
func (e FieldError) Text() i18n.Text { return i18n.Both(e.Message, e.Zh) }

// fieldError is a problem at field worded in both languages.
func fieldError(field string, message i18n.Text) FieldError {
	return FieldError{Field: field, Message: message.En, Zh: message.Zh}
}

func (e FieldError) String() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// ValidationError holds every problem found in a plan, in document order.
type ValidationError struct {
	Errors []FieldError
	// Unmet says every problem is one of the schedule's: the plan is well
	// formed but cannot be met as written (allow_infeasible imports it).
	Unmet bool
	// TooLarge says the plan lists more tasks or units than a plan may
	// (limits.go); nothing else of it was read.
	TooLarge bool
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		lines[i] = fe.String()
	}
	return fmt.Sprintf("invalid plan (%d problem%s):\n  %s", len(e.Errors), plural(len(e.Errors)), strings.Join(lines, "\n  "))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
