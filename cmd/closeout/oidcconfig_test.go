package main

import "testing"

// Single sign-on settings that cannot work stop the start; none, or a
// complete set, pass.
func TestOIDCConfigCheck(t *testing.T) {
	for _, c := range []struct {
		name string
		o    oidcConfig
		ok   bool
	}{
		{"off", oidcConfig{}, true},
		{"complete", oidcConfig{Issuer: "https://sso.example.gov.cn/realms/gov", ClientID: "closeout", ClientSecret: "s"}, true},
		{"auto-create members", oidcConfig{Issuer: "https://sso.example.gov.cn", ClientID: "closeout", AutoCreate: "member"}, true},
		{"client without issuer", oidcConfig{ClientID: "closeout"}, false},
		{"issuer not a URL", oidcConfig{Issuer: "sso.example.gov.cn", ClientID: "closeout"}, false},
		{"no client id", oidcConfig{Issuer: "https://sso.example.gov.cn"}, false},
		{"auto-create admins", oidcConfig{Issuer: "https://sso.example.gov.cn", ClientID: "closeout", AutoCreate: "admin"}, false},
	} {
		if err := c.o.check(); (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok %v", c.name, err, c.ok)
		}
	}
}
