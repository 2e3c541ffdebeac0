package loadtest

import (
	"context"
	"strings"
	"testing"
)

func TestLoadtestDialsOnlyLoopback(t *testing.T) {
	for _, addr := range []string{"10.0.0.1:80", "example.com:443", "localhost:80", "[::1]:80"} {
		if _, err := loopbackOnly(context.Background(), "tcp", addr); err == nil || !strings.Contains(err.Error(), "only 127.0.0.1") {
			t.Errorf("dial %s: %v", addr, err)
		}
	}
}
