package report

import (
	"cmp"
	"math"
	"strconv"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"
)

// Indicator is a task's indicator as a report words it (SPEC section 10):
// its figures and the sentence the seed document would write,
// 返岗人数565名(镇街532名、村居33名),完成目标100%.
type Indicator struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Unit   string  `json:"unit,omitempty"`
	Target float64 `json:"target,omitempty"`
	Value  float64 `json:"value"`
	// Percent is Value of Target as a whole percent, rounded half up;
	// absent when the indicator has no target.
	Percent    *int            `json:"percent,omitempty"`
	Parts      []task.PartView `json:"parts,omitempty"`
	SentenceZH string          `json:"sentence_zh"`
	SentenceEN string          `json:"sentence_en"`
}

// Indicators words a task's (or a unit's) indicators.
func Indicators(views []task.IndicatorView) []Indicator {
	if len(views) == 0 {
		return nil
	}
	out := make([]Indicator, 0, len(views))
	for _, iv := range views {
		in := Indicator{ID: iv.ID, Name: iv.Name, Unit: iv.Unit, Target: iv.Target, Value: iv.Value, Parts: iv.Parts}
		if iv.Target > 0 {
			pct := TargetPercent(iv.Value, iv.Target)
			in.Percent = &pct
		}
		in.SentenceZH, in.SentenceEN = IndicatorSentence(iv)
		out = append(out, in)
	}
	return out
}

// IndicatorSentence words one indicator in the seed's style: the name, the
// value and unit, the parts in parentheses, and the share of the target
// when there is one:
//
//	返岗人数565名(镇街532名、村居33名),完成目标100%
//	returned 565 (town 532, village 33), 100% of target
//
// The English sentence names the indicator and its parts by their ids (the
// plan gives names in one language) and keeps a unit only when it is
// written in Latin letters.
func IndicatorSentence(iv task.IndicatorView) (zh, en string) {
	var z, e strings.Builder
	enUnit := ""
	switch {
	case iv.Unit == "%":
		enUnit = iv.Unit
	case iv.Unit != "" && isASCII(iv.Unit):
		enUnit = " " + iv.Unit
	}
	z.WriteString(iv.Name + Number(iv.Value) + iv.Unit)
	e.WriteString(cmp.Or(iv.ID, iv.Name) + " " + Number(iv.Value) + enUnit)
	if len(iv.Parts) > 0 {
		zp := make([]string, len(iv.Parts))
		ep := make([]string, len(iv.Parts))
		for i, p := range iv.Parts {
			zp[i] = p.Name + Number(p.Value) + iv.Unit
			ep[i] = cmp.Or(p.ID, p.Name) + " " + Number(p.Value) + enUnit
		}
		z.WriteString("(" + strings.Join(zp, "、") + ")")
		e.WriteString(" (" + strings.Join(ep, ", ") + ")")
	}
	if iv.Target > 0 {
		pct := strconv.Itoa(TargetPercent(iv.Value, iv.Target))
		z.WriteString(",完成目标" + pct + "%")
		e.WriteString(", " + pct + "% of target")
	}
	return z.String(), e.String()
}

// TargetPercent is value of target as a whole percent, rounded half up
// (the figures are decimal, so a hair of slack keeps 14.5 from reading as
// 14.4999…); 0 without a target.
func TargetPercent(value, target float64) int {
	if target <= 0 {
		return 0
	}
	return int(math.Floor(value*100/target + 0.5 + 1e-9))
}

// Number prints a figure as people write it: whole numbers without
// decimals (565), others with at most two, rounded half up (12.5, 0.15).
func Number(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(math.Copysign(math.Floor(math.Abs(v)*100+0.5+1e-9)/100, v), 'f', -1, 64)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// sentences joins the sentences of indicators, Chinese and English.
func sentences(list []Indicator) (zh, en string) {
	z := make([]string, len(list))
	e := make([]string, len(list))
	for i, in := range list {
		z[i], e[i] = in.SentenceZH, in.SentenceEN
	}
	return strings.Join(z, ";"), strings.Join(e, "; ")
}
