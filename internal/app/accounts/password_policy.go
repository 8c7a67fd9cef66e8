package accounts

import (
	"bufio"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/i18n"
)

// A password is at least MinPasswordLength characters (counted as
// characters, so a Chinese passphrase counts what a person typed) and at
// most MaxPasswordBytes bytes, and is not one of the common passwords
// (SPEC section 16).
const (
	MinPasswordLength = 12
	MaxPasswordBytes  = 1024
)

// Reasons a password is refused; the API and the dashboard word them.
const (
	ReasonTooShort = "too_short"
	ReasonTooLong  = "too_long"
	ReasonCommon   = "common"
)

// WeakPasswordError is a password CheckPassword refuses, and why.
type WeakPasswordError struct{ Reason string }

func (e *WeakPasswordError) Error() string { return "accounts: password refused: " + e.Reason }

// Text says what is wrong with the password, in both languages, as the
// password field's message.
func (e *WeakPasswordError) Text() i18n.Text {
	switch e.Reason {
	case ReasonTooShort:
		return i18n.T("must be at least %d characters", MinPasswordLength)
	case ReasonTooLong:
		return i18n.T("must be at most %d bytes", MaxPasswordBytes)
	case ReasonCommon:
		return i18n.T("is one of the most common passwords; choose another")
	}
	return i18n.T("is not accepted")
}

// commonPasswords is the 10,000 most common passwords, one a line, most
// common first, lower case: the head of the "passwords" frequency list
// shipped in zxcvbn 4.4.2 (npm package zxcvbn, MIT licence, Copyright (c)
// 2012-2016 Dan Wheeler and Dropbox, Inc.; see NOTICE beside this file).
//
//go:embed common_passwords.txt
var commonPasswordList string

var (
	commonOnce sync.Once
	common     map[string]struct{}
)

// isCommon reports whether password, in any case, is on the list.
func isCommon(password string) bool {
	commonOnce.Do(func() {
		common = make(map[string]struct{}, 10000)
		sc := bufio.NewScanner(strings.NewReader(commonPasswordList))
		for sc.Scan() {
			if w := strings.TrimSpace(sc.Text()); w != "" {
				common[w] = struct{}{}
			}
		}
	})
	_, ok := common[strings.ToLower(password)]
	return ok
}

// CheckPassword refuses a password too short, too long or common, with a
// *WeakPasswordError.
func CheckPassword(password string) error {
	switch {
	case len(password) > MaxPasswordBytes:
		return &WeakPasswordError{ReasonTooLong}
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return &WeakPasswordError{ReasonTooShort}
	case isCommon(password):
		return &WeakPasswordError{ReasonCommon}
	}
	return nil
}
