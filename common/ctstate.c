// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The runtimes' state on disk, read into one index of containers. See
 * ctstate.h for what is read and how a process is matched.
 *
 * JSON comes from other programs, so it is parsed with json-c, with a
 * depth limit, from a buffer of a bounded size read from a regular file
 * that is not a symbolic link. Each kind of file has one parser
 * (ct_files[]), which the unit tests and the fuzzer call directly; each
 * runtime has one lister (the .scan of its row in container.c), which
 * finds its containers' directories and hands their files to the parsers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "array.h"
#include "ctstate.h"
#include "runstate.h"

/* State files beyond this are not what we expect: skip, don't slurp. */
#define CT_STATE_MAX (4u << 20)
/* Deeper JSON than any runtime writes is not theirs. */
#define CT_JSON_DEPTH 64
/* A wall-clock start time and the kernel's may differ by this much. */
#define CT_START_SLACK 5

static int array_grow_ptrs(struct ct_index *ix)
{
	return array_grow((void **)&ix->v, &ix->cap, ix->n + 1, sizeof(*ix->v));
}

/* ------------------------------------------------------------------ JSON */

static struct json_object *json_parse(const char *buf, size_t len)
{
	struct json_tokener *tok;
	struct json_object *o;

	if (len > CT_STATE_MAX)
		return NULL;
	tok = json_tokener_new_ex(CT_JSON_DEPTH);
	if (!tok)
		return NULL;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static struct json_object *jget(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* A string member; NULL when absent, not a string, or holding a NUL (it would be cut). */
static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);
	const char *s;

	if (!v || !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	return strlen(s) == (size_t)json_object_get_string_len(v) ? s : NULL;
}

/* A string member that makes a valid name, copied whole into out; false otherwise. */
static bool jname(struct json_object *o, const char *key, char *out, size_t outsz)
{
	const char *s = jstr(o, key);

	return s && container_valid_name(s) && container_str_copy(out, outsz, s);
}

static long long jint(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);

	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
}

static bool jbool(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);

	return v && json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

/* ------------------------------------------------------------ utilities */

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool is_hex64(const char *s)
{
	return strlen(s) == 64 && all_hex(s, 64);
}

static bool valid_pid(long long v)
{
	return v > 0 && v <= 4194304;
}

static void set_pod_name(struct container_info *ci, const char *ns, const char *name)
{
	/* A name that does not fit is left out rather than cut: filters match on it. */
	if ((size_t)snprintf(ci->pod_name, sizeof(ci->pod_name), "%s/%s", ns, name) >=
	    sizeof(ci->pod_name))
		ci->pod_name[0] = '\0';
}

/* "2026-12-04T18:35:26.774809171Z" to seconds since the epoch; 0 when not one. */
static long long rfc3339_seconds(const char *s)
{
	struct tm tm = { 0 };
	const char *end;
	long long t;

	if (!s)
		return 0;
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || tm.tm_year < 100)
		return 0;		/* Go's zero time, 0001-01-01: never started */
	while (*end >= '0' && *end <= '9')
		end++;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++)
			;
	if (*end != 'Z')
		return 0;		/* the runtimes write UTC */
	t = (long long)timegm(&tm);
	return t > 0 ? t : 0;
}

/*
 * A namespace path an OCI config names: "/proc/4473/ns/net" (Podman,
 * containerd's CRI, ctr --with-ns) becomes "pid:4473"; other paths (bind
 * mounts) tell us of no container.
 */
static void joined_from_path(const char *path, char *out, size_t outsz)
{
	long long pid = 0;
	char tail[16];

	if (sscanf(path, "/proc/%lld/ns/%15s", &pid, tail) == 2 && valid_pid(pid))
		snprintf(out, outsz, "pid:%lld", pid);
}

/* ------------------------------------------------------------- parsers */

/*
 * dockershim and cri-dockerd name Kubernetes containers
 * "k8s_CONTAINER_POD_NAMESPACE_UID_ATTEMPT". None of these parts may hold
 * an underscore (they are DNS labels and a UUID), so splitting is exact.
 */
static void docker_k8s_name(struct container_info *ci)
{
	char copy[CT_NAME_MAX], *part[6], *save = NULL, *tok;
	int n = 0;

	if (strncmp(ci->name, "k8s_", 4) != 0)
		return;
	container_str_copy(copy, sizeof(copy), ci->name);
	for (tok = strtok_r(copy, "_", &save); tok && n < 6; tok = strtok_r(NULL, "_", &save))
		part[n++] = tok;
	if (n != 6 || tok)
		return;
	set_pod_name(ci, part[3], part[2]);
	if (!ci->pod_uid[0])
		container_str_copy(ci->pod_uid, sizeof(ci->pod_uid), part[4]);
	container_str_copy(ci->name, sizeof(ci->name), part[1]);
	ci->sandbox = strcmp(ci->name, "POD") == 0;
}

/* Docker's config.v2.json: name, state, start, Kubernetes' labels (dockershim). */
static int parse_docker_config(struct json_object *o, struct ct_record *rec)
{
	struct json_object *state = jget(o, "State"), *labels = jget(jget(o, "Config"), "Labels");
	const char *name = jstr(o, "Name"), *id = jstr(o, "ID");
	char pod[CT_NAME_MAX], ns[CT_NAME_MAX];

	if (!json_object_is_type(o, json_type_object) || !name)
		return -ENOENT;
	if (id && rec->info.id[0] && strcmp(id, rec->info.id) != 0)
		return -ENOENT;		/* another container's file */
	if (*name == '/')
		name++;
	/* every Docker container has a name: one we cannot show is not this file's */
	if (!container_valid_name(name) ||
	    !container_str_copy(rec->info.name, sizeof(rec->info.name), name))
		return -ENOENT;
	docker_k8s_name(&rec->info);
	if (jbool(state, "Running") && valid_pid(jint(state, "Pid"))) {
		rec->pid = (pid_t)jint(state, "Pid");
		rec->started = rfc3339_seconds(jstr(state, "StartedAt"));
		rec->stopped = false;
	} else {
		rec->pid = 0;
		rec->stopped = true;
	}
	if (jname(labels, "io.kubernetes.pod.name", pod, sizeof(pod)) &&
	    jname(labels, "io.kubernetes.pod.namespace", ns, sizeof(ns)))
		set_pod_name(&rec->info, ns, pod);
	jname(labels, "io.kubernetes.pod.uid", rec->info.pod_uid, sizeof(rec->info.pod_uid));
	if (jname(labels, "io.kubernetes.container.name", rec->info.name, sizeof(rec->info.name)))
		rec->info.sandbox = strcmp(rec->info.name, "POD") == 0;
	return 0;
}

