package msg

// enStation: the station conversation.
var enStation = map[string]string{}
