package main

import (
	"fmt"
	"io"
)

// printer writes a command's output and keeps the first write that failed,
// which the command then returns: a closed pipe or a full disk is not
// success.
type printer struct {
	w   io.Writer
	err error
}

// Printf writes a formatted line part, unless a write already failed.
func (p *printer) Printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// Println writes its operands and a newline, unless a write already failed.
func (p *printer) Println(args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, args...)
	}
}
