package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirections enforces the layout: the core imports nothing of
// ours and no storage, transport or chat SDK; bot never imports adapters
// or storage; adapters and storage never import cmd.
func TestImportDirections(t *testing.T) {
	const mod = "github.com/briefbot/briefbot"
	rules := map[string][]string{
		mod + "/briefing": {mod + "/", "gorm.io", "net/http", "github.com/slack-go", "github.com/bwmarrin", "github.com/go-co-op"},
		mod + "/bot":      {mod + "/adapters", mod + "/storage", mod + "/cmd", "gorm.io", "github.com/slack-go", "github.com/bwmarrin"},
		mod + "/storage":  {mod + "/adapters", mod + "/bot", mod + "/cmd"},
	}
	for pkg, forbidden := range rules {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == pkg {
				continue
			}
			for _, f := range forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s imports %s (forbidden: %s)", pkg, dep, f)
				}
			}
		}
	}
}
