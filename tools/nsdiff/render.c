// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A against B, rendered: a table of the namespaces (libsmartcols) and,
 * with --deep, diff(1)-style lines of what differs inside ("<" A's, ">"
 * B's); or one JSON document (common/jsonw: libsmartcols writes one array
 * of rows, and this document is an object with nested arrays and nulls).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "utf8.h"
#include "tool.h"

#define C_RED	 "\033[31m"
#define C_GREEN	 "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BOLD	 "\033[1m"
#define C_RESET	 "\033[0m"

/* How many names a table cell lists before "+N more". */
#define SHARERS_SHOWN 4

/* ------------------------------------------------------------- helpers */

/* The length of a valid UTF-8 sequence at s that is not a control character, or 0. */
static size_t printable_utf8(const unsigned char *s)
{
	uint32_t cp;
	size_t n = utf8_decode(s, &cp);

	/* C0, DEL and C1 controls (U+0080..U+009F) are commands to terminals */
	if (!n || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

/*
 * Hostnames, mount points and queue names can hold any byte; a terminal
 * must never receive them raw (escape sequences would be obeyed).
 */
void put_safe(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = printable_utf8(p);

		if (n) {
			fwrite(p, 1, n, f);
			p += n;
		} else {
			fprintf(f, "\\x%02x", *p++);
		}
	}
}

static size_t safe_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (*p) {
		size_t n = printable_utf8(p);

		/* one column per character, four per escaped byte */
		w += n ? 1 : 4;
		p += n ? n : 1;
	}
	return w;
}

static void pad(FILE *f, size_t used, size_t width)
{
	for (; used < width; used++)
		fputc(' ', f);
}

static void color(struct nsdiff_ctx *c, FILE *f, const char *seq)
{
	if (c->out.color)
		fputs(seq, f);
}

/* The table's text for who else is in the namespace: "web2, web3 +2 more". */
static char *sharers_text(const struct sharers *w)
{
	size_t cap = 32, off = 0;
	char *s;

	/* the names shown, their separators, and room for " +N more" */
	for (size_t i = 0; i < w->n && i < SHARERS_SHOWN; i++)
		cap += strlen(w->v[i]) + 2;
	s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < w->n && i < SHARERS_SHOWN; i++)
		off += (size_t)snprintf(s + off, cap - off, "%s%s", i ? ", " : "", w->v[i]);
	if (w->n > SHARERS_SHOWN)
		snprintf(s + off, cap - off, " +%zu more", w->n - SHARERS_SHOWN);
	return s;
}

/* ------------------------------------------------------------- summary */

enum { COL_TYPE, COL_STATE, COL_A, COL_B, COL_WITH, NCOLS };

static const struct out_column columns[NCOLS] = {
	[COL_TYPE]	= { "TYPE", 6, 0, SCOLS_JSON_STRING, "namespace type" },
	[COL_STATE]	= { "STATE", 8, 0, SCOLS_JSON_STRING, "shared or separate" },
	[COL_A]		= { "A", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "A's namespace inode" },
	[COL_B]		= { "B", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "B's namespace inode" },
	[COL_WITH]	= { "SHARED WITH", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			    "who else is in the namespace" },
};

/* The color of a type's state: a risky share with the host stands out. */
static const char *state_color(struct nsdiff_ctx *c, enum ns_type t)
{
	if (c->separate & NS_MASK(t))
		return "green";
	if ((NSDIFF_RISKY & NS_MASK(t)) && (c->a.host || c->b.host))
		return "red";
	return "yellow";
}

static char *with_cell(struct nsdiff_ctx *c, enum ns_type t)
{
	char *a = sharers_text(&c->a.with[t]), *b, *s = NULL;

	if (!a || !(c->separate & NS_MASK(t)) || c->b.host || !c->b.with[t].n)
		return a;
	b = sharers_text(&c->b.with[t]);
	if (b && asprintf(&s, "%s%s%sB: %s", a[0] ? "A: " : "", a, a[0] ? "; " : "", b) < 0)
		s = NULL;
	free(a);
	free(b);
	return s;
}

static int summary(struct nsdiff_ctx *c, FILE *f)
{
	struct libscols_table *tb = out_table_new(&c->out);
	int rc = -ENOMEM;

	if (!tb)
		return -ENOMEM;
	scols_table_set_stream(tb, f);
	for (int i = 0; i < NCOLS; i++)
		if (!out_table_add(tb, &c->out, &columns[i], 0))
			goto out_unref;
	for (int t = 0; t < NS_NTYPES; t++) {
		struct libscols_line *ln;
		bool sep = c->separate & NS_MASK(t);
		char *with;

		if (!(c->compared & NS_MASK(t)))
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			goto out_unref;
		with = with_cell(c, t);
		if (!with || out_cell(&c->out, ln, COL_TYPE, nstype_name(t)) ||
		    out_cell(&c->out, ln, COL_STATE, sep ? "separate" : "shared") ||
		    out_cell_printf(&c->out, ln, COL_A, "%llu", (unsigned long long)c->a.t.ino[t]) ||
		    out_cell_printf(&c->out, ln, COL_B, "%llu", (unsigned long long)c->b.t.ino[t]) ||
		    out_cell(&c->out, ln, COL_WITH, with)) {
			free(with);
			goto out_unref;
		}
		free(with);
		if (c->out.color)
			scols_cell_set_color(scols_line_get_cell(ln, COL_STATE), state_color(c, t));
	}
	rc = scols_print_table(tb);
out_unref:
	scols_unref_table(tb);
	return rc;
}

