package slack

import (
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// Slack's message limits (Block Kit reference; the per-message total is
// undocumented: msg_blocks_too_long was seen near 13,000 characters, so we
// budget 12,000).
const (
	maxBlocks        = 50
	maxSectionText   = 3000
	maxHeaderText    = 150
	maxContextElems  = 10
	maxActionElems   = 25
	maxButtonText    = 75
	maxButtonValue   = 2000
	maxID            = 255
	maxMessageChars  = 12000
	maxFallback      = 3000 // Slack truncates at 40,000 and asks for 4,000 at most
	maxFallbackLimit = 4000
)

// validate checks a message against Slack's limits and our escaping
// invariant. Every message is validated before it is sent.
func validate(m message) error {
	if err := checkText("text fallback", m.text, maxFallbackLimit, true); err != nil {
		return err
	}
	if len(m.blocks) > maxBlocks {
		return fmt.Errorf("%d blocks, more than %d", len(m.blocks), maxBlocks)
	}
	total := 0
	for i, b := range m.blocks {
		if err := validateBlock(b); err != nil {
			return fmt.Errorf("block %d (%s): %w", i, b.BlockType(), err)
		}
		total += blockChars(b)
	}
	if total > maxMessageChars {
		return fmt.Errorf("%d characters of blocks, more than %d", total, maxMessageChars)
	}
	return nil
}

func validateBlock(b slack.Block) error {
	switch b := b.(type) {
	case *slack.HeaderBlock:
		if b.Text == nil || b.Text.Type != slack.PlainTextType {
			return errors.New("header text must be plain_text")
		}
		return checkObject(b.Text, maxHeaderText)
	case *slack.SectionBlock:
		if b.Text == nil || len(b.Fields) > 0 || b.Accessory != nil {
			return errors.New("section must have text only")
		}
		return checkObject(b.Text, maxSectionText)
	case *slack.ContextBlock:
		els := b.ContextElements.Elements
		if len(els) == 0 || len(els) > maxContextElems {
			return fmt.Errorf("context has %d elements, want 1 to %d", len(els), maxContextElems)
		}
		for _, e := range els {
			t, ok := e.(*slack.TextBlockObject)
			if !ok {
				return fmt.Errorf("context element %T is not text", e)
			}
			if err := checkObject(t, maxSectionText); err != nil {
				return err
			}
		}
		return checkID(b.BlockID)
	case *slack.DividerBlock:
		return nil
	case *slack.ActionBlock:
		return validateActions(b)
	}
	return fmt.Errorf("block type %T is not one we render", b)
}

func validateActions(b *slack.ActionBlock) error {
	if b.Elements == nil || len(b.Elements.ElementSet) == 0 || len(b.Elements.ElementSet) > maxActionElems {
		return errors.New("actions must have 1 to 25 elements")
	}
	for _, e := range b.Elements.ElementSet {
		btn, ok := e.(*slack.ButtonBlockElement)
		if !ok {
			return fmt.Errorf("action element %T is not a button", e)
		}
		if err := checkObject(btn.Text, maxButtonText); err != nil {
			return err
		}
		if runeLen(btn.Value) > maxButtonValue || checkID(btn.ActionID) != nil {
			return errors.New("button value or action_id too long")
		}
	}
	return checkID(b.BlockID)
}

func checkObject(t *slack.TextBlockObject, max int) error {
	if t == nil {
		return errors.New("missing text")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	return checkText(t.Type, t.Text, max, t.Type == slack.MarkdownType)
}

// checkText checks length and, for text Slack parses, that it contains no
// mention or broadcast: the only "<" allowed opens a web link.
func checkText(what, s string, max int, parsed bool) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("%s is empty", what)
	}
	if n := runeLen(s); n > max {
		return fmt.Errorf("%s has %d characters, more than %d", what, n, max)
	}
	if parsed {
		if err := checkMarkup(s); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if w := rawBroadcast(s); w != "" {
		return fmt.Errorf("%s: %q would ping", what, w)
	}
	return nil
}

// checkMarkup accepts only links we make: <http(s)://…|…> with nothing
// parsed in the label.
func checkMarkup(s string) error {
	for rest := s; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		end := strings.IndexByte(rest[i:], '>')
		if end < 0 {
			return errors.New("unclosed <")
		}
		tag := rest[i+1 : i+end]
		if !strings.HasPrefix(tag, "http://") && !strings.HasPrefix(tag, "https://") || strings.ContainsAny(tag, "<") {
			return fmt.Errorf("markup <%s> is not a web link", tag)
		}
		rest = rest[i+end+1:]
	}
	return nil
}

// rawBroadcast returns an "@here"-like word not defanged, or "".
func rawBroadcast(s string) string {
	for i := strings.IndexByte(s, '@'); i >= 0; {
		if startsWithBroadcast(s[i+1:]) {
			return s[i:min(len(s), i+10)]
		}
		next := strings.IndexByte(s[i+1:], '@')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return ""
}

func checkID(id string) error {
	if len(id) > maxID {
		return fmt.Errorf("id longer than %d", maxID)
	}
	return nil
}

// blockChars counts the characters a block carries (texts, values and
// URLs), for the per-message budget.
func blockChars(b slack.Block) int {
	n := 0
	switch b := b.(type) {
	case *slack.HeaderBlock:
		n += textChars(b.Text)
	case *slack.SectionBlock:
		n += textChars(b.Text)
	case *slack.ContextBlock:
		for _, e := range b.ContextElements.Elements {
			if t, ok := e.(*slack.TextBlockObject); ok {
				n += textChars(t)
			}
		}
	case *slack.ActionBlock:
		for _, e := range b.Elements.ElementSet {
			if btn, ok := e.(*slack.ButtonBlockElement); ok {
				n += textChars(btn.Text) + runeLen(btn.Value)
			}
		}
	}
	return n
}

func textChars(t *slack.TextBlockObject) int {
	if t == nil {
		return 0
	}
	return runeLen(t.Text)
}
