package storage

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrBadURL matches (errors.Is) a database URL that names neither
// PostgreSQL nor a SQLite file clearly. Its message never holds the URL's
// values, so it cannot echo a password.
var ErrBadURL = errors.New("storage: bad database URL")

type badURLError struct{ why string }

func (e *badURLError) Error() string {
	return "BRIEFBOT_DATABASE_URL: " + e.why + " (use postgres://…, postgresql://…, a libpq \"host=… dbname=…\" " +
		"string, or a SQLite file path such as briefbot.db or sqlite:/var/lib/briefbot.db)"
}

func (e *badURLError) Is(target error) bool { return target == ErrBadURL }

// libpqKeys are the libpq connection parameters (PostgreSQL 17's list):
// a string of key=value pairs with these keys is a PostgreSQL DSN, host=
// or not (without it libpq uses PGHOST or the local socket).
var libpqKeys = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "password": true, "passfile": true,
	"require_auth": true, "channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "tcp_user_timeout": true, "replication": true,
	"gssencmode": true, "sslmode": true, "requiressl": true, "sslnegotiation": true, "sslcompression": true,
	"sslcert": true, "sslkey": true, "sslpassword": true, "sslcertmode": true, "sslrootcert": true, "sslcrl": true,
	"sslcrldir": true, "sslsni": true, "requirepeer": true, "ssl_min_protocol_version": true,
	"ssl_max_protocol_version": true, "krbsrvname": true, "gsslib": true, "gssdelegation": true, "service": true,
	"target_session_attrs": true, "load_balance_hosts": true, "pool_max_conns": true, "pool_min_conns": true,
}

// notAPair stands for text in a key=value string that is not a pair.
const notAPair = "\x00"

// reKeyValue finds "key=" at the start of a libpq pair (after the start
// or whitespace); reValue skips one value, quoted or not.
var (
	reKeyValue = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*`)
	reValue    = regexp.MustCompile(`^('(?:[^'\\]|\\.)*'|\S*)`)
	reScheme   = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)
)

// classify names raw's dialect: "postgres" for a postgres:// or
// postgresql:// URL or a libpq key=value string, "sqlite" for a sqlite:
// or file: URL or a plain path. Anything else (another scheme, key=value
// pairs with a key libpq does not know) is a *badURLError naming what is
// wrong, never a value.
func classify(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	l := strings.ToLower(s)
	if m := reScheme.FindStringSubmatch(s); m != nil {
		switch strings.ToLower(m[1]) {
		case "postgres", "postgresql":
			return "postgres", nil
		case "sqlite", "file":
			return "sqlite", nil
		}
		return "", &badURLError{fmt.Sprintf("the scheme %q is not supported", strings.ToLower(m[1]))}
	}
	if strings.HasPrefix(l, "sqlite:") || strings.HasPrefix(l, "file:") {
		return "sqlite", nil
	}
	keys, ok := libpqPairs(s)
	if !ok {
		return "sqlite", nil
	}
	known := false
	for _, k := range keys {
		if k == notAPair {
			return "", &badURLError{"it starts as a key=value connection string but goes on with text that is not key=value"}
		}
		known = known || libpqKeys[strings.ToLower(k)]
	}
	if !known {
		return "", &badURLError{fmt.Sprintf("it looks like key=value settings, but none of them (%s) is a PostgreSQL "+
			"connection setting, and it is not a clear SQLite path", strings.Join(keys, ", "))}
	}
	// Other keys are run-time parameters to the driver (search_path=…).
	return "postgres", nil
}

// libpqPairs reads s as whitespace-separated key=value pairs and returns
// the keys; ok is false when s does not start with a key=value pair (a
// path). Text that does not continue as pairs adds notAPair.
func libpqPairs(s string) (keys []string, ok bool) {
	if reKeyValue.FindStringSubmatch(s) == nil {
		return nil, false
	}
	for rest := s; strings.TrimSpace(rest) != ""; {
		m := reKeyValue.FindStringSubmatch(rest)
		if m == nil {
			return append(keys, notAPair), true
		}
		keys = append(keys, m[1])
		rest = rest[len(m[0]):]
		v := reValue.FindString(rest)
		rest = rest[len(v):]
	}
	return keys, true
}

// CheckURL reports, without connecting, whether raw names a database
// Open can use: nil, or an ErrBadURL error fit to print.
func CheckURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	_, err := classify(raw)
	return err
}
