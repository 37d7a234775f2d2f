// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Per lead byte class: the sequence length, the payload mask, the least code point. */
static const struct {
	unsigned char lo, hi;
	unsigned char len, mask;
	uint32_t min;
} utf8_lead[] = {
	{ 0x00, 0x7f, 1, 0x7f, 0 },
	{ 0xc2, 0xdf, 2, 0x1f, 0x80 },
	{ 0xe0, 0xef, 3, 0x0f, 0x800 },
	{ 0xf0, 0xf4, 4, 0x07, 0x10000 },
};

size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	for (size_t k = 0; k < sizeof(utf8_lead) / sizeof(utf8_lead[0]); k++) {
		uint32_t c;

		if (s[0] < utf8_lead[k].lo || s[0] > utf8_lead[k].hi)
			continue;
		c = s[0] & utf8_lead[k].mask;
		for (size_t i = 1; i < utf8_lead[k].len; i++) {
			/* also stops at a NUL */
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i] & 0x3f);
		}
		if (c < utf8_lead[k].min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return 0;
		*cp = c;
		return utf8_lead[k].len;
	}
	return 0;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	size_t len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

	if (len == 1) {
		out[0] = (char)cp;
		return 1;
	}
	/* continuation bytes from the last, six bits each; the lead byte's marker */
	for (size_t i = len - 1; i > 0; i--) {
		out[i] = (char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	out[0] = (char)((0xf00u >> len) | cp);
	return len;
}

char *utf8_repair(const char *s, size_t *nbad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t bad = 0, len = 0;
	char *out, *w;

	/* First pass: most strings are valid and are not copied. */
	while (*p) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		if (!n) {
			bad++;
			n = 1;
		}
		p += n;
		len += n;
	}
	*nbad = bad;
	if (!bad)
		return NULL;
	/* each bad byte (1) becomes U+FFFD (3) */
	out = malloc(len + 2 * bad + 1);
	if (!out)
		return NULL;
	for (p = (const unsigned char *)s, w = out; *p;) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		if (!n) {
			w += utf8_encode(0xfffd, w);
			p++;
			continue;
		}
		memcpy(w, p, n);
		w += n;
		p += n;
	}
	*w = '\0';
	return out;
}
