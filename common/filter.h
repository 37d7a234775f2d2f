/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The -Q/--filter expression language over column values, for tools whose
 * libsmartcols has no filter API (Debian bookworm's 2.38). It reads what
 * scripts write for lsns --filter (util-linux 2.40's scols-filter(5)), except
 * unit suffixes (1G) and true/false, and adds C's && || !:
 *
 *   NPROCS > 10 && TYPE == "net"
 *   !(USER == "root") || CONTAINER =~ "^web"
 *   USER ne 'root' and NPROCS gt 1
 *
 * Grammar, loosest first:
 *
 *   expr    = and { ("||" | "or") and }
 *   and     = unary { ("&&" | "and") unary }
 *   unary   = ("!" | "not") unary | primary
 *   primary = "(" expr ")" | operand [ cmp operand ]
 *   cmp     = "==" | "eq" | "!=" | "ne" | "<" | "lt" | "<=" | "le"
 *           | ">" | "gt" | ">=" | "ge" | "=~" | "!~"
 *   operand = column | number | string
 *
 * Tokens (spaces, tabs and newlines between them are ignored):
 * - column: [A-Za-z_][A-Za-z0-9_.%:/-]*, case-insensitive (colfn compares
 *   with filter_name_eq()). The keywords and or not eq ne lt le gt ge, in any
 *   case, are not columns.
 * - number: -?[0-9]+(\.[0-9]+)?, such as 10, -1, 0.5.
 * - string: "..." or '...', taken literally: there are no escapes, so a
 *   regular expression keeps its backslashes, and a string holds the other
 *   kind of quote.
 *
 * Meaning:
 * - A bare operand is true when its value is non-empty and not "0".
 * - Comparisons don't chain (A == B == C is an error) and compare operands,
 *   not parenthesized expressions.
 * - A comparison is numeric when both sides are numbers: number literals, or
 *   column values written like them (a quoted string never is). Numbers
 *   compare exactly as decimals, whatever their size: 10 > 9, 1.50 == 1.5.
 *   Otherwise the bytes are compared (strcmp): "10" < "9".
 * - An empty value is never equal to, less or greater than a number: of the
 *   comparisons with a number, only != is true for it.
 * - =~ and !~ match the left value against a POSIX extended regular
 *   expression, a literal compiled once by filter_parse: unanchored and
 *   case-sensitive. Back-references, and patterns that glibc would take
 *   seconds and gigabytes to compile (a{1000}{1000}, x{1,32767}: there is a
 *   budget for the whole filter), are refused.
 * - && and || short-circuit, and a column's value is fetched only when the
 *   evaluation gets to it.
 *
 * Used by nsls and nstop (-Q).
 */
#ifndef NSKIT_FILTER_H
#define NSKIT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/* Longer expressions are refused. */
#define FILTER_MAX_LEN   65536
/* Nesting of "(" and "!" deeper than this is refused: the parser recurses. */
#define FILTER_MAX_DEPTH 64

struct filter;

/*
 * Map a column name (not NUL-terminated) to the tool's column id (>= 0), or
 * -1 when unknown. Names are case-insensitive: compare with filter_name_eq().
 */
typedef int (*filter_column_fn)(void *data, const char *name, size_t len);

/*
 * The value of column col in row, as text ("" or NULL when empty). The
 * returned string must stay valid until the next call for the same row.
 */
typedef const char *(*filter_value_fn)(void *data, void *row, int col);

/*
 * What filter_parse did not like, for a message and a caret under the
 * expression. Messages are lowercase, quote the token as written and count
 * positions inside them from 1, like columns:
 *
 *   empty expression                    expected an operand after '&&'
 *   unexpected ')'                      expected a value after '=='
 *   trailing garbage 'x'                expected a string after '=~'
 *   unknown column 'FOO'                expected ')' to close '(' at 3
 *   unterminated string                 invalid number '1x'
 *   expression nested too deeply        expression too long
 *   bad regular expression: <regerror's text>
 *   regular expression too complex      back-references are not supported
 *   unexpected '=', did you mean '=='?  (also for a lone '&' or '|')
 */
struct filter_error {
	size_t pos;		/* byte offset of the bad token in the expression */
	size_t len;		/* its length (at least 1, except at the end) */
	char msg[160];		/* "unknown column 'FOO'", "expected ')'" ... */
};

/*
 * Parse expr. 0 and *out, or -EINVAL with *err filled, or -ENOMEM (*err says
 * so too). err may be NULL. colfn is asked once for each column token.
 */
int filter_parse(const char *expr, filter_column_fn colfn, void *data, struct filter **out,
		 struct filter_error *err);

/*
 * Does row match? Values are fetched lazily through valfn. A NULL filter
 * matches every row. Comparing two columns copies the first value; if that
 * copy cannot be allocated (values over 256 bytes only), the comparison is
 * false.
 */
bool filter_match(const struct filter *f, filter_value_fn valfn, void *data, void *row);

/*
 * The column ids the expression uses (each once, in order of first use), so
 * that a tool loads them; returns how many there are (cols may be NULL to
 * count). At most max are stored.
 */
size_t filter_columns(const struct filter *f, int *cols, size_t max);

void filter_free(struct filter *f);

/* Is name (len bytes) the column called colname, ignoring ASCII case? */
bool filter_name_eq(const char *colname, const char *name, size_t len);

#endif
