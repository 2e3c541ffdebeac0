package discordfake

import "encoding/json"

// Seen is what one interaction shows, by Discord's rules of visibility:
// a response (type 4) is ephemeral when its flags have 64; a deferral
// (type 5) fixes the visibility of the original message then, and later
// edits of @original keep it whatever flags they carry; DELETE @original
// removes it; each follow-up is ephemeral when its own flags have 64.
type Seen struct {
	Everyone []string // texts the whole channel sees
	Caller   []string // texts only the caller sees
	Pending  bool     // the original is still a deferral ("thinking…")
}

// SeenFor replays the accepted calls for an interaction token. first is
// the first response when it was an HTTP response body (HTTP
// interactions) rather than a callback the fake received; nil otherwise.
func (s *Server) SeenFor(token string, first []byte) Seen {
	type msg struct {
		text    string
		private bool
	}
	var original *msg
	var deferred bool
	var followups []msg
	respond := func(body []byte) {
		var resp struct {
			Type int     `json:"type"`
			Data Message `json:"data"`
		}
		if json.Unmarshal(body, &resp) != nil {
			return
		}
		original = &msg{text: allText(resp.Data), private: resp.Data.Flags&64 != 0}
		deferred = resp.Type == 5
	}
	if first != nil {
		respond(first)
	}
	for _, c := range s.Calls() {
		if c.Status >= 300 {
			continue
		}
		switch {
		case c.Method == "POST" && reCallback.MatchString(c.Path) && reCallback.FindStringSubmatch(c.Path)[2] == token:
			respond(c.Body)
		case reOriginal.MatchString(c.Path) && reOriginal.FindStringSubmatch(c.Path)[2] == token:
			if c.Method == "DELETE" {
				original, deferred = nil, false
			} else if c.Method == "PATCH" && original != nil {
				var m Message
				_ = json.Unmarshal(c.Body, &m)
				original.text, deferred = allText(m), false
			}
		case c.Method == "POST" && reWebhook.MatchString(c.Path) && reWebhook.FindStringSubmatch(c.Path)[2] == token:
			var m Message
			_ = json.Unmarshal(c.Body, &m)
			followups = append(followups, msg{text: allText(m), private: m.Flags&64 != 0})
		}
	}
	var seen Seen
	add := func(m msg) {
		if m.private {
			seen.Caller = append(seen.Caller, m.text)
		} else {
			seen.Everyone = append(seen.Everyone, m.text)
		}
	}
	if original != nil {
		if deferred {
			seen.Pending = true
			original.text = "briefbot is thinking…"
		}
		add(*original)
	}
	for _, f := range followups {
		add(f)
	}
	return seen
}

func allText(m Message) string {
	s := m.Content
	for _, e := range m.Embeds {
		s += "\n" + e.Title + "\n" + e.Description
		for _, f := range e.Fields {
			s += "\n" + f.Name + "\n" + f.Value
		}
	}
	return s
}
