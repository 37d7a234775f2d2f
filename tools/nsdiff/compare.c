// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The comparison behind nsdiff: a merge of two sorted item lists per kind
 * of fact, and the grouping of containers by namespace for --all.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "compare.h"

const char *nsdiff_change_name(enum nsdiff_change c)
{
	static const char *const names[] = {
		[NSDIFF_A_ONLY] = "a-only",
		[NSDIFF_B_ONLY] = "b-only",
		[NSDIFF_CHANGED] = "changed",
	};

	return (unsigned int)c < sizeof(names) / sizeof(names[0]) ? names[c] : "unknown";
}

const char *nsdiff_share_name(enum nsdiff_share s)
{
	static const char *const names[] = {
		[NSDIFF_UNKNOWN] = "unknown",
		[NSDIFF_PRIVATE] = "private",
		[NSDIFF_HOST] = "host",
		[NSDIFF_SHARED] = "shared",
	};

	return (unsigned int)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

/* ------------------------------------------------------------ lists */

/* Is the element elem (len bytes) one of list's comma-separated elements? */
static bool list_has(const char *list, const char *elem, size_t len)
{
	const char *p = list;

	while (*p) {
		size_t l = strcspn(p, ",");

		if (l == len && memcmp(p, elem, len) == 0)
			return true;
		p += l;
		if (*p == ',')
			p++;
	}
	return false;
}

char *nsdiff_list_minus(const char *a, const char *b)
{
	size_t alen = strlen(a), off = 0;
	char *out = malloc(alen + 1);
	const char *p = a;

	if (!out)
		return NULL;
	out[0] = '\0';
	while (*p) {
		size_t l = strcspn(p, ",");

		/* empty elements and repeats are nothing to report */
		if (l && !list_has(b, p, l) && !(off && list_has(out, p, l))) {
			if (off)
				out[off++] = ',';
			memcpy(out + off, p, l);
			off += l;
			out[off] = '\0';
		}
		p += l;
		if (*p == ',')
			p++;
	}
	return out;
}

/* ------------------------------------------------------- comparison */

static int cmp_item_ptr(const void *x, const void *y)
{
	const struct inspect_item *a = *(const struct inspect_item *const *)x;
	const struct inspect_item *b = *(const struct inspect_item *const *)y;
	int c = strcmp(a->key, b->key);

	/* stable for equal keys: by address, which is the order in the list */
	if (c)
		return c;
	return (a > b) - (a < b);
}

static const struct inspect_item **sorted(const struct inspect_list *l)
{
	const struct inspect_item **v = malloc((l->n ? l->n : 1) * sizeof(*v));

	if (!v)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		v[i] = &l->items[i];
	qsort(v, l->n, sizeof(*v), cmp_item_ptr);
	return v;
}

static int push(struct nsdiff_result *r, enum inspect_cat cat, unsigned int kind,
		enum nsdiff_change change, const struct inspect_item *a,
		const struct inspect_item *b)
{
	struct nsdiff_entry *e;

	if (array_grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)) < 0)
		return -ENOMEM;
	e = &r->v[r->n];
	memset(e, 0, sizeof(*e));
	e->cat = cat;
	e->kind = kind;
	e->change = change;
	e->a = a;
	e->b = b;
	if (change == NSDIFF_CHANGED && (a->list || b->list)) {
		e->a_only = nsdiff_list_minus(a->list ? a->list : "", b->list ? b->list : "");
		e->b_only = nsdiff_list_minus(b->list ? b->list : "", a->list ? a->list : "");
		if (!e->a_only || !e->b_only) {
			free(e->a_only);
			free(e->b_only);
			return -ENOMEM;
		}
	}
	r->n++;
	return 0;
}

static bool same_item(const struct inspect_item *a, const struct inspect_item *b)
{
	if (strcmp(a->value, b->value) != 0)
		return false;
	if (!a->list || !b->list)
		return !a->list == !b->list;
	/* lists are sets: the order of the elements does not matter */
	if (strcmp(a->list, b->list) == 0)
		return true;
	{
		char *x = nsdiff_list_minus(a->list, b->list);
		char *y = nsdiff_list_minus(b->list, a->list);
		bool same = x && y && !*x && !*y;

		free(x);
		free(y);
		return same;
	}
}

static int compare_kind(enum inspect_cat cat, unsigned int kind, const struct inspect_list *la,
			const struct inspect_list *lb, struct nsdiff_result *r)
{
	const struct inspect_item **a = sorted(la), **b = sorted(lb);
	size_t i = 0, j = 0;
	int rc = -ENOMEM;

	if (!a || !b)
		goto out_free;
	while (i < la->n || j < lb->n) {
		int c = i == la->n ? 1 : j == lb->n ? -1 : strcmp(a[i]->key, b[j]->key);

		if (c < 0)
			rc = push(r, cat, kind, NSDIFF_A_ONLY, a[i++], NULL);
		else if (c > 0)
			rc = push(r, cat, kind, NSDIFF_B_ONLY, NULL, b[j++]);
		else if (!same_item(a[i], b[j]))
			rc = push(r, cat, kind, NSDIFF_CHANGED, a[i++], b[j++]);
		else {
			i++;
			j++;
			rc = 0;
		}
		if (rc)
			goto out_free;
	}
	rc = 0;
out_free:
	free(a);
	free(b);
	return rc;
}

