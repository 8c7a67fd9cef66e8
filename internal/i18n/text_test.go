package i18n

import "testing"

func TestTRendersBothLanguages(t *testing.T) {
	got := T("the request was cancelled")
	if got.In(EN) != "the request was cancelled" || got.In(ZH) != "请求已取消" {
		t.Fatalf("got %+v", got)
	}
	if miss := T("no such format %d", 3); miss.In(ZH) != "no such format 3" {
		t.Fatalf("a missing format should fall back to English, got %+v", miss)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	for header, want := range map[string]Lang{
		"": ZH, "zh-CN,zh;q=0.9": ZH, "en-US,en;q=0.9": EN, "en;q=0.5, zh;q=0.8": ZH, "fr": ZH, "zh;q=0, en": EN,
	} {
		if got := FromAcceptLanguage(header); got != want {
			t.Errorf("%q: got %s, want %s", header, got, want)
		}
	}
}
