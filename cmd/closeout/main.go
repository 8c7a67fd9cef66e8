// Command closeout is the one binary of closeout: the dev mode that runs
// everything in one process, the production api and worker processes, schema
// migrations, and the plan checker.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // campaign timezones must resolve on hosts without zoneinfo (containers)
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "closeout:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	root := rootCommand()
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}
