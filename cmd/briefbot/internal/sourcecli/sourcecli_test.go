package sourcecli

import "testing"

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"there is no source #99; /source list shows them":       "there is no source #99; `briefbot sources list` shows them",
		"it is not checked until /source resume 3. Its stories": "it is not checked until `briefbot sources resume 3`. Its stories",
		"add a feed with /source add <feed-or-page-url>.":       "add a feed with `briefbot sources add <feed-or-page-url>`.",
		"as /source list shows it: /source pause 3":             "as `briefbot sources list` shows it: `briefbot sources pause 3`",
		"(“/source remove #4”)":                                 "(“`briefbot sources remove #4`”)",
		// Not a command: part of a URL, another chat command, an unknown verb.
		"#2 https://example.com/source list":    "#2 https://example.com/source list",
		"/watch tariffs from Reuters":           "/watch tariffs from Reuters",
		"unknown /source option “frob”. Usage:": "unknown /source option “frob”. Usage:",
	} {
		if got := Words(in); got != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}
