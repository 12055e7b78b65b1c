package store

import (
	"context"
	"fmt"
)

// ClaimGroupNotice records that group chat chatID is told today (day,
// yyyy-mm-dd local) that the bot works only in private chats; false when
// it was told already that day.
func (tx *Tx) ClaimGroupNotice(ctx context.Context, chatID int64, day string) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO group_notices (chat_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING`, chatID, day)
	if err != nil {
		return false, fmt.Errorf("claim group notice: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim group notice: %w", err)
	}
	return n == 1, nil
}
