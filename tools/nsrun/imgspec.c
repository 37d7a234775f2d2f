// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Container images as files describe them (see imgspec.h). The JSON is
 * someone else's: every member is taken only with the type it must have,
 * every array and string is bounded, and a file that is not what it says
 * is refused with a reason rather than half read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "imgspec.h"

/* Longer than any path, name or variable an image has for good reasons. */
#define STR_MAX		65536
#define ARRAY_MAX	65536

int imgspec_parse_digest(const char *s, char *hex)
{
	if (!s || strncmp(s, "sha256:", 7) != 0)
		return -EINVAL;
	s += 7;
	for (int i = 0; i < IMGSPEC_HEX_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -EINVAL;
	if (s[IMGSPEC_HEX_LEN])
		return -EINVAL;
	memcpy(hex, s, IMGSPEC_HEX_LEN + 1);
	return 0;
}

/* Parse all of json (and nothing after it) into an object; NULL with *why. */
static struct json_object *parse_object(const char *json, size_t len, const char **why)
{
	struct json_tokener *tok;
	struct json_object *o;

	if (len > IMGSPEC_JSON_MAX) {
		*why = "larger than any image's JSON";
		return NULL;
	}
	if (memchr(json, '\0', len)) {
		*why = "not JSON (a NUL byte)";
		return NULL;
	}
	tok = json_tokener_new();
	if (!tok) {
		*why = "out of memory";
		return NULL;
	}
	o = json_tokener_parse_ex(tok, json, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success) {
		if (o)
			json_object_put(o);
		o = NULL;
		*why = json_tokener_get_error(tok) == json_tokener_continue ?
			       "not JSON (it ends too soon: truncated?)" : "not JSON";
	} else {
		size_t used = json_tokener_get_parse_end(tok);

		/* blanks may follow the document, nothing else */
		for (; used < len; used++)
			if (!strchr(" \t\r\n", json[used])) {
				json_object_put(o);
				o = NULL;
				*why = "not JSON (something follows the document)";
				break;
			}
	}
	json_tokener_free(tok);
	if (o && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
		*why = "not a JSON object";
	}
	return o;
}

/* A member of a given type, or NULL (absent, or null: as if absent). -EINVAL for the wrong type. */
static int member(struct json_object *o, const char *key, enum json_type type,
		  struct json_object **out)
{
	struct json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, type))
		return -EINVAL;
	*out = v;
	return 0;
}

/* A string member copied into buf: -EINVAL for another type, -E2BIG when it does not fit. */
static int str_member(struct json_object *o, const char *key, char *buf, size_t size)
{
	struct json_object *v;
	int len;

	buf[0] = '\0';
	if (member(o, key, json_type_string, &v) < 0)
		return -EINVAL;
	if (!v)
		return 0;
	len = json_object_get_string_len(v);
	if (len < 0 || (size_t)len >= size || memchr(json_object_get_string(v), '\0', (size_t)len))
		return -E2BIG;
	memcpy(buf, json_object_get_string(v), (size_t)len + 1);
	return 0;
}

