// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Drawing nstop into a frame. The layout, top to bottom:
 *
 *   0     clock, uptime, host, load
 *   1...  meters (meters_of()): CPUs, memory, swap at the left; the counts
 *         of tasks, namespaces and containers at the right
 *   (.)   a notice, only when something could not be read
 *   next  the title of the view (what, sorted how, filtered for what)
 *   next  column headings
 *   ...   rows
 *   last  the keys (htop's function bar), the filter or search being
 *         typed, a prompt or a message
 *
 * Columns that do not fit are dropped, least useful first; COMMAND takes
 * what is left; line 0, the title and the counts take shorter forms, the
 * keys go by priority. A pane (help, nsdiff) is a box drawn over the rows,
 * a menu (sort, signal) one at their left, the setup screen one over all.
 * The frame's map says what was drawn where, for the mouse.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "view.h"
#include "utf8.h"

/* Line drawing, UTF-8 and ASCII. */
struct glyphs {
	const char *h, *v, *tl, *tr, *bl, *br, *tee, *elbow;
};

static const struct glyphs utf8_glyphs = { "─", "│", "┌", "┐", "└", "┘", "├─", "└─" };
static const struct glyphs ascii_glyphs = { "-", "|", "+", "+", "+", "+", "|-", "`-" };

static const struct glyphs *glyphs(const struct nstop_frame *f)
{
	return f->utf8 ? &utf8_glyphs : &ascii_glyphs;
}

/* ------------------------------------------------------------------ frame */

void nstop_frame_init(struct nstop_frame *f, bool utf8)
{
	memset(f, 0, sizeof(*f));
	f->utf8 = utf8;
}

void nstop_frame_release(struct nstop_frame *f)
{
	free(f->cells);
	memset(f, 0, sizeof(*f));
}

void nstop_frame_clear(struct nstop_frame *f)
{
	for (size_t i = 0; i < (size_t)f->rows * (size_t)f->cols; i++)
		f->cells[i] = (struct nstop_cell){ ' ', 0 };
}

int nstop_frame_resize(struct nstop_frame *f, int rows, int cols)
{
	size_t need;

	if (rows < 0 || cols < 0)
		return -EINVAL;
	need = (size_t)rows * (size_t)cols;
	if (need > f->cap) {
		struct nstop_cell *c = realloc(f->cells, need * sizeof(*c));

		if (!c)
			return -ENOMEM;
		f->cells = c;
		f->cap = need;
	}
	f->rows = rows;
	f->cols = cols;
	nstop_frame_clear(f);
	return 0;
}

static struct nstop_cell *cell_at(struct nstop_frame *f, int row, int col)
{
	return &f->cells[(size_t)row * (size_t)f->cols + (size_t)col];
}

/* Decode one UTF-8 sequence; *len gets its length. Bad input: U+FFFD, 1 byte. */
static uint32_t utf8_next(const unsigned char *s, size_t *len)
{
	uint32_t c;

	*len = utf8_decode(s, &c);
	if (*len)
		return c;
	*len = 1;
	return 0xfffd;
}

/* Columns a character takes: 1 or 2; 0 turns it into '?'. */
static int char_width(const struct nstop_frame *f, uint32_t c)
{
	int w;

	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd)
		return 0;
	if (c < 0x80)
		return 1;
	if (!f->utf8)
		return 0;
	w = wcwidth((wchar_t)c);
	/* combining marks and the unknown would shift the columns: '?' */
	return w == 1 || w == 2 ? w : 0;
}

int nstop_frame_put(struct nstop_frame *f, int row, int col, const char *s, int width,
		    unsigned int attr)
{
	const unsigned char *p = (const unsigned char *)s;
	int x = col, end;

	if (!s || row < 0 || row >= f->rows || col < 0 || col >= f->cols)
		return 0;
	end = width < 0 || col + width > f->cols ? f->cols : col + width;
	while (*p && x < end) {
		size_t len;
		uint32_t c = utf8_next(p, &len);
		int w = char_width(f, c);

		p += len;
		if (!w) {
			c = '?';
			w = 1;
		}
		if (x + w > end)
			break;
		*cell_at(f, row, x) = (struct nstop_cell){ c, (uint16_t)attr };
		if (w == 2)
			*cell_at(f, row, x + 1) = (struct nstop_cell){ 0, (uint16_t)attr };
		x += w;
	}
	return x - col;
}

void nstop_frame_attr(struct nstop_frame *f, int row, int col, int n, unsigned int attr)
{
	if (row < 0 || row >= f->rows)
		return;
	for (int x = col < 0 ? 0 : col; x < col + n && x < f->cols; x++)
		cell_at(f, row, x)->attr = (uint16_t)attr;
}

size_t nstop_frame_text(const struct nstop_frame *f, int row, char *buf, size_t size)
{
	size_t len = 0, keep = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (row < 0 || row >= f->rows)
		return 0;
	for (int x = 0; x < f->cols; x++) {
		const struct nstop_cell *c = &f->cells[(size_t)row * (size_t)f->cols + (size_t)x];
		char tmp[4];
		size_t n;

		if (!c->ch)
			continue;
		n = utf8_encode(c->ch, tmp);
		if (len + n >= size)
			break;
		memcpy(buf + len, tmp, n);
		len += n;
		if (c->ch != ' ')
			keep = len;
	}
	buf[keep] = '\0';
	return keep;
}

/* ------------------------------------------------------------------- text */

void nstop_ui_init(struct nstop_ui *ui)
{
	memset(ui, 0, sizeof(*ui));
}

static size_t fmt_uptime(double secs, char *buf, size_t size)
{
	unsigned long s = secs > 0 ? (unsigned long)secs : 0;
	unsigned long days = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;

	if (days)
		return (size_t)snprintf(buf, size, "%lu day%s, %lu:%02lu", days,
					days == 1 ? "" : "s", h, m);
	return (size_t)snprintf(buf, size, "%lu:%02lu", h, m);
}

