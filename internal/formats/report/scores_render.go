package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/closeout/closeout/internal/domain/scoring"
)

// ScoreColumns are the columns of the scores as a table (CSV, and the
// workbook's sheet), with their headings in both languages: one row per
// line item, the unit's columns repeated on each, so that a spreadsheet
// sums a unit's points to its score.
var ScoreColumns = []struct{ Key, Zh, En string }{
	{"class", "类别", "Class"},
	{"rank", "排名", "Rank"},
	{"unit", "单位代码", "Unit"},
	{"name", "单位", "Name"},
	{"score", "得分", "Score"},
	{"task", "任务", "Task"},
	{"what_zh", "事项", "Item (zh)"},
	{"what", "事项（英文）", "Item"},
	{"points", "分值", "Points"},
}

// ScoreRows are the table's rows, in ScoreColumns' order: texts as
// strings (typed text, for the writer to escape), rank an int and points
// float64. A unit without items has one row with the item's cells empty.
func ScoreRows(s Scores) [][]any {
	var rows [][]any
	for _, u := range s.Units {
		unit := []any{u.Class, u.Rank, u.Unit, u.Name, u.Score}
		if len(u.Items) == 0 {
			rows = append(rows, append(unit, "", "", "", ""))
		}
		for _, it := range u.Items {
			rows = append(rows, append(append([]any{}, unit...), it.Task, it.WhatZh, it.What, it.Points))
		}
	}
	return rows
}

// WriteScoresCSV writes the scores' table, headed by the columns' keys.
func WriteScoresCSV(w io.Writer, s Scores) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(ScoreColumns))
	for i, c := range ScoreColumns {
		head[i] = c.Key
	}
	_ = cw.Write(head)
	for _, row := range ScoreRows(s) {
		rec := make([]string, len(row))
		for i, v := range row {
			switch v := v.(type) {
			case string:
				rec[i] = CellText(v)
			case int:
				rec[i] = strconv.Itoa(v)
			case float64:
				rec[i] = Number(v)
			}
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// WriteScoresMarkdown writes the scores for people: one table per class,
// each unit with its items on one line.
func WriteScoresMarkdown(w io.Writer, s Scores) error {
	var b strings.Builder
	markdownTitle(&b, s.Title, "考评得分 / Scores", s.Timezone, s.GeneratedAt)
	if len(s.Units) == 0 {
		b.WriteString("\n无 None.\n")
	}
	for i, u := range s.Units {
		if i == 0 || u.Class != s.Units[i-1].Class {
			fmt.Fprintf(&b, "\n## %s\n\n| 排名 Rank | 单位 Unit | 得分 Score | 明细 Items |\n|---:|---|---:|---|\n", mdEscape(classLabel(u.Class)))
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", u.Rank, mdEscape(unitLabel(UnitRank{ID: u.Unit, Name: u.Name})), Number(u.Score), mdEscape(itemsLine(u.Items)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// classLabel heads a class's table; units of no class are 未分类.
func classLabel(class string) string {
	if class == "" {
		return "未分类 / No class"
	}
	return class
}

// itemsLine is a unit's items in Chinese on one line: 按时办结 A +1；….
func itemsLine(items []scoring.Item) string {
	parts := make([]string, len(items))
	for i, it := range items {
		points := Number(it.Points)
		if it.Points > 0 {
			points = "+" + points
		}
		if it.Task != "" {
			parts[i] = it.WhatZh + " " + it.Task + " " + points
		} else {
			parts[i] = it.WhatZh + " " + points
		}
	}
	return strings.Join(parts, "；")
}
