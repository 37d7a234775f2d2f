/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstop's view: draws the dashboard into an in-memory frame of cells (a
 * character and its attributes), as tmux's screen-write does. The terminal
 * layer (tools/nstop/tty.c, the only file that includes curses) copies a
 * frame to the screen; tests read frames as text. Nothing here touches a
 * terminal, reads the system or prints.
 */
#ifndef NSKIT_NSTOP_VIEW_H
#define NSKIT_NSTOP_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* The smallest screen nstop draws on; below it, a message says so. */
#define NSTOP_MIN_COLS 40
#define NSTOP_MIN_ROWS 8

enum {
	NSTOP_ATTR_BOLD		= 1 << 0,
	NSTOP_ATTR_REVERSE	= 1 << 1,
	NSTOP_ATTR_UNDERLINE	= 1 << 2,
	NSTOP_ATTR_DIM		= 1 << 3,
};

/* Color roles; the terminal layer maps them to colors, or to nothing. */
enum nstop_color {
	NSTOP_C_NONE,
	NSTOP_C_TITLE,
	NSTOP_C_HEADER,		/* column headings */
	NSTOP_C_CONTAINER,
	NSTOP_C_HOT,		/* a busy row's CPU% */
	NSTOP_C_WARN,
	NSTOP_C_BORDER,
	NSTOP_C_SELECTED,
	NSTOP_C_FOOTER,		/* a function key's label, as htop's */
	/* the meters: their labels, and the parts of their bars */
	NSTOP_C_METER,
	NSTOP_C_BAR_NICE,	/* CPU: niced user time */
	NSTOP_C_BAR_USER,	/* CPU: user time; memory: used */
	NSTOP_C_BAR_SYS,	/* CPU: system and interrupts; swap: used */
	NSTOP_C_BAR_VIRT,	/* CPU: stolen by, and given to, virtual machines */
	NSTOP_C_BAR_CACHE,	/* memory: buffers and page cache it can take back */
	NSTOP_NCOLORS,
};

#define NSTOP_ATTR_COLOR(c)	((unsigned int)(c) << 8)
#define NSTOP_ATTR_COLOR_OF(a)	(((a) >> 8) & 0xff)

struct nstop_cell {
	uint32_t ch;			/* Unicode code point; 0: right half of a wide one */
	uint16_t attr;			/* NSTOP_ATTR_* | NSTOP_ATTR_COLOR(role) */
};

/* A key of the bottom line, as htop shows its function keys: "F1Help". */
struct nstop_footer_item {
	const char *key;		/* "F1" */
	const char *label;		/* "Help" */
	int prio;			/* on a narrow screen, higher goes first */
	int code;			/* the key it stands for (a click on it presses it) */
};

#define NSTOP_FOOTER_MAX 24

/*
 * What is where on a frame, as the last draw left it: what a click at a
 * place stands for (a row, a column's heading, a key of the bottom line,
 * an item of a menu).
 */
struct nstop_map {
	int heading_y;			/* the line of column headings; -1: none */
	int ncols;
	struct {
		int col, x, w;
	} cols[NSTOP_NCOLS];
	int rows_y, rows_n;		/* the lines of rows */
	size_t scroll;			/* the row on line rows_y */
	int footer_y;			/* -1: no keys on the bottom line */
	size_t nfooter;
	struct {
		int x, w, code;
	} footer[NSTOP_FOOTER_MAX];
	int menu_x, menu_w, menu_y, menu_n;	/* a menu's items; menu_n 0: none */
	size_t menu_scroll;		/* the item on line menu_y */
	int pane_y, pane_n;		/* a pane's lines; pane_n 0: none */
};

struct nstop_frame {
	int rows, cols;
	struct nstop_cell *cells;	/* rows * cols; owned */
	size_t cap;
	bool utf8;			/* may hold non-ASCII characters and line drawing */
	struct nstop_map map;		/* set by nstop_view_draw() */
};

void nstop_frame_init(struct nstop_frame *f, bool utf8);
void nstop_frame_release(struct nstop_frame *f);
/* Size the frame (cleared); memory is kept for the largest size seen. */
int nstop_frame_resize(struct nstop_frame *f, int rows, int cols);
void nstop_frame_clear(struct nstop_frame *f);
/*
 * Write UTF-8 text at (row, col), at most width columns (-1: to the edge).
 * Control characters, bad UTF-8 and, in an ASCII frame, anything not ASCII
 * become '?'. Returns the columns used.
 */
int nstop_frame_put(struct nstop_frame *f, int row, int col, const char *s, int width,
		    unsigned int attr);
