package i18n

import (
	"errors"
	"testing"
)

// A %w wraps as fmt.Errorf's does, and the wrapped error reads in the
// sentence's language.
func TestErrorfWraps(t *testing.T) {
	chinese["refused: %w"] = "已拒绝:%v"
	t.Cleanup(func() { delete(chinese, "refused: %w") })
	inner := Errorf("the request was cancelled")
	err := Errorf("refused: %w", inner)
	if !errors.Is(err, inner) {
		t.Fatal("errors.Is must find the wrapped error")
	}
	if got := TextOf(err); got.En != "refused: the request was cancelled" || got.Zh != "已拒绝:请求已取消" {
		t.Fatalf("got %+v", got)
	}
	if plain := Errorf("the request was cancelled"); errors.Unwrap(plain) != nil {
		t.Fatal("an error without %w wraps nothing")
	}
}
