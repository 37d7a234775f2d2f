// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which container a process is in, from its cgroup path alone.
 *
 * Every runtime names the cgroup of a container after the container, so one
 * component of the path identifies it: "docker-<id>.scope", "/docker/<id>",
 * "lxc.payload.<name>". The layouts are the table ct_patterns[] below, one
 * row per component shape. The path is scanned from its last component up
 * and the first component that some row accepts wins, which gives the
 * innermost container of a nested setup (Docker in Docker, Docker in LXD)
 * and lets a process sit in a child cgroup of its container
 * ("libpod-<id>.scope/container", "machine-<name>.scope/payload").
 *
 * Each row names its runtime, a row of ct_runtimes[]: what the runtime is
 * called, what its ids are, and how its state files name a container
 * (container_resolve_name()). They are read with a small JSON scanner of
 * our own: no library, bounded by the length it is given, no recursion, so
 * hostile files cannot hurt us.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "procfs.h"
#include "utf8.h"

/* ------------------------------------------------------------------------ */
/* Runtimes */

/* Keys of one runtime's OCI config.json annotations. */
struct ct_annotations {
	const char *name[2];		/* container name, in order of preference */
	const char *pod;
	const char *pod_namespace;
	const char *pod_uid;
};

/*
 * What we know of one runtime besides its cgroup layouts (ct_patterns[]):
 * its name, what its ids are, and where its state names a container.
 */
struct ct_runtime_info {
	const char *name;		/* container_runtime_name() */
	enum ct_ids ids;
	/*
	 * Find the state of ci->id under sysroot (given without trailing
	 * slashes) and take names from it: 0, or -errno when it gives none.
	 * NULL: the runtime keeps nothing we read.
	 */
	int (*resolve)(const char *sysroot, struct container_info *ci);
	/* The content of that state: names into ci, as container_parse_state() says. */
	void (*parse_state)(const struct ct_runtime_info *rt, const char *buf, size_t len,
			    struct container_info *ci);
	struct ct_annotations annotations;	/* for parse_annotations() */
};

static int resolve_docker(const char *sysroot, struct container_info *ci);
static int resolve_podman(const char *sysroot, struct container_info *ci);
static int resolve_containerd(const char *sysroot, struct container_info *ci);
static int resolve_crio(const char *sysroot, struct container_info *ci);
static void parse_docker(const struct ct_runtime_info *rt, const char *buf, size_t len,
			 struct container_info *ci);
static void parse_podman(const struct ct_runtime_info *rt, const char *buf, size_t len,
			 struct container_info *ci);
static void parse_annotations(const struct ct_runtime_info *rt, const char *buf, size_t len,
			      struct container_info *ci);

/*
 * One row per runtime. Adding one is an enum value, its row here, its rows
 * in ct_patterns[] and the functions its row names.
 */
static const struct ct_runtime_info ct_runtimes[CT_NRUNTIMES] = {
	[CT_NONE] = { .name = "" },
	[CT_DOCKER] = {
		.name = "docker",
		.ids = CT_IDS_HEX,
		.resolve = resolve_docker,
		.parse_state = parse_docker,
	},
	[CT_PODMAN] = {
		.name = "podman",
		.ids = CT_IDS_HEX,
		.resolve = resolve_podman,
		.parse_state = parse_podman,
	},
	[CT_CONTAINERD] = {
		.name = "containerd",
		.ids = CT_IDS_HEX,
		.resolve = resolve_containerd,
		.parse_state = parse_annotations,
		.annotations = {
			.name = { "io.kubernetes.cri.container-name", "nerdctl/name" },
			.pod = "io.kubernetes.cri.sandbox-name",
			.pod_namespace = "io.kubernetes.cri.sandbox-namespace",
			.pod_uid = "io.kubernetes.cri.sandbox-uid",
		},
	},
	[CT_CRIO] = {
		.name = "cri-o",
		.ids = CT_IDS_HEX,
		.resolve = resolve_crio,
		.parse_state = parse_annotations,
		.annotations = {
			.name = { "io.kubernetes.container.name" },
			.pod = "io.kubernetes.pod.name",
			.pod_namespace = "io.kubernetes.pod.namespace",
			.pod_uid = "io.kubernetes.pod.uid",
		},
	},
	/* For these the cgroup gives the name, and their state has nothing to add. */
	[CT_LXC] = { .name = "lxc", .ids = CT_IDS_NAME },
	[CT_NSPAWN] = { .name = "nspawn", .ids = CT_IDS_NAME },
	[CT_NSRUN] = { .name = "nsrun", .ids = CT_IDS_NAME },
	[CT_KUBERNETES] = { .name = "kubernetes", .ids = CT_IDS_POD },
};

/* The row of rt; CT_NONE's for anything out of range. */
static const struct ct_runtime_info *runtime_info(enum ct_runtime rt)
{
	return &ct_runtimes[(unsigned int)rt < CT_NRUNTIMES ? rt : CT_NONE];
}

const char *container_runtime_name(enum ct_runtime rt)
{
	if ((unsigned int)rt >= CT_NRUNTIMES)
		return "unknown";
	return ct_runtimes[rt].name;
}

enum ct_ids container_runtime_ids(enum ct_runtime rt)
{
	return runtime_info(rt)->ids;
}

/* ------------------------------------------------------------------------ */
/* Cgroup paths */

/* A piece of a longer string: cgroup paths are never copied while matching. */
struct span {
	const char *s;
	size_t len;
};

