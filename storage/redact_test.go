package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/storage"
)

// Passwords that url.Parse refuses or misreads must not survive Redact,
// nor reach an Open error.
func TestRedactAwkwardPasswords(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:pa%zzS3cr3t@h:1/db":              "postgres://u:xxxxx@h:1/db",
		"postgres://u:pa#S3cr3t@h:1/db":                "postgres://u:xxxxx@h:1/db",
		"postgresql://u:p@ss/S3cr3t@h/db":              "postgresql://u:xxxxx@h/db",
		"postgres://u:S3cr3t@[::1":                     "postgres://u:xxxxx@[::1",
		"postgres://h:1/db?password=S3cr3t&sslmode=no": "postgres://h:1/db?password=xxxxx&sslmode=no",
		"host=h password='S3 cr3t' dbname=d":           "host=h password=xxxxx dbname=d",
		`host=h password='it\'s S3cr3t' dbname=d`:      "host=h password=xxxxx dbname=d",
		"postgres://u@h/db?application_name=a:b":       "postgres://u@h/db?application_name=a:b",
		"postgres://h:5432/db":                         "postgres://h:5432/db",
	} {
		if got := storage.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenErrorsRedactAwkwardPasswords(t *testing.T) {
	for _, raw := range []string{
		"postgres://bob:pa%zzS3cr3t@127.0.0.1:1/db?sslmode=disable&connect_timeout=2",
		"postgres://bob:pa#S3cr3t@127.0.0.1:1/db?sslmode=disable&connect_timeout=2",
		"postgres://bob:S3cr3t@[::1",
		"host=127.0.0.1 port=1 user=bob password='S3 cr3t' connect_timeout=2",
		"host=127.0.0.1 port=1 user=bob password=S3cr3t connect_timeout=2",
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := storage.Open(ctx, raw, storage.Options{})
		cancel()
		if err == nil {
			t.Fatalf("%s: opened", storage.Redact(raw))
		}
		if strings.Contains(err.Error(), "S3") || strings.Contains(err.Error(), "cr3t") {
			t.Errorf("password leaked: %v", err)
		}
	}
}
