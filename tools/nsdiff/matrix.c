// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsdiff --all: every container on the host against the host, one row per
 * container (as common/container recognises them from cgroup paths, nsrun
 * ones included), one column per namespace type: "host" where it shares
 * the host's namespace, "container:NAME" where it shares one with other
 * containers (Docker's --ipc=container:NAME), "private" otherwise. Shares
 * with the host of pid, net, ipc, mnt and user are flagged as risks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tool.h"

enum {
	COL_CONTAINER,
	COL_RUNTIME,
	COL_INIT,
	COL_NS,				/* the first of NS_NTYPES type columns */
	COL_RISKS = COL_NS + NS_NTYPES,
	NCOLS,
};

/* what a type column says */
#define SHARE "host, private or container:NAMES"

const struct out_column matrix_columns[NCOLS] = {
	[COL_CONTAINER]	= { "CONTAINER", 0, 0, SCOLS_JSON_STRING, "name, or short id" },
	[COL_RUNTIME]	= { "RUNTIME", 0, 0, SCOLS_JSON_STRING, "container runtime" },
	[COL_INIT]	= { "INIT", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "PID of the container's init (the root of its process tree)" },
	[COL_NS + NS_MNT]	= { "MNT", 0, 0, SCOLS_JSON_STRING, "its mount namespace: " SHARE },
	[COL_NS + NS_NET]	= { "NET", 0, 0, SCOLS_JSON_STRING, "its network namespace: " SHARE },
	[COL_NS + NS_PID]	= { "PID", 0, 0, SCOLS_JSON_STRING, "its pid namespace: " SHARE },
	[COL_NS + NS_UTS]	= { "UTS", 0, 0, SCOLS_JSON_STRING, "its UTS namespace: " SHARE },
	[COL_NS + NS_IPC]	= { "IPC", 0, 0, SCOLS_JSON_STRING, "its IPC namespace: " SHARE },
	[COL_NS + NS_USER]	= { "USER", 0, 0, SCOLS_JSON_STRING, "its user namespace: " SHARE },
	[COL_NS + NS_CGROUP]	= { "CGROUP", 0, 0, SCOLS_JSON_STRING,
				    "its cgroup namespace: " SHARE },
	[COL_NS + NS_TIME]	= { "TIME", 0, 0, SCOLS_JSON_STRING, "its time namespace: " SHARE },
	[COL_RISKS]	= { "RISKS", 0, 0, SCOLS_JSON_ARRAY_STRING,
			    "the risky types shared with the host" },
};
const size_t matrix_ncols = NCOLS;

struct row {
	const struct container_info *ct;	/* the snapshot's */
	struct task *init;
};

static int cmp_row(const void *x, const void *y)
{
	const struct row *a = x, *b = y;

	return (a->init->pid > b->init->pid) - (a->init->pid < b->init->pid);
}

/* The containers of the snapshot, one row each, by their init's PID. */
static struct row *find_rows(struct snapshot *snap, size_t *n)
{
	struct row *v = NULL;
	size_t cnt = 0;

	for (size_t i = 0; i < snap->ntasks; i++) {
		struct task *tk = &snap->tasks[i];
		bool seen = false;
		struct row *nv;

		if (snapshot_task_load(snap, tk, TASK_CONTAINER) < 0 || !tk->ct || tk->ct->monitor)
			continue;
		/* the snapshot keeps one record per container */
		for (size_t j = 0; j < cnt && !seen; j++)
			seen = v[j].ct == tk->ct;
		if (seen)
			continue;
		nv = realloc(v, (cnt + 1) * sizeof(*v));
		if (!nv)
			cli_die_errno(-ENOMEM, "cannot list the containers");
		v = nv;
		v[cnt].ct = tk->ct;
		v[cnt].init = snapshot_container_init(snap, tk->ct);
		if (v[cnt].init)
			cnt++;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_row);
	*n = cnt;
	return v;
}

/*
 * "host", "private", "container:web1,web2" (symmetric: nothing recorded
 * who joined whom), "joined web's net", "shared with side1,side2", or NULL
 * when unknown.
 */
static char *cell_text(const struct snapshot *snap, const struct nsdiff_matrix *m,
		       const struct row *rows, size_t r, int t)
{
	const struct nsdiff_cell *cell = &m->cells[r][t];
	const struct nsdiff_group *g;
	size_t cap = 16, off;
	char *s;

	switch (cell->share) {
	case NSDIFF_UNKNOWN:
		return NULL;
	case NSDIFF_HOST:
	case NSDIFF_PRIVATE:
		return strdup(nsdiff_share_name(cell->share));
	case NSDIFF_SHARED:
		break;
	}
	g = &m->groups[cell->group];
	/* where the runtime recorded who joined whom, the joiner says whose it joined */
	for (size_t i = 0; i < g->n; i++) {
		const struct container_info *o = rows[g->rows[i]].ct;
		char text[TARGET_LABEL_MAX + 32];

		if (g->rows[i] != r && nsdiff_joined(snap, rows[r].ct, o, t)) {
			nsdiff_joined_text(o, t, text, sizeof(text));
			return strdup(text);
		}
	}
	for (size_t i = 0; i < g->n; i++)
		cap += strlen(container_label(rows[g->rows[i]].ct)) + 1;
	s = malloc(cap);
	if (!s)
		return NULL;
	/* ... and the owner who joined it, when every other one did */
	bool owner = true;

	for (size_t i = 0; i < g->n && owner; i++)
		owner = g->rows[i] == r || nsdiff_joined(snap, rows[g->rows[i]].ct, rows[r].ct, t);
	off = (size_t)snprintf(s, cap, owner ? "shared with " : "container:");
	for (size_t i = 0, k = 0; i < g->n; i++) {
		if (g->rows[i] == r)
			continue;
		off += (size_t)snprintf(s + off, cap - off, "%s%s", k++ ? "," : "",
					container_label(rows[g->rows[i]].ct));
	}
	return s;
}

static const char *cell_color(const struct nsdiff_matrix *m, size_t r, int t)
{
	switch (m->cells[r][t].share) {
	case NSDIFF_HOST:
		return (NSDIFF_RISKY & NS_MASK(t)) ? "red" : "yellow";
	case NSDIFF_SHARED:
		return "cyan";
	default:
		return NULL;
	}
}

/* The risks as the table shows them ("net,pid") or as JSON array lines ("net\npid"). */
static char *risks_text(ns_mask_t risks, char sep)
{
	char *s = malloc(64);
	size_t off = 0;

	if (!s)
		return NULL;
	s[0] = '\0';
	for (int t = 0; t < NS_NTYPES; t++) {
		if (!(risks & NS_MASK(t)))
			continue;
		if (off)
			s[off++] = sep;
		off += (size_t)snprintf(s + off, 64 - off, "%s", nstype_name(t));
	}
	return s;
}

/*
 * The columns to show: -o's, else all of them. A type column that is not
 * compared (-t, or a type the kernel does not have) is left out of the
 * default ones and is an error when named.
 */
static size_t pick_columns(struct nsdiff_ctx *c, ns_mask_t types, int *ids)
{
	size_t n = 0;

	if (!c->ncols) {
		for (int i = 0; i < NCOLS; i++)
			c->cols[c->ncols++] = i;
		c->ncols_default = c->ncols;
	}
	for (size_t i = 0; i < c->ncols; i++) {
		int id = c->cols[i];

		if (id >= COL_NS && id < COL_RISKS && !(types & NS_MASK(id - COL_NS))) {
			if (i >= c->ncols_default)
				trouble("column '%s' is of a type not compared", matrix_columns[id].name);
			continue;
		}
		ids[n++] = id;
	}
	return n;
}

static struct libscols_table *new_table(struct nsdiff_ctx *c, const int *ids, size_t n)
{
	struct libscols_table *tb = out_table_new(&c->out);

	if (!tb)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct libscols_column *cl;

		cl = out_table_add(tb, &c->out, &matrix_columns[ids[i]], 0);
		if (!cl)
			goto out_unref;
		/*
		 * JSON: the risks as an array. libsmartcols splits a cell into
		 * array elements with a wrap function, which needs SCOLS_FL_WRAP.
		 */
		if (ids[i] == COL_RISKS && c->out.format == OUT_JSON) {
			scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_WRAP);
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize, scols_wrapnl_nextchunk,
						  NULL);
		}
	}
	return tb;
