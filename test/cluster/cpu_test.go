//go:build cluster

package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// clockTicks is Linux's USER_HZ, the unit of /proc's CPU times.
const clockTicks = 100

// cpuGroup names a set of processes by what /proc says of them: a process
// group (Temporal's server, each closeout process) or a command name
// (PostgreSQL's postmaster and backends).
type cpuGroup struct {
	name string
	pgrp int
	comm string
}

// cpuSplit tells, for one bench phase, how much CPU each process spent:
// the processes are separate here (unlike closeout dev), so a server-side
// profile alone cannot say whether a phase's time went to Temporal, to
// PostgreSQL (which both Temporal and the projection use) or to closeout.
type cpuSplit struct {
	b      *testing.B
	groups []*cpuGroup
}

func newCPUSplit(b *testing.B, temporalPgrp int, procs []*proc) *cpuSplit {
	s := &cpuSplit{b: b, groups: []*cpuGroup{{name: "temporal", pgrp: temporalPgrp}, {name: "postgres", comm: "postgres"}}}
	for _, p := range procs {
		s.groups = append(s.groups, &cpuGroup{name: p.name, pgrp: p.cmd.Process.Pid})
	}
	return s
}

// during runs f and logs each group's CPU per op (n ops) in milliseconds.
func (s *cpuSplit) during(phase string, n int, f func()) {
	before := s.sample()
	f()
	after := s.sample()
	var parts []string
	sum := 0.0
	for i, g := range s.groups {
		used := after[i] - before[i]
		sum += used
		parts = append(parts, fmt.Sprintf("%s %.1f", g.name, used*1000/float64(n)))
	}
	s.b.Logf("CPU ms per op, %s (%d ops): %s; all %.1f", phase, n, strings.Join(parts, ", "), sum*1000/float64(n))
}

// sample reads every process's user and system time once and sums them by group.
func (s *cpuSplit) sample() []float64 {
	out := make([]float64, len(s.groups))
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended
		}
		comm, pgrp, ticks, ok := parseStat(string(data))
		if !ok {
			continue
		}
		for i, g := range s.groups {
			if (g.comm != "" && g.comm == comm) || (g.comm == "" && g.pgrp == pgrp) {
				out[i] += float64(ticks) / clockTicks
			}
		}
	}
	return out
}

// parseStat reads the command name, process group and utime+stime of one
// /proc/PID/stat line (proc(5)): the name is in parentheses and may hold
// spaces, so fields are counted from the last ')'.
func parseStat(line string) (comm string, pgrp int, ticks int64, ok bool) {
	open, end := strings.IndexByte(line, '('), strings.LastIndexByte(line, ')')
	if open < 0 || end < open {
		return "", 0, 0, false
	}
	comm = line[open+1 : end]
	f := strings.Fields(line[end+1:])
	// f[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
	if len(f) < 13 {
		return "", 0, 0, false
	}
	pg, err1 := strconv.Atoi(f[2])
	ut, err2 := strconv.ParseInt(f[11], 10, 64)
	st, err3 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return "", 0, 0, false
	}
	return comm, pg, ut + st, true
}
