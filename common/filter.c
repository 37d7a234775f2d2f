// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The filter language of filter.h: a lexer and a recursive-descent parser
 * that build a flat array of nodes, and an evaluator over that array.
 *
 * Nodes refer to each other by index, so the array grows with realloc and is
 * freed in one go, whatever the shape of the tree. && and || are n-ary (a
 * chain of a thousand operands is one node with a list of children), so the
 * recursion of the parser and of the evaluator is bounded by the nesting of
 * "(" and "!", which FILTER_MAX_DEPTH limits.
 */
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

/*
 * Patterns are weighed before regcomp() (see regex_weigh()), and the weights
 * of one filter may add up to this. glibc's regcomp is at least quadratic in
 * the copies it makes of optional atoms, and worse when they nest: x{1,2500}
 * takes 0.25 s and 55 MB, x{1,32767} 50 s and 8 GB, x****{1,400} 0.9 s and
 * x{,}{,}{,}{,}{1,1000} a minute. Up to this weight the worst we found takes
 * 0.1 s, while real patterns ([0-9a-f]{64}: 128) stay well below.
 */
#define FILTER_REGEX_BUDGET 1024

/* Column values up to this size are copied on the stack when compared with another column. */
#define FILTER_COPY_MAX 256

/* Room for a quoted token in a message: 36 bytes, "..." and a NUL. */
#define FILTER_QUOTE_MAX 40

enum filter_kind {
	FILTER_OR,		/* n-ary: first, then each child's next */
	FILTER_AND,
	FILTER_NOT,		/* child */
	FILTER_TRUTH,		/* a bare operand: cmp.lhs */
	FILTER_EQ,		/* cmp.lhs OP cmp.rhs */
	FILTER_NE,
	FILTER_LT,
	FILTER_LE,
	FILTER_GT,
	FILTER_GE,
	FILTER_MATCH,		/* cmp.lhs against cmp.re */
	FILTER_NOMATCH,
};

struct filter_operand {
	int col;		/* column id, or -1 for a literal */
	bool quoted;		/* a string literal: never a number */
	const char *text;	/* a literal's value, inside filter.text */
};

struct filter_node {
	enum filter_kind kind;
	int next;		/* the next child of the enclosing && or ||, or -1 */
	union {
		int first;	/* FILTER_OR, FILTER_AND */
		int child;	/* FILTER_NOT */
		struct {
			struct filter_operand lhs, rhs;
			regex_t *re;	/* FILTER_MATCH, FILTER_NOMATCH; owned */
		} cmp;
	};
};

struct filter {
	struct filter_node *nodes;	/* owned, nnodes used of capnodes */
	size_t nnodes, capnodes;
	int root;
	char *text;		/* owned: the literals, NUL-terminated one after another */
	size_t textlen, textcap;
	int *cols;		/* owned: distinct column ids in order of first use */
	size_t ncols, capcols;
	uint64_t regex_weight;	/* spent of FILTER_REGEX_BUDGET */
};

/* Comparison results each comparison accepts, as a table rather than a switch. */
enum { FILTER_LESS = 1, FILTER_EQUAL = 2, FILTER_GREATER = 4 };

static const unsigned char filter_accepts[] = {
	[FILTER_EQ] = FILTER_EQUAL,
	[FILTER_NE] = FILTER_LESS | FILTER_GREATER,
	[FILTER_LT] = FILTER_LESS,
	[FILTER_LE] = FILTER_LESS | FILTER_EQUAL,
	[FILTER_GT] = FILTER_GREATER,
	[FILTER_GE] = FILTER_GREATER | FILTER_EQUAL,
};

/* ---- lexer ---- */

enum filter_tok {
	TOK_NONE,		/* no token yet: prev before the first one */
	TOK_END,
	TOK_COLUMN,
	TOK_NUMBER,
	TOK_STRING,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_OR,
	TOK_AND,
	TOK_NOT,
	TOK_CMP,		/* op says which */
	TOK_BAD,		/* a character that starts no token */
};

struct filter_token {
	enum filter_tok kind;
	enum filter_kind op;
	size_t pos, len;
};