static char *dup_string(struct json_object *v)
{
	int len = json_object_get_string_len(v);

	if (len < 0 || len >= STR_MAX || memchr(json_object_get_string(v), '\0', (size_t)len))
		return NULL;
	return strdup(json_object_get_string(v));
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/*
 * An array of strings as a NULL-terminated vector (*out NULL when the
 * member is absent or null; an empty vector for []). -EINVAL for another
 * type or an element that is not a string.
 */
static int strv_member(struct json_object *o, const char *key, char ***out, size_t *n)
{
	struct json_object *a;
	char **v;
	size_t len;

	*out = NULL;
	if (n)
		*n = 0;
	if (member(o, key, json_type_array, &a) < 0)
		return -EINVAL;
	if (!a)
		return 0;
	len = json_object_array_length(a);
	if (len > ARRAY_MAX)
		return -EINVAL;
	v = calloc(len + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < len; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		if (!e || !json_object_is_type(e, json_type_string) || !(v[i] = dup_string(e))) {
			free_strv(v);
			return -EINVAL;
		}
	}
	*out = v;
	if (n)
		*n = len;
	return 0;
}

static const struct {
	const char *type;
	enum imgspec_kind kind;
} media_types[] = {
	{ "application/vnd.oci.image.manifest.v1+json", IMGSPEC_MANIFEST },
	{ "application/vnd.docker.distribution.manifest.v2+json", IMGSPEC_MANIFEST },
	{ "application/vnd.oci.image.index.v1+json", IMGSPEC_INDEX },
	{ "application/vnd.docker.distribution.manifest.list.v2+json", IMGSPEC_INDEX },
};

enum imgspec_kind imgspec_kind(const char *media_type)
{
	if (!media_type[0])
		return IMGSPEC_MANIFEST;
	for (size_t i = 0; i < sizeof(media_types) / sizeof(media_types[0]); i++)
		if (strcmp(media_type, media_types[i].type) == 0)
			return media_types[i].kind;
	return IMGSPEC_OTHER;
}

static int parse_desc(struct json_object *o, struct imgspec_desc *d, const char **why)
{
	struct json_object *v, *ann, *plat;
	char digest[128];
	int64_t size;

	memset(d, 0, sizeof(*d));
	if (!json_object_is_type(o, json_type_object)) {
		*why = "a descriptor is not an object";
		return -EINVAL;
	}
	if (str_member(o, "mediaType", d->media_type, sizeof(d->media_type)) < 0) {
		*why = "a descriptor's mediaType is not a string of a media type";
		return -EINVAL;
	}
	if (str_member(o, "digest", digest, sizeof(digest)) < 0 || !digest[0] ||
	    imgspec_parse_digest(digest, d->digest) < 0) {
		*why = "a descriptor has no digest of the form sha256:<64 hex digits>";
		return -EINVAL;
	}
	if (member(o, "size", json_type_int, &v) < 0 || !v ||
	    (size = json_object_get_int64(v)) < 0) {
		*why = "a descriptor has no size, or a negative one";
		return -EINVAL;
	}
	d->size = (uint64_t)size;
	if (member(o, "annotations", json_type_object, &ann) < 0) {
		*why = "a descriptor's annotations are not an object";
		return -EINVAL;
	}
	if (ann && (str_member(ann, "org.opencontainers.image.ref.name", d->ref_name,
			       sizeof(d->ref_name)) < 0 ||
		    str_member(ann, "io.containerd.image.name", d->image_name,
			       sizeof(d->image_name)) < 0)) {
		*why = "a descriptor's name annotation is not a string of a name";
		return -EINVAL;
	}
	if (member(o, "platform", json_type_object, &plat) < 0) {
		*why = "a descriptor's platform is not an object";
		return -EINVAL;
	}
	if (plat && (str_member(plat, "os", d->os, sizeof(d->os)) < 0 ||
		     str_member(plat, "architecture", d->arch, sizeof(d->arch)) < 0 ||
		     str_member(plat, "variant", d->variant, sizeof(d->variant)) < 0)) {
		*why = "a descriptor's platform has a field that is not a short string";
		return -EINVAL;
	}
	return 0;
}

/* An array member of descriptors, at least one of them with min 1. */
static int desc_array(struct json_object *o, const char *key, size_t max, size_t min,
		      struct imgspec_desc **out, size_t *n, const char **why)
{
	struct json_object *a;
	struct imgspec_desc *v;
	size_t len;

	*out = NULL;
	*n = 0;
	if (member(o, key, json_type_array, &a) < 0 || (!a && min)) {
		*why = strcmp(key, "layers") == 0 ? "it has no array of layers" :
						    "it has no array of manifests";
		return -EINVAL;
	}
	len = a ? json_object_array_length(a) : 0;
	if (len < min) {
		*why = strcmp(key, "layers") == 0 ? "it has no layers" : "it has no manifests";
		return -EINVAL;
	}
	if (len > max) {
		*why = "it has more entries than any image has";
		return -EINVAL;
	}
	v = calloc(len + 1, sizeof(*v));
	if (!v) {
		*why = "out of memory";
		return -ENOMEM;
	}
	for (size_t i = 0; i < len; i++)
		if (parse_desc(json_object_array_get_idx(a, i), &v[i], why) < 0) {
			free(v);
			return -EINVAL;
		}
	*out = v;
	*n = len;
	return 0;
}

/* schemaVersion, where given, must be 2 (OCI and Docker's schema 2 alike). */
static int check_schema(struct json_object *o, const char **why)
{
	struct json_object *v;

	if (member(o, "schemaVersion", json_type_int, &v) < 0 ||
	    (v && json_object_get_int64(v) != 2)) {
		*why = "its schemaVersion is not 2";
		return -EINVAL;
	}
	return 0;
}

int imgspec_parse_index(const char *json, size_t len, struct imgspec_desc **out, size_t *n,
			const char **why)
{
	struct json_object *o = parse_object(json, len, why);
	int rc;

	*out = NULL;
	*n = 0;
	if (!o)
		return -EINVAL;
	rc = check_schema(o, why);
	if (!rc)
		rc = desc_array(o, "manifests", 4096, 1, out, n, why);
	json_object_put(o);
	return rc < 0 ? -EINVAL : 0;
}

void imgspec_manifest_free(struct imgspec_manifest *m)
{
	free(m->layers);
	m->layers = NULL;
	m->nlayers = 0;
}

int imgspec_parse_manifest(const char *json, size_t len, struct imgspec_manifest *m,
			   const char **why)
{
	struct json_object *o = parse_object(json, len, why), *cfg;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!o)
		return -EINVAL;
	rc = check_schema(o, why);
	if (!rc && (member(o, "config", json_type_object, &cfg) < 0 || !cfg)) {
		*why = "it has no config descriptor";
		rc = -EINVAL;
	}
	if (!rc)
		rc = parse_desc(cfg, &m->config, why);
	/* an image of no layers at all is an empty root: a config alone (scratch) */
	if (!rc)
		rc = desc_array(o, "layers", IMGSPEC_LAYERS_MAX, 0, &m->layers, &m->nlayers, why);
	json_object_put(o);
	if (rc < 0) {
		imgspec_manifest_free(m);
		return -EINVAL;
	}
	return 0;
}

