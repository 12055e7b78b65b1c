package msg

// en is the English catalog.
var en = merge(enIssues, enGeneral, enReview, enSheet, enPolice, enStation, enCoord, enResend, enPassport)
