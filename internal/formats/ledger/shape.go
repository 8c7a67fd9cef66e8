package ledger

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// The largest workbook read (SPEC section 15, "Limits"): a header row and
// 20,000 task rows, 64 columns. Whatever holds a value beyond them makes
// the whole workbook too large (413), found before any cell is read.
const (
	MaxRows    = 20_000
	MaxColumns = 64
	// maxMerges bounds the merged ranges of a sheet: a clerk merges a
	// track's cell over its rows, never more often than there are rows.
	maxMerges = MaxRows
	// MaxCells bounds the cells holding a value, in all sheets together:
	// 20,000 task rows of 32 filled columns, every column the ledger knows
	// (taskColumns) with room for a clerk's notes. A workbook filling all
	// of MaxRows × MaxColumns, 1.28 million cells, is no ledger, and
	// reading it whole would take seconds and hundreds of megabytes.
	MaxCells = MaxRows * 32
)

// sheetShape is what scanning a worksheet's XML found, before excelize
// reads it: its merged ranges (excelize's GetMergeCells would load the
// whole sheet into memory to answer them).
type sheetShape struct {
	merges []string // "A2:A5"
}

// scanWorkbook reads each worksheet of a workbook as a stream of XML
// tokens, holding nothing of its cells, and fails with ErrTooLarge at the
// first value outside MaxRows+1 rows and MaxColumns columns, or past
// MaxCells values in all: a workbook of a million cells is refused in the
// time it takes to read it once, in a few megabytes of memory. It answers each sheet's shape by name.
// A body that is not a zip, or a zip without a workbook, answers nothing
// and no error: open tells what is wrong with it.
func scanWorkbook(data []byte) (map[string]*sheetShape, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil //nolint:nilerr // not a zip: open tells what is wrong with it
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheets, err := sheetParts(parts)
	if err != nil || len(sheets) == 0 {
		return nil, nil //nolint:nilerr // no workbook in the zip: open tells what is wrong with it
	}
	out := map[string]*sheetShape{}
	cells := MaxCells
	for name, part := range sheets {
		f, ok := parts[part]
		if !ok {
			continue // excelize answers a sheet without its part
		}
		shape, err := scanSheet(f, name, &cells)
		if err != nil {
			return nil, err
		}
		out[name] = shape
	}
	return out, nil
}

// sheetParts maps each sheet's name to its part: the workbook (found from
// the package's relationships) lists the sheets with a relationship id,
// its own relationships give the part.
func sheetParts(parts map[string]*zip.File) (map[string]string, error) {
	workbook := "xl/workbook.xml"
	if rels, err := relationships(parts, "_rels/.rels", ""); err == nil {
		for _, target := range rels {
			if path.Base(target) == "workbook.xml" || strings.HasSuffix(target, "/workbook.xml") {
				workbook = target
			}
		}
	}
	rels, err := relationships(parts, path.Join(path.Dir(workbook), "_rels", path.Base(workbook)+".rels"), path.Dir(workbook))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Sheets []struct {
			Name string     `xml:"name,attr"`
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(parts, workbook, &doc); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, s := range doc.Sheets {
		for _, a := range s.Attr {
			if a.Name.Local == "id" {
				if target, ok := rels[a.Value]; ok {
					out[s.Name] = target
				}
			}
		}
	}
	return out, nil
}

// relationships reads a .rels part: id → target part, resolved against
// base.
func relationships(parts map[string]*zip.File, name, base string) (map[string]string, error) {
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(parts, name, &doc); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range doc.Rels {
		target := r.Target
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(base, target)
		}
		out[r.ID] = target
	}
	return out, nil
}

// maxSmallPart bounds the workbook and relationship parts decoded whole:
// they list sheets, a few kilobytes.
const maxSmallPart = 4 << 20

func decodePart(parts map[string]*zip.File, name string, v any) error {
	f, ok := parts[name]
	if !ok {
		return fmt.Errorf("no part %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, maxSmallPart)).Decode(v)
}

// errUnzipped is a part that unpacks to more than MaxUnzipped.
var errUnzipped = refused(ErrTooLarge, "it unpacks to more than %d MiB", MaxUnzipped>>20)

// limitedReader fails once more than n bytes are read.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errUnzipped
	}
	return n, err
}

// scanSheet walks one worksheet's tags: rows and cells by their r
// attributes (or their order, which a sheet may rely on), a cell holding a
// value when it has <v>, <is> or <f>. It reads the tags itself rather than
// through encoding/xml, which takes seconds over a million cells: this
// pass must be cheap enough to run on every workbook.
// cells is what is left of the workbook's MaxCells.
func scanSheet(f *zip.File, name string, cells *int) (*sheetShape, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil // excelize tells what is wrong with it
	}
	defer rc.Close()
	tags := tagScanner{r: bufio.NewReaderSize(&limitedReader{r: rc, n: MaxUnzipped}, 64<<10)}
	shape := &sheetShape{}
	row, col := 0, 0
	for {
		tag, err := tags.next()
		if errors.Is(err, errUnzipped) {
			return nil, err
		}
		if err == io.EOF {
			return shape, nil
		}
		if err != nil {
			// Not read to its end is not known to be small.
			return nil, refused(ErrNotWorkbook, "sheet %s cannot be read: %v", name, err)
		}
		switch tag.name {
		case "row":
			row, col = row+1, 0
			if n, err := strconv.Atoi(tag.ref); err == nil {
				row = n
			}
		case "c":
			col++
			if c := refColumn(tag.ref); c > 0 {
				col = c
			}
		case "v", "is", "f":
			if *cells--; *cells < 0 {
				return nil, refused(ErrTooLarge, "the workbook holds more than %d cells with a value (sheet %s, row %d)", MaxCells, name, row)
			}
			if row > MaxRows+1 {
				return nil, refused(ErrTooLarge, "sheet %s has a value in row %d; a sheet holds at most %d rows (a header and %d tasks)", name, row, MaxRows+1, MaxRows)
			}
			if col > MaxColumns {
				return nil, refused(ErrTooLarge, "sheet %s has a value in column %d; a sheet holds at most %d columns", name, col, MaxColumns)
			}
		case "mergeCell":
			if len(shape.merges) >= maxMerges {
				return nil, refused(ErrTooLarge, "sheet %s has more than %d merged ranges", name, maxMerges)
			}
			shape.merges = append(shape.merges, tag.ref)
		}
	}
}

// refColumn is the column of a cell reference (B7 is 2), 0 if it has none.
func refColumn(ref string) int {
	n := 0
	for i := 0; i < len(ref); i++ {
		switch b := ref[i] | 0x20; { // lower case
		case b >= 'a' && b <= 'z':
			n = n*26 + int(b-'a'+1)
			if n > 1<<20 {
				return 0
			}
		case i == 0:
			return 0
		default:
			return n
		}
	}
	return 0 // no row number: not a reference
}
