package indexfile

import "testing"

func TestPath(t *testing.T) {
	for _, tc := range []struct{ setting, db, want string }{
		{"", "briefbot.db", "briefbot.db.index"},
		{"", "sqlite:///var/lib/briefbot/b.db?_pragma=x", "/var/lib/briefbot/b.db.index"},
		{"", "postgres://u@127.0.0.1/test", ""},
		{"", ":memory:", ""},
		{"off", "briefbot.db", ""},
		{"/cache/pg.index", "postgres://u@127.0.0.1/test", "/cache/pg.index"},
	} {
		if got := Path(tc.setting, tc.db); got != tc.want {
			t.Errorf("Path(%q, %q) = %q, want %q", tc.setting, tc.db, got, tc.want)
		}
	}
}
