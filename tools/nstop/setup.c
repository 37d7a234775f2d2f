// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The setup screen (F2), as htop's: the settings of the dashboard as one
 * list, changed in place and in effect at once (the view it starts in,
 * types, the host, sorts, the delay, colors, the mouse, and each view's
 * columns: shown or not, and their order), saved to the settings file
 * (config.h) when it is closed. What it shows is the dashboard as it is,
 * options included, and that is what it saves. The key table (keys.c)
 * calls these; they change state and say what must happen next, they do
 * not draw.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nstop.h"

enum {
	S_VIEW,
	S_TYPES,
	S_HIDE_NS,
	S_HIDE_CT,
	S_SORT,			/* of a view */
	S_DELAY,
	S_COLOR,
	S_MOUSE,
	S_HEADING,		/* "Columns of ...": nothing to change */
	S_COLUMN,		/* a column of a view */
};

/* The delays the setup screen steps through. */
static const double delays[] = { 0.5, 1, 1.5, 2, 3, 5, 10 };
#define NDELAYS (sizeof(delays) / sizeof(delays[0]))

static const char *const view_titles[NSTOP_NVIEWS] = {
	[NSTOP_VIEW_NS] = "namespace view",
	[NSTOP_VIEW_CT] = "container view",
	[NSTOP_VIEW_PROC] = "processes",
};

/* ------------------------------------------------------------ the settings */

void nstop_setup_get(const struct nstop *t, struct nstop_config *c)
{
	const struct nstop_model *m = &t->model;

	nstop_config_defaults(c);
	c->view = m->top_view;
	c->tree = m->tree && m->top_view == NSTOP_VIEW_NS;
	c->types = m->types;
	c->hide_host[NSTOP_VIEW_NS] = m->hide_host[NSTOP_VIEW_NS];
	c->hide_host[NSTOP_VIEW_CT] = m->hide_host[NSTOP_VIEW_CT];
	for (int v = 0; v < NSTOP_NVIEWS; v++) {
		int n = 0;

		for (; n < NSTOP_NCOLS && m->cols[v][n] >= 0; n++)
			c->cols[v][n] = m->cols[v][n];
		for (; n <= NSTOP_NCOLS; n++)
			c->cols[v][n] = -1;
		c->sort[v] = m->sort[v];
	}
	c->delay = t->delay;
	c->color = t->color_mode != OUT_COLOR_NEVER;
	c->mouse = t->mouse;
}

void nstop_setup_apply(struct nstop *t, const struct nstop_config *c)
{
	struct nstop_model *m = &t->model;

	m->top_view = c->view;
	m->tree = c->tree;
	m->types = c->types;
	m->hide_host[NSTOP_VIEW_NS] = c->hide_host[NSTOP_VIEW_NS];
	m->hide_host[NSTOP_VIEW_CT] = c->hide_host[NSTOP_VIEW_CT];
	memcpy(m->cols, c->cols, sizeof(m->cols));
	memcpy(m->sort, c->sort, sizeof(m->sort));
	t->delay = c->delay;
	t->color_mode = c->color ? OUT_COLOR_AUTO : OUT_COLOR_NEVER;
	t->mouse = c->mouse;
}

/* ------------------------------------------------------------------ lines */

static int add_item(struct nstop *t, int kind, int view, int col, const char *line)
{
	if (t->nsetup >= NSTOP_SETUP_MAX || nstop_pane_add(t, line, strlen(line)) < 0)
		return -1;
	t->setup[t->nsetup++] = (struct nstop_setup_item){ kind, view, col };
	return 0;
}

static int add_setting(struct nstop *t, int kind, int view, const char *label, const char *value)
{
	char line[160];

	snprintf(line, sizeof(line), "%-30s %s", label, value);
	return add_item(t, kind, view, -1, line);
}