/* Append to buf at *n, as snprintf would, keeping *n within size. */
static void add(char *buf, size_t size, int *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(char *buf, size_t size, int *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*n < 0)
		*n = 0;
	va_start(ap, fmt);
	r = vsnprintf(buf + *n, size > (size_t)*n ? size - (size_t)*n : 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		*n += r;
}

static size_t clamp_len(int n, size_t size)
{
	if (n < 0)
		n = 0;
	return (size_t)n < size ? (size_t)n : size ? size - 1 : 0;
}

/*
 * Header line `line` in form `form`: 0 is the whole of it, as batch mode
 * prints it; each form after it is shorter, for narrower screens.
 */
static size_t header_form(const struct nstop_model *m, const struct nstop_header *h, int line,
			  int form, char *buf, size_t size)
{
	const struct nstop_totals *t = &m->totals;
	char a[32], b[32];
	int n = 0;

	if (size)
		buf[0] = '\0';
	switch (line) {
	case 0:
		add(buf, size, &n, form ? "nstop %s" : "nstop - %s", h->clock);
		if (h->uptime >= 0 && form < 2) {
			fmt_uptime(h->uptime, a, sizeof(a));
			add(buf, size, &n, " up %s", a);
		}
		if (h->host[0] && form < 1)
			add(buf, size, &n, ", host %s", h->host);
		if (h->have_load)
			add(buf, size, &n, form ? " load %.2f %.2f %.2f" : ", load %.2f %.2f %.2f",
			    h->load[0], h->load[1], h->load[2]);
		break;
	case 1:
		if (form == 0)
			add(buf, size, &n,
			    "%zu processes, %zu threads; %zu namespaces (%zu net, %zu pid, "
			    "%zu mnt, %zu user); %zu containers",
			    t->nprocs, t->nthreads, t->nns_all, t->nns[NS_NET], t->nns[NS_PID],
			    t->nns[NS_MNT], t->nns[NS_USER], t->ncontainers);
		else if (form == 1)
			add(buf, size, &n,
			    "%zu procs, %zu thr; %zu ns (%zu net, %zu pid, %zu mnt, %zu user); "
			    "%zu containers",
			    t->nprocs, t->nthreads, t->nns_all, t->nns[NS_NET], t->nns[NS_PID],
			    t->nns[NS_MNT], t->nns[NS_USER], t->ncontainers);
		else
			add(buf, size, &n, "%zu procs; %zu ns; %zu containers", t->nprocs,
			    t->nns_all, t->ncontainers);
		break;
	case 2:
		if (m->have_cpu)
			snprintf(a, sizeof(a), "%.1f%%", t->cpu);
		else
			snprintf(a, sizeof(a), "-");
		if (form == 0)
			add(buf, size, &n, "CPU %s of %ld%% (%ld core%s)", a, h->ncpu * 100, h->ncpu,
			    h->ncpu == 1 ? "" : "s");
		else
			add(buf, size, &n, "CPU %s/%ld%%", a, h->ncpu * 100);
		if (h->mem_total) {
			nstop_scale((double)h->mem_used, a, sizeof(a));
			nstop_scale((double)h->mem_total, b, sizeof(b));
			add(buf, size, &n, form ? ", mem %s/%s" : ", memory %s used of %s", a, b);
		}
		if (form < 2) {
			nstop_scale((double)t->rss, a, sizeof(a));
			add(buf, size, &n, ", RSS %s; every %gs", a, h->delay);
		}
		break;
	default:
		return 0;
	}
	return clamp_len(n, size);
}

#define HEADER_FORMS 3

size_t nstop_view_header(const struct nstop_model *m, const struct nstop_header *h, int line,
			 char *buf, size_t size)
{
	return header_form(m, h, line, 0, buf, size);
}

size_t nstop_view_notice(const struct nstop_model *m, const struct nstop_header *h, char *buf,
			 size_t size)
{
	const struct nstop_totals *t = &m->totals;
	const char *why = h->root ? "permission denied" : "not root";
	int n = 0;

	if (size)
		buf[0] = '\0';
	if (t->ndenied)
		n = snprintf(buf, size, "%s: the namespaces of %zu process%s are unknown", why,
			     t->ndenied, t->ndenied == 1 ? "" : "es");
	if (t->nnet_denied)
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0,
			      "%s%s the traffic of %zu net namespace%s is unknown",
			      n ? ";" : why, n ? "" : ":", t->nnet_denied,
			      t->nnet_denied == 1 ? "" : "s");
	if (t->nmalformed)
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0,
			      "%smalformed namespace links: the namespaces of %zu process%s are unknown",
			      n ? "; " : "", t->nmalformed, t->nmalformed == 1 ? "" : "es");
	if (n < 0)
		n = 0;
	return (size_t)n < size ? (size_t)n : size ? size - 1 : 0;
}

/*
 * The title in form `form`: 0 whole; 1 the direction shortened; 2 what is
 * shown shortened too; 3 the count without "rows".
 */