/* --------------------------------------------------------------- deep */

static const struct inspect_kind *entry_kind(const struct nsdiff_entry *e)
{
	return &inspect_cats[e->cat].kinds[e->kind];
}

/*
 * An item as one text: the value, then the list, or for kinds like the
 * capabilities only the list's size, since every name of a full set does
 * not fit a line: the names that differ follow on a line of their own.
 */
static void put_item(FILE *f, const struct inspect_kind *k, const struct inspect_item *it)
{
	put_safe(f, it->value);
	if (!it->list || !it->list[0])
		return;
	if (k->list_count) {
		size_t n = 1;

		for (const char *p = it->list; *p; p++)
			n += *p == ',';
		fprintf(f, " (%zu)", n);
		return;
	}
	if (it->value[0])
		fputc(' ', f);
	put_safe(f, it->list);
}

static void deep_line(struct nsdiff_ctx *c, FILE *f, char mark, const struct inspect_kind *k,
		      const struct inspect_item *it, size_t cw, size_t kw)
{
	const char *name = k->name;

	color(c, f, mark == '<' ? C_RED : C_GREEN);
	fprintf(f, "  %c %s", mark, name);
	pad(f, strlen(name), cw);
	if (it->key[0]) {
		fputs("  ", f);
		put_safe(f, it->key);
		if (it->value[0] || (it->list && it->list[0]))
			pad(f, safe_width(it->key), kw);
	}
	if (it->value[0] || (it->list && it->list[0])) {
		fputs("  ", f);
		put_item(f, k, it);
	}
	color(c, f, C_RESET);
	fputc('\n', f);
}

static void deep_type(struct nsdiff_ctx *c, FILE *f, enum ns_type t, size_t cw)
{
	size_t kw = 0, n = 0;

	for (size_t i = 0; i < c->diff.n; i++) {
		const struct nsdiff_entry *e = &c->diff.v[i];
		const struct inspect_item *it = e->a ? e->a : e->b;
		size_t w;

		if (inspect_cats[e->cat].type != t)
			continue;
		n++;
		/* keys of items without a value end their line: no column to align */
		if (!it->value[0] && !(it->list && it->list[0]))
			continue;
		w = safe_width(it->key);
		/* a long key does not push every value of the section out */
		if (w > kw && w <= 36)
			kw = w;
	}
	fputc('\n', f);
	color(c, f, C_BOLD);
	fprintf(f, "%s: %llu vs %llu", nstype_name(t), (unsigned long long)c->a.t.ino[t],
		(unsigned long long)c->b.t.ino[t]);
	color(c, f, C_RESET);
	fputc('\n', f);
	if (!n) {
		fputs("  nothing differs inside\n", f);
		return;
	}
	for (size_t i = 0; i < c->diff.n; i++) {
		const struct nsdiff_entry *e = &c->diff.v[i];
		const struct inspect_kind *k = entry_kind(e);

		if (inspect_cats[e->cat].type != t)
			continue;
		if (e->a)
			deep_line(c, f, '<', k, e->a, cw, kw);
		if (e->b)
			deep_line(c, f, '>', k, e->b, cw, kw);
		/* which elements of a list differ: mount options, capabilities */
		if (e->change == NSDIFF_CHANGED && k->list_name && e->a_only &&
		    (e->a_only[0] || e->b_only[0])) {
			color(c, f, C_YELLOW);
			fprintf(f, "    %s only in A: ", k->list_name);
			put_safe(f, e->a_only[0] ? e->a_only : "-");
			fputs("; only in B: ", f);
			put_safe(f, e->b_only[0] ? e->b_only : "-");
			color(c, f, C_RESET);
			fputc('\n', f);
		}
	}
}

int render_text(struct nsdiff_ctx *c, FILE *f)
{
	size_t cw = 0;
	int rc;

	fputs("A: ", f);
	put_safe(f, c->a.label);
	fputs("\nB: ", f);
	put_safe(f, c->b.label);
	fputs("\n\n", f);
	rc = summary(c, f);
	if (rc)
		return rc;
	if (!c->deep)
		return 0;
	for (size_t i = 0; i < c->diff.n; i++) {
		size_t w = strlen(entry_kind(&c->diff.v[i])->name);

		if (w > cw)
			cw = w;
	}
	for (int t = 0; t < NS_NTYPES; t++)
		if (c->separate & NS_MASK(t))
			deep_type(c, f, t, cw);
	return 0;
}

