package plan

import (
	"regexp"
	"time"

	"github.com/closeout/closeout/internal/domain/quiethours"
	"github.com/closeout/closeout/internal/i18n"
)

// The rules for what a person chooses about being told (SPEC section 14),
// in one place for plans and the API's people routes. Each takes a value
// that was given and says what is wrong with it; "" is always allowed (no
// setting) except where the caller says otherwise.

// mobilePattern is a phone number as robots @mention it: digits, with an
// optional international "+"; no spaces or dashes, which DingTalk and WeCom
// do not match.
var mobilePattern = regexp.MustCompile(`^\+?[0-9]{5,20}$`)

// CheckMobile checks a mobile number.
func CheckMobile(s string) error {
	if s != "" && !mobilePattern.MatchString(s) {
		return i18n.Errorf("%q is not a mobile number (digits, optionally after +)", s)
	}
	return nil
}

// CheckTimezone checks a person's timezone: an IANA name. "Local" is
// whatever the server runs in, not a person's timezone.
func CheckTimezone(s string) error {
	if s == "" {
		return nil
	}
	if _, err := time.LoadLocation(s); err != nil || s == "Local" {
		return i18n.Errorf("unknown timezone %q: use an IANA name such as Asia/Shanghai", s)
	}
	return nil
}

// CheckReminders checks how reminders come: each at its time ("") or daily.
func CheckReminders(s string) error {
	if s != "" && s != RemindersDaily {
		return i18n.Errorf("unknown reminders %q: want daily, or leave it out for each reminder at its time", s)
	}
	return nil
}

// NormalQuietHours checks a quiet-hours window and returns it in its normal
// form ("22:00-08:00"); "" is none.
func NormalQuietHours(s string) (string, error) {
	w, err := quiethours.Parse(s)
	if err != nil {
		return "", err
	}
	return w.String(), nil
}