/* Every operator, both spellings. Two-byte symbols come before their one-byte prefixes. */
static const struct filter_opname {
	const char *sym;	/* C's spelling */
	const char *word;	/* scols-filter(5)'s keyword, or NULL */
	enum filter_tok tok;
	enum filter_kind op;
} filter_ops[] = {
	{ "||", "or",  TOK_OR,     FILTER_OR },
	{ "&&", "and", TOK_AND,    FILTER_AND },
	{ "==", "eq",  TOK_CMP,    FILTER_EQ },
	{ "!=", "ne",  TOK_CMP,    FILTER_NE },
	{ "=~", NULL,  TOK_CMP,    FILTER_MATCH },
	{ "!~", NULL,  TOK_CMP,    FILTER_NOMATCH },
	{ "<=", "le",  TOK_CMP,    FILTER_LE },
	{ ">=", "ge",  TOK_CMP,    FILTER_GE },
	{ "<",  "lt",  TOK_CMP,    FILTER_LT },
	{ ">",  "gt",  TOK_CMP,    FILTER_GT },
	{ "!",  "not", TOK_NOT,    FILTER_NOT },
	{ "(",  NULL,  TOK_LPAREN, FILTER_OR },
	{ ")",  NULL,  TOK_RPAREN, FILTER_OR },
};

#define FILTER_NOPS (sizeof(filter_ops) / sizeof(filter_ops[0]))

/* ASCII classes by hand: <ctype.h> follows the locale, and the language must not. */
static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_word_start(int c)
{
	return is_alpha(c) || c == '_';
}

/* scols-filter(5)'s column names have these too: MAJ:MIN, FSUSE%, LOG-SEC. */
static bool is_word(int c)
{
	return is_alpha(c) || is_digit(c) || (c != 0 && strchr("_.%:/-", c) != NULL);
}

static int to_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

bool filter_name_eq(const char *colname, const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (colname[i] == '\0' ||
		    to_lower((unsigned char)colname[i]) != to_lower((unsigned char)name[i]))
			return false;
	return colname[len] == '\0';
}

/* A number split into its digits, so that numbers of any size compare exactly. */
struct filter_num {
	bool neg;
	const char *ip;		/* integer digits without leading zeros */
	size_t ilen;
	const char *fp;		/* fraction digits without trailing zeros */
	size_t flen;
};

/* Is s[0..len) a number, -?[0-9]+(\.[0-9]+)? ? */
static bool num_parse(const char *s, size_t len, struct filter_num *n)
{
	size_t i, start;

	n->neg = len > 0 && s[0] == '-';
	i = start = n->neg;
	while (i < len && is_digit(s[i]))
		i++;
	if (i == start)
		return false;
	n->ip = s + start;
	n->ilen = i - start;
	n->fp = s + i;
	n->flen = 0;
	if (i < len && s[i] == '.') {
		start = ++i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == start)
			return false;
		n->fp = s + start;
		n->flen = i - start;
	}
	if (i != len)
		return false;
	while (n->ilen > 0 && n->ip[0] == '0') {
		n->ip++;
		n->ilen--;
	}
	while (n->flen > 0 && n->fp[n->flen - 1] == '0')
		n->flen--;
	return true;
}

static int num_sign(const struct filter_num *n)
{
	if (n->ilen == 0 && n->flen == 0)
		return 0;	/* -0 is 0 */
	return n->neg ? -1 : 1;
}

static int num_cmp(const struct filter_num *a, const struct filter_num *b)
{
	int sa = num_sign(a), sb = num_sign(b), m;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	/* Without leading zeros, more integer digits is larger. */
	if (a->ilen != b->ilen) {
		m = a->ilen < b->ilen ? -1 : 1;
	} else {
		m = memcmp(a->ip, b->ip, a->ilen);
		if (m == 0) {
			/* Without trailing zeros, a longer equal-prefixed fraction is larger. */
			m = memcmp(a->fp, b->fp, a->flen < b->flen ? a->flen : b->flen);
			if (m == 0 && a->flen != b->flen)
				m = a->flen < b->flen ? -1 : 1;
		}
	}
	m = (m > 0) - (m < 0);
	return sa < 0 ? -m : m;
}

/* ---- parser ---- */

