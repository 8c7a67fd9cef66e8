package metrics

import "github.com/prometheus/client_golang/prometheus"

// Channels a person authenticates through.
const (
	ChannelAPI       = "api"
	ChannelDashboard = "dashboard"
)

// Auth counts failed authentications (SPEC section 15): an unknown,
// expired or revoked token sent to the API or the dashboard's sign-in, and
// the attempts refused because their address failed too often. Its methods
// may be called on a nil *Auth, which counts nothing.
type Auth struct {
	failures *prometheus.CounterVec
	limited  *prometheus.CounterVec
}

// NewAuth registers the authentication metrics in reg.
func NewAuth(reg prometheus.Registerer) *Auth {
	a := &Auth{
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "closeout_auth_failures_total",
			Help: "Failed authentications (unknown, expired or revoked token) by channel (api, dashboard).",
		}, []string{"channel"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "closeout_auth_limited_total",
			Help: "Authentication attempts refused with 429 because their client address failed too often, by channel.",
		}, []string{"channel"}),
	}
	reg.MustRegister(a.failures, a.limited)
	for _, ch := range []string{ChannelAPI, ChannelDashboard} {
		a.failures.WithLabelValues(ch)
		a.limited.WithLabelValues(ch)
	}
	return a
}

// Failed counts one failed authentication through channel.
func (a *Auth) Failed(channel string) {
	if a == nil {
		return
	}
	a.failures.WithLabelValues(channel).Inc()
}

// Limited counts one attempt refused for too many failures.
func (a *Auth) Limited(channel string) {
	if a == nil {
		return
	}
	a.limited.WithLabelValues(channel).Inc()
}