void imgspec_config_free(struct imgspec_config *c)
{
	free_strv(c->entrypoint);
	free_strv(c->cmd);
	free_strv(c->env);
	free_strv(c->diff_ids);
	free(c->workdir);
	free(c->user);
	memset(c, 0, sizeof(*c));
}

/* RFC 3339 ("2024-01-02T03:04:05.123456789Z", "...+02:00") as seconds; 0 when it is not. */
static long long parse_time(const char *s)
{
	struct tm tm = { 0 };
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	long long t, off = 0;

	if (!p)
		return 0;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int h = atoi(p + 1), mi = atoi(p + 4);

		off = (h * 3600LL + mi * 60LL) * (*p == '+' ? 1 : -1);
	} else if (strcmp(p, "Z") != 0) {
		return 0;
	}
	t = (long long)timegm(&tm);
	return t - off;
}

int imgspec_parse_config(const char *json, size_t len, struct imgspec_config *c,
			 const char **why)
{
	struct json_object *o = parse_object(json, len, why), *cfg, *rootfs, *v;
	char created[64], buf[STR_MAX];
	int rc = -EINVAL;

	memset(c, 0, sizeof(*c));
	if (!o)
		return -EINVAL;
	if (str_member(o, "os", c->os, sizeof(c->os)) < 0 ||
	    str_member(o, "architecture", c->arch, sizeof(c->arch)) < 0) {
		*why = "its os or architecture is not a short string";
		goto out;
	}
	if (str_member(o, "created", created, sizeof(created)) == 0 && created[0])
		c->created = parse_time(created);
	if (member(o, "config", json_type_object, &cfg) < 0) {
		*why = "its config is not an object";
		goto out;
	}
	if (cfg) {
		if (strv_member(cfg, "Entrypoint", &c->entrypoint, NULL) < 0 ||
		    strv_member(cfg, "Cmd", &c->cmd, NULL) < 0) {
			*why = "its Entrypoint or Cmd is not an array of strings";
			goto out;
		}
		if (strv_member(cfg, "Env", &c->env, NULL) < 0) {
			*why = "its Env is not an array of strings";
			goto out;
		}
		for (size_t i = 0; c->env && c->env[i]; i++)
			if (!strchr(c->env[i], '=') || c->env[i][0] == '=') {
				*why = "its Env has an entry that is not KEY=VALUE";
				goto out;
			}
		if (str_member(cfg, "WorkingDir", buf, sizeof(buf)) < 0 ||
		    (buf[0] && buf[0] != '/')) {
			*why = "its WorkingDir is not an absolute path";
			goto out;
		}
		if (buf[0] && !(c->workdir = strdup(buf)))
			goto nomem;
		if (str_member(cfg, "User", buf, sizeof(buf)) < 0) {
			*why = "its User is not a string";
			goto out;
		}
		if (buf[0] && !(c->user = strdup(buf)))
			goto nomem;
	}
	if (member(o, "rootfs", json_type_object, &rootfs) < 0 || !rootfs) {
		*why = "it has no rootfs";
		goto out;
	}
	if (member(rootfs, "type", json_type_string, &v) < 0 || !v ||
	    strcmp(json_object_get_string(v), "layers") != 0) {
		*why = "its rootfs is not of type layers";
		goto out;
	}
	if (strv_member(rootfs, "diff_ids", &c->diff_ids, &c->ndiff_ids) < 0 || !c->diff_ids ||
	    c->ndiff_ids > IMGSPEC_LAYERS_MAX) {
		*why = "its rootfs has no array of diff_ids";
		goto out;
	}
	for (size_t i = 0; i < c->ndiff_ids; i++) {
		char hex[IMGSPEC_HEX_LEN + 1];

		if (imgspec_parse_digest(c->diff_ids[i], hex) < 0) {
			*why = "a diff_id is not of the form sha256:<64 hex digits>";
			goto out;
		}
		memcpy(c->diff_ids[i], hex, sizeof(hex));
	}
	rc = 0;
	goto out;
nomem:
	*why = "out of memory";
out:
	json_object_put(o);
	if (rc < 0)
		imgspec_config_free(c);
	return rc;
}

