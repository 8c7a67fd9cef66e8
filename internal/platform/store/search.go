package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/closeout/closeout/internal/domain/task"
)

// TaskSearch finds tasks by words (SPEC section 17). Every word must occur
// somewhere in a task's title, id, owner's name or owning unit's name, as a
// substring: Chinese has no spaces between words, so "借调" finds
// "清理借调人员". The text searched is kept by the triggers of migration 17.
type TaskSearch struct {
	Words []string
	// Campaigns are the campaigns searched; nil searches every campaign,
	// an empty list none.
	Campaigns []string
	Cursor    string
	Limit     int
}

// Limits of a search: what a person types in a search box, not a document.
const (
	MaxSearchChars = 200
	MaxSearchWords = 10
)

// SearchWords splits what a person typed into the words a search needs,
// each once.
func SearchWords(q string) []string {
	var words []string
	for _, w := range strings.Fields(q) {
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	return words
}

// trigramLen is the shortest word the trigram indexes can look up; a
// shorter one is matched by LIKE over the same text.
const trigramLen = 3

// SearchTasks is AppendTaskDocs for a search: it appends a page of the
// matching tasks' stored documents, in (campaign, id) order, to dst and
// returns the next page's cursor.
func (s *DB) SearchTasks(ctx context.Context, f TaskSearch, dst []byte) ([]byte, string, error) {
	next, err := s.eachFoundDoc(ctx, f, joinDocs(&dst))
	return dst, next, err
}

// SearchTaskViews is SearchTasks for callers that read the tasks (the
// dashboard's results page).
func (s *DB) SearchTaskViews(ctx context.Context, f TaskSearch) ([]task.View, string, error) {
	var tasks []task.View
	next, err := s.eachFoundDoc(ctx, f, decodeViews(&tasks))
	return tasks, next, err
}

// eachFoundDoc runs one search query and hands each document of the page to
// fn, as eachTaskDoc does for a list.
func (s *DB) eachFoundDoc(ctx context.Context, f TaskSearch, fn func(doc []byte) error) (string, error) {
	if len(f.Words) == 0 || (f.Campaigns != nil && len(f.Campaigns) == 0) {
		return "", nil
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var where []string
	if s.postgres {
		// ILIKE '%word%', which the trigram GIN indexes serve: a short
		// word tripled over the tripled text
		// (migrations/postgres/00017_task_search.sql).
		for _, w := range f.Words {
			if utf8.RuneCountInString(w) >= trigramLen {
				where = append(where, `t.search ILIKE `+arg(likePattern(w)))
			} else {
				where = append(where, `t.search_short ILIKE `+arg(likePattern(tripled(w))))
			}
		}
	} else {
		var phrases []string
		for _, w := range f.Words {
			if utf8.RuneCountInString(w) >= trigramLen {
				phrases = append(phrases, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
			} else {
				where = append(where, `d.text LIKE `+arg(likePattern(w))+` ESCAPE '\'`)
			}
		}
		if len(phrases) > 0 { // phrases side by side: all of them (AND)
			where = append(where, `d.rowid IN (SELECT rowid FROM task_search WHERE task_search MATCH `+arg(strings.Join(phrases, " "))+`)`)
		}
	}
	if f.Campaigns != nil {
		in := make([]string, len(f.Campaigns))
		for i, c := range f.Campaigns {
			in[i] = arg(c)
		}
		where = append(where, `t.campaign IN (`+strings.Join(in, ", ")+`)`)
	}
	if f.Cursor != "" {
		campaign, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return "", err
		}
		where = append(where, fmt.Sprintf("(t.campaign, t.id) > (%s, %s)", arg(campaign), arg(id)))
	}
	q := `SELECT t.campaign, t.id, t.doc FROM tasks t`
	if !s.postgres {
		q += ` JOIN task_search_docs d ON d.campaign = t.campaign AND d.id = t.id`
	}
	q += ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY t.campaign, t.id LIMIT ` + arg(f.Limit+1) // #nosec G202 -- q is column names and arg's placeholders; every word is an argument
	return s.eachPageDoc(ctx, f.Limit, q, args, fn)
}

// tripled is word with every character written three times, as
// PostgreSQL's search column holds a task's text.
func tripled(word string) string {
	var b strings.Builder
	for _, r := range word {
		b.WriteRune(r)
		b.WriteRune(r)
		b.WriteRune(r)
	}
	return b.String()
}
