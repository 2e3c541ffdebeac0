package bot

import "testing"

func TestVisibleTextDropsInvisibleFormatCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"korea":                        "korea",
		"ko\u200brea":                  "korea",
		"\ufeffgs\u2060omia\u200d":     "gsomia",
		"a\u202eb\u2066c\u2069\u200fd": "abcd",
		"한국 뉴스":                        "한국 뉴스",
	} {
		if got := visibleText(in); got != want {
			t.Errorf("visibleText(%q) = %q, want %q", in, got, want)
		}
	}
}
