// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A container's limits, with Docker's options: the table of the options
 * that `nsrun run` and `nsrun update` share, their checks, the network
 * rate (token buckets on the two ends of the veth, over rtnetlink),
 * inspect's limits read back from the kernel, `nsrun update`, and what
 * the launcher says when the kernel's OOM killer ended its container.
 *
 * The cgroup side is tools/nsrun/cgroup_write.c (writing) and
 * common/cgroup.c (reading); the qdiscs are common/netlink.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "jsonw.h"
#include "netlink.h"
#include "nsrun.h"
#include "procfs.h"

/* What a block device's sysfs directory is found by: /sys/dev/block/MAJ:MIN. */
#define SYS_DEV_BLOCK	"/sys/dev/block"
/* Where the schedulers of the block devices are read (--blkio-weight). */
#define SYS_BLOCK	"/sys/block"

/* The queue of a token bucket beyond its burst: this long at the rate. */
#define NET_QUEUE_MS	50
/* The least burst that passes a full Ethernet frame. */
#define NET_BURST_MIN	1600
/* The default burst: a tenth of a second at the rate, at least this. */
#define NET_BURST_DEFAULT_MIN (16 * 1024)

/* ------------------------------------------------------------- options */

enum {
	LIM_MEMORY = NSRUN_LIMIT_MEMORY,
	LIM_MEMORY_SWAP,
	LIM_MEMORY_RESERVATION,
	LIM_CPUS,
	LIM_CPU_SHARES,
	LIM_CPUSET_CPUS,
	LIM_PIDS,
	LIM_BLKIO_WEIGHT,
	LIM_DEVICE_READ_BPS,
	LIM_DEVICE_WRITE_BPS,
	LIM_DEVICE_READ_IOPS,
	LIM_DEVICE_WRITE_IOPS,
	LIM_NET_RATE,
	LIM_NET_BURST,
	NLIMS,
};

typedef void (*limit_parse_fn)(struct nsrun_limits *lim, int i, const char *arg);

/* One option of a limit; its name is its row of nsrun_limit_longopts[]. */
struct limit_opt {
	const char *arg;	/* in the usage */
	const char *help;
	limit_parse_fn parse;
	int field;		/* the device options: rbps, wbps, riops, wiops */
};

static void parse_memory(struct nsrun_limits *lim, int i, const char *arg);
static void parse_memory_swap(struct nsrun_limits *lim, int i, const char *arg);
static void parse_cpus(struct nsrun_limits *lim, int i, const char *arg);
static void parse_number(struct nsrun_limits *lim, int i, const char *arg);
static void parse_cpuset(struct nsrun_limits *lim, int i, const char *arg);
static void parse_device(struct nsrun_limits *lim, int i, const char *arg);
static void parse_net_rate(struct nsrun_limits *lim, int i, const char *arg);

static const struct limit_opt limit_opts[NLIMS] = {
	[LIM_MEMORY]		 = { "<size>", "memory, no swap (512m, 1g)",
				     parse_memory },
	[LIM_MEMORY_SWAP]	 = { "<size>",
				     "memory and swap together (-1: swap without limit)",
				     parse_memory_swap },
	[LIM_MEMORY_RESERVATION] = { "<size>",
				     "memory kept for it when the host runs short", parse_memory },
	[LIM_CPUS]		 = { "<n>", "CPU time, in CPUs (0.5, 2)", parse_cpus },
	[LIM_CPU_SHARES]	 = { "<n>",
				     "CPU weight against others (2 to 262144, 1024 usual)",
				     parse_number },
	[LIM_CPUSET_CPUS]	 = { "<list>", "the CPUs it may use (0-3,6)",
				     parse_cpuset },
	[LIM_PIDS]		 = { "<n>", "processes and threads", parse_number },
	[LIM_BLKIO_WEIGHT]	 = { "<n>",
				     "block I/O weight against others (10 to 1000)", parse_number },
	[LIM_DEVICE_READ_BPS]	 = { "<dev>:<rate>",
				     "bytes read per second from a device (/dev/sda:1mb)",
				     parse_device, 0 },
	[LIM_DEVICE_WRITE_BPS]	 = { "<dev>:<rate>",
				     "bytes written per second to a device", parse_device, 1 },
	[LIM_DEVICE_READ_IOPS]	 = { "<dev>:<n>",
				     "reads per second from a device", parse_device, 2 },
	[LIM_DEVICE_WRITE_IOPS]	 = { "<dev>:<n>",
				     "writes per second to a device", parse_device, 3 },
	[LIM_NET_RATE]		 = { "<rate>",
				     "network rate each way, bridge only (1mbit, 10mbit)",
				     parse_net_rate },
	[LIM_NET_BURST]		 = { "<size>",
				     "bytes sent at once above the rate (default: 0.1 s of it)",
				     parse_memory },
};

