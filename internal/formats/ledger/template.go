package ledger

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/domain/plan"
)

// exampleLedger is the template's example: one campaign, one task, in the
// seed's words. The template is written from it by the same code as the
// live ledger's 任务 and 活动 sheets, so the example always reads back.
const exampleLedger = `
id: xmlc-2024
title: 破解基层治理"小马拉大车"突出问题攻坚行动
owner: shegongbu
timezone: Asia/Shanghai
calendar: cn
start: 2025-05-06
deadline: 2025-12-31
phases:
  - {name: 制定方案, workdays: 5}
  - {name: 组织实施, workdays: 20}
  - {name: 验收销号, workdays: 3}
tracks:
  - id: t1
    title: 轻车
    tasks:
      - id: T01
        title: 清理借调乡镇(街道)、村(社区)工作人员
        owner: li
        supervisor: zhao
        leader: wang
        flagged: true
        deadline: 2025-06-30
        approvers: [zhao, wang]
        indicators: [{id: i1, name: 返岗人数, unit: 名, target: 565}]
`

// templateRows is how far down the template's validations reach.
const templateRows = 1000

// Template is an empty ledger to fill in: the 活动 sheet with its keys, the
// 任务 sheet with the standard Chinese headers (frozen) and one example
// row, 是/否 and date validation on the columns that take them, and a 说明
// sheet saying what goes where.
func Template() ([]byte, error) {
	p, err := plan.Parse([]byte(exampleLedger), plan.YAML, plan.ParseOptions{
		PersonExists: func(string) bool { return true },
	})
	if err != nil {
		return nil, fmt.Errorf("the template's example: %w", err)
	}
	b, err := newBook()
	if err != nil {
		return nil, err
	}
	w := planSheets{standardOnly: true}
	if err := w.writeTasks(b, p); err != nil {
		return nil, err
	}
	if err := w.writeCampaign(b, p); err != nil {
		return nil, err
	}
	if err := validateTasks(b, w.taskColumnsFor(p)); err != nil {
		return nil, err
	}
	if err := validateCampaign(b); err != nil {
		return nil, err
	}
	if err := writeHelp(b); err != nil {
		return nil, err
	}
	return b.bytes()
}

// validateTasks adds the drop-down of 是/否 to 挂牌督战 and a date check
// (and the date format) to 完成时限.
func validateTasks(b *book, keys []string) error {
	for i, k := range keys {
		col := colName(i + 1)
		sqref := fmt.Sprintf("%s2:%s%d", col, col, templateRows)
		switch k {
		case colFlagged:
			if err := b.f.AddDataValidation(TasksSheet, yesNo(sqref)); err != nil {
				return err
			}
		case colDeadline:
			dv, err := dateRange(sqref)
			if err != nil {
				return err
			}
			if err := b.f.AddDataValidation(TasksSheet, dv); err != nil {
				return err
			}
			if err := b.f.SetCellStyle(TasksSheet, col+"3", fmt.Sprintf("%s%d", col, templateRows), b.date); err != nil {
				return err
			}
		}
	}
	return nil
}

// validateCampaign checks the 活动 sheet's date values.
func validateCampaign(b *book) error {
	rows, err := b.f.GetRows(CampaignSheet)
	if err != nil {
		return err
	}
	for r, row := range rows {
		if len(row) == 0 {
			continue
		}
		if c, ok := lookup(campaignKeys, row[0]); ok && (c.key == keyStart || c.key == keyDeadline) {
			dv, err := dateRange(cellName(2, r+1))
			if err != nil {
				return err
			}
			if err := b.f.AddDataValidation(CampaignSheet, dv); err != nil {
				return err
			}
		}
	}
	return nil
}

func yesNo(sqref string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	_ = dv.SetDropList([]string{"是", "否"}) // fails only for a list longer than 255 characters
	dv.SetError(excelize.DataValidationErrorStyleStop, "挂牌督战", "请选择 是 或 否")
	return dv
}

// dateRange accepts dates from 2000 to 2099.
func dateRange(sqref string) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	serial := func(y int) int {
		return int(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Sub(excelEpoch).Hours() / 24)
	}
	if err := dv.SetRange(serial(2000), serial(2100)-1, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return nil, err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "日期", "请填写日期,如 2025-06-30")
	return dv, nil
}

// helpRows explain the columns, for the clerk who opens the template.
var helpRows = [][2]string{
	{"编号", "任务编号,活动内唯一:字母、数字、_ . -,如 T01"},
	{"任务名称", "任务内容"},
	{"任务线", "任务所属的任务线(如 轻车);可合并单元格,合并范围内的行都属于该任务线"},
	{"责任单位", "人员或单位的编号或名称;单位可写 unit:编号"},
	{"督办人", "人员编号或姓名;默认由其审核销号"},
	{"督办领导", "人员编号或姓名;挂牌督战的任务必填"},
	{"挂牌督战", "是 或 否"},
	{"完成时限", "日期,如 2025-06-30、2025/6/30、2025年6月30日;不填沿用活动的完成时限"},
	{"前置任务", "须先完成的任务编号,以、或逗号分隔"},
	{"审核人", "依次审核的人员或单位,以、分隔;不填为督办人"},
	{"下发单位", "children:单位编号(下发到其全部下级单位),或以、分隔的单位"},
	{"指标名称、目标值、计量单位", "任务的一项指标,如 返岗人数 565 名"},
	{"任务线编号、配合单位、工作阶段、下发时限、指标编号、指标明细", "可选列,导出的台账会用到:工作阶段写 名称:工作日数,以、分隔;指标明细写 JSON 或 YAML"},
	{"序号、备注", "导入时忽略"},
}

func writeHelp(b *book) error {
	const sheet = "说明"
	if err := b.sheet(sheet); err != nil {
		return err
	}
	if err := b.headerRow(sheet, 1, []string{"列", "填写说明"}, []float64{28, 90}); err != nil {
		return err
	}
	for i, r := range helpRows {
		if err := b.row(sheet, cellName(1, i+2), []any{r[0], r[1]}); err != nil {
			return err
		}
	}
	b.ruleTable(sheet, 1, len(helpRows)+1, 2)
	b.printable(sheet, 1, 1)
	return nil
}
