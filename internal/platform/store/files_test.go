package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

func testFile(id string, size int64) store.File {
	return store.File{ID: id, Campaign: "c1", Task: "T1", Name: "现场照片 1.pdf", Size: size,
		SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ContentType: "application/pdf",
		UploadedBy: "li", UploadedAt: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)}
}

// A file's metadata and bytes go in together and come back chunk by chunk;
// an upload whose bytes fail half way leaves no row and no chunk; a task
// lists only its own files; leftovers are told apart from files.
func TestFiles(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			content := make([]byte, 2*store.FileChunkSize+123)
			rand.Read(content)
			big := testFile("f-big", int64(len(content)))
			if err := db.AddFileWithContent(ctx, big, bytes.NewReader(content)); err != nil {
				t.Fatal(err)
			}
			got, err := db.GetFile(ctx, "f-big")
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(big, got); d != "" {
				t.Fatalf("metadata (-want +got):\n%s", d)
			}
			var read []byte
			for pos := int64(0); pos < big.Size; {
				start, data, err := db.FileChunkAt(ctx, "f-big", pos)
				if err != nil || start != pos {
					t.Fatalf("chunk at %d: start %d, %v", pos, start, err)
				}
				read = append(read, data...)
				pos += int64(len(data))
			}
			if !bytes.Equal(read, content) {
				t.Fatal("the chunks do not add up to the file")
			}
			// A position inside a chunk finds that chunk; past the end, nothing.
			if start, _, err := db.FileChunkAt(ctx, "f-big", store.FileChunkSize+5); err != nil || start != store.FileChunkSize {
				t.Fatalf("chunk holding offset %d: start %d, %v", store.FileChunkSize+5, start, err)
			}
			if _, _, err := db.FileChunkAt(ctx, "f-big", big.Size); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("past the end: %v", err)
			}

			// The bytes fail after the first chunk: nothing of the file stays.
			broken := testFile("f-broken", int64(len(content)))
			failing := io.MultiReader(bytes.NewReader(content[:store.FileChunkSize+10]), iotest.ErrReader(errors.New("client went away")))
			if err := db.AddFileWithContent(ctx, broken, failing); err == nil {
				t.Fatal("a failed read must fail the upload")
			}
			short := testFile("f-short", int64(len(content)))
			if err := db.AddFileWithContent(ctx, short, bytes.NewReader(content[:10])); err == nil {
				t.Fatal("fewer bytes than the size must fail the upload")
			}
			for _, id := range []string{"f-broken", "f-short"} {
				if _, err := db.GetFile(ctx, id); !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("%s after a failed upload: %v", id, err)
				}
				if _, _, err := db.FileChunkAt(ctx, id, 0); !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("a chunk of %s stayed: %v", id, err)
				}
			}

			// Metadata alone, for bytes stored elsewhere; an id is used once.
			small := testFile("f-small", 10)
			small.Task = "T2"
			if err := db.AddFile(ctx, small); err != nil {
				t.Fatal(err)
			}
			if err := db.AddFile(ctx, small); !errors.Is(err, store.ErrExists) {
				t.Fatalf("the same id twice: %v", err)
			}
			if _, _, err := db.FileChunkAt(ctx, "f-small", 0); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("a file stored elsewhere has no chunks: %v", err)
			}
			list, err := db.TaskFiles(ctx, "c1", "T1")
			if err != nil || len(list) != 1 || list[0].ID != "f-big" {
				t.Fatalf("files of T1: %+v, %v", list, err)
			}
			if list, err := db.TaskFiles(ctx, "c1", "T9"); err != nil || list == nil || len(list) != 0 {
				t.Fatalf("files of a task without any: %#v, %v", list, err)
			}
			known, err := db.KnownFiles(ctx, []string{"f-big", "f-small", "f-broken", "nothing"})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(map[string]bool{"f-big": true, "f-small": true}, known); d != "" {
				t.Fatalf("known files (-want +got):\n%s", d)
			}
		})
	}
}
