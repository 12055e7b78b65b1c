package redisstore

import (
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"lamsach/flows"
)

// fail wraps an error of a Redis call with the operation's name and marks
// it flows.ErrTransient unless Redis itself refused the command for good.
// Failures to reach Redis (refused or reset connections, timeouts, an
// exhausted pool, a closed client) and the server's "not now" answers
// (loading its data, a read-only replica, no master…) pass when Redis is
// back, so the update that met them is tried again later instead of being
// set aside.
func fail(op string, err error) error {
	err = fmt.Errorf("%s: %w", op, err)
	if transient(err) {
		return flows.Transient(err)
	}
	return err
}

func transient(err error) bool {
	var re redis.Error
	if !errors.As(err, &re) {
		return true // not an answer of the server: Redis was not reached
	}
	return redis.IsLoadingError(err) || redis.IsReadOnlyError(err) || redis.IsMasterDownError(err) ||
		redis.IsClusterDownError(err) || redis.IsTryAgainError(err) || redis.IsMaxClientsError(err) ||
		redis.HasErrorPrefix(err, "BUSY") || redis.HasErrorPrefix(err, "NOREPLICAS")
}