static size_t title_form(const struct nstop_model *m, int form, char *buf, size_t size)
{
	enum nstop_view_kind v = nstop_model_view(m);
	int col = nstop_model_has_col(m, v, m->sort[v].col) ? m->sort[v].col : NSTOP_COL_CPU;
	bool desc = nstop_cols[col].numeric != m->sort[v].reverse;
	bool hidden = m->hide_host[v] && !(v == NSTOP_VIEW_NS && m->tree);
	char what[160];
	int n = 0;

	if (v == NSTOP_VIEW_PROC) {
		snprintf(what, sizeof(what), "%s of %s", form >= 2 ? "Procs" : "Processes",
			 m->drill_label);
	} else if (v == NSTOP_VIEW_CT) {
		snprintf(what, sizeof(what), "Containers%s",
			 !hidden ? "" : form >= 2 ? " (no host)" : " (host hidden)");
	} else {
		ns_mask_t types = m->types;
		char names[96] = "";
		size_t len = 0;

		if (m->tree)
			types &= NS_MASK(NS_PID) | NS_MASK(NS_USER);
		for (int t = 0; t < NS_NTYPES && types != NS_MASK_ALL; t++)
			if (types & NS_MASK(t))
				len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
							len ? ", " : "", nstype_name(t));
		snprintf(what, sizeof(what), "%s (%s%s)",
			 m->tree ? (form >= 2 ? "NS tree" : "Namespace tree") :
				   (form >= 2 ? "NS" : "Namespaces"),
			 types == NS_MASK_ALL ? (form >= 2 ? "all" : "all types") :
			 len		      ? names :
						"no type",
			 !hidden ? "" : form >= 2 ? ", no host" : "; host hidden");
	}
	add(buf, size, &n, "%s, %zu%s, by %s %s", what, m->nrows,
	    form >= 3 ? "" : m->nrows == 1 ? " row" : " rows", nstop_cols[col].name,
	    form >= 1 ? (desc ? "desc" : "asc") : (desc ? "descending" : "ascending"));
	if (m->filter_text[0])
		add(buf, size, &n, ", filter '%s'", m->filter_text);
	return clamp_len(n, size);
}

#define TITLE_FORMS 4

size_t nstop_view_title(const struct nstop_model *m, char *buf, size_t size)
{
	return title_form(m, 0, buf, size);
}

/* ---------------------------------------------------------------- layout */

/*
 * The meters under line 0: how many lines, and what goes on them. They
 * take at most a third of what the screen has beyond its fixed lines, so
 * that rows keep most of it; the left half has a bar per CPU (in columns
 * when they are many and the half is wide; one bar for all when they do
 * not fit), then memory and swap; the right half, the counts.
 */
struct meters {
	int lines;
	int cpu_lines, cpu_cols;	/* per CPU; cpu_lines 0: one bar for all */
	int mem_lines;			/* 2: memory and swap, 1: memory, 0: none */
};

#define METER_MIN_WIDTH 14		/* of a CPU's bar: "12[||| 12.5%]" */

static struct meters meters_of(const struct nstop_header *h, int rows, int cols)
{
	struct meters mt = { 0 };
	int max = rows >= 11 ? (rows - 8) / 3 : 1, half = cols / 2, left;
	size_t n = h->have_cpus ? h->ncpus : 0;

	if (max > 12)
		max = 12;
	mt.mem_lines = max >= 3 ? 2 : max >= 2 ? 1 : 0;
	for (int sub = 1; n && sub <= 8; sub *= 2) {
		int lines = (int)((n + (size_t)sub - 1) / (size_t)sub);

		if (half / sub < METER_MIN_WIDTH)
			break;
		if (lines <= max - mt.mem_lines) {
			mt.cpu_lines = lines;
			mt.cpu_cols = sub;
			break;
		}
	}
	left = (mt.cpu_lines ? mt.cpu_lines : 1) + mt.mem_lines;
	/* the counts want three lines when there are so many */
	mt.lines = left > (max < 3 ? max : 3) ? left : (max < 3 ? max : 3);
	return mt;
}

struct layout {
	struct meters mt;
	int top;			/* first line of rows */
	int page;			/* lines of rows */
	bool notice;
};

static struct layout layout_of(const struct nstop_model *m, const struct nstop_header *h,
			       int rows, int cols)
{
	struct layout l;
	char buf[8];

	l.mt = meters_of(h, rows, cols);
	l.notice = nstop_view_notice(m, h, buf, sizeof(buf)) > 0;
	l.top = 1 + l.mt.lines + (l.notice ? 1 : 0) + 2;
	l.page = rows - 1 - l.top;
	if (l.page < 0)
		l.page = 0;
	return l;
}

int nstop_view_page(const struct nstop_model *m, const struct nstop_header *h, int rows,
		    int cols)
{
	return layout_of(m, h, rows, cols).page;
}

/* The box of the pane: first and last line (its borders included). */
static void pane_box(const struct nstop_ui *ui, int rows, int *y0, int *y1)
{
	*y0 = ui->pane_full ? 0 : rows / 3;
	*y1 = rows - 2;
}

int nstop_view_pane_page(const struct nstop_ui *ui, int rows)
{
	int y0, y1;

	pane_box(ui, rows, &y0, &y1);
	return y1 - y0 - 1 > 0 ? y1 - y0 - 1 : 0;
}

struct colpos {
	int col;
	int x, w;
};

/* Which columns fit, where. Returns how many. */
static int fit_columns(const struct nstop_model *m, int width, int tree_extra, struct colpos *out)
{
	enum nstop_view_kind v = nstop_model_view(m);
	bool dropped[NSTOP_NCOLS] = { false };
	int drop[NSTOP_NCOLS];
	int n, total, x;

	for (int c = 0; c < NSTOP_NCOLS; c++)
		drop[c] = nstop_cols[c].drop;
	/* a process is its PID: that column stays in the drill-down */
	if (v == NSTOP_VIEW_PROC)
		drop[NSTOP_COL_PID] = 0;

	for (;;) {
		int worst = -1;

		total = 0;
		n = 0;
		for (const int *c = m->cols[v]; *c >= 0; c++) {
			int w = nstop_cols[*c].width;

			if (dropped[*c])
				continue;
			if (*c == NSTOP_COL_NS)
				w += tree_extra;
			total += w + (n ? 1 : 0);
			n++;
			if (drop[*c] && (worst < 0 || drop[*c] > drop[worst]))
				worst = *c;
		}
		if (total <= width || worst < 0)
			break;
		dropped[worst] = true;
	}
	x = 0;
	n = 0;
	for (const int *c = m->cols[v]; *c >= 0; c++) {
		int w = nstop_cols[*c].width;

		if (dropped[*c])
			continue;
		if (*c == NSTOP_COL_NS)
			w += tree_extra;
		if (*c == NSTOP_COL_COMMAND)
			w += width - total;	/* the rest of the line */
		out[n++] = (struct colpos){ *c, x, w };
		x += w + 1;
	}
	return n;
}

