package briefing

import (
	"errors"
	"fmt"
)

// Error codes, mapped to user-facing text in exactly one place (bot's
// error reply) and to HTTP statuses in the API adapter.
const (
	EInvalid   = "invalid"   // the caller's input is wrong; Message says how
	ENotFound  = "not_found" // the thing asked for does not exist
	EConflict  = "conflict"  // already exists / already claimed
	EForbidden = "forbidden" // the caller may not do this
	EInternal  = "internal"  // our fault; details go to the log only
)

// ErrNotFound is returned by stores when a lookup finds nothing.
var ErrNotFound = &Error{Code: ENotFound, Message: "not found"}

// Error is a domain error whose Message is safe to show to users.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Is makes errors.Is match any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Errorf builds a user-facing *Error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EInternal for any other non-nil error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-safe message of err: the *Error's Message,
// or a generic text for internal errors (whose details must not leak).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side; it has been logged."
}