static bool span_eq(struct span a, const char *lit)
{
	size_t n = strlen(lit);

	return a.len == n && memcmp(a.s, lit, n) == 0;
}

static bool span_starts(struct span a, const char *lit)
{
	size_t n = strlen(lit);

	return a.len >= n && memcmp(a.s, lit, n) == 0;
}

static bool span_ends(struct span a, const char *lit)
{
	size_t n = strlen(lit);

	return a.len >= n && memcmp(a.s + a.len - n, lit, n) == 0;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool span_all_hex(struct span a)
{
	for (size_t i = 0; i < a.len; i++)
		if (!is_hex(a.s[i]))
			return false;
	return true;
}

/*
 * The component of path that ends at or before offset end, skipping
 * slashes; its offset goes to *start. False when there is none above.
 */
static bool comp_before(struct span path, size_t end, struct span *comp, size_t *start)
{
	size_t b;

	while (end > 0 && path.s[end - 1] == '/')
		end--;
	if (end == 0)
		return false;
	b = end;
	while (b > 0 && path.s[b - 1] != '/')
		b--;
	comp->s = path.s + b;
	comp->len = end - b;
	*start = b;
	return true;
}

/* How the variable part of a component is read and checked. */
enum ct_idform {
	/*
	 * 12 to 64 hex digits. Every runtime we know uses 64, but where a
	 * prefix and a suffix already anchor the pattern ("docker-<id>.scope")
	 * a shorter id costs no false positive, and hand-made test setups use
	 * them.
	 */
	ID_HEX,
	/*
	 * Exactly 64 hex digits: for bare components ("/docker/<id>") that
	 * only their parent's name anchors.
	 */
	ID_HEX64,
	/* Any name: LXC, nsrun. */
	ID_NAME,
	/* A name from a systemd unit, with its \xNN escapes decoded: nspawn. */
	ID_UNIT,
	/* "[burstable-|besteffort-]pod<uid>" of a kubepods slice (systemd driver). */
	ID_POD_SLICE,
	/* "<uid>" of a "pod<uid>" directory (cgroupfs driver). */
	ID_POD_DIR,
};

/* One shape of a cgroup path component that names a container of runtime. */
struct ct_pattern {
	enum ct_runtime runtime;
	const char *prefix;		/* before the id ("docker-"); NULL: none */
	const char *suffix;		/* after it (".scope"); NULL: none */
	/*
	 * Instead of prefix and suffix, "<slice>:<colon>:<id>" as one
	 * component: the systemd-style cgroupsPath that kubelet hands to
	 * containerd or CRI-O, written out literally as a directory name when
	 * the runtime itself uses the cgroupfs driver.
	 */
	const char *colon;
	enum ct_idform idform;
	const char *const *parents;	/* the component above is one of these (NULL-terminated) */
	bool in_pod;			/* the component above is a Kubernetes pod's cgroup */
	/*
	 * Names (after decoding) that look like this layout but are not
	 * containers: libvirt registers its QEMU virtual machines with
	 * machined as machine-qemu\x2dN\x2dNAME.scope, just like nspawn.
	 */
	const char *not_prefix;
	bool monitor;			/* the runtime's monitor (conmon, lxc.monitor), not the payload */
	bool supervisor;		/* a child cgroup "supervisor" is the monitor (nspawn) */
};

static const char *const parents_docker[] = { "docker", NULL };
static const char *const parents_libpod[] = { "libpod_parent", NULL };
/*
 * containerd and nerdctl with the cgroupfs driver put a container in
 * "/<namespace>/<id>". Any program can make a cgroup of that shape, so we
 * claim it only for the well-known namespaces ("default" is nerdctl's and
 * ctr's, "k8s.io" the CRI plugin's, "moby" Docker's) and a 64-digit id.
 * Containers in namespaces of other names are not recognised.
 */
static const char *const parents_containerd[] = { "default", "k8s.io", "moby", NULL };
static const char *const parents_lxc_payload[] = { "lxc.payload", "lxc", NULL };
static const char *const parents_lxc_monitor[] = { "lxc.monitor", NULL };
static const char *const parents_nskit[] = { "nskit", NULL };
/* "/kubepods/pod<uid>" (Guaranteed) and "/kubepods/{burstable,besteffort}/pod<uid>". */
static const char *const parents_kubepods[] = { "kubepods", "burstable", "besteffort", NULL };

/*
 * One row per component shape. Within one component the first row that
 * accepts it wins, so longer prefixes ("libpod-conmon-") come before the
 * prefixes they extend ("libpod-"). The rows of a runtime whose ids are pod
 * UIDs (CT_KUBERNETES) also serve to find the pod above a container
 * (pod_uid_above()).
 */
static const struct ct_pattern ct_patterns[] = {
	/* Kubernetes containers, and containerd and CRI-O outside Kubernetes. */
	{ .runtime = CT_CONTAINERD, .prefix = "cri-containerd-", .suffix = ".scope",
	  .idform = ID_HEX },
	{ .runtime = CT_CRIO, .prefix = "crio-conmon-", .suffix = ".scope", .idform = ID_HEX,
	  .monitor = true },
	{ .runtime = CT_CRIO, .prefix = "crio-", .suffix = ".scope", .idform = ID_HEX },
	/* CRI-O with the cgroupfs driver: no ".scope", and only below a pod. */
	{ .runtime = CT_CRIO, .prefix = "crio-conmon-", .idform = ID_HEX64, .in_pod = true,
	  .monitor = true },
	{ .runtime = CT_CRIO, .prefix = "crio-", .idform = ID_HEX64, .in_pod = true },
	/*
	 * A bare id below a cgroupfs-driver pod: containerd (k3s, kubeadm
	 * with cgroupfs) and Docker (dockershim, cri-dockerd) look the same
	 * here. containerd is by far the common case since Kubernetes 1.24;
	 * its resolver corrects it when Docker's state names the id.
	 */
	{ .runtime = CT_CONTAINERD, .idform = ID_HEX64, .in_pod = true },
	{ .runtime = CT_CONTAINERD, .colon = "cri-containerd", .idform = ID_HEX },
	{ .runtime = CT_CRIO, .colon = "crio", .idform = ID_HEX },
	{ .runtime = CT_DOCKER, .colon = "docker", .idform = ID_HEX },

	/* Docker: systemd driver, then cgroupfs driver (also the inner half of DinD). */
	{ .runtime = CT_DOCKER, .prefix = "docker-", .suffix = ".scope", .idform = ID_HEX },
	{ .runtime = CT_DOCKER, .idform = ID_HEX64, .parents = parents_docker },

	/* Podman: systemd driver (rootful and rootless alike), then cgroupfs. */
	{ .runtime = CT_PODMAN, .prefix = "libpod-conmon-", .suffix = ".scope", .idform = ID_HEX,
	  .monitor = true },
	{ .runtime = CT_PODMAN, .prefix = "libpod-", .suffix = ".scope", .idform = ID_HEX },
	{ .runtime = CT_PODMAN, .prefix = "libpod-", .idform = ID_HEX64, .parents = parents_libpod },

	/* containerd through nerdctl: systemd driver, then cgroupfs. */
	{ .runtime = CT_CONTAINERD, .prefix = "nerdctl-", .suffix = ".scope", .idform = ID_HEX },
	{ .runtime = CT_CONTAINERD, .idform = ID_HEX64, .parents = parents_containerd },

	/* LXC 4+ ("lxc.payload.NAME"), LXC 3 ("lxc.payload/NAME"), LXC 2 and LXD ("lxc/NAME"). */
	{ .runtime = CT_LXC, .prefix = "lxc.monitor.", .idform = ID_NAME, .monitor = true },
	{ .runtime = CT_LXC, .prefix = "lxc.payload.", .idform = ID_NAME },
	{ .runtime = CT_LXC, .idform = ID_NAME, .parents = parents_lxc_monitor, .monitor = true },
	{ .runtime = CT_LXC, .idform = ID_NAME, .parents = parents_lxc_payload },

	/* systemd-nspawn: as a scope of its own, or run as systemd-nspawn@NAME.service. */
	{ .runtime = CT_NSPAWN, .prefix = "machine-", .suffix = ".scope", .idform = ID_UNIT,
	  .not_prefix = "qemu-", .supervisor = true },
	{ .runtime = CT_NSPAWN, .prefix = "systemd-nspawn@", .suffix = ".service",
	  .idform = ID_UNIT, .supervisor = true },

	/* nsrun: "/nskit/NAME", below whatever cgroup it was given to work in. */
	{ .runtime = CT_NSRUN, .idform = ID_NAME, .parents = parents_nskit },

	/*
	 * Pods. The systemd driver's pod slice is kubepods[-QOS]-pod<uid>.slice
	 * (kind and other nested setups prefix "kubelet-"); the cgroupfs
	 * driver's is a directory pod<uid>.
	 */
	{ .runtime = CT_KUBERNETES, .prefix = "kubepods-", .suffix = ".slice",
	  .idform = ID_POD_SLICE },
	{ .runtime = CT_KUBERNETES, .prefix = "kubelet-kubepods-", .suffix = ".slice",
	  .idform = ID_POD_SLICE },
	{ .runtime = CT_KUBERNETES, .prefix = "pod", .idform = ID_POD_DIR,
	  .parents = parents_kubepods },
};

#define CT_NPATTERNS (sizeof(ct_patterns) / sizeof(ct_patterns[0]))

/* Copy src whole or not at all (dst ""): a cut name or id would be a wrong one. */
static bool str_copy(char *dst, size_t dstsz, const char *src)
{
	size_t n = strlen(src);

	if (n >= dstsz) {
		dst[0] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

static bool copy_span(struct span a, char *out, size_t outsz)
{
	if (a.len >= outsz)
		return false;
	memcpy(out, a.s, a.len);
	out[a.len] = '\0';
	return true;
}

/*
 * A name taken from a cgroup component. Control characters are refused:
 * no runtime we recognise allows them in a name (machined and LXD want
 * hostnames, nsrun checks its own), so a component with them is something
 * else, and refusing them keeps terminal escapes out of our output.
 */
static bool valid_name(const char *s)
{
	if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/*
 * systemd escapes unit name bytes as \xNN ("my-box" is machine-my\x2dbox.scope).
 * An escape that is malformed, or that would give NUL or '/', is kept as it is.
 */
static bool unescape_unit(struct span a, char *out, size_t outsz)
{
	size_t n = 0;

	for (size_t i = 0; i < a.len; i++) {
		char c = a.s[i];

		if (c == '\\' && i + 3 < a.len && a.s[i + 1] == 'x' && is_hex(a.s[i + 2]) &&
		    is_hex(a.s[i + 3])) {
			int v = hex_value(a.s[i + 2]) * 16 + hex_value(a.s[i + 3]);

			if (v != 0 && v != '/') {
				c = (char)v;
				i += 3;
			}
		}
		if (n + 1 >= outsz)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return true;
}

/*
 * A pod UID as kubelet writes it: 32 hex digits, either a UUID whose dashes
 * the systemd driver turns into underscores, or (static pods) a plain hash.
 * Stored with dashes.
 */
static bool parse_pod_uid(struct span a, char *out, size_t outsz)
{
	size_t digits = 0;

	if (a.len > 36 || a.len >= outsz)
		return false;
	for (size_t i = 0; i < a.len; i++) {
		char c = a.s[i];

		if (c == '_')
			c = '-';
		else if (is_hex(c))
			digits++;
		else if (c != '-')
			return false;
		out[i] = c;
	}
	out[a.len] = '\0';
	return digits == 32;
}

static bool parse_pod_slice(struct span a, char *out, size_t outsz)
{
	static const char *const qos[] = { "burstable-", "besteffort-" };

	for (size_t i = 0; i < sizeof(qos) / sizeof(qos[0]); i++) {
		if (span_starts(a, qos[i])) {
			a.s += strlen(qos[i]);
			a.len -= strlen(qos[i]);
			break;
		}
	}
	if (!span_starts(a, "pod"))
		return false;
	a.s += 3;
	a.len -= 3;
	return parse_pod_uid(a, out, outsz);
}

/* Read the variable part of a component into out according to form. */
static bool parse_id(enum ct_idform form, struct span a, char *out, size_t outsz)
{
	switch (form) {
	case ID_HEX:
		return a.len >= 12 && a.len <= 64 && span_all_hex(a) && copy_span(a, out, outsz);
	case ID_HEX64:
		return a.len == 64 && span_all_hex(a) && copy_span(a, out, outsz);
	case ID_NAME:
		return copy_span(a, out, outsz) && valid_name(out);
	case ID_UNIT:
		return unescape_unit(a, out, outsz) && valid_name(out);
	case ID_POD_SLICE:
		return parse_pod_slice(a, out, outsz);
	case ID_POD_DIR:
		return parse_pod_uid(a, out, outsz);
	}
	return false;
}

static bool is_pod(struct span path, size_t start, struct span comp, char *uid, size_t uidsz);

/* Is the component above the one at start what p wants there? */
static bool parent_ok(const struct ct_pattern *p, struct span path, size_t start)
{
	struct span parent;
	size_t pstart;
	char uid[64];

	if (!p->in_pod && !p->parents)
		return true;
	if (!comp_before(path, start, &parent, &pstart))
		return false;
	if (p->in_pod)
		return is_pod(path, pstart, parent, uid, sizeof(uid));
	for (const char *const *n = p->parents; *n; n++)
		if (span_eq(parent, *n))
			return true;
	return false;
}

/*
 * Does row p accept comp (which starts at offset start of path)? The id
 * goes to out, and for .colon rows the "<slice>" half to *head.
 */
static bool pattern_match(const struct ct_pattern *p, struct span path, size_t start,
			  struct span comp, char *out, size_t outsz, struct span *head)
{
	struct span var;

	if (p->colon) {
		const char *c1 = memchr(comp.s, ':', comp.len);
		const char *c2;
		struct span mid;

		if (!c1)
			return false;
		c2 = memchr(c1 + 1, ':', comp.len - (size_t)(c1 + 1 - comp.s));
		if (!c2)
			return false;
		mid.s = c1 + 1;
		mid.len = (size_t)(c2 - mid.s);
		if (!span_eq(mid, p->colon))
			return false;
		head->s = comp.s;
		head->len = (size_t)(c1 - comp.s);
		var.s = c2 + 1;
		var.len = comp.len - (size_t)(var.s - comp.s);
	} else {
		const char *prefix = p->prefix ? p->prefix : "";
		const char *suffix = p->suffix ? p->suffix : "";
		size_t pl = strlen(prefix), sl = strlen(suffix);

		if (comp.len < pl + sl || !span_starts(comp, prefix) || !span_ends(comp, suffix))
			return false;
		var.s = comp.s + pl;
		var.len = comp.len - pl - sl;
	}
	if (!parse_id(p->idform, var, out, outsz))
		return false;
	if (p->not_prefix && strncmp(out, p->not_prefix, strlen(p->not_prefix)) == 0)
		return false;
	return parent_ok(p, path, start);
}

/* Is comp a pod's cgroup? Its UID goes to uid. Only the rows of pods are asked. */
static bool is_pod(struct span path, size_t start, struct span comp, char *uid, size_t uidsz)
{
	struct span head;

	for (size_t i = 0; i < CT_NPATTERNS; i++) {
		const struct ct_pattern *p = &ct_patterns[i];

		if (ct_runtimes[p->runtime].ids == CT_IDS_POD &&
		    pattern_match(p, path, start, comp, uid, uidsz, &head))
			return true;
	}
	return false;
}

/* The UID of the innermost pod at or above the component at start, if any. */
static void pod_uid_above(struct span path, size_t start, char *uid, size_t uidsz)
{
	struct span comp;
	size_t cstart;

	while (comp_before(path, start, &comp, &cstart)) {
		if (is_pod(path, cstart, comp, uid, uidsz))
			return;
		start = cstart;
	}
	uid[0] = '\0';
}

static void set_short_id(struct container_info *ci)
{
	snprintf(ci->short_id, sizeof(ci->short_id), "%.*s", CT_SHORT_ID_LEN, ci->id);
}

static int match_path(struct span path, struct container_info *ci)
{
	struct span comp, child = { NULL, 0 };
	size_t end = path.len, start;

	memset(ci, 0, sizeof(*ci));
	while (comp_before(path, end, &comp, &start)) {
		for (size_t i = 0; i < CT_NPATTERNS; i++) {
			const struct ct_pattern *p = &ct_patterns[i];
			const struct ct_runtime_info *rt;
			struct span head = { NULL, 0 };

			if (!pattern_match(p, path, start, comp, ci->id, sizeof(ci->id), &head))
				continue;
			rt = &ct_runtimes[p->runtime];
			ci->runtime = p->runtime;
			ci->monitor = p->monitor || (p->supervisor && span_eq(child, "supervisor"));
			if (rt->ids == CT_IDS_POD) {
				str_copy(ci->pod_uid, sizeof(ci->pod_uid), ci->id);
			} else if (!(head.len &&
				     is_pod(path, start, head, ci->pod_uid, sizeof(ci->pod_uid)))) {
				pod_uid_above(path, start, ci->pod_uid, sizeof(ci->pod_uid));
			}
			/* Where the id is the name there is nothing else to resolve. */
			if (rt->ids == CT_IDS_NAME)
				str_copy(ci->name, sizeof(ci->name), ci->id);
			set_short_id(ci);
			return 0;
		}
		/* A failed row may have scribbled a partial id. */
		ci->id[0] = '\0';
		child = comp;
		end = start;
	}
	return -ENOENT;
}

int container_from_cgroup_path(const char *path, struct container_info *ci)
{
	if (!path || !ci)
		return -EINVAL;
	return match_path((struct span){ path, strlen(path) }, ci);
}

/*
 * One line of /proc/PID/cgroup: "ID:CONTROLLERS:PATH". The path is
 * everything after the second colon, since it may contain colons itself
 * (the ":cri-containerd:" form). False for anything else.
 */
static bool parse_cgroup_line(struct span line, bool *unified, struct span *path)
{
	const char *c1, *c2, *end = line.s + line.len;
	static const char deleted[] = " (deleted)";

	if (line.len == 0 || memchr(line.s, '\0', line.len))
		return false;
	c1 = memchr(line.s, ':', line.len);
	if (!c1 || c1 == line.s)
		return false;
	for (const char *p = line.s; p < c1; p++)
		if (*p < '0' || *p > '9')
			return false;
	c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (!c2 || c2 + 1 >= end || c2[1] != '/')
		return false;
	*unified = c1 - line.s == 1 && line.s[0] == '0' && c2 == c1 + 1;
	path->s = c2 + 1;
	path->len = (size_t)(end - path->s);
	/* cgroup v2 marks the cgroup of a zombie whose cgroup was removed. */
	if (span_ends(*path, deleted))
		path->len -= sizeof(deleted) - 1;
	return true;
}

int container_from_proc_cgroup(const char *buf, size_t len, struct container_info *ci)
{
	bool parsed = false;

	if (!buf || !ci)
		return -EINVAL;
	memset(ci, 0, sizeof(*ci));
	/* The unified hierarchy first, then the v1 lines in their order. */
	for (int pass = 0; pass < 2; pass++) {
		size_t pos = 0;

		while (pos < len) {
			const char *nl = memchr(buf + pos, '\n', len - pos);
			struct span line = { buf + pos, nl ? (size_t)(nl - buf) - pos : len - pos };
			struct span path;
			bool unified;

			pos += line.len + 1;
			if (!parse_cgroup_line(line, &unified, &path))
				continue;
			parsed = true;
			if (unified != (pass == 0))
				continue;
			if (match_path(path, ci) == 0)
				return 0;
		}
	}
	return parsed ? -ENOENT : -EINVAL;
}

const char *container_label(const struct container_info *ci)
{
	if (ci->name[0])
		return ci->name;
	if (ci->short_id[0])
		return ci->short_id;
	return ci->id;
}

/* ------------------------------------------------------------------------ */
/* JSON */

/*
 * Just enough JSON to find a string member: a cursor over len bytes, never
 * past them, no recursion (nesting is skipped by counting brackets), and
 * no allocation. It checks what it walks through only as far as it needs
 * to: it finds keys, it does not validate files.
 */
struct json {
	const char *s;
	size_t len;
	size_t pos;
};

/* Long enough for every key we look for; longer keys are simply not ours. */
#define JSON_KEY_MAX 64

/* The next byte that is not white space, or -1 at the end. */
static int json_peek(struct json *j)
{
	while (j->pos < j->len) {
		unsigned char c = (unsigned char)j->s[j->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return c;
		j->pos++;
	}
	return -1;
}

static int json_hex4(struct json *j, unsigned int *v)
{
	*v = 0;
	if (j->len - j->pos < 4)
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		int h = hex_value(j->s[j->pos++]);

		if (h < 0)
			return -EINVAL;
		*v = *v * 16 + (unsigned int)h;
	}
	return 0;
}

/* The code point of a \u escape (j after the 'u'), surrogate pairs joined. */
static int json_unicode(struct json *j, unsigned int *cp)
{
	unsigned int lo;

	if (json_hex4(j, cp) < 0)
		return -EINVAL;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return -EINVAL;
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (j->len - j->pos < 2 || j->s[j->pos] != '\\' || j->s[j->pos + 1] != 'u')
			return -EINVAL;
		j->pos += 2;
		if (json_hex4(j, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return -EINVAL;
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	/* A NUL would silently cut the C string we hand out. */
	return *cp == 0 ? -EINVAL : 0;
}

/*
 * The string at the cursor (which must be at its opening quote), decoded
 * into out when out is not NULL. 0; -EINVAL when malformed; -ENAMETOOLONG
 * when it did not fit in outsz (the cursor is past the string all the same,
 * so the caller can go on). On any error out is "", never a partial string.
 */
static int json_string_raw(struct json *j, char *out, size_t outsz)
{
	size_t n = 0;
	bool fits = true;

	if (j->pos >= j->len || j->s[j->pos] != '"')
		return -EINVAL;
	j->pos++;
	while (j->pos < j->len) {
		unsigned char c = (unsigned char)j->s[j->pos++];
		char enc[4];
		size_t enclen = 1;

		if (c == '"') {
			if (out)
				out[fits ? n : 0] = '\0';
			return fits ? 0 : -ENAMETOOLONG;
		}
		if (c < 0x20)
			return -EINVAL;
		enc[0] = (char)c;
		if (c == '\\') {
			unsigned int cp;

			if (j->pos >= j->len)
				return -EINVAL;
			c = (unsigned char)j->s[j->pos++];
			switch (c) {
			case '"':
			case '\\':
			case '/':
				enc[0] = (char)c;
				break;
			case 'b':
				enc[0] = '\b';
				break;
			case 'f':
				enc[0] = '\f';
				break;
			case 'n':
				enc[0] = '\n';
				break;
			case 'r':
				enc[0] = '\r';
				break;
			case 't':
				enc[0] = '\t';
				break;
			case 'u':
				if (json_unicode(j, &cp) < 0)
					return -EINVAL;
				enclen = utf8_encode(cp, enc);
				break;
			default:
				return -EINVAL;
			}
		}
		if (!out || !fits)
			continue;
		if (n + enclen >= outsz) {
			fits = false;
			continue;
		}
		memcpy(out + n, enc, enclen);
		n += enclen;
	}
	return -EINVAL;
}

static int json_string(struct json *j, char *out, size_t outsz)
{
	int r = json_string_raw(j, out, outsz);

	if (r < 0 && out)
		out[0] = '\0';
	return r;
}

/* Is c a byte that ends a bare scalar (number, true, false, null)? */
static bool json_scalar_end(int c)
{
	return strchr(",:{}[]\" \t\r\n", c) != NULL;
}

/* Step over one value of any kind. */
static int json_skip(struct json *j)
{
	size_t depth = 0;

	do {
		int c = json_peek(j);

		if (c < 0)
			return -EINVAL;
		if (c == '"') {
			if (json_string(j, NULL, 0) == -EINVAL)
				return -EINVAL;
		} else if (c == '{' || c == '[') {
			depth++;
			j->pos++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return -EINVAL;
			depth--;
			j->pos++;
		} else if (depth > 0 && (c == ',' || c == ':')) {
			j->pos++;
		} else {
			size_t from = j->pos;

			while (j->pos < j->len && !json_scalar_end((unsigned char)j->s[j->pos]))
				j->pos++;
			if (j->pos == from)
				return -EINVAL;
		}
	} while (depth > 0);
	return 0;
}

/*
 * With the cursor at an object, move it to the value of its member key.
 * 0, -ENOENT when the object has no such member, -EINVAL when malformed.
 */
static int json_member(struct json *j, const char *key)
{
	char name[JSON_KEY_MAX];

	if (json_peek(j) != '{')
		return -EINVAL;
	j->pos++;
	if (json_peek(j) == '}')
		return -ENOENT;
	for (;;) {
		int r, c;

		if (json_peek(j) != '"')
			return -EINVAL;
		r = json_string(j, name, sizeof(name));
		if (r == -EINVAL)
			return r;
		if (json_peek(j) != ':')
			return -EINVAL;
		j->pos++;
		if (r == 0 && strcmp(name, key) == 0) {
			json_peek(j);
			return 0;
		}
		if (json_skip(j) < 0)
			return -EINVAL;
		c = json_peek(j);
		if (c == '}')
			return -ENOENT;
		if (c != ',')
			return -EINVAL;
		j->pos++;
	}
}

/* The string value at the cursor; -ENOENT if the value is not a string. */
static int json_value_string(struct json *j, char *out, size_t outsz)
{
	if (json_peek(j) != '"')
		return -ENOENT;
	return json_string(j, out, outsz);
}

int container_json_string(const char *json, size_t len, const char *key, char *out,
			  size_t outsz)
{
	struct json j = { json, len, 0 };
	int r;

	if (!json || !key || !out || outsz == 0)
		return -EINVAL;
	out[0] = '\0';
	r = json_member(&j, key);
	if (r == 0) {
		r = json_value_string(&j, out, outsz);
		if (r != -ENOENT)
			return r;
	} else if (r == -EINVAL) {
		return r;
	}
	j.pos = 0;
	r = json_member(&j, "annotations");
	if (r < 0)
		return r;
	if (json_peek(&j) != '{')
		return -ENOENT;
	r = json_member(&j, key);
	if (r < 0)
		return r;
	return json_value_string(&j, out, outsz);
}

/*
 * Podman's containers.json: an array of objects, each with an "id" and a
 * "names" array. The first name of the object whose id is id.
 */
static int json_podman_name(const char *buf, size_t len, const char *id, char *out,
			    size_t outsz)
{
	struct json j = { buf, len, 0 };
	char cur[CT_ID_MAX];

	if (json_peek(&j) != '[')
		return -EINVAL;
	j.pos++;
	if (json_peek(&j) == ']')
		return -ENOENT;
	for (;;) {
		int c = json_peek(&j);

		if (c == '{') {
			size_t obj = j.pos;

			if (json_member(&j, "id") == 0 &&
			    json_value_string(&j, cur, sizeof(cur)) == 0 && strcmp(cur, id) == 0) {
				j.pos = obj;
				if (json_member(&j, "names") != 0 || json_peek(&j) != '[')
					return -ENOENT;
				j.pos++;
				return json_value_string(&j, out, outsz);
			}
			j.pos = obj;
		}
		if (json_skip(&j) < 0)
			return -EINVAL;
		c = json_peek(&j);
		if (c == ']')
			return -ENOENT;
		if (c != ',')
			return -EINVAL;
		j.pos++;
	}
}

/* ------------------------------------------------------------------------ */
/* Names from state files */

/* State files beyond this are not what we expect: skip, don't slurp. */
#define CT_STATE_MAX (4u << 20)

static void set_pod_name(struct container_info *ci, const char *ns, const char *name)
{
	size_t nl = strlen(ns), l = strlen(name);

	/* A name that does not fit is left out rather than cut: filters match on it. */
	if (nl + 1 + l >= sizeof(ci->pod_name))
		return;
	memcpy(ci->pod_name, ns, nl);
	ci->pod_name[nl] = '/';
	memcpy(ci->pod_name + nl + 1, name, l + 1);
}

/*
 * dockershim and cri-dockerd name Kubernetes containers
 * "k8s_CONTAINER_POD_NAMESPACE_UID_ATTEMPT". None of these parts may hold
 * an underscore (they are DNS labels and a UUID), so splitting is exact.
 */
static void parse_docker_k8s_name(struct container_info *ci)
{
	char copy[CT_NAME_MAX], *part[6], *save = NULL, *tok;
	int n = 0;

	if (strncmp(ci->name, "k8s_", 4) != 0)
		return;
	str_copy(copy, sizeof(copy), ci->name);
	for (tok = strtok_r(copy, "_", &save); tok && n < 6; tok = strtok_r(NULL, "_", &save))
		part[n++] = tok;
	if (n != 6 || tok)
		return;
	set_pod_name(ci, part[3], part[2]);
	if (!ci->pod_uid[0])
		str_copy(ci->pod_uid, sizeof(ci->pod_uid), part[4]);
	str_copy(ci->name, sizeof(ci->name), part[1]);
}

/* Docker's config.v2.json: "Name":"/web1" at the top level. */
static void parse_docker(const struct ct_runtime_info *rt, const char *buf, size_t len,
			 struct container_info *ci)
{
	char name[CT_NAME_MAX];
	const char *n;

	(void)rt;
	if (container_json_string(buf, len, "Name", name, sizeof(name)) != 0)
		return;
	n = name[0] == '/' ? name + 1 : name;
	if (valid_name(n)) {
		str_copy(ci->name, sizeof(ci->name), n);
		parse_docker_k8s_name(ci);
	}
}

/* Podman's containers.json: the first name of the entry of ci->id. */
static void parse_podman(const struct ct_runtime_info *rt, const char *buf, size_t len,
			 struct container_info *ci)
{
	char name[CT_NAME_MAX];

	(void)rt;
	if (json_podman_name(buf, len, ci->id, name, sizeof(name)) == 0 && valid_name(name))
		str_copy(ci->name, sizeof(ci->name), name);
}

/* An OCI config.json: the names are annotations, under the keys of rt's row. */
static void parse_annotations(const struct ct_runtime_info *rt, const char *buf, size_t len,
			      struct container_info *ci)
{
	const struct ct_annotations *a = &rt->annotations;
	char pod[CT_NAME_MAX], ns[CT_NAME_MAX];

	for (size_t i = 0; i < 2 && a->name[i]; i++)
		if (container_json_string(buf, len, a->name[i], ci->name, sizeof(ci->name)) == 0 &&
		    valid_name(ci->name))
			break;
	if (!valid_name(ci->name))
		ci->name[0] = '\0';
	if (container_json_string(buf, len, a->pod, pod, sizeof(pod)) == 0 &&
	    container_json_string(buf, len, a->pod_namespace, ns, sizeof(ns)) == 0 &&
	    valid_name(pod) && valid_name(ns))
		set_pod_name(ci, ns, pod);
	if (!ci->pod_uid[0] &&
	    (container_json_string(buf, len, a->pod_uid, ci->pod_uid, sizeof(ci->pod_uid)) != 0 ||
	     !valid_name(ci->pod_uid)))
		ci->pod_uid[0] = '\0';
}

int container_parse_state(enum ct_runtime rt, const char *buf, size_t len,
			  struct container_info *out)
{
	const struct ct_runtime_info *info = runtime_info(rt);
	struct container_info tmp;

	if (!buf || !out)
		return -EINVAL;
	if (!info->parse_state)
		return -ENOENT;
	/*
	 * Work on a copy whose names start empty: the result says what this
	 * file gave, and a file that gives nothing leaves *out as it was.
	 */
	tmp = *out;
	tmp.name[0] = '\0';
	tmp.pod_name[0] = '\0';
	info->parse_state(info, buf, len, &tmp);
	if (!tmp.name[0] && !tmp.pod_name[0])
		return -ENOENT;
	*out = tmp;
	return 0;
}

/*
 * Read sysroot/rel whole into a malloc'ed, NUL-terminated buffer. Only
 * regular files up to CT_STATE_MAX, opened without waiting (a FIFO planted
 * there must not hang us): procfs's reader. Not followed if a symlink:
 * these files never are, so one there is not something we want to follow.
 */
static int read_state(const char *sysroot, const char *rel, char **bufp, size_t *lenp)
{
	char path[PATH_MAX];
	int r;

	r = snprintf(path, sizeof(path), "%s/%s", sysroot, rel);
	if (r < 0 || (size_t)r >= sizeof(path))
		return -ENAMETOOLONG;
	return procfs_read_at_flags(AT_FDCWD, path, PROCFS_NOFOLLOW | PROCFS_WHOLE, CT_STATE_MAX,
				    bufp, lenp);
}

static int parse_state_file(enum ct_runtime rt, const char *sysroot, const char *rel,
			    struct container_info *ci)
{
	size_t len;
	char *buf;
	int r;

	r = read_state(sysroot, rel, &buf, &len);
	if (r < 0)
		return r;
	r = container_parse_state(rt, buf, len, ci);
	free(buf);
	return r;
}

/*
 * containerd keeps a task's bundle in <dir>/<namespace>/<id>; try every
 * namespace. A bare id below a cgroupfs-driver pod may be Docker's
 * (dockershim, cri-dockerd): the cgroup path cannot tell, Docker's state can.
 */
static int resolve_containerd(const char *sysroot, struct container_info *ci)
{
	static const char *const task_dirs[] = {
		"run/containerd/io.containerd.runtime.v2.task",
		"run/containerd/io.containerd.runtime.v1.linux",
	};

	for (size_t i = 0; i < sizeof(task_dirs) / sizeof(task_dirs[0]); i++) {
		char dir[PATH_MAX], rel[PATH_MAX];
		struct dirent *d;
		DIR *dp;
		int r;

		r = snprintf(dir, sizeof(dir), "%s/%s", sysroot, task_dirs[i]);
		if (r < 0 || (size_t)r >= sizeof(dir))
			continue;
		r = -ENOENT;
		dp = opendir(dir);
		if (!dp)
			continue;
		while (r != 0 && (d = readdir(dp))) {
			if (d->d_name[0] == '.')
				continue;
			if ((size_t)snprintf(rel, sizeof(rel), "%s/%s/%s/config.json", task_dirs[i],
					     d->d_name, ci->id) >= sizeof(rel))
				continue;
			r = parse_state_file(CT_CONTAINERD, sysroot, rel, ci);
		}
		closedir(dp);
		if (r == 0)
			return 0;
	}
	if (ci->pod_uid[0] && resolve_docker(sysroot, ci) == 0) {
		ci->runtime = CT_DOCKER;
		return 0;
	}
	return -ENOENT;
}

static int resolve_docker(const char *sysroot, struct container_info *ci)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/config.v2.json", ci->id);
	return parse_state_file(CT_DOCKER, sysroot, rel, ci);
}

static int resolve_crio(const char *sysroot, struct container_info *ci)
{
	/* The runroot copy first: it is the one CRI-O keeps for running containers. */
	static const char *const roots[] = { "run", "var/lib" };
	char rel[PATH_MAX];

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(rel, sizeof(rel),
			 "%s/containers/storage/overlay-containers/%s/userdata/config.json",
			 roots[i], ci->id);
		if (parse_state_file(CT_CRIO, sysroot, rel, ci) == 0)
			return 0;
	}
	return -ENOENT;
}

/*
 * Rootful Podman only: a rootless user's store is in their home directory,
 * which the cgroup path does not tell us.
 */
static int resolve_podman(const char *sysroot, struct container_info *ci)
{
	static const char rel[] = "var/lib/containers/storage/overlay-containers/containers.json";

	return parse_state_file(CT_PODMAN, sysroot, rel, ci);
}

int container_resolve_name(const char *sysroot, struct container_info *ci)
{
	const struct ct_runtime_info *rt;
	char root[PATH_MAX];
	size_t n;

	if (!ci)
		return -ENOENT;
	n = strnlen(ci->id, sizeof(ci->id));
	if (n == 0 || n == sizeof(ci->id))
		return -ENOENT;
	rt = runtime_info(ci->runtime);
	if (rt->ids == CT_IDS_NAME) {
		if (!ci->name[0] && valid_name(ci->id))
			str_copy(ci->name, sizeof(ci->name), ci->id);
		return ci->name[0] ? 0 : -ENOENT;
	}
	if (!rt->resolve)
		return -ENOENT;
	/*
	 * The id goes into paths: take only what the cgroup matcher gives for
	 * these runtimes (hex), whatever a caller may have put there.
	 */
	if (!span_all_hex((struct span){ ci->id, n }))
		return -ENOENT;
	if (!sysroot || !*sysroot)
		sysroot = "/";
	/* Without its trailing slashes, so that "/" gives "/var/...", not "//var/...". */
	if (!str_copy(root, sizeof(root), sysroot))
		return -ENOENT;
	for (n = strlen(root); n > 0 && root[n - 1] == '/'; n--)
		root[n - 1] = '\0';
	return rt->resolve(root, ci) == 0 ? 0 : -ENOENT;
}
