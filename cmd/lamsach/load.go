package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"lamsach/bot"
	"lamsach/bot/telegramtest"
	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

const loadUsage = `Usage: lamsach load [--members N] [--records N] [--seconds S]

Measures the whole bot under load: the real store, sessions, engine,
poller and sender against the in-process fake Telegram (which does not
enforce Telegram's rate limits here, so the bot's own speed shows). N
village members review at once, each opening the next record and confirming
it, as fast as the replies come. Prints updates handled per second and the
time from a person's action to the bot's answer. With $REDIS_URL set, the
sessions live in Redis.
`

func loadCmd(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	members := fs.Int("members", 40, "village members acting at once")
	records := fs.Int("records", 4000, "records to review")
	seconds := fs.Int("seconds", 15, "how long to run")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this `file` (go tool pprof reads it)")
	pos, err := e.parse(fs, path, args, loadUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	if *members < 1 || *members > 1000 || *records < 1 || *seconds < 1 {
		return usagef("--members 1-1000, --records and --seconds above 0")
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return runLoad(ctx, e.stdout, *members, *records, time.Duration(*seconds)*time.Second, os.Getenv("REDIS_URL"))
}

// runLoad sets up a commune with villages, records and members, lets the
// members review for d, and prints what it measured.
func runLoad(ctx context.Context, w io.Writer, members, records int, d time.Duration, redisURL string) error {
	dir, err := os.MkdirTemp("", "lamsach-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tg := telegramtest.New()
	defer tg.Close()
	prefix := fmt.Sprintf("lamsach-load:%d:", time.Now().UnixNano())
	if redisURL != "" {
		defer dropKeys(redisURL, prefix)
	}
	srv, err := newServer(ctx, serverConfig{
		DBPath: filepath.Join(dir, "lamsach.db"), Token: tg.Token(), APIURL: tg.URL(),
		RedisURL: redisURL, RedisPrefix: prefix,
		PollerConf: bot.PollerConfig{Timeout: time.Second, Workers: 16},
		SenderConf: bot.SenderConfig{PollEvery: 20 * time.Millisecond, MaxInFlight: 64,
			Limits: bot.Limits{PrivateBurst: 1e6, PrivateRate: 1e6, Global: 1e6}},
		TickEvery: time.Hour,
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	codes, err := loadWorld(ctx, srv.db, members, records)
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.run(runCtx) }()
	defer func() { cancel(); <-done }()

	s := &script{tg: tg, out: io.Discard, timeout: 30 * time.Second}
	people := make([]*player, members)
	for i := range people {
		people[i] = s.player(int64(5000+i), "Member "+strconv.Itoa(i))
		people[i].command("start", codes[i])
		if _, err := people[i].expect("Chào"); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%d members reviewing %d records for %s (sessions: %s)\n", members, records, d, srv.sessionKind())
	var (
		mu        sync.Mutex
		latencies []time.Duration
		firstErr  error
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for _, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			err := reviewLoop(p, deadline, &mine)
			mu.Lock()
			latencies = append(latencies, mine...)
			if err != nil && firstErr == nil {
				firstErr = err
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return firstErr
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Round(100 * time.Microsecond)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "updates handled: %d in %.1f s = %.0f updates/s\n", len(latencies), elapsed.Seconds(), float64(len(latencies))/elapsed.Seconds())
	fmt.Fprintf(w, "records reviewed: %d\n", len(latencies)/2)
	fmt.Fprintf(w, "action → answer: p50 %s, p95 %s, p99 %s, max %s\n", pct(0.50), pct(0.95), pct(0.99), pct(1))
	fmt.Fprintf(w, "Go heap in use at the end: %d MB\n", ms.HeapInuse>>20)
	return nil
}

// reviewLoop opens and confirms records until the deadline or until the
// member's village has none left, timing each action.
func reviewLoop(p *player, deadline time.Time, lat *[]time.Duration) error {
	for time.Now().Before(deadline) {
		t0 := time.Now()
		p.command("next", "")
		card, which, err := p.expectAny("Hồ sơ", "không còn hồ sơ")
		if err != nil {
			return err
		}
		*lat = append(*lat, time.Since(t0))
		if which != "Hồ sơ" {
			return nil
		}
		t0 = time.Now()
		if err := p.tap(card, "✅ Đúng hết"); err != nil {
			return err
		}
		if _, err := p.expect("Đã ghi nhận"); err != nil {
			return err
		}
		*lat = append(*lat, time.Since(t0))
	}
	return nil
}

// loadWorld makes a commune with one village per 4 members, the records
// spread over the villages, and an invite for each member.
func loadWorld(ctx context.Context, db *store.DB, members, records int) ([]string, error) {
	var codes []string
	err := db.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.CreateCommune(ctx, flows.Operator, "Xã Thử Tải")
		if err != nil {
			return err
		}
		imp, err := tx.CreateImport(ctx, flows.Operator, flows.Import{CommuneID: c.ID, Kind: flows.KindList, FileName: "load.xlsx", SHA256: "load"})
		if err != nil {
			return err
		}
		villages := make([]flows.Village, (members+3)/4)
		for i := range villages {
			if villages[i], err = tx.CreateVillage(ctx, flows.Operator, c.ID, "Thôn "+strconv.Itoa(i+1)); err != nil {
				return err
			}
		}
		recs := make([]flows.Record, records)
		for i := range recs {
			f := flows.Fields{Name: "Nguyễn Văn " + strconv.Itoa(i), DOB: vn.Date{Year: 1950 + i%50}, Gender: vn.Male}
			recs[i] = flows.Record{CommuneID: c.ID, VillageID: villages[i%len(villages)].ID, ImportID: imp.ID,
				RowNum: i + 1, Fields: f, Orig: f, Problem: vn.ProblemMissingID}
		}
		if err := tx.CreateRecords(ctx, flows.Operator, recs); err != nil {
			return err
		}
		for i := range members {
			code, _, err := tx.CreateInvite(ctx, flows.Operator, c.ID, flows.RoleVillage, []int64{villages[i/4].ID}, time.Hour)
			if err != nil {
				return err
			}
			codes = append(codes, code)
		}
		return nil
	})
	return codes, err
}

// dropKeys deletes the keys the run left in Redis.
func dropKeys(url, prefix string) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return
	}
	c := redis.NewClient(opts)
	defer c.Close()
	ctx := context.Background()
	iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
	for iter.Next(ctx) {
		c.Del(ctx, iter.Val())
	}
}
