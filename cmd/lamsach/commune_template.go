package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"lamsach/flows"
	"lamsach/flows/sheet"
	"lamsach/store"
)

const communeTemplateUsage = `Usage: lamsach commune template --commune C FILE.json
       lamsach commune template --commune C --default

Sets the layout of the platform's import file the commune's station
downloads: a template description (JSON, the format of
flows/sheet/templates; see the README), for when the platform changes its
"Import đối tượng" template. --default goes back to the 2021 PL1 layout.
The file is checked before anything is stored.
`

// communeTemplate sets or clears a commune's import template.
func communeTemplate(ctx context.Context, e *env, path string, args []string) error {
	fs := e.flags(path)
	commune := communeFlag(fs)
	def := fs.Bool("default", false, "go back to the platform's 2021 template")
	pos, err := e.parse(fs, path, args, communeTemplateUsage)
	if err != nil {
		return err
	}
	desc, err := templateArg(pos, *def)
	if err != nil {
		return err
	}
	c, err := e.inCommune(ctx, *commune, true, func(tx *store.Tx, c flows.Commune) error {
		return tx.SetImportTemplate(ctx, flows.Operator, c.ID, desc)
	})
	if err != nil {
		return err
	}
	if desc == "" {
		fmt.Fprintf(e.stdout, "%s uses the platform's 2021 import template again\n", c.Name)
	} else {
		fmt.Fprintf(e.stdout, "%s's import file now follows %s\n", c.Name, pos[0])
	}
	return nil
}

// templateArg reads and checks the template file named in pos, or ""
// with --default.
func templateArg(pos []string, def bool) (string, error) {
	switch {
	case def && len(pos) > 0:
		return "", usagef("give a template file or --default, not both")
	case def:
		return "", nil
	}
	name, err := one(pos, "template file")
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return "", usagef("cannot read %s: %v", name, errors.Unwrap(err))
	}
	if _, err := sheet.ParseTemplate(data); err != nil {
		return "", usagef("%s is not a usable template: %v", name, err)
	}
	return string(data), nil
}
