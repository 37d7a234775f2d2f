// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop's view without a terminal: frames drawn at several sizes (down to
 * one too small to use), columns dropped to fit, the selection kept on
 * screen, trees in UTF-8 and ASCII, panes, prompts, and the text of cells
 * that are not what a terminal expects.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

#define H_NET 4026531833ULL
#define H_PID 4026531836ULL
#define C_NET 4026532204ULL
#define C_PID 4026532202ULL
#define E_PID 4026532402ULL

static struct snapshot_ct web = { .key = 1000 };

struct world {
	struct nstop_sample prev, cur;
	struct nstop_model m;
	struct nstop_header h;
	struct nstop_ui ui;
	struct nstop_frame f;
};

static void add(struct nstop_sample *s, pid_t pid, unsigned long long ticks, uint64_t net,
		uint64_t pidns, struct snapshot_ct *ct, const char *comm)
{
	struct task *p;

	assert_int_equal(nstop_sample_reserve(s, s->snap.ntasks + 1), 0);
	p = &s->snap.tasks[s->snap.ntasks++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->loaded = TASK_STAT | TASK_CONTAINER;
	p->stat.pid = pid;
	p->stat.starttime = (unsigned long long)pid;
	p->stat.utime = ticks;
	p->stat.rss = (4 << 20) / 4096;
	p->stat.nthreads = 2;
	p->stat.state = 'R';
	p->ns[NS_NET] = net;
	p->ns[NS_PID] = pidns;
	p->ct = ct ? &ct->info : NULL;
	snprintf(p->stat.comm, sizeof(p->stat.comm), "%s", comm);
}

/* 30 processes in host namespaces, 2 in a container's, 1 nested deeper. */
static void world_init(struct world *w, bool utf8)
{
	memset(w, 0, sizeof(*w));
	memset(&web.info, 0, sizeof(web.info));
	web.info.runtime = CT_DOCKER;
	snprintf(web.info.name, sizeof(web.info.name), "web");
	snprintf(w->h.clock, sizeof(w->h.clock), "12:00:00");
	snprintf(w->h.host, sizeof(w->h.host), "testhost");
	w->h.uptime = 3600;
	w->h.have_load = true;
	w->h.load[0] = 0.5;
	w->h.load[1] = 0.4;
	w->h.load[2] = 0.3;
	w->h.mem_total = 8ull << 30;
	w->h.mem_used = 2ull << 30;
	w->h.ncpu = 4;
	w->h.delay = 2;
	w->h.root = true;

	nstop_sample_init(&w->prev);
	nstop_sample_init(&w->cur);
	w->prev.time = 10;
	w->cur.time = 12;
	w->cur.snap.host_ns[NS_NET] = H_NET;
	w->cur.snap.host_ns[NS_PID] = H_PID;
	for (pid_t p = 1; p <= 30; p++) {
		add(&w->prev, p, 0, H_NET, H_PID, NULL, "daemon");
		add(&w->cur, p, (unsigned long long)p, H_NET, H_PID, NULL, "daemon");
	}
	add(&w->prev, 100, 0, C_NET, C_PID, &web, "nginx");
	add(&w->cur, 100, 300, C_NET, C_PID, &web, "nginx");
	add(&w->prev, 101, 0, C_NET, E_PID, &web, "nested");
	add(&w->cur, 101, 0, C_NET, E_PID, &web, "nested");
	w->cur.rels = calloc(2, sizeof(*w->cur.rels));
	w->cur.nrels = 2;
	w->cur.rels[0] = (struct nstop_nsrel){ nstop_ns_key(NS_PID, C_PID), 1, { H_PID } };
	w->cur.rels[1] = (struct nstop_nsrel){ nstop_ns_key(NS_PID, E_PID), 2, { C_PID, H_PID } };
	nstop_model_deltas(&w->prev, &w->cur);

	nstop_model_init(&w->m);
	nstop_ui_init(&w->ui);
	nstop_frame_init(&w->f, utf8);
	assert_int_equal(nstop_model_build(&w->m, &w->cur), 0);
}

static void world_free(struct world *w)
{
	nstop_frame_release(&w->f);
	nstop_model_release(&w->m);
	nstop_sample_free(&w->prev);
	nstop_sample_free(&w->cur);
}

static void draw(struct world *w, int rows, int cols)
{
	assert_int_equal(nstop_frame_resize(&w->f, rows, cols), 0);
	nstop_view_draw(&w->f, &w->m, &w->h, &w->ui);
}

static const char *line(struct world *w, int row)
{
	static char buf[2048];

	nstop_frame_text(&w->f, row, buf, sizeof(buf));
	if (getenv("NSTOP_TEST_SHOW"))
		fprintf(stderr, "%3d|%s|\n", row, buf);
	return buf;
}

/* The first row whose text contains s, or -1. */
static int find_line(struct world *w, const char *s)
{
	for (int y = 0; y < w->f.rows; y++)
		if (strstr(line(w, y), s))
			return y;
	return -1;
}

/* Where the title, the column headings and the first row are on the frame. */
#define TITLE	(w.f.map.heading_y - 1)
#define HEAD	(w.f.map.heading_y)
#define ROW0	(w.f.map.rows_y)

static void assert_fits(struct world *w)
{
	/* nothing is drawn past the edge: every line fits its width */
	for (int y = 0; y < w->f.rows; y++) {
		const char *s = line(w, y);
		size_t cells = 0;

		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			if ((*p & 0xc0) != 0x80)
				cells++;
		assert_true(cells <= (size_t)w->f.cols);
	}
}

static void test_full_screen(void **state)
{
	struct world w;
	int y;

	(void)state;
	world_init(&w, true);
	draw(&w, 40, 120);
	assert_string_equal(line(&w, 0),
			    "nstop - 12:00:00 up 1:00, host testhost, load 0.50 0.40 0.30");
	/* the meters: without each CPU's figures, what the processes used */
	assert_string_equal(line(&w, 1), "CPU[|||||||||||||||||||||||||||||||||||||||||||||||||"
					 "95.6%]  Tasks: 32, 64 thr; 32 running");
	assert_string_equal(line(&w, 2), "Mem[||||||||||||||                               "
					 "2.0G/8.0G]  Namespaces: 5 (2 net, 3 pid, 0 mnt, 0 user)");
	assert_string_equal(line(&w, 3), "Swp[                                               "
					 "    0/0]  Containers: 1");
	/* batch mode's lines */
	{
		char buf[256];

		nstop_view_header(&w.m, &w.h, 1, buf, sizeof(buf));
		assert_string_equal(buf, "32 processes, 64 threads; 5 namespaces (2 net, 3 pid, "
					 "0 mnt, 0 user); 1 containers");
		nstop_view_header(&w.m, &w.h, 2, buf, sizeof(buf));
		assert_string_equal(buf, "CPU 382.5% of 400% (4 cores), memory 2.0G used of 8.0G, "
					 "RSS 128M; every 2s");
	}
	assert_int_equal(TITLE, 4);
	assert_string_equal(line(&w, 4), "Namespaces (all types), 5 rows, by CPU% descending");
	assert_string_equal(line(&w, 5), "TYPE           NS CONTAINER    NPROCS THREADS   CPU%    "
					 "MEM   RX/s   TX/s     PID COMMAND");
	/* net of the container: 150% (300 ticks in 2 s), its busiest process */
	y = find_line(&w, "4026532204");
	assert_true(y > 5);
	assert_string_equal(line(&w, y), "net    4026532204 web               2       4  150.0   "
					 "8.0M                   100 nginx");
	/* the selection is the first row, in reverse video */
	assert_int_equal(ROW0, 6);
	assert_true(w.f.cells[6 * 120].attr & NSTOP_ATTR_REVERSE);
	assert_false(w.f.cells[7 * 120].attr & NSTOP_ATTR_REVERSE);
	/* the bottom line: the keys, as htop shows its function keys */
	w.ui.footer = (struct nstop_footer_item[]){ { "F10", "Quit", 0, 'q' } };
	w.ui.nfooter = 1;
	draw(&w, 40, 120);
	assert_string_equal(line(&w, 39), "F10Quit");
	assert_int_equal(w.f.map.footer_y, 39);
	assert_int_equal(w.f.map.nfooter, 1);
	assert_int_equal(w.f.map.footer[0].x, 0);
	assert_int_equal(w.f.map.footer[0].w, 9);
	assert_int_equal(w.f.map.footer[0].code, 'q');
	assert_fits(&w);
	world_free(&w);
}

static void test_narrow_screens_drop_columns(void **state)
{
	struct world w;
	int page;

	(void)state;
	world_init(&w, true);
	/* 80 columns: the thread count and the PID go, the traffic stays */
	draw(&w, 24, 80);
	assert_string_equal(line(&w, HEAD), "TYPE           NS CONTAINER    NPROCS   CPU%    MEM   RX/s  "
					 " TX/s COMMAND");
	assert_fits(&w);
	/* the smallest screen: type, inode, CPU% and the command */
	draw(&w, 8, 40);
	assert_string_equal(line(&w, HEAD), "TYPE           NS   CPU% COMMAND");
	/* a line of meters, the title, the headings, the bottom line: three rows */
	page = nstop_view_page(&w.m, &w.h, 8, 40);
	assert_int_equal(page, 3);
	assert_int_equal(find_line(&w, "terminal too small"), -1);
	assert_fits(&w);
	/* the drill-down keeps its PID */
	nstop_model_select(&w.m, 0);
	assert_true(nstop_model_drill(&w.m));
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 8, 40);
	assert_non_null(strstr(line(&w, HEAD), "PID"));
	assert_non_null(strstr(line(&w, HEAD), "CPU%"));
	assert_fits(&w);
	world_free(&w);
}

