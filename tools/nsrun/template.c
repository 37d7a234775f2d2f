// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Docker's --format templates, the part that inspect is used with (see
 * template.h). Rendered into memory first: an error is said before
 * anything is printed, as Docker does.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "template.h"

#define WS " \t\r\n"
/* Longer than any path a document of ours has. */
#define PATH_LEN_MAX 1024

static const char understood[] =
	"nsrun's templates print fields ({{.State.Pid}}) and JSON ({{json .}}, {{.State | json}})";

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Go's fmt of a value decoded from JSON: %v. */
static void print_value(FILE *f, struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		fputs("<nil>", f);
		return;
	case json_type_boolean:
		fputs(json_object_get_boolean(v) ? "true" : "false", f);
		return;
	case json_type_int:
		fprintf(f, "%lld", (long long)json_object_get_int64(v));
		return;
	case json_type_double:
		fprintf(f, "%g", json_object_get_double(v));
		return;
	case json_type_string:
		fwrite(json_object_get_string(v), 1, (size_t)json_object_get_string_len(v), f);
		return;
	case json_type_array: {
		size_t n = json_object_array_length(v);

		fputc('[', f);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputc(' ', f);
			print_value(f, json_object_array_get_idx(v, i));
		}
		fputc(']', f);
		return;
	}
	case json_type_object: {
		/* Go prints a map's keys sorted */
		const char **keys;
		size_t n = (size_t)json_object_object_length(v), k = 0;

		keys = calloc(n + 1, sizeof(*keys));
		if (!keys)
			return;
		json_object_object_foreach(v, key, val) {
			(void)val;
			size_t j = k++;

			while (j > 0 && strcmp(keys[j - 1], key) > 0) {
				keys[j] = keys[j - 1];
				j--;
			}
			keys[j] = key;
		}
		fputs("map[", f);
		for (size_t i = 0; i < k; i++) {
			struct json_object *x = NULL;

			json_object_object_get_ex(v, keys[i], &x);
			fprintf(f, "%s%s:", i ? " " : "", keys[i]);
			print_value(f, x);
		}
		fputc(']', f);
		free(keys);
		return;
	}
	}
}

/* "A, B, C" of an object's keys, for a message. */
static void key_list(struct json_object *v, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	json_object_object_foreach(v, key, val) {
		int n;

		(void)val;
		n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", key);
		if (n < 0 || (size_t)n >= size - len) {
			if (size > 4)
				snprintf(buf + size - 4, 4, "...");
			return;
		}
		len += (size_t)n;
	}
}

/* The value at a path of ".A.B" form (p, len bytes) in root; NULL with err. */
static struct json_object *eval_path(struct json_object *root, const char *p, size_t len,
				     char *err, size_t errsz)
{
	struct json_object *cur = root;
	char walked[PATH_LEN_MAX] = "";
	size_t i = 0;

	if (len == 1 && p[0] == '.')
		return root;
	if (len >= sizeof(walked)) {
		snprintf(err, errsz, "field path too long");
		return NULL;
	}
	while (i < len) {
		char key[PATH_LEN_MAX], keys[256];
		size_t start;
		struct json_object *next;

		if (p[i] != '.') {
			snprintf(err, errsz, "'%.*s' is not a field path such as .State.Pid",
				 (int)len, p);
			return NULL;
		}
		start = ++i;
		while (i < len && ident_char(p[i]))
			i++;
		if (i == start) {
			snprintf(err, errsz, "'%.*s' is not a field path such as .State.Pid",
				 (int)len, p);
			return NULL;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(i - start), p + start);
		if (!json_object_is_type(cur, json_type_object)) {
			snprintf(err, errsz, "'%s' has no fields: '%.*s' cannot be", walked[0] ?
				 walked : ".", (int)len, p);
			return NULL;
		}
		if (!json_object_object_get_ex(cur, key, &next)) {
			key_list(cur, keys, sizeof(keys));
			snprintf(err, errsz, "no field '%s' in '%s' (it has %s)", key,
				 walked[0] ? walked : ".", keys[0] ? keys : "none");
			return NULL;
		}
		/* i < len < sizeof(walked): what is walked is a prefix of p, and fits */
		memcpy(walked, p, i);
		walked[i] = '\0';
		cur = next;
	}
	return cur;
}

