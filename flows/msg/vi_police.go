package msg

// viPolice: the police conversation.
var viPolice = map[string]string{}