static const char *types_text(ns_mask_t types, char *buf, size_t size)
{
	size_t len = 0;

	if (types == NS_MASK_ALL)
		return "all";
	buf[0] = '\0';
	for (int ty = 0; ty < NS_NTYPES; ty++)
		if (types & NS_MASK(ty))
			len += (size_t)snprintf(buf + len, size > len ? size - len : 0, "%s%s",
						len ? "," : "", nstype_name(ty));
	return buf;
}

static const char *sort_text(const struct nstop_model *m, int v, char *buf, size_t size)
{
	const struct nstop_sort *s = &m->sort[v];

	snprintf(buf, size, "%s %s", nstop_cols[s->col].name,
		 nstop_cols[s->col].numeric != s->reverse ? "descending" : "ascending");
	return buf;
}

static bool shown(const struct nstop_model *m, int v, int col)
{
	return nstop_model_has_col(m, v, col);
}

/* The lines of the screen from the settings as they are now. */
int nstop_setup_lines(struct nstop *t)
{
	const struct nstop_model *m = &t->model;
	char buf[128], line[160];
	int rc = 0;

	nstop_pane_clear(t);
	t->nsetup = 0;
	rc |= add_setting(t, S_VIEW, 0, "Start in",
			  m->top_view == NSTOP_VIEW_CT ? "containers" :
			  m->tree		       ? "the namespace tree" :
						 "namespaces");
	rc |= add_setting(t, S_TYPES, 0, "Namespace types", types_text(m->types, buf, sizeof(buf)));
	rc |= add_setting(t, S_HIDE_NS, 0, "Hide the host's namespaces",
			  m->hide_host[NSTOP_VIEW_NS] ? "yes" : "no");
	rc |= add_setting(t, S_HIDE_CT, 0, "Hide processes in no container",
			  m->hide_host[NSTOP_VIEW_CT] ? "yes" : "no");
	rc |= add_setting(t, S_SORT, NSTOP_VIEW_NS, "Sort namespaces by",
			  sort_text(m, NSTOP_VIEW_NS, buf, sizeof(buf)));
	rc |= add_setting(t, S_SORT, NSTOP_VIEW_CT, "Sort containers by",
			  sort_text(m, NSTOP_VIEW_CT, buf, sizeof(buf)));
	rc |= add_setting(t, S_SORT, NSTOP_VIEW_PROC, "Sort processes by",
			  sort_text(m, NSTOP_VIEW_PROC, buf, sizeof(buf)));
	snprintf(buf, sizeof(buf), "%g s", t->delay);
	rc |= add_setting(t, S_DELAY, 0, "Refresh every", buf);
	rc |= add_setting(t, S_COLOR, 0, "Colors", t->color_mode != OUT_COLOR_NEVER ? "yes" : "no");
	rc |= add_setting(t, S_MOUSE, 0, "Mouse", t->mouse ? "yes" : "no");
	for (int v = 0; v < NSTOP_NVIEWS; v++) {
		snprintf(line, sizeof(line), "Columns of the %s (Space: shown or not; F7, F8: move)",
			 view_titles[v]);
		rc |= add_item(t, S_HEADING, v, -1, "");
		rc |= add_item(t, S_HEADING, v, -1, line);
		/* those shown in their order, then the others in the table's */
		for (const int *c = m->cols[v]; *c >= 0; c++) {
			snprintf(line, sizeof(line), "  [x] %-10s %s", nstop_cols[*c].name,
				 nstop_cols[*c].help);
			rc |= add_item(t, S_COLUMN, v, *c, line);
		}
		for (int c = 0; c < NSTOP_NCOLS; c++) {
			if (shown(m, v, c))
				continue;
			snprintf(line, sizeof(line), "  [ ] %-10s %s", nstop_cols[c].name,
				 nstop_cols[c].help);
			rc |= add_item(t, S_COLUMN, v, c, line);
		}
	}
	t->ui.pane_lines = t->pane;
	t->ui.pane_nlines = t->npane;
	if (t->ui.menu_sel >= t->npane)
		t->ui.menu_sel = t->npane ? t->npane - 1 : 0;
	return rc ? -1 : 0;
}

/* --------------------------------------------------------------- changing */

