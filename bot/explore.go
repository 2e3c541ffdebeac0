package bot

import "fmt"

// ExploreQuestion is what an exploratory story (briefing.Item.Exploratory)
// says above it in every adapter: it is not one of the topic's stories but
// a question, answered with the story's 👍/👎 controls.
func ExploreQuestion(topic string) string {
	if topic == "" {
		return "Not sure this belongs here — 👍 if it does, 👎 if not?"
	}
	return fmt.Sprintf("Not sure this is about “%s” — 👍 if it is, 👎 if not?", topic)
}
