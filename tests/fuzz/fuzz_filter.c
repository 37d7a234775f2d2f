// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for common/filter.c: the input, cut at its first NUL, is
 * an expression over a few columns; when it parses it is evaluated against
 * some rows. Besides the sanitizers' findings, it traps when the module
 * breaks its word: an error outside the expression or without a message, a
 * column listed twice or unknown.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE \
 *         -Icommon tests/fuzz/fuzz_filter.c common/filter.c -o fuzz_filter
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NCOLS 5

static const char *const names[NCOLS] = { "NS", "TYPE", "NPROCS", "PID", "CONTAINER" };

/* Numbers, words, empty and missing values, one long enough to be copied to the heap. */
static const char *const rows[][NCOLS] = {
	{ "4026531840", "net", "12", "100", "web.1" },
	{ "-0", "", "0012", "0.50", NULL },
	{ NULL, "0", "99999999999999999999999", "-1.5", "\xc3\xa9t\xc3\xa9" },
	{ "1", "pid", "0", "1", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
};

static int column(void *unused, const char *name, size_t len)
{
	(void)unused;
	for (int i = 0; i < NCOLS; i++)
		if (filter_name_eq(names[i], name, len))
			return i;
	return -1;
}

/* Like a tool that formats every value into one buffer. */
static const char *value(void *scratch, void *row, int col)
{
	const char *const *r = row;

	if (col < 0 || col >= NCOLS)
		__builtin_trap();
	if (!r[col])
		return NULL;
	snprintf(scratch, 512, "%s", r[col]);
	return scratch;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter_error err;
	struct filter *f = NULL;
	char *expr, scratch[512];
	int cols[NCOLS + 1];
	size_t len, n;
	int rc;

	expr = malloc(size + 1);
	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';
	len = strlen(expr);

	rc = filter_parse(expr, column, NULL, &f, &err);
	if (rc) {
		if (f || (rc != -EINVAL && rc != -ENOMEM))
			__builtin_trap();
		if (memchr(err.msg, '\0', sizeof(err.msg)) == NULL || err.msg[0] == '\0')
			__builtin_trap();
		if (rc == -EINVAL && (err.pos > len || err.len > len - err.pos ||
				      (err.len == 0 && err.pos != len && len <= FILTER_MAX_LEN)))
			__builtin_trap();
		free(expr);
		return 0;
	}

	n = filter_columns(f, cols, NCOLS + 1);
	if (n > NCOLS)
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		if (cols[i] < 0 || cols[i] >= NCOLS)
			__builtin_trap();
		for (size_t j = 0; j < i; j++)
			if (cols[i] == cols[j])
				__builtin_trap();
	}
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool a = filter_match(f, value, scratch, (void *)rows[i]);
		bool b = filter_match(f, value, scratch, (void *)rows[i]);

		/* evaluation has no state */
		if (a != b)
			__builtin_trap();
	}
	filter_free(f);
	free(expr);
	return 0;
}
