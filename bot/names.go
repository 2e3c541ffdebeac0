package bot

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EntryCommand is the one command registered on the platforms in single
// mode: /briefbot <command> [words] runs any command. The router always
// understands it, whatever the naming.
const EntryCommand = "briefbot"

// Naming says how the commands are named on the chat platforms, where
// generic names (/help, /watch) may clash with other apps'. Inside the
// router they keep their own names; Commands lists what platforms should
// register, Handle accepts the platform names and the plain ones alike.
type Naming struct {
	// Prefix goes before every command's name on the platforms
	// ("news-": /news-brief, /news-watch …).
	Prefix string
	// Single registers only /briefbot <command> … instead of one command
	// each (Slack's 25-command limit, or a workspace full of apps).
	Single bool
}

var prefixPattern = regexp.MustCompile(`^[a-z0-9_-]{0,20}$`)

// ParseNaming reads BRIEFBOT_COMMANDS: "" or "each" (one command each),
// "single" (/briefbot <command>), or "prefix:news-" (/news-brief …).
func ParseNaming(s string) (Naming, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch {
	case s == "" || s == "each":
		return Naming{}, nil
	case s == "single":
		return Naming{Single: true}, nil
	case strings.HasPrefix(s, "prefix:"):
		p := strings.TrimPrefix(s, "prefix:")
		if p == "" || !prefixPattern.MatchString(p) {
			return Naming{}, fmt.Errorf("prefix %q must be 1-20 lower-case letters, digits, - or _", p)
		}
		return Naming{Prefix: p}, nil
	}
	return Naming{}, fmt.Errorf("%q is not each, single or prefix:NAME-", s)
}

// platform lists the specs as the platforms should register them.
func (n Naming) platform(specs []CommandSpec) []CommandSpec {
	if n.Single {
		var names []string
		for _, c := range specs {
			names = append(names, c.Name)
		}
		return []CommandSpec{{Name: EntryCommand, Description: "News briefings: " + strings.Join(names, ", "),
			Usage: "/" + EntryCommand + " <command> [words]", Example: "/" + EntryCommand + " brief gsomia",
			Args: []Arg{{Name: "command", Description: "a command and its words, for example: brief gsomia", Required: true}}}}
	}
	if n.Prefix == "" {
		return specs
	}
	out := make([]CommandSpec, len(specs))
	for i, c := range specs {
		c.Name = n.Prefix + c.Name
		c.Usage, c.Example = n.show(c.Usage), n.show(c.Example)
		out[i] = c
	}
	return out
}

// resolve turns a platform command into the router's: /briefbot brief x
// is /brief x, and /news-brief x is /brief x.
func (n Naming) resolve(name, text string) (string, string) {
	if name == EntryCommand {
		cmd, rest, ok := ParseLine(text)
		if !ok {
			return "help", ""
		}
		return cmd, rest
	}
	if n.Prefix != "" {
		if base, ok := strings.CutPrefix(name, n.Prefix); ok && base != "" {
			return base, text
		}
	}
	return name, text
}

// show rewrites a usage line or example ("/brief <topic>") the way users
// type it on the platforms.
func (n Naming) show(s string) string {
	rest, ok := strings.CutPrefix(s, "/")
	if !ok {
		return s
	}
	switch {
	case n.Single:
		return "/" + EntryCommand + " " + rest
	case n.Prefix != "" && !strings.HasPrefix(rest, n.Prefix):
		return "/" + n.Prefix + rest
	}
	return s
}

// commandsIn rewrites the commands a reply names ("Next page: /brief oil
// page 2", "Usage: /watch <topic>") as users type them on the platforms
// (show), so that a reply never sends someone to a name the platform does
// not have, or that another app owns. Only the router's own names are
// rewritten, where a command starts (after a space, an opening bracket or
// quote, or at the start): a link's path ("https://h/watch") stays.
func (n Naming) commandsIn(s string, names []string) string {
	if (!n.Single && n.Prefix == "") || !strings.Contains(s, "/") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '/' && commandStart(s[:i]) {
			if name, ok := commandAt(s[i+1:], names); ok {
				b.WriteString(n.show("/" + name))
				i += len(name)
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// commandStart reports whether a command may start after before.
func commandStart(before string) bool {
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return unicode.IsSpace(r) || strings.ContainsRune("([{“‘\"'`", r)
}

// commandAt returns the name among names that s starts with as a whole
// word.
func commandAt(s string, names []string) (string, bool) {
	for _, name := range names {
		rest, ok := strings.CutPrefix(s, name)
		if !ok {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); rest == "" || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return name, true
		}
	}
	return "", false
}
