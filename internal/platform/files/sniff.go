package files

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/i18n"
)

// A file's type is read from its bytes, never from what the client said
// (its Content-Type header or its name): net/http.DetectContentType for the
// common formats, with checks of our own before it (executables, which it
// calls application/octet-stream, and phone photos it does not know) and
// after it (what is inside a zip; whether a text file is text all through).
//
// What is taken is a short allowlist (types.go): PDF, images, MP4 video,
// Office documents (OOXML and OpenDocument, not macro-enabled) and plain
// text. Everything else is refused, executables first and by name.

// Refusal says why a file's bytes are not taken as evidence (HTTP 415).
type Refusal struct {
	// Executable is set for programs and scripts, as opposed to types that
	// are merely not accepted.
	Executable bool
	Reason     string
	// Zh is Reason in Chinese (i18n.T).
	Zh string
}

func (r *Refusal) Error() string { return r.Reason }

// Text is the reason in both languages.
func (r *Refusal) Text() i18n.Text { return i18n.Both(r.Reason, r.Zh) }

func refuse(format string, args ...any) *Refusal {
	t := i18n.T(format, args...)
	return &Refusal{Reason: t.En, Zh: t.Zh}
}

// refuseProgram refuses a program or script.
func refuseProgram(format string, args ...any) *Refusal {
	r := refuse(format, args...)
	r.Executable = true
	return r
}

// ErrEmpty is an upload with no bytes at all: nothing to keep (422).
var ErrEmpty = errors.New("the file is empty")

// sniffLen is how much of the start of a file the checks look at; it is
// what DetectContentType reads, too.
const sniffLen = 512

// executables are the signatures a program or script starts with. The
// kernel (or the JVM, or a browser's WebAssembly loader) runs these by their
// first bytes alone, whatever the file is called.
var executables = []struct {
	magic []byte
	what  i18n.Text // read in the sentence's own language (i18n.T)
}{
	{[]byte("\x7fELF"), i18n.T("an ELF executable")},
	{[]byte("MZ"), i18n.T("a Windows executable (MZ/PE)")},
	{[]byte{0xfe, 0xed, 0xfa, 0xce}, i18n.T("a Mach-O executable")},
	{[]byte{0xfe, 0xed, 0xfa, 0xcf}, i18n.T("a Mach-O executable")},
	{[]byte{0xce, 0xfa, 0xed, 0xfe}, i18n.T("a Mach-O executable")},
	{[]byte{0xcf, 0xfa, 0xed, 0xfe}, i18n.T("a Mach-O executable")},
	{[]byte{0xca, 0xfe, 0xba, 0xbe}, i18n.T("a Java class or universal Mach-O executable")},
	{[]byte("#!"), i18n.T("a script (#!)")},
	{[]byte("\x00asm"), i18n.T("a WebAssembly module")},
	{[]byte("dex\n"), i18n.T("an Android (DEX) executable")},
	{[]byte{0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00}, i18n.T("a Windows shortcut (LNK)")},
}

// oleMagic starts an OLE compound file: a legacy .doc/.xls/.ppt, but an .msi
// installer as well, and telling them apart means parsing the container.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// Sniff reads the type of the size bytes of r. It returns the content type
// to store and serve (with a charset for text), or a *Refusal, or ErrEmpty.
func Sniff(r io.ReaderAt, size int64) (string, error) {
	if size == 0 {
		return "", ErrEmpty
	}
	head := make([]byte, min(size, sniffLen))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	for _, x := range executables {
		if bytes.HasPrefix(head, x.magic) {
			return "", refuseProgram("the file is %s; programs and scripts are not taken as evidence", x.what)
		}
	}
	if ct, ok := isoImage(head); ok {
		return ct, nil
	}
	detected := http.DetectContentType(head)
	switch detected {
	case "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "video/mp4":
		return detected, nil
	case "application/zip":
		return officeType(r, size)
	case "text/plain; charset=utf-16be", "text/plain; charset=utf-16le":
		return detected, nil // the byte order mark says so; NULs are half its characters
	case "text/plain; charset=utf-8":
		return plainText(r, size)
	case "text/html; charset=utf-8", "text/xml; charset=utf-8":
		return "", refuse("the file is a web page or XML document, which can run scripts when opened; save it as PDF")
	case "application/octet-stream":
		if bytes.HasPrefix(head, oleMagic) {
			return "", refuse("the file is a legacy Office (OLE) document, a container installers use too; save it as .docx, .xlsx, .pptx or PDF")
		}
		return "", refuse("the file's type is not known; evidence is PDF, images, Office documents or plain text")
	}
	return "", refuse("files of type %s are not taken as evidence; use PDF, images, Office documents or plain text", detected)
}

// isoImage recognises the ISO-BMFF still images phones take (HEIC on
// iPhones, AVIF), which DetectContentType leaves as octet-stream: an "ftyp"
// box whose major brand names the format.
func isoImage(head []byte) (string, bool) {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return "", false
	}
	switch string(head[8:12]) {
	case "heic", "heix", "heim", "heis", "mif1", "msf1":
		return "image/heic", true
	case "avif", "avis":
		return "image/avif", true
	}
	return "", false
}

// plainText checks the whole file, not only its start, is text: control
// bytes anywhere (a binary behind a page of text) make it an unknown binary.
// It is labelled UTF-8 only when it is; Chinese text saved as GBK (common
// from older Windows tools) is served without a charset for the reader to
// guess.
func plainText(r io.ReaderAt, size int64) (string, error) {
	buf := make([]byte, 64<<10)
	valid := true
	var carry []byte // an incomplete UTF-8 sequence at the end of the last block
	for off := int64(0); off < size; {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if n == 0 && err != nil {
			return "", err
		}
		block := buf[:n]
		for _, b := range block {
			if isBinaryByte(b) {
				return "", refuse("the file starts as text but holds binary data; evidence is PDF, images, Office documents or plain text")
			}
		}
		if valid {
			chunk := append(carry, block...)
			cut := len(chunk)
			for i := 1; i <= utf8.UTFMax && i <= len(chunk); i++ { // keep a sequence split across blocks
				if utf8.RuneStart(chunk[len(chunk)-i]) {
					if !utf8.FullRune(chunk[len(chunk)-i:]) {
						cut = len(chunk) - i
					}
					break
				}
			}
			valid = utf8.Valid(chunk[:cut])
			carry = append([]byte(nil), chunk[cut:]...)
		}
		off += int64(n)
	}
	if valid && len(carry) == 0 {
		return "text/plain; charset=utf-8", nil
	}
	return "text/plain", nil
}

// isBinaryByte is DetectContentType's own test for bytes no text holds.
func isBinaryByte(b byte) bool {
	return b <= 0x08 || b == 0x0b || (0x0e <= b && b <= 0x1a) || (0x1c <= b && b <= 0x1f)
}
