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

static const struct out_column columns[NCOLS] = {
	[COL_CONTAINER]	= { "CONTAINER", 0, 0, SCOLS_JSON_STRING, "name, or short id" },
	[COL_RUNTIME]	= { "RUNTIME", 0, 0, SCOLS_JSON_STRING, "container runtime" },
	[COL_INIT]	= { "INIT", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "PID of the container's init (the root of its process tree)" },
	[COL_NS + NS_MNT]	= { "MNT", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_NS + NS_NET]	= { "NET", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_NS + NS_PID]	= { "PID", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_NS + NS_UTS]	= { "UTS", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_NS + NS_IPC]	= { "IPC", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_NS + NS_USER]	= { "USER", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_NS + NS_CGROUP]	= { "CGROUP", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_NS + NS_TIME]	= { "TIME", 0, 0, SCOLS_JSON_STRING, NULL },
	[COL_RISKS]	= { "RISKS", 0, 0, SCOLS_JSON_ARRAY_STRING,
			    "the risky types shared with the host" },
};

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

static struct libscols_table *new_table(struct nsdiff_ctx *c, ns_mask_t types)
{
	struct libscols_table *tb = out_table_new(&c->out);

	if (!tb)
		return NULL;
	for (int i = 0; i < NCOLS; i++) {
		struct libscols_column *cl;

		if (i >= COL_NS && i < COL_RISKS && !(types & NS_MASK(i - COL_NS)))
			continue;
		cl = out_table_add(tb, &c->out, &columns[i], 0);
		if (!cl)
			goto out_unref;
		/*
		 * JSON: the risks as an array. libsmartcols splits a cell into
		 * array elements with a wrap function, which needs SCOLS_FL_WRAP.
		 */
		if (i == COL_RISKS && c->out.format == OUT_JSON) {
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
		tb = new_table(c, types);
		if (!tb)
			cli_die_errno(-ENOMEM, "cannot build the table");
	}
	for (size_t r = 0; r < n; r++) {
		ns_mask_t risks = nsdiff_matrix_risks(&m, r);
		struct libscols_line *ln;
		size_t col = 0;
		char *s;

		any_risk |= risks;
		for (int t = 0; t < NS_NTYPES; t++)
			if ((types & NS_MASK(t)) && m.cells[r][t].share == NSDIFF_UNKNOWN)
				unknown = true;
		if (!tb)
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln || out_cell(&c->out, ln, col++, container_label(rows[r].ct)) ||
		    out_cell(&c->out, ln, col++, container_runtime_name(rows[r].ct->runtime)) ||
		    out_cell_printf(&c->out, ln, col++, "%d", (int)rows[r].init->pid))
			cli_die_errno(-ENOMEM, "cannot build the table");
		for (int t = 0; t < NS_NTYPES; t++) {
			const char *clr;

			if (!(types & NS_MASK(t)))
				continue;
			s = cell_text(&c->snap, &m, rows, r, t);
			if (s && scols_line_refer_data(ln, col, s))
				cli_die_errno(-ENOMEM, "cannot build the table");
			if (!s)
				out_cell(&c->out, ln, col, c->out.format == OUT_JSON ? NULL : "?");
			clr = cell_color(&m, r, t);
			if (c->out.color && clr)
				scols_cell_set_color(scols_line_get_cell(ln, col), clr);
			col++;
		}
		s = risks_text(risks, c->out.format == OUT_JSON ? '\n' : ',');
		if (!s || out_cell(&c->out, ln, col, s))
			cli_die_errno(-ENOMEM, "cannot build the table");
		if (c->out.color && s[0])
			scols_cell_set_color(scols_line_get_cell(ln, col), "red");
		free(s);
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