/* The words of an action, split at blanks and around '|'. */
#define WORDS_MAX 8
struct words {
	const char *w[WORDS_MAX];
	size_t len[WORDS_MAX];
	size_t n;
};

static int split_words(const char *p, size_t len, struct words *ws)
{
	size_t i = 0;

	ws->n = 0;
	while (i < len) {
		size_t start;

		if (strchr(WS, p[i])) {
			i++;
			continue;
		}
		if (ws->n == WORDS_MAX)
			return -E2BIG;
		start = i;
		if (p[i] == '|')
			i++;
		else
			while (i < len && !strchr(WS "|", p[i]))
				i++;
		ws->w[ws->n] = p + start;
		ws->len[ws->n++] = i - start;
	}
	return 0;
}

static bool word_is(const struct words *ws, size_t i, const char *s)
{
	return i < ws->n && ws->len[i] == strlen(s) && memcmp(ws->w[i], s, ws->len[i]) == 0;
}

/* One action's text (between the delimiters and trim markers): print it to f. */
static int action(FILE *f, struct json_object *root, const char *p, size_t len, char *err,
		  size_t errsz)
{
	struct json_object *v;
	struct words ws;
	bool json = false;
	size_t path;

	if (len >= 4 && memcmp(p, "/*", 2) == 0 && memcmp(p + len - 2, "*/", 2) == 0)
		return 0;	/* a comment */
	if (split_words(p, len, &ws) < 0 || ws.n == 0) {
		snprintf(err, errsz, "'{{%.*s}}' is not understood: %s", (int)len, p, understood);
		return -EINVAL;
	}
	if (ws.n == 1 && ws.w[0][0] == '.') {
		path = 0;
	} else if (ws.n == 2 && word_is(&ws, 0, "json") && ws.w[1][0] == '.') {
		path = 1;
		json = true;
	} else if (ws.n == 3 && ws.w[0][0] == '.' && word_is(&ws, 1, "|") &&
		   word_is(&ws, 2, "json")) {
		path = 0;
		json = true;
	} else {
		snprintf(err, errsz, "'{{%.*s}}' is not understood: %s", (int)len, p, understood);
		return -EINVAL;
	}
	v = eval_path(root, ws.w[path], ws.len[path], err, errsz);
	if (!v && err[0])
		return -EINVAL;
	if (json)
		fputs(v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
							       JSON_C_TO_STRING_NOSLASHESCAPE) :
			  "null", f);
	else
		print_value(f, v);
	return 0;
}

int template_render(const char *tmpl, struct json_object *root, char **out, size_t *outlen,
		    char *err, size_t errsz)
{
	const char *p = tmpl;
	bool trim_next = false;
	char *buf = NULL;
	size_t size = 0;
	FILE *f;
	int rc = 0;

	err[0] = '\0';
	f = open_memstream(&buf, &size);
	if (!f)
		return -ENOMEM;
	while (*p) {
		const char *open = strstr(p, "{{"), *close, *a, *b;
		size_t textlen = open ? (size_t)(open - p) : strlen(p);
		bool trim_left;

		/* " -}}" before: the blanks that start this text go */
		if (trim_next)
			while (textlen && strchr(WS, *p)) {
				p++;
				textlen--;
			}
		trim_next = false;
		if (!open) {
			fwrite(p, 1, textlen, f);
			break;
		}
		a = open + 2;
		trim_left = a[0] == '-' && a[1] && strchr(WS, a[1]);
		/* "{{- " after: the blanks that end this text go */
		if (trim_left)
			while (textlen && strchr(WS, p[textlen - 1]))
				textlen--;
		fwrite(p, 1, textlen, f);
		if (trim_left)
			a += 2;
		close = strstr(a, "}}");
		if (!close) {
			snprintf(err, errsz, "'%s' has an action that is not closed with }}", tmpl);
			rc = -EINVAL;
			break;
		}
		b = close;
		if (b - a >= 2 && b[-1] == '-' && strchr(WS, b[-2])) {
			b -= 2;
			trim_next = true;
		}
		rc = action(f, root, a, (size_t)(b - a), err, errsz);
		if (rc < 0)
			break;
		p = close + 2;
	}
	if (fclose(f) != 0 && !rc)
		rc = -ENOMEM;
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	*outlen = size;
	return 0;
}
