package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Discord shows a command's and each option's description while one
// types it, and allows 100 characters: a longer one is cut with "…", and
// /digest's lost its last options that way ("limit N"; "retry" was not
// named at all). Every command's own descriptions fit.
func TestCommandDescriptionsFitDiscord(t *testing.T) {
	keys := map[string]string{"BRIEFBOT_DATABASE_URL": t.TempDir() + "/d.db"}
	app, _ := testApp(t, func(k string) string { return keys[k] })
	for _, c := range app.Router.Commands() {
		if n := utf8.RuneCountInString(c.Description); n > 100 {
			t.Errorf("/%s: description of %d characters: %q", c.Name, n, c.Description)
		}
		if c.Name == "digest" && (len(c.Args) != 1 || !strings.Contains(c.Args[0].Description, "retry")) {
			t.Errorf("/digest's option does not name retry: %+v", c.Args)
		}
		for _, a := range c.Args {
			if n := utf8.RuneCountInString(a.Description); n > 100 {
				t.Errorf("/%s %s: description of %d characters: %q", c.Name, a.Name, n, a.Description)
			}
		}
	}
}
