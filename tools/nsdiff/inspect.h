/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What is inside a namespace: the facts that nsdiff --deep compares,
 * gathered for one side, a process and the namespaces it is in (or
 * namespace files without a process).
 *
 * The facts come in categories, one per namespace type, each a row of
 * inspect_cats[] (category.c) with its kinds of fact:
 *
 *   mnt     the root filesystem, the mounts and their options
 *   net     interfaces (a veth's peer, its namespace and container),
 *           addresses, routes of the main table, listening TCP/UDP sockets
 *   pid     the NSpid chain of the process, how many processes it sees
 *   uts     hostname, domainname
 *   ipc     SysV shared memory, semaphores and message queues, POSIX queues
 *   user    uid_map, gid_map, setgroups, the process's effective capabilities
 *   cgroup  the root of the cgroup namespace, per hierarchy, and the
 *           limits that bind the process (memory, CPU, pids, I/O)
 *   time    the monotonic and boottime offsets
 *
 * Every fact is an item of a kind: a key that names it within the kind (a
 * mount point, an interface name, "" for a single value), a value that is
 * compared, and optionally a comma-separated set that is compared element
 * by element (mount options, capabilities). This keeps the comparison
 * (compare.c) one generic merge, and the output one generic renderer.
 *
 * Where the kernel shows a fact in /proc/PID/... to an outsider, it is read
 * there (mountinfo, uid_map, status, timens_offsets, net/tcp...). What the
 * kernel only shows to a process inside the namespace (uname, /proc/sysvipc,
 * the mqueue filesystem, cgroup paths relative to the namespace's root,
 * netlink's interfaces, addresses and routes) is read by a child that
 * enters the namespaces (common/nsenter) and sends it back as frames.
 * A category's row says which is which; inspect.c does the rest.
 *
 * The parsers are pure functions of a buffer (tested, fuzzed): what /proc
 * holds is trusted no more than any input, as --proc-root may name any tree.
 */
#ifndef NSDIFF_INSPECT_H
#define NSDIFF_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsenter.h"
#include "nstype.h"
#include "procfs.h"

struct snapshot;

/* The categories, in the order of the namespace types they describe. */
enum inspect_cat {
	INSPECT_MNT,
	INSPECT_NET,
	INSPECT_PID,
	INSPECT_UTS,
	INSPECT_IPC,
	INSPECT_USER,
	INSPECT_CGROUP,
	INSPECT_TIME,
	INSPECT_NCATS,
};

/*
 * The kinds of fact of each category, in the order they are compared and
 * shown: indexes into its row's kinds[] and into a side's facts.
 */
enum { INSPECT_MNT_ROOT, INSPECT_MNT_MOUNT };
enum { INSPECT_NET_IFACE, INSPECT_NET_ADDR, INSPECT_NET_ROUTE, INSPECT_NET_SOCKET };
enum { INSPECT_PID_CHAIN, INSPECT_PID_NPROCS };
enum { INSPECT_UTS_HOSTNAME, INSPECT_UTS_DOMAINNAME };
/* (also what inspect_parse_sysvipc() reads: SHM, SEM or MSG) */
enum inspect_ipc_kind { INSPECT_IPC_SHM, INSPECT_IPC_SEM, INSPECT_IPC_MSG, INSPECT_IPC_MQUEUE };
enum { INSPECT_USER_UIDMAP, INSPECT_USER_GIDMAP, INSPECT_USER_SETGROUPS, INSPECT_USER_CAPS };
enum { INSPECT_CGROUP_ROOT, INSPECT_CGROUP_LIMITS };
enum { INSPECT_TIME_OFFSET };

#define INSPECT_KINDS_MAX	4
#define INSPECT_FILES_MAX	4

/* One kind of fact: what its items are called, and how they are shown. */
struct inspect_kind {
	const char *name;	/* "hostname", "interface": the text's and JSON's "category" */
	const char *what;	/* in messages: "cannot read the <what> of PID 42" */
	const char *list_name;	/* what the elements of item lists are ("options"), or NULL */
	bool list_count;	/* the text shows a list as its size: a full set fills no line */
};

/* A file of /proc that shows a category's facts; parsed by its row's parse(). */
struct inspect_file {
	const char *name;	/* under /proc/PID (/proc/self without a process) */
	unsigned int kind;	/* what it makes: the kind its errors are reported as */
	unsigned int flags;	/* INSPECT_FILE_* */
};

/* Missing: the kernel lacks the feature (IPv6), so there is nothing to compare. */
#define INSPECT_FILE_OPTIONAL	(1u << 0)
/*
 * The file shows the namespace of the reader, not of the process: the child
 * reads it inside. Other files are read from outside when the side has a
 * process (and outside_ok() agrees), else by the child through /proc/self.
 */
#define INSPECT_FILE_INSIDE	(1u << 1)
/* Under the proc root itself, not under a process's directory. */
#define INSPECT_FILE_ROOT	(1u << 2)

struct inspect_gather;		/* one side being gathered (category.h) */
struct inspect_inside;		/* the child inside the namespaces (category.h) */

/*
 * A category: everything about it. Adding one is its value of enum
 * inspect_cat with the indexes of its kinds, a row of inspect_cats[] and
 * the functions the row names; the gathering (inspect.c), the comparison
 * (compare.c) and the output (render.c) follow the table.
 */
struct inspect_cat_info {
	const char *name;		/* "net" */
	enum ns_type type;		/* the namespace type it describes */
	struct inspect_kind kinds[INSPECT_KINDS_MAX];	/* by kind; unused ones have no name */
	struct inspect_file files[INSPECT_FILES_MAX];	/* unused ones have no name */
	/* Its functions look up the namespaces of its type in inspect_opts.snap. */
	bool snapshot;
	/* May the side's files be read from outside? NULL: when it has a process. */
	bool (*outside_ok)(struct inspect_gather *g);
	/* Facts read from outside besides files (status, the snapshot), or NULL. */
	int (*outside)(struct inspect_gather *g);
	/*
	 * Runs in the child, inside the namespaces: sends what only a process
	 * inside sees (inspect_send_*()), or NULL. 0, or non-zero when the
	 * pipe failed; what could not be read is sent as an error.
	 */
	int (*inside)(const struct inspect_inside *in, int fd);
	/*
	 * Items from one of its files (part: the index in files[]) or from
	 * data that inside() sent under parts of its own. 0 or -errno, having
	 * said what through inspect_fail().
	 */
	int (*parse)(struct inspect_gather *g, unsigned int part, const char *buf, size_t len);
};

extern const struct inspect_cat_info inspect_cats[INSPECT_NCATS];

/* How many kinds category cat has. */
unsigned int inspect_nkinds(enum inspect_cat cat);
/* The types whose namespaces the snapshot must hold for the categories of types. */
ns_mask_t inspect_snapshot_types(ns_mask_t types);

/* One fact. The strings are owned by the list that holds the item. */
struct inspect_item {
	char *key;	/* unique within the kind; "" for a single value */
	char *value;	/* compared and shown; "" when only presence counts */
	char *list;	/* NULL, or a comma-separated set compared element by element */
};

struct inspect_list {
	struct inspect_item *items;	/* owned; sorted by key after inspect_list_sort() */
	size_t n, cap;
};

struct inspect_facts {
	ns_mask_t types;			/* the types gathered */
	struct inspect_list cat[INSPECT_NCATS][INSPECT_KINDS_MAX];	/* by category and kind */
};

/* Append a copy of key, value (NULL: "") and list (may be NULL). 0 or -ENOMEM. */
int inspect_list_add(struct inspect_list *l, const char *key, const char *value,
		     const char *list);
/* Sort by key and drop later items with a key seen already. */
void inspect_list_sort(struct inspect_list *l);
void inspect_list_release(struct inspect_list *l);
/* Sort every list (comparisons need sorted lists). */
void inspect_facts_sort(struct inspect_facts *f);
void inspect_facts_release(struct inspect_facts *f);

/* ------------------------------------------------------------- parsers */

/*
 * Every parser reads len bytes of buf (no NUL needed), returns 0 or
 * -EINVAL for text that is not what it should be, -ENOMEM; arrays are
 * malloc'ed for the caller (free()) unless a _free function is given.
 * Lines that do not parse are skipped where the kernel could add fields
 * or lines in the future, and rejected where the format is fixed.
 */

/* /proc/net/{tcp,tcp6,udp,udp6}: one socket per line after the header. */
struct inspect_sock {
	int family;			/* AF_INET or AF_INET6 */
	char addr[46];			/* local address, as inet_ntop() writes it */
	unsigned int port;		/* local port */
	unsigned int state;		/* TCP_* (0x0A: listening; UDP 0x07: unconnected) */
	uid_t uid;
	uint64_t inode;
};

#define INSPECT_TCP_LISTEN	0x0A
#define INSPECT_UDP_UNCONN	0x07

int inspect_parse_sockets(const char *buf, size_t len, int family, struct inspect_sock **out,
			  size_t *n);

/* uid_map, gid_map: "inside outside count" per line (at most 340 lines). */
struct inspect_idmap {
	uint32_t inside;
	uint32_t outside;
	uint32_t count;
};

#define INSPECT_IDMAP_MAX 340

int inspect_parse_idmap(const char *buf, size_t len, struct inspect_idmap **out, size_t *n);

/* /proc/PID/mountinfo, one record per line, strings unescaped. */
struct inspect_mount {
	int id;
	int parent;
	char *root;			/* the root of the mount within its filesystem */
	char *mountpoint;
	char *options;			/* per-mount options: "rw,nosuid,relatime" */
	char *fstype;			/* "ext4", "fuse.sshfs" (type.subtype) */
	char *source;			/* "/dev/vda1", "none" */
	char *super_options;		/* per-superblock options: "rw,size=65536k" */
	char *buf;			/* the one allocation the strings point into; owned */
};

int inspect_parse_mountinfo(const char *buf, size_t len, struct inspect_mount **out, size_t *n);
void inspect_mounts_free(struct inspect_mount *m, size_t n);

/* /proc/sysvipc/{shm,sem,msg} (kind SHM, SEM or MSG): columns found by the header's names. */
struct inspect_ipc {
	int32_t key;			/* as the kernel prints it: signed decimal */
	int id;
	unsigned int perms;		/* octal in the file */
	uint64_t size;			/* shm: bytes; sem: semaphores in the set; msg: 0 */
	uid_t uid;			/* owner */
};

int inspect_parse_sysvipc(const char *buf, size_t len, enum inspect_ipc_kind kind,
			  struct inspect_ipc **out, size_t *n);

/* /proc/PID/timens_offsets: "monotonic SECS NSECS" and "boottime SECS NSECS". */
struct inspect_timens {
	int64_t monotonic_sec;
	long monotonic_nsec;
	int64_t boottime_sec;
	long boottime_nsec;
};

int inspect_parse_timens(const char *buf, size_t len, struct inspect_timens *o);

/* /proc/PID/cgroup: "hierarchy-id:controllers:path" per line. */
struct inspect_cgroup {
	unsigned int hid;
	char *controllers;		/* "" for cgroup v2, "cpu,cpuacct", "name=systemd" */
	char *path;
};

int inspect_parse_cgroup(const char *buf, size_t len, struct inspect_cgroup **out, size_t *n);
void inspect_cgroups_free(struct inspect_cgroup *c, size_t n);

/*
 * The root of a cgroup namespace, as a path in the reader's hierarchy, from
 * where a process is seen from outside (outside: "/nskit/web1/sub") and from
 * inside its namespace (inside: "/sub"). 0 with the root in buf,
 * -ENODATA when the process sits outside its namespace's root (inside
 * begins with "/..": the root's last components cannot be known),
 * -EINVAL when the two paths do not agree, -ENAMETOOLONG.
 */
int inspect_cgroup_root(const char *outside, const char *inside, char *buf, size_t size);

struct cgroup_limits;
/*
 * The limits of a cgroup as a set for comparing, one element per limit:
 * "memory=64M", "cpus=0.5", "pids=none", "io=none" or one "io MAJ:MIN
 * rbps=1M wbps=..." per device, and those of swap, reservation, shares,
 * CPUs and I/O weight when set. Commas separate the elements and never
 * appear in one. -ENOSPC when size is too small.
 */
int inspect_limits_list(const struct cgroup_limits *lim, char *buf, size_t size);

/* The name of capability bit (capability(7)): "cap_sys_admin"; NULL past the table. */
const char *inspect_cap_name(unsigned int bit);
/* Comma-separated names of the bits of mask ("cap_41" for unnamed ones). */
int inspect_caps_list(uint64_t mask, char *buf, size_t size);

/*
 * The frames an inside child sends: one tag byte, a 32-bit length in host
 * order, and that many bytes.
 */
enum inspect_frame_tag {
	/* category byte, part byte, then what the category's parse() takes */
	INSPECT_FRAME_DATA	= 'D',
	/* a fact made inside: category byte, kind byte, key NUL value NUL [list NUL] */
	INSPECT_FRAME_ITEM	= 'i',
	/* what could not be read: category, kind, positive errno (three 32-bit numbers) */
	INSPECT_FRAME_ERROR	= '!',
	/* everything was sent */
	INSPECT_FRAME_END	= '.',
};

/*
 * An INSPECT_FRAME_DATA's content: *data points into buf. 0, or -EINVAL
 * when it is not one (the category unknown).
 */
int inspect_parse_data_frame(const char *buf, size_t len, enum inspect_cat *cat,
			     unsigned int *part, const char **data, size_t *dlen);

/*
 * An INSPECT_FRAME_ITEM's content: pointers into buf; *list is NULL when the
 * item has none. 0, or -EINVAL when it is not one (or of no known kind).
 */
int inspect_parse_item_frame(const char *buf, size_t len, enum inspect_cat *cat,
			     unsigned int *kind, const char **key, const char **value,
			     const char **list);

typedef int (*inspect_frame_fn)(void *data, int tag, const char *buf, size_t len);
/* Call fn for each frame; -EINVAL for a truncated frame, or what fn returns. */
int inspect_parse_frames(const char *buf, size_t len, inspect_frame_fn fn, void *data);

/* ------------------------------------------ facts from parsed records */

/*
 * These turn parsed records into items (pure, for tests): the formats of
 * keys and values are part of nsdiff's output and JSON.
 */
int inspect_add_sockets(struct inspect_facts *f, const struct inspect_sock *s, size_t n,
			bool udp);
/* kind: INSPECT_USER_UIDMAP or INSPECT_USER_GIDMAP */
int inspect_add_idmap(struct inspect_facts *f, unsigned int kind,
		      const struct inspect_idmap *m, size_t n);
/* The mounts, and the root filesystem (the last mount on "/"). */
int inspect_add_mounts(struct inspect_facts *f, const struct inspect_mount *m, size_t n);
int inspect_add_sysvipc(struct inspect_facts *f, enum inspect_ipc_kind kind,
			const struct inspect_ipc *v, size_t n);
int inspect_add_timens(struct inspect_facts *f, const struct inspect_timens *o);
int inspect_add_caps(struct inspect_facts *f, uint64_t cap_eff);
int inspect_add_pidchain(struct inspect_facts *f, const pid_t *nspid, int len);

/* One pid namespace for inspect_count_visible(). */
struct inspect_pidns {
	uint64_t ino;
	uint64_t parent;		/* 0: none, or not known */
	unsigned int nprocs;
};

/* The processes that pid namespace root sees: its own and its descendants'. */
unsigned long inspect_count_visible(const struct inspect_pidns *v, size_t n, uint64_t root);

/* ---------------------------------------------------------- gathering */

/* One side: a process, or namespace files (then facts needing a process are left out). */
struct inspect_target {
	pid_t pid;			/* 0 when there is no process */
	int pidfd;			/* a pidfd of pid (borrowed), or -1 */
	uint64_t ino[NS_NTYPES];	/* the namespaces described, 0 when unknown */
	int nsfd[NS_NTYPES];		/* per type: an open namespace fd (borrowed), or -1 */
	const char *nsfile[NS_NTYPES];	/* per type: a namespace file, or NULL */
};

/* Every fd -1, every inode 0. */
void inspect_target_init(struct inspect_target *t);

struct inspect_opts {
	const struct procfs *pfs;	/* a live proc root */
	/*
	 * Every process's namespaces, of the types inspect_snapshot_types()
	 * names at least: process counts and what a veth's peer namespace is.
	 * Loaded lazily (containers), hence not const.
	 */
	struct snapshot *snap;
};

/* What could not be gathered. */
struct inspect_error {
	enum inspect_cat cat;		/* INSPECT_NCATS when not one category */
	unsigned int kind;		/* of the category: what could not be read */
	enum ns_type type;		/* the namespace type concerned, or NS_UNKNOWN */
	int err;			/* -errno; -ESRCH: the process is gone */
	bool entering;			/* entering the namespaces failed: see enter */
	struct nsenter_error enter;
};

/*
 * Gather the facts of the types in types for t into *f (which the caller
 * releases, whatever the result). 0, or -errno with *e saying what. Any
 * failure is an error: a side is described completely or not at all.
 */
int inspect_gather(const struct inspect_opts *o, const struct inspect_target *t,
		   ns_mask_t types, struct inspect_facts *f, struct inspect_error *e);

#endif
