// Package sheet turns a health station's spreadsheet into records and
// records back into the spreadsheets the process hands around: the
// platform's import file, the edit list, the police handover and the file of
// rows that could not be read.
//
// Reading is header-driven (DOMAIN.md §5): the platform's own exports are not
// documented and every station lays its list out a little differently, so
// Read finds the header row by what its cells say, reports the mapping it
// found, and lets the caller show that mapping before anything is stored.
// A file it cannot read is refused with a sentinel error that RefusalText
// turns into one specific sentence for the person who sent it.
//
// Writing goes through xlsx.Writer, which writes every value as text: an ID
// number, a phone number or a date never loses a leading zero, never turns
// into 8.7E+10 and never runs as a formula.
//
// The package does not import the flows package (flows imports it), so it
// has its own plain row types: Row for what was read, ExportRow, EditRow and
// HandoverRow for what is written.
package sheet
