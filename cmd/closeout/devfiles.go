package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// Dev mode's data folder holds the admin token, the projection and
// Temporal's database, and evidence files: readable by their owner only
// (SPEC section 15, "Secrets"), also on a shared machine.
const (
	devDirMode  = 0o700
	devFileMode = 0o600
)

// privateDataDir creates dataDir for its owner alone and makes sure what dev
// mode creates after it is too: the process's umask becomes 077, since the
// SQLite files (with their -wal and -shm), Temporal's and the evidence store
// are created by libraries that ask for 0644. What an earlier version left
// readable at the top of the folder is tightened; the folders below are
// closed by their parent's 0700.
func privateDataDir(dataDir string) error {
	privateUmask()
	if err := os.MkdirAll(dataDir, devDirMode); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	// #nosec G302 -- dataDir is a folder: 0700 is owner only, and its x bit is what lets the owner enter it
	if err := os.Chmod(dataDir, devDirMode); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	for _, e := range entries {
		mode := os.FileMode(devFileMode)
		switch {
		case e.IsDir():
			mode = devDirMode
		case !e.Type().IsRegular():
			continue // a socket or a link is not ours to change
		}
		if err := os.Chmod(filepath.Join(dataDir, e.Name()), mode); err != nil {
			return fmt.Errorf("data folder: %w", err)
		}
	}
	return nil
}
