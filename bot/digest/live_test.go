package digest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/briefbot/briefbot/adapters/discord"
	"github.com/briefbot/briefbot/adapters/discord/discordfake"
	"github.com/briefbot/briefbot/adapters/slack"
	"github.com/briefbot/briefbot/adapters/slack/slackfake"
	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// Live alerts (/digest live), issue 19 acceptance 2: replicas on one
// database, the real Slack and Discord adapters against their fakes, a
// fake clock.

// liveStory is a hand-written tariff story (test text, no real events).
type liveStory struct{ source, title, text string }

// liveStories are ten different tariff events. The last one's text tries
// to ping the channel.
var liveStories = []liveStory{
	{"https://harbourwire.example/feed", "Ottawa sets tariffs of 4.7 per cent on Fenwick steel coils",
		"Canada's trade minister Alma Rudd announced tariffs of 4.7 per cent on steel coils shipped by Fenwick Metals " +
			"from Marlow Bay. Rudd said the tariffs take effect on Friday and cover 310,000 tonnes a year. Fenwick said it would appeal."},
	{"https://harbourwire.example/feed", "Tessaly cuts grain tariffs on barley to zero for the winter",
		"The customs board of Tessaly removed tariffs on imported barley until March, after feed prices at the Dunmore " +
			"market rose for six weeks. Farmers' union head Piet Odum welcomed the move."},
	{"https://harbourwire.example/feed", "Island of Corvel doubles tariffs on imported electric scooters",
		"Corvel's parliament voted 41 to 12 to double tariffs on electric scooters, citing pressure on its two repair " +
			"shops. Importer Lina Sosa called the vote a mistake."},
	{"https://harbourwire.example/feed", "Brevik port warns shippers of delays as new tariffs add paperwork",
		"Customs clerks at Brevik port need an extra day per container to check origin papers under the new tariffs, " +
			"harbour master Jonas Elm told shippers on Tuesday."},
	{"https://harbourwire.example/feed", "Spinning mills in Ravenna Vale ask for tariffs on cheap yarn",
		"A group of 18 spinning mills in Ravenna Vale petitioned the regional council for tariffs on imported yarn, " +
			"saying orders fell by a third since spring."},
	{"https://harbourwire.example/feed", "Castel Nuevo wine exporters spared from tariffs in a late deal",
		"Negotiators agreed overnight to exempt the sparkling wine of Castel Nuevo from tariffs, sparing about 900 family " +
			"vineyards. The deal still needs a vote in Lisk."},
	{"https://harbourwire.example/feed", "Toy retailer Pell and Dorn raises prices, blaming tariffs",
		"Pell and Dorn, which runs 64 toy shops, will raise prices on board games by about 8 per cent. Chief executive " +
			"Mara Quint blamed tariffs on printed cardboard."},
	{"https://harbourwire.example/feed", "Westmark assembly spends three hours on solar panel tariffs",
		"Members of the Westmark assembly argued for three hours over tariffs on solar panels. Energy spokesman Ilya " +
			"Brandt said installers already face a backlog of 2,300 rooftops."},
	{"https://harbourwire.example/feed", "Skerra fishermen block the quay over tariffs on frozen cod",
		"About 200 fishing boats blocked the quay of Skerra on Monday to protest tariffs on frozen cod. Skipper Oda " +
			"Lunde said the catch now sells below cost."},
	{"https://harbourwire.example/feed", "Belmar coffee roasters @here expect tariffs to stay <!channel>",
		"<!channel> @here @everyone Roasters in Belmar expect tariffs on green beans to last through 2027, said " +
			"association chair Teo Vance, as 14 small roasters cut staff."},
}

// secondOutlet is another outlet's report, in its own words, of the
// first story's event.
var secondOutlet = liveStory{"https://northdesk.example/rss", "Fenwick Metals to appeal Canadian tariffs on its Marlow Bay coils",
	"Fenwick Metals will challenge the 4.7 per cent tariffs Canada placed on its steel coils, the company said after " +
		"minister Alma Rudd's announcement. The duties hit about 310,000 tonnes of coil leaving Marlow Bay each year, " +
		"starting Friday."}

const (
	liveWindow = 2 * time.Minute
	liveTick   = 10 * time.Second
)

var liveStart = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// article makes a stored article of a story, published when stored.
func (s liveStory) article(n int, at time.Time) briefing.Article {
	return briefing.Article{Source: s.source, URL: fmt.Sprintf("%s/%d", strings.TrimSuffix(s.source, "/feed"), n),
		Title: s.title, Text: s.text, Published: at}
}