static int text_width(const struct nstop_frame *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;

	while (*p) {
		size_t len;
		int cw = char_width(f, utf8_next(p, &len));

		w += cw ? cw : 1;
		p += len;
	}
	return w;
}

/* A cell, aligned in its column. */
static void put_cell(struct nstop_frame *f, int y, const struct colpos *c, const char *s,
		     unsigned int attr)
{
	int x = c->x, w;

	if (!s)
		return;
	if (nstop_cols[c->col].right) {
		w = text_width(f, s);
		if (w < c->w)
			x += c->w - w;
	}
	nstop_frame_put(f, y, x, s, c->w - (x - c->x), attr);
}

/* The tree's lines before a row's inode: "│ ├─" */
static int put_tree(struct nstop_frame *f, int y, int x, const struct nstop_row *r,
		    unsigned int attr)
{
	const struct glyphs *g = glyphs(f);
	int used = 0;

	for (int d = 1; d <= r->depth; d++) {
		const char *s;

		if (d < r->depth)
			s = r->last_mask & (1u << d) ? "  " : f->utf8 ? "│ " : "| ";
		else
			s = r->last_mask & (1u << d) ? g->elbow : g->tee;
		used += nstop_frame_put(f, y, x + used, s, -1, attr);
	}
	return used;
}

static void draw_rows(struct nstop_frame *f, struct nstop_model *m, const struct layout *l,
		      const struct colpos *cols, int ncols, bool show_sel)
{
	enum nstop_view_kind v = nstop_model_view(m);

	/* keep the selection on screen, and the screen full when it can be */
	if (m->sel < m->scroll)
		m->scroll = m->sel;
	if (l->page > 0 && m->sel >= m->scroll + (size_t)l->page)
		m->scroll = m->sel - (size_t)l->page + 1;
	if (m->nrows <= (size_t)l->page)
		m->scroll = 0;
	else if (m->scroll + (size_t)l->page > m->nrows)
		m->scroll = m->nrows - (size_t)l->page;

	for (int i = 0; i < l->page; i++) {
		size_t idx = m->scroll + (size_t)i;
		const struct nstop_row *r;
		int y = l->top + i;
		bool sel;

		if (idx >= m->nrows)
			break;
		r = &m->rows[idx];
		sel = show_sel && idx == m->sel;
		for (int c = 0; c < ncols; c++) {
			char buf[96];
			const char *s = nstop_cell(m, r, cols[c].col, false, buf, sizeof(buf));
			unsigned int attr = 0;

			if (cols[c].col == NSTOP_COL_CONTAINER && r->ct)
				attr = NSTOP_ATTR_COLOR(NSTOP_C_CONTAINER);
			if (cols[c].col == NSTOP_COL_CPU && r->cpu >= 50)
				attr = NSTOP_ATTR_COLOR(NSTOP_C_HOT) | NSTOP_ATTR_BOLD;
			if (cols[c].col == NSTOP_COL_NS && m->tree && v == NSTOP_VIEW_NS &&
			    r->depth) {
				struct colpos cp = cols[c];
				int used = put_tree(f, y, cp.x, r, NSTOP_ATTR_COLOR(NSTOP_C_BORDER));

				cp.x += used;
				cp.w -= used;
				/* in a tree the inode follows the lines, on the left */
				nstop_frame_put(f, y, cp.x, s, cp.w, attr);
				continue;
			}
			put_cell(f, y, &cols[c], s, attr);
		}
		if (sel)
			for (int x = 0; x < f->cols; x++) {
				struct nstop_cell *cell = cell_at(f, y, x);

				cell->attr = (uint16_t)(NSTOP_ATTR_REVERSE |
							NSTOP_ATTR_COLOR(NSTOP_C_SELECTED));
			}
	}
}

static void draw_pane(struct nstop_frame *f, const struct nstop_ui *ui)
{
	const struct glyphs *g = glyphs(f);
	unsigned int battr = NSTOP_ATTR_COLOR(NSTOP_C_BORDER);
	int y0, y1, inner = f->cols - 4;
	size_t first = ui->pane_scroll;
	char title[160];

	pane_box(ui, f->rows, &y0, &y1);
	if (y1 - y0 < 2 || f->cols < 8)
		return;
	for (int y = y0; y <= y1; y++)
		for (int x = 0; x < f->cols; x++)
			*cell_at(f, y, x) = (struct nstop_cell){ ' ', 0 };
	for (int x = 1; x < f->cols - 1; x++) {
		nstop_frame_put(f, y0, x, g->h, 1, battr);
		nstop_frame_put(f, y1, x, g->h, 1, battr);
	}
	nstop_frame_put(f, y0, 0, g->tl, 1, battr);
	nstop_frame_put(f, y0, f->cols - 1, g->tr, 1, battr);
	nstop_frame_put(f, y1, 0, g->bl, 1, battr);
	nstop_frame_put(f, y1, f->cols - 1, g->br, 1, battr);
	for (int y = y0 + 1; y < y1; y++) {
		nstop_frame_put(f, y, 0, g->v, 1, battr);
		nstop_frame_put(f, y, f->cols - 1, g->v, 1, battr);
	}
	snprintf(title, sizeof(title), " %s%s ", ui->pane_title,
		 ui->pane_busy ? " (running...)" : "");
	nstop_frame_put(f, y0, 2, title, f->cols - 4, NSTOP_ATTR_BOLD | NSTOP_ATTR_COLOR(NSTOP_C_TITLE));
	if (ui->pane_nlines > (size_t)(y1 - y0 - 1)) {
		snprintf(title, sizeof(title), " %zu-%zu of %zu ", first + 1,
			 first + (size_t)(y1 - y0 - 1) < ui->pane_nlines ?
				 first + (size_t)(y1 - y0 - 1) : ui->pane_nlines,
			 ui->pane_nlines);
		nstop_frame_put(f, y1, f->cols - 2 - (int)strlen(title), title, -1, battr);
	}
	for (int y = y0 + 1; y < y1; y++) {
		size_t i = first + (size_t)(y - y0 - 1);

		if (i >= ui->pane_nlines)
			break;
		nstop_frame_put(f, y, 2, ui->pane_lines[i], inner, 0);
	}
	f->map.pane_y = y0 + 1;
	f->map.pane_n = y1 - y0 - 1;
}

