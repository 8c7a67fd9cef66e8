package accounts

import "regexp"

// PersonID is the rule a new person's id follows, wherever they are
// created (the API's POST /people, the dashboard's people page): lower
// case, as ids are typed on phones and compared as they are.
var PersonID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
