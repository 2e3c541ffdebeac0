package slack

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"
)

// adminCache answers "is this user a workspace admin or owner?" from
// users.info, cached per user for ttl. A failed lookup counts as "no" and
// is not cached, so it is retried next time.
type adminCache struct {
	api   *slack.Client
	clock clockwork.Clock
	ttl   time.Duration
	log   *slog.Logger

	mu    sync.Mutex
	users map[string]adminEntry
}

type adminEntry struct {
	admin bool
	at    time.Time
}

// maxCachedUsers bounds the cache; past it, the cache starts afresh.
const maxCachedUsers = 10000

func newAdminCache(api *slack.Client, clock clockwork.Clock, ttl time.Duration, log *slog.Logger) *adminCache {
	return &adminCache{api: api, clock: clock, ttl: ttl, log: log, users: map[string]adminEntry{}}
}

func (c *adminCache) isAdmin(ctx context.Context, userID string) bool {
	c.mu.Lock()
	e, ok := c.users[userID]
	c.mu.Unlock()
	if ok && c.clock.Since(e.at) < c.ttl {
		return e.admin
	}
	u, err := c.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		c.log.Warn("slack users.info failed; treating the user as no admin", "user", userID, "err", err)
		return false
	}
	admin := u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
	c.mu.Lock()
	if len(c.users) >= maxCachedUsers {
		c.users = map[string]adminEntry{}
	}
	c.users[userID] = adminEntry{admin, c.clock.Now()}
	c.mu.Unlock()
	return admin
}