static void test_too_small(void **state)
{
	static const int sizes[][2] = { { 7, 40 }, { 8, 39 }, { 5, 60 }, { 3, 10 }, { 1, 1 },
					{ 0, 0 } };
	struct world w;

	(void)state;
	world_init(&w, true);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		draw(&w, sizes[i][0], sizes[i][1]);
		assert_fits(&w);
		if (sizes[i][0] >= 3 && sizes[i][1] >= 18)
			assert_true(find_line(&w, "terminal too small") >= 0);
		/* and nothing of the dashboard */
		assert_int_equal(find_line(&w, "TYPE"), -1);
	}
	draw(&w, 7, 40);
	assert_true(find_line(&w, "40x7, nstop needs 40x8") >= 0);
	world_free(&w);
}

static void test_selection_stays_on_screen(void **state)
{
	struct world w;
	int y;

	(void)state;
	world_init(&w, true);
	/* 5 rows, 3 lines for them */
	nstop_model_select(&w.m, 4);
	draw(&w, 8, 60);
	assert_int_equal(w.m.scroll, 2);
	y = 6;
	assert_true(w.f.cells[y * 60].attr & NSTOP_ATTR_REVERSE);
	assert_string_equal(line(&w, y) + 0, line(&w, y));
	nstop_model_select(&w.m, 0);
	draw(&w, 8, 60);
	assert_int_equal(w.m.scroll, 0);
	/* a bigger screen shows everything from the top */
	nstop_model_select(&w.m, 4);
	draw(&w, 8, 60);
	draw(&w, 40, 60);
	assert_int_equal(w.m.scroll, 0);
	world_free(&w);
}

