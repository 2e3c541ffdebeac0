package storage_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/briefbot/briefbot/storage/storagetest"
)

func TestTokenBudget(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storagetest.Open(t, url)
		if ok, err := s.ReserveTokens(ctx, "2026-03-06", 600, 1000); err != nil || !ok {
			t.Fatalf("first reservation = %v, %v", ok, err)
		}
		if ok, err := s.ReserveTokens(ctx, "2026-03-06", 500, 1000); err != nil || ok {
			t.Fatalf("reservation past the limit = %v, %v", ok, err)
		}
		if ok, err := s.ReserveTokens(ctx, "2026-03-07", 500, 1000); err != nil || !ok {
			t.Fatalf("next day's reservation = %v, %v", ok, err)
		}
		if err := s.AdjustTokens(ctx, "2026-03-06", -200); err != nil {
			t.Fatal(err)
		}
		if got, err := s.TokensSpent(ctx, "2026-03-06"); err != nil || got != 400 {
			t.Fatalf("spent = %d, %v; want 400", got, err)
		}
		if err := s.AdjustTokens(ctx, "2026-03-06", -5000); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.TokensSpent(ctx, "2026-03-06"); got != 0 {
			t.Fatalf("spent = %d after giving back too much; want 0", got)
		}
		if got, err := s.TokensSpent(ctx, "2026-01-01"); err != nil || got != 0 {
			t.Fatalf("untouched day = %d, %v", got, err)
		}
	})
}

// Replicas reserving at once never spend past the limit together.
func TestTokenBudgetConcurrent(t *testing.T) {
	backends(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, b := storagetest.Open(t, url), storagetest.Open(t, url)
		var granted atomic.Int64
		var wg sync.WaitGroup
		for i := range 20 {
			s := a
			if i%2 == 1 {
				s = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for try := 0; try < 50; try++ { // SQLite may report a busy database under contention
					ok, err := s.ReserveTokens(ctx, "2026-03-06", 100, 1050)
					if err == nil {
						if ok {
							granted.Add(1)
						}
						return
					}
				}
			}()
		}
		wg.Wait()
		spent, err := a.TokensSpent(ctx, "2026-03-06")
		if err != nil || granted.Load() != 10 || spent != 1000 {
			t.Fatalf("granted %d reservations, spent %d (%v); want 10 and 1000", granted.Load(), spent, err)
		}
	})
}