/* The columns a key of the bottom line takes: "F1" and its label, at least 6 wide. */
static int footer_width(const struct nstop_footer_item *it)
{
	int l = (int)strlen(it->label);

	return (int)strlen(it->key) + (l < 6 ? 6 : l);
}

/*
 * The keys of the bottom line from column x on, as htop draws its function
 * keys: the key, then its label in a bar. What does not fit goes, the
 * highest priority number first, so that quit and help are the last to go.
 */
static void draw_footer(struct nstop_frame *f, int y, int x, const struct nstop_ui *ui)
{
	bool shown[NSTOP_FOOTER_MAX];
	size_t n = ui->nfooter < NSTOP_FOOTER_MAX ? ui->nfooter : NSTOP_FOOTER_MAX;
	int total = 0;

	for (size_t i = 0; i < n; i++) {
		shown[i] = true;
		total += footer_width(&ui->footer[i]);
	}
	while (total > f->cols - x) {
		size_t worst = n;

		for (size_t i = 0; i < n; i++)
			if (shown[i] && (worst == n || ui->footer[i].prio >= ui->footer[worst].prio))
				worst = i;
		if (worst == n)
			break;
		shown[worst] = false;
		total -= footer_width(&ui->footer[worst]);
	}
	for (size_t i = 0; i < n; i++) {
		const struct nstop_footer_item *it = &ui->footer[i];
		int w = footer_width(it), kw = (int)strlen(it->key);

		if (!shown[i])
			continue;
		nstop_frame_put(f, y, x, it->key, kw, NSTOP_ATTR_BOLD);
		nstop_frame_put(f, y, x + kw, it->label, w - kw,
				NSTOP_ATTR_REVERSE | NSTOP_ATTR_COLOR(NSTOP_C_FOOTER));
		nstop_frame_attr(f, y, x + kw, w - kw,
				 NSTOP_ATTR_REVERSE | NSTOP_ATTR_COLOR(NSTOP_C_FOOTER));
		if (f->map.nfooter < NSTOP_FOOTER_MAX)
			f->map.footer[f->map.nfooter++] = (typeof(f->map.footer[0])){ x, w, it->code };
		x += w;
	}
	f->map.footer_y = y;
}

/* A line being typed: its label, the text and a cursor; returns the column after it. */
static int draw_input(struct nstop_frame *f, int y, const char *label, const char *text,
		      unsigned int attr)
{
	int x = nstop_frame_put(f, y, 0, label, -1, attr);

	x += nstop_frame_put(f, y, x, text, -1, attr);
	nstop_frame_put(f, y, x, "_", 1, NSTOP_ATTR_REVERSE);
	return x + 1;
}

static void draw_bottom(struct nstop_frame *f, const struct nstop_ui *ui)
{
	int y = f->rows - 1, x;

	switch (ui->mode) {
	case NSTOP_MODE_FILTER:
		x = draw_input(f, y, "Filter: ", ui->input, NSTOP_ATTR_BOLD);
		draw_footer(f, y, x + 2, ui);
		return;
	case NSTOP_MODE_SEARCH:
		x = draw_input(f, y, "Search: ", ui->input,
			       NSTOP_ATTR_BOLD |
				       (ui->not_found ? NSTOP_ATTR_COLOR(NSTOP_C_WARN) : 0));
		if (ui->not_found)
			x += 1 + nstop_frame_put(f, y, x + 1, "not found", -1,
						 NSTOP_ATTR_COLOR(NSTOP_C_WARN));
		draw_footer(f, y, x + 2, ui);
		return;
	case NSTOP_MODE_PROMPT:
		draw_input(f, y, ui->prompt, ui->input,
			   NSTOP_ATTR_BOLD | NSTOP_ATTR_COLOR(NSTOP_C_WARN));
		return;
	default:
		break;
	}
	if (ui->message[0]) {
		nstop_frame_put(f, y, 0, ui->message, -1,
				ui->message_error ? NSTOP_ATTR_BOLD | NSTOP_ATTR_COLOR(NSTOP_C_WARN) :
						    NSTOP_ATTR_BOLD);
		return;
	}
	draw_footer(f, y, 0, ui);
}

/* The box of the menu: its first and last line (borders included). */
static void menu_box(const struct layout *l, const struct nstop_ui *ui, int rows, int *y0,
		     int *y1)
{
	*y0 = ui->pane_full ? 0 : l->top - 1;
	*y1 = rows - 2;
}

int nstop_view_menu_page(const struct nstop_model *m, const struct nstop_header *h,
			 const struct nstop_ui *ui, int rows, int cols)
{
	struct layout l = layout_of(m, h, rows, cols);
	int y0, y1;

	menu_box(&l, ui, rows, &y0, &y1);
	return y1 - y0 - 1 > 0 ? y1 - y0 - 1 : 0;
}