static void test_tree_lines(void **state)
{
	struct world w;
	int y;

	(void)state;
	world_init(&w, true);
	w.m.tree = true;
	w.m.types = NS_MASK(NS_PID);
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 20, 100);
	assert_string_equal(line(&w, TITLE), "Namespace tree (pid), 3 rows, by CPU% descending");
	y = find_line(&w, "4026532202");
	assert_non_null(strstr(line(&w, y), "└─4026532202"));
	assert_non_null(strstr(line(&w, y + 1), "  └─4026532402"));
	world_free(&w);

	world_init(&w, false);
	w.m.tree = true;
	w.m.types = NS_MASK(NS_PID);
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 20, 100);
	y = find_line(&w, "4026532202");
	assert_non_null(strstr(line(&w, y), "`-4026532202"));
	assert_non_null(strstr(line(&w, y + 1), "  `-4026532402"));
	/* ASCII frames hold ASCII only */
	for (int i = 0; i < w.f.rows * w.f.cols; i++)
		assert_true(w.f.cells[i].ch < 0x80);
	world_free(&w);
}

static void test_pane_prompt_search(void **state)
{
	char l0[] = "pid  separate  4026531836  4026532202", l1[] = "net\tseparate";
	char *lines[] = { l0, l1 };
	struct world w;

	(void)state;
	world_init(&w, true);
	w.ui.mode = NSTOP_MODE_PANE;
	snprintf(w.ui.pane_title, sizeof(w.ui.pane_title), "nsdiff 100 (nginx) against the host");
	w.ui.pane_lines = lines;
	w.ui.pane_nlines = 2;
	draw(&w, 24, 80);
	assert_true(find_line(&w, "┌─ nsdiff 100 (nginx) against the host ─") == 8);
	assert_true(strncmp(line(&w, 9), "│ pid  separate  4026531836  4026532202  ", 42) == 0);
	assert_true(strcmp(line(&w, 9) + strlen(line(&w, 9)) - 4, " │") == 0);
	/* a tab is not for the screen: '?' (actions.c expands them before) */
	assert_non_null(strstr(line(&w, 10), "net?separate"));
	assert_true(strncmp(line(&w, 22), "└", 3) == 0);
	w.ui.pane_busy = true;
	draw(&w, 24, 80);
	assert_true(find_line(&w, "(running...)") == 8);
	assert_fits(&w);

	w.ui.mode = NSTOP_MODE_PROMPT;
	snprintf(w.ui.prompt, sizeof(w.ui.prompt), "signal to send to PID 100 (nginx) [TERM]: ");
	snprintf(w.ui.input, sizeof(w.ui.input), "KILL");
	draw(&w, 24, 80);
	assert_string_equal(line(&w, 23), "signal to send to PID 100 (nginx) [TERM]: KILL_");

	w.ui.mode = NSTOP_MODE_FILTER;
	w.ui.footer = (struct nstop_footer_item[]){ { "Enter", "Done", 1, '\n' },
						    { "Esc", "Clear", 0, 27 } };
	w.ui.nfooter = 2;
	snprintf(w.ui.input, sizeof(w.ui.input), "web");
	snprintf(w.m.filter_text, sizeof(w.m.filter_text), "web");
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 80);
	assert_string_equal(line(&w, 23), "Filter: web_  EnterDone  EscClear");
	assert_non_null(strstr(line(&w, TITLE), "filter 'web'"));
	/* the text stays when the keys do not fit */
	draw(&w, 24, 40);
	assert_string_equal(line(&w, 23), "Filter: web_  EnterDone  EscClear");
	draw(&w, 24, 26);
	assert_string_equal(line(&w, 8), "");	/* too small: no dashboard */

	snprintf(w.m.filter_text, sizeof(w.m.filter_text), "zzz");
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 80);
	assert_string_equal(line(&w, ROW0), " no row shows the filter's text");

	/* the search: every row stays; "not found" when none shows it */
	w.m.filter_text[0] = '\0';
	w.ui.mode = NSTOP_MODE_SEARCH;
	w.ui.not_found = true;
	snprintf(w.ui.input, sizeof(w.ui.input), "zzz");
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 80);
	assert_string_equal(line(&w, 23), "Search: zzz_ not found  EnterDone  EscClear");
	assert_non_null(strstr(line(&w, TITLE), "5 rows"));

	w.ui.mode = NSTOP_MODE_BROWSE;
	snprintf(w.ui.message, sizeof(w.ui.message), "sent SIGTERM to PID 100 (nginx)");
	draw(&w, 24, 80);
	assert_string_equal(line(&w, 23), "sent SIGTERM to PID 100 (nginx)");
	world_free(&w);
}

