// Package benchreport collects the figures of closeout's benchmarks against
// their targets and writes them down: bench/results/latest.json (every
// target's last measure, merged across the packages `make bench` runs),
// latest.md (the table the README shows between its bench markers) and
// latest.svg (each ratio beside its target).
package benchreport

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Row is one target and what was measured against it.
type Row struct {
	// Order sorts the table; Target names it (and is the merge key).
	Order  int    `json:"order"`
	Target string `json:"target"`
	// Measure says what was compared, Result the figures behind Value.
	Measure string `json:"measure"`
	Result  string `json:"result"`
	// Value is the ratio (or the figure) held to Limit: at least Limit when
	// AtLeast, else at most.
	Value   float64 `json:"value"`
	Limit   float64 `json:"limit"`
	AtLeast bool    `json:"at_least"`
	Unit    string  `json:"unit"` // "x" for ratios, else the figure's unit
	At      string  `json:"at"`
}

// Met tells whether the measure meets its target.
func (r Row) Met() bool {
	if r.AtLeast {
		return r.Value >= r.Limit
	}
	return r.Value <= r.Limit
}

// Line is the row as `make bench` prints it.
func (r Row) Line() string {
	verdict := "MET"
	if !r.Met() {
		verdict = "MISSED"
	}
	op := "<="
	if r.AtLeast {
		op = ">="
	}
	return fmt.Sprintf("TARGET %-44s %s %s (target %s %s%s): %s", r.Target, verdict, r.value(), op, trim(r.Limit), r.Unit, r.Result)
}

func (r Row) value() string { return trim(r.Value) + r.Unit }

func trim(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

var (
	mu   sync.Mutex
	rows []Row
)

// Record keeps a row for Flush and prints its line at once.
func Record(r Row) {
	r.At = time.Now().UTC().Format(time.RFC3339)
	fmt.Println(r.Line())
	mu.Lock()
	rows = append(rows, r)
	mu.Unlock()
}

// Flush merges the rows recorded in this process into bench/results and
// rewrites the table, the chart and the README's copy of the table. Nothing
// recorded: nothing written (a `go test` without -bench).
func Flush() error {
	mu.Lock()
	mine := append([]Row(nil), rows...)
	mu.Unlock()
	if len(mine) == 0 {
		return nil
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	dir := filepath.Join(root, "bench", "results")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	all, err := load(filepath.Join(dir, "latest.json"))
	if err != nil {
		return err
	}
	all = merge(all, mine)
	data, _ := json.MarshalIndent(all, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "latest.json"), append(data, '\n'), 0o644); err != nil {
		return err
	}
	table := Table(all)
	if err := os.WriteFile(filepath.Join(dir, "latest.md"), []byte(table), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "latest.svg"), []byte(Chart(all)), 0o644); err != nil {
		return err
	}
	return intoReadme(filepath.Join(root, "README.md"), table)
}

// Finish is for a TestMain: it flushes and returns the exit code, 1 when the
// tests passed but the results could not be written.
func Finish(code int) int {
	if err := Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "bench results:", err)
		return 1
	}
	return code
}

func load(path string) ([]Row, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Row
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// merge replaces the rows of the same target and keeps the others.
func merge(old, mine []Row) []Row {
	out := slices.DeleteFunc(old, func(o Row) bool {
		return slices.ContainsFunc(mine, func(m Row) bool { return m.Target == o.Target })
	})
	out = append(out, mine...)
	slices.SortStableFunc(out, func(a, b Row) int { return a.Order - b.Order })
	return out
}

// Table is the markdown table of rows.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| target | measured | result | figures | when |\n| --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		op := "≤"
		if r.AtLeast {
			op = "≥"
		}
		verdict := "**met**"
		if !r.Met() {
			verdict = "**missed**"
		}
		fmt.Fprintf(&b, "| %s %s %s%s | %s | %s %s | %s | %s |\n", r.Target, op, trim(r.Limit), r.Unit, r.Measure, r.value(), verdict, r.Result, strings.TrimSuffix(r.At, "Z"))
	}
	return b.String()
}

const (
	readmeStart = "<!-- bench:start -->"
	readmeEnd   = "<!-- bench:end -->"
)

// intoReadme replaces the README's text between the bench markers, if it has
// them.
func intoReadme(path, table string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(data)
	i, j := strings.Index(s, readmeStart), strings.Index(s, readmeEnd)
	if i < 0 || j < i {
		return nil
	}
	s = s[:i+len(readmeStart)] + "\n" + table + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("benchreport: no go.mod above the working folder")
		}
		dir = parent
	}
}
