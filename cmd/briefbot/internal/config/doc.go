// Package config is every setting briefbot reads from the environment
// (and a .env file behind it): the process settings (Config, Load), the
// digest keys (Digests, LoadDigests), the source-polling keys (Sources,
// LoadSources), the chat adapters' keys (Config.Slack, Config.Discord,
// Config.Naming) and the written overviews' (Config.LLM). The Go
// runtime's GOGC and GOMEMLIMIT are the process environment's, not here. .env.example documents each
// key.
//
// Invariants:
//   - An invalid value is an error naming its key; nothing falls back
//     silently to a default.
//   - The real environment wins over .env; a key set to "" in both takes
//     its default.
//   - Loading reads only getenv (and .env through WithDotEnv): no global
//     state, so tests pass their own environment.
package config
