package store

import (
	"database/sql/driver"
	"errors"
	"net"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsUnavailable reports whether err means the database could not be reached
// or would not serve (down, restarting, out of connections, locked too long),
// rather than that the request was wrong: callers answer 503 and retry.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) {
		return true
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code.Class() {
		case "08", // connection exception
			"53", // insufficient resources (too many connections)
			"57": // operator intervention (shutting down, cannot connect now)
			return true
		}
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED
	}
	var ne net.Error
	return errors.As(err, &ne)
}
