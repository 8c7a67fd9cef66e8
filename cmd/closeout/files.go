package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/platform/files"
)

// sweepAge is how old an upload's leftovers must be before the start-up
// sweep removes them: older than any upload still running, should another
// process share the folder.
const sweepAge = time.Hour

// openFiles sets up the evidence file store (SPEC section 12, docs/files.md)
// from CLOSEOUT_FILES_URL: file:///path keeps files in a directory,
// "postgres" in the projection database. Unset, dev mode on SQLite keeps
// them in DATA-DIR/files and everything else in the database (dbURL is the
// projection's; devDir is "" outside dev mode). A directory is swept of
// what interrupted uploads left.
func (c *components) openFiles(ctx context.Context, dbURL, devDir string) error {
	limit, err := files.ParseMaxFileMB(c.cfg.MaxFileMB)
	if err != nil {
		return err
	}
	where := c.cfg.FilesURL
	if where == "" {
		where = "postgres"
		if devDir != "" && !isPostgresURL(dbURL) {
			where = "file://" + filepath.Join(devDir, "files")
		}
	}
	var st files.Store
	switch {
	case where == "postgres":
		st = files.NewDatabase(c.db)
	case strings.HasPrefix(where, "file://") && len(where) > len("file://"):
		dir, err := files.OpenDir(filepath.Clean(strings.TrimPrefix(where, "file://")), c.db)
		if err != nil {
			return err
		}
		if n, err := dir.Sweep(ctx, time.Now().Add(-sweepAge)); err != nil {
			c.log.Warn("sweep the files folder", "error", err)
		} else if n > 0 {
			c.log.Info("swept what interrupted uploads left", "files", n)
		}
		st = dir
	default:
		// An S3-compatible store is not implemented (docs/files.md).
		return fmt.Errorf("CLOSEOUT_FILES_URL %q: want file:///path or postgres", where)
	}
	c.files = files.NewService(st, c.db, limit)
	c.log.Info("evidence files", "store", st.String(), "max_file_mb", limit>>20)
	return nil
}

func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}