static void test_host_hidden(void **state)
{
	struct world w;

	(void)state;
	world_init(&w, true);
	w.m.hide_host[NSTOP_VIEW_NS] = true;
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 100);
	assert_string_equal(line(&w, TITLE),
			    "Namespaces (all types; host hidden), 3 rows, by CPU% descending");
	assert_int_equal(find_line(&w, "(host)"), -1);
	assert_true(find_line(&w, "4026532204 web") > 4);
	/* nothing but the host: the empty screen says how to see it */
	w.m.types = NS_MASK(NS_USER);
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 100);
	assert_string_equal(line(&w, ROW0), " nothing to show");
	w.m.types = NS_MASK(NS_NET);
	w.cur.snap.tasks[30].ns[NS_NET] = H_NET;
	w.cur.snap.tasks[31].ns[NS_NET] = H_NET;
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 100);
	assert_string_equal(line(&w, ROW0), " nothing but the host's namespaces: s shows them");
	w.m.hide_host[NSTOP_VIEW_NS] = false;
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 100);
	assert_non_null(strstr(line(&w, ROW0), "net    4026531833 (host)"));
	world_free(&w);
}

/* htop's function bar: keys drop by priority, quit and help the last to go. */
static void test_footer_degrades(void **state)
{
	static const struct nstop_footer_item keys[] = {
		{ "F1", "Help", 1, 1 },		{ "F2", "Setup", 7, 2 },
		{ "F3", "Search", 3, 3 },	{ "F4", "Filter", 4, 4 },
		{ "F5", "Tree", 9, 5 },		{ "F6", "SortBy", 5, 6 },
		{ "F9", "Kill", 8, 9 },		{ "F10", "Quit", 0, 10 },
		{ "Enter", "Procs", 2, 11 },	{ "c", "Containers", 6, 12 },
		{ "t", "Type", 10, 13 },	{ "s", "Host", 11, 14 },
		{ "e", "Shell", 12, 15 },	{ "d", "Diff", 13, 16 },
	};
	struct world w;

	(void)state;
	world_init(&w, true);
	w.ui.footer = keys;
	w.ui.nfooter = sizeof(keys) / sizeof(keys[0]);
	draw(&w, 24, 120);
	assert_string_equal(line(&w, 23), "F1Help  F2Setup F3SearchF4FilterF5Tree  F6SortByF9Kill  "
					  "F10Quit  EnterProcs cContainerstType  sHost  eShell dDiff");
	/* the label is a bar: the key plain, its label in reverse video */
	assert_false(w.f.cells[23 * 120].attr & NSTOP_ATTR_REVERSE);
	assert_true(w.f.cells[23 * 120 + 2].attr & NSTOP_ATTR_REVERSE);
	assert_int_equal(w.f.map.nfooter, 14);
	draw(&w, 24, 80);
	assert_string_equal(line(&w, 23), "F1Help  F2Setup F3SearchF4FilterF6SortByF9Kill  F10Quit  "
					  "EnterProcs cContainers");
	draw(&w, 15, 60);
	assert_string_equal(line(&w, 14), "F1Help  F3SearchF4FilterF6SortByF10Quit  EnterProcs");
	draw(&w, 8, 40);
	assert_string_equal(line(&w, 7), "F1Help  F3SearchF10Quit  EnterProcs");
	/* a click finds the key under it */
	assert_int_equal(w.f.map.nfooter, 4);
	assert_int_equal(w.f.map.footer[2].x, 16);
	assert_int_equal(w.f.map.footer[2].code, 10);
	for (int cols = 40; cols <= 160; cols++) {
		draw(&w, 24, cols);
		assert_true(strncmp(line(&w, 23), "F1Help", 6) == 0);
		assert_non_null(strstr(line(&w, 23), "F10Quit"));
		assert_fits(&w);
	}
	world_free(&w);
}

