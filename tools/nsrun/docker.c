// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Docker's view of an nsrun container: the part of `docker inspect`'s
 * document that nsrun knows, with Docker's names and values, for `nsrun
 * inspect --format` ("{{.State.Pid}}", "{{json .}}"), so that what people
 * copy from tutorials and scripts works as typed. nsrun's own inspect
 * document, with its own names, stays what `nsrun inspect` prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "jsonw.h"
#include "nsrun.h"

/* Docker's zero time, which it shows for a container that has not finished. */
#define DOCKER_ZERO_TIME "0001-01-01T00:00:00Z"

static void add_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v ? v : ""));
}

/* The container a record says it joined the namespace of type t of: "db" of "net=db,...". */
static bool joined_of(const struct runstate *st, enum ns_type t, char *name, size_t size)
{
	const char *type = nstype_name(t);
	size_t tl = strlen(type);

	for (const char *p = st->joined; *p;) {
		size_t len = strcspn(p, ",");

		if (len > tl + 1 && strncmp(p, type, tl) == 0 && p[tl] == '=') {
			snprintf(name, size, "%.*s", (int)(len - tl - 1), p + tl + 1);
			return true;
		}
		p += len;
		p += *p == ',';
	}
	return false;
}

/*
 * A namespace's mode as Docker spells it in HostConfig: private is
 * Docker's default, given as def ("" for PidMode and UTSMode, "private"
 * for IpcMode...); "host"; "container:NAME"; "ns" for a namespace file.
 */
static void mode_of(const struct runstate *st, enum ns_type t, const char *def, char *buf,
		    size_t size)
{
	char name[RUNSTATE_NAME_MAX];

	if (st->created_ns & NS_MASK(t))
		snprintf(buf, size, "%s", def);
	else if (st->host_ns & NS_MASK(t))
		snprintf(buf, size, "host");
	else if (joined_of(st, t, name, sizeof(name)))
		snprintf(buf, size, "container:%s", name);
	else
		snprintf(buf, size, "ns");
}

static struct json_object *network_settings(const struct runstate *st, bool running)
{
	struct json_object *ns = json_object_new_object(), *nets = json_object_new_object();
	char addr[64] = "", gw[32] = "", sandbox[64] = "";
	int prefix = 0;

	if (st->address[0]) {
		const char *slash = strchr(st->address, '/');

		snprintf(addr, sizeof(addr), "%.*s",
			 (int)(slash ? (size_t)(slash - st->address) : strlen(st->address)),
			 st->address);
		prefix = slash ? atoi(slash + 1) : 32;
	}
	if (st->network[0]) {
		struct runstate_net net;
		struct json_object *one = json_object_new_object();

		if (runstate_net_load(st->network, &net) == 0)
			snprintf(gw, sizeof(gw), "%s", net.gateway);
		add_str(one, "NetworkID", st->network);
		add_str(one, "IPAddress", addr);
		json_object_object_add(one, "IPPrefixLen", json_object_new_int(prefix));
		add_str(one, "Gateway", gw);
		json_object_object_add(nets, st->network, one);
	}
	if (running)
		snprintf(sandbox, sizeof(sandbox), "/proc/%d/ns/net", (int)st->pid);
	add_str(ns, "SandboxKey", sandbox);
	/*
	 * Docker fills the top-level address for its default network only;
	 * a container of nsrun's is on one network at most, whose address
	 * this is, as scripts copied from Docker's tutorials expect.
	 */
	add_str(ns, "IPAddress", addr);
	json_object_object_add(ns, "IPPrefixLen", json_object_new_int(prefix));
	add_str(ns, "Gateway", gw);
	json_object_object_add(ns, "Networks", nets);
	return ns;
}

struct json_object *nsrun_docker_view(const struct runstate *st)
{
	const char *state = nsrun_state_of(st);
	bool running = strcmp(state, "running") == 0;
	bool ended = strcmp(state, RUNSTATE_EXITED) == 0 || strcmp(state, RUNSTATE_OOM_KILLED) == 0;
	struct json_object *doc = json_object_new_object();
	struct json_object *s = json_object_new_object(), *hc = json_object_new_object();
	struct json_object *cfg = json_object_new_object();
	char buf[RUNSTATE_NAME_MAX + 64], when[64];

	add_str(doc, "Id", st->name);
	jsonw_rfc3339(st->created, when, sizeof(when));
	add_str(doc, "Created", when);
	snprintf(buf, sizeof(buf), "/%s", st->name);
	add_str(doc, "Name", buf);
	if (st->image_id[0]) {
		snprintf(buf, sizeof(buf), "sha256:%s", st->image_id);
		add_str(doc, "Image", buf);
	} else {
		add_str(doc, "Image", "");
	}

	/* Docker's words: created, running, exited */
	add_str(s, "Status", ended ? "exited" : strcmp(state, "creating") == 0 ? "created" :
		running ? "running" : "exited");
	json_object_object_add(s, "Running", json_object_new_boolean(running));
	json_object_object_add(s, "Paused", json_object_new_boolean(false));
	json_object_object_add(s, "Restarting", json_object_new_boolean(false));
	json_object_object_add(s, "OOMKilled",
			       json_object_new_boolean(strcmp(state, RUNSTATE_OOM_KILLED) == 0));
	json_object_object_add(s, "Dead", json_object_new_boolean(false));
	/* as Docker: 0 when it does not run */
	json_object_object_add(s, "Pid", json_object_new_int(running ? st->pid : 0));
	json_object_object_add(s, "ExitCode", json_object_new_int(st->finished ? st->exit_code :
								  0));
	add_str(s, "StartedAt", when);
	if (st->finished)
		jsonw_rfc3339(st->finished, when, sizeof(when));
	add_str(s, "FinishedAt", st->finished ? when : DOCKER_ZERO_TIME);
	json_object_object_add(doc, "State", s);

	mode_of(st, NS_PID, "", buf, sizeof(buf));
	add_str(hc, "PidMode", buf);
	mode_of(st, NS_IPC, "private", buf, sizeof(buf));
	add_str(hc, "IpcMode", buf);
	mode_of(st, NS_UTS, "", buf, sizeof(buf));
	add_str(hc, "UTSMode", buf);
	mode_of(st, NS_CGROUP, "private", buf, sizeof(buf));
	add_str(hc, "CgroupnsMode", buf);
	mode_of(st, NS_USER, "private", buf, sizeof(buf));
	/* Docker's default is the daemon's user namespace: "" */
	add_str(hc, "UsernsMode", strcmp(buf, "host") == 0 ? "" : buf);
	if (st->network[0])
		snprintf(buf, sizeof(buf), "%s", st->network);
	else
		mode_of(st, NS_NET, "none", buf, sizeof(buf));
	add_str(hc, "NetworkMode", buf);
	json_object_object_add(hc, "AutoRemove", json_object_new_boolean(st->auto_remove));
	add_str(hc, "CgroupParent", st->cgroup);
	json_object_object_add(doc, "HostConfig", hc);

	add_str(cfg, "Hostname", st->hostname);
	add_str(cfg, "Image", st->image[0] ? st->image : "");
	add_str(cfg, "WorkingDir", st->workdir);
	json_object_object_add(cfg, "Tty", json_object_new_boolean(st->tty));
	json_object_object_add(cfg, "OpenStdin", json_object_new_boolean(st->open_stdin));
	json_object_object_add(doc, "Config", cfg);

	json_object_object_add(doc, "NetworkSettings", network_settings(st, running));
	return doc;
}