/* The options' names: their rows here, by the index of their row of limit_opts[]. */
#define LIMIT_ROW(i, name) [i] = { name, required_argument, NULL, NSRUN_LIMIT_OPT_BASE + (i) }
const struct option nsrun_limit_longopts[NLIMS + 1] = {
	LIMIT_ROW(LIM_MEMORY, "memory"),
	LIMIT_ROW(LIM_MEMORY_SWAP, "memory-swap"),
	LIMIT_ROW(LIM_MEMORY_RESERVATION, "memory-reservation"),
	LIMIT_ROW(LIM_CPUS, "cpus"),
	LIMIT_ROW(LIM_CPU_SHARES, "cpu-shares"),
	LIMIT_ROW(LIM_CPUSET_CPUS, "cpuset-cpus"),
	LIMIT_ROW(LIM_PIDS, "pids-limit"),
	LIMIT_ROW(LIM_BLKIO_WEIGHT, "blkio-weight"),
	LIMIT_ROW(LIM_DEVICE_READ_BPS, "device-read-bps"),
	LIMIT_ROW(LIM_DEVICE_WRITE_BPS, "device-write-bps"),
	LIMIT_ROW(LIM_DEVICE_READ_IOPS, "device-read-iops"),
	LIMIT_ROW(LIM_DEVICE_WRITE_IOPS, "device-write-iops"),
	LIMIT_ROW(LIM_NET_RATE, "net-rate"),
	LIMIT_ROW(LIM_NET_BURST, "net-burst"),
	[NLIMS] = { NULL, 0, NULL, 0 },
};
#undef LIMIT_ROW

/* The device limits: set at a start only, as Docker does (update refuses them). */
#define UPDATE_DEVICE_OPTS                                                                        \
	(NSRUN_LIMIT_OPT(LIM_DEVICE_READ_BPS) | NSRUN_LIMIT_OPT(LIM_DEVICE_WRITE_BPS) |           \
	 NSRUN_LIMIT_OPT(LIM_DEVICE_READ_IOPS) | NSRUN_LIMIT_OPT(LIM_DEVICE_WRITE_IOPS))

void nsrun_limits_usage(FILE *out, bool devices)
{
	for (int i = 0; i < NLIMS; i++) {
		char opt[64];

		if (!devices && (UPDATE_DEVICE_OPTS & NSRUN_LIMIT_OPT(i)))
			continue;

		snprintf(opt, sizeof(opt), "%s--%s %s", i == LIM_MEMORY ? "-m, " : "    ",
			 nsrun_limit_longopts[i].name, limit_opts[i].arg);
		/* a long one has its help on a line of its own, as --security-opt's */
		if (strlen(opt) > 26)
			fprintf(out, " %s\n %-26s %s\n", opt, "", limit_opts[i].help);
		else
			fprintf(out, " %-26s %s\n", opt, limit_opts[i].help);
	}
}

