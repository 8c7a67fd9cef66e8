package files

import (
	"io"
	"mime"
	"slices"
	"strings"
)

// extensions are the names each accepted type may end in; the first is the
// one added to a name that ends in none of them. A saved file is opened by
// its extension, so the name a download is saved under must agree with what
// the bytes are: a PDF called "photo.jpg" opens nowhere, and a text file
// called "run.bat" would run. Text keeps the common text extensions.
var extensions = map[string][]string{
	"application/pdf": {".pdf"},
	"image/png":       {".png"},
	"image/jpeg":      {".jpg", ".jpeg", ".jpe", ".jfif"},
	"image/gif":       {".gif"},
	"image/webp":      {".webp"},
	"image/bmp":       {".bmp"},
	"image/heic":      {".heic", ".heif"},
	"image/avif":      {".avif"},
	"video/mp4":       {".mp4", ".m4v"},
	TypeDOCX:          {".docx"},
	TypeXLSX:          {".xlsx"},
	TypePPTX:          {".pptx"},
	TypeODT:           {".odt"},
	TypeODS:           {".ods"},
	TypeODP:           {".odp"},
	"text/plain":      {".txt", ".csv", ".tsv", ".md", ".log", ".json"},
}

// runnable are extensions a desktop runs, installs or renders with scripts
// when the file is opened, whatever its bytes. A file named so is refused
// even when its bytes are harmless text: the name says what it is meant for.
var runnable = map[string]bool{
	".exe": true, ".com": true, ".bat": true, ".cmd": true, ".msi": true, ".msp": true, ".msix": true,
	".scr": true, ".pif": true, ".cpl": true, ".dll": true, ".sys": true, ".ps1": true, ".psm1": true,
	".vbs": true, ".vbe": true, ".js": true, ".jse": true, ".mjs": true, ".wsf": true, ".wsh": true,
	".hta": true, ".jar": true, ".lnk": true, ".reg": true, ".inf": true, ".sh": true, ".bash": true,
	".zsh": true, ".command": true, ".app": true, ".apk": true, ".dmg": true, ".pkg": true, ".deb": true,
	".rpm": true, ".run": true, ".bin": true, ".py": true, ".pl": true, ".rb": true, ".php": true,
	".html": true, ".htm": true, ".xhtml": true, ".mht": true, ".mhtml": true, ".svg": true,
	".docm": true, ".xlsm": true, ".pptm": true, ".dotm": true, ".xltm": true,
}

// Classify sniffs the bytes and settles the name they are kept under: the
// cleaned name, with the type's extension added when it has none of the
// type's. A name meant to run is refused (*Refusal, executable).
func Classify(r io.ReaderAt, size int64, rawName string) (contentType, name string, err error) {
	name = CleanName(rawName)
	ext := strings.ToLower(extOf(name))
	if err := CheckName(name); err != nil {
		return "", "", err
	}
	contentType, err = Sniff(r, size)
	if err != nil {
		return "", "", err
	}
	media, params, _ := mime.ParseMediaType(contentType)
	exts := extensions[media]
	if media == "text/plain" && ext == ".csv" {
		// Only the name tells CSV from text; saying so lets a spreadsheet open it.
		contentType = mime.FormatMediaType("text/csv", params)
	}
	if len(exts) > 0 && !slices.Contains(exts, ext) {
		name = withExtension(name, exts[0])
	}
	return contentType, name, nil
}

// CheckName refuses a name meant to run (*Refusal, executable), so an
// upload called setup.exe is refused before its bytes are read.
func CheckName(rawName string) error {
	ext := strings.ToLower(extOf(CleanName(rawName)))
	if runnable[ext] {
		return refuseProgram("files named %s are programs or scripts; they are not taken as evidence", ext)
	}
	return nil
}
