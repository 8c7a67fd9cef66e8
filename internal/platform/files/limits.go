package files

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DefaultMaxFileMB is the largest file taken unless CLOSEOUT_MAX_FILE_MB
// says otherwise (SPEC section 12): enough for a scanned document or a few
// phone photos, small enough that the database store keeps up.
const DefaultMaxFileMB = 20

// maxMaxFileMB caps the setting: the database store writes a file in one
// transaction, and a multipart body is staged on disk whole before its type
// is known.
const maxMaxFileMB = 1024

// ErrTooLarge is a file over the limit (413).
var ErrTooLarge = errors.New("the file is too large")

// formSlack is what a multipart body may hold besides the file: the part
// headers and a few small fields (the dashboard's CSRF token).
const formSlack = 64 << 10

// ParseMaxFileMB reads CLOSEOUT_MAX_FILE_MB: a whole number of MiB, at least
// 1; "" is the default. It answers the limit in bytes.
func ParseMaxFileMB(v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return DefaultMaxFileMB << 20, nil
	}
	mb, err := strconv.Atoi(v)
	if err != nil || mb < 1 || mb > maxMaxFileMB {
		return 0, fmt.Errorf("CLOSEOUT_MAX_FILE_MB %q: want a whole number of MiB from 1 to %d", v, maxMaxFileMB)
	}
	return int64(mb) << 20, nil
}
