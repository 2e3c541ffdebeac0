package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
)

// adminPermissions are the member permissions that make a briefbot admin:
// Manage Server or Administrator.
const adminPermissions = discordgo.PermissionManageServer | discordgo.PermissionAdministrator

// toRequest converts an application command (or autocomplete) interaction
// into a router request. The text is the option values joined by spaces
// in the order the command declares its arguments; for autocomplete the
// option being typed is left out and returned as partial.
func toRequest(i *discordgo.Interaction, specs []bot.CommandSpec) (req bot.Request, partial string) {
	d := i.ApplicationCommandData()
	name := strings.ToLower(d.Name)
	req = bot.Request{ID: i.ID, Channel: briefing.Channel{Platform: Platform, ID: i.ChannelID},
		User: toUser(i), Command: name}
	var vals []string
	for _, o := range ordered(d.Options, findSpec(specs, name)) {
		v := strings.TrimSpace(optionValue(o))
		switch {
		case o.Focused:
			partial = v
		case v != "":
			vals = append(vals, v)
		}
	}
	req.Text = strings.Join(vals, " ")
	return req, partial
}

func findSpec(specs []bot.CommandSpec, name string) *bot.CommandSpec {
	for i := range specs {
		if strings.ToLower(specs[i].Name) == name {
			return &specs[i]
		}
	}
	return nil
}

// ordered returns the options in the spec's argument order; options the
// spec does not declare follow in the order they came.
func ordered(opts []*discordgo.ApplicationCommandInteractionDataOption, spec *bot.CommandSpec) []*discordgo.ApplicationCommandInteractionDataOption {
	if spec == nil {
		return opts
	}
	out := make([]*discordgo.ApplicationCommandInteractionDataOption, 0, len(opts))
	used := map[string]bool{}
	for _, a := range spec.Args {
		for _, o := range opts {
			if o.Name == strings.ToLower(a.Name) && !used[o.Name] {
				out, used[o.Name] = append(out, o), true
			}
		}
	}
	for _, o := range opts {
		if !used[o.Name] {
			out = append(out, o)
		}
	}
	return out
}

func optionValue(o *discordgo.ApplicationCommandInteractionDataOption) string {
	if s, ok := o.Value.(string); ok || o.Value == nil {
		return s
	}
	return fmt.Sprint(o.Value) // numbers and booleans, should a command declare them
}

// toUser is who ran the interaction: a guild member (admin when they hold
// Manage Server or Administrator) or, in a direct message, a user.
func toUser(i *discordgo.Interaction) bot.User {
	var u *discordgo.User
	admin := false
	if i.Member != nil {
		u = i.Member.User
		admin = i.Member.Permissions&adminPermissions != 0
	} else {
		u = i.User
	}
	if u == nil {
		return bot.User{}
	}
	name := u.GlobalName
	if name == "" {
		name = u.Username
	}
	return bot.User{ID: u.ID, Name: name, Admin: admin}
}