/* Docker's hostconfig.json: the namespaces joined ("container:ID"). */
static int parse_docker_hostconfig(struct json_object *o, struct ct_record *rec)
{
	static const struct {
		const char *key;
		enum ns_type type;
	} modes[] = {
		{ "NetworkMode", NS_NET },
		{ "PidMode", NS_PID },
		{ "IpcMode", NS_IPC },
		{ "UTSMode", NS_UTS },
	};

	if (!json_object_is_type(o, json_type_object))
		return -ENOENT;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *m = jstr(o, modes[i].key);

		if (m && !strncmp(m, "container:", 10) && container_valid_name(m + 10))
			container_str_copy(rec->joined[modes[i].type], sizeof(rec->joined[0]), m + 10);
	}
	return 0;
}

/* runc's state.json: the init and its exact start time. */
static int parse_oci_state(struct json_object *o, struct ct_record *rec)
{
	long long pid = jint(o, "init_process_pid");
	long long start = jint(o, "init_process_start");
	const char *id = jstr(o, "id");

	if (!valid_pid(pid) || start <= 0 || (id && rec->info.id[0] && strcmp(id, rec->info.id)))
		return -ENOENT;
	/* a pid file may have said which: the state must agree */
	if (rec->pid && rec->pid != (pid_t)pid)
		return -ENOENT;
	rec->pid = (pid_t)pid;
	rec->start = (unsigned long long)start;
	rec->stopped = false;
	return 0;
}

/* The annotations of the OCI config of runtime rt. */
struct ct_annotations {
	const char *name[2];		/* container name, in order of preference */
	const char *pod;
	const char *pod_namespace;
	const char *pod_uid;
	const char *type;		/* "sandbox" or "container" */
	const char *sandbox_id;
};

static const struct ct_annotations containerd_annotations = {
	.name = { "io.kubernetes.cri.container-name", "nerdctl/name" },
	.pod = "io.kubernetes.cri.sandbox-name",
	.pod_namespace = "io.kubernetes.cri.sandbox-namespace",
	.pod_uid = "io.kubernetes.cri.sandbox-uid",
	.type = "io.kubernetes.cri.container-type",
	.sandbox_id = "io.kubernetes.cri.sandbox-id",
};

static const struct ct_annotations crio_annotations = {
	.name = { "io.kubernetes.container.name" },
	.pod = "io.kubernetes.pod.name",
	.pod_namespace = "io.kubernetes.pod.namespace",
	.pod_uid = "io.kubernetes.pod.uid",
	.type = "io.kubernetes.cri-o.ContainerType",
	.sandbox_id = "io.kubernetes.cri-o.SandboxID",
};

static void parse_annotations(struct json_object *an, const struct ct_annotations *a,
			      struct ct_record *rec)
{
	struct container_info *ci = &rec->info;
	char pod[CT_NAME_MAX], ns[CT_NAME_MAX];
	const char *type = jstr(an, a->type);

	for (size_t i = 0; i < 2 && a->name[i]; i++)
		if (jname(an, a->name[i], ci->name, sizeof(ci->name)))
			break;
	if (jname(an, a->pod, pod, sizeof(pod)) && jname(an, a->pod_namespace, ns, sizeof(ns)))
		set_pod_name(ci, ns, pod);
	jname(an, a->pod_uid, ci->pod_uid, sizeof(ci->pod_uid));
	jname(an, a->sandbox_id, rec->sandbox_id, sizeof(rec->sandbox_id));
	if (type && !strcmp(type, "sandbox"))
		ci->sandbox = true;
}

/*
 * Podman's pod, from the cgroup it gives the container: cgroupfs
 * "/libpod_parent/<podid>/libpod-<id>", systemd
 * "machine-libpod_pod_<podid>.slice:libpod:<id>".
 */
static void podman_pod_id(const char *cg, struct ct_record *rec)
{
	const char *p = strstr(cg, "libpod_pod_"), *last;
	size_t n;

	if (p && strlen(p + 11) >= 64 && all_hex(p + 11, 64)) {
		snprintf(rec->pod_id, sizeof(rec->pod_id), "%.64s", p + 11);
		return;
	}
	last = strrchr(cg, '/');
	if (!last || strncmp(last + 1, "libpod-", 7) != 0)
		return;
	for (p = last; p > cg && p[-1] != '/'; p--)
		;
	n = (size_t)(last - p);
	if (n == 64 && all_hex(p, 64))
		snprintf(rec->pod_id, sizeof(rec->pod_id), "%.64s", p);
}

/*
 * A bundle's config.json: annotations (containerd's CRI, CRI-O, nerdctl,
 * Podman), the namespaces joined by path, the cgroup, the host name. For
 * the storage that Podman and CRI-O share, the annotations tell whose.
 */
