package msg

// enResend: a list the station sends again, compared with the records the
// commune already has.
var enResend = map[string]string{
	"resend.preview.head":      "🔁 <b>Compared with the commune's records</b>",
	"resend.preview.new":       "• %d new rows: they will be imported.",
	"resend.preview.no_new":    "• No new rows.",
	"resend.preview.same":      "• %d rows already there, identical: not imported again.",
	"resend.preview.differ":    "• %d rows differ from the record already there (%s): not imported again; after the import you choose to correct the records from the list or to skip.",
	"resend.preview.locked":    "  Of these, %d records are already confirmed by the police: they will not be changed.",
	"resend.preview.ambiguous": "• %d rows match several records (rows %s): neither imported nor applied.",
	"resend.preview.shared":    "• %d rows match the same record (rows %s): neither imported nor applied.",
	"resend.preview.ask":       "Press 📥 Import to store the %d new records%s, or ✖️ Cancel. The file is kept until %s.",
	"resend.preview.ask_amend": "No new records. Press 📥 Import to take the list and then choose whether to correct %d records, or ✖️ Cancel. The file is kept until %s.",
	"resend.preview.nothing":   "Nothing to import: no new records, and no record this list can correct. Nothing was stored; the file was deleted.",
	"resend.pair":              "%d and %d",
	"resend.field.village":     "Village",
	"resend.village_none":      "no village",
	"resend.nothing_new":       "“%s”: every readable row is already in the commune; nothing to import or correct. Nothing was stored; the file was deleted.",
	"resend.imported.none":     "✅ Took “%s”: no new records.",
	"resend.imported.known":    "%d rows are already in the commune: not imported again.",

	"resend.list.head":         "✏️ <b>“%s”</b>: %d rows differ from the commune's records.",
	"resend.list.row":          "• Row %d · %s",
	"resend.list.field":        "   %s: %s → %s",
	"resend.list.village":      "   Village: %s → %s",
	"resend.list.village_note": "Villages are not changed from a list: tell the commune working group if needed.",
	"resend.list.locked":       "   Not changed: already confirmed by the police.",
	"resend.list.more":         "… and %d more rows.",
	"resend.list.ask":          "Press ✏️ Correct to correct the %d records not yet confirmed by the police from the list (reviewed records go back to their village to be checked again), or ⏭ Skip to leave them as they are.",
	"resend.list.none":         "No record is corrected from this list.",
	"resend.btn.apply":         "✏️ Correct %d records",
	"resend.btn.skip":          "⏭ Skip",

	"resend.applied":         "✅ Corrected %d records from “%s”.",
	"resend.applied.back":    "%d reviewed records went back to their village to be checked again.",
	"resend.applied.locked":  "%d records not changed: the police confirmed them after the list was imported.",
	"resend.applied.changed": "%d records not changed: they were edited after the list was imported.",
	"resend.skipped":         "Skipped %d corrections from “%s”. The records stay as they are.",
	"resend.none":            "No corrections from “%s” are waiting any more (applied or skipped). Nothing changed.",
	"resend.where":           "✏️ “%s”: %d records wait for you to correct them from the list or skip.",
	"resend.notify.village":  "📝 The health station corrected %d reviewed records of your village from a list sent again. Please review them again: send /next.",
}