/* Sizes: --memory, --memory-reservation, --net-burst. */
static void parse_memory(struct nsrun_limits *lim, int i, const char *arg)
{
	uint64_t v;
	int rc = runspec_parse_size(arg, &v);

	if (rc == -ERANGE)
		nsrun_die("--%s '%s' is too large", nsrun_limit_longopts[i].name, arg);
	if (rc < 0)
		nsrun_die("invalid --%s '%s': not a size (such as 512m or 2g)", nsrun_limit_longopts[i].name,
			  arg);
	switch (i) {
	case LIM_MEMORY:
		/* the kernel cannot run anything in less; Docker's minimum too */
		if (v < 6 * 1024 * 1024)
			nsrun_die("--memory '%s' is too small: at least 6m", arg);
		lim->cg.memory = v;
		break;
	case LIM_MEMORY_RESERVATION:
		lim->cg.memory_reservation = v;
		break;
	case LIM_NET_BURST:
		if (v < NET_BURST_MIN || v > UINT32_MAX)
			nsrun_die("--net-burst '%s' is out of range: from %d bytes, a full frame, "
				  "to 4g", arg, NET_BURST_MIN);
		lim->net_burst = v;
		break;
	}
}

static void parse_memory_swap(struct nsrun_limits *lim, int i, const char *arg)
{
	uint64_t v;
	int rc;

	(void)i;
	/* Docker's -1: swap as much as there is */
	if (strcmp(arg, "-1") == 0) {
		lim->cg.memory_swap = CGROUP_UNLIMITED;
		return;
	}
	rc = runspec_parse_size(arg, &v);
	if (rc == -ERANGE || v == CGROUP_UNLIMITED)
		nsrun_die("--memory-swap '%s' is too large", arg);
	if (rc < 0)
		nsrun_die("invalid --memory-swap '%s': not a size (such as 1g), nor -1", arg);
	lim->cg.memory_swap = v;
}

static void parse_cpus(struct nsrun_limits *lim, int i, const char *arg)
{
	int rc = runspec_parse_cpus(arg, CGROUP_CPU_PERIOD, &lim->cg.cpu_quota);

	(void)i;
	if (rc == -ERANGE)
		nsrun_die("--cpus '%s' is out of range (0.01 to 4096)", arg);
	if (rc < 0)
		nsrun_die("invalid --cpus '%s': expected a number of CPUs such as 0.5 or 2", arg);
}

/* Counts with a range: --pids-limit, --cpu-shares, --blkio-weight. */
static void parse_number(struct nsrun_limits *lim, int i, const char *arg)
{
	static const struct {
		uint64_t min, max;
	} range[NLIMS] = {
		[LIM_PIDS] = { 1, 0xffffffffu },
		[LIM_CPU_SHARES] = { 2, 262144 },
		[LIM_BLKIO_WEIGHT] = { 10, 1000 },
	};
	uint64_t n;

	if (runspec_parse_count(arg, &n) < 0 || n < range[i].min || n > range[i].max) {
		if (i == LIM_PIDS)
			nsrun_die("invalid --pids-limit '%s': expected a positive number", arg);
		nsrun_die("invalid --%s '%s': expected a number from %llu to %llu",
			  nsrun_limit_longopts[i].name, arg, (unsigned long long)range[i].min,
			  (unsigned long long)range[i].max);
	}
	if (i == LIM_PIDS)
		lim->cg.pids = n;
	else if (i == LIM_CPU_SHARES)
		lim->cg.cpu_shares = n;
	else
		lim->cg.io_weight = n;
}

static void parse_cpuset(struct nsrun_limits *lim, int i, const char *arg)
{
	(void)i;
	if (runspec_parse_cpuset(arg, lim->cg.cpuset_cpus, sizeof(lim->cg.cpuset_cpus)) < 0)
		nsrun_die("invalid --cpuset-cpus '%s': expected CPUs and ranges such as 0-3,6",
			  arg);
}

/*
 * The whole disk of a block device: the kernel throttles disks, and
 * refuses a partition's numbers (ENODEV). /sys/dev/block/MAJ:MIN of a
 * partition is a directory within its disk's, whose "dev" says the disk.
 */
static void whole_disk(unsigned int *major, unsigned int *minor)
{
	char path[PATH_MAX], real[PATH_MAX], dev[32];
	unsigned int a, b;
	char *slash;
	FILE *f;

	snprintf(path, sizeof(path), SYS_DEV_BLOCK "/%u:%u/partition", *major, *minor);
	if (access(path, F_OK) < 0)
		return;
	snprintf(path, sizeof(path), SYS_DEV_BLOCK "/%u:%u", *major, *minor);
	if (!realpath(path, real) || !(slash = strrchr(real, '/')))
		return;
	snprintf(slash, sizeof(real) - (size_t)(slash - real), "/dev");
	f = fopen(real, "re");
	if (!f)
		return;
	if (fgets(dev, sizeof(dev), f) && sscanf(dev, "%u:%u", &a, &b) == 2) {
		*major = a;
		*minor = b;
	}
	fclose(f);
}

