package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"lamsach/flows"
	"lamsach/flows/vn"
	"lamsach/store"
)

// loadCommune names the commune a load run makes.
const loadCommune = "Xã Thử Tải"

// prepareLoad makes a new database at dbPath with the load's commune,
// records and one invite per member, and writes the invite codes to
// invitesPath, for a run against lamsach serve in another process.
func prepareLoad(ctx context.Context, w io.Writer, dbPath, invitesPath string, force bool, members, records int) error {
	// A load commune must never land in a database that holds real work.
	if _, err := os.Stat(dbPath); !errors.Is(err, fs.ErrNotExist) {
		return usagef("--prepare %s: the file exists; give the path of a new database", dbPath)
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	codes, err := loadWorld(ctx, db, members, records)
	if err != nil {
		return err
	}
	// The invites are valid for a day: time to start the bot and run.
	err = writeOutput(invitesPath, force, func(f *os.File) error {
		_, err := f.WriteString(strings.Join(codes, "\n") + "\n")
		return err
	})
	if err != nil {
		return fmt.Errorf("--invites: %w", err)
	}
	fmt.Fprintf(w, "made %s: commune %q, %d villages, %d records, %d invites in %s\n",
		dbPath, loadCommune, villagesFor(members), records, members, invitesPath)
	return nil
}

// villagesFor is how many villages a load of members makes: 4 members each.
func villagesFor(members int) int { return (members + 3) / 4 }

// loadWorld makes a commune with one village per 4 members, the records
// spread over the villages, and an invite for each member.
func loadWorld(ctx context.Context, db *store.DB, members, records int) ([]string, error) {
	var codes []string
	err := db.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.CreateCommune(ctx, flows.Operator, loadCommune)
		if err != nil {
			return err
		}
		imp, err := tx.CreateImport(ctx, flows.Operator, flows.Import{CommuneID: c.ID, Kind: flows.KindList, FileName: "load.xlsx", SHA256: "load"})
		if err != nil {
			return err
		}
		villages := make([]flows.Village, villagesFor(members))
		for i := range villages {
			if villages[i], err = tx.CreateVillage(ctx, flows.Operator, c.ID, "Thôn "+strconv.Itoa(i+1)); err != nil {
				return err
			}
		}
		recs := make([]flows.Record, records)
		for i := range recs {
			// A valid CCCD (Hà Nội, male, the birth year), so one tap
			// confirms the record: a missing ID would be asked for first.
			year := 1950 + i%50
			id := vn.ID{Number: fmt.Sprintf("0010%02d%06d", year%100, i%1_000_000), Kind: vn.IDCCCD}
			f := flows.Fields{Name: "Nguyễn Văn " + strconv.Itoa(i), DOB: vn.Date{Year: year}, Gender: vn.Male, ID: id}
			recs[i] = flows.Record{CommuneID: c.ID, VillageID: villages[i%len(villages)].ID, ImportID: imp.ID,
				RowNum: i + 1, Fields: f, Orig: f, Problem: vn.ProblemWrongInfo}
		}
		if err := tx.CreateRecords(ctx, flows.Operator, recs); err != nil {
			return err
		}
		for i := range members {
			code, _, err := tx.CreateInvite(ctx, flows.Operator, c.ID, flows.RoleVillage, []int64{villages[i/4].ID}, 24*time.Hour)
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
