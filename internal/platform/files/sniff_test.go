package files

import (
	"archive/zip"
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/i18n"
)

// zipOf builds a zip archive holding the named entries.
func zipOf(t testing.TB, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range entries {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

func docx(t testing.TB) []byte {
	return zipOf(t, map[string]string{"[Content_Types].xml": contentTypesXML, "_rels/.rels": "<Relationships/>", "word/document.xml": "<w:document/>"})
}

// pngHeader is the start of a PNG: its signature and an IHDR chunk.
var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// The sniffing table: what is taken with which type, and what is refused,
// executables as such.
func TestSniff(t *testing.T) {
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	gbk := []byte{0xce, 0xd2, 0xca, 0xc7, 0xd6, 0xd0, 0xce, 0xc4, 0x0a} // 我是中文, in GBK
	tests := []struct {
		name       string
		content    []byte
		want       string // the type, or "" for a refusal
		executable bool
	}{
		{"pdf", []byte("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n"), "application/pdf", false},
		{"png", pngHeader, "image/png", false},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg", false},
		{"heic from a phone", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), "image/heic", false},
		{"docx", docx(t), TypeDOCX, false},
		{"xlsx", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}), TypeXLSX, false},
		{"odt", zipOf(t, map[string]string{"mimetype": TypeODT, "content.xml": "<office:document-content/>"}), TypeODT, false},
		{"utf-8 text", []byte("序号,单位,人数\n1,海口市,20\n"), "text/plain; charset=utf-8", false},
		{"gbk text", gbk, "text/plain", false},
		{"utf-16 text", []byte("\xff\xfeh\x00i\x00"), "text/plain; charset=utf-16le", false},

		{"elf", append([]byte("\x7fELF\x02\x01\x01\x00"), random[:64]...), "", true},
		{"mz", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), random[:64]...), "", true},
		{"shebang script", []byte("#!/bin/sh\nrm -rf ~\n"), "", true},
		{"java class", []byte("\xca\xfe\xba\xbe\x00\x00\x00\x34"), "", true},
		{"mach-o", []byte("\xcf\xfa\xed\xfe\x07\x00\x00\x01"), "", true},
		{"wasm", []byte("\x00asm\x01\x00\x00\x00"), "", true},
		{"macro-enabled docm", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/vbaProject.bin": "x"}), "", true},
		{"macro content type", zipOf(t, map[string]string{"[Content_Types].xml": `<Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>`, "xl/workbook.xml": "<w/>"}), "", true},

		{"random bytes", random, "", false},
		{"plain zip", zipOf(t, map[string]string{"setup.exe": "MZ"}), "", false},
		{"damaged zip", []byte("PK\x03\x04garbage"), "", false},
		{"html", []byte("<html><script>alert(1)</script></html>"), "", false},
		{"xml", []byte(`<?xml version="1.0"?><svg onload="alert(1)"/>`), "", false},
		{"legacy office / msi", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), random[:64]...), "", false},
		{"text then binary", append(bytes.Repeat([]byte("text "), 200), random...), "", false},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sniff(bytes.NewReader(tt.content), int64(len(tt.content)))
			if tt.want != "" {
				if err != nil || got != tt.want {
					t.Fatalf("Sniff = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			var refusal *Refusal
			if !errors.As(err, &refusal) {
				t.Fatalf("Sniff = %q, %v; want a refusal", got, err)
			}
			if refusal.Executable != tt.executable || refusal.Reason == "" {
				t.Fatalf("refusal %+v, want executable=%v and a reason", refusal, tt.executable)
			}
		})
	}
	if _, err := Sniff(bytes.NewReader(nil), 0); !errors.Is(err, ErrEmpty) {
		t.Fatalf("an empty file: %v", err)
	}
}

// A text file's UTF-8 is checked across the sniffer's blocks: a character
// split between two blocks is still UTF-8, and a bad byte far in is seen.
func TestPlainTextAcrossBlocks(t *testing.T) {
	long := strings.Repeat("a", 64<<10-1) + "中文" + strings.Repeat("b", 100)
	if got, err := Sniff(strings.NewReader(long), int64(len(long))); err != nil || got != "text/plain; charset=utf-8" {
		t.Fatalf("a split character: %q, %v", got, err)
	}
	bad := strings.Repeat("a", 100<<10) + "\xff"
	if got, err := Sniff(strings.NewReader(bad), int64(len(bad))); err != nil || got != "text/plain" {
		t.Fatalf("invalid UTF-8 late in the file: %q, %v", got, err)
	}
	cut := strings.Repeat("a", 100) + "\xe4\xb8" // ends in half a character
	if got, err := Sniff(strings.NewReader(cut), int64(len(cut))); err != nil || got != "text/plain" {
		t.Fatalf("a truncated character at the end: %q, %v", got, err)
	}
}

// The name a file is kept under agrees with its type; names meant to run
// are refused whatever the bytes.
func TestClassify(t *testing.T) {
	pdf := []byte("%PDF-1.4\n")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	text := []byte("a,b\n1,2\n")
	tests := []struct {
		name     string
		content  []byte
		wantType string
		wantName string
	}{
		{"报告.pdf", pdf, "application/pdf", "报告.pdf"},
		{"IMG_0001", jpeg, "image/jpeg", "IMG_0001.jpg"},
		{"photo.JPEG", jpeg, "image/jpeg", "photo.JPEG"},
		{"disguised.docx", pdf, "application/pdf", "disguised.docx.pdf"},
		{"台账.csv", text, "text/csv; charset=utf-8", "台账.csv"},
		{"notes", text, "text/plain; charset=utf-8", "notes.txt"},
		{`C:\Users\li\Desktop\现场.pdf`, pdf, "application/pdf", "现场.pdf"},
	}
	for _, tt := range tests {
		ct, name, err := Classify(bytes.NewReader(tt.content), int64(len(tt.content)), tt.name)
		if err != nil || ct != tt.wantType || name != tt.wantName {
			t.Errorf("Classify(%q) = %q, %q, %v; want %q, %q", tt.name, ct, name, err, tt.wantType, tt.wantName)
		}
	}
	for _, name := range []string{"run.bat", "Setup.EXE", "page.html", "logo.svg", "budget.xlsm", "fdp\u202e.exe"} {
		_, _, err := Classify(bytes.NewReader(text), int64(len(text)), name)
		var refusal *Refusal
		if !errors.As(err, &refusal) || !refusal.Executable {
			t.Errorf("Classify(%q): %v, want an executable refusal", name, err)
		}
	}
}

// A refusal says why in both languages, for the API and the pages to pick.
func TestRefusalInBothLanguages(t *testing.T) {
	var refusal *Refusal
	if err := CheckName("setup.exe"); !errors.As(err, &refusal) {
		t.Fatalf("setup.exe: %v", err)
	}
	got := refusal.Text()
	if got.In(i18n.EN) != "files named .exe are programs or scripts; they are not taken as evidence" ||
		got.In(i18n.ZH) != "扩展名为 .exe 的文件是程序或脚本，不能作为佐证材料" {
		t.Errorf("got %+v", got)
	}
}
