package devserver_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/closeout/closeout/internal/temporal/devserver"
)

// A file-backed server keeps its namespace and data across a restart.
func TestFileBackedServerRestarts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "temporal.db")
	for range 2 {
		srv, err := devserver.Start(devserver.Options{DatabaseFile: file})
		if err != nil {
			t.Fatal(err)
		}
		c, err := client.Dial(client.Options{HostPort: srv.Address()})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if _, err := c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
			t.Fatal(err)
		}
		cancel()
		c.Close()
		if err := srv.Stop(); err != nil {
			t.Fatal(err)
		}
	}
}
