//go:build cluster

package cluster

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/closeout/closeout/test/e2e"
)

// adminToken is CLOSEOUT_ADMIN_TOKEN for every API process: they share the
// projection, so the first admin is the same person behind both.
const adminToken = "cluster-admin-token-0123456789abcdef"

// proc is one closeout process (api or worker) of the deployment.
type proc struct {
	name   string // api-1, worker-2, ...
	addr   string // its HTTP listen address (the worker's is health only)
	log    string
	cmd    *exec.Cmd
	exited chan struct{}
	killed time.Time
	// metricsAddr is where it serves /metrics (CLOSEOUT_METRICS_ADDR).
	metricsAddr string
}

func (p *proc) base() string { return "http://" + p.addr }

func (p *proc) pid() int { return p.cmd.Process.Pid }

// startProc starts `closeout <role>` against the cluster and the projection,
// on a port of its own, logging to logDir; cleanup kills it.
func startProc(t testing.TB, logDir, name, role, temporalAddr, dbURL string) *proc {
	t.Helper()
	port, err := e2e.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	metricsPort, err := e2e.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{name: name, addr: fmt.Sprintf("127.0.0.1:%d", port), metricsAddr: fmt.Sprintf("127.0.0.1:%d", metricsPort), log: filepath.Join(logDir, name+".log"), exited: make(chan struct{})}
	logFile, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(binary, role)
	p.cmd.Env = append(cleanEnv(),
		"TEMPORAL_ADDRESS="+temporalAddr,
		"TEMPORAL_NAMESPACE="+namespace,
		"DATABASE_URL="+dbURL,
		"CLOSEOUT_ADMIN_TOKEN="+adminToken,
		"CLOSEOUT_HTTP_ADDR="+p.addr,
		"CLOSEOUT_METRICS_ADDR="+p.metricsAddr,
		"CLOSEOUT_LOG_LEVEL=info",
	)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		_ = logFile.Close() // nothing was written to it yet
		t.Fatal(err)
	}
	go func() {
		// The exit status of a killed process is the fault itself, not
		// news; the log holds the process's own writes.
		_ = p.cmd.Wait()
		_ = logFile.Close()
		close(p.exited)
	}()
	t.Cleanup(p.kill)
	return p
}

// waitReady polls /readyz (the database and Temporal answer) until 200.
func (p *proc) waitReady(ctx context.Context) error {
	hc := &http.Client{Timeout: 2 * time.Second}
	for {
		if resp, err := hc.Get(p.base() + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.exited:
			return fmt.Errorf("%s exited before it was ready: %s", p.name, e2e.Tail(p.log, 2000))
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %s", p.name, e2e.Tail(p.log, 2000))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// kill is the fault: SIGKILL to the process group, no chance to finish
// anything. It waits until the process is gone.
func (p *proc) kill() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.killed = time.Now()
	_ = syscall.Kill(-p.pid(), syscall.SIGKILL) // fails only if the group is gone, which <-p.exited tells
	<-p.exited
}

// alive reports whether the process still runs (it did not die on its own).
func (p *proc) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// cleanEnv is the environment without settings that would point closeout at
// another database, cluster or token than the test says.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "DATABASE_URL" || strings.HasPrefix(name, "TEMPORAL_") || strings.HasPrefix(name, "CLOSEOUT_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// runCloseout runs a one-shot closeout command (migrate, reconcile) against
// the deployment and returns its exit code and output.
func runCloseout(ctx context.Context, temporalAddr, dbURL string, args ...string) (int, string, error) {
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(cleanEnv(), "TEMPORAL_ADDRESS="+temporalAddr, "TEMPORAL_NAMESPACE="+namespace, "DATABASE_URL="+dbURL)
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), string(out), nil
	}
	return 0, string(out), err
}