/* A menu (F6, F9): a box at the left over the rows, its selected item in reverse. */
static void draw_menu(struct nstop_frame *f, const struct layout *l, const struct nstop_ui *ui)
{
	const struct glyphs *g = glyphs(f);
	unsigned int battr = NSTOP_ATTR_COLOR(NSTOP_C_BORDER);
	int y0, y1, w = ui->menu_width, page;
	size_t scroll;
	char title[160];

	menu_box(l, ui, f->rows, &y0, &y1);
	if (w > f->cols || ui->pane_full)
		w = f->cols;
	page = y1 - y0 - 1;
	if (page < 1 || w < 6)
		return;
	/* the selected item stays in the box */
	scroll = ui->menu_sel >= (size_t)page ? ui->menu_sel - (size_t)page + 1 : 0;
	for (int y = y0; y <= y1; y++)
		for (int x = 0; x < w; x++)
			*cell_at(f, y, x) = (struct nstop_cell){ ' ', 0 };
	for (int x = 1; x < w - 1; x++) {
		nstop_frame_put(f, y0, x, g->h, 1, battr);
		nstop_frame_put(f, y1, x, g->h, 1, battr);
	}
	nstop_frame_put(f, y0, 0, g->tl, 1, battr);
	nstop_frame_put(f, y0, w - 1, g->tr, 1, battr);
	nstop_frame_put(f, y1, 0, g->bl, 1, battr);
	nstop_frame_put(f, y1, w - 1, g->br, 1, battr);
	for (int y = y0 + 1; y < y1; y++) {
		nstop_frame_put(f, y, 0, g->v, 1, battr);
		nstop_frame_put(f, y, w - 1, g->v, 1, battr);
	}
	snprintf(title, sizeof(title), " %s ", ui->pane_title);
	nstop_frame_put(f, y0, 1, title, w - 2, NSTOP_ATTR_BOLD | NSTOP_ATTR_COLOR(NSTOP_C_TITLE));
	for (int i = 0; i < page; i++) {
		size_t item = scroll + (size_t)i;

		if (item >= ui->pane_nlines)
			break;
		nstop_frame_put(f, y0 + 1 + i, 2, ui->pane_lines[item], w - 3, 0);
		if (item == ui->menu_sel)
			nstop_frame_attr(f, y0 + 1 + i, 1, w - 2,
					 NSTOP_ATTR_REVERSE | NSTOP_ATTR_COLOR(NSTOP_C_SELECTED));
	}
	f->map.menu_x = 1;
	f->map.menu_w = w - 2;
	f->map.menu_y = y0 + 1;
	f->map.menu_n = page;
	f->map.menu_scroll = scroll;
}

static void draw_too_small(struct nstop_frame *f)
{
	char a[64], b[64];
	const char *lines[3] = { "terminal too small", a, "q quits" };

	snprintf(a, sizeof(a), "%dx%d, nstop needs %dx%d", f->cols, f->rows, NSTOP_MIN_COLS,
		 NSTOP_MIN_ROWS);
	(void)b;
	for (int i = 0; i < 3 && i < f->rows; i++) {
		int y = f->rows / 2 - 1 + i, w = (int)strlen(lines[i]);
		int x = w < f->cols ? (f->cols - w) / 2 : 0;

		if (f->rows < 3)
			y = i;
		nstop_frame_put(f, y, x, lines[i], -1,
				i == 0 ? NSTOP_ATTR_BOLD | NSTOP_ATTR_COLOR(NSTOP_C_WARN) : 0);
	}
}

/* ----------------------------------------------------------------- meters */

struct bar_part {
	double value;
	enum nstop_color role;
};

/*
 * A bar as htop draws its meters: "Mem[|||||||##     1.2G/7.7G]". The
 * label, then the parts of total in their colors (with none, each in a
 * character of its own: | # * @), the text at the right end over them.
 */
static void draw_bar(struct nstop_frame *f, int y, int x, int w, const char *label,
		     const struct bar_part *parts, int nparts, double total, const char *text,
		     bool mono)
{
	static const char marks[] = "|#*@";
	int lw = text_width(f, label), inner = w - lw - 2, at = 0, tw;
	double sum = 0;

	if (inner < 1)
		return;
	nstop_frame_put(f, y, x, label, lw, NSTOP_ATTR_COLOR(NSTOP_C_METER));
	nstop_frame_put(f, y, x + lw, "[", 1, NSTOP_ATTR_BOLD);
	for (int i = 0; i < nparts && total > 0; i++) {
		int end;
		char mark[2] = { mono ? marks[i % 4] : '|', '\0' };

		sum += parts[i].value > 0 ? parts[i].value : 0;
		/* rounded on the running sum: the parts add up to the whole */
		end = (int)(sum / total * inner + 0.5);
		if (end > inner)
			end = inner;
		for (; at < end; at++)
			nstop_frame_put(f, y, x + lw + 1 + at, mark, 1,
					mono ? 0 : NSTOP_ATTR_COLOR(parts[i].role));
	}
	tw = text_width(f, text);
	if (tw <= inner)
		nstop_frame_put(f, y, x + lw + 1 + inner - tw, text, tw, NSTOP_ATTR_DIM);
	nstop_frame_put(f, y, x + lw + 1 + inner, "]", 1, NSTOP_ATTR_BOLD);
}

static void draw_cpu(struct nstop_frame *f, int y, int x, int w, const char *label,
		     const struct nstop_cpu_use *u, bool mono)
{
	const struct bar_part parts[] = {
		{ u->nice, NSTOP_C_BAR_NICE },
		{ u->user, NSTOP_C_BAR_USER },
		{ u->sys, NSTOP_C_BAR_SYS },
		{ u->virt, NSTOP_C_BAR_VIRT },
	};
	char text[16];

	snprintf(text, sizeof(text), "%.1f%%", u->nice + u->user + u->sys + u->virt);
	draw_bar(f, y, x, w, label, parts, 4, 100, text, mono);
}