/* F6, F9: a menu at the left, over the rows, its selection on screen. */
static void test_menu(void **state)
{
	char items[40][16];
	char *lines[40];
	struct world w;
	int y;

	(void)state;
	world_init(&w, true);
	for (int i = 0; i < 40; i++) {
		snprintf(items[i], sizeof(items[i]), "%2d SIGX%d", i + 1, i + 1);
		lines[i] = items[i];
	}
	w.ui.mode = NSTOP_MODE_MENU;
	snprintf(w.ui.pane_title, sizeof(w.ui.pane_title), "Signal to 100");
	w.ui.pane_lines = lines;
	w.ui.pane_nlines = 40;
	w.ui.menu_width = 20;
	w.ui.menu_sel = 14;
	draw(&w, 24, 80);
	/* from the headings' line to the one above the bottom line */
	assert_int_equal(HEAD, 5);
	assert_true(strncmp(line(&w, 5), "┌ Signal to 100 ───┐NTAINER", 37) == 0);
	assert_true(strncmp(line(&w, 22), "└──────────────────┘", 60) == 0);
	y = find_line(&w, "15 SIGX15");
	assert_true(y > 4 && y < 22);
	assert_true(w.f.cells[y * 80 + 1].attr & NSTOP_ATTR_REVERSE);
	assert_false(w.f.cells[(y - 1) * 80 + 1].attr & NSTOP_ATTR_REVERSE);
	/* the rows show at its right */
	assert_non_null(strstr(line(&w, 5), "CPU%"));
	assert_int_equal(w.f.map.menu_y, 6);
	assert_int_equal(w.f.map.menu_n, 16);
	assert_int_equal(w.f.map.menu_scroll, 0);
	assert_int_equal(nstop_view_menu_page(&w.m, &w.h, &w.ui, 24, 80), 16);
	/* the last item: scrolled so that it is on the last line */
	w.ui.menu_sel = 39;
	draw(&w, 24, 80);
	assert_true(strncmp(line(&w, 21), "│ 40 SIGX40 ", 14) == 0);
	assert_int_equal(w.f.map.menu_scroll, 24);
	draw(&w, 8, 40);
	assert_fits(&w);
	world_free(&w);
}