static int parse_oci_config(struct json_object *o, struct ct_record *rec)
{
	struct json_object *an = jget(o, "annotations"), *lnx = jget(o, "linux");
	struct json_object *nss = jget(lnx, "namespaces");
	const char *cg = jstr(lnx, "cgroupsPath"), *mgr = jstr(an, "io.container.manager");
	size_t n = nss && json_object_is_type(nss, json_type_array) ?
		   json_object_array_length(nss) : 0;

	if (!json_object_is_type(o, json_type_object))
		return -ENOENT;
	if (rec->info.runtime == CT_PODMAN || rec->info.runtime == CT_CRIO)
		rec->info.runtime = (mgr && !strcmp(mgr, "libpod")) || !jstr(an, crio_annotations.pod) ?
				    CT_PODMAN : CT_CRIO;
	if (rec->info.runtime == CT_CONTAINERD)
		parse_annotations(an, &containerd_annotations, rec);
	else if (rec->info.runtime == CT_CRIO)
		parse_annotations(an, &crio_annotations, rec);
	else if (rec->info.runtime == CT_PODMAN)
		jname(an, crio_annotations.sandbox_id, rec->sandbox_id, sizeof(rec->sandbox_id));
	if (rec->info.runtime == CT_PODMAN && cg) {
		podman_pod_id(cg, rec);
		/* the pod's infra container is the one that joins no other */
		rec->info.sandbox = rec->pod_id[0] && !rec->sandbox_id[0];
		/* Podman names a pod's hostname after the pod: kept for the infra's pod name */
		if (rec->info.sandbox)
			jname(o, "hostname", rec->info.pod_name, sizeof(rec->info.pod_name));
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(nss, i);
		const char *type = jstr(e, "type"), *path = jstr(e, "path");
		static const struct {
			const char *oci;
			enum ns_type type;
		} map[] = {
			{ "network", NS_NET }, { "pid", NS_PID }, { "ipc", NS_IPC },
			{ "uts", NS_UTS }, { "mount", NS_MNT }, { "user", NS_USER },
			{ "cgroup", NS_CGROUP },
		};

		if (!type || !path)
			continue;
		for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++)
			if (!strcmp(type, map[k].oci))
				joined_from_path(path, rec->joined[map[k].type],
						 sizeof(rec->joined[0]));
	}
	return 0;
}

/* containers/storage's containers.json: the first name of the entry of rec's id. */
static int parse_storage_containers(struct json_object *o, struct ct_record *rec)
{
	size_t n;

	if (!json_object_is_type(o, json_type_array))
		return -ENOENT;
	n = json_object_array_length(o);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(o, i);
		struct json_object *names = jget(e, "names");
		const char *id = jstr(e, "id");

		if (!id || strcmp(id, rec->info.id) != 0)
			continue;
		if (!names || !json_object_is_type(names, json_type_array) ||
		    json_object_array_length(names) == 0)
			return -ENOENT;
		e = json_object_array_get_idx(names, 0);
		if (!json_object_is_type(e, json_type_string) ||
		    !container_valid_name(json_object_get_string(e)))
			return -ENOENT;
		return container_str_copy(rec->info.name, sizeof(rec->info.name),
					  json_object_get_string(e)) ? 0 : -ENOENT;
	}
	return -ENOENT;
}

typedef int (*ct_json_fn)(struct json_object *o, struct ct_record *rec);

/* A decimal PID and a newline, or nothing (a container not started). */
static int parse_pidfile(const char *buf, size_t len, struct ct_record *rec)
{
	long long v = 0;
	size_t i = 0;

	while (i < len && buf[i] >= '0' && buf[i] <= '9' && i < 8)
		v = v * 10 + (buf[i++] - '0');
	if (i == 0 || (i < len && buf[i] != '\n') || !valid_pid(v))
		return -EINVAL;
	rec->pid = (pid_t)v;
	return 0;
}

/*
 * systemd-machined's record of a machine: KEY=VALUE lines, NAME, LEADER,
 * CLASS ("container" or "vm"), TIMESTAMP (microseconds since the epoch).
 */
static int parse_machine(const char *buf, size_t len, struct ct_record *rec)
{
	bool container = false;
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - buf) - pos : len - pos;
		char line[512], *eq;

		if (l < sizeof(line)) {
			memcpy(line, buf + pos, l);
			line[l] = '\0';
			eq = strchr(line, '=');
			if (eq && !memchr(line, '\0', l)) {
				*eq++ = '\0';
				if (!strcmp(line, "NAME") && container_valid_name(eq))
					container_str_copy(rec->info.name, sizeof(rec->info.name),
							   eq);
				else if (!strcmp(line, "LEADER") && valid_pid(atoll(eq)))
					rec->pid = (pid_t)atoll(eq);
				else if (!strcmp(line, "CLASS"))
					container = !strcmp(eq, "container");
				else if (!strcmp(line, "TIMESTAMP"))
					rec->started = atoll(eq) / 1000000;
			}
		}
		pos += l + 1;
	}
	if (!container || !rec->info.name[0])
		return -ENOENT;
	container_str_copy(rec->info.id, sizeof(rec->info.id), rec->info.name);
	return 0;
}

/* One row per kind of state file: JSON documents, or text. */
static const struct {
	ct_json_fn json;
	int (*text)(const char *buf, size_t len, struct ct_record *rec);
} ct_files[CTF_NFILES] = {
	[CTF_DOCKER_CONFIG]	= { .json = parse_docker_config },
	[CTF_DOCKER_HOSTCONFIG]	= { .json = parse_docker_hostconfig },
	[CTF_OCI_STATE]		= { .json = parse_oci_state },
	[CTF_OCI_CONFIG]	= { .json = parse_oci_config },
	[CTF_STORAGE_CONTAINERS] = { .json = parse_storage_containers },
	[CTF_PIDFILE]		= { .text = parse_pidfile },
	[CTF_MACHINE]		= { .text = parse_machine },
};

int ctstate_parse(enum ct_file kind, const char *buf, size_t len, struct ct_record *rec)
{
	struct json_object *o;
	int rc;

	if (!buf || !rec || (unsigned int)kind >= CTF_NFILES)
		return -EINVAL;
	if (ct_files[kind].text)
		return ct_files[kind].text(buf, len, rec);
	o = json_parse(buf, len);
	if (!o)
		return -EINVAL;
	rc = ct_files[kind].json(o, rec);
	json_object_put(o);
	return rc;
}

/* -------------------------------------------------------------- listing */

struct ct_scan {
	struct ct_index *ix;
	int rootfd;
	enum ct_runtime rt;
};

