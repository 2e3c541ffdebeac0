package config

import (
	"fmt"
	"strings"
)

// onOff reads a switch setting.
func onOff(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "on", "true", "1", "yes":
		return true, nil
	case "off", "false", "0", "no", "none":
		return false, nil
	}
	return false, fmt.Errorf("%q is not on or off", s)
}
