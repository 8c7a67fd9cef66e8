package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/closeout/closeout/internal/app/reconcile"
)

// errDifferences makes reconcile exit 1 when it found differences, repaired
// or not, so a script or a schedule can tell.
var errDifferences = errors.New("the projection differed from the workflows")

func reconcileCommand() *cobra.Command {
	cfg := loadConfig()
	var o reconcile.Options
	cmd := &cobra.Command{
		Use:   "reconcile",
		Short: "Compare the projection with the task workflows; repair what differs with --repair",
		Long: `reconcile compares every task's view, event log and seqs, and every campaign's rollup
counters, with what the task workflows have committed (Temporal is the truth). It prints
each difference on a line and a summary; with --repair it makes the projection show the
committed state again. It exits 0 when it found nothing, 1 when it found differences
(repaired or not), 2 on an error. Workers also run it on a schedule
(CLOSEOUT_RECONCILE_CRON), and closeout dev once at start.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			app, err := connectTool(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer app.close()
			out := &printer{w: cmd.OutOrStdout()}
			o.Report = func(d reconcile.Difference) { out.Println(d) }
			res, err := app.reconciler().Run(cmd.Context(), o)
			if err != nil {
				return err
			}
			for _, u := range res.Unchecked {
				out.Println("not checked:", u)
			}
			out.Printf("reconcile: %d tasks checked, %d differences, %d repaired, %d not checked\n",
				res.Tasks-len(res.Unchecked), len(res.Differences), res.Repaired, len(res.Unchecked))
			if out.err != nil {
				return out.err
			}
			if len(res.Unchecked) > 0 {
				return fmt.Errorf("%d tasks could not be checked", len(res.Unchecked))
			}
			if len(res.Differences) > 0 {
				return errDifferences
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Campaign, "campaign", "", "only this campaign")
	f.BoolVar(&o.Repair, "repair", false, "make the projection show what the workflows committed")
	f.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "projection database: postgres://… or sqlite:PATH (DATABASE_URL)")
	f.StringVar(&cfg.TemporalAddress, "temporal-address", cfg.TemporalAddress, "Temporal frontend host:port (TEMPORAL_ADDRESS)")
	f.StringVar(&cfg.TemporalNamespace, "temporal-namespace", cfg.TemporalNamespace, "Temporal namespace (TEMPORAL_NAMESPACE)")
	f.StringVar(&cfg.LogLevel, "log-level", "warn", "debug, info, warn or error")
	return cmd
}