void imgspec_docker_free(struct imgspec_docker_image *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].config);
		free_strv(v[i].tags);
		free_strv(v[i].layers);
	}
	free(v);
}

int imgspec_parse_docker_manifest(const char *json, size_t len,
				  struct imgspec_docker_image **out, size_t *n, const char **why)
{
	struct json_tokener *tok;
	struct json_object *a;
	struct imgspec_docker_image *v = NULL;
	size_t count = 0;

	*out = NULL;
	*n = 0;
	if (len > IMGSPEC_JSON_MAX || memchr(json, '\0', len)) {
		*why = "not a manifest.json of docker save";
		return -EINVAL;
	}
	tok = json_tokener_new();
	if (!tok) {
		*why = "out of memory";
		return -ENOMEM;
	}
	a = json_tokener_parse_ex(tok, json, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success || !a ||
	    !json_object_is_type(a, json_type_array)) {
		json_tokener_free(tok);
		if (a)
			json_object_put(a);
		*why = "not a JSON array of images";
		return -EINVAL;
	}
	json_tokener_free(tok);
	count = json_object_array_length(a);
	if (count == 0 || count > 4096) {
		json_object_put(a);
		*why = count ? "more images than a file should hold" : "it has no images";
		return -EINVAL;
	}
	v = calloc(count, sizeof(*v));
	if (!v) {
		json_object_put(a);
		*why = "out of memory";
		return -ENOMEM;
	}
	for (size_t i = 0; i < count; i++) {
		struct json_object *e = json_object_array_get_idx(a, i), *c;

		if (!e || !json_object_is_type(e, json_type_object)) {
			*why = "an image is not an object";
			goto fail;
		}
		if (member(e, "Config", json_type_string, &c) < 0 || !c ||
		    !(v[i].config = dup_string(c))) {
			*why = "an image has no Config";
			goto fail;
		}
		if (strv_member(e, "RepoTags", &v[i].tags, NULL) < 0) {
			*why = "an image's RepoTags is not an array of strings";
			goto fail;
		}
		if (strv_member(e, "Layers", &v[i].layers, &v[i].nlayers) < 0 || !v[i].layers ||
		    v[i].nlayers > IMGSPEC_LAYERS_MAX) {
			*why = "an image has no array of Layers";
			goto fail;
		}
	}
	json_object_put(a);
	*out = v;
	*n = count;
	return 0;
fail:
	json_object_put(a);
	imgspec_docker_free(v, count);
	return -EINVAL;
}

