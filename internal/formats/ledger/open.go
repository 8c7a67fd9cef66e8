package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// What can be wrong with a body before any cell is read. The API answers
// ErrNotWorkbook and ErrEncrypted with 422 and ErrTooLarge with 413.
var (
	ErrNotWorkbook = errors.New("not an Excel workbook (.xlsx)")
	ErrEncrypted   = errors.New("the workbook is password-protected: save it without a password to import it")
	ErrTooLarge    = errors.New("the workbook is too large")
)

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
		return nil, fmt.Errorf("%w: this is an Excel 97-2003 workbook (.xls) or another Office document; save it as .xlsx", ErrNotWorkbook)
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return nil, fmt.Errorf("%w: the body is not a zip file, which every .xlsx is", ErrNotWorkbook)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// Everything in memory: nothing of a request is written to disk.
		UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxUnzipped,
	})
	switch {
	case err != nil && strings.Contains(err.Error(), "unzip size exceeds"):
		return nil, fmt.Errorf("%w: it unpacks to more than %d MiB", ErrTooLarge, MaxUnzipped>>20)
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	case len(f.GetSheetList()) == 0:
		_ = f.Close() // the missing worksheets are the error to report
		return nil, fmt.Errorf("%w: the zip file holds no worksheets", ErrNotWorkbook)
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
