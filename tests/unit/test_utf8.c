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

/* Every length, both ends of each: encoded, then decoded back. */
static void encode_round_trip(void **state)
{
	static const uint32_t cps[] = { 0, 'a', 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x2500,
					0xfffd, 0xffff, 0x10000, 0x1f433, 0x10ffff };
	static const size_t lens[] = { 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4 };

	(void)state;
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		unsigned char buf[5] = { 0 };
		uint32_t back = 0;
		size_t n = utf8_encode(cps[i], (char *)buf);

		assert_int_equal(n, lens[i]);
		if (cps[i]) {
			assert_int_equal(utf8_decode(buf, &back), n);
			assert_int_equal(back, cps[i]);
		}
	}
	/* the bytes themselves, once */
	{
		char b[4];

		assert_int_equal(utf8_encode(0x2500, b), 3);
		assert_memory_equal(b, "\xe2\x94\x80", 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_table),
		cmocka_unit_test(encode_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
