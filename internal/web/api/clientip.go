package api

import (
	"fmt"
	"log/slog"
	"net/netip"
	"strings"

	"github.com/gin-gonic/gin"
)

// ClientIP says where the client's address of a request comes from: the
// connection's peer, unless that peer is one of TrustedProxies, in which
// case Header (which those proxies set) names the client. The address is
// what failed authentications are limited by (auth.Guard), so it must not be
// something any caller can write: by default no proxy is trusted and every
// forwarding header is ignored (gin would otherwise trust X-Forwarded-For
// from anyone).
type ClientIP struct {
	// TrustedProxies are addresses or CIDRs (CLOSEOUT_TRUSTED_PROXIES).
	TrustedProxies []string
	// Header is the one header read from them (CLOSEOUT_CLIENT_IP_HEADER,
	// default X-Forwarded-For).
	Header string
}

// DefaultClientIPHeader is the header trusted proxies are read from unless
// the operator names another.
const DefaultClientIPHeader = "X-Forwarded-For"

// ParseClientIP reads CLOSEOUT_TRUSTED_PROXIES (comma-separated addresses
// or CIDRs) and the header's name; it refuses an entry that is neither.
func ParseClientIP(proxies, header string) (ClientIP, error) {
	ci := ClientIP{Header: strings.TrimSpace(header)}
	for _, p := range strings.Split(proxies, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return ClientIP{}, fmt.Errorf("CLOSEOUT_TRUSTED_PROXIES: %q is neither an address nor a CIDR", p)
			}
		}
		ci.TrustedProxies = append(ci.TrustedProxies, p)
	}
	if ci.Header == "" {
		ci.Header = DefaultClientIPHeader
	}
	return ci, nil
}

// apply makes r read client addresses this way.
func (ci ClientIP) apply(r *gin.Engine, log *slog.Logger) {
	header := ci.Header
	if header == "" {
		header = DefaultClientIPHeader
	}
	r.RemoteIPHeaders = []string{header}
	r.TrustedPlatform = ""
	r.ForwardedByClientIP = len(ci.TrustedProxies) > 0
	if err := r.SetTrustedProxies(ci.TrustedProxies); err != nil {
		// ParseClientIP checked them; trust none rather than all.
		log.Error("trusted proxies refused; trusting none", "error", err)
		r.ForwardedByClientIP = false
		_ = r.SetTrustedProxies(nil)
	}
}
