package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

// runVersion prints the module version and the VCS revision the binary
// was built from, as the Go toolchain recorded them in its build info.
func runVersion(_ context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "version", "", "Print briefbot's module version, the VCS revision it was built from and the Go version.")
	if _, err := cli.Parse(env, fs, args); err != nil {
		return err
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(env.Out, "briefbot: no build information in this binary")
		return nil
	}
	fmt.Fprintln(env.Out, versionLine(info))
	return nil
}

// versionLine is "briefbot MODULE VERSION (revision R[, modified], TIME) GO".
// go install MODULE@vX gives a release version; a build from a clone
// gives a pseudo-version or "(devel)", and the revision tells exactly.
func versionLine(info *debug.BuildInfo) string {
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var rev []string
	switch r := settings["vcs.revision"]; r {
	case "":
		rev = append(rev, "revision unknown: built without VCS information (-buildvcs=false or not from a clone)")
	default:
		rev = append(rev, "revision "+r)
		if settings["vcs.modified"] == "true" {
			rev = append(rev, "modified")
		}
		if t := settings["vcs.time"]; t != "" {
			rev = append(rev, t)
		}
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	return fmt.Sprintf("briefbot %s %s (%s) %s", info.Main.Path, v, strings.Join(rev, ", "), info.GoVersion)
}