static void parse_device(struct nsrun_limits *lim, int i, const char *arg)
{
	const struct limit_opt *o = &limit_opts[i];
	const char *name = nsrun_limit_longopts[i].name;
	bool iops = i == LIM_DEVICE_READ_IOPS || i == LIM_DEVICE_WRITE_IOPS;
	struct cgroup_io_dev *d = NULL;
	unsigned int major, minor;
	char path[PATH_MAX];
	const char *why;
	struct stat sb;
	uint64_t v;
	int rc;

	rc = runspec_parse_device_limit(arg, iops, path, sizeof(path), &v, &why);
	if (rc == -ERANGE)
		nsrun_die("--%s '%s' is too large", name, arg);
	if (rc < 0)
		nsrun_die("invalid --%s '%s': %s", name, arg, why);
	if (stat(path, &sb) < 0)
		nsrun_die_errno(-errno, "invalid --%s '%s': cannot use '%s'", name, arg, path);
	if (!S_ISBLK(sb.st_mode))
		nsrun_die("invalid --%s '%s': '%s' is not a block device", name, arg, path);
	major = major(sb.st_rdev);
	minor = minor(sb.st_rdev);
	whole_disk(&major, &minor);
	for (size_t k = 0; k < lim->cg.nio && !d; k++)
		if (lim->cg.io[k].major == major && lim->cg.io[k].minor == minor)
			d = &lim->cg.io[k];
	if (!d) {
		if (lim->cg.nio >= CGROUP_IO_DEVS_MAX)
			nsrun_die("too many devices limited: at most %d", CGROUP_IO_DEVS_MAX);
		d = &lim->cg.io[lim->cg.nio++];
		d->major = major;
		d->minor = minor;
	}
	switch (o->field) {
	case 0:
		d->rbps = v;
		break;
	case 1:
		d->wbps = v;
		break;
	case 2:
		d->riops = v;
		break;
	default:
		d->wiops = v;
		break;
	}
}

static void parse_net_rate(struct nsrun_limits *lim, int i, const char *arg)
{
	int rc = runspec_parse_net_rate(arg, &lim->net_rate);

	(void)i;
	if (rc == -ERANGE)
		nsrun_die("--net-rate '%s' is too large", arg);
	if (rc < 0)
		nsrun_die("invalid --net-rate '%s': expected a rate such as 1mbit, 100kbit or 1mbps "
			  "(at least 8bit)", arg);
}

void nsrun_limit_option(struct nsrun_limits *lim, int i, const char *arg)
{
	if (i < 0 || i >= NLIMS)
		cli_try_help();
	limit_opts[i].parse(lim, i, arg);
	lim->given |= NSRUN_LIMIT_OPT(i);
}

/* ------------------------------------------------------------- checks */

/* What Docker checks of memory options given together (or, for update, alone). */
static void check_memory(const struct cgroup_limits *cg)
{
	if (cg->memory_swap && !cg->memory)
		nsrun_die("--memory-swap needs --memory: it is their sum");
	if (cg->memory_swap && cg->memory_swap != CGROUP_UNLIMITED && cg->memory_swap < cg->memory)
		nsrun_die("--memory-swap must not be less than --memory (it counts memory and swap "
			  "together)");
	if (cg->memory_reservation && cg->memory && cg->memory_reservation >= cg->memory)
		nsrun_die("--memory-reservation must be less than --memory");
}

void nsrun_limits_check(const struct nsrun_limits *lim, bool bridge)
{
	struct cgroup_layout cg;
	char why[256];
	int rc;

	check_memory(&lim->cg);
	if (lim->net_rate && !bridge)
		nsrun_die("--net-rate needs --net bridge: it shapes the container's veth");
	if (lim->net_burst && !lim->net_rate)
		nsrun_die("--net-burst needs --net-rate");
	if (!lim->cg.io_weight)
		return;
	rc = cgroup_layout_detect(&cg);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot find the cgroup hierarchies");
	if (cgroup_io_weight_check(&cg, SYS_BLOCK, why, sizeof(why)) < 0)
		nsrun_die("--blkio-weight: %s", why);
}

