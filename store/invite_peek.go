package store

import (
	"context"
	"fmt"

	"lamsach/flows"
)

// PeekInvite returns the invite code names without using it, and why it
// could not be used now (as RedeemInvite would refuse it), so a person who
// is already a member can be asked before their role changes. An unknown
// code is flows.ErrInviteInvalid.
func (tx *Tx) PeekInvite(ctx context.Context, code string) (flows.Invite, error) {
	inv, err := tx.inviteByCode(ctx, code)
	if err != nil {
		return flows.Invite{}, fmt.Errorf("peek invite: %w", err)
	}
	if err := inv.open(tx.now); err != nil {
		return inv.Invite, fmt.Errorf("peek invite: %w", err)
	}
	return inv.Invite, nil
}
