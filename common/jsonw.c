// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "jsonw.h"
#include "utf8.h"

void jsonw_init_compact(struct jsonw *w, FILE *f)
{
	jsonw_init(w, f);
	w->compact = true;
}

void jsonw_init(struct jsonw *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

int jsonw_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (fputc('"', f) == EOF)
		return -EIO;
	while (*p) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (n > 1) {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			/* other controls, and DEL, which terminals act on */
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
		p++;
	}
	if (fputc('"', f) == EOF || ferror(f))
		return -EIO;
	return 0;
}

static void indent(struct jsonw *w)
{
	if (w->compact)
		return;
	for (int i = 0; i < w->depth; i++)
		fputs("   ", w->f);
}

/* Everything before a value: the separator, the indentation and the key. */
static bool begin(struct jsonw *w, const char *key)
{
	if (w->err)
		return false;
	if (w->depth == 0 && w->nonempty[0]) {
		w->err = -EINVAL;	/* one top-level value */
		return false;
	}
	if (w->depth > 0) {
		bool in_object = w->closer[w->depth - 1] == '}';

		if (in_object != (key != NULL)) {
			w->err = -EINVAL;
			return false;
		}
		if (w->compact) {
			if (w->nonempty[w->depth])
				fputc(',', w->f);
		} else {
			fputs(w->nonempty[w->depth] ? ",\n" : "\n", w->f);
		}
		indent(w);
	}
	w->nonempty[w->depth] = true;
	if (key) {
		if (jsonw_escape(w->f, key)) {
			w->err = -EIO;
			return false;
		}
		fputs(w->compact ? ":" : ": ", w->f);
	}
	return true;
}

static void open_container(struct jsonw *w, const char *key, char open, char close)
{
	if (!begin(w, key))
		return;
	if (w->depth + 1 >= JSONW_MAX_DEPTH) {
		w->err = -E2BIG;
		return;
	}
	fputc(open, w->f);
	w->closer[w->depth] = close;
	w->depth++;
	w->nonempty[w->depth] = false;
}

void jsonw_object(struct jsonw *w, const char *key)
{
	open_container(w, key, '{', '}');
}

void jsonw_array(struct jsonw *w, const char *key)
{
	open_container(w, key, '[', ']');
}

void jsonw_end(struct jsonw *w)
{
	bool nonempty;

	if (w->err)
		return;
	if (w->depth == 0) {
		w->err = -EINVAL;
		return;
	}
	nonempty = w->nonempty[w->depth];
	w->depth--;
	if (nonempty && !w->compact) {
		fputc('\n', w->f);
		indent(w);
	}
	fputc(w->closer[w->depth], w->f);
}

void jsonw_string(struct jsonw *w, const char *key, const char *s)
{
	if (!begin(w, key))
		return;
	if (!s)
		fputs("null", w->f);
	else if (jsonw_escape(w->f, s))
		w->err = -EIO;
}

void jsonw_uint(struct jsonw *w, const char *key, uint64_t v)
{
	if (begin(w, key))
		fprintf(w->f, "%" PRIu64, v);
}

void jsonw_int(struct jsonw *w, const char *key, int64_t v)
{
	if (begin(w, key))
		fprintf(w->f, "%" PRId64, v);
}

void jsonw_bool(struct jsonw *w, const char *key, bool v)
{
	if (begin(w, key))
		fputs(v ? "true" : "false", w->f);
}

void jsonw_null(struct jsonw *w, const char *key)
{
	if (begin(w, key))
		fputs("null", w->f);
}

void jsonw_double(struct jsonw *w, const char *key, double v, int decimals)
{
	if (!begin(w, key))
		return;
	if (isfinite(v))
		fprintf(w->f, "%.*f", decimals, v);
	else
		fputs("null", w->f);
}

/* Is text a number as JSON writes one: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number_text(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return false;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

void jsonw_number(struct jsonw *w, const char *key, const char *text)
{
	if (!begin(w, key))
		return;
	fputs(text && json_number_text(text) ? text : "null", w->f);
}

size_t jsonw_rfc3339(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t n;

	buf[0] = '\0';
	if (!t || !gmtime_r(&tt, &tm))
		return 0;
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!n)
		buf[0] = '\0';
	return n;
}

void jsonw_time(struct jsonw *w, const char *key, int64_t t)
{
	char buf[40];

	if (jsonw_rfc3339(t, buf, sizeof(buf)))
		jsonw_string(w, key, buf);
	else
		jsonw_null(w, key);
}

int jsonw_finish(struct jsonw *w)
{
	if (w->err)
		return w->err;
	if (w->depth != 0 || !w->nonempty[0])
		return -EINVAL;
	fputc('\n', w->f);
	if (ferror(w->f))
		return -EIO;
	return 0;
}
