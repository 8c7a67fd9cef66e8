package audit

import (
	"strings"
	"unicode"
)

// Redacted stands where a detail held a value under a secret's name: the
// reader sees that something was there, never what.
const Redacted = "[redacted]"

// secretWords are the words of a detail key that mark its value as a
// secret. A key is split into words at '_', '-', '.', spaces and case
// changes: "token", "admin_token", "newPassword" and "client-secret" are
// secrets; "token_id" is not (see isSecretKey).
var secretWords = map[string]bool{
	"token": true, "tokens": true, "password": true, "passwd": true, "pwd": true,
	"secret": true, "secrets": true, "authorization": true, "cookie": true, "cookies": true,
	"credential": true, "credentials": true, "apikey": true, "bearer": true, "otp": true,
}

// idWords end a key that names an identifier rather than holding a secret:
// a token's id says which token, and is what a reader needs to follow it.
var idWords = map[string]bool{"id": true, "ids": true, "label": true, "labels": true}

// isSecretKey reports whether a detail's key names a secret.
func isSecretKey(key string) bool {
	words := keyWords(key)
	if len(words) == 0 {
		return false
	}
	if len(words) > 1 && idWords[words[len(words)-1]] {
		return false
	}
	for i, w := range words {
		if secretWords[w] {
			return true
		}
		if w == "key" && i > 0 && (words[i-1] == "api" || words[i-1] == "private" || words[i-1] == "signing") {
			return true
		}
	}
	return false
}

// keyWords splits a key into lower-case words.
func keyWords(key string) []string {
	var (
		words []string
		cur   strings.Builder
		prev  rune
	)
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, strings.ToLower(cur.String()))
			cur.Reset()
		}
	}
	for _, r := range key {
		switch {
		case r == '_' || r == '-' || r == '.' || unicode.IsSpace(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur.WriteRune(r)
		default:
			cur.WriteRune(r)
		}
		prev = r
	}
	flush()
	return words
}

// Clean returns detail with every value under a secret's name replaced by
// Redacted, at any depth (maps within maps, lists of maps). It copies what
// it changes and leaves detail itself as it was. The store cleans every
// entry it writes, so no caller can put a secret in the log by mistake;
// callers should still not try.
func Clean(detail map[string]any) map[string]any {
	if detail == nil {
		return map[string]any{}
	}
	out := make(map[string]any, len(detail))
	for k, v := range detail {
		if isSecretKey(k) {
			out[k] = Redacted
			continue
		}
		out[k] = cleanValue(v)
	}
	return out
}

func cleanValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return Clean(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cleanValue(e)
		}
		return out
	case []map[string]any:
		out := make([]map[string]any, len(v))
		for i, e := range v {
			out[i] = Clean(e)
		}
		return out
	case map[string]string:
		out := make(map[string]any, len(v))
		for k, s := range v {
			out[k] = s
		}
		return Clean(out)
	default:
		return v
	}
}

// New builds an entry with its detail cleaned (Clean).
func New(actor, action, target string, detail map[string]any) Entry {
	return Entry{Actor: actor, Action: action, Target: target, Detail: Clean(detail)}
}
