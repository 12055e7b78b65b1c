package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"lamsach/store"
)

// env is what every command gets: where to write and which database.
type env struct {
	stdout, stderr io.Writer
	db             string // path of the database, from --db or LAMSACH_DB
	dbFlag         bool   // --db was given, for commands that refuse it
	// auditKey and anchors are the audit key and anchor files, from the
	// flags or the environment; empty: next to the database.
	auditKey, anchors string
}

// auditFiles are the audit key and anchor files the database is opened with.
func (e *env) auditFiles() store.AuditFiles {
	return store.AuditFiles{Key: e.auditKey, Anchors: e.anchors}
}

// command is one command or subcommand. path is its full name for messages,
// such as "lamsach village add".
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, path string, args []string) error
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// pathError ties an error to the command that failed, so the message names
// the deepest command ("lamsach invite: …").
type pathError struct {
	path string
	err  error
}

func (p pathError) Error() string { return p.path + ": " + p.err.Error() }
func (p pathError) Unwrap() error { return p.err }

// errHelp means usage was printed on request: exit code 0.
var errHelp = flag.ErrHelp

// exit prints err as one line on stderr and returns the exit code.
func (e *env) exit(path string, err error) int {
	if err == nil || errors.Is(err, errHelp) {
		return 0
	}
	var pe pathError
	if !errors.As(err, &pe) {
		pe = pathError{path, err}
	}
	line := pe.Error()
	// SQLite's own messages end in a numbered code an operator cannot act
	// on; what it means for the database is said in words instead.
	if msg, ok := store.Explain(err, e.db); ok {
		line = pe.path + ": " + msg
	}
	fmt.Fprintln(e.stderr, strings.ReplaceAll(line, "\n", " "))
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// dispatch parses the flags before a command name (--db, --help), finds the
// command and runs it with the rest.
func dispatch(ctx context.Context, e *env, path string, args []string, cmds []command, usage string) error {
	fs := e.flags(path)
	if err := fs.Parse(args); err != nil {
		return e.parseError(path, err, usage, cmds)
	}
	if fs.NArg() == 0 {
		return pathError{path, usagef("missing command (want %s; see %s --help)", names(cmds), path)}
	}
	name := fs.Arg(0)
	if name == "help" {
		e.printUsage(e.stdout, usage, cmds)
		return errHelp
	}
	for _, c := range cmds {
		if c.name == name {
			sub := path + " " + name
			if err := c.run(ctx, e, sub, fs.Args()[1:]); err != nil {
				var pe pathError
				if errors.As(err, &pe) || errors.Is(err, errHelp) {
					return err
				}
				return pathError{sub, err}
			}
			return nil
		}
	}
	return pathError{path, usagef("unknown command %q (want %s)", name, names(cmds))}
}

// flags returns a flag set for a command with --db, which every command
// accepts before or after its name.
func (e *env) flags(path string) *flag.FlagSet {
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // usage and errors are printed here, one line each
	fs.Func("db", "the database `file` (default $LAMSACH_DB, else ./lamsach.db)", func(v string) error {
		e.db, e.dbFlag = v, true
		return nil
	})
	fs.StringVar(&e.auditKey, "audit-key-file", e.auditKey,
		"the audit key `file`, kept apart from backups (default $LAMSACH_AUDIT_KEY_FILE, else the database's name + .auditkey)")
	fs.StringVar(&e.anchors, "audit-anchor-file", e.anchors,
		"the append-only `file` of signed audit heads (default $LAMSACH_AUDIT_ANCHOR_FILE, else the database's name + .anchors)")
	return fs
}

// parse parses a command's flags and returns its positional arguments.
// Flags may come after positional ones ("village add Đông --commune X"),
// which the flag package alone does not allow; "--" ends the flags.
func (e *env) parse(fs *flag.FlagSet, path string, args []string, usage string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, e.parseError(path, err, usage+flagUsage(fs), nil)
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseError turns a flag package error into help (exit 0) or one usage line.
func (e *env) parseError(path string, err error, usage string, cmds []command) error {
	if errors.Is(err, flag.ErrHelp) {
		e.printUsage(e.stdout, usage, cmds)
		return errHelp
	}
	return pathError{path, usageError{err.Error()}}
}

func (e *env) printUsage(w io.Writer, usage string, cmds []command) {
	var b strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, strings.Replace(usage, "{{commands}}", b.String(), 1))
}

// flagUsage lists a flag set's flags for a usage text.
func flagUsage(fs *flag.FlagSet) string {
	var b strings.Builder
	b.WriteString("\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		fmt.Fprintf(&b, "  --%s %s\n      %s", f.Name, name, help)
		if f.DefValue != "" && f.DefValue != "[]" && !globalFlags[f.Name] {
			fmt.Fprintf(&b, " (default %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
	return b.String()
}

func names(cmds []command) string {
	s := make([]string, len(cmds))
	for i, c := range cmds {
		s[i] = c.name
	}
	return strings.Join(s, ", ")
}

// globalFlags are the flags every command takes; their defaults come from
// the environment and are never printed (they could name private paths).
var globalFlags = map[string]bool{"db": true, "audit-key-file": true, "audit-anchor-file": true}

// open opens the database. Commands that only read refuse a missing file
// (create false): a typo in --db must not answer from a new, empty database.
func (e *env) open(ctx context.Context, create bool) (*store.DB, error) {
	if !create {
		if _, err := os.Stat(e.db); err != nil {
			return nil, fmt.Errorf("no database at %s (set --db or LAMSACH_DB)", e.db)
		}
	}
	return store.Open(ctx, e.db, store.WithAuditFiles(e.auditFiles()))
}

// openReadOnly opens the database only to read it, creating nothing: for
// checking a database or a backup.
func (e *env) openReadOnly(ctx context.Context) (*store.DB, error) {
	db, err := store.OpenReadOnly(ctx, e.db, store.WithAuditFiles(e.auditFiles()))
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, fmt.Errorf("no database at %s (set --db or LAMSACH_DB)", e.db)
	}
	return db, err
}

// one returns the single positional argument a command takes, or a usage
// error naming it. Several words are joined: an unquoted place name such as
// Xã Tân Phú arrives as three arguments.
func one(pos []string, what string) (string, error) {
	s := strings.TrimSpace(strings.Join(pos, " "))
	if s == "" {
		return "", usagef("missing %s", what)
	}
	return s, nil
}

// oneFile returns the single file a command takes, refusing more than one:
// a file name is never several words joined.
func oneFile(pos []string, what string) (string, error) {
	if len(pos) > 1 {
		return "", usagef("one file only, got %d arguments", len(pos))
	}
	return one(pos, what)
}

// none checks that a command got no positional arguments.
func none(pos []string) error {
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return nil
}
