package devserver

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
)

// takenPort holds a loopback port for the test's lifetime.
func takenPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() }) // only held the port; nothing to lose
	return l.Addr().(*net.TCPAddr).Port
}

// Another process can bind a port between the moment it is picked and the
// moment the server binds it (CI saw the server crash on a nil listener
// then). Start picks again, and the server it returns answers.
func TestStartPicksAgainWhenAPickedPortIsTaken(t *testing.T) {
	for _, nth := range []int{1, 3} { // the frontend's gRPC port; history's
		taken := takenPort(t)
		calls := 0
		opts := Options{freePort: func(ip string) (int, error) {
			calls++
			if calls == nth {
				return taken, nil
			}
			return FreePort(ip)
		}}
		srv, err := Start(opts)
		if err != nil {
			t.Fatalf("port %d taken: %v", nth, err)
		}
		if calls <= len(services)+1 {
			t.Fatalf("port %d taken: %d ports picked, so none was picked again", nth, calls)
		}
		c, err := client.Dial(client.Options{HostPort: srv.Address()})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err = c.CheckHealth(ctx, &client.CheckHealthRequest{})
		cancel()
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Stop(); err != nil {
			t.Fatal(err)
		}
	}
}

// A frontend port the caller fixed is not swapped for another: a taken one is
// an error naming it, not a crash.
func TestStartOnATakenFixedPortIsAnError(t *testing.T) {
	taken := takenPort(t)
	srv, err := Start(Options{FrontendPort: taken})
	if err == nil {
		_ = srv.Stop() // the test fails either way
		t.Fatal("started on a taken port")
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("want an address-in-use error, got %v", err)
	}
}
