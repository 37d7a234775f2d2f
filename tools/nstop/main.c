// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop: what is happening right now, per namespace and per container.
 *
 * The dashboard samples the system every -d seconds (sampler.c),
 * turns two samples into rates and rows (model.c), draws them
 * into a frame (tools/nstop/view) and hands the frame to the terminal
 * (tty.c). Keys are a table of actions (keys.c) that say what must happen
 * next; this file does it. Batch mode (-b, -J) prints frames instead.
 */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "nstop.h"
#include "output.h"

/* The first interval, before the first frame: short, so that even
 * `nstop -b -n 1` shows rates, and long enough to mean something. */
#define FIRST_INTERVAL 0.5

volatile sig_atomic_t nstop_stop;

static void on_stop(int sig)
{
	(void)sig;
	nstop_stop = 1;
}

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options]\n", cli_name);
	fputs("\nShow live CPU, memory, process and network use per namespace and container.\n",
	      out);
	fputs("\nOptions:\n", out);
	fputs(" -b, --batch            print frames as plain text instead of the dashboard\n", out);
	fputs(" -J, --json             print frames as JSON (implies --batch)\n", out);
	fputs(" -n, --iterations <n>   stop after <n> frames\n", out);
	fputs(" -d, --delay <secs>     seconds between refreshes (default 2, fractions allowed)\n",
	      out);
	fputs(" -t, --type <list>      namespace types to show (mnt, net, pid, uts, ipc, user,\n"
	      "                          cgroup, time)\n", out);
	fputs(" -c, --containers       one row per container\n", out);
	fputs(" -T, --tree             pid and user namespaces as a tree of their nesting\n", out);
	fputs(" -o, --output <list>    the columns of the view shown first (+<list>: the\n"
	      "                          defaults and these)\n", out);
	fputs(" -s, --sort <column>    sort by <column> (default CPU%)\n", out);
	fputs(" -r, --reverse          reverse the order of the sort\n", out);
	fputs(" -Q, --filter <expr>    show only the rows for which <expr> is true\n", out);
	fputs("     --ascii            draw lines with ASCII characters only\n", out);
	fputs("     --color[=<when>]   colorize the dashboard (auto, always, never)\n", out);
	fputs("     --proc-root <dir>  read processes from <dir> instead of /proc\n", out);
	fputs("     --host-root <dir>  read container runtime state under <dir> (default /)\n",
	      out);
	fputs("\n", out);
	fputs(" -H, --list-columns     list the columns -o and -s may name\n", out);
	fputs(" -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nAvailable columns (+ shown in the namespace view, * in the container view (-c);\n"
	      "-o may add any of them to either view, blank where it has no meaning there):\n",
	      out);
	for (int i = 0; i < NSTOP_NCOLS; i++) {
		bool ns = nstop_view_has_col(NSTOP_VIEW_NS, i);
		bool ct = nstop_view_has_col(NSTOP_VIEW_CT, i);

		fprintf(out, " %11s%c%c %s\n", nstop_cols[i].name, ns ? '+' : ' ', ct ? '*' : ' ',
			nstop_cols[i].help);
	}
	fputs("\nPress ? in the dashboard for its keys. For more details see nstop(1).\n", out);
	exit(EXIT_SUCCESS);
}

/* Seconds as "2", "0.5", ".25": decimal whatever the locale (no "0,5"). */
static int parse_seconds(const char *s, double *out)
{
	double v = 0, scale = 0.1;
	bool digits = false;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		digits = true;
		if (v > 86400)
			return -ERANGE;
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++) {
			v += (*p - '0') * scale;
			scale /= 10;
			digits = true;
		}
	if (!digits || *p)
		return -EINVAL;
	/* top's floor: faster refreshes measure noise, not use */
	if (v < 0.01)
		return -ERANGE;
	*out = v;
	return 0;
}

