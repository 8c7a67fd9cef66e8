package ledger

import (
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// Sheet names: the Chinese one is what the template and the export write;
// the English one is accepted too.
const (
	TasksSheet    = "任务"
	CampaignSheet = "活动"
	SummarySheet  = "汇总"
	// MachineSheet is the live ledger's hidden sheet (machine.go).
	MachineSheet = "导入数据"
)

var (
	tasksSheetNames    = []string{TasksSheet, "tasks"}
	campaignSheetNames = []string{CampaignSheet, "campaign"}
	machineSheetNames  = []string{MachineSheet, "import data"}
)

// plannedDeadlineHeader is 完成时限 as the live ledger heads it, beside the
// track sheets' 当前时限.
const plannedDeadlineHeader = "计划完成时限"

// column is one column of the 任务 sheet: the plan field it fills (key, the
// English header too), its Chinese header, and other names clerks use.
type column struct {
	key     string
	zh      string
	aliases []string
}

// Task columns of SPEC section 11, the ones the template shows, in the
// order the template and the export write them.
const (
	colID            = "id"
	colTitle         = "title"
	colTrack         = "track"
	colOwner         = "owner"
	colSupervisor    = "supervisor"
	colLeader        = "leader"
	colFlagged       = "flagged"
	colDeadline      = "deadline"
	colDependsOn     = "depends_on"
	colApprovers     = "approvers"
	colDispatch      = "dispatch"
	colIndicator     = "indicator"
	colTarget        = "target"
	colIndicatorUnit = "indicator_unit"
)

// Task columns past SPEC section 11's, which an export writes after them:
// they carry what a plan can say and a clerk's list rarely does, so that an
// exported ledger imports as the same plan.
const (
	colTrackID          = "track_id"
	colAssist           = "assist"
	colPhases           = "phases"
	colDispatchDeadline = "dispatch_deadline"
	colIndicatorID      = "indicator_id"
	colIndicators       = "indicators"
)

// standardColumns are the template's columns, SPEC section 11's.
var standardColumns = []column{
	{colID, "编号", []string{"任务编号"}},
	{colTitle, "任务名称", []string{"任务", "任务内容", "名称"}},
	{colTrack, "任务线", []string{"类别"}},
	{colOwner, "责任单位", []string{"责任人", "牵头单位"}},
	{colSupervisor, "督办人", nil},
	{colLeader, "督办领导", []string{"包联领导"}},
	{colFlagged, "挂牌督战", []string{"挂牌"}},
	{colDeadline, "完成时限", []string{plannedDeadlineHeader, "截止日期", "截止时间", "完成时间"}},
	{colDependsOn, "前置任务", nil},
	{colApprovers, "审核人", nil},
	{colDispatch, "下发单位", nil},
	{colIndicator, "指标名称", []string{"指标"}},
	{colTarget, "目标值", []string{"目标"}},
	{colIndicatorUnit, "计量单位", nil},
}

// extraColumns follow standardColumns in an export, for a full plan.
var extraColumns = []column{
	{colTrackID, "任务线编号", nil},
	{colAssist, "配合单位", nil},
	{colPhases, "工作阶段", []string{"阶段"}},
	{colDispatchDeadline, "下发时限", nil},
	{colIndicatorID, "指标编号", nil},
	{colIndicators, "指标明细", nil},
}

// taskColumns are all the columns an import knows, in the order an export
// writes them.
var taskColumns = slices.Concat(standardColumns, extraColumns)

// ignoredHeaders name columns clerks keep beside the list (a running
// number, remarks) that the import skips.
var ignoredHeaders = []string{"序号", "备注", "说明", "no", "notes", "note", "remarks", "remark",
	"状态", "灯", "进度", "当前值", "当前时限", "最近动态", "status", "light", "progress", "value", "lastevent"}

// Campaign keys of the 活动 sheet, in the order the template and the
// export write them.
const (
	keyID              = "id"
	keyTitle           = "title"
	keyOwner           = "owner"
	keyTimezone        = "timezone"
	keyCalendar        = "calendar"
	keyStart           = "start"
	keyDeadline        = "deadline"
	keySlackChannel    = "slack_channel"
	keyDigest          = "digest"
	keyAllowInfeasible = "allow_infeasible"
	keyPhases          = "phases"
	keyEscalation      = "escalation"
	keyScoring         = "scoring"
	keyPeople          = "people"
	keyUnits           = "units"
)

var campaignKeys = []column{
	{keyID, "编号", []string{"活动编号"}},
	{keyTitle, "名称", []string{"活动名称", "标题"}},
	{keyOwner, "负责人", []string{"牵头人"}},
	{keyTimezone, "时区", nil},
	{keyCalendar, "日历", []string{"工作日历"}},
	{keyStart, "开始日期", []string{"开始", "开始时间"}},
	{keyDeadline, "完成时限", []string{"截止日期", "截止时间"}},
	{keySlackChannel, "Slack频道", nil},
	{keyDigest, "通报周期", nil},
	{keyAllowInfeasible, "允许不可行", nil},
	{keyPhases, "默认阶段", []string{"工作阶段", "阶段"}},
	{keyEscalation, "督办规则", nil},
	{keyScoring, "考评规则", nil},
	{keyPeople, "人员", nil},
	{keyUnits, "单位", nil},
}

// campaignHeaderNames are the first cells of the 活动 sheet's optional
// header row (字段 | 值, key | value).
var campaignHeaderNames = []string{"字段", "key", "field", "项目"}

// lookup finds the column a header names, by its key, its Chinese name or
// an alias, as headerKey reduces them.
func lookup(cols []column, header string) (column, bool) {
	k := headerKey(header)
	for _, c := range cols {
		if k == headerKey(c.key) || k == headerKey(c.zh) {
			return c, true
		}
		for _, a := range c.aliases {
			if k == headerKey(a) {
				return c, true
			}
		}
	}
	return column{}, false
}

func ignored(header string) bool {
	k := headerKey(header)
	for _, h := range ignoredHeaders {
		if k == headerKey(h) {
			return true
		}
	}
	return false
}

// label names a column in messages: leader in English, 督办领导 in
// Chinese (the header the clerk wrote); a key with no column is its key in
// both.
func label(cols []column, key string) i18n.Text {
	for _, c := range cols {
		if c.key == key {
			return i18n.Both(c.key, c.zh)
		}
	}
	return i18n.Both(key, key)
}

// labelled puts a field's name before a message about it, in each
// language its own way: "deadline: …", "完成时限:…".
func labelled(name, message i18n.Text) i18n.Text {
	return i18n.Both(name.En+": "+message.En, name.In(i18n.ZH)+":"+message.In(i18n.ZH))
}

// names lists the Chinese headers, for a message about an unknown one.
func names(cols []column) string {
	zh := make([]string, len(cols))
	for i, c := range cols {
		zh[i] = c.zh
	}
	return strings.Join(zh, "、")
}

func isSheet(name string, accepted []string) bool {
	k := headerKey(name)
	for _, a := range accepted {
		if k == headerKey(a) {
			return true
		}
	}
	return false
}
