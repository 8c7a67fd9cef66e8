package main

import (
	"encoding/json"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/reverse"
)

func planCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "plan", Short: "Work with plan files"}
	var asJSON bool
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "Validate a plan and print its reverse schedule; no server needed",
		Long: `check reads a plan (YAML or JSON, by its extension), reports every problem with its field
path, and prints each task's reverse schedule: the phases worked back from its deadline
over the campaign's working days, its latest start, its slack and whether it is critical.
It exits 1 when the plan has problems.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			format, err := plan.FormatFromPath(args[0])
			if err != nil {
				return err
			}
			// The server's limit, so a plan checked here imports there.
			maxTasks, err := plan.ParseMaxTasks(env("CLOSEOUT_MAX_PLAN_TASKS", ""))
			if err != nil {
				return err
			}
			// Without a server there is nobody to look people up in: every id
			// the plan uses is taken as known.
			p, res, err := plan.Check(data, format, plan.ParseOptions{Now: time.Now(), PersonExists: func(string) bool { return true },
				UnitExists: func(string) bool { return true }, MaxTasks: maxTasks})
			if len(res.Tasks) == 0 {
				return err
			}
			// The schedule of what could be placed is printed even when the
			// plan has problems: a late task is easier to fix seen in it.
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else if err := reverse.WriteTable(out, res); err != nil {
				return err
			}
			if err != nil {
				return err
			}
			if p.AllowInfeasible {
				if err := plan.ScheduleError(p, res); err != nil {
					warn := &printer{w: cmd.ErrOrStderr()}
					warn.Println("warning (allow_infeasible):", err)
					return warn.err
				}
			}
			return nil
		},
	}
	check.Flags().BoolVar(&asJSON, "json", false, "print the schedule as JSON")
	cmd.AddCommand(check)
	return cmd
}