static double clock_seconds(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) < 0)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_mono(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

static unsigned int sample_flags(const struct nstop *t)
{
	const struct nstop_model *m = &t->model;
	unsigned int needs = nstop_model_needs(m), flags = 0;

	/* Counters only when a row can show them: a net namespace row, or a
	 * container (a drill-down goes back to one). */
	if (m->top_view == NSTOP_VIEW_CT || ((m->types & NS_MASK(NS_NET)) && !m->tree)) {
		if (needs & (NSTOP_NEED_NET | NSTOP_NEED_NETLIM))
			flags |= NSTOP_SAMPLE_NET;
		if (needs & NSTOP_NEED_NETLIM)
			flags |= NSTOP_SAMPLE_NETLIM;
	}
	if (m->tree)
		flags |= NSTOP_SAMPLE_TREE;
	/* the cgroup figures that the columns shown need, once per container */
	flags |= NSTOP_SAMPLE_CG(needs >> NSTOP_NEED_CG_SHIFT);
	return flags;
}

/* The block I/O of the drill-down's processes, when a column shows it. */
static void load_io(struct nstop *t)
{
	struct nstop_sample *s = nstop_sampler_cur(&t->sampler);
	struct nstop_model *m = &t->model;
	bool shown = false;

	for (const int *c = m->cols[NSTOP_VIEW_PROC]; *c >= 0; c++)
		shown |= (nstop_cols[*c].needs & NSTOP_NEED_PROC_IO) != 0;
	if (!m->drill || !shown)
		return;
	for (size_t i = 0; i < s->snap.ntasks; i++)
		if (nstop_model_drilled(m, &s->snap.tasks[i]))
			nstop_sampler_load_io(&t->sampler, &s->snap.tasks[i]);
}

/* Command lines for the rows a frame shows, read once per process. */
static void load_commands(struct nstop *t)
{
	struct nstop_model *m = &t->model;
	size_t from = 0, to = m->nrows;

	if (t->interactive) {
		size_t page = (size_t)(t->rows > 0 ? t->rows : 24);

		from = m->sel > page ? m->sel - page : 0;
		to = m->sel + page < m->nrows ? m->sel + page : m->nrows;
		if (m->scroll < from)
			from = m->scroll;
	}
	for (size_t i = from; i < to; i++)
		if (m->rows[i].top)
			nstop_sampler_load_cmdline(&t->sampler, m->rows[i].top);
}

void nstop_rebuild(struct nstop *t)
{
	struct nstop_model *m = &t->model;
	struct nstop_sample *s = nstop_sampler_cur(&t->sampler);
	enum nstop_view_kind v = nstop_model_view(m);
	int rc;

	/*
	 * What the rows need besides stat: the user and namespaced PID of the
	 * processes of a drill-down (their status file, each refresh: a
	 * process may change its uid), and command lines when searching.
	 */
	for (size_t i = 0; i < s->snap.ntasks; i++) {
		struct task *p = &s->snap.tasks[i];

		if (m->search[0])
			nstop_sampler_load_cmdline(&t->sampler, p);
		if (nstop_model_drilled(m, p)) {
			nstop_sampler_load_status(&t->sampler, p);
			nstop_sampler_load_cmdline(&t->sampler, p);
		}
	}
	rc = nstop_model_build(m, s);
	if (rc)
		cli_die_errno(rc, "cannot build the rows");
	if (m->sort[v].col == NSTOP_COL_COMMAND) {
		/* sorting by command needs every row's command first */
		for (size_t i = 0; i < m->nrows; i++)
			if (m->rows[i].top)
				nstop_sampler_load_cmdline(&t->sampler, m->rows[i].top);
		rc = nstop_model_build(m, s);
		if (rc)
			cli_die_errno(rc, "cannot build the rows");
	}
	load_commands(t);
}

void nstop_sample_now(struct nstop *t)
{
	/* Start times in /proc count from boot, suspended time included. */
	int rc = nstop_sampler_take(&t->sampler, sample_flags(t), clock_seconds(CLOCK_BOOTTIME));

	if (rc == -ENOTRECOVERABLE)
		errx(EXIT_FAILURE, "cannot return to nstop's own network namespace");
	if (rc)
		cli_die_errno(rc, "cannot read processes under '%s'", t->pfs.root);
	load_io(t);
	nstop_model_deltas(nstop_sampler_prev(&t->sampler), nstop_sampler_cur(&t->sampler));
	nstop_sysinfo(t);
	nstop_rebuild(t);
}

/* Sleep until the monotonic time `until`, or a signal. */
static void sleep_until(double until)
{
	struct timespec ts;

	if (until <= 0)
		return;
	ts.tv_sec = (time_t)until;
	ts.tv_nsec = (long)((until - (double)ts.tv_sec) * 1e9);
	while (!nstop_stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static int run_batch(struct nstop *t)
{
	double next;
	int rc = 0;

	nstop_sample_now(t);
	next = now_mono() + (t->delay < FIRST_INTERVAL ? t->delay : FIRST_INTERVAL);
	for (unsigned long frame = 1; !t->frames || frame <= (unsigned long)t->frames; frame++) {
		sleep_until(next);
		if (nstop_stop)
			break;
		next += t->delay;
		nstop_sample_now(t);
		/* late (a slow walk, a stopped process): no burst to catch up */
		if (next < now_mono())
			next = now_mono() + t->delay;
		rc = nstop_batch_frame(t, frame);
		if (rc)
			break;
	}
	return rc;
}

static void draw(struct nstop *t)
{
	if (nstop_frame_resize(&t->frame, t->rows, t->cols) < 0)
		errx(EXIT_FAILURE, "out of memory");
	free(t->hints);
	t->hints = NULL;
	t->ui.hints = nstop_default_hints(&t->model);
	nstop_view_draw(&t->frame, &t->model, &t->hdr, &t->ui);
	tty_draw(&t->frame);
}

static int run_dashboard(struct nstop *t)
{
	double next;
	int rc;

	rc = tty_init(t->color, t->utf8);
	if (rc)
		return rc;
	tty_size(&t->rows, &t->cols);
	nstop_sample_now(t);
	draw(t);
	next = now_mono() + (t->delay < FIRST_INTERVAL ? t->delay : FIRST_INTERVAL);

	while (!nstop_stop) {
		double left = next - now_mono();
		int ev, key;
		bool quit = false, redraw = false;

		ev = tty_wait(left > 0 ? (int)(left * 1000) + 1 : 0, t->diff.fd);
		if (ev == 2 && nstop_diff_read(t))
			redraw = true;
		while ((key = tty_key()) != NSTOP_KEY_NONE) {
			enum nstop_next next_step;

			if (key == NSTOP_KEY_RESIZE) {
				tty_size(&t->rows, &t->cols);
				redraw = true;
				continue;
			}
			next_step = nstop_key(t, key);
			switch (next_step) {
			case NSTOP_NEXT_NONE:
				break;
			case NSTOP_NEXT_DRAW:
				redraw = true;
				break;
			case NSTOP_NEXT_BUILD:
				nstop_rebuild(t);
				redraw = true;
				break;
			case NSTOP_NEXT_SAMPLE:
				next = 0;	/* now, below */
				break;
			case NSTOP_NEXT_SHELL:
				nstop_shell(t);
				tty_size(&t->rows, &t->cols);
				next = 0;
				break;
			case NSTOP_NEXT_DIFF:
				nstop_diff_start(t);
				redraw = true;
				break;
			case NSTOP_NEXT_SIGNAL:
				nstop_kill_send(t);
				next = 0;
				break;
			case NSTOP_NEXT_QUIT:
				quit = true;
				break;
			}
			if (quit)
				break;
		}
		if (quit)
			break;
		if (now_mono() >= next) {
			nstop_sample_now(t);
			next = now_mono() + t->delay;
			redraw = true;
		}
		if (redraw)
			draw(t);
	}
	nstop_diff_stop(t);
	nstop_kill_cancel(t, NULL);
	tty_release();
	return 0;
}

/* The columns as common/output takes them (-o, -H). */
static void out_columns(struct out_column *cols)
{
	for (int i = 0; i < NSTOP_NCOLS; i++)
		cols[i] = (struct out_column){
			.name = nstop_cols[i].name,
			.json_type = nstop_cols[i].numeric ? SCOLS_JSON_NUMBER : SCOLS_JSON_STRING,
			.help = nstop_cols[i].help,
		};
}

/* -H: the columns -o and -s may name (any, in either view), as a table (-J: JSON). */
static void list_columns(bool json)
{
	struct out_column cols[NSTOP_NCOLS];
	int rc;

	out_columns(cols);
	rc = out_list_columns(stdout, "nstop-columns", cols, NSTOP_NCOLS, false, json);
	cli_check_stdout();
	exit(rc ? EXIT_FAILURE : EXIT_SUCCESS);
}

static void parse_filter(struct nstop *t, const char *expr)
{
	struct filter_error fe;
	int rc;

	filter_free(t->filter);
	t->filter = NULL;
	rc = filter_parse(expr, nstop_filter_colfn, NULL, &t->filter, &fe);
	if (rc == -EINVAL)
		errx(EXIT_FAILURE, "bad filter: %s at position %zu", fe.msg, fe.pos + 1);
	if (rc < 0)
		cli_die_errno(rc, "cannot parse filter");
}

static void release(struct nstop *t)
{
	nstop_pane_clear(t);
	free(t->pane);
	free(t->hints);
	nstop_sysinfo_release(t);
	idcache_release(&t->ids);
	nstop_frame_release(&t->frame);
	nstop_model_release(&t->model);
	nstop_sampler_release(&t->sampler);
	procfs_close(&t->pfs);
	filter_free(t->filter);
}

int main(int argc, char **argv)
{
	enum {
		OPT_ASCII = CHAR_MAX + 1,
		OPT_COLOR,
		OPT_PROC_ROOT,
		OPT_HOST_ROOT,
	};
	static const struct option longopts[] = {
		{ "batch",		no_argument,		NULL, 'b' },
		{ "json",		no_argument,		NULL, 'J' },
		{ "iterations",		required_argument,	NULL, 'n' },
		{ "delay",		required_argument,	NULL, 'd' },
		{ "type",		required_argument,	NULL, 't' },
		{ "containers",		no_argument,		NULL, 'c' },
		{ "tree",		no_argument,		NULL, 'T' },
		{ "output",		required_argument,	NULL, 'o' },
		{ "sort",		required_argument,	NULL, 's' },
		{ "reverse",		no_argument,		NULL, 'r' },
		{ "filter",		required_argument,	NULL, 'Q' },
		{ "ascii",		no_argument,		NULL, OPT_ASCII },
		{ "color",		optional_argument,	NULL, OPT_COLOR },
		{ "proc-root",		required_argument,	NULL, OPT_PROC_ROOT },
		{ "host-root",		required_argument,	NULL, OPT_HOST_ROOT },
		{ "list-columns",	no_argument,		NULL, 'H' },
		{ "help",		no_argument,		NULL, 'h' },
		{ "version",		no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cli_excl excl[] = {
		{ { 'T', 'c' } },
		{ { 0 } },
	};
	int excl_st[sizeof(excl) / sizeof(excl[0])] = { 0 };
	static struct nstop top;
	struct nstop *t = &top;
	const char *sort_arg = NULL, *filter_arg = NULL, *output_arg = NULL;
	bool reverse = false, list_cols = false;
	struct sigaction sa;
	int c, rc;

	cli_init(argc, argv);
	t->delay = 2;
	t->color_mode = OUT_COLOR_AUTO;
	t->kill.pidfd = -1;
	t->diff.fd = -1;
	nstop_model_init(&t->model);
	nstop_ui_init(&t->ui);
	idcache_init(&t->ids);

	while ((c = getopt_long(argc, argv, "bJn:d:t:cTo:s:rQ:HhV", longopts, NULL)) != -1) {
		cli_exclusive(c, longopts, excl, excl_st);
		switch (c) {
		case 'b':
			t->batch = true;
			break;
		case 'J':
			t->batch = t->json = true;
			break;
		case 'n': {
			uint64_t v;

			if (cli_parse_u64(optarg, &v) < 0 || v == 0 || v > LONG_MAX)
				errx(EXIT_FAILURE, "invalid number of iterations '%s'", optarg);
			t->frames = (long)v;
			break;
		}
		case 'd':
			if (parse_seconds(optarg, &t->delay) < 0)
				errx(EXIT_FAILURE, "invalid delay '%s' (seconds, at least 0.01)", optarg);
			break;
		case 't': {
			ns_mask_t mask = 0;
			const char *bad;
			size_t badlen;

			if (nstype_parse_list(optarg, &mask, &bad, &badlen) < 0)
				errx(EXIT_FAILURE, "unknown namespace type '%.*s'", (int)badlen, bad);
			t->model.types = t->model.types == NS_MASK_ALL ? mask : t->model.types | mask;
			break;
		}
		case 'c':
			t->model.top_view = NSTOP_VIEW_CT;
			break;
		case 'T':
			t->model.tree = true;
			break;
		case 'o':
			output_arg = optarg;
			break;
		case 's':
			sort_arg = optarg;
			break;
		case 'r':
			reverse = true;
			break;
		case 'Q':
			filter_arg = optarg;
			break;
		case OPT_ASCII:
			t->ascii = true;
			break;
		case OPT_COLOR:
			t->color_mode = out_color_parse(optarg);
			if (t->color_mode < 0)
				errx(EXIT_FAILURE, "invalid color mode '%s'", optarg);
			break;
		case OPT_PROC_ROOT:
			t->proc_root = optarg;
			break;
		case OPT_HOST_ROOT:
			t->host_root = optarg;
			break;
		case 'H':
			list_cols = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_version();
		default:
			cli_try_help();
		}
	}
	if (list_cols)
		list_columns(t->json);
	if (optind < argc)
		errx(EXIT_FAILURE, "unexpected argument '%s'", argv[optind]);
	if (output_arg) {
		const char *bad;
		size_t badlen;

		rc = nstop_model_set_cols(&t->model, t->model.top_view, output_arg, &bad, &badlen);
		if (rc == -EINVAL)
			errx(EXIT_FAILURE, "unknown column '%.*s'", (int)badlen, bad);
		if (rc < 0)
			errx(EXIT_FAILURE, "too many columns specified");
	}
	if (sort_arg) {
		enum nstop_view_kind v = t->model.top_view;
		int col = nstop_col_lookup(sort_arg, strlen(sort_arg));

		if (col < 0)
			errx(EXIT_FAILURE, "unknown column '%s'", sort_arg);
		t->model.sort[v].col = col;
		if (nstop_model_has_col(&t->model, NSTOP_VIEW_PROC, col))
			t->model.sort[NSTOP_VIEW_PROC].col = col;
	} else if (!nstop_model_has_col(&t->model, t->model.top_view, NSTOP_COL_CPU)) {
		/* the default sort is by CPU%: by the first column when -o left it out */
		t->model.sort[t->model.top_view].col = t->model.cols[t->model.top_view][0];
	}
	if (reverse) {
		t->model.sort[t->model.top_view].reverse = true;
		t->model.sort[NSTOP_VIEW_PROC].reverse = true;
	}
	if (filter_arg)
		parse_filter(t, filter_arg);
	t->model.filter = t->filter;
	t->model.user_name = nstop_user_name;
	t->model.user_data = t;
	t->hdr.delay = t->delay;
	t->hdr.filtered = t->filter != NULL;
	t->hdr.root = geteuid() == 0;
	t->interactive = !t->batch;

	if (t->interactive && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		errx(EXIT_FAILURE, "the dashboard needs a terminal: use -b for batch mode");
	t->utf8 = !t->ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	t->color = t->interactive && out_color_enabled(t->color_mode, STDOUT_FILENO);
	nstop_frame_init(&t->frame, t->utf8);

	rc = procfs_open(&t->pfs, t->proc_root);
	if (rc < 0)
		cli_die_errno(rc, "cannot open '%s'", t->proc_root ? t->proc_root : "/proc");
	rc = nstop_sampler_init(&t->sampler, &t->pfs, t->host_root);
	if (rc < 0)
		cli_die_errno(rc, "cannot start sampling");
	nstop_find_nsdiff(t);

	/* Stop cleanly (the terminal restored, frames complete) on these. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (t->batch) {
		rc = run_batch(t);
		if (rc)
			cli_die_errno(rc, "cannot print a frame");
	} else {
		rc = run_dashboard(t);
		if (rc)
			cli_die_errno(rc, "cannot start the dashboard on '%s'",
				      getenv("TERM") ? getenv("TERM") : "(no TERM)");
	}
	release(t);
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
