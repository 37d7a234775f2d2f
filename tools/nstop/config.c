// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop's settings file: the keys as a table, parsed strictly (what this
 * version did not write is refused whole, so that a file is either used as
 * it says or not at all), formatted with a comment per key, saved through
 * a file renamed over the old one so that a crash leaves one or the other.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

enum ctype {
	C_VERSION,
	C_VIEW,			/* namespaces, tree, containers */
	C_TYPES,		/* all, or a list of type names */
	C_HIDE,			/* yes/no: hide_host[view] */
	C_COLS,			/* a list of columns: cols[view] */
	C_SORT,			/* a column of the view: sort[view].col */
	C_REVERSE,		/* yes/no: sort[view].reverse */
	C_DELAY,		/* seconds */
	C_COLOR,		/* yes/no */
	C_MOUSE,		/* yes/no */
};

struct ckey {
	const char *name;
	enum ctype type;
	enum nstop_view_kind view;	/* of the keys of a view */
	const char *comment;		/* written above it; NULL: none */
};

/* In the order the file has them. */
static const struct ckey ckeys[] = {
	{ "version", C_VERSION, 0, NULL },
	{ "view", C_VIEW, 0, "the view the dashboard starts in: namespaces, tree or containers" },
	{ "types", C_TYPES, 0, "the namespace types shown: all, or names separated by commas "
			       "(mnt,net,pid,uts,ipc,user,cgroup,time)" },
	{ "hide_host", C_HIDE, NSTOP_VIEW_NS,
	  "leave the host out (s): its own namespaces in the namespace view, the processes in no "
	  "container in the container view" },
	{ "hide_host_containers", C_HIDE, NSTOP_VIEW_CT, NULL },
	{ "namespace_columns", C_COLS, NSTOP_VIEW_NS,
	  "the columns of each view, in order (nstop -H lists them)" },
	{ "container_columns", C_COLS, NSTOP_VIEW_CT, NULL },
	{ "process_columns", C_COLS, NSTOP_VIEW_PROC, NULL },
	{ "namespace_sort", C_SORT, NSTOP_VIEW_NS,
	  "what each view is sorted by: a column, and whether the other way" },
	{ "namespace_sort_reverse", C_REVERSE, NSTOP_VIEW_NS, NULL },
	{ "container_sort", C_SORT, NSTOP_VIEW_CT, NULL },
	{ "container_sort_reverse", C_REVERSE, NSTOP_VIEW_CT, NULL },
	{ "process_sort", C_SORT, NSTOP_VIEW_PROC, NULL },
	{ "process_sort_reverse", C_REVERSE, NSTOP_VIEW_PROC, NULL },
	{ "delay", C_DELAY, 0, "seconds between refreshes (at least 0.01)" },
	{ "color", C_COLOR, 0, "colors where the terminal has them; the mouse" },
	{ "mouse", C_MOUSE, 0, NULL },
};

#define NCKEYS (sizeof(ckeys) / sizeof(ckeys[0]))

static const char *const view_names[] = { "namespaces", "tree", "containers" };

void nstop_config_defaults(struct nstop_config *c)
{
	memset(c, 0, sizeof(*c));
	c->view = NSTOP_VIEW_NS;
	c->types = NS_MASK_ALL;
	/* the dashboard starts without the host's namespaces: see nstop(1), The host */
	c->hide_host[NSTOP_VIEW_NS] = true;
	for (int v = 0; v < NSTOP_NVIEWS; v++) {
		int n = 0;

		for (; nstop_view_cols[v][n] >= 0; n++)
			c->cols[v][n] = nstop_view_cols[v][n];
		for (; n <= NSTOP_NCOLS; n++)
			c->cols[v][n] = -1;
		c->sort[v].col = NSTOP_COL_CPU;
	}
	c->delay = 2;
	c->color = true;
	c->mouse = true;
}

static bool cols_equal(const int *a, const int *b)
{
	for (int i = 0; i <= NSTOP_NCOLS; i++) {
		if (a[i] != b[i])
			return false;
		if (a[i] < 0)
			return true;
	}
	return true;
}

