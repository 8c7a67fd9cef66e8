// Package pdfdoc sets A4 documents in two TrueType fonts with fpdf: a CJK
// font without Latin letters or digits, and a Latin one for those. The
// supervision sheet (internal/formats/sheet) and the bulletin
// (internal/formats/report) are printed with it.
package pdfdoc

import (
	"errors"
	"os"
)

// DefaultFont is where Debian's fonts-droid-fallback puts Droid Sans
// Fallback (Apache-2.0), a TrueType font with outlines for CJK that fpdf
// embeds (docs/sheets.md says why this one). It has no Latin letters or
// digits: those are set in DefaultLatinFont.
const DefaultFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// DefaultLatinFont is where Debian's fonts-dejavu-core puts DejaVu Sans
// (Bitstream Vera licence), for the letters, digits and punctuation the
// CJK font lacks.
const DefaultLatinFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// Fonts are the two TrueType files a document is set in.
type Fonts struct{ CJK, Latin string }

// DefaultFonts are Debian's.
var DefaultFonts = Fonts{CJK: DefaultFont, Latin: DefaultLatinFont}

// ErrNoFont is returned when a font file cannot be read: a PDF without the
// glyphs would print empty boxes, so none is made.
var ErrNoFont = errors.New("the PDF font is missing")

// Available says whether both font files are readable.
func (f Fonts) Available() bool { return FontAvailable(f.CJK) && FontAvailable(f.Latin) }

// FontAvailable says whether path is a readable file.
func FontAvailable(path string) bool {
	f, err := os.Open(path) // #nosec G304 -- the operator's setting (CLOSEOUT_PDF_FONT), never a request's
	if err != nil {
		return false
	}
	_ = f.Close() // opened to check only
	return true
}
