package msg

// enCoord: the coord conversation.
var enCoord = map[string]string{}
