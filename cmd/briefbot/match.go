package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/briefbot/briefbot/adapters/httpapi"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/cli"
)

func runMatch(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "match", "TOPIC [--json] [--limit N] [--depth N|all] [--channel PLATFORM:ID]",
		"List every stored article the topic selects, best first: the same selection watches and digests use.")
	asJSON := fs.Bool("json", false, "print JSON")
	limit := fs.Int("limit", 0, "at most N articles (0: all)")
	channel := fs.String("channel", "", "apply this channel's 👍/👎 judgments for the topic (platform:id, as /rate stored them)")
	depthFlag := fs.String("depth", "", "with --limit, read the topic's newest N candidate articles, or all (default: BRIEFBOT_RANK_DEPTH)")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return cli.UsageErr(env, fs, "give a topic")
	}
	depth := 0 // the configured one
	if *depthFlag != "" {
		if depth, err = briefing.ParseRankDepth(*depthFlag); err != nil {
			return cli.UsageErr(env, fs, "--depth: "+briefing.ErrorMessage(err))
		}
	}
	var ch briefing.Channel
	if *channel != "" {
		platform, id, ok := strings.Cut(*channel, ":")
		if !ok || platform == "" || id == "" {
			return cli.UsageErr(env, fs, "--channel: want platform:id, for example slack:C0123")
		}
		ch = briefing.Channel{Platform: platform, ID: id}
	}
	app, err := openApp(ctx, env, 0)
	if err != nil {
		return err
	}
	defer app.Close()
	topic := strings.Join(pos, " ")
	var js []briefing.Judgment
	if ch.ID != "" {
		if js, err = app.Store.Judgments(ctx, ch, topic); err != nil {
			return err
		}
	}
	ms, err := app.Engine.Match(ctx, topic, briefing.MatchOptions{Limit: max(*limit, 0), Depth: depth, Judgments: js})
	if err != nil {
		return fmt.Errorf("%s", briefing.ErrorMessage(err))
	}
	rows, err := httpapi.MatchRows(ctx, app.Store, ms)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	printMatches(env.Out, rows)
	return nil
}

func printMatches(w io.Writer, rows []httpapi.MatchRow) {
	if len(rows) == 0 {
		fmt.Fprintln(w, "No stored article matches.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tSCORE\tDATE\tID\tTITLE\tWHY")
	for i, r := range rows {
		date := "undated"
		if r.Published != nil {
			date = r.Published.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%d\t%.2f\t%s\t%d\t%s\t%s\n", i+1, r.Score, date, r.ArticleID, terminalText(r.Title), terminalText(r.Why))
	}
	tw.Flush()
}

// terminalText is a stored string as the table shows it: control
// characters (a tab would shift the columns) and bidirectional overrides
// (an article's title reordering the rest of its row) become spaces, as
// in the console's replies.
func terminalText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || bot.IsBidiControl(r) {
			return ' '
		}
		return r
	}, s)
}

func runSummarize(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlags(env, "summarize", "[--sentences N] [--topic TOPIC] [FILE|-]",
		"Print the extractive summary of one article's text, one sentence per line. Reads stdin without FILE.")
	n := fs.Int("sentences", 3, "how many sentences")
	topic := fs.String("topic", "", "focus the summary on a topic")
	pos, err := cli.Parse(env, fs, args)
	if err != nil {
		return err
	}
	if *n < 1 || *n > 50 {
		return cli.UsageErr(env, fs, "--sentences must be from 1 to 50")
	}
	var r io.Reader = env.In
	name := "stdin"
	if len(pos) > 0 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("%s: %w", pos[0], err)
		}
		defer f.Close()
		r, name = f, pos[0]
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(env.Config.MaxBodyBytes)+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > env.Config.MaxBodyBytes {
		return fmt.Errorf("%s: larger than the %d-byte limit", name, env.Config.MaxBodyBytes)
	}
	text, err := summarizeInput(name, data, env.Config.MaxBodyBytes)
	if err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%s: no text to summarise", name)
	}
	eng := briefing.NewEngine(nil, briefing.Config{})
	for _, s := range eng.Summarize(text, *n, *topic) {
		fmt.Fprintln(env.Out, s)
	}
	return ctx.Err()
}
