package flows

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"strconv"
	"time"

	"lamsach/flows/msg"
	"lamsach/flows/sheet"
)

// Handover is a police officer's signed handover (biên bản bàn giao) of
// confirmed records to the health station. Its number counts per commune:
// it is what people, the paper copy and "/export" call the batch.
type Handover struct {
	ID          int64
	CommuneID   int64
	Number      int
	OfficerID   int64 // the police member who signed; 0 when the operator did
	SignedAt    time.Time
	Digest      string // HandoverDigest of its records, in hex
	RecordCount int
}

// SignSummary is what a police officer would sign now: the commune's
// confirmed records not yet in a handover, counted per village (0: no
// village), and the digest of exactly that set. The signing button carries
// the digest, so what is signed is what the officer was shown.
type SignSummary struct {
	Count     int
	ByVillage map[int64]int
	Digest    string
}

// handoverDomain names the digest's encoding, so a later encoding can be
// told apart from this one and the digest from any other SHA-256 use.
const handoverDomain = "lamsach.handover.v1"

// HandoverHash computes a handover's content digest one record at a time,
// so a batch of any size is hashed without holding it. Records must be
// added in id order: the digest is over the batch in that order.
//
// The encoding is canonical and unambiguous: every value is written as its
// length (8 bytes, big endian) then its bytes, each record as the same
// seven values (id, name, date of birth as stored, gender code, ID number,
// review outcome, problem kind) and the record count last. So no two
// different batches encode alike ("ab"+"c" differs from "a"+"bc", and a
// record cannot be moved from one batch into the next unnoticed).
type HandoverHash struct {
	h hash.Hash
	n int64
}

// NewHandoverHash starts a digest.
func NewHandoverHash() *HandoverHash {
	hh := &HandoverHash{h: sha256.New()}
	hh.put(handoverDomain)
	return hh
}

func (hh *HandoverHash) put(s string) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(s)))
	hh.h.Write(n[:])
	hh.h.Write([]byte(s))
}

// Add adds the next record.
func (hh *HandoverHash) Add(rec Record) {
	hh.put(strconv.FormatInt(rec.ID, 10))
	hh.put(rec.Name)
	hh.put(rec.DOB.String())
	hh.put(string(rec.Gender))
	hh.put(rec.Fields.ID.Number)
	hh.put(string(rec.Outcome))
	hh.put(string(rec.Problem))
	hh.n++
}

// Sum ends the digest and returns it in hex. Call it once.
func (hh *HandoverHash) Sum() string {
	hh.put(strconv.FormatInt(hh.n, 10))
	return hex.EncodeToString(hh.h.Sum(nil))
}

// HandoverDigest returns the content digest of a batch of records (any
// order: they are hashed in id order), as HandoverHash computes it.
func HandoverDigest(recs []Record) string {
	sorted := slices.Clone(recs)
	slices.SortFunc(sorted, byID)
	hh := NewHandoverHash()
	for _, r := range sorted {
		hh.Add(r)
	}
	return hh.Sum()
}

// byID orders records by id.
func byID(a, b Record) int { return cmp.Compare(a.ID, b.ID) }

// recordIDs are the records' ids.
func recordIDs(recs []Record) []int64 {
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

// fileID is a record's ID as the handover and the edit list show it: the
// number, or in words that the person has none, so the station sees which
// records go to the platform without one. (The platform's import file
// itself gets an empty cell: exportRow.)
func fileID(r Record) string {
	if r.NoID {
		return msg.T(msg.VI, "export.no_id")
	}
	return r.Fields.ID.Number
}

// HandoverSheet lays a handover out for sheet.WriteHandover, records in id
// order (the digest's order). The officer gets this file when signing; the
// station's "lamsach export --kind handover" writes the same one from
// Repo.Handover, so the two copies agree.
//
// shared marks the records whose ID number another record of the commune
// also holds, so the station checks those pairs.
func HandoverSheet(h Handover, commune, officer string, villages []Village, recs []Record, shared map[int64]bool) sheet.Handover {
	names := make(map[int64]string, len(villages))
	for _, v := range villages {
		names[v.ID] = v.Name
	}
	sorted := slices.Clone(recs)
	slices.SortFunc(sorted, byID)
	out := sheet.Handover{Number: h.Number, Commune: commune, Officer: officer, At: h.SignedAt, Digest: h.Digest,
		Rows: make([]sheet.HandoverRow, 0, len(sorted))}
	for _, r := range sorted {
		out.Rows = append(out.Rows, sheet.HandoverRow{Name: r.Name, DOB: r.DOB, Gender: r.Gender, ID: fileID(r),
			Outcome: string(r.Outcome), Problem: r.Problem, Village: names[r.VillageID], Shared: shared[r.ID]})
	}
	return out
}
