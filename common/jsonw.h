/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small streaming JSON writer, for documents that libsmartcols cannot
 * express: it writes one top-level array of rows (nested only as a tree's
 * "children", every column on every row), while nsdiff's report is an
 * object holding the two targets and, per namespace type, arrays of
 * differences whose values may be null.
 *
 * The layout follows libsmartcols's (three spaces per level), so the
 * tools' JSON looks alike; a compact writer puts a document on one line
 * (JSON Lines, for streams: nstop -b -J). Strings are escaped as RFC 8259 asks; bytes
 * that are not valid UTF-8 (a hostname or a mount point may hold any)
 * become U+FFFD, so the output is always valid JSON.
 *
 * Calls after an error do nothing; jsonw_finish() reports the first error.
 *
 * Used by nsdiff (-J), nstop (-b -J) and nsrun (inspect).
 */
#ifndef NSKIT_JSONW_H
#define NSKIT_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32

struct jsonw {
	FILE *f;			/* borrowed */
	int depth;
	bool nonempty[JSONW_MAX_DEPTH];	/* an element was written at this level */
	char closer[JSONW_MAX_DEPTH];	/* '}' or ']' */
	int err;			/* the first error, -errno */
	bool compact;			/* one line, no blanks */
};

void jsonw_init(struct jsonw *w, FILE *f);
/* The same for a document on one line, ended by a newline. */
void jsonw_init_compact(struct jsonw *w, FILE *f);

/* key: the member's name inside an object, NULL inside an array or at the top. */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
/* Close the innermost object or array. */
void jsonw_end(struct jsonw *w);

/* A string, or null when s is NULL. */
void jsonw_string(struct jsonw *w, const char *key, const char *s);
void jsonw_uint(struct jsonw *w, const char *key, uint64_t v);
void jsonw_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_bool(struct jsonw *w, const char *key, bool v);
void jsonw_null(struct jsonw *w, const char *key);
/* A number with that many decimals; null when it is not finite. */
void jsonw_double(struct jsonw *w, const char *key, double v, int decimals);
/* A number given as text ("12", "0.5"); null when text is NULL or not a JSON number. */
void jsonw_number(struct jsonw *w, const char *key, const char *text);
/* A time as RFC 3339 in UTC, "2026-12-04T15:02:09Z"; null for 0. */
void jsonw_time(struct jsonw *w, const char *key, int64_t t);

/* t (seconds since the epoch) as RFC 3339 in UTC; "" for 0. The length. */
size_t jsonw_rfc3339(int64_t t, char *buf, size_t size);

/* End the document: 0, -EINVAL when objects are left open, or the first error. */
int jsonw_finish(struct jsonw *w);

/* Write s as a quoted, escaped JSON string. 0 or -EIO. */
int jsonw_escape(FILE *f, const char *s);

#endif
