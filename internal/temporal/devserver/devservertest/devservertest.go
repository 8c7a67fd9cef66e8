// Package devservertest gives tests a real Temporal server: the embedded one
// of dev mode, in memory, stopped when the test ends.
package devservertest

import (
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/temporal/devserver"
)

// Client starts an in-memory Temporal server for the test and returns a
// client connected to it; both go away with the test.
func Client(t testing.TB) client.Client {
	t.Helper()
	srv, err := devserver.Start(devserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Logf("stop the dev server: %v", err)
		}
	})
	tc, err := client.Dial(client.Options{HostPort: srv.Address()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tc.Close)
	return tc
}