/* --------------------------------------------------------- network rate */

static void net_tbf(const struct nsrun_limits *lim, struct netlink_tbf *t)
{
	uint64_t burst = lim->net_burst;

	if (!burst) {
		burst = lim->net_rate / 10;
		if (burst < NET_BURST_DEFAULT_MIN)
			burst = NET_BURST_DEFAULT_MIN;
		if (burst > UINT32_MAX / 2)
			burst = UINT32_MAX / 2;
	}
	t->rate = lim->net_rate;
	t->burst = (uint32_t)burst;
	/* the burst and what the rate sends in NET_QUEUE_MS wait; more is dropped */
	t->limit = (uint32_t)(burst + (lim->net_rate * NET_QUEUE_MS / 1000 < UINT32_MAX / 2 ?
				       lim->net_rate * NET_QUEUE_MS / 1000 : UINT32_MAX / 2));
}

/* The token bucket of the container's end, eth0 in its namespace. */
static int ctr_end_tbf(int netns_fd, const struct netlink_tbf *set, struct netlink_tbf *get)
{
	struct netlink nl;
	int ifindex, rc = netlink_open_in(&nl, netns_fd);

	if (rc < 0)
		return rc;
	rc = netlink_ifindex(&nl, NSRUN_CTR_IFNAME, &ifindex);
	if (!rc)
		rc = set ? netlink_set_tbf(&nl, ifindex, set) : netlink_get_tbf(&nl, ifindex, get);
	netlink_close(&nl);
	return rc;
}

int nsrun_net_rate_apply(const struct nsrun_limits *lim, int host_ifindex, int netns_fd)
{
	struct netlink_tbf t;
	struct netlink nl;
	int rc;

	if (!lim->net_rate)
		return 0;
	net_tbf(lim, &t);
	/* the host's end sends what the container receives */
	rc = netlink_open(&nl);
	if (rc < 0)
		return rc;
	rc = netlink_set_tbf(&nl, host_ifindex, &t);
	netlink_close(&nl);
	return rc ? rc : ctr_end_tbf(netns_fd, &t, NULL);
}

/* ---------------------------------------------------------------- inspect */

static void json_limit(struct jsonw *w, const char *key, uint64_t v)
{
	if (v)
		jsonw_uint(w, key, v);
	else
		jsonw_null(w, key);
}

/* "/dev/vda" for 254:0, from its uevent; NULL when sysfs does not say. */
static const char *dev_name(unsigned int major, unsigned int minor, char *buf, size_t size)
{
	char path[64], line[128];
	const char *name = NULL;
	FILE *f;

	snprintf(path, sizeof(path), SYS_DEV_BLOCK "/%u:%u/uevent", major, minor);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	while (!name && fgets(line, sizeof(line), f))
		if (strncmp(line, "DEVNAME=", 8) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, size, "/dev/%s", line + 8);
			name = buf;
		}
	fclose(f);
	return name;
}

static void json_devices(struct jsonw *w, const struct cgroup_limits *lim)
{
	jsonw_array(w, "devices");
	for (size_t i = 0; i < lim->nio; i++) {
		const struct cgroup_io_dev *d = &lim->io[i];
		char name[160];

		jsonw_object(w, NULL);
		jsonw_string(w, "device", dev_name(d->major, d->minor, name, sizeof(name)));
		jsonw_uint(w, "major", d->major);
		jsonw_uint(w, "minor", d->minor);
		json_limit(w, "read_bps", d->rbps);
		json_limit(w, "write_bps", d->wbps);
		json_limit(w, "read_iops", d->riops);
		json_limit(w, "write_iops", d->wiops);
		jsonw_end(w);
	}
	jsonw_end(w);
}

/* The token buckets of both ends of a running container's veth: 0 where none. */
static void read_net_rates(const struct runstate *st, bool running, struct netlink_tbf *in,
			   struct netlink_tbf *out)
{
	struct netlink nl;
	char path[64];
	int fd;

