package msg

// viCoord: the coord conversation.
var viCoord = map[string]string{}
