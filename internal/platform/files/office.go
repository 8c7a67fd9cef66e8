package files

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
)

// Office documents are zip archives. A zip is taken only when it is one:
// OOXML (docx, xlsx, pptx: a [Content_Types].xml and the main part where
// Office, WPS and LibreOffice put it) or OpenDocument (a mimetype entry
// naming the format). Any other zip is refused: an archive can hold anything,
// executables included, and evidence should be the documents themselves.
// Macro-enabled documents are refused too: macros are programs.
//
// Only the central directory and two small entries are read, never the
// documents' contents, so a zip bomb costs nothing.

// Content types of the Office documents taken.
const (
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeODT  = "application/vnd.oasis.opendocument.text"
	TypeODS  = "application/vnd.oasis.opendocument.spreadsheet"
	TypeODP  = "application/vnd.oasis.opendocument.presentation"
)

// ooxmlMain maps an OOXML package's main part to its type.
var ooxmlMain = map[string]string{
	"word/document.xml":    TypeDOCX,
	"xl/workbook.xml":      TypeXLSX,
	"ppt/presentation.xml": TypePPTX,
}

const maxSmallEntry = 1 << 20 // [Content_Types].xml and mimetype are a few KiB

func officeType(r io.ReaderAt, size int64) (string, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return "", refuse("the file starts like a zip archive but cannot be read as one")
	}
	entries := map[string]*zip.File{}
	for _, f := range z.File {
		name := strings.ToLower(f.Name)
		entries[name] = f
		switch {
		case strings.HasSuffix(name, "vbaproject.bin"), strings.HasPrefix(name, "basic/"), strings.HasPrefix(name, "scripts/"):
			return "", macroRefusal()
		}
	}
	if ct := entries["[content_types].xml"]; ct != nil {
		types, err := readSmall(ct)
		if err != nil {
			return "", refuse("the Office document is damaged: its [Content_Types].xml cannot be read")
		}
		if bytes.Contains(bytes.ToLower(types), []byte("macroenabled")) {
			return "", macroRefusal()
		}
		for part, typ := range ooxmlMain {
			if entries[part] != nil {
				return typ, nil
			}
		}
		return "", refuse("the file is an Office package of a kind not taken; evidence documents are .docx, .xlsx or .pptx")
	}
	if m := entries["mimetype"]; m != nil {
		b, err := readSmall(m)
		if err == nil {
			switch t := strings.TrimSpace(string(b)); t {
			case TypeODT, TypeODS, TypeODP:
				return t, nil
			}
		}
	}
	return "", refuse("the file is a zip archive; upload the documents themselves, not an archive")
}

func macroRefusal() *Refusal {
	return refuseProgram("the document holds macros, which are programs; save it without macros (.docx, .xlsx, .pptx)")
}

func readSmall(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, maxSmallEntry))
}
