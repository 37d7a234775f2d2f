// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop's keys without a terminal: the key table's rows for function keys
 * and the mouse, against a frame drawn in memory (what a click is on comes
 * from the frame's map), and the decoding of the terminal's mouse reports
 * (SGR and the old form) into keys, double clicks included.
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

#include "nstop.h"

#define H_NET 4026531833ULL
#define H_PID 4026531836ULL
#define C_NET 4026532204ULL
#define C_PID 4026532202ULL

static struct snapshot_ct web = { .key = 1000 };
static struct nstop_sample cur;
static struct nstop t;

static void add(pid_t pid, unsigned long long ticks, uint64_t net, uint64_t pidns,
		struct snapshot_ct *ct, const char *comm)
{
	struct task *p;

	assert_int_equal(nstop_sample_reserve(&cur, cur.snap.ntasks + 1), 0);
	p = &cur.snap.tasks[cur.snap.ntasks++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->loaded = TASK_STAT | TASK_CONTAINER;
	p->stat.pid = pid;
	p->stat.starttime = (unsigned long long)pid;
	p->stat.rss = (long long)ticks + 1;
	p->stat.nthreads = 1;
	p->stat.state = 'S';
	p->cpu = (double)ticks;
	p->ns[NS_NET] = net;
	p->ns[NS_PID] = pidns;
	p->ct = ct ? &ct->info : NULL;
	snprintf(p->stat.comm, sizeof(p->stat.comm), "%s", comm);
}

/* The host, and 20 namespaces of a container: more rows than a 24-line screen has. */
static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	memset(&web.info, 0, sizeof(web.info));
	web.info.runtime = CT_DOCKER;
	snprintf(web.info.name, sizeof(web.info.name), "web");
	nstop_sample_init(&cur);
	cur.have_cpu = true;
	cur.snap.host_ns[NS_NET] = H_NET;
	cur.snap.host_ns[NS_PID] = H_PID;
	for (pid_t p = 1; p <= 5; p++)
		add(p, 1, H_NET, H_PID, NULL, "daemon");
	for (pid_t p = 100; p < 120; p++)
		add(p, (unsigned long long)(p - 99), C_NET + (uint64_t)(p - 100) * 2,
		    C_PID + (uint64_t)(p - 100) * 2, &web, "nginx");
	nstop_model_init(&t.model);
	nstop_ui_init(&t.ui);
	nstop_frame_init(&t.frame, true);
	t.kill.pidfd = -1;
	t.diff.fd = -1;
	t.rows = 24;
	t.cols = 80;
	t.hdr.ncpu = 2;
	t.hdr.delay = 2;
	t.model.types = NS_MASK(NS_NET);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nstop_pane_clear(&t);
	free(t.pane);
	nstop_frame_release(&t.frame);
	nstop_model_release(&t.model);
	nstop_sample_free(&cur);
	return 0;
}

/* Rebuild and draw as the main loop does after a key. */
static void redraw(void)
{
	assert_int_equal(nstop_model_build(&t.model, &cur), 0);
	nstop_footer(&t);
	assert_int_equal(nstop_frame_resize(&t.frame, t.rows, t.cols), 0);
	nstop_view_draw(&t.frame, &t.model, &t.hdr, &t.ui);
}

/* A key as the main loop hands it over, and what it asked for done. */
static enum nstop_next press(int key)
{
	enum nstop_next next = nstop_key(&t, key);

	if (next == NSTOP_NEXT_BUILD || next == NSTOP_NEXT_SAMPLE || next == NSTOP_NEXT_DRAW)
		redraw();
	return next;
}

static enum nstop_next click_at(int key, int x, int y)
{
	t.mouse_at = (struct nstop_mouse){ x, y };
	return press(key);
}

static const char *line(int y)
{
	static char buf[1024];

	nstop_frame_text(&t.frame, y, buf, sizeof(buf));
	return buf;
}

/* The x of the key of the bottom line that stands for code. */
static int footer_x(int code)
{
	for (size_t i = 0; i < t.frame.map.nfooter; i++)
		if (t.frame.map.footer[i].code == code)
			return t.frame.map.footer[i].x;
	return -1;
}

static void test_function_keys(void **state)
{
	(void)state;
	redraw();
	assert_non_null(strstr(line(23), "F1Help"));
	assert_non_null(strstr(line(23), "F10Quit"));
	/* F10, q: quit */
	assert_int_equal(press(NSTOP_KEY_F(10)), NSTOP_NEXT_QUIT);
	assert_int_equal(press('q'), NSTOP_NEXT_QUIT);
	/* F1: the help, which lists the function keys and the mouse */
	press(NSTOP_KEY_F(1));
	assert_int_equal(t.ui.mode, NSTOP_MODE_PANE);
	{
		bool f3 = false, dbl = false;

		for (size_t i = 0; i < t.npane; i++) {
			f3 |= strncmp(t.pane[i], "  F3 ", 5) == 0;
			dbl |= strncmp(t.pane[i], "  double-click", 14) == 0;
		}
		assert_true(f3);
		assert_true(dbl);
	}
	press(NSTOP_KEY_ESC);
	assert_int_equal(t.ui.mode, NSTOP_MODE_BROWSE);
	/* F4: the filter; F3: the search, which hides nothing */
	press(NSTOP_KEY_F(4));
	assert_int_equal(t.ui.mode, NSTOP_MODE_FILTER);
	press('2');
	press('2');
	press('1');
	assert_string_equal(t.model.filter_text, "221");
	assert_int_equal(t.model.nrows, 5);	/* ...2210, ...2212 ... ...2218 */
	press(NSTOP_KEY_ESC);
	assert_int_equal(t.model.nrows, 21);
	press(NSTOP_KEY_F(3));
	assert_int_equal(t.ui.mode, NSTOP_MODE_SEARCH);
	press('2');
	press('2');
	press('3');
	press('0');
	assert_int_equal(t.model.nrows, 21);
	assert_int_equal(nstop_model_selected(&t.model)->ino, 4026532230ULL);
	press(NSTOP_KEY_ENTER);
	assert_int_equal(t.ui.mode, NSTOP_MODE_BROWSE);
	assert_int_equal(nstop_model_selected(&t.model)->ino, 4026532230ULL);
	/* F5: the tree, of pid and user namespaces */
	press(NSTOP_KEY_F(5));
	assert_true(t.model.tree);
	press(NSTOP_KEY_F(5));
	assert_false(t.model.tree);
	/* F6: the sort menu, the column sorted by selected; MEM chosen */
	press(NSTOP_KEY_F(6));
	assert_int_equal(t.ui.mode, NSTOP_MODE_MENU);
	assert_string_equal(t.pane[t.ui.menu_sel], "CPU%");
	press(NSTOP_KEY_DOWN);
	press(NSTOP_KEY_ENTER);
	assert_int_equal(t.model.sort[NSTOP_VIEW_NS].col, NSTOP_COL_MEM);
	assert_int_equal(t.ui.mode, NSTOP_MODE_BROWSE);
}

static void test_mouse(void **state)
{
	const struct nstop_map *map = &t.frame.map;
	size_t before;
	int x;

	(void)state;
	t.model.sort[NSTOP_VIEW_NS].col = NSTOP_COL_CPU;
	t.model.sort[NSTOP_VIEW_NS].reverse = false;
	redraw();
	/* a click on a row selects it */
	click_at(NSTOP_KEY_CLICK, 10, map->rows_y + 3);
	assert_int_equal(t.model.sel, 3);
	assert_true(t.frame.cells[(map->rows_y + 3) * 80].attr & NSTOP_ATTR_REVERSE);
	/* below the last row, or on the header: nothing */
	assert_int_equal(click_at(NSTOP_KEY_CLICK, 10, 1), NSTOP_NEXT_NONE);
	assert_int_equal(t.model.sel, 3);
	/* a click on a column's heading sorts by it, again the other way */
	x = (int)(strstr(line(map->heading_y), "MEM") - line(map->heading_y));
	assert_int_equal(click_at(NSTOP_KEY_CLICK, x + 1, map->heading_y), NSTOP_NEXT_BUILD);
	assert_int_equal(t.model.sort[NSTOP_VIEW_NS].col, NSTOP_COL_MEM);
	assert_false(t.model.sort[NSTOP_VIEW_NS].reverse);
	click_at(NSTOP_KEY_CLICK, x + 1, map->heading_y);
	assert_true(t.model.sort[NSTOP_VIEW_NS].reverse);
	x = (int)(strstr(line(map->heading_y), "CPU%") - line(map->heading_y));
	click_at(NSTOP_KEY_CLICK, x, map->heading_y);
	assert_int_equal(t.model.sort[NSTOP_VIEW_NS].col, NSTOP_COL_CPU);
	/* the wheel moves the selection, and the view with it */
	nstop_model_select(&t.model, 0);
	redraw();
	for (int i = 0; i < 6; i++)
		click_at(NSTOP_KEY_WHEEL_DOWN, 10, map->rows_y);
	assert_int_equal(t.model.sel, 18);
	assert_true(map->scroll > 0);
	click_at(NSTOP_KEY_WHEEL_UP, 10, map->rows_y);
	assert_int_equal(t.model.sel, 15);
	/* a double click on a row enters it; a click on Esc's key comes back */
	before = t.model.nrows;
	click_at(NSTOP_KEY_DCLICK, 5, map->rows_y + 1);
	assert_true(t.model.drill);
	assert_int_equal(nstop_model_view(&t.model), NSTOP_VIEW_PROC);
	assert_int_equal(t.model.nrows, 1);
	x = footer_x(NSTOP_KEY_ESC);
	assert_true(x >= 0);
	click_at(NSTOP_KEY_CLICK, x + 1, map->footer_y);
	assert_false(t.model.drill);
	assert_int_equal(t.model.nrows, before);
	/* a click on F10's key quits, on F1's the help */
	x = footer_x(NSTOP_KEY_F(10));
	assert_int_equal(click_at(NSTOP_KEY_CLICK, x, map->footer_y), NSTOP_NEXT_QUIT);
	x = footer_x(NSTOP_KEY_F(1));
	click_at(NSTOP_KEY_CLICK, x + 3, map->footer_y);
	assert_int_equal(t.ui.mode, NSTOP_MODE_PANE);
	/* in the pane, the wheel scrolls; the bottom line's Esc closes it */
	click_at(NSTOP_KEY_WHEEL_DOWN, 10, 10);
	assert_int_equal(t.ui.pane_scroll, 3);
	x = footer_x(NSTOP_KEY_ESC);
	click_at(NSTOP_KEY_CLICK, x, map->footer_y);
	assert_int_equal(t.ui.mode, NSTOP_MODE_BROWSE);
	/* the sort menu: a click selects an item, a double click chooses it */
	press(NSTOP_KEY_F(6));
	assert_true(map->menu_n > 0);
	click_at(NSTOP_KEY_CLICK, map->menu_x + 1, map->menu_y + 1);
	assert_int_equal(t.ui.menu_sel, 1);
	assert_int_equal(t.ui.mode, NSTOP_MODE_MENU);
	click_at(NSTOP_KEY_DCLICK, map->menu_x + 1, map->menu_y);
	assert_int_equal(t.ui.mode, NSTOP_MODE_BROWSE);
	assert_int_equal(t.model.sort[NSTOP_VIEW_NS].col, t.model.cols[NSTOP_VIEW_NS][0]);
}

/* The line of the setup screen that starts with text (after "  " for columns). */
static size_t setup_line(const char *text)
{
	for (size_t i = 0; i < t.npane; i++)
		if (strncmp(t.pane[i], text, strlen(text)) == 0)
			return i;
	fail_msg("no line '%s' in the setup screen", text);
	return 0;
}

static void go_to(const char *text)
{
	size_t to = setup_line(text);

	press(NSTOP_KEY_HOME);
	for (size_t i = 0; i < to; i++)
		press(NSTOP_KEY_DOWN);
	assert_int_equal(t.ui.menu_sel, to);
}

/* F2: every setting changed in place, in effect at once, saved when closed. */
static void test_setup(void **state)
{
	char dir[] = "/tmp/nstop-setup-XXXXXX", cmd[300];
	struct nstop_config c, saved;
	struct nstop_config_error e;
	size_t at;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(t.config_path, sizeof(t.config_path), "%s/nskit/nstoprc", dir);
	t.delay = 2;
	t.mouse = true;
	t.color_mode = OUT_COLOR_AUTO;
	redraw();
	press(NSTOP_KEY_F(2));
	assert_int_equal(t.ui.mode, NSTOP_MODE_SETUP);
	assert_non_null(strstr(line(0), "Setup"));
	assert_non_null(strstr(line(23), "EscDone"));
	/* the delay: 2, then 3; back: 2, 1.5 */
	go_to("Refresh every");
	assert_non_null(strstr(t.pane[t.ui.menu_sel], " 2 s"));
	press(NSTOP_KEY_ENTER);
	assert_true(t.delay == 3);
	assert_true(t.hdr.delay == 3);
	press(NSTOP_KEY_LEFT);
	press(NSTOP_KEY_LEFT);
	assert_true(t.delay == 1.5);
	assert_non_null(strstr(t.pane[t.ui.menu_sel], " 1.5 s"));
	/* the view: the tree, then containers, then namespaces again */
	go_to("Start in");
	press(' ');
	assert_true(t.model.tree);
	press(' ');
	assert_int_equal(t.model.top_view, NSTOP_VIEW_CT);
	assert_false(t.model.tree);
	press(NSTOP_KEY_LEFT);
	press(NSTOP_KEY_LEFT);
	assert_int_equal(t.model.top_view, NSTOP_VIEW_NS);
	/* the sort of the container view: CPU% the other way, then MEM */
	go_to("Sort containers by");
	press(NSTOP_KEY_RIGHT);
	assert_true(t.model.sort[NSTOP_VIEW_CT].reverse);
	assert_non_null(strstr(t.pane[t.ui.menu_sel], "CPU% ascending"));
	press(NSTOP_KEY_RIGHT);
	assert_int_equal(t.model.sort[NSTOP_VIEW_CT].col, NSTOP_COL_MEM);
	assert_false(t.model.sort[NSTOP_VIEW_CT].reverse);
	/* the host, the mouse, colors */
	go_to("Hide processes in no container");
	press(NSTOP_KEY_ENTER);
	assert_true(t.model.hide_host[NSTOP_VIEW_CT]);
	go_to("Mouse");
	press(NSTOP_KEY_ENTER);
	assert_false(t.mouse);
	go_to("Colors");
	press(NSTOP_KEY_ENTER);
	assert_int_equal(t.color_mode, OUT_COLOR_NEVER);
	assert_true(t.hdr.mono);
	/* THREADS of the namespace view: hidden, the headings without it */
	go_to("  [x] THREADS");
	press(' ');
	assert_false(nstop_model_has_col(&t.model, NSTOP_VIEW_NS, NSTOP_COL_THREADS));
	assert_non_null(strstr(t.pane[t.ui.menu_sel], "[x] CPU%"));
	/* ... shown again: last */
	go_to("  [ ] THREADS");
	press(NSTOP_KEY_ENTER);
	at = setup_line("  [x] THREADS");
	assert_int_equal(at, setup_line("  [x] COMMAND") + 1);
	/* moved up twice: before PID; no further than the first */
	go_to("  [x] THREADS");
	press(NSTOP_KEY_F(7));
	press('[');
	assert_int_equal(t.ui.menu_sel, at - 2);
	assert_int_equal(setup_line("  [x] THREADS") + 1, setup_line("  [x] PID"));
	go_to("  [x] TYPE");
	assert_int_equal(press('['), NSTOP_NEXT_NONE);
	press(']');
	assert_int_equal(t.model.cols[NSTOP_VIEW_NS][0], NSTOP_COL_NS);
	assert_int_equal(t.model.cols[NSTOP_VIEW_NS][1], NSTOP_COL_TYPE);
	/* the last column of a view stays */
	for (int i = 0; i < 10; i++) {
		go_to("  [x] ");
		press(' ');
	}
	go_to("  [x] ");
	press(' ');
	assert_non_null(strstr(t.ui.message, "one column at least"));
	assert_true(nstop_model_has_col(&t.model, NSTOP_VIEW_NS, t.model.cols[NSTOP_VIEW_NS][0]));
	/* hidden the column sorted by: sorted by the first */
	assert_true(nstop_model_has_col(&t.model, NSTOP_VIEW_NS, t.model.sort[NSTOP_VIEW_NS].col));

	/* closed: saved, and the file reads as what the screen showed */
	nstop_setup_get(&t, &c);
	press(NSTOP_KEY_ESC);
	assert_int_equal(t.ui.mode, NSTOP_MODE_BROWSE);
	assert_non_null(strstr(t.ui.message, "settings saved to /tmp/nstop-setup-"));
	assert_int_equal(nstop_config_load(t.config_path, &saved, &e), 0);
	assert_true(nstop_config_equal(&c, &saved));
	assert_true(saved.delay == 1.5);
	assert_false(saved.mouse);
	assert_false(saved.color);
	assert_true(saved.hide_host[NSTOP_VIEW_CT]);
	assert_int_equal(saved.sort[NSTOP_VIEW_CT].col, NSTOP_COL_MEM);
	/* and applied, it is the same dashboard */
	nstop_setup_apply(&t, &saved);
	nstop_setup_get(&t, &c);
	assert_true(nstop_config_equal(&c, &saved));
	/* nowhere to save: said */
	t.config_path[0] = '\0';
	press(NSTOP_KEY_F(2));
	press(NSTOP_KEY_F(10));
	assert_non_null(strstr(t.ui.message, "not saved"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_mouse_decode(void **state)
{
	struct nstop_mouse at = { -1, -1 };
	struct nstop_clicks c = { 0 };
	int key;

	(void)state;
	/* SGR: button 0 pressed at column 12, line 5 (from 1) */
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"<0;12;5M", 8, &key, &at), 8);
	assert_int_equal(key, NSTOP_KEY_CLICK);
	assert_int_equal(at.x, 11);
	assert_int_equal(at.y, 4);
	/* its release, the wheel, the other buttons, a motion */
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"<0;12;5m", 8, &key, &at), 8);
	assert_int_equal(key, NSTOP_KEY_NONE);
	nstop_mouse_decode((const unsigned char *)"<64;1;1M", 8, &key, &at);
	assert_int_equal(key, NSTOP_KEY_WHEEL_UP);
	nstop_mouse_decode((const unsigned char *)"<65;300;200M", 12, &key, &at);
	assert_int_equal(key, NSTOP_KEY_WHEEL_DOWN);
	assert_int_equal(at.x, 299);
	nstop_mouse_decode((const unsigned char *)"<2;1;1M", 7, &key, &at);
	assert_int_equal(key, NSTOP_KEY_NONE);
	nstop_mouse_decode((const unsigned char *)"<32;1;1M", 8, &key, &at);
	assert_int_equal(key, NSTOP_KEY_NONE);
	/* with a modifier (ctrl: 16) still a click */
	nstop_mouse_decode((const unsigned char *)"<16;3;4M", 8, &key, &at);
	assert_int_equal(key, NSTOP_KEY_CLICK);
	/* more to come, then not a report */
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"<0;12", 5, &key, &at), 0);
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"A", 1, &key, &at), -1);
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"<0;1;1;1M", 9, &key, &at), -1);
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"<0;0;1M", 7, &key, &at), -1);
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"<0;1x", 5, &key, &at), -1);
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"<99999999999;1;1M", 17, &key,
					    &at), -1);
	/* the old form: M, then button, column and line plus 32 */
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"M !%", 4, &key, &at), 4);
	assert_int_equal(key, NSTOP_KEY_CLICK);
	assert_int_equal(at.x, 0);
	assert_int_equal(at.y, 4);
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"M#!%", 4, &key, &at), 4);
	assert_int_equal(key, NSTOP_KEY_NONE);
	assert_int_equal(nstop_mouse_decode((const unsigned char *)"M ", 2, &key, &at), 0);

	/* two clicks on one cell in 0.4 s are a double one; a third starts again */
	at = (struct nstop_mouse){ 3, 4 };
	assert_int_equal(nstop_mouse_click(&c, NSTOP_KEY_CLICK, &at, 10.0), NSTOP_KEY_CLICK);
	assert_int_equal(nstop_mouse_click(&c, NSTOP_KEY_CLICK, &at, 10.2), NSTOP_KEY_DCLICK);
	assert_int_equal(nstop_mouse_click(&c, NSTOP_KEY_CLICK, &at, 10.3), NSTOP_KEY_CLICK);
	/* too late, or elsewhere: single */
	assert_int_equal(nstop_mouse_click(&c, NSTOP_KEY_CLICK, &at, 11.0), NSTOP_KEY_CLICK);
	at.x = 4;
	assert_int_equal(nstop_mouse_click(&c, NSTOP_KEY_CLICK, &at, 11.1), NSTOP_KEY_CLICK);
	/* the wheel goes through */
	assert_int_equal(nstop_mouse_click(&c, NSTOP_KEY_WHEEL_UP, &at, 11.1), NSTOP_KEY_WHEEL_UP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_function_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mouse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setup, setup, teardown),
		cmocka_unit_test(test_mouse_decode),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
