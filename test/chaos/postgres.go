//go:build chaos

package chaos

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/closeout/closeout/test/e2e"
)

// postgres is a PostgreSQL of the test's own: its own data folder, its own
// loopback port, its own socket folder. The shared server on 5432 is never
// touched, so stopping this one hurts nobody else.
type postgres struct {
	bin  string // folder of initdb, pg_ctl, createdb
	dir  string // everything: data, socket, log
	port int
	// asUser is the account the server runs as when the test runs as root
	// (initdb refuses root); "" to run as ourselves.
	asUser string
}

// newPostgres initialises a cluster with trust authentication on loopback
// and starts it; close removes it.
func newPostgres() (*postgres, error) {
	bin, err := postgresBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "closeout-chaos-pg-")
	if err != nil {
		return nil, err
	}
	port, err := e2e.FreePort()
	if err != nil {
		return nil, err
	}
	pg := &postgres{bin: bin, dir: dir, port: port}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, PostgreSQL needs the postgres account: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		pg.asUser = "postgres"
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, err
	}
	if out, err := pg.run("initdb", "-D", pg.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	if err := pg.start(); err != nil {
		return nil, err
	}
	if out, err := pg.run("createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "postgres", "closeout"); err != nil {
		return nil, fmt.Errorf("createdb: %v: %s", err, out)
	}
	return pg, nil
}

func (pg *postgres) data() string { return filepath.Join(pg.dir, "data") }

// url is the projection's database URL.
func (pg *postgres) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/closeout?sslmode=disable", pg.port)
}

// start starts the server and waits until it accepts connections. fsync is
// off: the faults here are process crashes (stop -m immediate), which lose
// nothing the kernel already holds, and the machine is small.
func (pg *postgres) start() error {
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s -c fsync=off", pg.port, pg.dir)
	out, err := pg.run("pg_ctl", "-D", pg.data(), "-l", filepath.Join(pg.dir, "server.log"), "-w", "-t", "120", "-o", opts, "start")
	if err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, e2e.Tail(filepath.Join(pg.dir, "server.log"), 2000))
	}
	return nil
}

// stop is the fault: an immediate shutdown, as if the server crashed.
func (pg *postgres) stop() error {
	out, err := pg.run("pg_ctl", "-D", pg.data(), "-m", "immediate", "-w", "stop")
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// close stops the server if it runs and removes its folder; it tries both,
// and tells what failed.
func (pg *postgres) close() error {
	var stopErr error
	if _, err := os.Stat(filepath.Join(pg.data(), "postmaster.pid")); err == nil {
		stopErr = pg.stop()
	}
	return errors.Join(stopErr, os.RemoveAll(pg.dir))
}

func (pg *postgres) run(tool string, args ...string) (string, error) {
	path := filepath.Join(pg.bin, tool)
	var cmd *exec.Cmd
	if pg.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", pg.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = pg.dir
	cmd.Env = append(devEnv(), "PGTZ=UTC")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// postgresBin finds the machine's PostgreSQL server binaries: pg_config's
// bindir if it has initdb (Debian's does), else the newest
// /usr/lib/postgresql/*/bin.
func postgresBin() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) < versionOf(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb): install postgresql")
}

func versionOf(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}
