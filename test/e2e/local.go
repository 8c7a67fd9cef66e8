package e2e

import (
	"net"
	"os"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// FreePort asks the kernel for a loopback port free right now (another
// process may still take it before it is used).
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, err
	}
	return port, nil
}

// Tail is the last n bytes of a log file, for failure messages.
func Tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	if len(data) > n {
		data = data[len(data)-n:]
	}
	return string(data)
}

// Concurrently runs op for i in [0, n) from callers goroutines, each taking
// the next i, and returns how long all of it took; it stops at the first
// error, which it returns.
func Concurrently(n, callers int, op func(i int) error) (time.Duration, error) {
	var next atomic.Int64
	var g errgroup.Group
	began := time.Now()
	for range callers {
		g.Go(func() error {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := op(i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	err := g.Wait()
	return time.Since(began), err
}
