// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun's command-line parsers. Every one of them is strict: a value that
 * would be read differently by another tool ("1e3", " 5", "0x10") is an
 * error rather than a guess, since a wrong memory limit or mount is worse
 * than a refusal.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/capability.h>

#include "runspec.h"
#include "runstate.h"

/* Digits of s into *v, with overflow checked; the end of them in *end. */
static int parse_digits(const char *s, uint64_t *v, const char **end)
{
	uint64_t x = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	*v = x;
	*end = p;
	return 0;
}

/*
 * A decimal number with an optional fraction of at most scale_digits
 * digits, as an integer scaled by 10^scale_digits: "1.5" with 3 is 1500.
 */
static int parse_fixed(const char *s, unsigned int scale_digits, uint64_t *v, const char **end)
{
	uint64_t whole, frac = 0, scale = 1;
	unsigned int nfrac = 0;
	const char *p;
	int rc;

	for (unsigned int i = 0; i < scale_digits; i++)
		scale *= 10;
	rc = parse_digits(s, &whole, &p);
	if (rc)
		return rc;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (nfrac == scale_digits)
				return -EINVAL;	/* more precision than we keep */
			frac = frac * 10 + (uint64_t)(*p - '0');
			nfrac++;
		}
		for (; nfrac < scale_digits; nfrac++)
			frac *= 10;
	}
	if (whole > (UINT64_MAX - frac) / scale)
		return -ERANGE;
	*v = whole * scale + frac;
	*end = p;
	return 0;
}

static const struct {
	const char *name;
	unsigned int shift;
} size_units[] = {
	{ "", 0 },	{ "b", 0 },	{ "k", 10 },	{ "kb", 10 },	{ "kib", 10 },
	{ "m", 20 },	{ "mb", 20 },	{ "mib", 20 },	{ "g", 30 },	{ "gb", 30 },
	{ "gib", 30 },	{ "t", 40 },	{ "tb", 40 },	{ "tib", 40 },
};

int runspec_parse_size(const char *s, uint64_t *bytes)
{
	/* Fractions to 1/1000 of the unit: "1.5g", "0.25m". */
	const uint64_t milli = 1000;
	uint64_t v;
	const char *unit;
	int rc;

	if (!s)
		return -EINVAL;
	rc = parse_fixed(s, 3, &v, &unit);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++) {
		unsigned __int128 b;

		if (strcasecmp(unit, size_units[i].name) != 0)
			continue;
		b = ((unsigned __int128)v << size_units[i].shift) / milli;
		if (b > UINT64_MAX)
			return -ERANGE;
		/* "0.0001k" would be 0 bytes: as wrong as "0" */
		if (b == 0)
			return -EINVAL;
		*bytes = (uint64_t)b;
		return 0;
	}
	return -EINVAL;
}

int runspec_parse_cpus(const char *s, uint64_t period_us, uint64_t *quota_us)
{
	uint64_t milli;
	const char *end;
	unsigned __int128 q;
	int rc;

	if (!s || period_us == 0)
		return -EINVAL;
	rc = parse_fixed(s, 3, &milli, &end);
	if (rc)
		return rc;
	if (*end)
		return -EINVAL;
	if (milli == 0)
		return -EINVAL;
	q = (unsigned __int128)milli * period_us / 1000;
	/* cgroup's bounds: a quota of at least 1 ms; we allow up to 4096 CPUs. */
	if (q < 1000 || milli > 4096 * 1000)
		return -ERANGE;
	*quota_us = (uint64_t)q;
	return 0;
}

int runspec_parse_count(const char *s, uint64_t *n)
{
	const char *end;
	uint64_t v;

	if (!s || parse_digits(s, &v, &end) < 0 || *end)
		return -EINVAL;
	if (v == 0 || v > 0xffffffffu)
		return -ERANGE;
	*n = v;
	return 0;
}

