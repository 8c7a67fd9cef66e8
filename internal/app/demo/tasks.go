// Package demo loads the demo campaign: the seed document's 破解基层治理"小马拉大车"
// 突出问题攻坚行动, its three tracks (轻车, 壮马, 畅路) and thirty tasks, with
// eighteen closed out through the real workflow actions so that its report
// opens like the seed: 目前30项任务已完成18项,占60%.
//
// Its dates are days from today, so that a leader sees a campaign in
// progress: most open tasks on schedule, two yellow (their first phase
// passed unreported) and two red, past their deadline, which the
// workflow's own overdue ladder escalates as soon as they start. The closed
// tasks were closed by the loader when the demo started, and their events
// say so: nothing is backdated, so the burn-down's actual line steps down on
// the day the demo was loaded, while its plan line already has the overdue
// deadlines behind it.
package demo

// CampaignID is the demo campaign's id.
const CampaignID = "xmlc-demo"

// demoTask is one line of the demo list. Due is days from today; state is
// where the loader leaves the task.
type demoTask struct {
	id, track, title, owner string
	leader                  string // set for flagged tasks (挂牌督战)
	due                     int
	state                   string // "closed", "submitted" or "" (open)
}

const (
	stateClosed    = "closed"
	stateSubmitted = "submitted"
)

// The open tasks' deadlines make their lights: T19 (flagged, 挂牌督战) and
// T20 are past theirs when imported, so the first level of the overdue
// ladder ("after": "0s") fires at once, and T19, two days and more late,
// climbs its flagged ladder's second level ("1d") too; T18 and T25 are due
// within a fortnight and their first phase (制定方案) ended weeks ago
// without being reported, which turns them yellow (SPEC section 3); the
// rest are on schedule. The closed tasks' deadlines are all ahead, so they
// closed on time.
var tasks = []demoTask{
	{"T01", "qingche", "清理借调乡镇(街道)、村(社区)工作人员", "li", "wang", 45, stateClosed},
	{"T02", "qingche", "乡镇(街道)权责清单执行情况跟踪评估", "chen", "", 46, stateClosed},
	{"T03", "qingche", "优化调整乡镇(街道)权责清单", "chen", "", 75, stateClosed},
	{"T04", "qingche", "编制村(社区)工作事务清单", "liu", "", 48, stateClosed},
	{"T05", "qingche", "编制村(社区)机制牌子清单", "liu", "", 49, stateClosed},
	{"T06", "qingche", "编制村(社区)证明事项清单", "liu", "", 50, stateClosed},
	{"T07", "qingche", "编制村(社区)印章使用清单", "huang", "", 52, stateClosed},
	{"T08", "qingche", "编制村(社区)检查考核事项清单", "huang", "", 53, stateClosed},
	{"T09", "qingche", "编制村(社区)综合服务事项清单", "huang", "", 55, stateClosed},
	{"T10", "qingche", "清理村(社区)标牌、标识", "li", "", 58, stateClosed},
	{"T11", "qingche", "精简村(社区)台账报表和检查考核事项", "li", "", 62, stateSubmitted},
	{"T12", "zhuangma", "举办乡镇(街道)党政正职培训班(第一期)", "zhou", "", 46, stateClosed},
	{"T13", "zhuangma", "举办乡镇(街道)党政正职培训班(第二期)", "zhou", "", 52, stateClosed},
	{"T14", "zhuangma", "举办乡镇(街道)党政正职培训班(第三期)", "zhou", "", 60, stateClosed},
	{"T15", "zhuangma", "举办全省社区党组织书记能力提升轮训班(第一期)", "chen", "", 47, stateClosed},
	{"T16", "zhuangma", "举办全省社区党组织书记能力提升轮训班(第二期)", "chen", "", 54, stateClosed},
	{"T17", "zhuangma", "举办全省社区党组织书记能力提升轮训班(第三期)", "chen", "", 63, stateClosed},
	{"T18", "zhuangma", "举办全省社区党组织书记能力提升轮训班(第四期)", "chen", "", 6, ""},
	{"T19", "zhuangma", "分三年下沉事业编制到乡镇(街道)(首批)", "liu", "wang", -3, ""},
	{"T20", "zhuangma", "充实村(社区)工作力量", "huang", "", -2, ""},
	{"T21", "zhuangma", "建立基层干部能力评估机制", "zhou", "", 95, ""},
	{"T22", "changlu", "理顺乡镇(街道)与县直部门职责关系", "li", "", 50, stateClosed},
	{"T23", "changlu", "建立基层事项准入制度", "liu", "", 57, stateClosed},
	{"T24", "changlu", "推行村(社区)\"一站式\"服务", "huang", "", 66, stateSubmitted},
	{"T25", "changlu", "建立\"一站式\"矛盾纠纷多元化解中心", "zhou", "", 9, ""},
	{"T26", "changlu", "规范村(社区)工作机制牌子", "li", "", 84, ""},
	{"T27", "changlu", "建设基层智慧治理平台", "chen", "", 92, ""},
	{"T28", "changlu", "完善网格化管理服务机制", "liu", "", 100, ""},
	{"T29", "changlu", "建立基层减负常态化监测机制", "huang", "", 106, ""},
	{"T30", "changlu", "开展攻坚行动总结评估", "zhou", "", 115, ""},
}

// supervisors of each track; zhao signs off 轻车 and 畅路, wu 壮马.
var supervisors = map[string]string{"qingche": "zhao", "zhuangma": "wu", "changlu": "zhao"}

var people = []map[string]any{
	{"id": "shegongbu", "name": "省委社会工作部", "email": "shegongbu@example.org"},
	{"id": "wang", "name": "王东", "email": "wang@example.org"},
	{"id": "zhao", "name": "赵芳", "email": "zhao@example.org"},
	{"id": "wu", "name": "吴静", "email": "wu@example.org"},
	{"id": "li", "name": "李明", "email": "li@example.org"},
	{"id": "chen", "name": "陈刚", "email": "chen@example.org"},
	{"id": "liu", "name": "刘洋", "email": "liu@example.org"},
	{"id": "huang", "name": "黄敏", "email": "huang@example.org"},
	{"id": "zhou", "name": "周杰", "email": "zhou@example.org"},
}