/* ------------------------------------------------------------ references */

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* One path component: [a-z0-9]+ joined by '.', '_', "__" or runs of '-'. */
static bool valid_component(const char *s, size_t len)
{
	size_t i = 0;

	if (!len || !lower_alnum(s[0]) || !lower_alnum(s[len - 1]))
		return false;
	while (i < len) {
		if (lower_alnum(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '.' || (s[i] == '_' && s[i + 1] != '_'))
			i++;
		else if (s[i] == '_' && s[i + 1] == '_')
			i += 2;
		else if (s[i] == '-')
			while (i < len && s[i] == '-')
				i++;
		else
			return false;
		if (i >= len || !lower_alnum(s[i]))
			return false;
	}
	return true;
}

/* A registry host: labels of letters, digits and '-' joined by '.', and an optional :PORT. */
static bool valid_host(const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len);
	size_t hl = colon ? (size_t)(colon - s) : len, label = 0;

	if (!hl)
		return false;
	for (size_t i = 0; i <= hl; i++) {
		char c = i < hl ? s[i] : '.';

		if (c == '.') {
			/* a label: not empty, not starting or ending with '-' */
			if (!label || s[i - label] == '-' || s[i - 1] == '-')
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '-') {
			label++;
		} else {
			return false;
		}
	}
	if (colon) {
		if (colon + 1 == s + len || len - hl - 1 > 5)
			return false;
		for (const char *p = colon + 1; p < s + len; p++)
			if (*p < '0' || *p > '9')
				return false;
	}
	return true;
}

