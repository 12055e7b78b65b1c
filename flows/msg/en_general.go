package msg

var enGeneral = map[string]string{
	"gender.male":   "male",
	"gender.female": "female",
}
