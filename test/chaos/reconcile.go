//go:build chaos

package chaos

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"time"
)

// reconcileOutcome is what `closeout reconcile` said about a campaign.
type reconcileOutcome struct {
	Skipped bool   // this build has no reconcile command
	Code    int    // exit status: 0 nothing found, 1 differences, other: error
	Output  string // its differences and its `reconcile:` summary line
}

// verdict is the word the summary line shows.
func (r reconcileOutcome) verdict() string {
	switch {
	case r.Skipped:
		return "skipped"
	case r.Code == 0:
		return "clean"
	case r.Code == 1:
		return "differences"
	default:
		return "error"
	}
}

// runReconcile runs `closeout reconcile` (without --repair: it only looks)
// against the projection and the Temporal of a running dev.
func runReconcile(ctx context.Context, dbURL, temporalAddr, campaign string) reconcileOutcome {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "reconcile", "--database-url", dbURL, "--temporal-address", temporalAddr, "--campaign", campaign)
	cmd.Env = devEnv()
	out, err := cmd.CombinedOutput()
	text := string(out)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return reconcileOutcome{Output: text}
	case errors.As(err, &exit):
		// A build without the command: cobra says unknown command.
		if strings.Contains(text, `unknown command "reconcile"`) {
			return reconcileOutcome{Skipped: true, Output: text}
		}
		return reconcileOutcome{Code: exit.ExitCode(), Output: text}
	default:
		return reconcileOutcome{Code: -1, Output: err.Error() + "\n" + text}
	}
}
