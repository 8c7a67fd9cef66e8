package notify

import (
	"testing"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/google/go-cmp/cmp"
)

// An uploaded file is linked to the dashboard's download, which checks who
// reads it; links stay as they are.
func TestEvidenceLinks(t *testing.T) {
	items := []task.Evidence{
		{Title: "名单", URL: "https://example.org/list"},
		{Title: "现场照片", File: "ABC234", Name: "photos.pdf", Size: 10, SHA256: "ab", ContentType: "application/pdf"},
	}
	got := evidenceLinks("https://closeout.example.org/", items)
	want := []task.Evidence{
		{Title: "名单", URL: "https://example.org/list"},
		{Title: "现场照片 (photos.pdf)", URL: "https://closeout.example.org/files/ABC234"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("links (-want +got):\n%s", d)
	}
	if got := evidenceLinks("", items); got[1].URL != "" || got[1].Title != "现场照片 (photos.pdf)" {
		t.Fatalf("without a dashboard address: %+v", got[1])
	}
}