static int ncols_of(const struct nstop_model *m, int v)
{
	int n = 0;

	while (n < NSTOP_NCOLS && m->cols[v][n] >= 0)
		n++;
	return n;
}

/* The sort of view v one step on (dir 1) or back (-1): each column of it both ways. */
static void sort_step(struct nstop_model *m, int v, int dir)
{
	int n = ncols_of(m, v), at = 0, step;

	for (int i = 0; i < n; i++)
		if (m->cols[v][i] == m->sort[v].col)
			at = i;
	step = at * 2 + (m->sort[v].reverse ? 1 : 0);
	step = ((step + dir) % (2 * n) + 2 * n) % (2 * n);
	m->sort[v].col = m->cols[v][step / 2];
	m->sort[v].reverse = step % 2;
}

static void delay_step(struct nstop *t, int dir)
{
	double d = t->delay;

	if (dir > 0) {
		t->delay = delays[0];
		for (size_t i = 0; i < NDELAYS; i++)
			if (delays[i] > d + 1e-9) {
				t->delay = delays[i];
				break;
			}
	} else {
		t->delay = delays[NDELAYS - 1];
		for (size_t i = NDELAYS; i-- > 0;)
			if (delays[i] < d - 1e-9) {
				t->delay = delays[i];
				break;
			}
	}
	t->hdr.delay = t->delay;
}

static ns_mask_t prev_types(ns_mask_t types)
{
	ns_mask_t prev = NS_MASK_ALL;

	/* the cycle of t, backwards: the one whose next is this one */
	for (ns_mask_t x = nstop_next_types(NS_MASK_ALL); x != NS_MASK_ALL; x = nstop_next_types(x)) {
		if (nstop_next_types(x) == types)
			return x;
		prev = x;
	}
	return types == NS_MASK_ALL ? prev : NS_MASK_ALL;
}

/* Show or hide a column of view v; a view keeps one at least. */
static enum nstop_next toggle_column(struct nstop *t, int v, int col)
{
	struct nstop_model *m = &t->model;
	int n = ncols_of(m, v), i;

	if (!shown(m, v, col)) {
		m->cols[v][n] = col;
		m->cols[v][n + 1] = -1;
		return NSTOP_NEXT_SAMPLE;
	}
	if (n == 1) {
		snprintf(t->ui.message, sizeof(t->ui.message), "a view shows one column at least");
		t->ui.message_error = true;
		return NSTOP_NEXT_DRAW;
	}
	for (i = 0; m->cols[v][i] != col; i++)
		;
	memmove(&m->cols[v][i], &m->cols[v][i + 1], (size_t)(n - i) * sizeof(int));
	/* sorted by it: by the first column now */
	if (m->sort[v].col == col) {
		m->sort[v].col = m->cols[v][0];
		m->sort[v].reverse = false;
	}
	return NSTOP_NEXT_SAMPLE;
}

enum nstop_next nstop_setup_change(struct nstop *t, int dir)
{
	struct nstop_model *m = &t->model;
	const struct nstop_setup_item *it;
	enum nstop_next next = NSTOP_NEXT_BUILD;