	memset(in, 0, sizeof(*in));
	memset(out, 0, sizeof(*out));
	if (!running || !st->host_veth[0])
		return;
	if (netlink_open(&nl) == 0) {
		int ifindex = st->host_veth_ifindex;

		if (ifindex || netlink_ifindex(&nl, st->host_veth, &ifindex) == 0)
			netlink_get_tbf(&nl, ifindex, in);
		netlink_close(&nl);
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)st->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ctr_end_tbf(fd, NULL, out);
		close(fd);
	}
}

void nsrun_limits_json(struct jsonw *w, const struct runstate *st, bool running)
{
	static struct cgroup_layout cg;
	static int have = -1;
	struct cgroup_limits lim = { 0 };
	struct netlink_tbf in, out;

	if (have < 0)
		have = cgroup_layout_detect(&cg) == 0;
	/* a cgroup that is gone (the container ended) has none: all null */
	if (st->cgroup[0] && have && cgroup_read_limits(&cg, st->cgroup, &lim) < 0)
		memset(&lim, 0, sizeof(lim));
	read_net_rates(st, running, &in, &out);
	jsonw_object(w, "limits");
	json_limit(w, "memory", lim.memory);
	/* Docker's -1: memory limited, swap not */
	if (lim.memory_swap == CGROUP_UNLIMITED)
		jsonw_int(w, "memory_swap", -1);
	else
		json_limit(w, "memory_swap", lim.memory_swap);
	json_limit(w, "memory_reservation", lim.memory_reservation);
	/* CPU time per 100 ms period: --cpus 0.5 is 50000 */
	json_limit(w, "cpu_quota_us", lim.cpu_quota);
	json_limit(w, "cpu_shares", lim.cpu_shares);
	jsonw_string(w, "cpuset_cpus", lim.cpuset_cpus[0] ? lim.cpuset_cpus : NULL);
	json_limit(w, "pids", lim.pids);
	json_limit(w, "blkio_weight", lim.io_weight);
	json_devices(w, &lim);
	/* bytes per second each way, as the token buckets hold them */
	json_limit(w, "net_send_rate", out.rate);
	json_limit(w, "net_receive_rate", in.rate);
	json_limit(w, "net_burst", out.burst ? out.burst : in.burst);
	jsonw_end(w);
}

/* ---------------------------------------------------------------- update */

static void __attribute__((noreturn)) update_usage(void)
{
	printf("Usage: %s update [options] <name>...\n\nChange the limits of running containers, "
	       "as docker update does.\n\nOptions:\n", cli_name);
	nsrun_limits_usage(stdout, false);
	printf(" -h, --help                 display this help\n");
	exit(EXIT_SUCCESS);
}

/* One container: 0, or 1 having said why not. */
static int update_one(const char *name, const struct nsrun_limits *lim,
		      const struct cgroup_layout *cg)
{
	char failed[PATH_MAX] = "";
	struct runstate st;
	int rc;

	nsrun_load_or_die(name, &st);
	if (strcmp(nsrun_state_of(&st), "running") != 0) {
		nsrun_warn("container '%s' is not running", name);
		return 1;
	}
	/*
	 * Security: as stop and exec, a record alone is not enough: its
	 * process (the start time the record saved, nsrun_state_of() checked)
	 * must be in the cgroup whose limits would change.
	 */
	if (!nsrun_in_its_cgroup(&st)) {
		nsrun_warn("process %d of container '%s' is not in its cgroup '%s'", (int)st.pid,
			   name, st.cgroup);
		return 1;
	}
	if (lim->net_rate && !st.host_veth[0]) {
		nsrun_warn("container '%s' is on no bridge network: --net-rate needs one", name);
		return 1;
	}
	if (cgroup_limits_ctrls(&lim->cg)) {
		/* a rootless container lives in its caller's cgroup, which is not to be limited */
		if (!st.cgroup[0]) {
			nsrun_warn("container '%s' has no cgroup of its own", name);
			return 1;
		}
		rc = cgroup_update(cg, st.cgroup, &lim->cg, failed, sizeof(failed));
		if (rc == -ENOENT && failed[0] && !strchr(failed, '/')) {
			nsrun_warn("container '%s' has no cgroup in the %s hierarchy: on this host's "
				   "cgroup v1 only limits given at its start can be changed", name,
				   failed);
			return 1;
		}
		if (rc == -EOPNOTSUPP) {
			nsrun_warn("no cgroup hierarchy has the %s controller", failed);
			return 1;
		}
		if (rc < 0) {
			nsrun_warn_errno(rc, "cannot update container '%s' ('%s')", name, failed);
			return 1;
		}
	}
	if (lim->net_rate) {
		char path[64];
		int fd, ifindex = st.host_veth_ifindex;
		struct netlink nl;

		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)st.pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		rc = fd < 0 ? -errno : netlink_open(&nl);
		if (!rc) {
			if (!ifindex)
				rc = netlink_ifindex(&nl, st.host_veth, &ifindex);
			netlink_close(&nl);
		}
		if (!rc)
			rc = nsrun_net_rate_apply(lim, ifindex, fd);
		if (fd >= 0)
			close(fd);
		if (rc < 0) {
			nsrun_warn_errno(rc, "cannot change the network rate of container '%s'", name);
			return 1;
		}
	}
	return 0;
}

