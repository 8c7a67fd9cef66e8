//go:build chaos

package chaos

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// serverFailures finds, in the dev logs of logDir, the line the API wrote for
// each answer that was a server failure (5xx other than 503): the API answers
// those with a bare 500 and keeps the cause in its log under the request id,
// so without this a CI report says that something failed but not what.
func serverFailures(logDir string, results []sent) []string {
	want := map[string]sent{}
	for _, r := range results {
		if r.Status >= 500 && r.Status != 503 && r.RequestID != "" {
			want["request_id="+r.RequestID] = r
		}
	}
	if len(want) == 0 {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(logDir, "*.log"))
	var out []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			for key, r := range want {
				if strings.Contains(line, key) {
					out = append(out, fmt.Sprintf("%s %s on %s: %s: %s", r.Marker, r.Action, r.Task, filepath.Base(f), shorten(line, 1500)))
					delete(want, key)
				}
			}
		}
		_ = fh.Close() // read only: nothing to lose
	}
	for _, r := range want {
		out = append(out, fmt.Sprintf("%s %s on %s: no log line for request %s", r.Marker, r.Action, r.Task, r.RequestID))
	}
	return out
}
