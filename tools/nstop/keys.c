// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The keys of the dashboard, as tables: one per mode (browsing the rows,
 * typing a filter or a search, a pane, a menu, a question). A row binds a
 * key to a handler, says in which views it works, how the help names it
 * and, for the bottom line, its label and how soon it goes when the line
 * is short (htop's function bar). A handler changes the model or the UI
 * state and returns what must happen next (redraw, rebuild the rows,
 * sample now, run something, quit); it never draws. The help pane, the
 * bottom line and the man page list these tables.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "nstop.h"

#define V_NS	(1u << NSTOP_VIEW_NS)
#define V_CT	(1u << NSTOP_VIEW_CT)
#define V_PROC	(1u << NSTOP_VIEW_PROC)
#define V_TOP	(V_NS | V_CT)
#define V_ALL	(V_NS | V_CT | V_PROC)

/* Labels of the bottom line per view: in every view, the top two, one. */
#define IN_ALL(s)	{ [NSTOP_VIEW_NS] = (s), [NSTOP_VIEW_CT] = (s), [NSTOP_VIEW_PROC] = (s) }
#define IN_TOP(s)	{ [NSTOP_VIEW_NS] = (s), [NSTOP_VIEW_CT] = (s) }
#define IN_NS(s)	{ [NSTOP_VIEW_NS] = (s) }
#define IN_PROC(s)	{ [NSTOP_VIEW_PROC] = (s) }

typedef enum nstop_next (*key_fn)(struct nstop *t, int key);

struct key_binding {
	int key;
	unsigned int views;		/* V_*: where the key does something */
	key_fn fn;
	const char *name;		/* for the help; NULL: an alias listed with another */
	const char *help;
	/* the bottom line: the key as shown, its label per view (NULL: not
	 * there), and its priority (higher goes first on a narrow screen) */
	const char *fkey;
	const char *label[NSTOP_NVIEWS];
	int prio;
};

struct key_mode {
	const struct key_binding *keys;
	size_t nkeys;
	key_fn other;			/* keys not in the table (text, columns), or NULL */
};

/* What a menu chooses. */
enum {
	MENU_SORT,
	MENU_SIGNAL,
};

static void message(struct nstop *t, bool error, const char *msg)
{
	snprintf(t->ui.message, sizeof(t->ui.message), "%s", msg);
	t->ui.message_error = error;
}

static void to_browse(struct nstop *t)
{
	t->ui.mode = NSTOP_MODE_BROWSE;
	t->ui.input[0] = '\0';
}

/* ----------------------------------------------------------------- browse */

static enum nstop_next k_quit(struct nstop *t, int key)
{
	(void)t;
	(void)key;
	return NSTOP_NEXT_QUIT;
}

static enum nstop_next k_help(struct nstop *t, int key)
{
	(void)key;
	if (nstop_help_lines(t) < 0) {
		message(t, true, "out of memory");
		return NSTOP_NEXT_DRAW;
	}
	snprintf(t->ui.pane_title, sizeof(t->ui.pane_title), "nstop keys (Esc closes)");
	t->ui.mode = NSTOP_MODE_PANE;
	t->ui.pane_full = true;
	t->ui.pane_scroll = 0;
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next k_drill(struct nstop *t, int key)
{
	(void)key;
	if (!nstop_model_drill(&t->model))
		return NSTOP_NEXT_NONE;
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next k_back(struct nstop *t, int key)
{
	(void)key;
	if (t->model.drill) {
		nstop_model_back(&t->model);
		return NSTOP_NEXT_BUILD;
	}
	if (t->model.filter_text[0]) {
		t->model.filter_text[0] = '\0';
		return NSTOP_NEXT_BUILD;
	}
	return NSTOP_NEXT_NONE;
}

static enum nstop_next k_containers(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;

	(void)key;
	nstop_model_back(m);
	m->top_view = m->top_view == NSTOP_VIEW_CT ? NSTOP_VIEW_NS : NSTOP_VIEW_CT;
	m->have_sel = false;
	m->sel = 0;
	m->tree = false;
	/* the container view shows traffic: sample with counters now */
	return NSTOP_NEXT_SAMPLE;
}

static enum nstop_next k_type(struct nstop *t, int key)
{
	(void)key;
	t->model.types = nstop_next_types(t->model.types);
	t->model.have_sel = false;
	t->model.sel = 0;
	return NSTOP_NEXT_SAMPLE;
}

static enum nstop_next k_host(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;

	(void)key;
	m->hide_host[m->top_view] = !m->hide_host[m->top_view];
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next k_tree(struct nstop *t, int key)
{
	(void)key;
	t->model.tree = !t->model.tree;
	/* ancestors are read when the tree is first wanted: sample now */
	return NSTOP_NEXT_SAMPLE;
}

static enum nstop_next k_sort_prev(struct nstop *t, int key)
{
	(void)key;
	nstop_model_sort_step(&t->model, -1);
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next k_sort_next(struct nstop *t, int key)
{
	(void)key;
	nstop_model_sort_step(&t->model, 1);
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next k_reverse(struct nstop *t, int key)
{
	(void)key;
	nstop_model_sort_reverse(&t->model);
	return NSTOP_NEXT_BUILD;
}

/* F4, /: type the filter's text; the rows follow every key. */
static enum nstop_next k_filter(struct nstop *t, int key)
{
	(void)key;
	t->ui.mode = NSTOP_MODE_FILTER;
	snprintf(t->ui.input, sizeof(t->ui.input), "%s", t->model.filter_text);
	return NSTOP_NEXT_DRAW;
}

/* F3: type the search's text; with a text already, the next row that shows it. */
static enum nstop_next k_find(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;

	(void)key;
	t->ui.mode = NSTOP_MODE_SEARCH;
	snprintf(t->ui.input, sizeof(t->ui.input), "%s", m->find_text);
	if (!m->find_text[0])
		return NSTOP_NEXT_DRAW;
	m->find_step = NSTOP_FIND_NEXT;
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next k_shell(struct nstop *t, int key)
{
	(void)key;
	return nstop_model_selected(&t->model) ? NSTOP_NEXT_SHELL : NSTOP_NEXT_NONE;
}

static enum nstop_next k_diff(struct nstop *t, int key)
{
	(void)key;
	return nstop_model_selected(&t->model) ? NSTOP_NEXT_DIFF : NSTOP_NEXT_NONE;
}

static enum nstop_next k_kill(struct nstop *t, int key)
{
	(void)key;
	nstop_kill_begin(t);
	return NSTOP_NEXT_DRAW;
}

/* Open a menu of the pane's lines, item sel selected. */
static void menu_open(struct nstop *t, int kind, const char *title, size_t sel)
{
	int width = (int)strlen(title) + 6;

	for (size_t i = 0; i < t->npane; i++)
		if ((int)strlen(t->pane[i]) + 4 > width)
			width = (int)strlen(t->pane[i]) + 4;
	t->menu_kind = kind;
	snprintf(t->ui.pane_title, sizeof(t->ui.pane_title), "%s", title);
	t->ui.mode = NSTOP_MODE_MENU;
	t->ui.menu_sel = sel;
	t->ui.menu_width = width < 18 ? 18 : width;
}

/* F2: the setup screen. */
static enum nstop_next k_setup(struct nstop *t, int key)
{
	(void)key;
	return nstop_setup_open(t);
}

/* F6: the view's columns, the one sorted by selected. */
static enum nstop_next k_sort_menu(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;
	enum nstop_view_kind v = nstop_model_view(m);
	size_t n = 0, sel = 0;

	(void)key;
	nstop_pane_clear(t);
	for (const int *c = m->cols[v]; *c >= 0 && n < sizeof(t->menu_codes) / sizeof(int); c++) {
		const char *name = nstop_cols[*c].name;

		if (*c == m->sort[v].col)
			sel = n;
		if (nstop_pane_add(t, name, strlen(name)) < 0) {
			message(t, true, "out of memory");
			return NSTOP_NEXT_DRAW;
		}
		t->menu_codes[n++] = *c;
	}
	menu_open(t, MENU_SORT, "Sort by", sel);
	return NSTOP_NEXT_DRAW;
}

/* F9: the process pinned as k pins it, then a menu of signals, TERM selected. */
static enum nstop_next k_signal_menu(struct nstop *t, int key)
{
	size_t n = 0, sel = 0;
	char line[32];

	(void)key;
	nstop_kill_begin(t);
	if (t->kill.step != 1)
		return NSTOP_NEXT_DRAW;
	nstop_pane_clear(t);
	for (int sig = 1; sig < 32 && n < sizeof(t->menu_codes) / sizeof(int); sig++) {
		if (!sigabbrev_np(sig))
			continue;
		if (sig == SIGTERM)
			sel = n;
		snprintf(line, sizeof(line), "%2d SIG%s", sig, sigabbrev_np(sig));
		if (nstop_pane_add(t, line, strlen(line)) < 0) {
			nstop_kill_cancel(t, "out of memory");
			return NSTOP_NEXT_DRAW;
		}
		t->menu_codes[n++] = sig;
	}
	snprintf(line, sizeof(line), "Signal to %d", (int)t->kill.pid);
	menu_open(t, MENU_SIGNAL, line, sel);
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next k_move(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;
	long page = nstop_view_page(m, &t->hdr, t->rows, t->cols);

	if (page < 1)
		page = 1;
	switch (key) {
	case NSTOP_KEY_UP:
		nstop_model_move(m, -1);
		break;
	case NSTOP_KEY_DOWN:
		nstop_model_move(m, 1);
		break;
	case NSTOP_KEY_PGUP:
		nstop_model_move(m, -page);
		break;
	case NSTOP_KEY_PGDN:
		nstop_model_move(m, page);
		break;
	case NSTOP_KEY_HOME:
		nstop_model_select(m, 0);
		break;
	case NSTOP_KEY_END:
		nstop_model_select(m, m->nrows ? m->nrows - 1 : 0);
		break;
	}
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next k_refresh(struct nstop *t, int key)
{
	(void)t;
	(void)key;
	return NSTOP_NEXT_SAMPLE;
}

/* ------------------------------------------------------------------ mouse */

/* The key of the bottom line under the mouse, or NSTOP_KEY_NONE. */
static int footer_key_at(const struct nstop *t)
{
	const struct nstop_map *map = &t->frame.map;
	const struct nstop_mouse *at = &t->mouse_at;

	if (at->y != map->footer_y)
		return NSTOP_KEY_NONE;
	for (size_t i = 0; i < map->nfooter; i++)
		if (at->x >= map->footer[i].x && at->x < map->footer[i].x + map->footer[i].w)
			return map->footer[i].code;
	return NSTOP_KEY_NONE;
}

/* The row under the mouse, or -1. */
static long row_at(const struct nstop *t)
{
	const struct nstop_map *map = &t->frame.map;
	int y = t->mouse_at.y;
	size_t idx;

	if (y < map->rows_y || y >= map->rows_y + map->rows_n)
		return -1;
	idx = map->scroll + (size_t)(y - map->rows_y);
	return idx < t->model.nrows ? (long)idx : -1;
}

/*
 * A click: on a key of the bottom line, that key; on a column's heading,
 * sort by it (again: the other way); on a row, select it.
 */
static enum nstop_next k_click(struct nstop *t, int key)
{
	const struct nstop_map *map = &t->frame.map;
	int code = footer_key_at(t);
	long row;

	(void)key;
	if (code != NSTOP_KEY_NONE)
		return nstop_key(t, code);
	if (map->heading_y >= 0 && t->mouse_at.y == map->heading_y) {
		for (int c = 0; c < map->ncols; c++)
			if (t->mouse_at.x >= map->cols[c].x &&
			    t->mouse_at.x < map->cols[c].x + map->cols[c].w + 1) {
				nstop_model_sort_by(&t->model, map->cols[c].col);
				return NSTOP_NEXT_BUILD;
			}
		return NSTOP_NEXT_NONE;
	}
	row = row_at(t);
	if (row < 0)
		return NSTOP_NEXT_NONE;
	nstop_model_select(&t->model, (size_t)row);
	return NSTOP_NEXT_DRAW;
}

/* A double click on a row: its processes, as Enter; elsewhere, a second click. */
static enum nstop_next k_dclick(struct nstop *t, int key)
{
	long row = row_at(t);

	if (row < 0 || footer_key_at(t) != NSTOP_KEY_NONE)
		return k_click(t, key);
	nstop_model_select(&t->model, (size_t)row);
	if (t->ui.mode != NSTOP_MODE_BROWSE || nstop_model_view(&t->model) == NSTOP_VIEW_PROC)
		return NSTOP_NEXT_DRAW;
	return k_drill(t, NSTOP_KEY_ENTER);
}

/* The wheel: the selection three rows up or down, as the view scrolls with it. */
static enum nstop_next k_wheel(struct nstop *t, int key)
{
	nstop_model_move(&t->model, key == NSTOP_KEY_WHEEL_UP ? -3 : 3);
	return NSTOP_NEXT_DRAW;
}

/* One key per column sorts by it; again reverses. */
static enum nstop_next k_column(struct nstop *t, int key)
{
	int col = nstop_model_col_by_key(&t->model, nstop_model_view(&t->model), key);

	if (col < 0)
		return NSTOP_NEXT_DRAW;
	nstop_model_sort_by(&t->model, col);
	return NSTOP_NEXT_BUILD;
}

static const struct key_binding browse_keys[] = {
	{ .key = NSTOP_KEY_F(1), .views = V_ALL, .fn = k_help, .name = "F1 ? h",
	  .help = "this help", .fkey = "F1", .label = IN_ALL("Help"), .prio = 1 },
	{ .key = '?', .views = V_ALL, .fn = k_help },
	{ .key = 'h', .views = V_ALL, .fn = k_help },
	{ .key = NSTOP_KEY_F(2), .views = V_ALL, .fn = k_setup, .name = "F2",
	  .help = "setup: the view to start in, types, the host, sorts, the delay, colors, the "
		  "mouse and each view's columns; saved when closed",
	  .fkey = "F2", .label = IN_ALL("Setup"), .prio = 7 },
	{ .key = NSTOP_KEY_F(3), .views = V_ALL, .fn = k_find, .name = "F3",
	  .help = "search: the selection goes to the next row that shows the text, and every "
		  "row stays (F3 again: the next one)",
	  .fkey = "F3", .label = IN_ALL("Search"), .prio = 3 },
	{ .key = NSTOP_KEY_F(4), .views = V_ALL, .fn = k_filter, .name = "F4 /",
	  .help = "filter: only the rows that show the text, as you type it (ignoring case; "
		  "Enter keeps it, Esc clears it)",
	  .fkey = "F4", .label = IN_ALL("Filter"), .prio = 4 },
	{ .key = '/', .views = V_ALL, .fn = k_filter },
	{ .key = NSTOP_KEY_F(5), .views = V_NS, .fn = k_tree, .name = "F5 T",
	  .help = "tree of pid and user namespaces as they nest (again: back to the list)",
	  .fkey = "F5", .label = IN_NS("Tree"), .prio = 9 },
	{ .key = 'T', .views = V_NS, .fn = k_tree },
	{ .key = NSTOP_KEY_F(6), .views = V_ALL, .fn = k_sort_menu, .name = "F6",
	  .help = "sort by a column chosen from a menu (the one sorted by again: reverse)",
	  .fkey = "F6", .label = IN_ALL("SortBy"), .prio = 5 },
	{ .key = '<', .views = V_ALL, .fn = k_sort_prev, .name = "< >",
	  .help = "sort by the previous, next column" },
	{ .key = '>', .views = V_ALL, .fn = k_sort_next },
	{ .key = 'r', .views = V_ALL, .fn = k_reverse, .name = "r", .help = "reverse the sort" },
	{ .key = NSTOP_KEY_F(9), .views = V_ALL, .fn = k_signal_menu, .name = "F9",
	  .help = "send a signal to the row's process (PID column), chosen from a menu, "
		  "after confirmation",
	  .fkey = "F9", .label = IN_ALL("Kill"), .prio = 8 },
	{ .key = 'k', .views = V_ALL, .fn = k_kill, .name = "k",
	  .help = "the same, the signal typed (a name or a number)" },
	{ .key = NSTOP_KEY_F(10), .views = V_ALL, .fn = k_quit, .name = "F10 q", .help = "quit",
	  .fkey = "F10", .label = IN_ALL("Quit"), .prio = 0 },
	{ .key = 'q', .views = V_ALL, .fn = k_quit },
	{ .key = NSTOP_KEY_ENTER, .views = V_TOP, .fn = k_drill, .name = "Enter Right",
	  .help = "the processes of the selected row: host PID, namespaced PID, user, CPU%, MEM",
	  .fkey = "Enter", .label = IN_TOP("Procs"), .prio = 2 },
	{ .key = NSTOP_KEY_RIGHT, .views = V_TOP, .fn = k_drill },
	{ .key = NSTOP_KEY_ESC, .views = V_ALL, .fn = k_back, .name = "Esc Left",
	  .help = "back from the processes; else clear the filter",
	  .fkey = "Esc", .label = IN_PROC("Back"), .prio = 2 },
	{ .key = NSTOP_KEY_LEFT, .views = V_ALL, .fn = k_back },
	{ .key = NSTOP_KEY_BACKSPACE, .views = V_ALL, .fn = k_back },
	{ .key = 'c', .views = V_ALL, .fn = k_containers, .name = "c",
	  .help = "one row per container, or back to one row per namespace",
	  .fkey = "c",
	  .label = { [NSTOP_VIEW_NS] = "Containers", [NSTOP_VIEW_CT] = "Namespaces" },
	  .prio = 6 },
	{ .key = 't', .views = V_NS, .fn = k_type, .name = "t",
	  .help = "the next namespace type: all, mnt, net, pid, uts, ipc, user, cgroup, time",
	  .fkey = "t", .label = IN_NS("Type"), .prio = 10 },
	{ .key = 's', .views = V_TOP, .fn = k_host, .name = "s",
	  .help = "hide or show the host: its own namespaces, or the processes in no container",
	  .fkey = "s", .label = IN_TOP("Host"), .prio = 11 },
	{ .key = 'e', .views = V_ALL, .fn = k_shell, .name = "e",
	  .help = "a shell inside the selected row's namespaces (exit comes back)",
	  .fkey = "e", .label = IN_ALL("Shell"), .prio = 12 },
	{ .key = 'd', .views = V_ALL, .fn = k_diff, .name = "d",
	  .help = "nsdiff of the selected row against the host, in a pane",
	  .fkey = "d", .label = IN_ALL("Diff"), .prio = 13 },
	{ .key = NSTOP_KEY_UP, .views = V_ALL, .fn = k_move, .name = "Up Down",
	  .help = "select a row" },
	{ .key = NSTOP_KEY_DOWN, .views = V_ALL, .fn = k_move },
	{ .key = NSTOP_KEY_PGUP, .views = V_ALL, .fn = k_move, .name = "PgUp PgDn",
	  .help = "a screen up, down" },
	{ .key = NSTOP_KEY_PGDN, .views = V_ALL, .fn = k_move },
	{ .key = NSTOP_KEY_HOME, .views = V_ALL, .fn = k_move, .name = "Home End",
	  .help = "the first, last row" },
	{ .key = NSTOP_KEY_END, .views = V_ALL, .fn = k_move },
	{ .key = ' ', .views = V_ALL, .fn = k_refresh, .name = "Space", .help = "refresh now" },
	{ .key = 12, .views = V_ALL, .fn = k_refresh },
	{ .key = NSTOP_KEY_CLICK, .views = V_ALL, .fn = k_click, .name = "click",
	  .help = "on a row: select it; on a column's heading: sort by it (again: the other "
		  "way); on a key of the bottom line: press it" },
	{ .key = NSTOP_KEY_DCLICK, .views = V_ALL, .fn = k_dclick, .name = "double-click",
	  .help = "on a row: its processes, as Enter" },
	{ .key = NSTOP_KEY_WHEEL_UP, .views = V_ALL, .fn = k_wheel, .name = "wheel",
	  .help = "the selection three rows up, down" },
	{ .key = NSTOP_KEY_WHEEL_DOWN, .views = V_ALL, .fn = k_wheel },
};

/* ------------------------------------------------------ filter and search */

/* Edit text as typed: a character added, or one taken (a whole UTF-8 one). false: no change. */
static bool edit(char *text, size_t size, int key)
{
	size_t len = strlen(text);

	if (key == NSTOP_KEY_BACKSPACE) {
		if (!len)
			return false;
		do
			len--;
		while (len && ((unsigned char)text[len] & 0xc0) == 0x80);
		text[len] = '\0';
		return true;
	}
	if (key < 0x20 || key == 0x7f || key > 0xff || len + 1 >= size)
		return false;
	text[len] = (char)key;
	text[len + 1] = '\0';
	return true;
}

static enum nstop_next filter_text(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;

	if (!edit(m->filter_text, sizeof(m->filter_text), key))
		return NSTOP_NEXT_NONE;
	snprintf(t->ui.input, sizeof(t->ui.input), "%s", m->filter_text);
	/* incremental: the rows follow every key */
	m->have_sel = false;
	m->sel = 0;
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next filter_done(struct nstop *t, int key)
{
	(void)key;
	to_browse(t);
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next filter_clear(struct nstop *t, int key)
{
	(void)key;
	to_browse(t);
	t->model.filter_text[0] = '\0';
	return NSTOP_NEXT_BUILD;
}

/*
 * While a filter or a search is typed, the list still moves and the mouse
 * still works, as when nothing is typed.
 */
#define TYPING_BROWSE_ROWS \
	{ .key = NSTOP_KEY_UP, .views = V_ALL, .fn = k_move }, \
	{ .key = NSTOP_KEY_DOWN, .views = V_ALL, .fn = k_move }, \
	{ .key = NSTOP_KEY_PGUP, .views = V_ALL, .fn = k_move }, \
	{ .key = NSTOP_KEY_PGDN, .views = V_ALL, .fn = k_move }, \
	{ .key = NSTOP_KEY_HOME, .views = V_ALL, .fn = k_move }, \
	{ .key = NSTOP_KEY_END, .views = V_ALL, .fn = k_move }, \
	{ .key = NSTOP_KEY_CLICK, .views = V_ALL, .fn = k_click, .name = "click", \
	  .help = "a row, a heading, a key: as when not typing" }, \
	{ .key = NSTOP_KEY_DCLICK, .views = V_ALL, .fn = k_dclick }, \
	{ .key = NSTOP_KEY_WHEEL_UP, .views = V_ALL, .fn = k_wheel }, \
	{ .key = NSTOP_KEY_WHEEL_DOWN, .views = V_ALL, .fn = k_wheel }

static const struct key_binding filter_keys[] = {
	{ .key = NSTOP_KEY_ENTER, .views = V_ALL, .fn = filter_done, .name = "Enter",
	  .help = "keep the filter", .fkey = "Enter", .label = IN_ALL("Done"), .prio = 1 },
	{ .key = NSTOP_KEY_F(4), .views = V_ALL, .fn = filter_done },
	{ .key = NSTOP_KEY_ESC, .views = V_ALL, .fn = filter_clear, .name = "Esc",
	  .help = "clear the filter", .fkey = "Esc", .label = IN_ALL("Clear"), .prio = 0 },
	TYPING_BROWSE_ROWS,
};

static enum nstop_next search_text(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;

	if (!edit(m->find_text, sizeof(m->find_text), key))
		return NSTOP_NEXT_NONE;
	snprintf(t->ui.input, sizeof(t->ui.input), "%s", m->find_text);
	/* incremental: the selected row while it shows the text, else the next */
	m->find_step = m->find_text[0] ? NSTOP_FIND_HERE : NSTOP_FIND_NONE;
	m->find_failed = false;
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next search_next(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;

	(void)key;
	if (!m->find_text[0])
		return NSTOP_NEXT_NONE;
	m->find_failed = !nstop_model_find(m, true);
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next search_done(struct nstop *t, int key)
{
	(void)key;
	/* the selection stays where the search left it, the text for F3 */
	to_browse(t);
	return NSTOP_NEXT_DRAW;
}

static const struct key_binding search_keys[] = {
	{ .key = NSTOP_KEY_F(3), .views = V_ALL, .fn = search_next, .name = "F3",
	  .help = "the next row that shows the text", .fkey = "F3", .label = IN_ALL("Next"),
	  .prio = 1 },
	{ .key = NSTOP_KEY_ENTER, .views = V_ALL, .fn = search_done, .name = "Enter Esc",
	  .help = "done: the selection stays", .fkey = "Enter", .label = IN_ALL("Done"),
	  .prio = 0 },
	{ .key = NSTOP_KEY_ESC, .views = V_ALL, .fn = search_done },
	TYPING_BROWSE_ROWS,
};

/* ------------------------------------------------------------------- pane */

static enum nstop_next pane_scroll(struct nstop *t, int key)
{
	struct nstop_ui *ui = &t->ui;
	size_t page = (size_t)nstop_view_pane_page(ui, t->rows);
	size_t max;

	if (!page)
		page = 1;
	max = ui->pane_nlines > page ? ui->pane_nlines - page : 0;
	switch (key) {
	case NSTOP_KEY_UP:
		if (ui->pane_scroll)
			ui->pane_scroll--;
		break;
	case NSTOP_KEY_DOWN:
		if (ui->pane_scroll < max)
			ui->pane_scroll++;
		break;
	case NSTOP_KEY_PGUP:
		ui->pane_scroll = ui->pane_scroll > page ? ui->pane_scroll - page : 0;
		break;
	case NSTOP_KEY_PGDN:
	case ' ':
		ui->pane_scroll = ui->pane_scroll + page < max ? ui->pane_scroll + page : max;
		break;
	case NSTOP_KEY_HOME:
		ui->pane_scroll = 0;
		break;
	case NSTOP_KEY_END:
		ui->pane_scroll = max;
		break;
	}
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next pane_wheel(struct nstop *t, int key)
{
	for (int i = 0; i < 3; i++)
		pane_scroll(t, key == NSTOP_KEY_WHEEL_UP ? NSTOP_KEY_UP : NSTOP_KEY_DOWN);
	return NSTOP_NEXT_DRAW;
}

/* A click in a pane or a menu: on a key of the bottom line, that key. */
static enum nstop_next footer_click(struct nstop *t, int key)
{
	int code = footer_key_at(t);

	(void)key;
	return code != NSTOP_KEY_NONE ? nstop_key(t, code) : NSTOP_NEXT_NONE;
}

static enum nstop_next pane_close(struct nstop *t, int key)
{
	struct nstop_ui *ui = &t->ui;

	(void)key;
	nstop_diff_stop(t);
	ui->mode = NSTOP_MODE_BROWSE;
	ui->pane_full = false;
	ui->pane_lines = NULL;
	ui->pane_nlines = 0;
	nstop_pane_clear(t);
	return NSTOP_NEXT_DRAW;
}

static const struct key_binding pane_keys[] = {
	{ .key = NSTOP_KEY_ESC, .views = V_ALL, .fn = pane_close, .name = "Esc q",
	  .help = "close it", .fkey = "Esc", .label = IN_ALL("Close"), .prio = 0 },
	{ .key = 'q', .views = V_ALL, .fn = pane_close },
	{ .key = NSTOP_KEY_ENTER, .views = V_ALL, .fn = pane_close },
	{ .key = NSTOP_KEY_LEFT, .views = V_ALL, .fn = pane_close },
	{ .key = NSTOP_KEY_F(1), .views = V_ALL, .fn = pane_close },
	{ .key = NSTOP_KEY_F(10), .views = V_ALL, .fn = pane_close },
	{ .key = NSTOP_KEY_UP, .views = V_ALL, .fn = pane_scroll },
	{ .key = NSTOP_KEY_DOWN, .views = V_ALL, .fn = pane_scroll },
	{ .key = NSTOP_KEY_PGUP, .views = V_ALL, .fn = pane_scroll },
	{ .key = NSTOP_KEY_PGDN, .views = V_ALL, .fn = pane_scroll, .name = "PgDn Space",
	  .help = "scroll it", .fkey = "PgDn", .label = IN_ALL("More"), .prio = 1 },
	{ .key = ' ', .views = V_ALL, .fn = pane_scroll },
	{ .key = NSTOP_KEY_HOME, .views = V_ALL, .fn = pane_scroll },
	{ .key = NSTOP_KEY_END, .views = V_ALL, .fn = pane_scroll },
	{ .key = NSTOP_KEY_WHEEL_UP, .views = V_ALL, .fn = pane_wheel, .name = "wheel",
	  .help = "scroll it" },
	{ .key = NSTOP_KEY_WHEEL_DOWN, .views = V_ALL, .fn = pane_wheel },
	{ .key = NSTOP_KEY_CLICK, .views = V_ALL, .fn = footer_click },
	{ .key = NSTOP_KEY_DCLICK, .views = V_ALL, .fn = footer_click },
};

/* ------------------------------------------------------------------- menu */

static void menu_close(struct nstop *t)
{
	t->ui.mode = NSTOP_MODE_BROWSE;
	t->ui.menu_width = 0;
	nstop_pane_clear(t);
}

static enum nstop_next menu_move(struct nstop *t, int key)
{
	struct nstop_ui *ui = &t->ui;
	size_t n = ui->pane_nlines;
	size_t page = (size_t)nstop_view_menu_page(&t->model, &t->hdr, ui, t->rows, t->cols);

	if (!n)
		return NSTOP_NEXT_NONE;
	if (!page)
		page = 1;
	switch (key) {
	case NSTOP_KEY_UP:
		if (ui->menu_sel)
			ui->menu_sel--;
		break;
	case NSTOP_KEY_DOWN:
		if (ui->menu_sel + 1 < n)
			ui->menu_sel++;
		break;
	case NSTOP_KEY_PGUP:
		ui->menu_sel = ui->menu_sel > page ? ui->menu_sel - page : 0;
		break;
	case NSTOP_KEY_PGDN:
		ui->menu_sel = ui->menu_sel + page < n ? ui->menu_sel + page : n - 1;
		break;
	case NSTOP_KEY_HOME:
		ui->menu_sel = 0;
		break;
	case NSTOP_KEY_END:
		ui->menu_sel = n - 1;
		break;
	}
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next menu_choose(struct nstop *t, int key)
{
	int code = t->ui.menu_sel < t->npane ? t->menu_codes[t->ui.menu_sel] : -1;
	int kind = t->menu_kind;

	(void)key;
	menu_close(t);
	if (code < 0)
		return NSTOP_NEXT_DRAW;
	if (kind == MENU_SORT) {
		nstop_model_sort_by(&t->model, code);
		return NSTOP_NEXT_BUILD;
	}
	/* a signal: the question that k asks last */
	t->kill.sig = code;
	t->kill.step = 2;
	t->ui.mode = NSTOP_MODE_PROMPT;
	t->ui.input[0] = '\0';
	snprintf(t->ui.prompt, sizeof(t->ui.prompt), "send SIG%s to PID %d (%s)? [y/N] ",
		 sigabbrev_np(code) ? sigabbrev_np(code) : "?", (int)t->kill.pid, t->kill.comm);
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next menu_cancel(struct nstop *t, int key)
{
	int kind = t->menu_kind;

	(void)key;
	menu_close(t);
	if (kind == MENU_SIGNAL)
		nstop_kill_cancel(t, "cancelled: no signal sent");
	return NSTOP_NEXT_DRAW;
}

/* The item under the mouse, or -1. */
static long item_at(const struct nstop *t)
{
	const struct nstop_map *map = &t->frame.map;
	const struct nstop_mouse *at = &t->mouse_at;
	size_t idx;

	if (!map->menu_n || at->y < map->menu_y || at->y >= map->menu_y + map->menu_n ||
	    at->x < map->menu_x || at->x >= map->menu_x + map->menu_w)
		return -1;
	idx = map->menu_scroll + (size_t)(at->y - map->menu_y);
	return idx < t->ui.pane_nlines ? (long)idx : -1;
}

/* A click on an item selects it; a double click chooses it. */
static enum nstop_next menu_click(struct nstop *t, int key)
{
	long item = item_at(t);

	if (item < 0)
		return footer_click(t, key);
	t->ui.menu_sel = (size_t)item;
	return key == NSTOP_KEY_DCLICK ? menu_choose(t, key) : NSTOP_NEXT_DRAW;
}

static enum nstop_next menu_wheel(struct nstop *t, int key)
{
	for (int i = 0; i < 3; i++)
		menu_move(t, key == NSTOP_KEY_WHEEL_UP ? NSTOP_KEY_UP : NSTOP_KEY_DOWN);
	return NSTOP_NEXT_DRAW;
}

/* The rows that move a list's selection: a menu's and the setup screen's. */
#define LIST_MOVE_ROWS \
	{ .key = NSTOP_KEY_UP, .views = V_ALL, .fn = menu_move }, \
	{ .key = NSTOP_KEY_DOWN, .views = V_ALL, .fn = menu_move }, \
	{ .key = NSTOP_KEY_PGUP, .views = V_ALL, .fn = menu_move }, \
	{ .key = NSTOP_KEY_PGDN, .views = V_ALL, .fn = menu_move }, \
	{ .key = NSTOP_KEY_HOME, .views = V_ALL, .fn = menu_move }, \
	{ .key = NSTOP_KEY_END, .views = V_ALL, .fn = menu_move }
#define LIST_WHEEL_ROWS \
	{ .key = NSTOP_KEY_WHEEL_UP, .views = V_ALL, .fn = menu_wheel }, \
	{ .key = NSTOP_KEY_WHEEL_DOWN, .views = V_ALL, .fn = menu_wheel }

static const struct key_binding menu_keys[] = {
	{ .key = NSTOP_KEY_ENTER, .views = V_ALL, .fn = menu_choose, .name = "Enter",
	  .help = "choose the selected item", .fkey = "Enter", .label = IN_ALL("Choose"),
	  .prio = 1 },
	{ .key = NSTOP_KEY_ESC, .views = V_ALL, .fn = menu_cancel, .name = "Esc",
	  .help = "choose nothing", .fkey = "Esc", .label = IN_ALL("Cancel"), .prio = 0 },
	{ .key = 'q', .views = V_ALL, .fn = menu_cancel },
	{ .key = NSTOP_KEY_F(10), .views = V_ALL, .fn = menu_cancel },
	LIST_MOVE_ROWS,
	{ .key = NSTOP_KEY_CLICK, .views = V_ALL, .fn = menu_click, .name = "click",
	  .help = "select an item; double-click: choose it" },
	{ .key = NSTOP_KEY_DCLICK, .views = V_ALL, .fn = menu_click },
	LIST_WHEEL_ROWS,
};

/* ------------------------------------------------------------------ setup */

static enum nstop_next setup_forward(struct nstop *t, int key)
{
	(void)key;
	return nstop_setup_change(t, 1);
}

static enum nstop_next setup_back(struct nstop *t, int key)
{
	(void)key;
	return nstop_setup_change(t, -1);
}

static enum nstop_next setup_up(struct nstop *t, int key)
{
	(void)key;
	return nstop_setup_move(t, -1);
}

static enum nstop_next setup_down(struct nstop *t, int key)
{
	(void)key;
	return nstop_setup_move(t, 1);
}

static enum nstop_next setup_done(struct nstop *t, int key)
{
	(void)key;
	return nstop_setup_close(t);
}

/* A click selects a line, a double click changes it. */
static enum nstop_next setup_click(struct nstop *t, int key)
{
	long item = item_at(t);

	if (item < 0)
		return footer_click(t, key);
	t->ui.menu_sel = (size_t)item;
	return key == NSTOP_KEY_DCLICK ? nstop_setup_change(t, 1) : NSTOP_NEXT_DRAW;
}

static const struct key_binding setup_keys[] = {
	{ .key = NSTOP_KEY_ENTER, .views = V_ALL, .fn = setup_forward, .name = "Enter Space",
	  .help = "the next value; a column: shown or not", .fkey = "Enter",
	  .label = IN_ALL("Change"), .prio = 1 },
	{ .key = ' ', .views = V_ALL, .fn = setup_forward },
	{ .key = NSTOP_KEY_RIGHT, .views = V_ALL, .fn = setup_forward, .name = "Right Left",
	  .help = "the next, the previous value" },
	{ .key = NSTOP_KEY_LEFT, .views = V_ALL, .fn = setup_back },
	{ .key = NSTOP_KEY_F(7), .views = V_ALL, .fn = setup_up, .name = "F7 [",
	  .help = "move the column up", .fkey = "F7", .label = IN_ALL("MoveUp"), .prio = 2 },
	{ .key = '[', .views = V_ALL, .fn = setup_up },
	{ .key = NSTOP_KEY_F(8), .views = V_ALL, .fn = setup_down, .name = "F8 ]",
	  .help = "move the column down", .fkey = "F8", .label = IN_ALL("MoveDn"), .prio = 3 },
	{ .key = ']', .views = V_ALL, .fn = setup_down },
	{ .key = NSTOP_KEY_ESC, .views = V_ALL, .fn = setup_done, .name = "Esc F2 F10 q",
	  .help = "close it, saving the settings", .fkey = "Esc", .label = IN_ALL("Done"),
	  .prio = 0 },
	{ .key = NSTOP_KEY_F(2), .views = V_ALL, .fn = setup_done },
	{ .key = NSTOP_KEY_F(10), .views = V_ALL, .fn = setup_done },
	{ .key = 'q', .views = V_ALL, .fn = setup_done },
	LIST_MOVE_ROWS,
	{ .key = NSTOP_KEY_CLICK, .views = V_ALL, .fn = setup_click, .name = "click",
	  .help = "select a line; double-click: change it" },
	{ .key = NSTOP_KEY_DCLICK, .views = V_ALL, .fn = setup_click },
	LIST_WHEEL_ROWS,
};

/* ----------------------------------------------------------------- prompt */

static enum nstop_next prompt_cancel(struct nstop *t, int key)
{
	(void)key;
	nstop_kill_cancel(t, "cancelled: no signal sent");
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next prompt_enter(struct nstop *t, int key)
{
	struct nstop_ui *ui = &t->ui;
	int sig;

	if (t->kill.step == 2)
		return prompt_cancel(t, key);
	sig = nstop_parse_signal(ui->input[0] ? ui->input : "TERM");
	if (sig <= 0) {
		char msg[200];

		snprintf(msg, sizeof(msg), "unknown signal '%s': no signal sent", ui->input);
		nstop_kill_cancel(t, msg);
		ui->message_error = true;
		return NSTOP_NEXT_DRAW;
	}
	t->kill.sig = sig;
	t->kill.step = 2;
	snprintf(ui->prompt, sizeof(ui->prompt), "send SIG%s to PID %d (%s)? [y/N] ",
		 sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", (int)t->kill.pid, t->kill.comm);
	ui->input[0] = '\0';
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next prompt_text(struct nstop *t, int key)
{
	struct nstop_ui *ui = &t->ui;
	size_t len = strlen(ui->input);

	if (t->kill.step == 2) {
		if (key == 'y' || key == 'Y')
			return NSTOP_NEXT_SIGNAL;
		return prompt_cancel(t, key);
	}
	if (key == NSTOP_KEY_BACKSPACE) {
		if (len)
			ui->input[len - 1] = '\0';
		return NSTOP_NEXT_DRAW;
	}
	if (key < 0x20 || key >= 0x7f || len + 1 >= 16)
		return NSTOP_NEXT_NONE;
	ui->input[len] = (char)key;
	ui->input[len + 1] = '\0';
	return NSTOP_NEXT_DRAW;
}

static const struct key_binding prompt_keys[] = {
	{ .key = NSTOP_KEY_ESC, .views = V_ALL, .fn = prompt_cancel, .name = "Esc",
	  .help = "no signal" },
	{ .key = NSTOP_KEY_ENTER, .views = V_ALL, .fn = prompt_enter },
};

/* ------------------------------------------------------------------ modes */

#define MODE(tab, other) { tab, sizeof(tab) / sizeof(tab[0]), other }

static const struct key_mode modes[NSTOP_NMODES] = {
	[NSTOP_MODE_BROWSE] = MODE(browse_keys, k_column),
	[NSTOP_MODE_FILTER] = MODE(filter_keys, filter_text),
	[NSTOP_MODE_SEARCH] = MODE(search_keys, search_text),
	[NSTOP_MODE_PANE] = MODE(pane_keys, NULL),
	[NSTOP_MODE_PROMPT] = MODE(prompt_keys, prompt_text),
	[NSTOP_MODE_MENU] = MODE(menu_keys, NULL),
	[NSTOP_MODE_SETUP] = MODE(setup_keys, NULL),
};

enum nstop_next nstop_key(struct nstop *t, int key)
{
	const struct key_mode *md = &modes[t->ui.mode];
	enum nstop_view_kind v = nstop_model_view(&t->model);

	/* a message stays until the next key */
	if (t->ui.mode != NSTOP_MODE_PROMPT)
		t->ui.message[0] = '\0';
	for (size_t i = 0; i < md->nkeys; i++)
		if (md->keys[i].key == key) {
			if (!(md->keys[i].views & (1u << v)))
				return NSTOP_NEXT_DRAW;
			return md->keys[i].fn(t, key);
		}
	return md->other ? md->other(t, key) : NSTOP_NEXT_NONE;
}

void nstop_footer(struct nstop *t)
{
	const struct key_mode *md = &modes[t->ui.mode];
	enum nstop_view_kind v = nstop_model_view(&t->model);
	size_t n = 0;

	for (size_t i = 0; i < md->nkeys && n < NSTOP_FOOTER_MAX; i++) {
		const struct key_binding *k = &md->keys[i];

		if (!k->fkey || !k->label[v])
			continue;
		t->footer[n++] = (struct nstop_footer_item){
			.key = k->fkey, .label = k->label[v], .prio = k->prio, .code = k->key,
		};
	}
	t->ui.footer = t->footer;
	t->ui.nfooter = n;
	t->ui.not_found = t->model.find_failed;
}

/* ------------------------------------------------------------------- help */

/*
 * A line of the help: prefix, then text wrapped at spaces to the pane's
 * width, continued under the text's first column.
 */
static int help_add(struct nstop *t, const char *prefix, const char *text)
{
	int width = t->cols - 4, indent = (int)strlen(prefix);
	char line[512];

	if (width < indent + 20)
		width = indent + 20;
	do {
		int room = width - indent, n = (int)strlen(text), cut = n;

		if (n > room) {
			/* the last space that fits; a word longer than the line is cut */
			for (cut = room; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = room;
		}
		snprintf(line, sizeof(line), "%-*s%.*s", indent, prefix, cut, text);
		if (nstop_pane_add(t, line, strlen(line)) < 0)
			return -1;
		text += cut;
		while (*text == ' ')
			text++;
		prefix = "";
	} while (*text);
	return 0;
}

/* The named rows of a table, under a heading. */
static int help_table(struct nstop *t, const char *heading, const struct key_mode *md)
{
	char prefix[32];

	if (nstop_pane_add(t, "", 0) < 0 || nstop_pane_add(t, heading, strlen(heading)) < 0)
		return -1;
	for (size_t i = 0; i < md->nkeys; i++) {
		if (!md->keys[i].name)
			continue;
		snprintf(prefix, sizeof(prefix), "  %-11s ", md->keys[i].name);
		if (help_add(t, prefix, md->keys[i].help) < 0)
			return -1;
	}
	return 0;
}

int nstop_help_lines(struct nstop *t)
{
	char line[256], prefix[32];
	size_t len;

	nstop_pane_clear(t);
	if (nstop_pane_add(t, "Keys", 4) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(browse_keys) / sizeof(browse_keys[0]); i++) {
		if (!browse_keys[i].name)
			continue;
		snprintf(prefix, sizeof(prefix), "  %-11s ", browse_keys[i].name);
		if (help_add(t, prefix, browse_keys[i].help) < 0)
			return -1;
	}
	if (nstop_pane_add(t, "", 0) < 0 ||
	    nstop_pane_add(t, "Sort by a column (the same key again reverses)", 46) < 0)
		return -1;
	for (int c = 0; c < NSTOP_NCOLS; c++) {
		snprintf(prefix, sizeof(prefix), "  %-11c %-10s ", nstop_cols[c].key,
			 nstop_cols[c].name);
		if (help_add(t, prefix, nstop_cols[c].help) < 0)
			return -1;
	}
	/* the legend of NAMESPACES' letters, from the table of types */
	len = 0;
	for (int ty = 0; ty < NS_NTYPES && len < sizeof(line); ty++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%c %s%s",
					nstype_table[ty].opt, nstype_name(ty),
					ty + 1 < NS_NTYPES ? ", " : "; - shared with the host");
	if (nstop_pane_add(t, "", 0) < 0 || help_add(t, "NAMESPACES: ", line) < 0)
		return -1;
	if (help_table(t, "Typing a filter (F4, /): the rows follow every key",
		       &modes[NSTOP_MODE_FILTER]) < 0 ||
	    help_table(t, "Typing a search (F3): the selection follows every key",
		       &modes[NSTOP_MODE_SEARCH]) < 0 ||
	    help_table(t, "In a menu (F6, F9): Up, Down, PgUp, PgDn, Home, End and the wheel select",
		       &modes[NSTOP_MODE_MENU]) < 0 ||
	    help_table(t, "In a pane (this help, nsdiff's): Up, Down, PgUp, Home, End scroll",
		       &modes[NSTOP_MODE_PANE]) < 0 ||
	    help_table(t, "In the setup screen (F2): Up, Down, PgUp, PgDn, Home, End select",
		       &modes[NSTOP_MODE_SETUP]) < 0 ||
	    help_table(t, "In a question (k, F9)", &modes[NSTOP_MODE_PROMPT]) < 0)
		return -1;
	t->ui.pane_lines = t->pane;
	t->ui.pane_nlines = t->npane;
	return 0;
}