int runspec_parse_device_limit(const char *s, bool iops, char *path, size_t size,
			       uint64_t *value, const char **why)
{
	const char *colon;
	int rc;

	*why = iops ? "expected DEVICE:COUNT, such as /dev/sda:100" :
		      "expected DEVICE:RATE, such as /dev/sda:1mb";
	if (!s)
		return -EINVAL;
	colon = strrchr(s, ':');
	if (!colon || colon == s)
		return -EINVAL;
	if (s[0] != '/') {
		*why = "the device must be an absolute path, such as /dev/sda";
		return -EINVAL;
	}
	if ((size_t)(colon - s) >= size) {
		*why = "the device path is too long";
		return -EINVAL;
	}
	rc = iops ? runspec_parse_count(colon + 1, value) : runspec_parse_size(colon + 1, value);
	if (rc == -ERANGE && iops)
		rc = strcmp(colon + 1, "0") == 0 ? -EINVAL : -ERANGE;
	if (rc == -EINVAL) {
		*why = iops ? "the count must be a positive number of operations per second" :
			      "the rate must be a positive size per second (b, k, m, g: 512k, 1mb)";
		return rc;
	}
	if (rc) {
		*why = "the rate is too large";
		return rc;
	}
	memcpy(path, s, (size_t)(colon - s));
	path[colon - s] = '\0';
	return 0;
}

/* tc's rate units, in bits per second: SI for the short names, IEC with "i". */
static const struct {
	const char *name;
	uint64_t bits;
} rate_units[] = {
	{ "", 1 },			{ "bit", 1 },
	{ "kbit", 1000 },		{ "mbit", 1000000 },
	{ "gbit", 1000000000 },		{ "tbit", 1000000000000ull },
	{ "kibit", 1ull << 10 },	{ "mibit", 1ull << 20 },
	{ "gibit", 1ull << 30 },	{ "tibit", 1ull << 40 },
	{ "bps", 8 },			{ "kbps", 8000 },
	{ "mbps", 8000000 },		{ "gbps", 8000000000ull },
	{ "tbps", 8000000000000ull },	{ "kibps", 8ull << 10 },
	{ "mibps", 8ull << 20 },	{ "gibps", 8ull << 30 },
	{ "tibps", 8ull << 40 },
};

int runspec_parse_net_rate(const char *s, uint64_t *bytes_per_sec)
{
	const uint64_t milli = 1000;
	const char *unit;
	uint64_t v;
	int rc;

	if (!s)
		return -EINVAL;
	rc = parse_fixed(s, 3, &v, &unit);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(rate_units) / sizeof(rate_units[0]); i++) {
		unsigned __int128 b;

		if (strcasecmp(unit, rate_units[i].name) != 0)
			continue;
		b = (unsigned __int128)v * rate_units[i].bits / milli / 8;
		if (b > UINT64_MAX)
			return -ERANGE;
		if (b == 0)
			return -EINVAL;
		*bytes_per_sec = (uint64_t)b;
		return 0;
	}
	return -EINVAL;
}

int runspec_parse_cpuset(const char *s, char *out, size_t size)
{
	const char *p = s;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		uint64_t a, b;
		const char *end;

		if (parse_digits(p, &a, &end) < 0 || a >= 8192)
			return -EINVAL;
		p = end;
		if (*p == '-') {
			if (parse_digits(p + 1, &b, &end) < 0 || b >= 8192 || b < a)
				return -EINVAL;
			p = end;
		}
		if (!*p)
			break;
		if (*p != ',')
			return -EINVAL;
		p++;
	}
	if (strlen(s) >= size)
		return -ENAMETOOLONG;
	snprintf(out, size, "%s", s);
	return 0;
}

int runspec_parse_volume(const char *s, char *buf, size_t size, struct runspec_volume *v,
			 const char **why)
{
	char *c1, *c2;
	size_t len;

	*why = "expected HOST:CONTAINER[:ro|rw]";
	v->bad = NULL;
	if (!s)
		return -EINVAL;
	len = strlen(s);
	if (len >= size) {
		*why = "too long";
		return -EINVAL;
	}
	memcpy(buf, s, len + 1);
	c1 = strchr(buf, ':');
	if (!c1)
		return -EINVAL;
	*c1 = '\0';
	c2 = strchr(c1 + 1, ':');
	if (c2)
		*c2 = '\0';
	v->host = buf;
	v->ctr = c1 + 1;
	v->ro = false;
	if (!*v->host) {
		*why = "empty host path";
		return -EINVAL;
	}
	if (v->ctr[0] != '/') {
		v->bad = v->ctr;
		*why = "is not an absolute container path (HOST:CONTAINER[:ro|rw])";
		return -EINVAL;
	}
	if (c2) {
		const char *opt = c2 + 1;

		if (strcmp(opt, "ro") == 0)
			v->ro = true;
		else if (strcmp(opt, "rw") != 0) {
			v->bad = opt;
			*why = "is not an option of a volume: ro or rw";
			return -EINVAL;
		}
	}
	/* ".." in the container path would climb out of the root before it is resolved */
	for (const char *p = v->ctr; (p = strstr(p, "..")); p += 2)
		if ((p == v->ctr || p[-1] == '/') && (p[2] == '/' || p[2] == '\0')) {
			v->bad = v->ctr;
			*why = "climbs out of the container with '..'";
			return -EINVAL;
		}
	return 0;
}