out_unref:
	scols_unref_table(tb);
	return NULL;
}

/* Cell col of row r: column id. 0, or -ENOMEM. */
static int set_cell(struct nsdiff_ctx *c, struct libscols_line *ln, size_t col, int id,
		    const struct nsdiff_matrix *m, const struct row *rows, size_t r)
{
	const struct container_info *ct = rows[r].ct;
	const char *clr = NULL;
	char *s;
	int rc;

	switch (id) {
	case COL_CONTAINER:
		return out_cell(&c->out, ln, col, container_label(ct));
	case COL_RUNTIME:
		return out_cell(&c->out, ln, col, container_runtime_name(ct->runtime));
	case COL_INIT:
		return out_cell_printf(&c->out, ln, col, "%d", (int)rows[r].init->pid);
	case COL_RISKS:
		s = risks_text(nsdiff_matrix_risks(m, r), c->out.format == OUT_JSON ? '\n' : ',');
		if (!s)
			return -ENOMEM;
		rc = out_cell(&c->out, ln, col, s);
		if (c->out.color && s[0])
			clr = "red";
		free(s);
		break;
	default:
		s = cell_text(&c->snap, m, rows, r, id - COL_NS);
		if (s)
			rc = scols_line_refer_data(ln, col, s);
		else
			rc = out_cell(&c->out, ln, col, c->out.format == OUT_JSON ? NULL : "?");
		clr = c->out.color ? cell_color(m, r, id - COL_NS) : NULL;
		break;
	}
	if (!rc && clr)
		scols_cell_set_color(scols_line_get_cell(ln, col), clr);
	return rc;
}

