package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/closeout/closeout/internal/platform/store"
)

// RollupSource is the projection the tasks gauge reads (*store.DB is one).
type RollupSource interface {
	ListCampaigns(ctx context.Context) ([]store.Campaign, error)
	Rollup(ctx context.Context, campaign string) ([]store.RollupRow, error)
}

// Rollups is a collector of closeout_tasks{campaign,light}, read from the
// campaign rollups at scrape time. The rollups are counters the projection
// keeps per task write, so a read costs one small query per campaign; the
// answer is kept for TTL all the same, so that several Prometheus servers
// (or a curl loop) scraping every few seconds cost the database nothing more.
type Rollups struct {
	src  RollupSource
	ttl  time.Duration
	now  func() time.Time
	desc *prometheus.Desc
	// failures counts reads that failed; the scrape then has no tasks
	// samples rather than failing as a whole.
	failures prometheus.Counter

	mu   sync.Mutex // held through a read, so concurrent scrapes share it
	at   time.Time
	last []taskCount
}

type taskCount struct {
	campaign, light string
	n               int
}

// DefaultRollupTTL is how long one read of the rollups answers scrapes.
const DefaultRollupTTL = 15 * time.Second

// rollupTimeout bounds a read, so a database that hangs does not hang the
// scrape (Prometheus's own timeout is 10s by default).
const rollupTimeout = 5 * time.Second

// NewRollups registers the tasks gauge in reg; ttl <= 0 means
// DefaultRollupTTL.
func NewRollups(reg prometheus.Registerer, src RollupSource, ttl time.Duration) *Rollups {
	if ttl <= 0 {
		ttl = DefaultRollupTTL
	}
	r := &Rollups{
		src: src, ttl: ttl, now: time.Now,
		desc: prometheus.NewDesc("closeout_tasks",
			"Tasks by light per campaign, from the projection's rollups: parents and plain tasks, cancelled ones left out "+
				"(closed ones are done). Every API process serves the same figures: aggregate with max, not sum.",
			[]string{"campaign", "light"}, nil),
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "closeout_rollup_read_failures_total",
			Help: "Reads of the campaign rollups for closeout_tasks that failed (the scrape then had no closeout_tasks).",
		}),
	}
	reg.MustRegister(r, r.failures)
	return r
}

// Describe implements prometheus.Collector.
func (r *Rollups) Describe(ch chan<- *prometheus.Desc) { ch <- r.desc }

// Collect implements prometheus.Collector.
func (r *Rollups) Collect(ch chan<- prometheus.Metric) {
	for _, c := range r.counts() {
		// A campaign id is checked on import; one that would still make no
		// valid label is left out, not the scrape.
		if m, err := prometheus.NewConstMetric(r.desc, prometheus.GaugeValue, float64(c.n), c.campaign, c.light); err == nil {
			ch <- m
		}
	}
}

// counts answers from the last read while it is fresh, else reads again. A
// failed read is remembered for the TTL too: a database that is down is not
// asked again by every scrape.
func (r *Rollups) counts() []taskCount {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if !r.at.IsZero() && now.Sub(r.at) < r.ttl {
		return r.last
	}
	ctx, cancel := context.WithTimeout(context.Background(), rollupTimeout)
	defer cancel()
	counts, err := r.read(ctx)
	if err != nil {
		r.failures.Inc()
		counts = nil
	}
	r.at, r.last = now, counts
	return counts
}

// lights are reported for every campaign, 0 when none is in them, so that a
// panel shows a light falling to zero instead of a gap.
var lights = []task.Light{task.LightGreen, task.LightYellow, task.LightRed, task.LightDone}

func (r *Rollups) read(ctx context.Context) ([]taskCount, error) {
	campaigns, err := r.src.ListCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	var out []taskCount
	for _, c := range campaigns {
		rows, err := r.src.Rollup(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		byLight := map[string]int{}
		for _, l := range lights {
			byLight[string(l)] = 0
		}
		for _, row := range rows {
			if row.Status == string(task.StatusCancelled) { // left the list, as in the report
				continue
			}
			byLight[row.Light] += row.N
		}
		for light, n := range byLight {
			out = append(out, taskCount{campaign: c.ID, light: light, n: n})
		}
	}
	return out, nil
}
