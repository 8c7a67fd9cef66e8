package dashboard

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/i18n"
)

// lang is the language a page is written in: "zh" or "en".
type lang string

const (
	langZH lang = "zh"
	langEN lang = "en"
)

const (
	langCookie = "closeout_lang"
	langParam  = "lang"
	langKey    = "closeout.dashboard.lang"
)

// T is the label key in this language. A key missing from the table shows
// as itself, which the message tests catch.
func (l lang) T(key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if l == langEN {
		return m.en
	}
	return m.zh
}

// Code is the value of the html lang attribute.
func (l lang) Code() string {
	if l == langEN {
		return "en"
	}
	return "zh-CN"
}

// Other is the language the switch offers.
func (l lang) Other() lang {
	if l == langEN {
		return langZH
	}
	return langEN
}

func parseLang(s string) (lang, bool) {
	l, ok := i18n.Parse(s)
	return lang(l), ok
}

// language picks the page language: ?lang= (remembered in a cookie), else the
// cookie, else the browser's Accept-Language, else Chinese.
func (d *Dashboard) language(c *gin.Context) {
	l, ok := parseLang(c.Query(langParam))
	if ok {
		d.setCookie(c, langCookie, string(l), 365*24*3600, http.SameSiteLaxMode)
	} else if v, err := c.Cookie(langCookie); err == nil {
		l, ok = parseLang(v)
	}
	if !ok {
		l = fromAcceptLanguage(c.GetHeader("Accept-Language"))
	}
	c.Set(langKey, l)
}

func langOf(c *gin.Context) lang {
	if l, ok := c.Get(langKey); ok {
		return l.(lang)
	}
	return langZH
}

// fromAcceptLanguage picks zh or en by the header (i18n.FromAcceptLanguage).
func fromAcceptLanguage(header string) lang { return lang(i18n.FromAcceptLanguage(header)) }

// switchURL is the current page in the other language.
func switchURL(u *url.URL, to lang) string {
	q := u.Query()
	q.Set(langParam, string(to))
	return u.Path + "?" + q.Encode()
}