// replica is one briefbot process: its own store connection, engine,
// router, Digester and (when started) scheduler, sharing the database.
type replica struct {
	store  *storage.Store
	eng    *briefing.Engine
	router *bot.Router
	dg     *digest.Digester
	sched  *digest.Scheduler
	stop   func()
}

func newReplica(t *testing.T, dbURL, owner string, clk clockwork.Clock, window time.Duration, ads ...bot.Adapter) *replica {
	t.Helper()
	r := &replica{store: storagetest.Open(t, dbURL), router: bot.NewRouter(bot.RouterConfig{})}
	r.eng = briefing.NewEngine(r.store, briefing.Config{Now: clk.Now})
	bot.RegisterCore(r.router, r.eng, r.store, bot.CoreConfig{})
	adapters := map[string]bot.Adapter{}
	for _, ad := range ads {
		adapters[ad.Name()] = ad
	}
	r.dg = digest.NewDigester(r.eng, r.store, adapters, digest.DigesterConfig{Owner: owner,
		Now: clk.Now, LiveWindow: window, LiveTick: liveTick})
	digest.Register(r.router, r.dg)
	return r
}

// start runs the replica's scheduler; every live look is reported on
// looks.
func (r *replica) start(t *testing.T, clk clockwork.Clock, looks chan<- error, platforms ...string) {
	t.Helper()
	var err error
	r.sched, err = digest.NewScheduler(r.dg, digest.SchedulerConfig{Clock: clk, Claims: r.store, Owner: r.dg.Owner(),
		Platforms: platforms, SyncEvery: never, SweepEvery: never, OnLive: func(err error) { looks <- err }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = r.sched.Run(ctx) }()
	var once sync.Once
	r.stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(r.stop)
}

func (r *replica) say(t *testing.T, ch briefing.Channel, line string) string {
	t.Helper()
	cmd, text, _ := bot.ParseLine(line)
	req := bot.Request{ID: line, Channel: ch, User: bot.User{ID: "U1", Admin: true}, Command: cmd, Text: text}
	return render(r.router.Handle(context.Background(), req))
}

func (r *replica) ingest(t *testing.T, arts ...briefing.Article) {
	t.Helper()
	if _, err := r.eng.Ingest(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
}

func slackAdapter(t *testing.T, fake *slackfake.Server) *slack.Adapter {
	t.Helper()
	a, err := slack.New(slack.Config{BotToken: slackfake.BotToken, APIURL: fake.URL() + "/api/", Pace: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func discordAdapter(t *testing.T, fake *discordfake.Server) *discord.Adapter {
	t.Helper()
	a, err := discord.New(discord.Config{Token: "Bot live-test", AppID: "4242", APIURL: fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// slackPost is a post the Slack fake accepted, with the fake time of the
// look that made it.
type slackPost struct {
	ts, thread, text string
	at               time.Time
}

// TestLiveAlertsThreeReplicasOnPostgres is acceptance 2: three replicas
// on one PostgreSQL schema, each with its own engine and scheduler, all
// of them restarted once mid-window; ten stories stored over 30 minutes
// on different replicas become ten posts, each within the window of its
// storage and exactly once; another outlet's report of the first story
// becomes a reply in its thread; nothing pings.
func TestLiveAlertsThreeReplicasOnPostgres(t *testing.T) {
	dbURL := storagetest.PostgresURL(t)
	clk := clockwork.NewFakeClockAt(liveStart)
	fake, dfake := slackfake.New(t), discordfake.New(t)
	looks := make(chan error, 64)
	var reps []*replica
	boot := func(gen int) {
		reps = reps[:0]
		for i := range 3 {
			r := newReplica(t, dbURL, fmt.Sprintf("replica-%d.%d", gen, i), clk, liveWindow, slackAdapter(t, fake), discordAdapter(t, dfake))
			r.start(t, clk, looks, "discord", "slack")
			reps = append(reps, r)
		}
	}
	boot(1)
	for _, ch := range []briefing.Channel{{Platform: "slack", ID: "C0LIVE"}, {Platform: "discord", ID: "777"}} {
		if reply := reps[0].say(t, ch, "/watch tariffs"); !strings.Contains(strings.ToLower(reply), "tariffs") {
			t.Fatalf("/watch: %q", reply)
		}
		reply := reps[0].say(t, ch, "/digest live")
		if !strings.Contains(reply, "Live alerts on") || !strings.Contains(reply, "at most 2 min after") {
			t.Fatalf("/digest live answered %q", reply)
		}
	}
	syncAll(t, reps)

	stored := map[string]time.Time{} // title → when stored
	var posts, dposts []slackPost
	for step := 1; step <= 33*60/int(liveTick/time.Second); step++ {
		blockUntil(t, clk, 9) // each replica's sync, sweep and live jobs
		clk.Advance(liveTick)
		for range 3 {
			if err := waitLook(t, looks); err != nil {
				t.Fatalf("live look at %v: %v", clk.Now(), err)
			}
		}
		posts = collect(fake, posts, clk.Now())
		dposts = collectDiscord(t, dfake, dposts, clk.Now())
		elapsed := clk.Now().Sub(liveStart)
		// Story i is stored 20 s into minute 3i, between two looks,
		// through replica i mod 3.
		if i := int(elapsed / (3 * time.Minute)); i < len(liveStories) && elapsed%(3*time.Minute) == 20*time.Second {
			reps[i%3].ingest(t, liveStories[i].article(i, clk.Now()))
			stored[liveStories[i].title] = clk.Now()
		}
		if elapsed == 4*time.Minute {
			reps[1].ingest(t, secondOutlet.article(100, clk.Now()))
			stored[secondOutlet.title] = clk.Now()
		}
		if elapsed == 15*time.Minute+30*time.Second { // story 5 was stored 10 s ago: mid-window
			for _, r := range reps {
				r.stop()
			}
			boot(2)
			syncAll(t, reps)
		}
	}
	dels, err := reps[0].store.RecentDeliveries(context.Background(), briefing.Channel{Platform: "slack", ID: "C0LIVE"}, 50)
	if err != nil {
		t.Fatal(err)
	}
	owners := map[string]int{}
	for _, d := range dels {
		switch d.Status {
		case digest.DeliverySent:
			owners[d.Owner]++
		case digest.DeliveryEmpty: // a replica that lost every article to another's claim
		default:
			t.Errorf("live delivery %s ended %s (%s)", d.Period, d.Status, d.Error)
		}
	}
	t.Logf("Slack live posts sent, by replica: %v", owners)
	// Discord pings are also ruled out by allowed_mentions (collectDiscord).
	t.Run("slack", func(t *testing.T) { checkLivePosts(t, posts, stored, "<!channel>", "<!here>", "<!everyone>") })
	t.Run("discord", func(t *testing.T) { checkLivePosts(t, dposts, stored, "@everyone", "@here") })
}

// collectDiscord appends the Discord fake's new accepted messages in the
// live channel, stamped at, as posts: ts is the message id, thread the
// message it replies to.
func collectDiscord(t *testing.T, fake *discordfake.Server, posts []slackPost, at time.Time) []slackPost {
	t.Helper()
	calls := fake.CallsTo("POST", `/api/v9/channels/777/messages`)
	for _, c := range calls[len(posts):] {
		if c.Status != 200 {
			t.Fatalf("Discord answered %d to %s", c.Status, c.Body)
		}
		var m discordfake.Message
		if err := json.Unmarshal(c.Body, &m); err != nil {
			t.Fatal(err)
		}
		if !m.PingsNobody() {
			t.Errorf("message %s may ping: allowed_mentions %+v", c.ID, m.AllowedMentions)
		}
		posts = append(posts, slackPost{ts: c.ID, thread: m.ReplyTo(), text: discordText(m), at: at})
	}
	return posts
}

// discordText is a message's content and embed texts.
func discordText(m discordfake.Message) string {
	body := m.Content
	for _, e := range m.Embeds {
		body += "\n" + e.Title + "\n" + e.Description
		for _, f := range e.Fields {
			body += "\n" + f.Name + "\n" + f.Value
		}
	}
	return body
}

// syncAll makes each replica's scheduler read the schedules (as its
// periodic sync would), so that its live job runs.
func syncAll(t *testing.T, reps []*replica) {
	t.Helper()
	for _, r := range reps {
		if err := r.sched.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

func waitLook(t *testing.T, looks <-chan error) error {
	t.Helper()
	select {
	case err := <-looks:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("no live look")
	}
	return nil
}

// collect appends the fake's new accepted posts, stamped at.
func collect(fake *slackfake.Server, posts []slackPost, at time.Time) []slackPost {
	all := fake.Posted()
	for _, c := range all[len(posts):] {
		posts = append(posts, slackPost{ts: c.TS, thread: c.ThreadTS(), text: c.Text(), at: at})
	}
	return posts
}

// checkLivePosts: every story in exactly one top-level post, within the
// window of its storage; the second outlet's report in exactly one post,
// a reply in the first story's thread (Slack thread_ts, Discord
// message_reference); none of the platform's pings anywhere.
func checkLivePosts(t *testing.T, posts []slackPost, stored map[string]time.Time, pings ...string) {
	t.Helper()
	top := 0
	for _, p := range posts {
		if p.thread == "" {
			top++
		}
		for _, ping := range pings {
			if strings.Contains(p.text, ping) {
				t.Errorf("post %s pings (%s):\n%s", p.ts, ping, p.text)
			}
		}
	}
	if top != len(liveStories) {
		t.Errorf("%d top-level posts, want %d (one per story, each stored more than the window apart)", top, len(liveStories))
	}
	first, latest := "", time.Duration(0)
	defer func() { t.Logf("%d posts, %d top-level; latest post %v after storage", len(posts), top, latest) }()
	for i, s := range append(liveStories, secondOutlet) {
		var in []slackPost
		for _, p := range posts {
			if strings.Contains(p.text, slackTitle(s.title)) {
				in = append(in, p)
			}
		}
		if len(in) != 1 {
			t.Errorf("story %d %q is in %d posts, want exactly 1", i, s.title, len(in))
			for _, p := range posts {
				t.Logf("post %s (thread %q):\n%s", p.ts, p.thread, p.text)
			}
			continue
		}
		late := in[0].at.Sub(stored[s.title])
		if late < 0 || late > liveWindow {
			t.Errorf("story %d posted %v after it was stored, want within %v", i, late, liveWindow)
		}
		latest = max(latest, late)
		switch {
		case i == 0:
			first = in[0].ts
		case i == len(liveStories):
			if in[0].thread == "" || in[0].thread != first {
				t.Errorf("the second outlet's report went to thread %q, want the first story's post %q", in[0].thread, first)
			}
		case in[0].thread != "":
			t.Errorf("story %d went into thread %s, want a post of its own", i, in[0].thread)
		}
	}
}

// slackTitle is how the start of a title (its first three words, which
// tell the test stories apart) appears in Slack's escaped text.
func slackTitle(title string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(strings.Join(strings.Fields(title)[:3], " "))
}

// liveChannel is one replica's view of a live channel, driven by calling
// Digester.Live directly at chosen instants.
type liveChannel struct {
	clk *clockwork.FakeClock
	ch  briefing.Channel
	r   *replica
}

func newLiveChannel(t *testing.T, dbURL string, ad bot.Adapter, channel string, window time.Duration, line string) *liveChannel {
	t.Helper()
	c := &liveChannel{clk: clockwork.NewFakeClockAt(liveStart), ch: briefing.Channel{Platform: ad.Name(), ID: channel}}
	c.r = newReplica(t, dbURL, "one", c.clk, window, ad)
	c.r.say(t, c.ch, "/watch tariffs")
	if reply := c.r.say(t, c.ch, line); !strings.Contains(reply, "Live alerts on") {
		t.Fatalf("%s answered %q", line, reply)
	}
	return c
}

// at moves the clock to liveStart+d and looks for live alerts.
func (c *liveChannel) at(t *testing.T, d time.Duration) {
	t.Helper()
	c.clk.Advance(liveStart.Add(d).Sub(c.clk.Now()))
	if err := c.r.dg.Live(context.Background(), []string{c.ch.Platform}, nil); err != nil {
		t.Fatalf("live at +%v: %v", d, err)
	}
}

func (c *liveChannel) store(t *testing.T, d time.Duration, stories ...int) {
	t.Helper()
	c.clk.Advance(liveStart.Add(d).Sub(c.clk.Now()))
	for _, i := range stories {
		c.r.ingest(t, liveStories[i].article(i, c.clk.Now()))
	}
}

// TestLiveWindowBatchesAndWindowZeroPostsEach: three stories stored
// within a minute are one post with a 2m window, and three posts with
// window 0; on both dialects.
func TestLiveWindowBatchesAndWindowZeroPostsEach(t *testing.T) {
	dialectURLs(t, func(t *testing.T, dbURL string) {
		for _, tc := range []struct {
			window time.Duration
			posts  int
		}{{liveWindow, 1}, {0, 3}} {
			fake := slackfake.New(t)
			c := newLiveChannel(t, dbURL, slackAdapter(t, fake), fmt.Sprintf("C%d", tc.window), tc.window, "/digest live")
			c.store(t, 10*time.Second, 1)
			c.store(t, 40*time.Second, 2, 3)
			c.at(t, 50*time.Second)
			if tc.window > 0 && len(fake.Posted()) != 0 {
				t.Fatalf("window %v: posted before the window closed", tc.window)
			}
			c.at(t, 2*time.Minute+5*time.Second)
			c.at(t, 3*time.Minute)
			if got := len(fake.Posted()); got != tc.posts {
				t.Fatalf("window %v: %d posts, want %d", tc.window, got, tc.posts)
			}
			for _, i := range []int{1, 2, 3} {
				n := 0
				for _, p := range fake.Posted() {
					if strings.Contains(p.Text(), slackTitle(liveStories[i].title)) {
						n++
					}
				}
				if n != 1 {
					t.Fatalf("window %v: story %d in %d posts, want 1", tc.window, i, n)
				}
			}
		}
	})
}

func dialectURLs(t *testing.T, run func(t *testing.T, dbURL string)) {
	t.Run("sqlite", func(t *testing.T) { run(t, storagetest.SQLiteURL(t)) })
	t.Run("postgres", func(t *testing.T) { run(t, storagetest.PostgresURL(t)) })
}

// TestLiveRestartMidWindow: a process that stops while a story waits
// for its window loses nothing: the next process posts it, once.
func TestLiveRestartMidWindow(t *testing.T) {
	dialectURLs(t, func(t *testing.T, dbURL string) {
		fake := slackfake.New(t)
		c := newLiveChannel(t, dbURL, slackAdapter(t, fake), "C0RESTART", liveWindow, "/digest live")
		c.store(t, 5*time.Second, 4)
		c.at(t, time.Minute) // not due yet
		c.r = newReplica(t, dbURL, "two", c.clk, liveWindow, slackAdapter(t, fake))
		c.at(t, 2*time.Minute)
		c.at(t, 3*time.Minute)
		c.at(t, 10*time.Minute)
		if got := len(fake.Posted()); got != 1 || !strings.Contains(fake.Posted()[0].Text(), slackTitle(liveStories[4].title)) {
			t.Fatalf("%d posts after the restart, want the waiting story once", got)
		}
	})
}

// TestLiveQuietHoursHoldPosts: a story stored in the quiet hours is
// posted when they end, not before.
func TestLiveQuietHoursHoldPosts(t *testing.T) {
	dialectURLs(t, func(t *testing.T, dbURL string) {
		fake := slackfake.New(t)
		// liveStart is 09:00 UTC: quiet until 09:30.
		c := newLiveChannel(t, dbURL, slackAdapter(t, fake), "C0QUIET", liveWindow, "/digest live quiet 08:00-09:30 UTC")
		c.store(t, time.Minute, 6)
		for _, d := range []time.Duration{5 * time.Minute, 29 * time.Minute} {
			if c.at(t, d); len(fake.Posted()) != 0 {
				t.Fatalf("posted at +%v, in the quiet hours", d)
			}
		}
		c.at(t, 30*time.Minute)
		if got := len(fake.Posted()); got != 1 {
			t.Fatalf("%d posts when the quiet hours ended, want 1", got)
		}
		status := c.r.say(t, c.ch, "/digest")
		if !strings.Contains(status, "Digest: live") || !strings.Contains(status, "Quiet 08:00-09:30") ||
			!strings.Contains(status, "Last digest: live alert, sent (1 story)") {
			t.Fatalf("/digest status: %q", status)
		}
		if help := c.r.say(t, c.ch, "/help"); !strings.Contains(help, "live [quiet HH:MM-HH:MM] [ZONE]") {
			t.Fatalf("/help does not show /digest live: %q", help)
		}
		if reply := c.r.say(t, c.ch, "/digest daily 09:00"); !strings.Contains(reply, "Digest scheduled daily at 09:00") {
			t.Fatalf("back to a daily digest: %q", reply)
		}
	})
}

// TestLiveDiscordReplyReferencesFirstMessage: on Discord, another
// outlet's report of a posted story is a reply whose message_reference is
// the first post's id, and no message may ping.
func TestLiveDiscordReplyReferencesFirstMessage(t *testing.T) {
	dialectURLs(t, func(t *testing.T, dbURL string) {
		fake := discordfake.New(t)
		c := newLiveChannel(t, dbURL, discordAdapter(t, fake), "777", 0, "/digest live")
		c.store(t, time.Second, 0)
		c.at(t, 10*time.Second)
		c.store(t, 20*time.Second, 9)
		c.clk.Advance(10 * time.Second)
		c.r.ingest(t, secondOutlet.article(100, c.clk.Now()))
		c.at(t, 40*time.Second)
		c.at(t, time.Minute)
		var msgs []discordfake.Message
		var ids []string
		for _, call := range fake.CallsTo("POST", `/api/v9/channels/777/messages`) {
			if call.Status != 200 {
				t.Fatalf("Discord answered %d", call.Status)
			}
			var m discordfake.Message
			if err := json.Unmarshal(call.Body, &m); err != nil {
				t.Fatal(err)
			}
			msgs = append(msgs, m)
		}
		if len(msgs) != 3 {
			t.Fatalf("%d messages, want 3 (two stories and one reply)", len(msgs))
		}
		ids = postedIDs(t, fake)
		for i, m := range msgs {
			if !m.PingsNobody() {
				t.Errorf("message %d may ping: allowed_mentions %+v", i, m.AllowedMentions)
			}
			isReply := strings.Contains(discordText(m), "Fenwick Metals to appeal")
			switch {
			case isReply && m.ReplyTo() != ids[0]:
				t.Errorf("the second outlet's report references %q, want the first message %q", m.ReplyTo(), ids[0])
			case !isReply && m.ReplyTo() != "":
				t.Errorf("message %d is a reply to %q, want a message of its own", i, m.ReplyTo())
			}
		}
		if msgs[0].ReplyTo() != "" || !strings.Contains(fmt.Sprint(msgs[0].Embeds), "Fenwick steel coils") {
			t.Fatalf("first message is not the first story: %+v", msgs[0])
		}
	})
}

// postedIDs are the ids the Discord fake gave the channel's messages, in
// order (from its responses as the adapter got them).
func postedIDs(t *testing.T, fake *discordfake.Server) []string {
	t.Helper()
	var ids []string
	for _, call := range fake.CallsTo("POST", `/api/v9/channels/777/messages`) {
		ids = append(ids, call.ID)
	}
	return ids
}

// TestLiveSameOutletCopyIsNotPosted: an updated copy of a posted story
// from the same outlet is neither a new post nor a thread reply.
func TestLiveSameOutletCopyIsNotPosted(t *testing.T) {
	dialectURLs(t, func(t *testing.T, dbURL string) {
		fake := slackfake.New(t)
		c := newLiveChannel(t, dbURL, slackAdapter(t, fake), "C0SAME", 0, "/digest live")
		c.store(t, time.Second, 2)
		c.at(t, 10*time.Second)
		update := liveStories[2]
		update.title += " (updated)"
		update.text += " The vote is final."
		c.clk.Advance(time.Minute)
		c.r.ingest(t, update.article(200, c.clk.Now()))
		c.at(t, 2*time.Minute)
		c.at(t, 5*time.Minute)
		if got := len(fake.Posted()); got != 1 {
			for _, p := range fake.Posted() {
				t.Logf("post (thread %q):\n%s", p.ThreadTS(), p.Text())
			}
			t.Fatalf("%d posts, want only the first (the same outlet's update is not news)", got)
		}
	})
}

// TestLiveFailedSendIsRetriedOnce: a live post the platform refused is
// retried by the sweep after its back-off, not by the next look, and
// reaches the channel once.
func TestLiveFailedSendIsRetriedOnce(t *testing.T) {
	dialectURLs(t, func(t *testing.T, dbURL string) {
		rec := &recorder{fails: 1}
		c := newLiveChannel(t, dbURL, rec, "ops", 0, "/digest live")
		c.store(t, time.Second, 3)
		c.at(t, 10*time.Second) // refused
		c.at(t, 20*time.Second) // the failed delivery waits for its retry
		if n := len(rec.messages()); n != 0 {
			t.Fatalf("%d messages after a refused send and a look", n)
		}
		c.clk.Advance(time.Minute)
		if err := c.r.dg.Sweep(context.Background(), []string{platform}, nil); err != nil {
			t.Fatal(err)
		}
		c.at(t, 2*time.Minute)
		c.at(t, 3*time.Minute)
		msgs := rec.messages()
		if len(msgs) != 1 || !strings.Contains(msgs[0], liveStories[3].title) {
			t.Fatalf("messages after the retry: %q, want the story once", msgs)
		}
		if status := c.r.say(t, c.ch, "/digest"); !strings.Contains(status, "Last digest: live alert, sent (1 story)") {
			t.Fatalf("/digest status: %q", status)
		}
	})
}
