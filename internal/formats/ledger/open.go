package ledger

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/i18n"
)

// What can be wrong with a body before any cell is read. The API answers
// ErrNotWorkbook and ErrEncrypted with 422 and ErrTooLarge with 413.
var (
	ErrNotWorkbook = i18n.Errorf("not an Excel workbook (.xlsx)")
	ErrEncrypted   = i18n.Errorf("the workbook is password-protected: save it without a password to import it")
	ErrTooLarge    = i18n.Errorf("the workbook is too large")
)

// refusal is one of the errors above with what is wrong in particular:
// errors.Is finds the kind, i18n.TextOf the whole sentence.
type refusal struct {
	kind error
	text *i18n.Error
}

func (r refusal) Error() string { return r.text.Error() }

// Unwrap gives the sentence first, so that i18n.TextOf finds it before the
// kind's (which is an *i18n.Error too).
func (r refusal) Unwrap() []error { return []error{r.text, r.kind} }

// refused is the kind of refusal and the detail, "kind: detail".
func refused(kind error, format string, args ...any) error {
	return refusedWith(kind, i18n.T(format, args...))
}

func refusedWith(kind error, detail i18n.Text) error {
	k := i18n.TextOf(kind)
	return refusal{kind: kind, text: &i18n.Error{Text: i18n.Both(k.En+": "+detail.En, k.Zh+":"+detail.In(i18n.ZH))}}
}

// MaxUnzipped bounds what a workbook may unpack to. An .xlsx is a zip
// file, and a few megabytes of zip can hold gigabytes of repeated XML;
// a 10,000-task ledger unpacks to a few megabytes.
const MaxUnzipped = 64 << 20

// oleHeader starts every OLE compound file: an encrypted .xlsx (the
// workbook inside an EncryptedPackage stream) and an Excel 97–2003 .xls.
var oleHeader = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// open reads a workbook from memory, telling apart the bodies that are not
// one, the ones locked with a password and the ones too large to unpack.
func open(data []byte) (*excelize.File, error) {
	if bytes.HasPrefix(data, oleHeader) {
		// The stream names of a compound file's directory are UTF-16.
		if bytes.Contains(data, utf16LE("EncryptedPackage")) {
			return nil, ErrEncrypted
		}
		return nil, refused(ErrNotWorkbook, "this is an Excel 97-2003 workbook (.xls) or another Office document; save it as .xlsx")
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return nil, refused(ErrNotWorkbook, "the body is not a zip file, which every .xlsx is")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// Everything in memory: nothing of a request is written to disk.
		UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxUnzipped,
	})
	switch {
	case err != nil && strings.Contains(err.Error(), "unzip size exceeds"):
		return nil, errUnzipped
	case err != nil:
		return nil, refusedWith(ErrNotWorkbook, i18n.TextOf(err)) // the zip library's words
	case len(f.GetSheetList()) == 0:
		_ = f.Close() // the missing worksheets are the error to report
		return nil, refused(ErrNotWorkbook, "the zip file holds no worksheets")
	}
	return f, nil
}

func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}
