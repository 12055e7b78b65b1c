package main

import (
	"context"
	"fmt"
	"strings"

	"lamsach/store"
)

var auditCmds = []command{
	{name: "verify", summary: "check the audit log, its anchors and the records against it", run: auditVerify},
	{name: "head", summary: "print the signed head of the audit log, to keep elsewhere", run: auditHead},
	{name: "person", summary: "a person's records and their history, for a data-subject request", run: auditPerson},
}

const auditUsage = `Usage: lamsach audit verify [--head SEQ:DIGEST] | lamsach audit head | lamsach audit person …

The audit log records who changed, viewed in bulk or exported what. Each
entry carries the digest of the one before, made with the audit key (a file
kept outside the database), so a change made behind lamsach's back shows,
and the running bot writes the signed head to the anchor file, so removing
the last entries or the whole log shows too.

Commands:
{{commands}}`

func auditCmd(ctx context.Context, e *env, path string, args []string) error {
	return dispatch(ctx, e, path, args, auditCmds, auditUsage)
}

const verifyUsage = `Usage: lamsach audit verify [--head SEQ:DIGEST[:SIGNATURE]]

Checks, reading the database only (nothing is created or changed):
  - every entry of the audit log against its digest, made with the audit key;
  - every signed head in the anchor file, and the head given with --head:
    the entries they name must still be there, unchanged;
  - every record against its audit history: its stored values must be
    where its audited changes lead.
Exit code 0: all hold; 1: something does not, each problem listed.
`

func auditVerify(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	headArg := fs.String("head", "", "a head noted earlier (`SEQ:DIGEST`, as audit head prints it) to check the log against")
	pos, err := e.parse(fs, path, args, verifyUsage)
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	var head *store.SignedHead
	if *headArg != "" {
		h, err := store.ParseHead(*headArg)
		if err != nil {
			return usagef("--head %q: %v", *headArg, err)
		}
		head = &h
	}
	db, err := e.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := runChecks(ctx, db, head)
	if err != nil {
		return err
	}
	if err := db.Unchanged(); err != nil {
		return err
	}
	v.print(e)
	if len(v.failed) > 0 {
		return fmt.Errorf("%s", strings.Join(v.failed, "; "))
	}
	return nil
}

func auditHead(ctx context.Context, e *env, path string, args []string) error {
	pos, err := e.parse(e.flags(path), path, args, "Usage: lamsach audit head\n\n"+
		"Prints the end of the audit log as SEQ:DIGEST:SIGNATURE, signed with the audit\n"+
		"key. Keep it somewhere else (a notebook, an e-mail to yourself): later,\n"+
		"lamsach audit verify --head SEQ:DIGEST proves that no entry up to SEQ was\n"+
		"removed or changed since.\n")
	if err != nil {
		return err
	}
	if err := none(pos); err != nil {
		return err
	}
	db, err := e.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := db.Head(ctx)
	if err != nil {
		return err
	}
	if err := db.Unchanged(); err != nil {
		return err
	}
	if h.Seq == 0 {
		return fmt.Errorf("the audit log is empty: there is no head to sign yet")
	}
	fmt.Fprintln(e.stdout, h)
	return nil
}