/* A line of the counts: the longest of its forms that fits, its label in color. */
static void draw_count(struct nstop_frame *f, int y, int x, int w, const char *const forms[],
		       int nforms)
{
	int i = 0, colon;

	while (i + 1 < nforms && text_width(f, forms[i]) > w)
		i++;
	nstop_frame_put(f, y, x, forms[i], w, 0);
	colon = (int)strcspn(forms[i], ":");
	if (forms[i][colon] && colon < w)
		nstop_frame_attr(f, y, x, colon + 1, NSTOP_ATTR_COLOR(NSTOP_C_METER));
}

static void draw_counts(struct nstop_frame *f, const struct nstop_model *m,
			const struct nstop_header *h, int y, int x, int w, int lines)
{
	const struct nstop_totals *t = &m->totals;
	char a[4][96], b[4][96], c[3][96], d[2][96], rss[32];

	snprintf(a[0], sizeof(a[0]), "Tasks: %zu, %zu thr; %zu running", t->nprocs, t->nthreads,
		 t->nrunning);
	snprintf(a[1], sizeof(a[1]), "Tasks: %zu, %zu thr", t->nprocs, t->nthreads);
	snprintf(a[2], sizeof(a[2]), "Tasks: %zu", t->nprocs);
	snprintf(b[0], sizeof(b[0]), "Namespaces: %zu (%zu net, %zu pid, %zu mnt, %zu user)",
		 t->nns_all, t->nns[NS_NET], t->nns[NS_PID], t->nns[NS_MNT], t->nns[NS_USER]);
	snprintf(b[1], sizeof(b[1]), "Namespaces: %zu (%zu net, %zu pid)", t->nns_all,
		 t->nns[NS_NET], t->nns[NS_PID]);
	snprintf(b[2], sizeof(b[2]), "Namespaces: %zu", t->nns_all);
	snprintf(b[3], sizeof(b[3]), "NS: %zu", t->nns_all);
	nstop_scale((double)t->rss, rss, sizeof(rss));
	snprintf(d[0], sizeof(d[0]), "RSS: %s; every %gs", rss, h->delay);
	snprintf(d[1], sizeof(d[1]), "Every %gs", h->delay);
	if (lines >= 3) {
		snprintf(c[0], sizeof(c[0]), "Containers: %zu", t->ncontainers);
		snprintf(c[1], sizeof(c[1]), "Ctnrs: %zu", t->ncontainers);
		draw_count(f, y, x, w, (const char *const[]){ a[0], a[1], a[2] }, 3);
		draw_count(f, y + 1, x, w, (const char *const[]){ b[0], b[1], b[2], b[3] }, 4);
		draw_count(f, y + 2, x, w, (const char *const[]){ c[0], c[1] }, 2);
		if (lines >= 4)
			draw_count(f, y + 3, x, w, (const char *const[]){ d[0], d[1] }, 2);
	} else if (lines == 2) {
		snprintf(c[0], sizeof(c[0]), "Containers: %zu; tasks: %zu", t->ncontainers,
			 t->nprocs);
		snprintf(c[1], sizeof(c[1]), "Ctnrs: %zu, tasks: %zu", t->ncontainers, t->nprocs);
		draw_count(f, y, x, w, (const char *const[]){ b[0], b[1], b[2], b[3] }, 4);
		draw_count(f, y + 1, x, w, (const char *const[]){ c[0], c[1] }, 2);
	} else if (lines == 1) {
		snprintf(c[0], sizeof(c[0]), "%zu namespaces, %zu containers, %zu tasks", t->nns_all,
			 t->ncontainers, t->nprocs);
		snprintf(c[1], sizeof(c[1]), "%zu ns, %zu ctnrs, %zu tasks", t->nns_all,
			 t->ncontainers, t->nprocs);
		snprintf(c[2], sizeof(c[2]), "%zu ns, %zu ctnrs", t->nns_all, t->ncontainers);
		draw_count(f, y, x, w, (const char *const[]){ c[0], c[1], c[2] }, 3);
	}
}

static void draw_meters(struct nstop_frame *f, const struct nstop_model *m,
			const struct nstop_header *h, const struct meters *mt)
{
	int half = f->cols / 2, lw = half - 1, y = 1;
	char label[48], a[16], b[16], text[40];

	if (!mt->lines)
		return;
	if (mt->cpu_lines) {
		int digits = snprintf(label, sizeof(label), "%zu", h->ncpus - 1);
		int cw = lw / mt->cpu_cols;

		/* numbered down the columns, as htop's CPU meters in columns */
		for (size_t i = 0; i < h->ncpus; i++) {
			int col = (int)(i / (size_t)mt->cpu_lines), line = (int)(i % (size_t)mt->cpu_lines);

			snprintf(label, sizeof(label), "%*zu", digits, i);
			draw_cpu(f, y + line, col * cw, cw - (col + 1 < mt->cpu_cols ? 1 : 0), label,
				 &h->cpus[i], h->mono);
		}
		y += mt->cpu_lines;
	} else {
		struct nstop_cpu_use all = h->cpu_all;

		/* without the CPUs' own figures, what the processes used */
		if (!h->have_cpus) {
			memset(&all, 0, sizeof(all));
			all.user = m->have_cpu && h->ncpu > 0 ? m->totals.cpu / (double)h->ncpu : 0;
		}
		draw_cpu(f, y++, 0, lw, "CPU", &all, h->mono);
	}
	if (mt->mem_lines >= 1) {
		const struct bar_part parts[] = {
			{ (double)h->mem_used, NSTOP_C_BAR_USER },
			{ (double)h->mem_cache, NSTOP_C_BAR_CACHE },
		};

		nstop_scale((double)h->mem_used, a, sizeof(a));
		nstop_scale((double)h->mem_total, b, sizeof(b));
		snprintf(text, sizeof(text), "%s/%s", a, b);
		draw_bar(f, y++, 0, lw, "Mem", parts, 2, (double)h->mem_total, text, h->mono);
	}
	if (mt->mem_lines >= 2) {
		const struct bar_part parts[] = { { (double)h->swap_used, NSTOP_C_BAR_SYS } };

		nstop_scale((double)h->swap_used, a, sizeof(a));
		nstop_scale((double)h->swap_total, b, sizeof(b));
		snprintf(text, sizeof(text), "%s/%s", a, b);
		draw_bar(f, y++, 0, lw, "Swp", parts, 1, (double)h->swap_total, text, h->mono);
	}
	draw_counts(f, m, h, 1, half + 1, f->cols - half - 1, mt->lines);
}

