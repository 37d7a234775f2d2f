// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which container a process is in, from its cgroup path.
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
 * called, what its ids are, and the lister of its state on disk, which
 * ctstate.c reads (names, pods, containers the path cannot tell).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "container.h"
#include "ctstate.h"

/* ------------------------------------------------------------------------ */
/* Runtimes */

/*
 * What we know of one runtime besides its cgroup layouts (ct_patterns[]):
 * its name, what its ids are, and the lister of its state on disk.
 */
struct ct_runtime_info {
	const char *name;		/* container_runtime_name() */
	enum ct_ids ids;
	/*
	 * List the runtime's containers from its state directories into the
	 * index (ctstate.c, which reads each container's files with the
	 * parsers of ctstate_parse()). NULL: nothing of its own to read.
	 */
	ct_scan_fn scan;
};

/*
 * One row per runtime. Adding one is an enum value, its row here, its rows
 * in ct_patterns[] and the lister its row names.
 */
static const struct ct_runtime_info ct_runtimes[CT_NRUNTIMES] = {
	[CT_NONE] = { .name = "" },
	[CT_DOCKER] = { .name = "docker", .ids = CT_IDS_HEX, .scan = ctstate_scan_docker },
	/* Podman and CRI-O share containers/storage: one lister reads both. */
	[CT_PODMAN] = { .name = "podman", .ids = CT_IDS_HEX, .scan = ctstate_scan_storage },
	/* containerd's ids are names for ctr ("/NS/NAME"), hex under Kubernetes */
	[CT_CONTAINERD] = { .name = "containerd", .ids = CT_IDS_HEX,
			    .scan = ctstate_scan_containerd },
	[CT_CRIO] = { .name = "cri-o", .ids = CT_IDS_HEX },
	[CT_LXC] = { .name = "lxc", .ids = CT_IDS_NAME, .scan = ctstate_scan_lxc },
	[CT_NSPAWN] = { .name = "nspawn", .ids = CT_IDS_NAME, .scan = ctstate_scan_machines },
	[CT_NSRUN] = { .name = "nsrun", .ids = CT_IDS_NAME, .scan = ctstate_scan_nsrun },
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

ct_scan_fn container_runtime_scan(enum ct_runtime rt)
{
	return runtime_info(rt)->scan;
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
/*
 * containerd and nerdctl with the cgroupfs driver put a container in
 * "/<namespace>/<id>". Any program can make a cgroup of that shape, so we
 * claim it only for the well-known namespaces ("default" is nerdctl's and
 * ctr's, "k8s.io" the CRI plugin's, "moby" Docker's) and a 64-digit id.
 * Containers in namespaces of other names, and ids that are names (ctr's),
 * are found from containerd's state instead (ctstate.c).
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
	/*
	 * cgroupfs: "/libpod_parent/libpod-<id>", in a pod
	 * "/libpod_parent/<podid>/libpod-<id>", with --cgroup-parent
	 * "/X/libpod-<id>": the prefix and 64 digits are anchor enough.
	 */
	{ .runtime = CT_PODMAN, .prefix = "libpod-", .idform = ID_HEX64 },

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

bool container_str_copy(char *dst, size_t dstsz, const char *src)
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

bool container_valid_name(const char *s)
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
		return copy_span(a, out, outsz) && container_valid_name(out);
	case ID_UNIT:
		return unescape_unit(a, out, outsz) && container_valid_name(out);
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
				container_str_copy(ci->pod_uid, sizeof(ci->pod_uid), ci->id);
			} else if (!(head.len &&
				     is_pod(path, start, head, ci->pod_uid, sizeof(ci->pod_uid)))) {
				pod_uid_above(path, start, ci->pod_uid, sizeof(ci->pod_uid));
			}
			/* Where the id is the name there is nothing else to resolve. */
			if (rt->ids == CT_IDS_NAME)
				container_str_copy(ci->name, sizeof(ci->name), ci->id);
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
