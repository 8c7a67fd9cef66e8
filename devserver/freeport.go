package devserver

import (
	"fmt"
	"net"
)

// FreePort asks the kernel for a port that is free on ip right now. The listener is
// closed before returning, so another process could take the port in between;
// that race is acceptable for a dev server and for tests.
func FreePort(ip string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
