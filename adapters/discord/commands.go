package discord

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Discord's rules for chat input commands.
const (
	maxCommands       = 100
	maxOptions        = 25
	maxDescriptionCmd = 100
	maxChoices        = 25
	maxChoiceLength   = 100
)

// commandName is Discord's pattern for command and option names, less
// the upper case that chat input commands refuse.
var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$`)

// applicationCommands maps the router's commands to Discord chat input
// commands: each argument becomes a string option, typed, described and
// autocompleted as the router declares it. Names are lower-cased and
// descriptions shortened to Discord's 100 characters; a name Discord
// cannot take is an error naming it.
func applicationCommands(specs []bot.CommandSpec) ([]*discordgo.ApplicationCommand, error) {
	if len(specs) > maxCommands {
		return nil, fmt.Errorf("discord: %d commands, at most %d", len(specs), maxCommands)
	}
	seen := map[string]bool{}
	out := make([]*discordgo.ApplicationCommand, 0, len(specs))
	for _, sp := range specs {
		name := strings.ToLower(strings.TrimSpace(sp.Name))
		if !commandName.MatchString(name) || seen[name] {
			return nil, fmt.Errorf("discord: command name %q is not a unique lower-case name of 1-32 letters, digits, - or _", sp.Name)
		}
		seen[name] = true
		opts, err := options(sp)
		if err != nil {
			return nil, err
		}
		out = append(out, &discordgo.ApplicationCommand{Type: discordgo.ChatApplicationCommand, Name: name,
			Description: describe(sp.Description, sp.Usage, name), Options: opts})
	}
	return out, nil
}

// options maps a command's arguments. Discord wants required options
// first; the request text keeps the declared order (see toRequest).
func options(sp bot.CommandSpec) ([]*discordgo.ApplicationCommandOption, error) {
	if len(sp.Args) > maxOptions {
		return nil, fmt.Errorf("discord: /%s has %d arguments, at most %d", sp.Name, len(sp.Args), maxOptions)
	}
	seen := map[string]bool{}
	opts := []*discordgo.ApplicationCommandOption{}
	for _, a := range sp.Args {
		name := strings.ToLower(strings.TrimSpace(a.Name))
		if !commandName.MatchString(name) || seen[name] {
			return nil, fmt.Errorf("discord: argument %q of /%s is not a unique lower-case name of 1-32 letters, digits, - or _", a.Name, sp.Name)
		}
		seen[name] = true
		opts = append(opts, &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString,
			Name: name, Description: describe(a.Description, "", name), Required: a.Required,
			Autocomplete: a.Autocomplete, MaxLength: maxLength(a)})
	}
	sort.SliceStable(opts, func(i, j int) bool { return opts[i].Required && !opts[j].Required })
	return opts, nil
}

// describe returns the first non-empty text, on one line, within 100
// characters.
func describe(texts ...string) string {
	for _, t := range texts {
		if t = strings.Join(strings.Fields(t), " "); t != "" {
			return cut(t, maxDescriptionCmd)
		}
	}
	return "-"
}

// choices turns completion values into autocomplete choices (at most 25,
// each at most 100 characters; a longer value cannot be offered, since
// picking it would send a cut value).
func choices(vals []string) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	for _, v := range vals {
		if v == "" || width(v) > maxChoiceLength {
			continue
		}
		if len(out) == maxChoices {
			break
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
	}
	return out
}

// maxLength is what Discord lets a user type into an option: what the
// command accepts (a topic: briefing.MaxTopicLength), so Discord refuses
// a longer value in the client rather than briefbot after the fact.
func maxLength(a bot.Arg) int {
	if a.MaxLength > 0 && a.MaxLength < bot.MaxCommandLength {
		return a.MaxLength
	}
	return bot.MaxCommandLength
}