int matrix_run(struct nsdiff_ctx *c)
{
	struct snapshot_opts so = {
		.types = c->types,
		.host = true,
		.sysroot = c->host_root,
	};
	struct libscols_table *tb = NULL;
	struct nsdiff_matrix m = { 0 };
	uint64_t (*ino)[NS_NTYPES] = NULL;
	ns_mask_t types, any_risk = 0;
	bool unknown = false;
	struct row *rows;
	size_t n;
	int rc;

	c->out.json_name = "containers";
	rc = snapshot_take(&c->snap, &c->pfs, &so);
	if (rc)
		cli_die_errno(rc, "cannot read processes under '%s'", c->pfs.root);
	if (!c->snap.ntasks)
		trouble("no processes under '%s'", c->pfs.root);
	if (!c->snap.host_ref)
		trouble("cannot find the host's namespaces (no PID 1 or 2 is readable)");
	/* the types this kernel has: those the host has a namespace of */
	types = 0;
	for (int t = 0; t < NS_NTYPES; t++)
		if (c->snap.host_ns[t])
			types |= NS_MASK(t);
	if (c->types_given && (c->types & ~types))
		trouble("the kernel has no namespaces of a type asked for");
	types &= c->types;

	rows = find_rows(&c->snap, &n);
	if (!n && !c->quiet && c->out.format != OUT_JSON)
		note("no containers found");
	if (n) {
		ino = calloc(n, sizeof(*ino));
		if (!ino)
			cli_die_errno(-ENOMEM, "cannot build the matrix");
		for (size_t r = 0; r < n; r++)
			for (int t = 0; t < NS_NTYPES; t++)
				ino[r][t] = (types & NS_MASK(t)) ? rows[r].init->ns[t] : 0;
	}
	rc = nsdiff_matrix_build(&m, (const uint64_t (*)[NS_NTYPES])ino, n, c->snap.host_ns);
	if (rc)
		cli_die_errno(rc, "cannot build the matrix");

	if (!c->quiet) {
		int ids[NSDIFF_MAX_COLS];
		size_t nids = pick_columns(c, types, ids);

		tb = new_table(c, ids, nids);
		if (!tb)
			cli_die_errno(-ENOMEM, "cannot build the table");
		for (size_t r = 0; r < n; r++) {
			struct libscols_line *ln = scols_table_new_line(tb, NULL);

			for (size_t i = 0; i < nids; i++)
				if (!ln || set_cell(c, ln, i, ids[i], &m, rows, r))
					cli_die_errno(-ENOMEM, "cannot build the table");
		}
	}
	for (size_t r = 0; r < n; r++) {
		any_risk |= nsdiff_matrix_risks(&m, r);
		for (int t = 0; t < NS_NTYPES; t++)
			if ((types & NS_MASK(t)) && m.cells[r][t].share == NSDIFF_UNKNOWN)
				unknown = true;
	}
	if (tb) {
		rc = scols_print_table(tb);
		/* a failed write first: "write error", not what it made fail */
		cli_check_stdout();
		if (rc)
			cli_die_errno(rc, "cannot write the output");
		scols_unref_table(tb);
	}
	nsdiff_matrix_release(&m);
	free(ino);
	free(rows);
	snapshot_release(&c->snap);
	/* what could not be seen makes the answer incomplete: say so and fail */
	if (unknown)
		trouble("the namespaces of some containers could not be read (\"?\")");
	return any_risk ? NSDIFF_EXIT_DIFFERENT : NSDIFF_EXIT_SAME;
}
