package i18n

import (
	"errors"
	"fmt"
	"strings"
)

// Error is an error worded in both languages; Error() is the English.
type Error struct {
	Text Text
	// wrapped is the error a %w named, for errors.Is and errors.As.
	wrapped error
}

func (e *Error) Error() string { return e.Text.En }

// Unwrap is the error the format's %w named, if any.
func (e *Error) Unwrap() error { return e.wrapped }

// Errorf is fmt.Errorf for a message people read: the Chinese comes from
// the catalogue like T's, and a %w wraps its error as fmt.Errorf's does
// (the catalogue's Chinese writes it %v; it reads in Chinese when it is
// an *Error).
func Errorf(format string, args ...any) error {
	e := &Error{Text: T(format, args...)}
	if strings.Contains(format, "%w") {
		e.wrapped = errors.Unwrap(fmt.Errorf(format, args...))
	}
	return e
}

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