bool nstop_config_equal(const struct nstop_config *a, const struct nstop_config *b)
{
	if (a->view != b->view || a->tree != b->tree || a->types != b->types ||
	    a->color != b->color || a->mouse != b->mouse || a->delay - b->delay > 1e-9 ||
	    b->delay - a->delay > 1e-9)
		return false;
	for (int v = 0; v < NSTOP_NVIEWS; v++)
		if (!cols_equal(a->cols[v], b->cols[v]) || a->sort[v].col != b->sort[v].col ||
		    a->sort[v].reverse != b->sort[v].reverse ||
		    (v != NSTOP_VIEW_PROC && a->hide_host[v] != b->hide_host[v]))
			return false;
	return true;
}

static bool has_col(const int *cols, int col)
{
	for (int i = 0; i < NSTOP_NCOLS && cols[i] >= 0; i++)
		if (cols[i] == col)
			return true;
	return false;
}

/* ------------------------------------------------------------------ parse */

static int fail(struct nstop_config_error *e, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct nstop_config_error *e, int line, const char *fmt, ...)
{
	va_list ap;

	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

int nstop_parse_seconds(const char *s, double *out)
{
	double v = 0, scale = 0.1;
	bool digits = false;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		digits = true;
		if (v > 86400)
			return -ERANGE;
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++) {
			v += (*p - '0') * scale;
			scale /= 10;
			digits = true;
		}
	if (!digits || *p)
		return -EINVAL;
	/* top's floor: faster refreshes measure noise, not use */
	if (v < 0.01)
		return -ERANGE;
	/* to the millisecond, as the file writes it back */
	*out = (double)(long long)(v * 1000 + 0.5) / 1000;
	return 0;
}

/* Seconds to the millisecond, without the zeros at the end: "2", "0.5", "0.333". */
static void seconds_text(double v, char *buf, size_t size)
{
	size_t n;

	snprintf(buf, size, "%.3f", v);
	n = strlen(buf);
	while (n && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '.')
		buf[--n] = '\0';
}

/* One key's value into c; the error's text into e (its line set by the caller). */
static int parse_value(struct nstop_config *c, const struct ckey *k, const char *val,
		       struct nstop_config_error *e)
{
	const char *bad;
	size_t badlen;
	bool b;

	switch (k->type) {
	case C_VERSION: {
		char *end;
		long v = strtol(val, &end, 10);

		if (!*val || *end || v < 1)
			return fail(e, 0, "bad version '%s'", val);
		if (v != NSTOP_CONFIG_VERSION)
			return fail(e, 0, "version %ld, which this nstop does not know (it reads %d)",
				    v, NSTOP_CONFIG_VERSION);
		return 0;
	}
	case C_VIEW:
		for (int i = 0; i < 3; i++)
			if (strcmp(val, view_names[i]) == 0) {
				c->view = i == 2 ? NSTOP_VIEW_CT : NSTOP_VIEW_NS;
				c->tree = i == 1;
				return 0;
			}
		return fail(e, 0, "unknown view '%s' (namespaces, tree or containers)", val);
	case C_TYPES:
		if (strcmp(val, "all") == 0) {
			c->types = NS_MASK_ALL;
			return 0;
		}
		if (!*val || nstype_parse_list(val, &c->types, &bad, &badlen) < 0)
			return fail(e, 0, "unknown namespace type '%.*s'", *val ? (int)badlen : 0,
				    *val ? bad : "");
		return 0;
	case C_COLS:
		/* a whole list: "+" (the defaults and more) is for -o */
		if (!*val || *val == '+')
			return fail(e, 0, "unknown column '%s'", val);
		if (nstop_cols_parse(k->view, val, c->cols[k->view], &bad, &badlen) < 0)
			return fail(e, 0, "unknown column '%.*s'", (int)badlen, bad);
		return 0;
	case C_SORT: {
		int col = nstop_col_lookup(val, strlen(val));

		if (col < 0)
			return fail(e, 0, "unknown column '%s'", val);
		c->sort[k->view].col = col;
		return 0;
	}
	case C_REVERSE:
	case C_HIDE:
	case C_COLOR:
	case C_MOUSE:
		if (parse_bool(val, &b) < 0)
			return fail(e, 0, "'%s' is not yes or no", val);
		if (k->type == C_REVERSE)
			c->sort[k->view].reverse = b;
		else if (k->type == C_HIDE)
			c->hide_host[k->view] = b;
		else if (k->type == C_COLOR)
			c->color = b;
		else
			c->mouse = b;
		return 0;
	case C_DELAY:
		if (nstop_parse_seconds(val, &c->delay) < 0)
			return fail(e, 0, "bad delay '%s' (seconds, at least 0.01)", val);
		return 0;
	}
	return fail(e, 0, "no such key");
}

