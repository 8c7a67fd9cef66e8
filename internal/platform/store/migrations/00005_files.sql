-- Evidence files (佐证材料, SPEC section 12). files holds one row per
-- uploaded file: which task it belongs to and what it is, the type as the
-- server sniffed it, never as the client claimed. A file's bytes are in a
-- directory (dev mode) or, when the database is the file store, in
-- file_chunks: pieces keyed by their byte offset, written in the same
-- transaction as the files row, so an upload either left both or neither.
-- A row is never updated; evidence refers to a file by its id.

-- +goose Up
CREATE TABLE files (
    id           TEXT PRIMARY KEY,
    campaign     TEXT NOT NULL,
    task         TEXT NOT NULL,
    name         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  BIGINT NOT NULL
);
CREATE INDEX files_by_task ON files (campaign, task, uploaded_at, id);

CREATE TABLE file_chunks (
    file TEXT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    pos  BIGINT NOT NULL, -- the offset of the chunk's first byte in the file
    data BYTEA NOT NULL,  -- SQLite stores it as a BLOB
    PRIMARY KEY (file, pos)
);

-- +goose Down
DROP TABLE file_chunks;
DROP TABLE files;
