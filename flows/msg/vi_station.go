package msg

// viStation: the station conversation.
var viStation = map[string]string{}
