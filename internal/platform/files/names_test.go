package files

import (
	"mime"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanName(t *testing.T) {
	for raw, want := range map[string]string{
		"现场照片(第一批).pdf":            "现场照片(第一批).pdf",
		`C:\fakepath\台账 2024.xlsx`: "台账 2024.xlsx",
		"../../etc/passwd":         "passwd",
		"evil\u202efdp.exe":        "evilfdp.exe",
		"a\x00b\nc.txt":            "ab c.txt",
		`what?"is":this*.pdf`:      "what__is__this_.pdf",
		"  .hidden  ":              "file.hidden",
		"report.pdf. . ":           "report.pdf",
		"":                         "file",
		"...":                      "file",
		".pdf":                     "file.pdf",
		"bad\xffutf8.txt":          "bad_utf8.txt",
		"tab\there.txt":            "tab here.txt",
	} {
		if got := CleanName(raw); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", raw, got, want)
		}
	}
	long := strings.Repeat("长", 300) + ".docx"
	got := CleanName(long)
	if utf8.RuneCountInString(got) != maxNameRunes || !strings.HasSuffix(got, ".docx") {
		t.Errorf("a long name keeps %d characters and ends %q", utf8.RuneCountInString(got), got[len(got)-8:])
	}
}

// The header carries the name intact for browsers that read filename*
// (mime reads RFC 2231/5987 the same way) and an ASCII stand-in for the
// rest, with nothing that could end the quoted string early.
func TestContentDisposition(t *testing.T) {
	for _, name := range []string{"现场照片 第1批.pdf", `quote"and\back;semi%.txt`, "plain-name_1.pdf", "emoji 📷.jpg"} {
		h := ContentDisposition(name)
		disp, params, err := mime.ParseMediaType(h)
		if err != nil || disp != "attachment" {
			t.Fatalf("%q: %q does not parse: %v", name, h, err)
		}
		if params["filename"] != name {
			t.Errorf("%q: filename* reads back as %q (header %s)", name, params["filename"], h)
		}
		_, fallback, _ := strings.Cut(h, `filename="`)
		fallback, _, _ = strings.Cut(fallback, `"`)
		for _, r := range fallback {
			if r > 0x7e || r < 0x20 || r == '\\' {
				t.Errorf("%q: the ASCII filename holds %q: %s", name, r, h)
			}
		}
	}
	if h := ContentDisposition("现场.pdf"); h != `attachment; filename="__.pdf"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA.pdf` {
		t.Errorf("header %s", h)
	}
}
