package bench

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
)

// profiled runs f under a CPU profile written to $BENCH_PROFILE_DIR/name.pprof
// when that variable is set (and just runs f when not). The bench stack is
// one process (Temporal's server, the worker, the API, the projection), so
// one profile of a window shows all of its CPU by function: read it with
// `go tool pprof -top -cum test/bench/bench.test DIR/name.pprof`.
func profiled(b testing.TB, name string, f func()) {
	dir := os.Getenv("BENCH_PROFILE_DIR")
	if dir == "" {
		f()
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	out, err := os.Create(filepath.Join(dir, name+".pprof"))
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		_ = out.Close() // empty: the error above is the one to tell
		b.Fatal(err)
	}
	// Deferred, so a failing f still stops the profile; Close is checked
	// because the profile's tail is written through it.
	defer func() {
		pprof.StopCPUProfile()
		if err := out.Close(); err != nil {
			b.Errorf("write the profile: %v", err)
		}
	}()
	f()
}
