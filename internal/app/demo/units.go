package demo

// The demo's units: Hainan province and its eighteen city- and county-level
// units under the province (三沙 left out, as the seed's figures are for the
// island's cities and counties). T01 is dispatched to every one of them, and
// each reports the staff it returned to its towns (镇街) and villages (村居):
// together the seed's 565 (532 and 33).
type demoUnit struct {
	id, name      string
	town, village int // staff returned, reported when the unit submits
}

var hainan = []demoUnit{
	{"hn-haikou", "海口市", 68, 4},
	{"hn-sanya", "三亚市", 45, 3},
	{"hn-danzhou", "儋州市", 40, 3},
	{"hn-wuzhishan", "五指山市", 20, 1},
	{"hn-qionghai", "琼海市", 38, 2},
	{"hn-wenchang", "文昌市", 36, 2},
	{"hn-wanning", "万宁市", 34, 2},
	{"hn-dongfang", "东方市", 30, 2},
	{"hn-dingan", "定安县", 26, 2},
	{"hn-tunchang", "屯昌县", 22, 1},
	{"hn-chengmai", "澄迈县", 32, 2},
	{"hn-lingao", "临高县", 28, 2},
	{"hn-baisha", "白沙黎族自治县", 18, 1},
	{"hn-changjiang", "昌江黎族自治县", 20, 1},
	{"hn-ledong", "乐东黎族自治县", 27, 2},
	{"hn-lingshui", "陵水黎族自治县", 22, 1},
	{"hn-baoting", "保亭黎族苗族自治县", 12, 1},
	{"hn-qiongzhong", "琼中黎族苗族自治县", 14, 1},
}

// dispatchedTask is the demo task handed down to every unit of hainan.
const dispatchedTask = "T01"

// liaison is the person who acts for a unit in the demo (联络员).
func liaison(unit string) string { return unit + "-ll" }

// unitPlan lists the units for the plan, with a liaison as each one's
// member and contact, and the people the liaisons are.
func unitPlan() (units, liaisons []map[string]any) {
	units = append(units, map[string]any{"id": "hn", "name": "海南省"})
	for _, u := range hainan {
		p := liaison(u.id)
		units = append(units, map[string]any{"id": u.id, "name": u.name, "parent": "hn", "head": p, "contacts": []string{p}, "members": []string{p}})
		liaisons = append(liaisons, map[string]any{"id": p, "name": u.name + "联络员"})
	}
	return units, liaisons
}

// everyone is the demo's people and the units' liaisons.
func everyone() []map[string]any {
	_, liaisons := unitPlan()
	return append(append([]map[string]any{}, people...), liaisons...)
}

// indicators of the demo tasks that report figures from the seed.
var indicators = map[string][]map[string]any{
	"T01": {{"id": "returned", "name": "返岗人数", "unit": "名", "target": 565,
		"parts": []map[string]any{{"id": "town", "name": "镇街"}, {"id": "village", "name": "村居"}}}},
	"T10": {{"id": "signs", "name": "清理标牌、标识", "unit": "块", "target": 24647}},
	"T12": {{"id": "trained", "name": "培训", "unit": "人次", "target": 90}},
	"T13": {{"id": "trained", "name": "培训", "unit": "人次", "target": 90}},
	"T14": {{"id": "trained", "name": "培训", "unit": "人次", "target": 88}},
}

// reported are the values the owners of those tasks submit (T01's come from
// its units).
var reported = map[string]map[string]any{
	"T10": {"signs": 24647},
	"T12": {"trained": 90},
	"T13": {"trained": 90},
	"T14": {"trained": 88},
}
