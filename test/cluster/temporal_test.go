//go:build cluster

package cluster

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/closeout/closeout/test/e2e"
)

// namespace is the one closeout's processes use (their default).
const namespace = "default"

// temporalCluster is scripts/temporal-cluster's server, running.
type temporalCluster struct {
	addr    string
	pgrp    int // the server's process group (the script execs the server in it)
	client  client.Client
	phases  map[string]string // the script's phases: build, schema, config
	started time.Duration     // from its config to the namespace answering
}

// startTemporal runs the script (build or cache hit, fresh databases and
// schema, config, server) and waits until the frontend answers and the
// namespace is registered. Cleanup kills the server's process group and drops
// its databases.
func startTemporal(t testing.TB, dir string) *temporalCluster {
	t.Helper()
	script, err := filepath.Abs("../../scripts/temporal-cluster")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, "start")
	cmd.Env = append(os.Environ(), "TEMPORAL_CLUSTER_DIR="+dir)
	cmd.Stderr = os.Stderr // a failing build or schema step explains itself
	// Its own process group, killed whole; and if this test binary dies (a
	// timeout panic), the server goes with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait() // killed at cleanup: its exit status is not news
		close(exited)
	}()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // fails only if the group is gone, which <-exited tells
		<-exited
		drop := exec.Command(script, "drop")
		if out, err := drop.CombinedOutput(); err != nil {
			t.Logf("drop the cluster's databases: %v: %s", err, out)
		}
	})

	c := &temporalCluster{pgrp: cmd.Process.Pid, phases: map[string]string{}}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, stdout) // drains only; ends when the server does
	}()
	// A cold build of the server takes minutes on a small machine.
	limit := time.After(20 * time.Minute)
	for c.addr == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				<-exited
				t.Fatalf("scripts/temporal-cluster ended before it named the frontend: %v", cmd.ProcessState)
			}
			t.Log(line)
			rest, ok := strings.CutPrefix(line, "temporal-cluster: ")
			if !ok {
				continue
			}
			word, detail, _ := strings.Cut(rest, " ")
			switch word {
			case "frontend":
				c.addr = detail
			case "build", "schema", "config":
				c.phases[word] = detail
			}
		case <-limit:
			t.Fatal("scripts/temporal-cluster did not name its frontend in 20 minutes")
		}
	}
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tc, err := dialCluster(ctx, c.addr, exited)
	if err != nil {
		t.Fatalf("%v\nserver log:\n%s", err, e2e.Tail(filepath.Join(dir, "server.log"), 3000))
	}
	t.Cleanup(tc.Close)
	if err := registerNamespace(ctx, c.addr); err != nil {
		t.Fatalf("%v\nserver log:\n%s", err, e2e.Tail(filepath.Join(dir, "server.log"), 3000))
	}
	c.client, c.started = tc, time.Since(began)
	return c
}

// dialCluster polls until the frontend answers (Dial asks GetSystemInfo).
func dialCluster(ctx context.Context, addr string, exited <-chan struct{}) (client.Client, error) {
	var last error
	for {
		// Each attempt is bounded on its own: a frontend not yet listening
		// would otherwise hold one attempt for the whole wait.
		attempt, cancel := context.WithTimeout(ctx, 5*time.Second)
		c, err := client.DialContext(attempt, clientOptions(addr))
		cancel()
		if err == nil {
			return c, nil
		}
		last = err
		select {
		case <-exited:
			return nil, fmt.Errorf("the Temporal server exited: %v", last)
		case <-ctx.Done():
			return nil, fmt.Errorf("the Temporal frontend at %s did not answer: %v", addr, last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// registerNamespace registers the namespace (a fresh cluster has none) and
// polls until the frontend describes it.
func registerNamespace(ctx context.Context, addr string) error {
	nc, err := client.NewNamespaceClient(clientOptions(addr))
	if err != nil {
		return err
	}
	defer nc.Close()
	for {
		err := nc.Register(ctx, &workflowservice.RegisterNamespaceRequest{
			Namespace:                        namespace,
			WorkflowExecutionRetentionPeriod: durationpb.New(24 * time.Hour),
		})
		var exists *serviceerror.NamespaceAlreadyExists
		if err == nil || errors.As(err, &exists) {
			if _, err = nc.Describe(ctx, namespace); err == nil {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("register namespace %s: %v", namespace, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func clientOptions(addr string) client.Options {
	return client.Options{
		HostPort:  addr,
		Namespace: namespace,
		Logger:    sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	}
}
