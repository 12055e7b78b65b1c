package main

import (
	"strings"
	"testing"
)

func TestFacility(t *testing.T) {
	db := newDB(t) // commune 1, Xã Tân Phú
	code, stdout, stderr := lamsach(t, "--db", db, "facility", "add", "--kind", "province", "Bệnh", "viện", "Đa", "khoa", "tỉnh")
	want := "facility 2 added: Bệnh viện Đa khoa tỉnh (province)\ninvite its staff with: lamsach invite --commune 2 --role station\n"
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("facility add: exit %d, %q %q; want 0, %q", code, stdout, stderr, want)
	}
	lamsach(t, "--db", db, "facility", "add", "Viện Pasteur", "--kind", "MINISTRY")

	code, stdout, _ = lamsach(t, "--db", db, "facility", "list")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 3 || strings.Fields(lines[0])[0] != "ID" ||
		!strings.HasPrefix(lines[1], "2   province  -") || !strings.HasSuffix(lines[1], "Bệnh viện Đa khoa tỉnh") ||
		!strings.HasPrefix(lines[2], "3   ministry") {
		t.Errorf("facility list: exit %d:\n%s", code, stdout)
	}
	code, stdout, _ = lamsach(t, "--db", db, "commune", "list")
	if code != 0 || stdout != "id\tdeadline\tname\n#1\t-\tXã Tân Phú\n" {
		t.Errorf("commune list lists facilities: exit %d, %q", code, stdout)
	}

	// A facility's staff join as station members; no other role, and no
	// cleaning command takes it.
	if code, stdout, stderr := lamsach(t, "--db", db, "invite", "--commune", "Bệnh viện Đa khoa tỉnh", "--role", "station"); code != 0 || !strings.Contains(stdout, "role station") {
		t.Errorf("station invite to a facility: exit %d, %q %q", code, stdout, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"invite", "--commune", "#2", "--role", "coordinator"}, "lamsach invite: Bệnh viện Đa khoa tỉnh is a facility (province): only station members join it, as it signs vaccine passports and does not clean data\n"},
		{[]string{"village", "add", "--commune", "#2", "Thôn Một"}, "lamsach village add: Bệnh viện Đa khoa tỉnh is a facility (province): it signs vaccine passports and does not clean data\n"},
		{[]string{"export", "--commune", "#2", "--kind", "edit", "--out", "x.xlsx"}, "lamsach export: Bệnh viện Đa khoa tỉnh is a facility (province): it signs vaccine passports and does not clean data\n"},
	} {
		code, stdout, stderr := lamsach(t, append([]string{"--db", db}, c.args...)...)
		if code != 2 || stdout != "" || stderr != c.want {
			t.Errorf("%v: exit %d, %q %q; want 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

func TestFacilityBadArguments(t *testing.T) {
	db := newDB(t)
	lamsach(t, "--db", db, "facility", "add", "--kind", "district", "Trung tâm Y tế huyện cũ")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"facility"}, "lamsach facility: missing command (want add, list; see lamsach facility --help)"},
		{[]string{"facility", "add", "X"}, "lamsach facility add: missing --kind (want ministry, other_ministry, province, district)"},
		{[]string{"facility", "add", "--kind", "commune", "X"}, `lamsach facility add: unknown --kind "commune" (want ministry, other_ministry, province, district)`},
		{[]string{"facility", "add", "--kind", "city", "X"}, `lamsach facility add: unknown --kind "city" (want ministry, other_ministry, province, district)`},
		{[]string{"facility", "add", "--kind", "province"}, "lamsach facility add: missing facility name"},
		{[]string{"facility", "add", "--kind", "province", "xa tan phu"}, `lamsach facility add: a commune or facility named "xa tan phu" already exists`},
		{[]string{"facility", "add", "--kind", "ministry", "trung tam y te huyen cu"}, `lamsach facility add: a commune or facility named "trung tam y te huyen cu" already exists`},
		{[]string{"facility", "list", "extra"}, `lamsach facility list: unexpected argument "extra"`},
	} {
		code, stdout, stderr := lamsach(t, append([]string{"--db", db}, c.args...)...)
		if code != 2 || stdout != "" || stderr != c.want+"\n" {
			t.Errorf("%v: exit %d, %q %q; want 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
	empty := newDB(t)
	if code, stdout, _ := lamsach(t, "--db", empty, "facility", "list"); code != 0 || !strings.Contains(stdout, "no facilities yet") {
		t.Errorf("facility list with none: exit %d, %q", code, stdout)
	}
	for _, args := range [][]string{{"facility", "--help"}, {"facility", "add", "--help"}, {"facility", "list", "-h"}} {
		if code, stdout, _ := lamsach(t, args...); code != 0 || !strings.Contains(stdout, "Usage: lamsach facility") {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
}
