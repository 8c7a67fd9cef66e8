//go:build chaos

package chaos

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/closeout/closeout/test/e2e"
)

// devProc is one `closeout dev` on a fixed data folder and fixed ports, run
// again and again: every start is a new process on the same state, as after
// a crash in production.
type devProc struct {
	dataDir      string
	dbURL        string // "" for dev's own SQLite file
	httpPort     int
	temporalPort int
	logDir       string // one stderr file per run, kept for the post-mortem

	runs   int // processes started so far
	cmd    *exec.Cmd
	exited chan struct{}
	admin  string
}

// newDevProc picks the ports every run of this dev reuses.
func newDevProc(dataDir, dbURL, logDir string) (*devProc, error) {
	httpPort, err := e2e.FreePort()
	if err != nil {
		return nil, err
	}
	temporalPort, err := e2e.FreePort()
	if err != nil {
		return nil, err
	}
	return &devProc{dataDir: dataDir, dbURL: dbURL, httpPort: httpPort, temporalPort: temporalPort, logDir: logDir}, nil
}

func (d *devProc) base() string { return fmt.Sprintf("http://127.0.0.1:%d", d.httpPort) }

func (d *devProc) temporalAddr() string { return fmt.Sprintf("127.0.0.1:%d", d.temporalPort) }

// projectionURL is the database URL `closeout reconcile` needs.
func (d *devProc) projectionURL() string {
	if d.dbURL != "" {
		return d.dbURL
	}
	return "sqlite:" + filepath.Join(d.dataDir, "closeout.db")
}

// start runs a new process and returns once it says it is ready. A process
// that exits before that is retried a few times: the previous one's ports
// may still be held for a moment after a SIGKILL.
func (d *devProc) start() error {
	var last error
	for attempt := 0; attempt < 10; attempt++ {
		if attempt > 0 {
			time.Sleep(time.Second)
		}
		ready, err := d.startOnce()
		if ready {
			return nil
		}
		last = err
		if !errors.Is(err, errExitedEarly) {
			break
		}
	}
	return last
}

var errExitedEarly = errors.New("closeout dev exited before it was ready")

func (d *devProc) startOnce() (bool, error) {
	d.runs++
	logPath := filepath.Join(d.logDir, fmt.Sprintf("dev-%03d.log", d.runs))
	logFile, err := os.Create(logPath)
	if err != nil {
		return false, err
	}
	args := []string{"dev", "--data-dir", d.dataDir,
		"--http-addr", fmt.Sprintf("127.0.0.1:%d", d.httpPort),
		"--metrics-addr", "127.0.0.1:0", // the default port would clash between runs side by side
		"--temporal-port", strconv.Itoa(d.temporalPort),
		// info, not warn: dev's start-up reconcile reports what it repaired
		// on an info line, and the summary counts those repairs.
		"--log-level", "info"}
	if d.dbURL != "" {
		args = append(args, "--database-url", d.dbURL)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = devEnv()
	cmd.Stderr = logFile
	// If the test binary dies (a timeout panic), take the server with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		_ = logFile.Close() // nothing was written to it yet
		return false, err
	}
	if err := cmd.Start(); err != nil {
		_ = logFile.Close() // nothing was written to it yet
		return false, err
	}
	exited := make(chan struct{})
	ready := make(chan struct{}, 1)
	go func() {
		// Keep reading after the banner: a full pipe would block the server.
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "closeout is ready at ") {
				ready <- struct{}{}
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // drains only; ends when the server does
	}()
	go func() {
		// The exit status of a killed run is the fault itself, not news;
		// the log is the server's stderr, whose writes were its own.
		_ = cmd.Wait()
		_ = logFile.Close()
		close(exited)
	}()
	d.cmd, d.exited = cmd, exited
	select {
	case <-ready:
	case <-exited:
		return false, fmt.Errorf("%w (run %d): %s", errExitedEarly, d.runs, e2e.Tail(logPath, 2000))
	case <-time.After(2 * time.Minute):
		d.kill()
		return false, fmt.Errorf("closeout dev did not get ready in 2 minutes (run %d): %s", d.runs, e2e.Tail(logPath, 2000))
	}
	if d.admin == "" {
		token, err := os.ReadFile(filepath.Join(d.dataDir, "admin-token"))
		if err != nil {
			return false, err
		}
		d.admin = strings.TrimSpace(string(token))
	}
	return true, nil
}

// devEnv is the environment without settings that would point dev at
// another database, Temporal or admin token than the flags say.
func devEnv() []string {
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

// kill is the fault: SIGKILL, no chance to flush or finish anything.
func (d *devProc) kill() {
	if !d.alive() {
		return
	}
	_ = d.cmd.Process.Signal(syscall.SIGKILL) // fails only if it has just exited, which <-d.exited tells
	<-d.exited
}

// stop ends the last run gracefully (SIGTERM), or kills it if it hangs.
func (d *devProc) stop() {
	if !d.alive() {
		return
	}
	_ = d.cmd.Process.Signal(syscall.SIGTERM) // fails only if it has just exited, which <-d.exited tells
	select {
	case <-d.exited:
	case <-time.After(30 * time.Second):
		d.kill()
	}
}

// alive reports whether the current run is still going (it did not crash on
// its own).
func (d *devProc) alive() bool {
	if d.cmd == nil {
		return false
	}
	select {
	case <-d.exited:
		return false
	default:
		return true
	}
}

// differenceLine is what dev's start-up reconcile logs for each difference it
// finds, with "(repaired)" once it repaired it. Counted line by line: a pass
// cut short by the next kill logs no summary, but its lines are there.
var differenceLine = regexp.MustCompile(`msg="projection differs from its workflow"`)

// startupRepairs adds up what dev's start-up reconcile found and repaired
// over every run, from its log lines.
func (d *devProc) startupRepairs() (differences, repaired int) {
	logs, _ := filepath.Glob(filepath.Join(d.logDir, "dev-*.log"))
	for _, path := range logs {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if !differenceLine.Match(line) {
				continue
			}
			differences++
			if bytes.Contains(line, []byte("(repaired)")) {
				repaired++
			}
		}
	}
	return differences, repaired
}
