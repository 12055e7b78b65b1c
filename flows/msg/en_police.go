package msg

// enPolice: the police conversation.
var enPolice = map[string]string{}
