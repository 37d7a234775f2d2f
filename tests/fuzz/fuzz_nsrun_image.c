// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for tools/nsrun/imgspec.c, what an image file controls:
 * the first byte picks the parser, the rest is its input. The JSON of an
 * OCI layout (index.json or an image index, a manifest, an image config)
 * and docker save's manifest.json must be refused or give what they
 * promise (digests of 64 hex digits, vectors ending in NULL, as many
 * diff_ids as said, an absolute WorkingDir, Env entries with '='). A tar
 * entry's name, cut at its NUL, must be refused or give a path below the
 * root: not absolute, no "." or ".." component, no empty one, the same
 * again when cleaned again; a whiteout's target must be such a path too;
 * a link must resolve to one or be refused, and a link that resolves
 * must be inside; an image reference must print back as it parsed.
 *
 * TOOL: nsrun (scripts/fuzz.sh links its modules)
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imgspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_hex(const char *h)
{
	if (strlen(h) != IMGSPEC_HEX_LEN)
		__builtin_trap();
	for (const char *p = h; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			__builtin_trap();
}

/* A path as imgspec_entry_path() gives it: relative, clean. */
static void check_clean(const char *p)
{
	char again[PATH_MAX];

	if (p[0] == '/' || strstr(p, "//") || (p[0] && p[strlen(p) - 1] == '/'))
		__builtin_trap();
	for (const char *c = p; *c;) {
		const char *end = strchr(c, '/');
		size_t len = end ? (size_t)(end - c) : strlen(c);

		if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			__builtin_trap();
		if (!end)
			break;
		c = end + 1;
	}
	if (p[0] && (imgspec_entry_path(p, again, sizeof(again)) < 0 || strcmp(again, p) != 0))
		__builtin_trap();
}

static void check_json(int which, const char *s, size_t len)
{
	const char *why = NULL;

	switch (which) {
	case 0: {
		struct imgspec_desc *v;
		size_t n;

		if (imgspec_parse_index(s, len, &v, &n, &why) < 0) {
			if (!why)
				__builtin_trap();
			return;
		}
		if (!n)
			__builtin_trap();
		for (size_t i = 0; i < n; i++)
			check_hex(v[i].digest);
		free(v);
		return;
	}
	case 1: {
		struct imgspec_manifest m;

		if (imgspec_parse_manifest(s, len, &m, &why) < 0) {
			if (!why)
				__builtin_trap();
			return;
		}
		check_hex(m.config.digest);
		if (m.nlayers > IMGSPEC_LAYERS_MAX || (m.nlayers && !m.layers))
			__builtin_trap();
		for (size_t i = 0; i < m.nlayers; i++)
			check_hex(m.layers[i].digest);
		imgspec_manifest_free(&m);
		return;
	}
	case 2: {
		struct imgspec_config c;
		size_t n = 0;

		if (imgspec_parse_config(s, len, &c, &why) < 0) {
			if (!why)
				__builtin_trap();
			return;
		}
		while (c.diff_ids && c.diff_ids[n])
			check_hex(c.diff_ids[n++]);
		if (!c.diff_ids || n != c.ndiff_ids || (c.workdir && c.workdir[0] != '/'))
			__builtin_trap();
		for (size_t i = 0; c.env && c.env[i]; i++)
			if (!strchr(c.env[i], '=') || c.env[i][0] == '=')
				__builtin_trap();
		imgspec_config_free(&c);
		return;
	}
	default: {
		struct imgspec_docker_image *v;
		size_t n;

		if (imgspec_parse_docker_manifest(s, len, &v, &n, &why) < 0) {
			if (!why)
				__builtin_trap();
			return;
		}
		for (size_t i = 0; i < n; i++) {
			size_t k = 0;

			while (v[i].layers[k])
				k++;
			if (!v[i].config || k != v[i].nlayers)
				__builtin_trap();
		}
		imgspec_docker_free(v, n);
		return;
	}
	}
}

/* s split at its first '|' into an entry's name and a link's target. */
static void check_paths(char *s)
{
	char path[PATH_MAX], target[PATH_MAX], resolved[PATH_MAX];
	char *bar = strchr(s, '|'), *link = NULL;
	enum imgspec_whiteout kind;

	if (bar) {
		*bar = '\0';
		link = bar + 1;
	}
	if (imgspec_entry_path(s, path, sizeof(path)) < 0)
		return;
	check_clean(path);
	if (imgspec_whiteout(path, target, sizeof(target), &kind) == 0 && kind != IMGSPEC_WH_NONE) {
		check_clean(target);
		if (kind == IMGSPEC_WH_FILE && !target[0])
			__builtin_trap();
	}
	if (!link)
		return;
	if (imgspec_link_resolve(path, link, resolved, sizeof(resolved)) == 0) {
		check_clean(resolved);
		if (!resolved[0] || !imgspec_link_inside(path, link))
			__builtin_trap();
	}
}

static void check_ref(const char *s)
{
	struct imgspec_ref r, again;
	char full[IMGSPEC_REF_MAX + 140];

	if (imgspec_parse_ref(s, &r) < 0)
		return;
	if (!r.repo[0] || !r.tag[0] || strchr(r.repo, '@') || strchr(r.tag, '/'))
		__builtin_trap();
	snprintf(full, sizeof(full), "%s:%s", r.repo, r.tag);
	if (imgspec_parse_ref(full, &again) < 0 || strcmp(again.repo, r.repo) != 0 ||
	    strcmp(again.tag, r.tag) != 0)
		__builtin_trap();
	if (!*imgspec_familiar(r.repo))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1 || size > 65536)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 6) {
	case 0: case 1: case 2: case 3:
		check_json(data[0] % 6, s, size - 1);
		break;
	case 4:
		check_paths(s);
		break;
	default:
		check_ref(s);
		break;
	}
	free(s);
	return 0;
}
