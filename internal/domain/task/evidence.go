package task

import (
	"fmt"
	"regexp"
)

// Evidence items are checked on their own, the same for submit and progress:
// a link or a file, never both and never neither. A file item carries the
// metadata the API looked up for the id (the workflow reads no database),
// so here it is only checked to be complete and well formed.

var (
	fileIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// maxFileName bounds a file's name as evidence records it.
const maxFileName = 255

func validateEvidence(items []Evidence) error {
	for i, ev := range items {
		field := func(name string) string { return fmt.Sprintf("evidence[%d].%s", i, name) }
		if err := checkText(field("title"), ev.Title, true); err != nil {
			return err
		}
		switch {
		case ev.URL != "" && ev.File != "":
			return invalid(field("file"), "an item is a url or a file, not both")
		case ev.File != "":
			if err := validateFileEvidence(ev, field); err != nil {
				return err
			}
		default:
			if !validURL(ev.URL) {
				return invalid(field("url"), "must be an http or https URL (or give an uploaded file's id as file)")
			}
			if ev.Name != "" || ev.Size != 0 || ev.SHA256 != "" || ev.ContentType != "" {
				return invalid(field("url"), "a link carries no file metadata")
			}
		}
	}
	return nil
}

func validateFileEvidence(ev Evidence, field func(string) string) error {
	if !fileIDPattern.MatchString(ev.File) {
		return invalid(field("file"), "must be the id of an uploaded file")
	}
	if err := checkText(field("name"), ev.Name, true); err != nil {
		return err
	}
	if len([]rune(ev.Name)) > maxFileName {
		return invalid(field("name"), "is longer than %d characters", maxFileName)
	}
	if ev.Size <= 0 {
		return invalid(field("size"), "must be the file's size in bytes")
	}
	if !sha256Pattern.MatchString(ev.SHA256) {
		return invalid(field("sha256"), "must be the file's SHA-256 in lowercase hex")
	}
	if ev.ContentType == "" || len(ev.ContentType) > 255 {
		return invalid(field("content_type"), "must be the file's type")
	}
	return nil
}
