// SPDX-License-Identifier: GPL-2.0-or-later
/* common/utf8: what is a valid sequence, and what is not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "utf8.h"

static const struct {
	const char *in;
	size_t len;		/* 0: not a sequence */
	uint32_t cp;
} cases[] = {
	{ "a", 1, 'a' },
	{ "", 1, 0 },
	{ "\x7f", 1, 0x7f },
	{ "\xc3\xa9", 2, 0xe9 },		/* é */
	{ "\xc2\x80", 2, 0x80 },		/* the least two-byte value, a C1 control */
	{ "\xe2\x94\x80", 3, 0x2500 },		/* ─ */
	{ "\xef\xbf\xbd", 3, 0xfffd },
	{ "\xf0\x9f\x90\xb3", 4, 0x1f433 },
	{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },	/* the last code point */
	{ "\x80", 0, 0 },			/* a continuation byte alone */
	{ "\xc0\xaf", 0, 0 },			/* overlong '/' */
	{ "\xc1\xbf", 0, 0 },
	{ "\xe0\x80\xaf", 0, 0 },		/* overlong, three bytes */
	{ "\xf0\x80\x80\xaf", 0, 0 },		/* overlong, four bytes */
	{ "\xed\xa0\x80", 0, 0 },		/* a UTF-16 surrogate */
	{ "\xf4\x90\x80\x80", 0, 0 },		/* beyond U+10FFFF */
	{ "\xf5\x80\x80\x80", 0, 0 },
	{ "\xff", 0, 0 },
	{ "\xc3", 0, 0 },			/* truncated by the NUL */
	{ "\xe2\x94", 0, 0 },
	{ "\xe2\x94" "a", 0, 0 },		/* interrupted */
};

static void decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t cp = 0xdeadbeef;
		size_t n = utf8_decode((const unsigned char *)cases[i].in, &cp);

		if (n != cases[i].len || (n && cp != cases[i].cp))
			fail_msg("case %zu: length %zu, U+%04X; want %zu, U+%04X", i, n,
				 (unsigned int)cp, cases[i].len, (unsigned int)cases[i].cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
