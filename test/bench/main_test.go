package bench

import (
	"os"
	"testing"

	"github.com/closeout/closeout/test/benchreport"
)

// TestMain writes the targets the benchmarks recorded to bench/results (and
// the README's table) once they have all run.
func TestMain(m *testing.M) {
	os.Exit(benchreport.Finish(m.Run()))
}

// callers is how many clients press on each side of a comparison at once.
const callers = 32

// rounds is how many turns each side of a throughput comparison takes.
const rounds = 2

// kindName is how the report names a projection kind.
func kindName(kind string) string {
	if kind == "postgres" {
		return "PostgreSQL"
	}
	return "SQLite"
}