static char *trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

static int parse(struct nstop_config *c, char *text, size_t len, struct nstop_config_error *e)
{
	bool seen[NCKEYS] = { false }, sort_given[NSTOP_NVIEWS] = { false };
	char *p = text, *end = text + len;
	int line = 0;

	if (len > NSTOP_CONFIG_MAX)
		return fail(e, 0, "larger than %d KiB: not a settings file", NSTOP_CONFIG_MAX / 1024);
	if (memchr(text, '\0', len))
		return fail(e, 0, "a NUL byte: not a text file");
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		char *eq, *key, *val;
		size_t k;

		line++;
		key = trim(p, eol);
		p = nl ? nl + 1 : end;
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq)
			return fail(e, line, "not key=value");
		val = trim(eq + 1, eq + 1 + strlen(eq + 1));
		key = trim(key, eq);
		for (k = 0; k < NCKEYS && strcmp(ckeys[k].name, key) != 0; k++)
			;
		if (k == NCKEYS)
			return fail(e, line, "unknown key '%s'", key);
		if (seen[k])
			return fail(e, line, "'%s' given twice", key);
		/* the version first: what follows is read as that version */
		if (!seen[0] && ckeys[k].type != C_VERSION)
			return fail(e, line, "'%s' before the version", key);
		seen[k] = true;
		if (parse_value(c, &ckeys[k], val, e) < 0) {
			e->line = line;
			return -EINVAL;
		}
		if (ckeys[k].type == C_SORT)
			sort_given[ckeys[k].view] = true;
	}
	if (!seen[0])
		return fail(e, 0, "no version line");
	/*
	 * A view is sorted by the column said (any, as -s takes it), else by
	 * CPU%, else, when its columns leave CPU% out, by its first (as -o).
	 */
	for (int v = 0; v < NSTOP_NVIEWS; v++)
		if (!sort_given[v] && !has_col(c->cols[v], c->sort[v].col))
			c->sort[v].col = c->cols[v][0];
	return 0;
}

int nstop_config_parse(struct nstop_config *c, const char *text, size_t len,
		       struct nstop_config_error *e)
{
	char *copy;
	int rc;

	memset(e, 0, sizeof(*e));
	nstop_config_defaults(c);
	/* a copy to cut into lines; it holds at most what parse() looks at */
	copy = malloc((len > NSTOP_CONFIG_MAX ? 0 : len) + 1);
	if (!copy)
		return fail(e, 0, "out of memory");
	if (len <= NSTOP_CONFIG_MAX)
		memcpy(copy, text, len);
	copy[len > NSTOP_CONFIG_MAX ? 0 : len] = '\0';
	rc = parse(c, copy, len, e);
	free(copy);
	if (rc)
		nstop_config_defaults(c);
	return rc;
}

/* ----------------------------------------------------------------- format */