int nsrun_cmd_update(int argc, char **argv)
{
	struct option longopts[NLIMS + 2];
	struct nsrun_limits lim = { 0 };
	struct cgroup_layout cg;
	int c, failed = 0, rc;

	memcpy(longopts, nsrun_limit_longopts, NLIMS * sizeof(longopts[0]));
	longopts[NLIMS] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[NLIMS + 1] = (struct option){ NULL, 0, NULL, 0 };
	while ((c = getopt_long(argc, argv, "+m:h", longopts, NULL)) != -1) {
		if (c == 'h')
			update_usage();
		if (c == 'm')
			c = NSRUN_LIMIT_OPT_BASE + LIM_MEMORY;
		if (c < NSRUN_LIMIT_OPT_BASE || c >= NSRUN_LIMIT_OPT_BASE + NLIMS)
			cli_try_help();
		nsrun_limit_option(&lim, c - NSRUN_LIMIT_OPT_BASE, optarg);
	}
	if (optind == argc)
		nsrun_die("update: a container name is needed");
	if (lim.given & UPDATE_DEVICE_OPTS)
		nsrun_die("update: device limits are set when a container starts, as with Docker");
	if (!lim.given)
		nsrun_die("update: no limit to change (see 'nsrun update --help')");
	/* on a bridge or not is each container's own: said by update_one() */
	nsrun_limits_check(&lim, true);
	nsrun_state_open();
	rc = cgroup_layout_detect(&cg);
	if (rc < 0 && cgroup_limits_ctrls(&lim.cg))
		nsrun_die_errno(rc, "cannot find the cgroup hierarchies");
	for (int i = optind; i < argc; i++)
		failed += update_one(argv[i], &lim, &cg);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* -------------------------------------------------------------------- OOM */

bool nsrun_oom_verdict(struct nsrun_launch *l, int exit_status)
{
	struct cgroup_where where = { { NULL } };
	struct cgroup_stats st;
	char size[32];

	if (!l->have_cg)
		return false;
	for (size_t h = 0; h < l->cg.n; h++)
		if (l->cg_made.levels[h])
			where.rel[h] = l->st.cgroup;
	cgroup_read_stats(&l->cg, &where, CGROUP_STAT_MEMORY | CGROUP_STAT_OOM, &st, NULL);
	if (!(st.have & CGROUP_STAT_MEMORY) || !st.oom_kills)
		return false;
	/* a notice for people: scripts have the exit status */
	if (isatty(STDERR_FILENO)) {
		if (st.mem_limit)
			snprintf(size, sizeof(size), " of %lluM",
				 (unsigned long long)(st.mem_limit >> 20));
		else
			size[0] = '\0';
		nsrun_warn("container '%s' ran out of its memory%s: the kernel's OOM killer ended "
			   "%llu process%s (exit status %d)", l->st.name, size,
			   (unsigned long long)st.oom_kills, st.oom_kills == 1 ? "" : "es",
			   exit_status);
	}
	return true;
}
