// Package xlsx reads and writes the cells of .xlsx workbooks, fast and within
// fixed bounds.
//
// It exists because the general-purpose library spends about 7 µs decoding
// each cell through encoding/xml: a 100,000-row list took seconds. The reader
// here scans the inflated sheet stream byte by byte, keeps one row in memory
// at a time, and refuses files that are too big, too deeply compressed or not
// .xlsx at all with sentinel errors a caller can turn into a clear answer.
// The writer streams rows straight into a deflate stream at BestSpeed and
// writes every value as text unless asked otherwise, so IDs, phone numbers
// and dates keep their leading zeros and no value ever becomes a formula.
//
// The package knows nothing of headers or field meanings; flows/sheet builds
// those on top of Book and Writer.
package xlsx