/* 80x24, 60x15: the title and the header in shorter forms, whole. */
static void test_short_forms(void **state)
{
	struct world w;
	char buf[256];

	(void)state;
	world_init(&w, true);
	w.m.hide_host[NSTOP_VIEW_NS] = true;
	snprintf(w.m.filter_text, sizeof(w.m.filter_text), "nginx");
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	nstop_view_title(&w.m, buf, sizeof(buf));
	assert_string_equal(buf, "Namespaces (all types; host hidden), 2 rows, by CPU% descending, "
				 "filter 'nginx'");
	draw(&w, 24, 79);
	assert_true(find_line(&w, buf) >= 0);
	draw(&w, 24, 78);
	assert_true(find_line(&w, "Namespaces (all types; host hidden), 2 rows, by CPU% desc, "
				  "filter 'nginx'") >= 0);
	draw(&w, 15, 60);
	assert_true(find_line(&w, "NS (all, no host), 2 rows, by CPU% desc, filter 'nginx'") >= 0);
	draw(&w, 8, 40);
	assert_true(find_line(&w, "NS (all, no host), 2, by CPU% desc, filt") >= 0);
	assert_fits(&w);
	/* the first line: without the host's name, then without the uptime */
	draw(&w, 15, 60);
	assert_string_equal(line(&w, 0), "nstop - 12:00:00 up 1:00, host testhost, load 0.50 0.40 0.30");
	draw(&w, 15, 50);
	assert_string_equal(line(&w, 0), "nstop 12:00:00 up 1:00 load 0.50 0.40 0.30");
	draw(&w, 15, 40);
	assert_string_equal(line(&w, 0), "nstop 12:00:00 load 0.50 0.40 0.30");
	/* the processes, the container view */
	w.m.filter_text[0] = '\0';
	w.m.top_view = NSTOP_VIEW_CT;
	w.m.hide_host[NSTOP_VIEW_CT] = true;
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 15, 40);
	assert_true(find_line(&w, "Containers (no host), 1, by CPU% desc") >= 0);
	nstop_model_select(&w.m, 0);
	assert_true(nstop_model_drill(&w.m));
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 15, 60);
	assert_true(find_line(&w, "Processes of container web, 2 rows, by CPU% descending") >= 0);
	draw(&w, 15, 40);
	assert_true(find_line(&w, "Procs of container web, 2, by CPU% desc") >= 0);
	for (int c = 40; c <= 120; c++) {
		draw(&w, 15, c);
		assert_fits(&w);
	}
	world_free(&w);
}

