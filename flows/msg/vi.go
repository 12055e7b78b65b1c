package msg

// vi is the Vietnamese catalog, the default.
var vi = merge(viIssues, viGeneral, viReview, viSheet, viPolice, viStation, viCoord, viResend, viPassport)

// merge joins the parts of a catalog; a key defined twice is a programming
// error caught by the first test that loads the package.
func merge(parts ...map[string]string) map[string]string {
	all := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			if _, dup := all[k]; dup {
				panic("msg: key defined twice: " + k)
			}
			all[k] = v
		}
	}
	return all
}
