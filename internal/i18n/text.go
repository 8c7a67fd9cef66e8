package i18n

import (
	"fmt"
	"strings"
)

// Text is one message in both languages. It is plain data (it crosses
// workflow updates and JSON answers as two strings), built by T.
type Text struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// T renders format and args in English, and in Chinese with the format the
// catalogue gives for it (an argument in both languages, a Text or an
// *Error, in its Chinese). A format missing from the catalogue renders in
// English in both (the catalogue test fails for it).
func T(format string, args ...any) Text {
	en := fmt.Sprintf(strings.ReplaceAll(format, "%w", "%v"), args...) // Errorf's %w prints as %v
	zh, ok := chinese[format]
	if !ok {
		return Text{En: en, Zh: en}
	}
	return Text{En: en, Zh: fmt.Sprintf(zh, inChinese(args)...)}
}

// Both is a text whose two sentences are already written (a notice
// composed of parts, say).
func Both(en, zh string) Text { return Text{En: en, Zh: zh} }

// In is the text in l.
func (t Text) In(l Lang) string {
	if l == EN || t.Zh == "" {
		return t.En
	}
	return t.Zh
}

// String is the English sentence: what logs and Error() show.
func (t Text) String() string { return t.En }
