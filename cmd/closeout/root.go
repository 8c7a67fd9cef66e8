package main

import (
	"github.com/spf13/cobra"
)

func rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "closeout",
		Short: "Listed campaigns: every task on a list, deadlines worked backwards, each item closed out after sign-off",
		Long: `closeout runs "listed" campaigns (清单化管理): a plan lists every task with its owner and
deadline; closeout works the deadlines backwards over working days (倒排工期), keeps key
tasks under a leader's supervision (挂牌督战), reminds and escalates until each task is
signed off and closed out (逐个销号).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(devCommand(), apiCommand(), workerCommand(), migrateCommand(), reconcileCommand(), planCommand(), calendarCommand(), probeCommand())
	return root
}
