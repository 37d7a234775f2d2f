// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "output.h"
#include "utf8.h"

int out_column_lookup(const struct out_column *cols, size_t ncols, const char *name, size_t len)
{
	for (size_t i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

int out_parse_list(const char *arg, const struct out_column *cols, size_t ncols, int *ids,
		   size_t *nids, size_t max, const char **bad, size_t *badlen)
{
	const char *p = arg;
	size_t n = *nids;

	if (*p == '+')
		p++;
	else
		n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int id = out_column_lookup(cols, ncols, p, len);

		if (id < 0) {
			*bad = p;
			*badlen = len;
			return -EINVAL;
		}
		if (n >= max)
			return -E2BIG;
		ids[n++] = id;
		if (!p[len])
			break;
		p += len + 1;
	}
	*nids = n;
	return 0;
}

struct libscols_table *out_table_new(const struct out_opts *o)
{
	struct libscols_table *tb;

	scols_init_debug(0);
	tb = scols_new_table();
	if (!tb)
		return NULL;
	scols_table_enable_raw(tb, o->format == OUT_RAW);
	scols_table_enable_json(tb, o->format == OUT_JSON);
	scols_table_enable_export(tb, o->format == OUT_PAIRS);
	scols_table_enable_noheadings(tb, o->noheadings);
	scols_table_enable_colors(tb, o->color);
	if (o->format == OUT_JSON)
		scols_table_set_name(tb, o->json_name ? o->json_name : "items");
	return tb;
}

struct libscols_column *out_table_add(struct libscols_table *tb, const struct out_opts *o,
				      const struct out_column *c, int extra_flags)
{
	struct libscols_column *cl;
	int flags = c->flags | extra_flags;

	if (o->notruncate)
		flags &= ~SCOLS_FL_TRUNC;
	if (o->nowrap || o->format != OUT_TABLE)
		flags &= ~SCOLS_FL_WRAP;
	cl = scols_table_new_column(tb, c->name, c->whint, flags);
	if (!cl)
		return NULL;
	if (o->format == OUT_JSON)
		scols_column_set_json_type(cl, c->json_type);
	/* Multi-line cells (NSFS): one line per value. */
	if ((flags & SCOLS_FL_WRAP) && !o->nowrap) {
		scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize, scols_wrapnl_nextchunk, NULL);
		scols_column_set_safechars(cl, "\n");
	}
	return cl;
}

char *out_wrap_cut(const char *s)
{
	static const char more[] = "...";
	size_t len = 0, lines = 1;
	char *cut;

	/* whole lines while they fit, and what fits of the next */
	for (const char *p = s; *p && lines <= OUT_WRAP_LINES; lines++) {
		size_t l = strcspn(p, "\n");

		if (len + l > OUT_WRAP_BYTES) {
			len = OUT_WRAP_BYTES;
			break;
		}
		len += l;
		p += l;
		if (!*p)
			return NULL;
		len++;
		p++;
	}
	if (!s[len])
		return NULL;
	/* not in the middle of a UTF-8 sequence */
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	cut = malloc(len + sizeof(more));
	if (!cut)
		return NULL;
	memcpy(cut, s, len);
	memcpy(cut + len, more, sizeof(more));
	return cut;
}

/* Cut the cells of the multi-line columns of tb, a table for people. */
static int cut_wrapped(struct libscols_table *tb)
{
	struct libscols_iter *ci, *li = NULL;
	struct libscols_column *cl;
	struct libscols_line *ln;
	int rc = -ENOMEM;

	ci = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!ci)
		return -ENOMEM;
	li = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!li)
		goto out_free;
	while (scols_table_next_column(tb, ci, &cl) == 0) {
		if (!(scols_column_get_flags(cl) & SCOLS_FL_WRAP))
			continue;
		scols_reset_iter(li, SCOLS_ITER_FORWARD);
		while (scols_table_next_line(tb, li, &ln) == 0) {
			struct libscols_cell *ce = scols_line_get_column_cell(ln, cl);
			const char *data = ce ? scols_cell_get_data(ce) : NULL;
			char *cut;

			if (!data)
				continue;
			errno = 0;
			cut = out_wrap_cut(data);
			if (!cut && errno == ENOMEM)
				goto out_free;
			/* the cell takes it */
			if (cut && scols_cell_refer_data(ce, cut) != 0) {
				free(cut);
				goto out_free;
			}
		}
	}
	rc = 0;
