package msg

var viGeneral = map[string]string{
	"gender.male":   "Nam",
	"gender.female": "Nữ",
}