/* Meters as htop's: a bar per CPU, memory and swap; the counts at the right. */
static void test_meters(void **state)
{
	struct nstop_cpu_use cpus[64];
	struct world w;
	int y;

	(void)state;
	world_init(&w, true);
	memset(cpus, 0, sizeof(cpus));
	cpus[0] = (struct nstop_cpu_use){ .nice = 10, .user = 20, .sys = 10, .virt = 0 };
	cpus[1] = (struct nstop_cpu_use){ .user = 100 };
	w.h.cpus = cpus;
	w.h.ncpus = 2;
	w.h.have_cpus = true;
	w.h.cpu_all = (struct nstop_cpu_use){ .user = 60 };
	w.h.mem_cache = 4ull << 30;
	w.h.swap_total = 1ull << 30;
	w.h.swap_used = 256ull << 20;
	draw(&w, 24, 80);
	assert_string_equal(line(&w, 1), "0[||||||||||||||                 40.0%]  Tasks: 32, 64 thr; 32 running");
	assert_string_equal(line(&w, 2), "1[||||||||||||||||||||||||||||||100.0%]  Namespaces: 5 (2 net, 3 pid)");
	assert_string_equal(line(&w, 3), "Mem[|||||||||||||||||||||||||2.0G/8.0G]  Containers: 1");
	assert_string_equal(line(&w, 4), "Swp[|||||||||                256M/1.0G]  RSS: 128M; every 2s");
	assert_int_equal(TITLE, 5);
	/* the parts in their colors: nice, user, system; used, cache */
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[80 + 2].attr), NSTOP_C_BAR_NICE);
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[80 + 8].attr), NSTOP_C_BAR_USER);
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[80 + 14].attr), NSTOP_C_BAR_SYS);
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[80 + 16].attr), NSTOP_C_NONE);
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[3 * 80 + 5].attr), NSTOP_C_BAR_USER);
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[3 * 80 + 20].attr), NSTOP_C_BAR_CACHE);
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[3 * 80].attr), NSTOP_C_METER);
	assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[80 + 45].attr), NSTOP_C_METER);
	/* without colors, each part its own character */
	w.h.mono = true;
	draw(&w, 24, 80);
	assert_string_equal(line(&w, 1), "0[||||#######***                 40.0%]  Tasks: 32, 64 thr; 32 running");
	assert_string_equal(line(&w, 3), "Mem[|||||||||################2.0G/8.0G]  Containers: 1");
	for (int x = 0; x < 80; x++)
		assert_int_equal(NSTOP_ATTR_COLOR_OF(w.f.cells[80 + x].attr) >= NSTOP_C_BAR_NICE, 0);
	w.h.mono = false;

	/* 60x15: the CPUs side by side, and memory; the counts in two lines */
	draw(&w, 15, 60);
	assert_string_equal(line(&w, 1), "0[|||| 40.0%] 1[|||||100.0%]   Namespaces: 5 (2 net, 3 pid)");
	assert_string_equal(line(&w, 2), "Mem[|||||||||||||||2.0G/8.0G]  Containers: 1; tasks: 32");
	assert_int_equal(TITLE, 3);
	assert_string_equal(line(&w, 3), "Namespaces (all types), 5 rows, by CPU% descending");
	assert_fits(&w);
	/* too narrow for two: one bar for all */
	draw(&w, 15, 50);
	assert_string_equal(line(&w, 1), "CPU[|||||||||||   60.0%]  Namespaces: 5");
	/* the smallest: one line of meters */
	draw(&w, 8, 40);
	assert_string_equal(line(&w, 1), "CPU[|||||||| 60.0%]  5 ns, 1 ctnrs");
	assert_fits(&w);

	/* many CPUs: in columns where the screen is wide, else one bar for all */
	w.h.ncpus = 64;
	for (int i = 0; i < 64; i++)
		cpus[i] = (struct nstop_cpu_use){ .user = i };
	draw(&w, 24, 80);
	assert_true(strncmp(line(&w, 1), "CPU[", 4) == 0);
	draw(&w, 50, 200);
	assert_true(strncmp(line(&w, 1), "CPU[", 4) == 0);
	draw(&w, 50, 240);
	/* (50 - 8) / 3 = 14 lines: 12 at most, 2 for memory, 10 for 64 CPUs: 8 columns */
	assert_int_equal(TITLE, 11);
	assert_true(strncmp(line(&w, 1), " 0[", 3) == 0);
	/* numbered down the columns, as htop's */
	assert_non_null(strstr(line(&w, 1), " 8[|    8.0%] 16["));
	assert_non_null(strstr(line(&w, 1), "56[|||||56.0%]"));
	assert_non_null(strstr(line(&w, 8), "63["));
	assert_true(strncmp(line(&w, 9), "Mem[", 4) == 0);
	assert_fits(&w);
	y = find_line(&w, "Containers: 1");
	assert_int_equal(y, 3);
	for (int r = 8; r <= 60; r++)
		for (int c = 40; c <= 200; c += 7) {
			draw(&w, r, c);
			assert_fits(&w);
			assert_true(HEAD > TITLE && ROW0 == HEAD + 1);
			assert_true(ROW0 + nstop_view_page(&w.m, &w.h, r, c) == r - 1);
		}
	world_free(&w);
}