	if (t->ui.menu_sel >= t->nsetup)
		return NSTOP_NEXT_NONE;
	it = &t->setup[t->ui.menu_sel];
	switch (it->kind) {
	case S_VIEW: {
		/* namespaces, the tree, containers */
		int at = m->top_view == NSTOP_VIEW_CT ? 2 : m->tree ? 1 : 0;

		at = (at + dir + 3) % 3;
		nstop_model_back(m);
		m->top_view = at == 2 ? NSTOP_VIEW_CT : NSTOP_VIEW_NS;
		m->tree = at == 1;
		m->have_sel = false;
		m->sel = 0;
		next = NSTOP_NEXT_SAMPLE;
		break;
	}
	case S_TYPES:
		m->types = dir > 0 ? nstop_next_types(m->types) : prev_types(m->types);
		next = NSTOP_NEXT_SAMPLE;
		break;
	case S_HIDE_NS:
	case S_HIDE_CT: {
		int v = it->kind == S_HIDE_NS ? NSTOP_VIEW_NS : NSTOP_VIEW_CT;

		m->hide_host[v] = !m->hide_host[v];
		break;
	}
	case S_SORT:
		sort_step(m, it->view, dir);
		break;
	case S_DELAY:
		delay_step(t, dir);
		next = NSTOP_NEXT_DRAW;
		break;
	case S_COLOR: {
		bool want = t->color_mode == OUT_COLOR_NEVER;

		t->color_mode = want ? OUT_COLOR_AUTO : OUT_COLOR_NEVER;
		want = want && out_color_enabled(t->color_mode, STDOUT_FILENO);
		t->color = tty_set_colors(want);
		t->hdr.mono = !t->color;
		next = NSTOP_NEXT_DRAW;
		break;
	}
	case S_MOUSE:
		t->mouse = !t->mouse;
		tty_set_mouse(t->mouse);
		next = NSTOP_NEXT_DRAW;
		break;
	case S_COLUMN:
		next = toggle_column(t, it->view, it->col);
		break;
	default:
		return NSTOP_NEXT_NONE;
	}
	nstop_setup_lines(t);
	return next;
}

enum nstop_next nstop_setup_move(struct nstop *t, int dir)
{
	struct nstop_model *m = &t->model;
	const struct nstop_setup_item *it;
	int i, j, v, n;

	if (t->ui.menu_sel >= t->nsetup)
		return NSTOP_NEXT_NONE;
	it = &t->setup[t->ui.menu_sel];
	if (it->kind != S_COLUMN || !shown(m, it->view, it->col))
		return NSTOP_NEXT_NONE;
	v = it->view;
	n = ncols_of(m, v);
	for (i = 0; m->cols[v][i] != it->col; i++)
		;
	j = i + dir;
	if (j < 0 || j >= n)
		return NSTOP_NEXT_NONE;
	m->cols[v][i] = m->cols[v][j];
	m->cols[v][j] = it->col;
	/* the selection goes with the column */
	t->ui.menu_sel = (size_t)((long)t->ui.menu_sel + dir);
	nstop_setup_lines(t);
	return NSTOP_NEXT_BUILD;
}

enum nstop_next nstop_setup_open(struct nstop *t)
{
	t->ui.menu_sel = 0;
	if (nstop_setup_lines(t) < 0) {
		snprintf(t->ui.message, sizeof(t->ui.message), "out of memory");
		t->ui.message_error = true;
		return NSTOP_NEXT_DRAW;
	}
	snprintf(t->ui.pane_title, sizeof(t->ui.pane_title), "Setup (closing saves it)");
	t->ui.mode = NSTOP_MODE_SETUP;
	t->ui.pane_full = true;
	t->ui.menu_width = t->cols;
	return NSTOP_NEXT_DRAW;
}

enum nstop_next nstop_setup_close(struct nstop *t)
{
	struct nstop_config c;
	int rc;

	t->ui.mode = NSTOP_MODE_BROWSE;
	t->ui.pane_full = false;
	t->ui.menu_width = 0;
	nstop_pane_clear(t);
	t->nsetup = 0;
	if (!t->config_path[0]) {
		snprintf(t->ui.message, sizeof(t->ui.message),
			 "settings not saved: neither XDG_CONFIG_HOME nor HOME says where");
		t->ui.message_error = true;
		return NSTOP_NEXT_DRAW;
	}
	nstop_setup_get(t, &c);
	rc = nstop_config_save(t->config_path, &c);
	if (rc < 0)
		snprintf(t->ui.message, sizeof(t->ui.message), "cannot save '%.300s': %.60s",
			 t->config_path, strerror(-rc));
	else
		snprintf(t->ui.message, sizeof(t->ui.message), "settings saved to %.300s",
			 t->config_path);
	t->ui.message_error = rc < 0;
	return NSTOP_NEXT_DRAW;
}