static void out(char *buf, size_t size, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void out(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(*n < size ? buf + *n : NULL, *n < size ? size - *n : 0, fmt, ap);
	va_end(ap);
	if (r > 0)
		*n += (size_t)r;
}

size_t nstop_config_format(const struct nstop_config *c, char *buf, size_t size)
{
	size_t n = 0;

	if (size)
		buf[0] = '\0';
	out(buf, size, &n, "# nstop's settings, written by its setup screen (F2); see nstop(1), "
			   "FILES.\n# The dashboard reads them when it starts, and its options "
			   "override them;\n# batch output (-b, -J) never reads them.\n");
	for (size_t k = 0; k < NCKEYS; k++) {
		const struct ckey *key = &ckeys[k];

		if (key->comment)
			out(buf, size, &n, "# %s\n", key->comment);
		out(buf, size, &n, "%s=", key->name);
		switch (key->type) {
		case C_VERSION:
			out(buf, size, &n, "%d", NSTOP_CONFIG_VERSION);
			break;
		case C_VIEW:
			out(buf, size, &n, "%s",
			    view_names[c->view == NSTOP_VIEW_CT ? 2 : c->tree ? 1 : 0]);
			break;
		case C_TYPES:
			if (c->types == NS_MASK_ALL || !c->types) {
				out(buf, size, &n, "all");
				break;
			}
			for (int t = 0, first = 1; t < NS_NTYPES; t++)
				if (c->types & NS_MASK(t)) {
					out(buf, size, &n, "%s%s", first ? "" : ",", nstype_name(t));
					first = 0;
				}
			break;
		case C_COLS:
			for (int i = 0; i < NSTOP_NCOLS && c->cols[key->view][i] >= 0; i++)
				out(buf, size, &n, "%s%s", i ? "," : "",
				    nstop_cols[c->cols[key->view][i]].name);
			break;
		case C_SORT:
			out(buf, size, &n, "%s", nstop_cols[c->sort[key->view].col].name);
			break;
		case C_REVERSE:
			out(buf, size, &n, "%s", c->sort[key->view].reverse ? "yes" : "no");
			break;
		case C_HIDE:
			out(buf, size, &n, "%s", c->hide_host[key->view] ? "yes" : "no");
			break;
		case C_DELAY: {
			char secs[32];

			seconds_text(c->delay, secs, sizeof(secs));
			out(buf, size, &n, "%s", secs);
			break;
		}
		case C_COLOR:
			out(buf, size, &n, "%s", c->color ? "yes" : "no");
			break;
		case C_MOUSE:
			out(buf, size, &n, "%s", c->mouse ? "yes" : "no");
			break;
		}
		out(buf, size, &n, "\n");
	}
	return n;
}

/* ------------------------------------------------------------------ files */

int nstop_config_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	/* a relative XDG_CONFIG_HOME is to be ignored, as the specification says */
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/nskit/nstoprc", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.config/nskit/nstoprc", home);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int nstop_config_load(const char *path, struct nstop_config *c, struct nstop_config_error *e)
{
	char *buf;
	size_t len = 0;
	ssize_t r;
	int fd, rc;

	memset(e, 0, sizeof(*e));
	nstop_config_defaults(c);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		rc = -errno;
		fail(e, 0, "%s", strerror(-rc));
		return rc;
	}
	/* one byte more than a file may have: a larger one is refused, not cut */
	buf = malloc(NSTOP_CONFIG_MAX + 1);
	if (!buf) {
		close(fd);
		return fail(e, 0, "out of memory");
	}
	while (len <= NSTOP_CONFIG_MAX &&
	       (r = read(fd, buf + len, NSTOP_CONFIG_MAX + 1 - len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			fail(e, 0, "%s", strerror(-rc));
			free(buf);
			close(fd);
			return rc;
		}
		len += (size_t)r;
	}
	close(fd);
	rc = nstop_config_parse(c, buf, len, e);
	free(buf);
	return rc;
}

/* mkdir -p of the directories of path, 0700 for those it makes. */
static int make_dirs(const char *path)
{
	char dir[4096];
	size_t len = strlen(path);

	if (len >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, len + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

int nstop_config_save(const char *path, const struct nstop_config *c)
{
	char tmp[4200], *text;
	size_t len = nstop_config_format(c, NULL, 0);
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	rc = make_dirs(path);
	if (rc)
		return rc;
	text = malloc(len + 1);
	if (!text)
		return -ENOMEM;
	nstop_config_format(c, text, len + 1);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = -errno;
		goto out_free;
	}
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = w < 0 ? -errno : -EIO;
			break;
		}
		off += (size_t)w;
	}
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc)
		unlink(tmp);
out_free:
	free(text);
	return rc;
}
