package ingest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"regexp"
	"syscall"
)

// FetchProblem says in a few words why a fetch failed, for chat (/source
// add, /source list, pause notices): "could not fetch: connection
// refused", "… HTTP 404 Not Found". It never includes an address the user
// did not type: the error behind it may name the resolver ("lookup x on
// 10.0.0.2:53"), the address a name resolved to or a dialled ip:port, and
// those describe the bot's own network. Logs keep the full error.
// It returns "" for errors that are not about the network (parse errors,
// size limits): those are the bot's own words and are shown as they are.
func FetchProblem(err error) string {
	var (
		be  *BlockedError
		se  *StatusError
		dns *net.DNSError
		cve *tls.CertificateVerificationError
		ue  x509.UnknownAuthorityError
		he  x509.HostnameError
		ce  x509.CertificateInvalidError
		op  *net.OpError
	)
	switch {
	case errors.As(err, &be):
		if be.Host != "" && be.Host != be.Addr.String() {
			return fmt.Sprintf("%s resolves to a %s address", be.Host, be.Reason)
		}
		return fmt.Sprintf("%s is a %s address", be.Addr, be.Reason)
	case errors.As(err, &se):
		return "could not fetch: HTTP " + se.Status
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "could not fetch: no such host"
		}
		if dns.IsTimeout {
			return "could not fetch: DNS lookup timed out"
		}
		return "could not fetch: DNS lookup failed"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return "could not fetch: timed out"
	case errors.As(err, &cve), errors.As(err, &ue), errors.As(err, &he), errors.As(err, &ce):
		return "could not fetch: TLS certificate not valid"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "could not fetch: connection refused"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "could not fetch: unreachable"
	case errors.Is(err, syscall.ECONNRESET):
		return "could not fetch: connection reset"
	case errors.As(err, &op):
		return "could not fetch: network error"
	}
	return ""
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// hostPort matches an IPv4 address or a bracketed IPv6 address, with or
// without a port: the last net to catch an address in a message
// FetchProblem did not recognise.
var hostPort = regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\[[0-9A-Fa-f:.%]+\](:\d+)?`)

// ScrubAddrs replaces literal addresses in s.
func ScrubAddrs(s string) string {
	return hostPort.ReplaceAllString(s, "(address)")
}