static int set_arg(struct runspec_share *sh, const char *arg, const char **why)
{
	if (strlen(arg) >= 4096) {
		*why = "too long";
		return -EINVAL;
	}
	sh->arg = arg;
	return 0;
}

int runspec_parse_share(const char *s, bool is_net, struct runspec_share *sh, const char **why)
{
	*why = is_net ? "expected private, host, none, bridge[:NETWORK], NETWORK, container:NAME "
			"or ns:PATH"
		      : "expected private, host, container:NAME or ns:PATH";
	if (!s)
		return -EINVAL;
	sh->arg = "";
	sh->named = false;
	if (strcmp(s, "private") == 0) {
		sh->kind = SHARE_PRIVATE;
		return 0;
	}
	if (strcmp(s, "host") == 0) {
		sh->kind = SHARE_HOST;
		return 0;
	}
	if (is_net && strcmp(s, "none") == 0) {
		sh->kind = SHARE_NONE;
		return 0;
	}
	/* Docker's --network default: its default network, nsrun's "bridge" */
	if (is_net && strcmp(s, "default") == 0) {
		sh->kind = SHARE_BRIDGE;
		return 0;
	}
	if (is_net && (strcmp(s, "bridge") == 0 || strncmp(s, "bridge:", 7) == 0)) {
		sh->kind = SHARE_BRIDGE;
		if (s[6] == ':' && runstate_valid_name(s + 7) < 0) {
			*why = "invalid network name";
			return -EINVAL;
		}
		return set_arg(sh, s[6] == ':' ? s + 7 : "", why);
	}
	if (strncmp(s, "container:", 10) == 0) {
		sh->kind = SHARE_CONTAINER;
		if (runstate_valid_name(s + 10) < 0) {
			*why = "invalid container name";
			return -EINVAL;
		}
		return set_arg(sh, s + 10, why);
	}
	if (strncmp(s, "ns:", 3) == 0) {
		sh->kind = SHARE_PATH;
		if (!s[3]) {
			*why = "empty path";
			return -EINVAL;
		}
		return set_arg(sh, s + 3, why);
	}
	/* Docker's --network NAME: a network of that name, which must exist */
	if (is_net && runstate_valid_name(s) == 0) {
		sh->kind = SHARE_BRIDGE;
		sh->named = true;
		return set_arg(sh, s, why);
	}
	return -EINVAL;
}

#define SIG(name) { #name, SIG##name }
static const struct {
	const char *name;
	int sig;
} signals[] = {
	SIG(HUP),  SIG(INT),  SIG(QUIT), SIG(ILL),    SIG(TRAP),   SIG(ABRT), SIG(BUS),
	SIG(FPE),  SIG(KILL), SIG(USR1), SIG(SEGV),   SIG(USR2),   SIG(PIPE), SIG(ALRM),
	SIG(TERM), SIG(STKFLT), SIG(CHLD), SIG(CONT), SIG(STOP),   SIG(TSTP), SIG(TTIN),
	SIG(TTOU), SIG(URG),  SIG(XCPU), SIG(XFSZ),   SIG(VTALRM), SIG(PROF), SIG(WINCH),
	SIG(IO),   SIG(PWR),  SIG(SYS),
	/* the synonyms kill(1) accepts */
	{ "IOT", SIGIOT }, { "POLL", SIGPOLL }, { "CLD", SIGCHLD },
};
#undef SIG