/* Why there are no rows: the search, the host hidden, or nothing there. */
static const char *empty_why(const struct nstop_model *m)
{
	enum nstop_view_kind v = nstop_model_view(m);

	if (m->filter_text[0])
		return "no row shows the filter's text";
	if (v == NSTOP_VIEW_NS && m->nhidden)
		return "nothing but the host's namespaces: s shows them";
	if (v == NSTOP_VIEW_CT && m->nhidden)
		return "no container: s shows the processes outside containers";
	return "nothing to show";
}

void nstop_view_draw(struct nstop_frame *f, struct nstop_model *m, const struct nstop_header *h,
		     const struct nstop_ui *ui)
{
	struct colpos cols[NSTOP_NCOLS];
	struct layout l;
	char buf[512];
	int ncols, tree_extra = 0, y;

	nstop_frame_clear(f);
	memset(&f->map, 0, sizeof(f->map));
	f->map.heading_y = f->map.footer_y = -1;
	if (f->rows < NSTOP_MIN_ROWS || f->cols < NSTOP_MIN_COLS) {
		draw_too_small(f);
		return;
	}
	l = layout_of(m, h, f->rows, f->cols);

	/* the longest form that fits the width, else the shortest, cut */
	for (int form = 0; form < HEADER_FORMS; form++)
		if (text_width(f, (header_form(m, h, 0, form, buf, sizeof(buf)), buf)) <= f->cols)
			break;
	nstop_frame_put(f, 0, 0, buf, -1, NSTOP_ATTR_BOLD);
	/* "nstop" stands out */
	nstop_frame_attr(f, 0, 0, 5, NSTOP_ATTR_BOLD | NSTOP_ATTR_COLOR(NSTOP_C_TITLE));
	draw_meters(f, m, h, &l.mt);
	y = 1 + l.mt.lines;
	if (l.notice) {
		nstop_view_notice(m, h, buf, sizeof(buf));
		nstop_frame_put(f, y++, 0, buf, -1, NSTOP_ATTR_COLOR(NSTOP_C_WARN));
	}
	for (int form = 0; form < TITLE_FORMS; form++)
		if (text_width(f, (title_form(m, form, buf, sizeof(buf)), buf)) <= f->cols)
			break;
	nstop_frame_put(f, y++, 0, buf, -1, NSTOP_ATTR_BOLD);

	if (m->tree && nstop_model_view(m) == NSTOP_VIEW_NS) {
		int depth = 0;

		for (size_t i = 0; i < m->nrows; i++)
			if (m->rows[i].depth > depth)
				depth = m->rows[i].depth;
		tree_extra = 2 * depth;
		if (tree_extra > 16)
			tree_extra = 16;
	}
	ncols = fit_columns(m, f->cols, tree_extra, cols);
	for (int c = 0; c < ncols; c++) {
		enum nstop_view_kind v = nstop_model_view(m);
		unsigned int attr = NSTOP_ATTR_REVERSE | NSTOP_ATTR_COLOR(NSTOP_C_HEADER);

		if (cols[c].col == m->sort[v].col)
			attr |= NSTOP_ATTR_BOLD | NSTOP_ATTR_UNDERLINE;
		put_cell(f, y, &cols[c], nstop_cols[cols[c].col].name, attr);
	}
	nstop_frame_attr(f, y, 0, f->cols, NSTOP_ATTR_REVERSE | NSTOP_ATTR_COLOR(NSTOP_C_HEADER));
	for (int c = 0; c < ncols; c++) {
		enum nstop_view_kind v = nstop_model_view(m);

		if (cols[c].col == m->sort[v].col)
			nstop_frame_attr(f, y, cols[c].x, cols[c].w,
					 NSTOP_ATTR_REVERSE | NSTOP_ATTR_BOLD | NSTOP_ATTR_UNDERLINE |
						 NSTOP_ATTR_COLOR(NSTOP_C_HEADER));
	}

	f->map.heading_y = y;
	f->map.ncols = ncols;
	for (int c = 0; c < ncols; c++) {
		f->map.cols[c].col = cols[c].col;
		f->map.cols[c].x = cols[c].x;
		f->map.cols[c].w = cols[c].w;
	}
	draw_rows(f, m, &l, cols, ncols,
		  (ui->mode != NSTOP_MODE_PANE && ui->mode != NSTOP_MODE_SETUP) || !ui->pane_full);
	f->map.rows_y = l.top;
	f->map.rows_n = l.page;
	f->map.scroll = m->scroll;
	if (!m->nrows && l.page > 0)
		nstop_frame_put(f, l.top, 1, empty_why(m), -1, NSTOP_ATTR_DIM);
	if (ui->mode == NSTOP_MODE_PANE)
		draw_pane(f, ui);
	if (ui->mode == NSTOP_MODE_MENU || ui->mode == NSTOP_MODE_SETUP)
		draw_menu(f, &l, ui);
	draw_bottom(f, ui);
}
