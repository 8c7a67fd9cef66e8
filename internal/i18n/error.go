package i18n

import "errors"

// Error is an error worded in both languages; Error() is the English.
type Error struct{ Text Text }

func (e *Error) Error() string { return e.Text.En }

// Errorf is fmt.Errorf for a message people read, without %w: the Chinese
// comes from the catalogue like T's.
func Errorf(format string, args ...any) error { return &Error{Text: T(format, args...)} }

// TextOf words err in both languages: the text of the first *Error in its
// chain, or err.Error() in both when none is there (a library's error,
// which is English only; the catalogue cannot know its words).
func TextOf(err error) Text {
	if err == nil {
		return Text{}
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Text
	}
	return Text{En: err.Error(), Zh: err.Error()}
}
