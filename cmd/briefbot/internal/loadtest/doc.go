// Package loadtest is `briefbot loadtest`: it drives a `briefbot serve` of
// its own with concurrent API, Slack and Discord requests (signed as the
// platforms sign them) for a fixed time and reports throughput, latency
// percentiles, errors and the server's memory (Report).
//
// Invariants:
//   - Traffic goes only to 127.0.0.1, to the server this command starts
//     (on a temporary SQLite database holding the sample news, with
//     credentials generated for the run, none taken from the
//     environment).
//   - Every answer is checked, not just timed: a reply that lacks the
//     briefing is an error.
//   - The run is bounded by --duration and --max-requests; the server is
//     stopped before the command returns.
package loadtest