const char *runspec_signal_name(int sig)
{
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

int runspec_parse_signal(const char *s, int *sig)
{
	const char *end;
	uint64_t v;

	if (!s || !*s)
		return -EINVAL;
	if (*s >= '0' && *s <= '9') {
		if (parse_digits(s, &v, &end) < 0 || *end || v == 0 || v > (uint64_t)SIGRTMAX)
			return -EINVAL;
		*sig = (int)v;
		return 0;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (strcasecmp(s, signals[i].name) == 0) {
			*sig = signals[i].sig;
			return 0;
		}
	/* RTMIN, RTMIN+N, RTMAX, RTMAX-N, as kill(1) */
	if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
		bool min = strncasecmp(s, "RTMIN", 5) == 0;
		int base = min ? SIGRTMIN : SIGRTMAX;

		s += 5;
		v = 0;
		if (*s) {
			if (*s != (min ? '+' : '-') || parse_digits(s + 1, &v, &end) < 0 || *end)
				return -EINVAL;
		}
		if (v > (uint64_t)(SIGRTMAX - SIGRTMIN))
			return -EINVAL;
		*sig = min ? base + (int)v : base - (int)v;
		return 0;
	}
	return -EINVAL;
}

int runspec_parse_cap(const char *s, int *cap)
{
	char name[64];
	cap_value_t v;
	size_t len;

	if (!s)
		return -EINVAL;
	if (strcasecmp(s, "ALL") == 0) {
		*cap = RUNSPEC_CAP_ALL;
		return 0;
	}
	len = strlen(s);
	/* letters, digits and '_' only: cap_from_name stops at the first other byte */
	if (len == 0 || len >= sizeof(name) - 4 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
		return -EINVAL;
	/* with "CAP_" in front a number is no longer one ("CAP_12"), and not taken */
	snprintf(name, sizeof(name), "%s%s", strncasecmp(s, "CAP_", 4) == 0 ? "" : "CAP_", s);
	if (cap_from_name(name, &v) < 0 || v < 0 || v > 63)
		return -EINVAL;
	*cap = (int)v;
	return 0;
}

int runspec_caps_set(struct runspec_caps *c, const char *s, bool add)
{
	int cap, rc = runspec_parse_cap(s, &cap);

	if (rc < 0)
		return rc;
	if (cap == RUNSPEC_CAP_ALL)
		*(add ? &c->add_all : &c->drop_all) = true;
	else
		*(add ? &c->add : &c->drop) |= 1ull << cap;
	return 0;
}

uint64_t runspec_caps_resolve(const struct runspec_caps *c, uint64_t defaults, uint64_t all)
{
	if (c->add_all)
		return all & ~c->drop;
	if (c->drop_all)
		return all & c->add;
	return all & ((defaults & ~c->drop) | c->add);
}

/* The words Docker takes for a boolean: Go's strconv.ParseBool. */
static const struct {
	const char *word;
	bool value;
} bool_words[] = {
	{ "true", true },   { "True", true },	{ "TRUE", true },   { "t", true },
	{ "T", true },	    { "1", true },	{ "false", false }, { "False", false },
	{ "FALSE", false }, { "f", false },	{ "F", false },	    { "0", false },
};

int runspec_parse_security_opt(const char *s, bool *no_new_privs, const char **why)
{
	static const char key[] = "no-new-privileges";
	const char *v;

	*why = "expected no-new-privileges[=true|false] (nsrun has no other security options)";
	if (!s || strncmp(s, key, sizeof(key) - 1) != 0)
		return -EINVAL;
	v = s + sizeof(key) - 1;
	if (!*v) {
		*no_new_privs = true;
		return 0;
	}
	if (*v != '=' && *v != ':')
		return -EINVAL;
	for (size_t i = 0; i < sizeof(bool_words) / sizeof(bool_words[0]); i++)
		if (strcmp(v + 1, bool_words[i].word) == 0) {
			*no_new_privs = bool_words[i].value;
			return 0;
		}
	*why = "no-new-privileges takes true or false";
	return -EINVAL;
}

/* A user or group name as useradd allows it, roughly: no ':' nor whitespace. */
static bool valid_account_name(const char *s, size_t len)
{
	if (len == 0 || len >= 64 || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == ':' || s[i] == '/' || s[i] == 0x7f)
			return false;
	return true;
}

/* One half of USER[:GROUP], len bytes at s. */
static int parse_id(const char *s, size_t len, bool *has, uint32_t *id, char *name)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > 0xfffffffeu)	/* (uid_t)-1 means "no change" to the kernel */
			return -ERANGE;
	}
	if (len > 0 && i == len) {
		*has = true;
		*id = (uint32_t)v;
		return 0;
	}
	if (!valid_account_name(s, len))
		return -EINVAL;
	memcpy(name, s, len);
	name[len] = '\0';
	return 0;
}