static void test_notice(void **state)
{
	struct world w;
	char buf[256];

	(void)state;
	world_init(&w, true);
	w.cur.snap.ndenied = 3;
	w.cur.nnet_denied = 1;
	w.h.root = false;
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	draw(&w, 24, 120);
	assert_string_equal(line(&w, 4), "not root: the namespaces of 3 processes are unknown; the "
					 "traffic of 1 net namespace is unknown");
	assert_non_null(strstr(line(&w, 6), "TYPE"));
	assert_int_equal(nstop_view_page(&w.m, &w.h, 24, 120), 16);
	w.cur.snap.ndenied = 0;
	assert_int_equal(nstop_model_build(&w.m, &w.cur), 0);
	nstop_view_notice(&w.m, &w.h, buf, sizeof(buf));
	assert_string_equal(buf, "not root: the traffic of 1 net namespace is unknown");
	world_free(&w);
}

static void test_text(void **state)
{
	struct nstop_frame f;
	char buf[64];

	(void)state;
	nstop_frame_init(&f, true);
	assert_int_equal(nstop_frame_resize(&f, 2, 10), 0);
	assert_int_equal(nstop_frame_put(&f, 0, 0, "héllo", -1, 0), 5);
	nstop_frame_text(&f, 0, buf, sizeof(buf));
	assert_string_equal(buf, "héllo");
	/* wide characters take two cells and never straddle the edge */
	assert_int_equal(nstop_frame_put(&f, 1, 0, "日本語です", -1, 0), 10);
	nstop_frame_text(&f, 1, buf, sizeof(buf));
	assert_string_equal(buf, "日本語です");
	assert_int_equal(nstop_frame_put(&f, 1, 1, "日本語です", -1, 0), 8);
	/* control characters and broken UTF-8 are shown as '?' */
	nstop_frame_clear(&f);
	nstop_frame_put(&f, 0, 0, "a\tb\x1b[31m\xff\xc3", -1, 0);
	nstop_frame_text(&f, 0, buf, sizeof(buf));
	assert_string_equal(buf, "a?b?[31m??");
	/* outside the frame: nothing */
	assert_int_equal(nstop_frame_put(&f, 5, 0, "x", -1, 0), 0);
	assert_int_equal(nstop_frame_put(&f, 0, 10, "x", -1, 0), 0);
	assert_int_equal(nstop_frame_put(&f, 0, 8, "xyz", -1, 0), 2);
	nstop_frame_release(&f);

	nstop_frame_init(&f, false);
	assert_int_equal(nstop_frame_resize(&f, 1, 10), 0);
	nstop_frame_put(&f, 0, 0, "héllo", -1, 0);
	nstop_frame_text(&f, 0, buf, sizeof(buf));
	assert_string_equal(buf, "h?llo");
	nstop_frame_release(&f);
}

static void test_resize_keeps_memory(void **state)
{
	struct world w;
	size_t cap;

	(void)state;
	world_init(&w, true);
	draw(&w, 50, 200);
	cap = w.f.cap;
	for (int i = 0; i < 500; i++)
		draw(&w, 8 + i % 40, 40 + i % 160);
	assert_int_equal(w.f.cap, cap);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_screen),
		cmocka_unit_test(test_narrow_screens_drop_columns),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_selection_stays_on_screen),
		cmocka_unit_test(test_tree_lines),
		cmocka_unit_test(test_pane_prompt_search),
		cmocka_unit_test(test_host_hidden),
		cmocka_unit_test(test_footer_degrades),
		cmocka_unit_test(test_menu),
		cmocka_unit_test(test_short_forms),
		cmocka_unit_test(test_meters),
		cmocka_unit_test(test_notice),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_resize_keeps_memory),
	};

	/* wcwidth() needs a UTF-8 locale; C.UTF-8 is always there on glibc */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
