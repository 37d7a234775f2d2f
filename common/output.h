/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsmartcols helpers shared by every tool: column tables as data, -o
 * lists with "+LIST", table, raw, JSON and key="value" output, and colors.
 *
 * Used by nsls, nsdiff, nstop and nsrun.
 */
#ifndef NSKIT_OUTPUT_H
#define NSKIT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <libsmartcols.h>

/* One column of a tool's table: an enum indexes an array of these. */
struct out_column {
	const char *name;	/* header, and the name -o and -Q use */
	double whint;		/* width hint (< 1: fraction of the terminal) */
	int flags;		/* SCOLS_FL_* */
	int json_type;		/* SCOLS_JSON_* */
	const char *help;	/* for --help and -H */
};

enum out_format {
	OUT_TABLE,
	OUT_RAW,
	OUT_JSON,
	OUT_PAIRS,		/* NAME="value" */
};

enum out_color {
	OUT_COLOR_AUTO,
	OUT_COLOR_ALWAYS,
	OUT_COLOR_NEVER,
};

struct out_opts {
	enum out_format format;
	bool noheadings;
	bool notruncate;
	bool nowrap;
	bool color;		/* resolved: see out_color_enabled() */
	const char *json_name;	/* the JSON document's top-level array */
};

/* Column id for name (case-insensitive, len bytes), or -1. */
int out_column_lookup(const struct out_column *cols, size_t ncols, const char *name, size_t len);

/*
 * An -o argument: "A,B" replaces the ids in ids[0..*nids), "+A,B" appends to
 * them. -EINVAL with *bad and *badlen set on an unknown name, -E2BIG past max.
 */
int out_parse_list(const char *arg, const struct out_column *cols, size_t ncols, int *ids,
		   size_t *nids, size_t max, const char **bad, size_t *badlen);

/* A table configured from o, or NULL (errno set). */
struct libscols_table *out_table_new(const struct out_opts *o);

/* Add column c with extra SCOLS_FL_ flags; honours -u, -W and JSON types. */
struct libscols_column *out_table_add(struct libscols_table *tb, const struct out_opts *o,
				      const struct out_column *c, int extra_flags);

/*
 * What a multi-line cell (an SCOLS_FL_WRAP column) holds in a table for
 * people: libsmartcols copies what is left of such a cell for every line
 * it prints of it, which takes time in lines times bytes. Beyond these
 * the rest is cut ("..."); JSON, raw and key="value" output keep it all.
 */
#define OUT_WRAP_LINES	32
#define OUT_WRAP_BYTES	4096

/*
 * Print tb as scols_print_table() does, except that multi-line cells of a
 * table are cut to OUT_WRAP_LINES and OUT_WRAP_BYTES. A table without lines
 * prints nothing, as lsns's (JSON: an empty array). 0 or -errno.
 */
int out_print_table(struct libscols_table *tb);

/*
 * The text s cut as a multi-line cell is in a table: NULL when it fits,
 * else a malloc'ed copy (errno ENOMEM when that fails too).
 */
char *out_wrap_cut(const char *s);

/*
 * Set cell col of line to a copy of s (NULL or "" leaves it empty), made
 * valid UTF-8 for JSON (o->format): bytes that are not become U+FFFD.
 */
int out_cell(const struct out_opts *o, struct libscols_line *ln, size_t col, const char *s);
int out_cell_printf(const struct out_opts *o, struct libscols_line *ln, size_t col,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* -H/--list-columns: NAME, <type> and description, as a table of its own. */
int out_list_columns(FILE *f, const char *table_name, const struct out_column *cols,
		     size_t ncols, bool raw, bool json);

/* "auto", "always", "never" (and nothing: always, as with ls). -1 if bad. */
int out_color_parse(const char *arg);
/* Colors for this mode on fd: NO_COLOR and TERM=dumb turn auto off. */
bool out_color_enabled(int mode, int fd);

#endif