/* --------------------------------------------------------------- JSON */

static void json_side(struct jsonw *w, const char *key, const struct side *s)
{
	jsonw_object(w, key);
	jsonw_string(w, "target", s->arg);
	jsonw_string(w, "label", s->label);
	if (s->t.pid)
		jsonw_uint(w, "pid", (uint64_t)s->t.pid);
	else
		jsonw_null(w, "pid");
	jsonw_bool(w, "host", s->host);
	jsonw_string(w, "container", s->ct ? container_label(s->ct) : NULL);
	jsonw_string(w, "container_id", s->ct ? s->ct->id : NULL);
	jsonw_string(w, "runtime", s->ct ? container_runtime_name(s->ct->runtime) : NULL);
	jsonw_end(w);
}

static void json_strings(struct jsonw *w, const char *key, const struct sharers *s)
{
	jsonw_array(w, key);
	for (size_t i = 0; i < s->n; i++)
		jsonw_string(w, NULL, s->v[i]);
	jsonw_end(w);
}

/* A comma-separated list as a JSON array of its elements. */
static void json_list(struct jsonw *w, const char *key, const char *list)
{
	const char *p = list;

	jsonw_array(w, key);
	while (p && *p) {
		size_t l = strcspn(p, ",");
		char *e = strndup(p, l);

		if (l)
			jsonw_string(w, NULL, e ? e : "");
		free(e);
		p += l;
		if (*p == ',')
			p++;
	}
	jsonw_end(w);
}

/* A fact's text, null when it has none: never "" (absent is null in JSON). */
static void json_text(struct jsonw *w, const char *key, const char *s)
{
	jsonw_string(w, key, s && *s ? s : NULL);
}

static void json_item(struct jsonw *w, const char *key, const char *list_key,
		      const struct inspect_item *it, bool has_list)
{
	json_text(w, key, it ? it->value : NULL);
	if (!has_list)
		return;
	if (it && it->list)
		json_list(w, list_key, it->list);
	else
		jsonw_null(w, list_key);
}

static void json_differences(struct nsdiff_ctx *c, struct jsonw *w, enum ns_type t)
{
	jsonw_array(w, "differences");
	for (size_t i = 0; i < c->diff.n; i++) {
		const struct nsdiff_entry *e = &c->diff.v[i];
		const struct inspect_item *it = e->a ? e->a : e->b;
		const struct inspect_kind *k = entry_kind(e);
		bool has_list = k->list_name != NULL;

		if (inspect_cats[e->cat].type != t)
			continue;
		jsonw_object(w, NULL);
		/* (a kind's name: what the output calls a category) */
		jsonw_string(w, "category", k->name);
		json_text(w, "key", it->key);
		jsonw_string(w, "change", nsdiff_change_name(e->change));
		json_item(w, "a", "a_list", e->a, has_list);
		json_item(w, "b", "b_list", e->b, has_list);
		if (has_list) {
			if (e->a_only) {
				json_list(w, "a_only", e->a_only);
				json_list(w, "b_only", e->b_only);
			} else {
				jsonw_null(w, "a_only");
				jsonw_null(w, "b_only");
			}
		}
		jsonw_end(w);
	}
	jsonw_end(w);
}

int render_json(struct nsdiff_ctx *c, FILE *f)
{
	struct jsonw w;

	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	json_side(&w, "a", &c->a);
	json_side(&w, "b", &c->b);
	jsonw_bool(&w, "deep", c->deep);
	jsonw_bool(&w, "different", c->separate != 0);
	jsonw_array(&w, "namespaces");
	for (int t = 0; t < NS_NTYPES; t++) {
		bool sep = c->separate & NS_MASK(t);

		if (!(c->compared & NS_MASK(t)))
			continue;
		jsonw_object(&w, NULL);
		jsonw_string(&w, "type", nstype_name(t));
		jsonw_string(&w, "state", sep ? "separate" : "shared");
		jsonw_uint(&w, "a", c->a.t.ino[t]);
		jsonw_uint(&w, "b", c->b.t.ino[t]);
		jsonw_bool(&w, "risky", !sep && (NSDIFF_RISKY & NS_MASK(t)) &&
				      (c->a.host || c->b.host));
		json_strings(&w, "a_shared_with", &c->a.with[t]);
		json_strings(&w, "b_shared_with", sep ? &c->b.with[t] : &c->a.with[t]);
		if (c->deep)
			json_differences(c, &w, t);
		jsonw_end(&w);
	}
	jsonw_end(&w);
	jsonw_end(&w);
	return jsonw_finish(&w);
}