/*
 * A directory of state, relative to at: as root, only one that root owns
 * and nobody else may write (see ctstate.h): neither others, nor a group
 * other than root's. Symbolic links on the way
 * are followed (/var/run is one); -errno.
 */
static int scan_opendir(struct ct_scan *s, int at, const char *rel)
{
	struct stat st;
	int fd = openat(at, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* (LXC makes its containers' directories 0770, group root: root's alone still) */
	if (fstat(fd, &st) < 0 ||
	    (s->ix->trust_root_only &&
	     (st.st_uid != 0 || (st.st_mode & 002) || ((st.st_mode & 020) && st.st_gid != 0)))) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

/*
 * Read the state file name of dirfd into rec, as kind: only a regular file
 * of at most CT_STATE_MAX bytes, opened without waiting (a FIFO planted
 * there must not hang us) and never through a symbolic link (these files
 * never are one): procfs's reader for the host's files.
 */
static int scan_read(struct ct_scan *s, int dirfd, const char *name, enum ct_file kind,
		     struct ct_record *rec)
{
	size_t len;
	char *buf;
	int rc;

	s->ix->stats.files++;
	rc = procfs_read_at_flags(dirfd, name, PROCFS_NOFOLLOW | PROCFS_WHOLE, CT_STATE_MAX, &buf,
				  &len);
	if (rc < 0)
		return rc;
	rc = ctstate_parse(kind, buf, len, rec);
	free(buf);
	return rc;
}

/* The same for a file at a path relative to the root. */
static int scan_read_path(struct ct_scan *s, const char *rel, enum ct_file kind,
			  struct ct_record *rec)
{
	char dir[PATH_MAX];
	char *slash;
	int fd, rc;

	if (!container_str_copy(dir, sizeof(dir), rel) || !(slash = strrchr(dir, '/')))
		return -ENAMETOOLONG;
	*slash = '\0';
	fd = scan_opendir(s, s->rootfd, dir);
	if (fd < 0)
		return fd;
	rc = scan_read(s, fd, slash + 1, kind, rec);
	close(fd);
	return rc;
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static struct ct_record *find_rec(const struct ct_index *ix, enum ct_runtime rt, const char *id)
{
	for (size_t i = 0; i < ix->n; i++) {
		struct ct_record *r = ix->v[i];

		if (r->lister == rt && !strcmp(r->info.id, id))
			return r;
	}
	return NULL;
}

/*
 * The record of (s->rt, id), whose state lives in directory dirfd: NULL
 * when it is known and its directory has not changed since it was read
 * (it stays as it is), else a record cleared to be filled, and kept by
 * scan_keep(). *err is -ENOMEM when one could not be had.
 */
static struct ct_record *scan_begin(struct ct_scan *s, const char *id, int dirfd, int *err)
{
	struct ct_index *ix = s->ix;
	struct ct_record *r = find_rec(ix, s->rt, id);
	struct stat st;

	*err = 0;
	if (fstat(dirfd, &st) < 0)
		return NULL;
	if (r && r->scan && same_time(&r->mtime, &st.st_mtim)) {
		r->scan = ix->nscans;
		return NULL;
	}
	if (!r) {
		if (array_grow_ptrs(ix) < 0 || !(r = calloc(1, sizeof(*r)))) {
			*err = -ENOMEM;
			return NULL;
		}
		ix->v[ix->n++] = r;
	}
	ix->changed = true;
	memset(r, 0, sizeof(*r));
	r->info.runtime = s->rt;
	r->lister = s->rt;
	container_str_copy(r->info.id, sizeof(r->info.id), id);
	r->mtime = st.st_mtim;
	return r;
}

/* rec was filled: keep it when it says enough, forget it (until it changes) otherwise. */
static void scan_keep(struct ct_scan *s, struct ct_record *rec, bool ok)
{
	struct container_info *ci = &rec->info;

	rec->scan = s->ix->nscans;
	/* known, and known to be nothing: read again only once it changes */
	rec->ignored = !ok;
	snprintf(ci->short_id, sizeof(ci->short_id), "%.*s", CT_SHORT_ID_LEN, ci->id);
	if (!rec->pid)
		rec->stopped = true;
}

/*
 * Call fn for every entry of directory rel (relative to at) that is a
 * directory whose name is a valid name, with that entry opened.
 */
static int scan_each_dir(struct ct_scan *s, int at, const char *rel,
			 int (*fn)(struct ct_scan *s, int dirfd, const char *name, void *data),
			 void *data)
{
	struct dirent *d;
	DIR *dp;
	int fd, rc = 0;

	fd = scan_opendir(s, at, rel);
	if (fd < 0)
		return 0;
	dp = fdopendir(fd);
	if (!dp) {
		close(fd);
		return 0;
	}
	while (!rc && (d = readdir(dp))) {
		int sub;

		if (d->d_name[0] == '.' || !container_valid_name(d->d_name) ||
		    (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN))
			continue;
		sub = scan_opendir(s, dirfd(dp), d->d_name);
		if (sub < 0)
			continue;
		rc = fn(s, sub, d->d_name, data);
		close(sub);
	}
	closedir(dp);
	return rc;
}

/* The exact start of an init from runc's state under rel (a root of runc's). */
static void runc_start(struct ct_scan *s, const char *root, const char *id, struct ct_record *rec)
{
	char rel[PATH_MAX];

	if ((size_t)snprintf(rel, sizeof(rel), "%s/%s/state.json", root, id) < sizeof(rel))
		scan_read_path(s, rel, CTF_OCI_STATE, rec);
}

/* Docker: one directory per container, named by its id. */
static int docker_one(struct ct_scan *s, int dirfd, const char *id, void *data)
{
	struct ct_record *rec;
	int err;

	(void)data;
	if (!is_hex64(id) || !(rec = scan_begin(s, id, dirfd, &err)))
		return err;
	if (scan_read(s, dirfd, "config.v2.json", CTF_DOCKER_CONFIG, rec) < 0) {
		scan_keep(s, rec, false);
		return 0;
	}
	scan_read(s, dirfd, "hostconfig.json", CTF_DOCKER_HOSTCONFIG, rec);
	if (rec->pid)
		runc_start(s, "run/docker/runtime-runc/moby", id, rec);
	scan_keep(s, rec, true);
	return 0;
}

int ctstate_scan_docker(struct ct_scan *s)
{
	return scan_each_dir(s, s->rootfd, "var/lib/docker/containers", docker_one, NULL);
}

/*
 * containers/storage: the graph root (config, names) and the run root (the
 * pid file, and CRI-O's config); a container may be in either or both.
 */
struct storage {
	const char *graph;	/* "var/lib/containers/storage/overlay-containers" */
	const char *run;	/* "run/containers/storage/overlay-containers" */
};

/* Read "<root>/<id>/userdata/<name>" of the first root that has it. */
static int storage_read(struct ct_scan *s, const struct storage *st, const char *id,
			const char *name, enum ct_file kind, struct ct_record *rec)
{
	const char *roots[] = { st->run, st->graph };
	char rel[PATH_MAX];
	int rc = -ENOENT;

	for (size_t i = 0; i < 2 && rc < 0; i++)
		if ((size_t)snprintf(rel, sizeof(rel), "%s/%s/userdata/%s", roots[i], id, name) <
		    sizeof(rel))
			rc = scan_read_path(s, rel, kind, rec);
	return rc;
}

static int storage_one(struct ct_scan *s, int dirfd, const char *id, void *data)
{
	const struct storage *st = data;
	char rel[PATH_MAX];
	struct ct_record *rec = find_rec(s->ix, s->rt, id);
	int err, rundir;
	bool ok;

	if (!is_hex64(id) || (rec && rec->scan == s->ix->nscans))
		return 0;	/* listed in the other root already */
	/* the run root's directory changes when the container starts: that is the one to watch */
	snprintf(rel, sizeof(rel), "%s/%s/userdata", st->run, id);
	rundir = scan_opendir(s, s->rootfd, rel);
	rec = scan_begin(s, id, rundir >= 0 ? rundir : dirfd, &err);
	if (!rec)
		goto out_close;
	ok = storage_read(s, st, id, "config.json", CTF_OCI_CONFIG, rec) == 0;
	snprintf(rel, sizeof(rel), "%s/containers.json", st->graph);
	/* CRI-O's name is its annotation; Podman's is in containers.json */
	if (!rec->info.name[0])
		ok = (scan_read_path(s, rel, CTF_STORAGE_CONTAINERS, rec) == 0) || ok;
	if (rundir >= 0 && scan_read(s, rundir, "pidfile", CTF_PIDFILE, rec) == 0) {
		struct stat pst;

		runc_start(s, "run/runc", id, rec);
		/* crun, or runc's state gone: when the pid file was written */
		if (!rec->start && fstatat(rundir, "pidfile", &pst, AT_SYMLINK_NOFOLLOW) == 0)
			rec->started = pst.st_mtim.tv_sec;
	}
	scan_keep(s, rec, ok);
out_close:
	if (rundir >= 0)
		close(rundir);
	return err;
}

int ctstate_scan_storage(struct ct_scan *s)
{
	static const struct storage roots[] = {
		{ "var/lib/containers/storage/overlay-containers",
		  "run/containers/storage/overlay-containers" },
		{ "var/lib/containers/storage/vfs-containers",
		  "run/containers/storage/vfs-containers" },
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]) && !rc; i++) {
		rc = scan_each_dir(s, s->rootfd, roots[i].graph, storage_one, (void *)&roots[i]);
		if (!rc)
			rc = scan_each_dir(s, s->rootfd, roots[i].run, storage_one,
					   (void *)&roots[i]);
	}
	return rc;
}

/* containerd: a task's bundle, <task dir>/<namespace>/<id>. */
static int containerd_one(struct ct_scan *s, int dirfd, const char *id, void *data)
{
	const char *ns = data;
	char root[PATH_MAX];
	struct ct_record *rec;
	int err;

	if (!(rec = scan_begin(s, id, dirfd, &err)))
		return err;
	/* Docker's own containers, when it runs on this containerd */
	if (!strcmp(ns, "moby") && is_hex64(id))
		rec->info.runtime = CT_DOCKER;
	if (scan_read(s, dirfd, "init.pid", CTF_PIDFILE, rec) < 0)
		rec->pid = 0;
	scan_read(s, dirfd, "config.json", CTF_OCI_CONFIG, rec);
	/* ctr's ids are names */
	if (!rec->info.name[0] && !is_hex64(id))
		container_str_copy(rec->info.name, sizeof(rec->info.name), id);
	if (rec->pid && (size_t)snprintf(root, sizeof(root), "run/containerd/runc/%s", ns) <
			sizeof(root))
		runc_start(s, root, id, rec);
	scan_keep(s, rec, true);
	return 0;
}

static int containerd_ns(struct ct_scan *s, int dirfd, const char *ns, void *data)
{
	(void)data;
	return scan_each_dir(s, dirfd, ".", containerd_one, (void *)ns);
}

int ctstate_scan_containerd(struct ct_scan *s)
{
	static const char *const task_dirs[] = {
		"run/containerd/io.containerd.runtime.v2.task",
		"run/containerd/io.containerd.runtime.v1.linux",
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(task_dirs) / sizeof(task_dirs[0]) && !rc; i++)
		rc = scan_each_dir(s, s->rootfd, task_dirs[i], containerd_ns, NULL);
	return rc;
}

/* LXC: a directory with a config file per container; the cgroup says when it runs. */
static int lxc_one(struct ct_scan *s, int dirfd, const char *name, void *data)
{
	struct ct_record *rec;
	struct stat st;
	int err;

	(void)data;
	if (fstatat(dirfd, "config", &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (!(rec = scan_begin(s, name, dirfd, &err)))
		return err;
	container_str_copy(rec->info.name, sizeof(rec->info.name), name);
	scan_keep(s, rec, true);
	return 0;
}

int ctstate_scan_lxc(struct ct_scan *s)
{
	return scan_each_dir(s, s->rootfd, "var/lib/lxc", lxc_one, NULL);
}

/* systemd-machined: one file per machine (and "unit:..." links, skipped). */
int ctstate_scan_machines(struct ct_scan *s)
{
	struct dirent *d;
	DIR *dp;
	int fd, rc = 0;

	fd = scan_opendir(s, s->rootfd, "run/systemd/machines");
	if (fd < 0 || !(dp = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (!rc && (d = readdir(dp))) {
		struct ct_record *rec;
		struct stat st;

		if (d->d_name[0] == '.' || strchr(d->d_name, ':') ||
		    fstatat(dirfd(dp), d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		/* the file itself is what changes: its time stands for a directory's */
		rec = find_rec(s->ix, s->rt, d->d_name);
		if (rec && rec->scan && same_time(&rec->mtime, &st.st_mtim)) {
			rec->scan = s->ix->nscans;
			continue;
		}
		rec = scan_begin(s, d->d_name, dirfd(dp), &rc);
		if (!rec)
			continue;
		rec->mtime = st.st_mtim;
		scan_keep(s, rec, scan_read(s, dirfd(dp), d->d_name, CTF_MACHINE, rec) == 0);
	}
	closedir(dp);
	return rc;
}

/* nsrun's "net=db,ipc=db": the containers whose namespaces it joined. */
static void nsrun_joined(const char *list, struct ct_record *rec)
{
	char copy[sizeof(((struct runstate *)0)->joined)], *save = NULL, *tok;

	if (!container_str_copy(copy, sizeof(copy), list))
		return;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		enum ns_type t;

		if (!eq)
			continue;
		*eq = '\0';
		t = nstype_from_name(tok);
		if (t != NS_UNKNOWN && container_valid_name(eq + 1))
			container_str_copy(rec->joined[t], sizeof(rec->joined[t]), eq + 1);
	}
}

/*
 * nsrun's records, from its state directory (not under the host root:
 * runstate.h says where, and whether it may be trusted).
 */
int ctstate_scan_nsrun(struct ct_scan *s)
{
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	/* as root, only from a directory that nobody else could have written (runstate.h) */
	if (runstate_open_read(NULL) != 1 || runstate_list(&names, &n) < 0)
		return 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct container_info path_ci;
		struct ct_record *rec;
		struct runstate st;

		rec = find_rec(s->ix, s->rt, names[i]);
		if (rec && rec->scan && rec->live) {
			/*
			 * A record is written once the container runs, and not
			 * after; while its init lives, no other container can
			 * have the name.
			 */
			rec->scan = s->ix->nscans;
			continue;
		}
		if (runstate_load(names[i], &st) < 0 || strcmp(st.state, RUNSTATE_CREATING) == 0)
			continue;
		s->ix->stats.files++;
		if (!rec) {
			if (array_grow_ptrs(s->ix) < 0 || !(rec = calloc(1, sizeof(*rec)))) {
				rc = -ENOMEM;
				break;
			}
			s->ix->v[s->ix->n++] = rec;
		}
		s->ix->changed = true;
		memset(rec, 0, sizeof(*rec));
		rec->info.runtime = CT_NSRUN;
		rec->lister = CT_NSRUN;
		container_str_copy(rec->info.id, sizeof(rec->info.id), st.name);
		container_str_copy(rec->info.name, sizeof(rec->info.name), st.name);
		rec->pid = st.pid;
		rec->start = st.starttime;
		nsrun_joined(st.joined, rec);
		/*
		 * --cgroup-path: a record whose cgroup imitates another
		 * container's layout (another runtime's, or another name)
		 * defers to it, which is what the option is for.
		 */
		rec->defer = st.cgroup[0] && container_from_cgroup_path(st.cgroup, &path_ci) == 0 &&
			     (path_ci.runtime != CT_NSRUN || strcmp(path_ci.id, st.name) != 0);
		scan_keep(s, rec, true);
	}
	runstate_names_free(names, n);
	return rc;
}

/* ---------------------------------------------------------------- index */

/* An init's cgroup path: what processes in it or below it belong to. */
struct ct_anchor {
	struct ct_record *rec;
	struct ct_anchor *next;		/* same hash */
	struct ct_anchor *all;		/* every anchor, for freeing */
	char path[];
};

/* by_pidns: a namespace that more than one container's init is in */
static char ambiguous;
#define AMBIGUOUS ((void *)&ambiguous)

void ct_index_init(struct ct_index *ix, const char *sysroot)
{
	size_t n;

	memset(ix, 0, sizeof(*ix));
	hashmap_init(&ix->by_pid);
	hashmap_init(&ix->by_cgroup);
	hashmap_init(&ix->by_pidns);
	ix->sysroot = strdup(sysroot && *sysroot ? sysroot : "/");
	/* without trailing slashes, but "/" stays */
	for (n = ix->sysroot ? strlen(ix->sysroot) : 0; n > 1 && ix->sysroot[n - 1] == '/'; n--)
		ix->sysroot[n - 1] = '\0';
	ix->trust_root_only = geteuid() == 0;
	ix->hz = sysconf(_SC_CLK_TCK);
}

static void clear_maps(struct ct_index *ix)
{
	while (ix->anchors) {
		struct ct_anchor *a = ix->anchors;

		ix->anchors = a->all;
		free(a);
	}
	hashmap_clear(&ix->by_pid);
	hashmap_clear(&ix->by_cgroup);
	hashmap_clear(&ix->by_pidns);
}

void ct_index_release(struct ct_index *ix)
{
	clear_maps(ix);
	for (size_t i = 0; i < ix->n; i++)
		free(ix->v[i]);
	free(ix->v);
	free(ix->sysroot);
	memset(ix, 0, sizeof(*ix));
}

struct ct_record *ct_index_find(const struct ct_index *ix, enum ct_runtime rt, const char *id)
{
	for (size_t i = 0; i < ix->n; i++) {
		struct ct_record *r = ix->v[i];

		if (!r->ignored && (rt == CT_NONE || r->info.runtime == rt) &&
		    !strcmp(r->info.id, id))
			return r;
	}
	return NULL;
}

struct ct_record *ct_index_of(const struct ct_index *ix, const struct container_info *ci)
{
	struct ct_record *r = ct_index_find(ix, ci->runtime, ci->id);

	/* a bare id below a cgroupfs pod: containerd's or Docker's, as the state says */
	if (!r && ci->runtime == CT_CONTAINERD && ci->pod_uid[0])
		r = ct_index_find(ix, CT_DOCKER, ci->id);
	return r;
}

void ct_record_apply(const struct ct_record *r, struct container_info *ci)
{
	const struct container_info *s = &r->info;

	ci->runtime = s->runtime;
	if (s->name[0])
		container_str_copy(ci->name, sizeof(ci->name), s->name);
	if (s->pod_name[0])
		container_str_copy(ci->pod_name, sizeof(ci->pod_name), s->pod_name);
	/* the cgroup path's pod UID, where it has one, is the kernel's word */
	if (s->pod_uid[0] && !ci->pod_uid[0])
		container_str_copy(ci->pod_uid, sizeof(ci->pod_uid), s->pod_uid);
	ci->sandbox = s->sandbox;
}

/*
 * Podman keeps pod names in its database only. Its files tell the pod's
 * id (the cgroup) and its infra container (the sandbox id); the infra's
 * host name is the pod's name, unless pod create was given another one,
 * and the infra is named "<short pod id>-infra" unless --infra-name said
 * otherwise. Where the infra's name is the default its host name is
 * taken; the pod's short id otherwise.
 */
static void link_pods(struct ct_index *ix)
{
	for (size_t i = 0; i < ix->n; i++) {
		struct ct_record *r = ix->v[i], *infra = NULL;
		char def[CT_SHORT_ID_LEN + 8];

		if (r->ignored || r->info.runtime != CT_PODMAN || !r->pod_id[0])
			continue;
		for (size_t k = 0; k < ix->n && !infra; k++) {
			struct ct_record *o = ix->v[k];

			if (!o->ignored && o->info.runtime == CT_PODMAN && o->info.sandbox &&
			    !strcmp(o->pod_id, r->pod_id))
				infra = o;
		}
		snprintf(def, sizeof(def), "%.*s-infra", CT_SHORT_ID_LEN, r->pod_id);
		container_str_copy(r->info.pod_uid, sizeof(r->info.pod_uid), r->pod_id);
		if (infra && infra != r && infra->info.pod_name[0] && !strcmp(infra->info.name, def))
			container_str_copy(r->info.pod_name, sizeof(r->info.pod_name),
					   infra->info.pod_name);
		else if (!(r == infra && r->info.pod_name[0] && !strcmp(r->info.name, def)))
			snprintf(r->info.pod_name, sizeof(r->info.pod_name), "%.*s",
				 CT_SHORT_ID_LEN, r->pod_id);
	}
}

int ct_index_scan(struct ct_index *ix)
{
	struct ct_scan s = { .ix = ix };
	int rc = 0;

	s.rootfd = ix->sysroot ? open(ix->sysroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	ix->changed = false;
	ix->nscans++;
	ix->stats.scans++;
	for (int rt = CT_NONE + 1; rt < CT_NRUNTIMES && !rc; rt++) {
		ct_scan_fn fn = container_runtime_scan(rt);

		s.rt = rt;
		if (fn)
			rc = fn(&s);
	}
	if (s.rootfd >= 0)
		close(s.rootfd);
	/* what was not found again is gone: read it anew should it come back */
	for (size_t i = 0; i < ix->n; i++) {
		if (ix->v[i]->scan != ix->nscans && !ix->v[i]->ignored) {
			ix->v[i]->scan = 0;
			ix->v[i]->ignored = true;
			ix->changed = true;
		}
	}
	link_pods(ix);
	ix->scanned = true;
	/* the inits are checked again only when something changed */
	if (ix->changed)
		ix->bound = false;
	return rc;
}

bool ct_record_is_init(const struct ct_index *ix, const struct ct_record *rec,
		       unsigned long long start)
{
	long long at, d;

	if (rec->start)
		return rec->start == start;
	if (!rec->started || !ix->btime || ix->hz <= 0)
		return true;	/* nothing to tell a reused PID by */
	at = (long long)ix->btime + (long long)(start / (unsigned long long)ix->hz);
	d = at - rec->started;
	return d >= -CT_START_SLACK && d <= CT_START_SLACK;
}

static uint64_t span_key(const char *s, size_t len)
{
	char buf[PATH_MAX];

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return hashmap_str_key(buf);
}

/* Is the last component of path named after rec (its id, or its name where that is its id)? */
static bool named_after(const char *path, size_t len, const struct ct_record *rec)
{
	const char *last = path + len;
	const char *id = rec->info.id;
	size_t idl = strlen(id);

	while (last > path && last[-1] != '/')
		last--;
	if (!idl || (size_t)(path + len - last) < idl)
		return false;
	return memmem(last, (size_t)(path + len - last), id, idl) != NULL;
}

static int add_anchor(struct ct_index *ix, struct ct_record *rec, const char *path, size_t len)
{
	uint64_t key = span_key(path, len);
	struct ct_anchor *a, *head;

	if (!key)
		return 0;
	head = hashmap_get(&ix->by_cgroup, key);
	for (a = head; a; a = a->next)
		if (!strncmp(a->path, path, len) && !a->path[len])
			return 0;
	a = malloc(sizeof(*a) + len + 1);
	if (!a)
		return -ENOMEM;
	a->rec = rec;
	memcpy(a->path, path, len);
	a->path[len] = '\0';
	a->next = head;
	a->all = ix->anchors;
	ix->anchors = a;
	return hashmap_put(&ix->by_cgroup, key, a);
}

/* The path of each line of a /proc/PID/cgroup text: fn(path, len) until it returns non-zero. */
static void *each_cgroup_path(const char *buf, size_t len,
			      void *(*fn)(const char *p, size_t l, void *data), void *data)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - buf) - pos : len - pos;
		const char *c = memchr(buf + pos, ':', l), *c2;
		void *r;

		if (c && (c2 = memchr(c + 1, ':', l - (size_t)(c + 1 - (buf + pos)))) &&
		    c2[1] == '/') {
			size_t pl = l - (size_t)(c2 + 1 - (buf + pos));

			if (pl > 1 && (r = fn(c2 + 1, pl, data)))
				return r;
		}
		pos += l + 1;
	}
	return NULL;
}

struct anchor_ctx {
	struct ct_index *ix;
	struct ct_record *rec;
	int err;
};

static void *anchor_line(const char *p, size_t l, void *data)
{
	struct anchor_ctx *c = data;

	if (named_after(p, l, c->rec) && add_anchor(c->ix, c->rec, p, l) < 0)
		c->err = -ENOMEM;
	return NULL;
}

/* Replace "pid:N" in joined[] by the id of the container whose init N is. */
static void resolve_joined(struct ct_index *ix, struct ct_record *r)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		struct ct_record *o;
		long long pid;

		if (strncmp(r->joined[t], "pid:", 4) != 0)
			continue;
		pid = atoll(r->joined[t] + 4);
		o = valid_pid(pid) ? hashmap_get(&ix->by_pid, (uint64_t)pid) : NULL;
		if (o && o != r)
			container_str_copy(r->joined[t], sizeof(r->joined[t]), o->info.id);
	}
}

static unsigned long long boot_time(const struct procfs *pfs)
{
	unsigned long long bt = 0;
	size_t len;
	char *buf, *p;

	if (procfs_read_file(pfs, "stat", 1 << 20, &buf, &len) < 0)
		return 0;
	p = strstr(buf, "\nbtime ");
	if (p)
		bt = strtoull(p + 7, NULL, 10);
	free(buf);
	return bt;
}

int ct_index_bind(struct ct_index *ix, const struct procfs *pfs)
{
	if (ix->bound)
		return 0;
	clear_maps(ix);
	if (!ix->btime)
		ix->btime = boot_time(pfs);
	/* the initial pid namespace: kthreadd's where it is one (PID 1 may not be) */
	if (procfs_read_ns(pfs, 2, NS_PID, &ix->host_pidns) < 0 &&
	    procfs_read_ns(pfs, 1, NS_PID, &ix->host_pidns) < 0)
		ix->host_pidns = 0;
	for (size_t i = 0; i < ix->n; i++) {
		struct ct_record *r = ix->v[i];
		struct anchor_ctx ac = { ix, r, 0 };
		struct proc_status ps;
		struct proc_stat st;
		char rel[32];
		size_t len;
		char *buf;

		r->live = false;
		r->bound = true;
		if (r->ignored || !r->pid || procfs_read_stat(pfs, r->pid, &st) < 0 ||
		    st.state == 'Z' || st.state == 'X' || !ct_record_is_init(ix, r, st.starttime))
			continue;
		r->live = true;
		if (hashmap_get(&ix->by_pid, (uint64_t)r->pid))
			continue;	/* Docker's, also listed by the containerd it runs on */
		if (hashmap_put(&ix->by_pid, (uint64_t)r->pid, r) < 0)
			return -ENOMEM;
		snprintf(rel, sizeof(rel), "%d/cgroup", (int)r->pid);
		if (procfs_read_file(pfs, rel, 1 << 20, &buf, &len) == 0) {
			each_cgroup_path(buf, len, anchor_line, &ac);
			free(buf);
			if (ac.err)
				return ac.err;
		}
		/*
		 * Its pid namespace stands for it only when it is that
		 * namespace's init (PID 1 inside): not with --pid=host, nor
		 * when it joined another's.
		 */
		if (procfs_read_status(pfs, r->pid, &ps) == 0 && ps.nspid_len > 1 &&
		    ps.nspid[ps.nspid_len - 1] == 1 &&
		    procfs_read_ns(pfs, r->pid, NS_PID, &r->pidns) == 0 &&
		    r->pidns != ix->host_pidns) {
			void *o = hashmap_get(&ix->by_pidns, r->pidns);

			if (hashmap_put(&ix->by_pidns, r->pidns, o ? AMBIGUOUS : r) < 0)
				return -ENOMEM;
		}
	}
	for (size_t i = 0; i < ix->n; i++)
		resolve_joined(ix, ix->v[i]);
	ix->bound = true;
	return 0;
}

bool ct_index_has_pid(const struct ct_index *ix, pid_t pid)
{
	return pid > 0 && hashmap_get(&ix->by_pid, (uint64_t)pid) != NULL;
}

/* A cgroup path, or one above it, that an init is in: its record. */
static void *match_line(const char *p, size_t l, void *data)
{
	const struct ct_index *ix = data;

	while (l > 1) {
		uint64_t key = span_key(p, l);

		for (struct ct_anchor *a = key ? hashmap_get(&ix->by_cgroup, key) : NULL; a;
		     a = a->next)
			if (!strncmp(a->path, p, l) && !a->path[l])
				return a->rec;
		while (l > 0 && p[l - 1] != '/')
			l--;
		while (l > 1 && p[l - 1] == '/')
			l--;
	}
	return NULL;
}

struct ct_record *ct_index_match(const struct ct_index *ix, pid_t pid, unsigned long long start,
				 const char *cgroup, size_t cglen, uint64_t pidns)
{
	struct ct_record *r;

	r = pid > 0 ? hashmap_get(&ix->by_pid, (uint64_t)pid) : NULL;
	if (r && start && ct_record_is_init(ix, r, start))
		return r;
	if (cgroup && ix->by_cgroup.len &&
	    (r = each_cgroup_path(cgroup, cglen, match_line, (void *)ix)))
		return r;
	if (pidns && pidns != ix->host_pidns) {
		r = hashmap_get(&ix->by_pidns, pidns);
		if (r && (void *)r != AMBIGUOUS)
			return r;
	}
	return NULL;
}
