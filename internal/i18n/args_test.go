package i18n

import "testing"

type ruleLike struct{ en, zh string }

func (r ruleLike) Text() Text     { return Both(r.en, r.zh) }
func (r ruleLike) String() string { return r.en }

// A message built around another reads in one language throughout.
func TestArgumentsInBothLanguagesReadInTheirOwn(t *testing.T) {
	chinese["refused: %s"] = "已拒绝:%s"
	t.Cleanup(func() { delete(chinese, "refused: %s") })
	inner := Errorf("the request was cancelled")
	for _, arg := range []any{inner, TextOf(inner), ruleLike{"the request was cancelled", "请求已取消"}} {
		got := T("refused: %s", arg)
		if got.En != "refused: the request was cancelled" || got.Zh != "已拒绝:请求已取消" {
			t.Errorf("%T: got %+v", arg, got)
		}
	}
	var none *Error
	if got := inChinese([]any{none, 3}); got[0] != none || got[1] != 3 {
		t.Errorf("plain arguments must pass as they are, got %v", got)
	}
}