int imgspec_parse_ref(const char *s, struct imgspec_ref *r)
{
	const char *slash, *colon, *path;
	size_t len, repolen;

	memset(r, 0, sizeof(*r));
	if (!s || !*s || strchr(s, '@'))
		return -EINVAL;
	len = strlen(s);
	if (len >= sizeof(r->repo))
		return -EINVAL;
	/* the tag: after the last ':' that follows the last '/' (a host's port is before it) */
	slash = strrchr(s, '/');
	colon = strrchr(slash ? slash : s, ':');
	repolen = colon ? (size_t)(colon - s) : len;
	if (colon) {
		const char *t = colon + 1;
		size_t tl = strlen(t);

		if (tl == 0 || tl > 128 || !(lower_alnum(t[0]) || (t[0] >= 'A' && t[0] <= 'Z') ||
					     t[0] == '_'))
			return -EINVAL;
		for (size_t i = 0; i < tl; i++) {
			char c = t[i];

			if (!(lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' ||
			      c == '-'))
				return -EINVAL;
		}
		memcpy(r->tag, t, tl + 1);
	} else {
		strcpy(r->tag, "latest");
	}
	/* Docker's bound of a name, with its tag: what prints back must parse back */
	if (repolen + 1 + strlen(r->tag) >= sizeof(r->repo))
		return -EINVAL;
	memcpy(r->repo, s, repolen);
	r->repo[repolen] = '\0';
	/* a first component with '.' or ':', or "localhost", is a registry host */
	path = r->repo;
	slash = strchr(r->repo, '/');
	if (slash) {
		size_t hl = (size_t)(slash - r->repo);

		bool upper = false;

		for (size_t i = 0; i < hl; i++)
			upper |= r->repo[i] >= 'A' && r->repo[i] <= 'Z';
		if (memchr(r->repo, '.', hl) || memchr(r->repo, ':', hl) ||
		    (hl == 9 && memcmp(r->repo, "localhost", 9) == 0) || upper) {
			if (!valid_host(r->repo, hl))
				return -EINVAL;
			path = slash + 1;
		}
	}
	if (!*path)
		return -EINVAL;
	for (const char *p = path;;) {
		const char *end = strchr(p, '/');
		size_t cl = end ? (size_t)(end - p) : strlen(p);

		if (!valid_component(p, cl))
			return -EINVAL;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

const char *imgspec_familiar(const char *repo)
{
	static const char *const prefixes[] = { "docker.io/library/", "docker.io/",
						"index.docker.io/library/", "index.docker.io/",
						"localhost/" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t pl = strlen(prefixes[i]);

		if (strncmp(repo, prefixes[i], pl) == 0 && repo[pl])
			return repo + pl;
	}
	return repo;
}

/* ---------------------------------------------------------------- paths */

int imgspec_entry_path(const char *name, char *out, size_t size)
{
	const char *p = name;
	size_t len = 0;

	if (!name || !*name || name[0] == '/')
		return -EINVAL;
	for (const char *q = name; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return -EINVAL;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t cl = end ? (size_t)(end - p) : strlen(p);

		if (cl == 2 && p[0] == '.' && p[1] == '.')
			return -EINVAL;
		if (cl && !(cl == 1 && p[0] == '.')) {
			if (len + (len ? 1 : 0) + cl + 1 > size)
				return -ENAMETOOLONG;
			if (len)
				out[len++] = '/';
			memcpy(out + len, p, cl);
			len += cl;
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (size == 0)
		return -ENAMETOOLONG;
	out[len] = '\0';
	return 0;
}

int imgspec_whiteout(const char *path, char *target, size_t size, enum imgspec_whiteout *kind)
{
	const char *base = strrchr(path, '/');
	size_t dirlen;

	base = base ? base + 1 : path;
	dirlen = base > path ? (size_t)(base - path - 1) : 0;
	*kind = IMGSPEC_WH_NONE;
	if (strncmp(base, ".wh.", 4) != 0)
		return 0;
	if (strcmp(base, ".wh..wh..opq") == 0) {
		if (dirlen + 1 > size)
			return -ENAMETOOLONG;
		memcpy(target, path, dirlen);
		target[dirlen] = '\0';
		*kind = IMGSPEC_WH_OPAQUE;
		return 0;
	}
	/* ".wh." alone names nothing; ".wh..wh.*" are AUFS's own (plink, aufs) */
	if (!base[4] || strncmp(base + 4, ".wh.", 4) == 0 || strcmp(base + 4, ".") == 0 ||
	    strcmp(base + 4, "..") == 0)
		return -EINVAL;
	if (dirlen + (dirlen ? 1 : 0) + strlen(base + 4) + 1 > size)
		return -ENAMETOOLONG;
	memcpy(target, path, dirlen);
	snprintf(target + dirlen, size - dirlen, "%s%s", dirlen ? "/" : "", base + 4);
	*kind = IMGSPEC_WH_FILE;
	return 0;
}

int imgspec_link_resolve(const char *path, const char *target, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (!target || !*target || target[0] == '/' || len >= size)
		return -EINVAL;
	for (const char *q = target; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return -EINVAL;
	memcpy(out, path, len);
	out[len] = '\0';
	for (const char *p = target; *p;) {
		const char *end = strchr(p, '/');
		size_t cl = end ? (size_t)(end - p) : strlen(p);

		if (cl == 2 && p[0] == '.' && p[1] == '.') {
			char *up;

			if (!len)
				return -EINVAL;
			up = strrchr(out, '/');
			len = up ? (size_t)(up - out) : 0;
			out[len] = '\0';
		} else if (cl && !(cl == 1 && p[0] == '.')) {
			if (len + (len ? 1 : 0) + cl + 1 > size)
				return -ENAMETOOLONG;
			if (len)
				out[len++] = '/';
			memcpy(out + len, p, cl);
			len += cl;
			out[len] = '\0';
		}
		if (!end)
			break;
		p = end + 1;
	}
	return len ? 0 : -EINVAL;
}

bool imgspec_link_inside(const char *path, const char *target)
{
	long depth = 0;

	if (!target || !*target)
		return false;
	if (target[0] == '/')
		return true;
	/* the link's own directory: as deep as path has components, less one */
	for (const char *p = path; *p; p++)
		if (*p == '/')
			depth++;
	for (const char *p = target; *p;) {
		const char *end = strchr(p, '/');
		size_t cl = end ? (size_t)(end - p) : strlen(p);

		if (cl == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return false;
		} else if (cl && !(cl == 1 && p[0] == '.')) {
			depth++;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return true;
}
