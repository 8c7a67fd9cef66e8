//go:build unix

package main

import "syscall"

// privateUmask makes what the process creates from now on its owner's
// alone, whatever mode the creating library asks for.
func privateUmask() { syscall.Umask(0o077) }