out_free:
	scols_free_iter(li);
	scols_free_iter(ci);
	return rc;
}

int out_print_table(struct libscols_table *tb)
{
	int rc;

	if (scols_table_is_json(tb) || scols_table_is_export(tb))
		return scols_print_table(tb);
	if (!scols_table_is_raw(tb)) {
		rc = cut_wrapped(tb);
		if (rc)
			return rc;
	}
	/* an empty table prints nothing, as lsns's does (JSON: an empty array) */
	return scols_print_table(tb);
}

/*
 * The line takes s (malloc'ed). JSON must be valid UTF-8, and libsmartcols
 * writes a string's bytes as they are (it escapes only control characters
 * and quotes): bytes that are not UTF-8 become U+FFFD there. Tables keep
 * them, for libsmartcols to show as \xff, as lsns does.
 */
static int refer_cell(const struct out_opts *o, struct libscols_line *ln, size_t col, char *s)
{
	int rc;

	if (o->format == OUT_JSON) {
		size_t bad;
		char *fixed = utf8_repair(s, &bad);

		if (bad && !fixed) {
			free(s);
			return -ENOMEM;
		}
		if (fixed) {
			free(s);
			s = fixed;
		}
	}
	rc = scols_line_refer_data(ln, col, s);
	if (rc)
		free(s);
	return rc;
}

int out_cell(const struct out_opts *o, struct libscols_line *ln, size_t col, const char *s)
{
	char *copy;

	if (!s || !*s)
		return 0;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	return refer_cell(o, ln, col, copy);
}

int out_cell_printf(const struct out_opts *o, struct libscols_line *ln, size_t col,
		    const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -ENOMEM;
	return refer_cell(o, ln, col, s);
}

/* The libsmartcols JSON type name for -H: "<integer>", "<string>", ... */
static const char *out_json_type_name(int json_type)
{
	switch (json_type) {
	case SCOLS_JSON_NUMBER:
		return "<integer>";
	case SCOLS_JSON_BOOLEAN:
		return "<boolean>";
	default:
		return "<string>";
	}
}

int out_list_columns(FILE *f, const char *table_name, const struct out_column *cols,
		     size_t ncols, bool raw, bool json)
{
	struct libscols_table *tb;
	int rc = -ENOMEM;

	scols_init_debug(0);
	tb = scols_new_table();
	if (!tb)
		return -ENOMEM;
	scols_table_set_name(tb, table_name);
	scols_table_set_stream(tb, f);
	scols_table_enable_noheadings(tb, 1);
	scols_table_enable_raw(tb, raw);
	scols_table_enable_json(tb, json);
	if (!scols_table_new_column(tb, "HOLDER", 0, SCOLS_FL_RIGHT) ||
	    !scols_table_new_column(tb, "TYPE", 0, 0) ||
	    !scols_table_new_column(tb, "DESCRIPTION", 0, 0))
		goto out_unref;
	for (size_t i = 0; i < ncols; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln || scols_line_set_data(ln, 0, cols[i].name) ||
		    scols_line_set_data(ln, 1, out_json_type_name(cols[i].json_type)) ||
		    scols_line_set_data(ln, 2, cols[i].help))
			goto out_unref;
	}
	rc = scols_print_table(tb);
out_unref:
	scols_unref_table(tb);
	return rc;
}

int out_color_parse(const char *arg)
{
	if (!arg || strcmp(arg, "always") == 0 || strcmp(arg, "yes") == 0 ||
	    strcmp(arg, "force") == 0)
		return OUT_COLOR_ALWAYS;
	if (strcmp(arg, "never") == 0 || strcmp(arg, "no") == 0 || strcmp(arg, "none") == 0)
		return OUT_COLOR_NEVER;
	if (strcmp(arg, "auto") == 0 || strcmp(arg, "tty") == 0 || strcmp(arg, "if-tty") == 0)
		return OUT_COLOR_AUTO;
	return -1;
}

bool out_color_enabled(int mode, int fd)
{
	const char *term;

	if (mode == OUT_COLOR_ALWAYS)
		return true;
	if (mode == OUT_COLOR_NEVER)
		return false;
	/* https://no-color.org: any non-empty value turns colors off */
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return false;
	term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}
