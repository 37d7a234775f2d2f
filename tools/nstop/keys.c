// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The keys of the dashboard, as a table. A handler changes the model or the
 * UI state and returns what must happen next (redraw, rebuild the rows,
 * sample now, run something, quit); it never draws. The help pane and the
 * man page list this table.
 */
#include <stdio.h>
#include <string.h>

#include "nstop.h"

#define V_NS	(1u << NSTOP_VIEW_NS)
#define V_CT	(1u << NSTOP_VIEW_CT)
#define V_PROC	(1u << NSTOP_VIEW_PROC)
#define V_TOP	(V_NS | V_CT)
#define V_ALL	(V_NS | V_CT | V_PROC)

typedef enum nstop_next (*key_fn)(struct nstop *t, int key);

struct key_binding {
	int key;
	unsigned int views;		/* V_*: where the key does something */
	key_fn fn;
	const char *name;		/* for the help; NULL: an alias listed with another */
	const char *help;
};

static void message(struct nstop *t, bool error, const char *msg)
{
	snprintf(t->ui.message, sizeof(t->ui.message), "%s", msg);
	t->ui.message_error = error;
}

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
	if (t->model.search[0]) {
		t->model.search[0] = '\0';
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

static enum nstop_next k_search(struct nstop *t, int key)
{
	(void)key;
	t->ui.mode = NSTOP_MODE_SEARCH;
	snprintf(t->ui.input, sizeof(t->ui.input), "%s", t->model.search);
	return NSTOP_NEXT_DRAW;
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

static enum nstop_next k_move(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;
	long page = nstop_view_page(m, &t->hdr, t->rows);

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

static const struct key_binding browse_keys[] = {
	{ 'q',			V_ALL,	k_quit,		"q",		"quit" },
	{ '?',			V_ALL,	k_help,		"? h F1",	"this help" },
	{ 'h',			V_ALL,	k_help,		NULL,		NULL },
	{ NSTOP_KEY_F1,		V_ALL,	k_help,		NULL,		NULL },
	{ NSTOP_KEY_ENTER,	V_TOP,	k_drill,	"Enter",
	  "the processes of the selected row: host PID, namespaced PID, user, CPU%, MEM" },
	{ NSTOP_KEY_RIGHT,	V_TOP,	k_drill,	NULL,		NULL },
	{ NSTOP_KEY_ESC,	V_ALL,	k_back,		"Esc Left",
	  "back from the processes; else clear the search" },
	{ NSTOP_KEY_LEFT,	V_ALL,	k_back,		NULL,		NULL },
	{ NSTOP_KEY_BACKSPACE,	V_ALL,	k_back,		NULL,		NULL },
	{ 'c',			V_ALL,	k_containers,	"c",
	  "one row per container, or back to one row per namespace" },
	{ 't',			V_NS,	k_type,		"t",
	  "the next namespace type: all, mnt, net, pid, uts, ipc, user, cgroup, time" },
	{ 's',			V_TOP,	k_host,		"s",
	  "hide or show the host: its own namespaces, or the processes in no container" },
	{ 'T',			V_NS,	k_tree,		"T",
	  "tree of pid and user namespaces as they nest (again: back to the list)" },
	{ '<',			V_ALL,	k_sort_prev,	"< >",		"sort by the previous, next column" },
	{ '>',			V_ALL,	k_sort_next,	NULL,		NULL },
	{ 'r',			V_ALL,	k_reverse,	"r",		"reverse the sort" },
	{ '/',			V_ALL,	k_search,	"/",
	  "search as you type: container, command or inode (Enter keeps it, Esc clears)" },
	{ 'e',			V_ALL,	k_shell,	"e",
	  "a shell inside the selected row's namespaces (exit comes back)" },
	{ 'd',			V_ALL,	k_diff,		"d",
	  "nsdiff of the selected row against the host, in a pane" },
	{ 'k',			V_ALL,	k_kill,		"k",
	  "send a signal to the row's process (PID column), after confirmation" },
	{ NSTOP_KEY_UP,		V_ALL,	k_move,		"Up Down",	"select a row" },
	{ NSTOP_KEY_DOWN,	V_ALL,	k_move,		NULL,		NULL },
	{ NSTOP_KEY_PGUP,	V_ALL,	k_move,		"PgUp PgDn",	"a screen up, down" },
	{ NSTOP_KEY_PGDN,	V_ALL,	k_move,		NULL,		NULL },
	{ NSTOP_KEY_HOME,	V_ALL,	k_move,		"Home End",	"the first, last row" },
	{ NSTOP_KEY_END,	V_ALL,	k_move,		NULL,		NULL },
	{ ' ',			V_ALL,	k_refresh,	"Space",	"refresh now" },
	{ 12,			V_ALL,	k_refresh,	NULL,		NULL },
};

#define NKEYS (sizeof(browse_keys) / sizeof(browse_keys[0]))

/* ------------------------------------------------------------ other modes */

static enum nstop_next search_key(struct nstop *t, int key)
{
	struct nstop_model *m = &t->model;
	size_t len = strlen(m->search);

	switch (key) {
	case NSTOP_KEY_ENTER:
		t->ui.mode = NSTOP_MODE_BROWSE;
		return NSTOP_NEXT_DRAW;
	case NSTOP_KEY_ESC:
		t->ui.mode = NSTOP_MODE_BROWSE;
		m->search[0] = '\0';
		t->ui.input[0] = '\0';
		return NSTOP_NEXT_BUILD;
	case NSTOP_KEY_BACKSPACE:
		if (!len)
			return NSTOP_NEXT_NONE;
		/* a whole UTF-8 character */
		do
			len--;
		while (len && ((unsigned char)m->search[len] & 0xc0) == 0x80);
		m->search[len] = '\0';
		break;
	case NSTOP_KEY_UP:
	case NSTOP_KEY_DOWN:
	case NSTOP_KEY_PGUP:
	case NSTOP_KEY_PGDN:
	case NSTOP_KEY_HOME:
	case NSTOP_KEY_END:
		return k_move(t, key);
	default:
		if (key < 0x20 || key == 0x7f || key > 0xff || len + 1 >= sizeof(m->search))
			return NSTOP_NEXT_NONE;
		m->search[len] = (char)key;
		m->search[len + 1] = '\0';
		break;
	}
	snprintf(t->ui.input, sizeof(t->ui.input), "%s", m->search);
	/* incremental: the rows follow every key */
	m->have_sel = false;
	m->sel = 0;
	return NSTOP_NEXT_BUILD;
}

static enum nstop_next pane_key(struct nstop *t, int key)
{
	struct nstop_ui *ui = &t->ui;
	size_t page = (size_t)nstop_view_pane_page(ui, t->rows);
	size_t max = ui->pane_nlines > page ? ui->pane_nlines - page : 0;

	if (!page)
		page = 1;
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
	case NSTOP_KEY_ESC:
	case NSTOP_KEY_ENTER:
	case NSTOP_KEY_LEFT:
	case 'q':
		nstop_diff_stop(t);
		ui->mode = NSTOP_MODE_BROWSE;
		ui->pane_full = false;
		ui->pane_lines = NULL;
		ui->pane_nlines = 0;
		nstop_pane_clear(t);
		break;
	default:
		return NSTOP_NEXT_NONE;
	}
	return NSTOP_NEXT_DRAW;
}

static enum nstop_next prompt_key(struct nstop *t, int key)
{
	struct nstop_ui *ui = &t->ui;
	size_t len = strlen(ui->input);

	if (key == NSTOP_KEY_ESC) {
		nstop_kill_cancel(t, "cancelled: no signal sent");
		return NSTOP_NEXT_DRAW;
	}
	if (t->kill.step == 2) {
		if (key == 'y' || key == 'Y')
			return NSTOP_NEXT_SIGNAL;
		nstop_kill_cancel(t, "cancelled: no signal sent");
		return NSTOP_NEXT_DRAW;
	}
	switch (key) {
	case NSTOP_KEY_ENTER: {
		int sig = nstop_parse_signal(ui->input[0] ? ui->input : "TERM");

		if (sig <= 0) {
			char msg[160];

			snprintf(msg, sizeof(msg), "unknown signal '%s': no signal sent", ui->input);
			nstop_kill_cancel(t, msg);
			ui->message_error = true;
			return NSTOP_NEXT_DRAW;
		}
		t->kill.sig = sig;
		t->kill.step = 2;
		snprintf(ui->prompt, sizeof(ui->prompt), "send SIG%s to PID %d (%s)? [y/N] ",
			 sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", (int)t->kill.pid,
			 t->kill.comm);
		ui->input[0] = '\0';
		return NSTOP_NEXT_DRAW;
	}
	case NSTOP_KEY_BACKSPACE:
		if (len)
			ui->input[len - 1] = '\0';
		return NSTOP_NEXT_DRAW;
	default:
		if (key < 0x20 || key >= 0x7f || len + 1 >= 16)
			return NSTOP_NEXT_NONE;
		ui->input[len] = (char)key;
		ui->input[len + 1] = '\0';
		return NSTOP_NEXT_DRAW;
	}
}

enum nstop_next nstop_key(struct nstop *t, int key)
{
	enum nstop_view_kind v = nstop_model_view(&t->model);
	int col;

	/* a message stays until the next key */
	if (t->ui.mode != NSTOP_MODE_PROMPT)
		t->ui.message[0] = '\0';
	switch (t->ui.mode) {
	case NSTOP_MODE_SEARCH:
		return search_key(t, key);
	case NSTOP_MODE_PANE:
		return pane_key(t, key);
	case NSTOP_MODE_PROMPT:
		return prompt_key(t, key);
	case NSTOP_MODE_BROWSE:
		break;
	}
	for (size_t i = 0; i < NKEYS; i++)
		if (browse_keys[i].key == key) {
			if (!(browse_keys[i].views & (1u << v)))
				return NSTOP_NEXT_DRAW;
			return browse_keys[i].fn(t, key);
		}
	/* one key per column sorts by it; again reverses */
	col = nstop_model_col_by_key(&t->model, v, key);
	if (col >= 0) {
		nstop_model_sort_by(&t->model, col);
		return NSTOP_NEXT_BUILD;
	}
	return NSTOP_NEXT_DRAW;
}

const char *nstop_default_hints(const struct nstop_model *m)
{
	switch (nstop_model_view(m)) {
	case NSTOP_VIEW_PROC:
		return "Esc back  / search  e shell  d diff  k kill  < > sort  ? help  q quit";
	case NSTOP_VIEW_CT:
		return "Enter processes  c namespaces  s host  / search  e shell  d diff  k kill  "
		       "< > sort  ? help  q quit";
	default:
		return "Enter processes  c containers  t type  s host  T tree  / search  e shell  "
		       "d diff  k kill  < > sort  ? help  q quit";
	}
}

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

int nstop_help_lines(struct nstop *t)
{
	char line[256], prefix[32];
	size_t len;

	nstop_pane_clear(t);
	if (nstop_pane_add(t, "Keys", 4) < 0)
		return -1;
	for (size_t i = 0; i < NKEYS; i++) {
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
	if (nstop_pane_add(t, "", 0) < 0 ||
	    help_add(t, "", "In the search, the pane and the prompts: Esc leaves; Up, Down, "
			    "PgUp, PgDn scroll.") < 0)
		return -1;
	t->ui.pane_lines = t->pane;
	t->ui.pane_nlines = t->npane;
	return 0;
}
