// Command closeout is the one binary of closeout: the dev mode that runs
// everything in one process, the production api and worker processes, schema
// migrations, and the plan checker.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // campaign timezones must resolve on hosts without zoneinfo (containers)
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:])
	switch {
	case err == nil:
	case errors.Is(err, errDifferences):
		os.Exit(1) // reconcile found differences; it printed them
	default:
		fmt.Fprintln(os.Stderr, "closeout:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string) error {
	root := rootCommand()
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}