struct filter_parser {
	const char *expr;
	size_t end;			/* strlen(expr) */
	size_t cur;			/* where the next token starts looking */
	struct filter_token tok;	/* the token at hand */
	struct filter_token prev;	/* the token consumed last */
	unsigned int depth;		/* of "(" and "!" */
	struct filter *f;
	filter_column_fn colfn;
	void *data;
	struct filter_error *err;
};

/*
 * Text of the expression for a message: at most FILTER_QUOTE_MAX - 4 bytes,
 * not cut inside a UTF-8 sequence, control bytes as '?' so that the message
 * cannot move a terminal's cursor.
 */
static const char *quote(char *buf, const char *s, size_t len)
{
	size_t n = len, max = FILTER_QUOTE_MAX - 4;
	bool cut = false;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = true;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		buf[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	strcpy(buf + n, cut ? "..." : "");
	return buf;
}

static const char *tok_quote(const struct filter_parser *p, const struct filter_token *t,
			     char *buf)
{
	return quote(buf, p->expr + t->pos, t->len);
}

__attribute__((format(printf, 4, 5)))
static int parse_error(struct filter_parser *p, size_t pos, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (p->err) {
		p->err->pos = pos;
		p->err->len = len;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Read the token at p->cur into p->tok. */
static int lex(struct filter_parser *p)
{
	const char *s = p->expr;
	struct filter_token *t = &p->tok;
	struct filter_num num;
	char b[FILTER_QUOTE_MAX];
	size_t i = p->cur, j;
	unsigned char c;

	while (i < p->end && is_space((unsigned char)s[i]))
		i++;
	t->pos = i;
	t->len = 0;
	t->kind = TOK_END;
	t->op = FILTER_OR;
	if (i == p->end) {
		p->cur = i;
		return 0;
	}

	c = s[i];
	if (c == '"' || c == '\'') {
		const char *q = memchr(s + i + 1, c, p->end - i - 1);

		if (!q)
			return parse_error(p, i, p->end - i, "unterminated string");
		t->kind = TOK_STRING;
		t->len = (size_t)(q - (s + i)) + 1;
	} else if (is_digit(c) || (c == '-' && is_digit((unsigned char)s[i + 1]))) {
		/*
		 * Take everything a column name could hold, so that 10abc is
		 * one bad number rather than 10 followed by a column.
		 */
		for (j = i + 1; j < p->end && is_word((unsigned char)s[j]); j++)
			;
		t->kind = TOK_NUMBER;
		t->len = j - i;
		if (!num_parse(s + i, t->len, &num))
			return parse_error(p, i, t->len, "invalid number '%s'",
					   tok_quote(p, t, b));
	} else if (is_word_start(c)) {
		for (j = i + 1; j < p->end && is_word((unsigned char)s[j]); j++)
			;
		t->kind = TOK_COLUMN;
		t->len = j - i;
		for (size_t k = 0; k < FILTER_NOPS; k++) {
			const char *word = filter_ops[k].word;

			if (word && filter_name_eq(word, s + i, t->len)) {
				t->kind = filter_ops[k].tok;
				t->op = filter_ops[k].op;
				break;
			}
		}
	} else {
		for (size_t k = 0; k < FILTER_NOPS; k++) {
			const char *sym = filter_ops[k].sym;
			size_t n = strlen(sym);

			/* s is NUL-terminated: strncmp stops there. */
			if (strncmp(s + i, sym, n) == 0) {
				t->kind = filter_ops[k].tok;
				t->op = filter_ops[k].op;
				t->len = n;
				break;
			}
		}
		if (t->kind == TOK_END) {
			/* Half of a two-byte operator is a common slip: say which was meant. */
			if (c == '=' || c == '&' || c == '|')
				return parse_error(p, i, 1, "unexpected '%c', did you mean '%c%c'?",
						   c, c, c);
			/* One character, all of a UTF-8 sequence, for the caret. */
			t->kind = TOK_BAD;
			t->len = 1;
			while (i + t->len < p->end &&
			       ((unsigned char)s[i + t->len] & 0xc0) == 0x80)
				t->len++;
		}
	}
	p->cur = i + t->len;
	return 0;
}

static int advance(struct filter_parser *p)
{
	p->prev = p->tok;
	return lex(p);
}

static bool is_operand(enum filter_tok kind)
{
	return kind == TOK_COLUMN || kind == TOK_NUMBER || kind == TOK_STRING;
}

static int new_node(struct filter *f, enum filter_kind kind)
{
	struct filter_node *n;

	if (f->nnodes == f->capnodes) {
		size_t cap = f->capnodes ? 2 * f->capnodes : 16;

		n = reallocarray(f->nodes, cap, sizeof(*n));
		if (!n)
			return -ENOMEM;
		f->nodes = n;
		f->capnodes = cap;
	}
	n = &f->nodes[f->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->next = -1;
	return (int)f->nnodes++;
}

static int add_column(struct filter *f, int col)
{
	int *cols;

	for (size_t i = 0; i < f->ncols; i++)
		if (f->cols[i] == col)
			return 0;
	if (f->ncols == f->capcols) {
		size_t cap = f->capcols ? 2 * f->capcols : 8;

		cols = reallocarray(f->cols, cap, sizeof(*cols));
		if (!cols)
			return -ENOMEM;
		f->cols = cols;
		f->capcols = cap;
	}
	f->cols[f->ncols++] = col;
	return 0;
}

/*
 * Keep a literal's text. The arena holds 2 * strlen(expr) + 2 bytes, and each
 * token is copied at most once with one NUL more than it has bytes, so it
 * cannot run out; the check is only a seat belt.
 */
static const char *save_text(struct filter *f, const char *s, size_t len)
{
	char *d;

	if (f->textcap - f->textlen < len + 1)
		return NULL;
	d = f->text + f->textlen;
	memcpy(d, s, len);
	d[len] = '\0';
	f->textlen += len + 1;
	return d;
}

/* Consume the operand token at hand into o. */
static int parse_operand(struct filter_parser *p, struct filter_operand *o)
{
	const struct filter_token *t = &p->tok;
	const char *s = p->expr + t->pos;
	char b[FILTER_QUOTE_MAX];
	int rc;

	o->col = -1;
	o->quoted = false;
	o->text = NULL;
	switch (t->kind) {
	case TOK_COLUMN:
		o->col = p->colfn ? p->colfn(p->data, s, t->len) : -1;
		if (o->col < 0)
			return parse_error(p, t->pos, t->len, "unknown column '%s'",
					   tok_quote(p, t, b));
		rc = add_column(p->f, o->col);
		if (rc)
			return rc;
		break;
	case TOK_NUMBER:
		o->text = save_text(p->f, s, t->len);
		break;
	case TOK_STRING:
		o->text = save_text(p->f, s + 1, t->len - 2);
		o->quoted = true;
		break;
	default:
		return -EINVAL;	/* callers check the kind first */
	}
	if (o->col < 0 && !o->text)
		return -ENOMEM;
	return advance(p);
}

/* Say what is wrong where an operand should be. */
static int expect_operand(struct filter_parser *p)
{
	const struct filter_token *t = &p->tok;
	char b[FILTER_QUOTE_MAX];

	if (p->prev.kind == TOK_NONE && t->kind == TOK_END)
		return parse_error(p, t->pos, 0, "empty expression");
	if (p->prev.kind == TOK_NONE)
		return parse_error(p, t->pos, t->len, "unexpected '%s'", tok_quote(p, t, b));
	return parse_error(p, t->pos, t->len, "expected an operand after '%s'",
			   tok_quote(p, &p->prev, b));
}

/* Saturating arithmetic for weights: nothing above the budget matters. */
static uint64_t weight_add(uint64_t a, uint64_t b)
{
	return a + b > FILTER_REGEX_BUDGET + 1 ? FILTER_REGEX_BUDGET + 1 : a + b;
}

static uint64_t weight_mul(uint64_t a, uint64_t b)
{
	return (b && a > (FILTER_REGEX_BUDGET + 1) / b) ? FILTER_REGEX_BUDGET + 1 : a * b;
}

struct regex_frame {
	uint64_t alts;		/* weight of the finished alternatives */
	uint64_t seq;		/* weight of the current one */
	uint64_t last;		/* of its last atom, which a repetition multiplies */
};

static void regex_atom(struct regex_frame *fr, uint64_t w)
{
	fr->last = w;
	fr->seq = weight_add(fr->seq, w);
}

static void regex_repeat(struct regex_frame *fr, uint64_t times)
{
	/* seq >= last always holds, saturated or not. */
	uint64_t w = weight_mul(fr->last, times);

	fr->seq = weight_add(fr->seq - fr->last, w);
	fr->last = w;
}

/*
 * *, ? and the open end of a bound put a node over the last atom that makes
 * it optional. glibc copies nothing for them, but its epsilon closures grow
 * with each level of optional inside optional, so each level counts double.
 */
static void regex_star(struct regex_frame *fr)
{
	if (fr->last == 0) {
		regex_atom(fr, 1);	/* nothing to repeat: a literal */
		return;
	}
	regex_repeat(fr, 2);
	fr->last = weight_add(fr->last, 1);
	fr->seq = weight_add(fr->seq, 1);
}

/* The end of the bracket expression starting at re[i] == '['. */
static size_t regex_skip_bracket(const char *re, size_t i)
{
	i++;
	if (re[i] == '^')
		i++;
	if (re[i] == ']')
		i++;	/* a leading ']' is a member */
	while (re[i] && re[i] != ']') {
		/* [:alpha:], [=e=], [.-.] may hold a ']' of their own */
		if (re[i] == '[' && (re[i + 1] == ':' || re[i + 1] == '=' || re[i + 1] == '.')) {
			char close[3] = { re[i + 1], ']', '\0' };
			const char *e = strstr(re + i + 2, close);

			if (e) {
				i = (size_t)(e - re) + 2;
				continue;
			}
		}
		i++;
	}
	return re[i] ? i + 1 : i;
}

/*
 * Parse a bound {m}, {m,}, {,n}, {m,n} or {,} at re[*i]: how many copies of
 * the atom glibc makes, and whether a star follows them (an open end).
 */
static bool regex_bound(const char *re, size_t *i, uint64_t *copies, bool *open)
{
	uint64_t m = 0, n = 0;
	size_t j = *i + 1, start = j;
	bool comma = false, hasn = false;

	for (; is_digit(re[j]); j++)
		m = weight_add(weight_mul(m, 10), (uint64_t)(re[j] - '0'));
	if (re[j] == ',') {
		comma = true;
		for (j++; is_digit(re[j]); j++, hasn = true)
			n = weight_add(weight_mul(n, 10), (uint64_t)(re[j] - '0'));
	}
	/* glibc reads {,} as {0,}, so only {} and an unclosed brace are not bounds. */
	if (re[j] != '}' || j == start)
		return false;
	/* {m,n} builds n copies, the last n - m optional; {m,} m and a star. */
	*open = comma && !hasn;
	if (!comma || *open)
		n = m;
	*copies = n > m ? n : m;
	if (*copies == 0)
		*copies = 1;
	*i = j + 1;
	return true;
}

/*
 * Estimate the size of glibc's compiled form of the pattern, which copies a
 * repeated atom once per repetition (a{3} is aaa, a{1,3} is a(a(a)?)?, a+
 * is aa*), and refuse
 * what would be too big, too deep for its recursive parser (which crashes
 * on some thousands of nested groups) or needs backtracking (back-references
 * make regexec exponential on each row).
 */
static int regex_weigh(struct filter_parser *p, const struct filter_token *t, const char *re)
{
	struct regex_frame st[FILTER_MAX_DEPTH + 1];
	size_t depth = 0, i = 0;
	uint64_t copies, w;
	bool open;

	memset(&st[0], 0, sizeof(st[0]));
	while (re[i]) {
		switch (re[i]) {
		case '\\':
			if (is_digit((unsigned char)re[i + 1]) && re[i + 1] != '0')
				return parse_error(p, t->pos, t->len,
						   "back-references are not supported");
			i += re[i + 1] ? 2 : 1;
			regex_atom(&st[depth], 1);
			break;
		case '[':
			/* bigger nodes in UTF-8 locales: [^a]{1,2040} takes 70 MB */
			i = regex_skip_bracket(re, i);
			regex_atom(&st[depth], 2);
			break;
		case '(':
			if (depth == FILTER_MAX_DEPTH)
				return parse_error(p, t->pos, t->len,
						   "regular expression too complex");
			memset(&st[++depth], 0, sizeof(st[0]));
			i++;
			break;
		case ')':
			if (depth > 0) {
				w = weight_add(weight_add(st[depth].alts, st[depth].seq), 1);
				regex_atom(&st[--depth], w);
			} else {
				regex_atom(&st[depth], 1);
			}
			i++;
			break;
		case '|':
			st[depth].alts = weight_add(st[depth].alts, st[depth].seq);
			st[depth].seq = st[depth].last = 0;
			i++;
			break;
		case '*':
		case '?':
			regex_star(&st[depth]);
			i++;
			break;
		case '+':
			/* a+ is a followed by a*: weigh a once more than a* */
			w = st[depth].last;
			regex_star(&st[depth]);
			st[depth].last = weight_add(st[depth].last, w);
			st[depth].seq = weight_add(st[depth].seq, w);
			i++;
			break;
		case '{':
			if (regex_bound(re, &i, &copies, &open)) {
				regex_repeat(&st[depth], copies);
				if (open)
					regex_star(&st[depth]);
			} else {
				regex_atom(&st[depth], 1);
				i++;
			}
			break;
		default:
			regex_atom(&st[depth], 1);
			i++;
			break;
		}
	}
	/* Unclosed groups: regcomp will refuse them, but weigh them all the same. */
	for (; depth > 0; depth--)
		regex_atom(&st[depth - 1], weight_add(st[depth].alts, st[depth].seq));
	w = weight_add(st[0].alts, st[0].seq);
	p->f->regex_weight = weight_add(p->f->regex_weight, w);
	if (p->f->regex_weight > FILTER_REGEX_BUDGET)
		return parse_error(p, t->pos, t->len, "regular expression too complex");
	return 0;
}

static int compile_regex(struct filter_parser *p, int n, const struct filter_token *t,
			 const char *pattern)
{
	char why[120];
	regex_t *re;
	int rc;

	rc = regex_weigh(p, t, pattern);
	if (rc)
		return rc;
	re = malloc(sizeof(*re));
	if (!re)
		return -ENOMEM;
	rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		/* A failed regcomp() has freed what it allocated: no regfree(). */
		regerror(rc, re, why, sizeof(why));
		free(re);
		if (rc == REG_ESPACE)
			return -ENOMEM;
		why[0] = (char)to_lower((unsigned char)why[0]);
		return parse_error(p, t->pos, t->len, "bad regular expression: %s", why);
	}
	p->f->nodes[n].cmp.re = re;
	return 0;
}

static int parse_or(struct filter_parser *p);

/* "(" expr ")", or an operand and maybe a comparison with another. */
static int parse_primary(struct filter_parser *p)
{
	struct filter_operand lhs, rhs;
	struct filter_token open, op, pat;
	char b[FILTER_QUOTE_MAX];
	bool regex;
	int n, rc;

	if (p->tok.kind == TOK_LPAREN) {
		open = p->tok;
		if (++p->depth > FILTER_MAX_DEPTH)
			return parse_error(p, open.pos, open.len, "expression nested too deeply");
		rc = advance(p);
		if (rc)
			return rc;
		n = parse_or(p);
		if (n < 0)
			return n;
		if (p->tok.kind != TOK_RPAREN)
			return parse_error(p, p->tok.pos, p->tok.len,
					   "expected ')' to close '(' at %zu", open.pos + 1);
		p->depth--;
		rc = advance(p);
		return rc ? rc : n;
	}
	if (!is_operand(p->tok.kind))
		return expect_operand(p);

	rc = parse_operand(p, &lhs);
	if (rc)
		return rc;
	if (p->tok.kind != TOK_CMP) {
		n = new_node(p->f, FILTER_TRUTH);
		if (n >= 0)
			p->f->nodes[n].cmp.lhs = lhs;
		return n;
	}

	op = p->tok;
	rc = advance(p);
	if (rc)
		return rc;
	/* A pattern is compiled now, so it must be a literal. */
	regex = op.op == FILTER_MATCH || op.op == FILTER_NOMATCH;
	if (regex && p->tok.kind != TOK_STRING && p->tok.kind != TOK_NUMBER)
		return parse_error(p, p->tok.pos, p->tok.len, "expected a string after '%s'",
				   tok_quote(p, &op, b));
	if (!is_operand(p->tok.kind))
		return parse_error(p, p->tok.pos, p->tok.len, "expected a value after '%s'",
				   tok_quote(p, &op, b));
	pat = p->tok;
	rc = parse_operand(p, &rhs);
	if (rc)
		return rc;
	n = new_node(p->f, op.op);
	if (n < 0)
		return n;
	p->f->nodes[n].cmp.lhs = lhs;
	p->f->nodes[n].cmp.rhs = rhs;
	if (regex) {
		rc = compile_regex(p, n, &pat, rhs.text);
		if (rc)
			return rc;
	}
	return n;
}

static int parse_unary(struct filter_parser *p)
{
	int child, n, rc;

	if (p->tok.kind != TOK_NOT)
		return parse_primary(p);
	if (++p->depth > FILTER_MAX_DEPTH)
		return parse_error(p, p->tok.pos, p->tok.len, "expression nested too deeply");
	rc = advance(p);
	if (rc)
		return rc;
	child = parse_unary(p);
	if (child < 0)
		return child;
	p->depth--;
	n = new_node(p->f, FILTER_NOT);
	if (n >= 0)
		p->f->nodes[n].child = child;
	return n;
}

/* sub { tok sub }, as one n-ary node when there is more than one. */
static int parse_chain(struct filter_parser *p, enum filter_tok tok, enum filter_kind kind,
		       int (*sub)(struct filter_parser *))
{
	int first, last, n, k, rc;

	first = sub(p);
	if (first < 0 || p->tok.kind != tok)
		return first;
	n = new_node(p->f, kind);
	if (n < 0)
		return n;
	p->f->nodes[n].first = first;
	last = first;
	while (p->tok.kind == tok) {
		rc = advance(p);
		if (rc)
			return rc;
		k = sub(p);
		if (k < 0)
			return k;
		p->f->nodes[last].next = k;
		last = k;
	}
	return n;
}

static int parse_and(struct filter_parser *p)
{
	return parse_chain(p, TOK_AND, FILTER_AND, parse_unary);
}

static int parse_or(struct filter_parser *p)
{
	return parse_chain(p, TOK_OR, FILTER_OR, parse_and);
}

/* After a whole expression: only the end may follow. */
static int parse_end(struct filter_parser *p)
{
	const struct filter_token *t = &p->tok;
	char b[FILTER_QUOTE_MAX];

	if (t->kind == TOK_END)
		return 0;
	/* An operand (or a group) where an operator should be: A B, A == 1 x. */
	if (is_operand(t->kind) || t->kind == TOK_BAD || t->kind == TOK_LPAREN)
		return parse_error(p, t->pos, t->len, "trailing garbage '%s'", tok_quote(p, t, b));
	/* ")" without "(", or a second comparison: A == 1 == 2. */
	return parse_error(p, t->pos, t->len, "unexpected '%s'", tok_quote(p, t, b));
}

int filter_parse(const char *expr, filter_column_fn colfn, void *data, struct filter **out,
		 struct filter_error *err)
{
	struct filter_parser p = {
		.expr = expr,
		.colfn = colfn,
		.data = data,
		.err = err,
		.prev = { .kind = TOK_NONE },
	};
	struct filter *f;
	int root, rc;

	if (err)
		memset(err, 0, sizeof(*err));
	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!expr)
		return parse_error(&p, 0, 0, "empty expression");
	p.end = strnlen(expr, FILTER_MAX_LEN + 1);
	if (p.end > FILTER_MAX_LEN)
		return parse_error(&p, FILTER_MAX_LEN, strlen(expr) - FILTER_MAX_LEN,
				   "expression too long");

	f = calloc(1, sizeof(*f));
	if (!f) {
		rc = -ENOMEM;
		goto out_err;
	}
	f->textcap = 2 * p.end + 2;
	f->text = malloc(f->textcap);
	if (!f->text) {
		rc = -ENOMEM;
		goto out_free;
	}
	p.f = f;

	rc = lex(&p);
	if (rc)
		goto out_free;
	root = parse_or(&p);
	if (root < 0) {
		rc = root;
		goto out_free;
	}
	rc = parse_end(&p);
	if (rc)
		goto out_free;
	f->root = root;
	*out = f;
	return 0;

out_free:
	filter_free(f);
out_err:
	if (rc == -ENOMEM && err) {
		err->pos = 0;
		err->len = 0;
		snprintf(err->msg, sizeof(err->msg), "cannot allocate memory");
	}
	return rc;
}

/* ---- evaluation ---- */

struct filter_eval {
	filter_value_fn valfn;
	void *data;
	void *row;
};

static const char *operand_text(const struct filter_operand *o, const struct filter_eval *ev)
{
	const char *s;

	if (o->col < 0)
		return o->text;
	s = ev->valfn ? ev->valfn(ev->data, ev->row, o->col) : NULL;
	return s ? s : "";
}

static bool compare(enum filter_kind kind, const char *l, bool lquoted, const char *r,
		    bool rquoted)
{
	struct filter_num ln, rn;
	bool lnum = !lquoted && num_parse(l, strlen(l), &ln);
	bool rnum = !rquoted && num_parse(r, strlen(r), &rn);
	int c;

	if (lnum && rnum)
		c = num_cmp(&ln, &rn);
	else if ((lnum && !*r) || (rnum && !*l))
		return kind == FILTER_NE;	/* empty against a number: only different */
	else
		c = strcmp(l, r);
	return filter_accepts[kind] & (c < 0 ? FILTER_LESS : c > 0 ? FILTER_GREATER : FILTER_EQUAL);
}

static bool eval_cmp(const struct filter_node *n, const struct filter_eval *ev)
{
	const struct filter_operand *lhs = &n->cmp.lhs, *rhs = &n->cmp.rhs;
	char buf[FILTER_COPY_MAX], *heap = NULL;
	const char *l, *r;
	bool res;

	l = operand_text(lhs, ev);
	/* The next value may overwrite this one (filter_value_fn's contract): copy it. */
	if (lhs->col >= 0 && rhs->col >= 0) {
		size_t len = strlen(l);

		if (len < sizeof(buf)) {
			l = memcpy(buf, l, len + 1);
		} else {
			heap = strdup(l);
			if (!heap)
				return false;
			l = heap;
		}
	}
	r = operand_text(rhs, ev);
	res = compare(n->kind, l, lhs->quoted, r, rhs->quoted);
	free(heap);
	return res;
}

static bool eval(const struct filter *f, int i, const struct filter_eval *ev)
{
	const struct filter_node *n = &f->nodes[i];
	const char *s;
	int k;

	switch (n->kind) {
	case FILTER_OR:
		for (k = n->first; k >= 0; k = f->nodes[k].next)
			if (eval(f, k, ev))
				return true;
		return false;
	case FILTER_AND:
		for (k = n->first; k >= 0; k = f->nodes[k].next)
			if (!eval(f, k, ev))
				return false;
		return true;
	case FILTER_NOT:
		return !eval(f, n->child, ev);
	case FILTER_TRUTH:
		s = operand_text(&n->cmp.lhs, ev);
		return s[0] != '\0' && strcmp(s, "0") != 0;
	case FILTER_MATCH:
	case FILTER_NOMATCH:
		s = operand_text(&n->cmp.lhs, ev);
		return (regexec(n->cmp.re, s, 0, NULL, 0) == 0) == (n->kind == FILTER_MATCH);
	default:
		return eval_cmp(n, ev);
	}
}

bool filter_match(const struct filter *f, filter_value_fn valfn, void *data, void *row)
{
	struct filter_eval ev = { .valfn = valfn, .data = data, .row = row };

	if (!f)
		return true;
	return eval(f, f->root, &ev);
}

size_t filter_columns(const struct filter *f, int *cols, size_t max)
{
	if (!f)
		return 0;
	if (cols && f->ncols > 0 && max > 0)
		memcpy(cols, f->cols, (f->ncols < max ? f->ncols : max) * sizeof(*cols));
	return f->ncols;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nnodes; i++) {
		struct filter_node *n = &f->nodes[i];

		if ((n->kind == FILTER_MATCH || n->kind == FILTER_NOMATCH) && n->cmp.re) {
			regfree(n->cmp.re);
			free(n->cmp.re);
		}
	}
	free(f->nodes);
	free(f->text);
	free(f->cols);
	free(f);
}
