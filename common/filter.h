/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The -Q/--filter expression language over column values, for tools whose
 * libsmartcols has no filter API (Debian bookworm's 2.38):
 *
 *   NPROCS > 10 && TYPE == "net"
 *   !(USER == "root") || CONTAINER =~ "^web"
 *
 * Operands: column names (case-insensitive), numbers, "strings" or
 * 'strings'. Operators, loosest first: || or; && and; ! not;
 * == eq, != ne, < lt, <= le, > gt, >= ge, =~ (POSIX extended regex), !~;
 * parentheses. A bare column is true when it is non-empty and not "0".
 * Comparisons are numeric when both sides are numbers, textual otherwise;
 * an empty value is never equal to, less or greater than a number.
 */
#ifndef NSKIT_FILTER_H
#define NSKIT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

struct filter;

/* Map a column name to the tool's column id (>= 0), or -1 when unknown. */
typedef int (*filter_column_fn)(void *data, const char *name, size_t len);

/*
 * The value of column col in row, as text ("" or NULL when empty). The
 * returned string must stay valid until the next call for the same row.
 */
typedef const char *(*filter_value_fn)(void *data, void *row, int col);

struct filter_error {
	size_t pos;		/* byte offset of the bad token in the expression */
	size_t len;		/* its length (at least 1, except at the end) */
	char msg[160];		/* "unknown column 'FOO'", "expected ')'" ... */
};

/* Parse expr. 0 and *out, or -EINVAL with *err filled, or -ENOMEM. */
int filter_parse(const char *expr, filter_column_fn colfn, void *data, struct filter **out,
		 struct filter_error *err);

/* Does row match? Values are fetched lazily through valfn. */
bool filter_match(const struct filter *f, filter_value_fn valfn, void *data, void *row);

/* The column ids the expression uses (each once), so that a tool loads
 * them; returns how many there are (cols may be NULL to count). */
size_t filter_columns(const struct filter *f, int *cols, size_t max);

void filter_free(struct filter *f);

#endif
