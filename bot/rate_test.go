package bot_test

import (
	"fmt"
	"strings"
	"testing"
)

// /rate's mistakes are answered in words a chat user can act on: an
// unknown story points to the briefing's own controls (a Slack or Discord
// user cannot run `briefbot match`), an id that is not a number is
// quoted as typed, and a verdict that is neither up nor down is pointed
// out instead of being taken for part of the topic without a word.
func TestRateMistakesSayWhatToDo(t *testing.T) {
	r, _, _, ids := voteWorld(t)
	unknown := ask(r, "/rate tariffs 999999 up")
	if !unknown.Error || !strings.Contains(unknown.Text, "no article 999999") || strings.Contains(unknown.Text, "briefbot match") ||
		!strings.Contains(unknown.Text, "/brief tariffs") {
		t.Errorf("unknown story: %q", unknown.Text)
	}
	if rep := ask(r, "/rate tariffs abc up"); !rep.Error || !strings.Contains(rep.Text, "not “abc”") {
		t.Errorf("id abc: %q", rep.Text)
	}
	sideways := ask(r, fmt.Sprintf("/rate tariffs %d sideways", ids[0]))
	if want := fmt.Sprintf("/rate tariffs %d up", ids[0]); !strings.Contains(sideways.Text, want) ||
		!strings.Contains(sideways.Text, "up or down") {
		t.Errorf("verdict sideways: %q, want a pointer to %q", sideways.Text, want)
	}
	if rep := ask(r, "/rate covid 19 vaccine"); strings.Contains(rep.Text, "up or down") {
		t.Errorf("a topic ending in a number and a word is a topic: %q", rep.Text)
	}
}

// Slack sends a 👍 typed in a slash command as its short code, with any
// skin tone: /rate takes those as the verdicts they stand for, instead of
// listing the judgments of a topic "tariffs 12 :+1:".
func TestRateTakesSlackEmojiCodes(t *testing.T) {
	r, _, _, ids := voteWorld(t)
	for _, tc := range []struct{ verdict, want string }{
		{":+1:", "Noted 👍"}, {":thumbsdown:", "Changed 👍 to 👎"}, {":+1::skin-tone-3:", "Changed 👎 to 👍"}, {":-1:", "Changed 👍 to 👎"},
	} {
		if rep := ask(r, fmt.Sprintf("/rate tariffs %d %s", ids[1], tc.verdict)); rep.Error || !strings.HasPrefix(rep.Text, tc.want) {
			t.Errorf("%s: %q, want %q", tc.verdict, rep.Text, tc.want)
		}
	}
}

// /rate names what it judged by its article id, never as "story N":
// stories are shown numbered by their place (1., 2., … and on across
// pages), so "story 1234" would read as a place no page shows, and a
// click on "👍 6" would be answered about "story 1234".
func TestRateNamesTheArticleIDAsSuch(t *testing.T) {
	r, _, _, ids := voteWorld(t)
	replies := []string{ask(r, fmt.Sprintf("/rate tariffs %d up", ids[0])).Text, ask(r, "/rate tariffs 999999 up").Text,
		ask(r, fmt.Sprintf("/rate tariffs %d sideways", ids[0])).Text}
	for i, want := range []string{fmt.Sprintf("Noted 👍 for article %d on “tariffs”", ids[0]), "there is no article 999999",
		fmt.Sprintf("To judge article %d for “tariffs”", ids[0])} {
		if !strings.Contains(replies[i], want) || strings.Contains(replies[i], "story 9") || strings.Contains(replies[i], fmt.Sprintf("story %d", ids[0])) {
			t.Errorf("reply %q, want %q", replies[i], want)
		}
	}
}