/* Fill cells [col, col + n) of row with attr (keeping their characters). */
void nstop_frame_attr(struct nstop_frame *f, int row, int col, int n, unsigned int attr);
/* The text of a row as UTF-8, trailing blanks removed; returns its length. */
size_t nstop_frame_text(const struct nstop_frame *f, int row, char *buf, size_t size);

/* One CPU's use over the last interval, by kind, percent of it (htop's bar). */
struct nstop_cpu_use {
	double nice, user, sys, virt;
};

/* What the header shows besides the model: the tool fills it. */
struct nstop_header {
	char clock[16];			/* "14:02:03" */
	char host[72];
	double uptime;			/* seconds; < 0 unknown */
	double load[3];
	bool have_load;
	uint64_t mem_total, mem_used;	/* bytes; 0 unknown */
	long ncpu;
	double delay;			/* seconds between refreshes */
	bool root;			/* privileged enough to read every process */
	bool filtered;			/* -Q is in force */
	/* the meters */
	const struct nstop_cpu_use *cpus;	/* each CPU's, ncpus of them; not owned */
	size_t ncpus;
	struct nstop_cpu_use cpu_all;	/* all of them together */
	bool have_cpus;			/* cpus and cpu_all are known */
	uint64_t mem_cache;		/* what memory the kernel can take back (available
					 * less free): buffers and page cache, bytes */
	uint64_t swap_total, swap_used;	/* bytes */
	bool mono;			/* no colors: each part of a bar its own character */
};

enum nstop_mode {
	NSTOP_MODE_BROWSE,
	NSTOP_MODE_FILTER,		/* typing the filter's text (F4, /) */
	NSTOP_MODE_SEARCH,		/* typing the search's text (F3) */
	NSTOP_MODE_PANE,		/* help, or nsdiff's output */
	NSTOP_MODE_PROMPT,		/* a question on the bottom line (k) */
	NSTOP_MODE_MENU,		/* a list to choose from (F6 sort, F9 signal) */
	NSTOP_MODE_SETUP,		/* the setup screen (F2): a menu over the screen */
	NSTOP_NMODES,
};

struct nstop_ui {
	enum nstop_mode mode;
	char input[NSTOP_SEARCH_MAX];	/* what is being typed (filter, search, prompt) */
	bool not_found;			/* the search's text is on no row */
	char prompt[160];
	char message[384];		/* shown on the bottom line until the next key */
	bool message_error;
	/* the pane */
	char pane_title[128];
	char **pane_lines;		/* not owned */
	size_t pane_nlines;
	size_t pane_scroll;
	bool pane_full;			/* over the whole screen (help) */
	bool pane_busy;			/* still being filled ("running...") */
	/* a menu: the pane's lines are its items, in a box at the left (the
	 * whole screen with pane_full) */
	size_t menu_sel;
	int menu_width;
	/* the keys of the bottom line, in order; not owned */
	const struct nstop_footer_item *footer;
	size_t nfooter;
};

void nstop_ui_init(struct nstop_ui *ui);

/*
 * Header lines 0..2 as text, as batch mode prints them. The screen shows
 * line 0, then meters: a bar per CPU (or one for all of them), memory and
 * swap at the left; tasks, namespaces and containers at the right.
 */
size_t nstop_view_header(const struct nstop_model *m, const struct nstop_header *h, int line,
			 char *buf, size_t size);
/* What could not be read, in one line; 0 (and "") when everything could. */
size_t nstop_view_notice(const struct nstop_model *m, const struct nstop_header *h, char *buf,
			 size_t size);
/* "Namespaces (all types), by CPU% descending" */
size_t nstop_view_title(const struct nstop_model *m, char *buf, size_t size);

/* The rows of the table on a screen of this size (PgUp/PgDn). */
int nstop_view_page(const struct nstop_model *m, const struct nstop_header *h, int rows,
		    int cols);
/* The lines of the pane on such a screen. */
int nstop_view_pane_page(const struct nstop_ui *ui, int rows);
/* The items of the menu on such a screen. */
int nstop_view_menu_page(const struct nstop_model *m, const struct nstop_header *h,
			 const struct nstop_ui *ui, int rows, int cols);

/*
 * Draw everything into f (already sized). Keeps m->scroll such that the
 * selection is on screen: the only thing drawing changes.
 */
void nstop_view_draw(struct nstop_frame *f, struct nstop_model *m, const struct nstop_header *h,
		     const struct nstop_ui *ui);

#endif
