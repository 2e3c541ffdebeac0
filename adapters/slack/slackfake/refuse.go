package slackfake

// RefusePosts makes chat.postMessage and chat.postEphemeral to channel
// fail with code, as Slack answers for a channel the bot is not in
// ("not_in_channel"), cannot see ("channel_not_found") or that is
// archived ("is_archived"); "" lets posts through again. response_url
// posts are not affected: Slack accepts them without membership.
func (s *Server) RefusePosts(channel, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.refuse, channel)
		return
	}
	s.refuse[channel] = code
}