int runspec_parse_user(const char *s, struct runspec_user *u)
{
	const char *colon;
	uint32_t id;
	int rc;

	memset(u, 0, sizeof(*u));
	if (!s || !*s)
		return -EINVAL;
	colon = strchr(s, ':');
	rc = parse_id(s, colon ? (size_t)(colon - s) : strlen(s), &u->has_uid, &id, u->user);
	if (rc)
		return rc;
	if (u->has_uid)
		u->uid = id;
	if (colon) {
		rc = parse_id(colon + 1, strlen(colon + 1), &u->has_gid, &id, u->group);
		if (rc)
			return rc;
		if (u->has_gid)
			u->gid = id;
	}
	return 0;
}

int runspec_parse_env(const char *s, size_t *keylen, bool *has_value)
{
	size_t len;

	if (!s)
		return -EINVAL;
	len = strcspn(s, "=");
	/* POSIX names: letters, digits and '_', not starting with a digit; we
	 * also allow '.' and '-' as Docker does, but nothing that a shell
	 * would split or that would end the entry early. */
	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return -EINVAL;
	}
	*keylen = len;
	*has_value = s[len] == '=';
	return 0;
}

/*
 * Iterate over the lines of a colon-separated file: fields[0..nf) of each
 * line that has at least min fields; returns false at the end. Fields are
 * pointers into line, which is a copy of at most 1023 bytes (longer lines
 * are skipped: no account database has them).
 */
struct colon_iter {
	const char *p, *end;
	char line[1024];
};

static bool colon_next(struct colon_iter *it, char **fields, size_t maxf, size_t min, size_t *nf)
{
	while (it->p < it->end) {
		const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
		size_t len = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
		char *q;
		size_t n = 0;

		const char *start = it->p;

		it->p = nl ? nl + 1 : it->end;
		if (len >= sizeof(it->line) || len == 0 || start[0] == '#')
			continue;
		memcpy(it->line, start, len);
		it->line[len] = '\0';
		if (memchr(it->line, '\0', len))
			continue;
		q = it->line;
		fields[n++] = q;
		while (n < maxf && (q = strchr(q, ':'))) {
			*q++ = '\0';
			fields[n++] = q;
		}
		if (n < min)
			continue;
		*nf = n;
		return true;
	}
	return false;
}

/* A numeric field: decimal, fits 32 bits. */
static bool field_u32(const char *s, uint32_t *v)
{
	const char *end;
	uint64_t x;

	if (parse_digits(s, &x, &end) < 0 || *end || x > 0xffffffffu)
		return false;
	*v = (uint32_t)x;
	return true;
}

int runspec_passwd_lookup(const char *buf, size_t len, const char *name, uint32_t *id,
			  uint32_t *gid, char *home, size_t homesz)
{
	struct colon_iter it = { .p = buf, .end = buf + len };
	char *f[7];
	size_t nf;

	/* name:passwd:uid:gid:gecos:home:shell */
	while (colon_next(&it, f, 7, 4, &nf)) {
		uint32_t u, g;

		if (!field_u32(f[2], &u) || !field_u32(f[3], &g))
			continue;
		if (name ? strcmp(f[0], name) != 0 : u != *id)
			continue;
		*id = u;
		*gid = g;
		if (home && homesz)
			snprintf(home, homesz, "%s", nf > 5 && f[5][0] ? f[5] : "/");
		return 0;
	}
	return -ENOENT;
}

int runspec_group_lookup(const char *buf, size_t len, const char *name, uint32_t *id)
{
	struct colon_iter it = { .p = buf, .end = buf + len };
	char *f[4];
	size_t nf;

	/* name:passwd:gid:members */
	while (colon_next(&it, f, 4, 3, &nf)) {
		uint32_t g;

		if (!field_u32(f[2], &g))
			continue;
		if (name ? strcmp(f[0], name) != 0 : g != *id)
			continue;
		*id = g;
		return 0;
	}
	return -ENOENT;
}

int runspec_subid_lookup(const char *buf, size_t len, const char *name, uint32_t id,
			 uint32_t *start, uint32_t *count)
{
	struct colon_iter it = { .p = buf, .end = buf + len };
	char idtext[16], *f[3];
	size_t nf;

	snprintf(idtext, sizeof(idtext), "%u", id);
	/* name-or-uid:start:count */
	while (colon_next(&it, f, 3, 3, &nf)) {
		uint32_t s, c;

		if ((!name || strcmp(f[0], name) != 0) && strcmp(f[0], idtext) != 0)
			continue;
		if (!field_u32(f[1], &s) || !field_u32(f[2], &c) || c == 0)
			continue;
		*start = s;
		*count = c;
		return 0;
	}
	return -ENOENT;
}
