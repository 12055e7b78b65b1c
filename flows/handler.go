package flows

// roleHandler is one role's conversation: what it does with a person's
// button presses, typed text and files, and how it answers /where and
// /cancel. Its commands are in the command registry (commands). Each role
// is its own type holding its own narrow repository, built per turn by
// roleHandlers; shared code takes a role's rules as a value (editRules),
// never by asking which role it serves.
type roleHandler interface {
	base() *turn
	button() error
	text() error
	document() error
	other() error
	where() error
	cancel() error
}

// roleHandlers build each role's handler for a turn.
var roleHandlers = map[Role]func(t *turn, r Repo) roleHandler{
	RoleVillage:     func(t *turn, r Repo) roleHandler { return newVillage(t, r) },
	RolePolice:      func(t *turn, r Repo) roleHandler { return newPolice(t, r) },
	RoleStation:     newStation, // a facility's members and the passport desk too
	RoleCoordinator: func(t *turn, r Repo) roleHandler { return &coordHandler{turn: t, repo: r} },
}

// editor is the record card the village and the police share: asking for
// a field's new value, checking it, the QR paste, the old → new card, and
// the answers to a stale card. What differs by role is in rules.
type editor struct {
	*turn
	repo  recordRepo
	rules editRules
}

// editRules are what a role's card does that the shared editor cannot
// know: which records are still open to the role, where "next" leads, how
// the role's card looks and how /where repeats the role's own steps.
type editRules struct {
	open   func(State) bool
	next   string // the data of the role's [next] button
	card   func(rec Record, prefix string) error
	reshow func(rec Record) error // /where at one of the role's own steps
	// saveKey labels the confirmation card's save button: for the police
	// saving also confirms the record, and the button says so.
	saveKey string
}

// villageHandler is a village member reviewing the records of their
// villages.
type villageHandler struct {
	editor
	repo villageRepo
}

func newVillage(t *turn, r villageRepo) *villageHandler {
	h := &villageHandler{repo: r}
	h.editor = editor{turn: t, repo: r, rules: editRules{
		open:    func(s State) bool { return Can(RoleVillage, ActReview, s) },
		next:    "next:0:0",
		card:    h.showCard,
		reshow:  h.reshow,
		saveKey: "btn.save",
	}}
	return h
}

// policeHandler is a police officer checking reviewed records and signing
// handovers.
type policeHandler struct {
	editor
	repo policeRepo
}

func newPolice(t *turn, r policeRepo) *policeHandler {
	h := &policeHandler{repo: r}
	h.editor = editor{turn: t, repo: r, rules: editRules{
		open:    func(s State) bool { return Can(RolePolice, ActConfirm, s) },
		next:    "pnext:0:0",
		card:    h.policeCard,
		reshow:  h.reshow,
		saveKey: "police.btn.save_confirm",
	}}
	return h
}

// stationHandler is a health-station member: uploads, exports, entered
// batches and the verification list.
type stationHandler struct {
	*turn
	repo stationRepo
}

// coordHandler is a member of the commune's working group.
type coordHandler struct {
	*turn
	repo coordRepo
}

// joinHandler is a person opening an invite link.
type joinHandler struct {
	*turn
	repo joinRepo
}

// clockHandler is the clock's tick: reminders and clean-up, as the operator.
type clockHandler struct {
	*turn
	repo clockRepo
}

func (t *turn) base() *turn { return t }
