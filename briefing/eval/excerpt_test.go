package eval

import (
	"strings"
	"testing"
)

// A malformed queries line is quoted in part, not echoed whole.
func TestReadQueriesQuotesABadLineInPart(t *testing.T) {
	long := strings.Repeat("word ", 140) // 700 characters, no tab
	_, err := ReadQueries(strings.NewReader("category\tquery\n" + long + "\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") || len(err.Error()) > 150 {
		t.Fatalf("error for a 700-character bad line (%d chars): %v", len(err.Error()), err)
	}
}
