package flows

// Role is what a person does in the process (DESIGN.md §1).
type Role string

// The roles. The operator works only through the command line.
const (
	RoleOperator    Role = "operator"
	RoleCoordinator Role = "coordinator"
	RoleStation     Role = "station"
	RoleVillage     Role = "village"
	RolePolice      Role = "police"
)

// MemberRoles are the roles a person can be invited to.
var MemberRoles = []Role{RoleCoordinator, RoleStation, RoleVillage, RolePolice}

// Valid reports whether r is a role a member can hold.
func (r Role) Valid() bool {
	for _, m := range MemberRoles {
		if r == m {
			return true
		}
	}
	return false
}

// Actor is who is acting: the storage checks every read and write against it.
// A village member acts only on their villages; police, station and
// coordinator on their commune; the operator (CommuneID 0) on everything.
type Actor struct {
	MemberID  int64 // 0 for the operator
	Role      Role
	CommuneID int64
	Villages  []int64 // for RoleVillage: the villages assigned
}

// Operator is the actor used by the command line.
var Operator = Actor{Role: RoleOperator}

// InVillage reports whether a village member may act on village v.
func (a Actor) InVillage(v int64) bool {
	for _, id := range a.Villages {
		if id == v {
			return true
		}
	}
	return false
}
