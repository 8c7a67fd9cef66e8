//go:build !unix

package main

// privateUmask does nothing where there is no umask (Windows): there the
// data folder's access is its parent's ACL.
func privateUmask() {}
