package calendar

import (
	"time"

	lunar "github.com/6tail/lunar-go/calendar"
)

// StatutoryRevision names the rules the provisional calendar applies: Article
// 2 of 《全国年节及纪念日放假办法》 as revised by 《国务院关于修改〈全国年节及纪念日放假办法〉的决定》
// (中华人民共和国国务院令第795号, adopted at the State Council's 45th executive
// meeting on 2024-11-08, promulgated 2024-11-10, in force 2025-01-01; the
// fourth revision). It gives all citizens 13 days off a year.
const StatutoryRevision = "《全国年节及纪念日放假办法》(2024年11月10日国务院令第795号第四次修订,2025年1月1日起施行)第二条"

// StatutoryHoliday is one holiday of Article 2 and its days off in a year.
type StatutoryHoliday struct {
	Name string `json:"name"`
	Days []Date `json:"days"`
}

// StatutoryHolidays returns the days off of Article 2 of the current revision
// in a Gregorian year, in the order the article lists them:
//
//	元旦   1 day  (1月1日)
//	春节   4 days (农历除夕、正月初一至初三)
//	清明节 1 day  (农历清明当日)
//	劳动节 2 days (5月1日、2日)
//	端午节 1 day  (农历端午当日)
//	中秋节 1 day  (农历中秋当日)
//	国庆节 3 days (10月1日至3日)
//
// The lunar dates come from github.com/6tail/lunar-go: 除夕 is the day before
// 正月初一, which is the last day of the twelfth lunar month whether that
// month has 29 or 30 days (or is followed by a leap twelfth month); 清明 is the
// day of the 清明 solar term (in China's time zone); 端午 is 五月初五 and 中秋
// 八月十五 (lunar-go numbers leap months negatively, so month 5 is never a leap
// month). A holiday may share a day with another (中秋 can fall on 10月1日-3日):
// it is listed under each. These are the statutory days only: the State
// Council's yearly notice moves weekend days around them (调休), which no rule
// predicts.
func StatutoryHolidays(year int) []StatutoryHoliday {
	solar := func(s *lunar.Solar) Date {
		return Date{Year: s.GetYear(), Month: time.Month(s.GetMonth()), Day: s.GetDay()}
	}
	day := func(m time.Month, d int) Date { return Date{Year: year, Month: m, Day: d} }
	newYear := solar(lunar.NewLunarFromYmd(year, 1, 1).GetSolar())
	// The solar-term table of the lunar year that holds April holds this
	// year's 清明 (early April; 春节 is always before it).
	qingming := solar(lunar.NewSolarFromYmd(year, 4, 15).GetLunar().GetJieQiTable()["清明"])
	return []StatutoryHoliday{
		{Name: "元旦", Days: []Date{day(time.January, 1)}},
		{Name: "春节", Days: []Date{newYear.AddDays(-1), newYear, newYear.AddDays(1), newYear.AddDays(2)}},
		{Name: "清明节", Days: []Date{qingming}},
		{Name: "劳动节", Days: []Date{day(time.May, 1), day(time.May, 2)}},
		{Name: "端午节", Days: []Date{solar(lunar.NewLunarFromYmd(year, 5, 5).GetSolar())}},
		{Name: "中秋节", Days: []Date{solar(lunar.NewLunarFromYmd(year, 8, 15).GetSolar())}},
		{Name: "国庆节", Days: []Date{day(time.October, 1), day(time.October, 2), day(time.October, 3)}},
	}
}