int nsdiff_compare(const struct inspect_facts *a, const struct inspect_facts *b,
		   ns_mask_t types, struct nsdiff_result *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	/* by type in nstype order, then by category and kind in table order */
	for (int t = 0; t < NS_NTYPES; t++) {
		if (!(types & NS_MASK(t)))
			continue;
		for (int c = 0; c < INSPECT_NCATS; c++) {
			if (inspect_cats[c].type != (enum ns_type)t)
				continue;
			for (unsigned int k = 0; k < inspect_nkinds(c); k++) {
				rc = compare_kind(c, k, &a->cat[c][k], &b->cat[c][k], r);
				if (rc) {
					nsdiff_result_release(r);
					return rc;
				}
			}
		}
	}
	return 0;
}

void nsdiff_result_release(struct nsdiff_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].a_only);
		free(r->v[i].b_only);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

size_t nsdiff_count(const struct nsdiff_result *r, enum ns_type t)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += inspect_cats[r->v[i].cat].type == t;
	return n;
}

/* ----------------------------------------------------------- matrix */

struct row_ino {
	uint64_t ino;
	size_t row;
};

static int cmp_row_ino(const void *x, const void *y)
{
	const struct row_ino *a = x, *b = y;

	if (a->ino != b->ino)
		return (a->ino > b->ino) - (a->ino < b->ino);
	return (a->row > b->row) - (a->row < b->row);
}

int nsdiff_matrix_build(struct nsdiff_matrix *m, const uint64_t (*ino)[NS_NTYPES], size_t n,
			const uint64_t host[NS_NTYPES])
{
	struct row_ino *order = NULL;
	size_t used = 0;
	int rc = -ENOMEM;

	memset(m, 0, sizeof(*m));
	m->n = n;
	if (!n)
		return 0;
	/* every row is in one group per type: n * NS_NTYPES rows and groups at most */
	m->cells = calloc(n, sizeof(*m->cells));
	m->groups = calloc(n * NS_NTYPES, sizeof(*m->groups));
	m->rows = calloc(n * NS_NTYPES, sizeof(*m->rows));
	order = malloc(n * sizeof(*order));
	if (!m->cells || !m->groups || !m->rows || !order)
		goto out_free;

	for (int t = 0; t < NS_NTYPES; t++) {
		for (size_t i = 0; i < n; i++) {
			order[i].ino = ino[i][t];
			order[i].row = i;
		}
		qsort(order, n, sizeof(*order), cmp_row_ino);
		for (size_t g = 0; g < n;) {
			struct nsdiff_group *grp;
			size_t e = g;

			while (e < n && order[e].ino == order[g].ino)
				e++;
			if (!order[g].ino) {
				for (size_t k = g; k < e; k++)
					m->cells[order[k].row][t].share = NSDIFF_UNKNOWN;
				g = e;
				continue;
			}
			/* rows g..e-1 are in one namespace */
			grp = &m->groups[m->ngroups];
			grp->type = t;
			grp->ino = order[g].ino;
			grp->rows = m->rows + used;
			grp->n = e - g;
			for (size_t k = g; k < e; k++) {
				struct nsdiff_cell *c = &m->cells[order[k].row][t];

				m->rows[used++] = order[k].row;
				c->group = m->ngroups;
				if (host[t] && order[k].ino == host[t])
					c->share = NSDIFF_HOST;
				else
					c->share = e - g > 1 ? NSDIFF_SHARED : NSDIFF_PRIVATE;
			}
			m->ngroups++;
			g = e;
		}
	}
	rc = 0;
out_free:
	free(order);
	if (rc)
		nsdiff_matrix_release(m);
	return rc;
}

ns_mask_t nsdiff_matrix_risks(const struct nsdiff_matrix *m, size_t row)
{
	ns_mask_t risks = 0;

	if (row >= m->n)
		return 0;
	for (int t = 0; t < NS_NTYPES; t++)
		if (m->cells[row][t].share == NSDIFF_HOST && (NSDIFF_RISKY & NS_MASK(t)))
			risks |= NS_MASK(t);
	return risks;
}

void nsdiff_matrix_release(struct nsdiff_matrix *m)
{
	free(m->cells);
	free(m->groups);
	free(m->rows);
	memset(m, 0, sizeof(*m));
}
