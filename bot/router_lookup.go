package bot

// Lookup returns the registered command with the name, so an optional
// part (the web side) can wrap it and Register the wrapped copy.
func (r *Router) Lookup(name string) (Command, bool) {
	c, ok := r.cmds[name]
	if !ok {
		return Command{}, false
	}
	return *c, true
}
