/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What is inside a namespace: the facts of each type that nsdiff --deep
 * compares (and that nstop can show), gathered for one side, a process
 * and the namespaces it is in (or namespace files without a process).
 *
 *   uts     hostname, domainname
 *   net     interfaces (a veth's peer, its namespace and container),
 *           addresses, routes of the main table, listening TCP/UDP sockets
 *   mnt     the root filesystem, the mounts and their options
 *   pid     the NSpid chain of the process, how many processes it sees
 *   user    uid_map, gid_map, setgroups, the process's effective capabilities
 *   ipc     SysV shared memory, semaphores and message queues, POSIX queues
 *   cgroup  the root of the cgroup namespace, per hierarchy
 *   time    the monotonic and boottime offsets
 *
 * Every fact is an item of a category: a key that names it within the
 * category (a mount point, an interface name, "" for a single value), a
 * value that is compared, and optionally a comma-separated set that is
 * compared element by element (mount options, capabilities). This keeps
 * the comparison (compare.c) one generic merge, and the output one
 * generic renderer.
 *
 * Where the kernel shows a fact in /proc/PID/... to an outsider, it is read
 * there (mountinfo, uid_map, status, timens_offsets, net/tcp...). What the
 * kernel only shows to a process inside the namespace (uname, /proc/sysvipc,
 * the mqueue filesystem, cgroup paths relative to the namespace's root,
 * netlink's interfaces, addresses and routes) is read by a child that
 * enters the namespaces (common/nsenter) and sends it back as frames.
 *
 * The parsers are pure functions of a buffer (tested, fuzzed): what /proc
 * holds is trusted no more than any input, as --proc-root may name any tree.
 */
#ifndef NSKIT_INSPECT_H
#define NSKIT_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsenter.h"
#include "nstype.h"
#include "procfs.h"

struct snapshot;

enum inspect_cat {
	INSPECT_HOSTNAME,
	INSPECT_DOMAINNAME,
	INSPECT_IFACE,
	INSPECT_ADDR,
	INSPECT_ROUTE,
	INSPECT_SOCKET,
	INSPECT_ROOTFS,
	INSPECT_MOUNT,
	INSPECT_PIDCHAIN,
	INSPECT_NPROCS,
	INSPECT_UIDMAP,
	INSPECT_GIDMAP,
	INSPECT_SETGROUPS,
	INSPECT_CAPS,
	INSPECT_SHM,
	INSPECT_SEM,
	INSPECT_MSG,
	INSPECT_MQUEUE,
	INSPECT_CGROUP,
	INSPECT_TIME,
	INSPECT_NCATS,
};

struct inspect_cat_info {
	const char *name;	/* "hostname", "interface": output and JSON */
	enum ns_type type;	/* the namespace type it describes */
	const char *list_name;	/* what the elements of item lists are ("options"), or NULL */
};

extern const struct inspect_cat_info inspect_cat_table[INSPECT_NCATS];

/* "mount" -> INSPECT_MOUNT; INSPECT_NCATS when unknown. */
enum inspect_cat inspect_cat_from_name(const char *name);

/* One fact. The strings are owned by the list that holds the item. */
struct inspect_item {
	char *key;	/* unique within the category; "" for a single value */
	char *value;	/* compared and shown; "" when only presence counts */
	char *list;	/* NULL, or a comma-separated set compared element by element */
};

struct inspect_list {
	struct inspect_item *items;	/* owned; sorted by key after inspect_list_sort() */
	size_t n, cap;
};

struct inspect_facts {
	ns_mask_t types;			/* the types gathered */
	struct inspect_list cat[INSPECT_NCATS];
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

/* /proc/sysvipc/{shm,sem,msg}: columns found by the header's names. */
enum inspect_ipc_kind {
	INSPECT_IPC_SHM,
	INSPECT_IPC_SEM,
	INSPECT_IPC_MSG,
};

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

/* The name of capability bit (capability(7)): "cap_sys_admin"; NULL past the table. */
const char *inspect_cap_name(unsigned int bit);
/* Comma-separated names of the bits of mask ("cap_41" for unnamed ones). */
int inspect_caps_list(uint64_t mask, char *buf, size_t size);

/*
 * The frames an inside child sends: one tag byte, a 32-bit length in host
 * order, and that many bytes. An error frame (INSPECT_FRAME_ERROR) carries
 * the tag that failed and a positive errno as two 32-bit numbers, and for
 * INSPECT_FRAME_ITEM a third, the category.
 */
enum inspect_frame_tag {
	INSPECT_FRAME_UNAME	= 'U',	/* hostname NUL domainname NUL */
	INSPECT_FRAME_SHM	= 'S',	/* /proc/sysvipc/shm */
	INSPECT_FRAME_SEM	= 'E',
	INSPECT_FRAME_MSG	= 'M',
	INSPECT_FRAME_MQUEUE	= 'Q',	/* one queue: name NUL "mode uid" NUL */
	INSPECT_FRAME_CGROUP	= 'C',	/* PID/cgroup as the namespace shows it */
	INSPECT_FRAME_TCP	= 't',
	INSPECT_FRAME_TCP6	= 'T',
	INSPECT_FRAME_UDP	= 'u',
	INSPECT_FRAME_UDP6	= 'V',
	INSPECT_FRAME_MOUNTINFO	= 'I',
	INSPECT_FRAME_UIDMAP	= 'X',
	INSPECT_FRAME_GIDMAP	= 'G',
	INSPECT_FRAME_SETGROUPS	= 'g',
	INSPECT_FRAME_TIMENS	= 'O',
	INSPECT_FRAME_ITEM	= 'i',	/* a fact made inside: category byte, key NUL value NUL [list NUL] */
	INSPECT_FRAME_ERROR	= '!',
	INSPECT_FRAME_END	= '.',	/* everything was sent */
};

/*
 * An INSPECT_FRAME_ITEM's content: pointers into buf; *list is NULL when the
 * item has none. 0, or -EINVAL when it is not one.
 */
int inspect_parse_item_frame(const char *buf, size_t len, enum inspect_cat *cat,
			     const char **key, const char **value, const char **list);

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
int inspect_add_idmap(struct inspect_facts *f, enum inspect_cat cat,
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
	 * Every process's namespaces (all types): process counts and what a
	 * veth's peer namespace is. Loaded lazily (containers), hence not const.
	 */
	struct snapshot *snap;
};

/* What could not be gathered. */
struct inspect_error {
	enum inspect_cat cat;		/* INSPECT_NCATS when not one category */
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
