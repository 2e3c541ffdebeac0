package briefing

import "testing"

func TestLooksRunOn(t *testing.T) {
	yes := []string{
		"The minister was seen leaving the building, pictured above Officials later confirmed the meeting.",
		"Crowds gathered along the harbour wall this morning They cheered as the ship arrived.",
		"Rescue: A diver pulls a swimmer from the water near the pier.",
		"Line-up: Ortega, Lindqvist, Mbeki, Costa, Ruiz.",
		"The whole crew (pictured) returned to port on Friday.",
		"Scroll down for video The harbour reopened on Monday.",
	}
	no := []string{
		"He said: \"We will not back down.\"",
		"Mr Blair said: The plans are sound.",
		"The council said The Times had misreported the vote.",
		"Officials pictured the scene differently.",
		"Harbour Lights was a hit in 2001.",
		"It rained. The match went ahead.",
	}
	for _, s := range yes {
		if !looksRunOn(s) {
			t.Errorf("not recognised: %q", s)
		}
	}
	for _, s := range no {
		if looksRunOn(s) {
			t.Errorf("prose taken for a run-on: %q", s)
		}
	}
}
