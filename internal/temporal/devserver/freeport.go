package devserver

import (
	"fmt"
	"net"
)

// FreePort asks the kernel for a port that is free on ip right now. The listener is
// closed before returning, so another process could take the port in between;
// Start picks again when that happens to a port it picked.
func FreePort(ip string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("free port %d: %w", port, err)
	}
	return port, nil
}

// services are the server's four services, each on a gRPC port of its own.
var services = []string{"frontend", "history", "matching", "worker"}

// portPicks are the ports one start of the server binds.
type portPicks struct {
	grpc map[string]int // every service's gRPC port; the frontend's is the one clients dial
	http int            // the frontend's HTTP API
	err  error
}

// frontend is the gRPC port clients dial.
func (p portPicks) frontend() int { return p.grpc["frontend"] }

// pickPorts keeps the frontend port the options fix and picks the rest. It
// runs right before the server is built, to keep the time between picking a
// port and binding it short.
func pickPorts(opts Options) portPicks {
	p := portPicks{grpc: map[string]int{}}
	next := func() int {
		port, err := opts.freePort(opts.IP)
		if p.err == nil {
			p.err = err
		}
		return port
	}
	p.grpc["frontend"] = opts.FrontendPort
	if opts.FrontendPort == 0 {
		p.grpc["frontend"] = next()
	}
	p.http = next()
	for _, name := range services[1:] { // the frontend's is above
		p.grpc[name] = next()
	}
	return p
}
