// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The terminal, through ncursesw: the only file of nstop that includes
 * curses. It copies frames (tools/nstop/view) to the screen, maps color
 * roles to colors (or to nothing: TERM=vt100, NO_COLOR, --color=never),
 * and turns input into nstop's keys, the mouse's included (mouse.c
 * decodes them; what they do is the key table's). Curses compares what it
 * is given with what the screen shows and sends only the difference.
 *
 * The mouse is asked for as xterm does it, whatever the terminfo entry
 * says: button presses (mode 1000) reported in SGR form (1006), which
 * tmux, xterm, VTE, kitty and the Linux console's GPM-less terminals of
 * today understand; curses' own decoding of KEY_MOUSE is turned off so
 * that the reports reach us whole.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "nstop.h"

static SCREEN *screen;
static bool colors;
static bool mouse;
static struct nstop_clicks clicks;

#define MOUSE_ON	"\033[?1000h\033[?1006h"
#define MOUSE_OFF	"\033[?1006l\033[?1000l"

static void mouse_reports(bool on)
{
	if (!mouse)
		return;
	fputs(on ? MOUSE_ON : MOUSE_OFF, stdout);
	fflush(stdout);
}

/* Roles that are a foreground color, and those that are a bar (fg on bg). */
static const struct {
	short fg, bg;
	bool bar;
} roles[NSTOP_NCOLORS] = {
	[NSTOP_C_TITLE]		= { COLOR_GREEN, -1, false },
	[NSTOP_C_HEADER]	= { COLOR_BLACK, COLOR_GREEN, true },
	[NSTOP_C_CONTAINER]	= { COLOR_CYAN, -1, false },
	[NSTOP_C_HOT]		= { COLOR_RED, -1, false },
	[NSTOP_C_WARN]		= { COLOR_YELLOW, -1, false },
	[NSTOP_C_BORDER]	= { COLOR_BLUE, -1, false },
	[NSTOP_C_SELECTED]	= { COLOR_BLACK, COLOR_CYAN, true },
	[NSTOP_C_FOOTER]	= { COLOR_BLACK, COLOR_CYAN, true },
	[NSTOP_C_METER]		= { COLOR_CYAN, -1, false },
	[NSTOP_C_BAR_NICE]	= { COLOR_BLUE, -1, false },
	[NSTOP_C_BAR_USER]	= { COLOR_GREEN, -1, false },
	[NSTOP_C_BAR_SYS]	= { COLOR_RED, -1, false },
	[NSTOP_C_BAR_VIRT]	= { COLOR_CYAN, -1, false },
	[NSTOP_C_BAR_CACHE]	= { COLOR_YELLOW, -1, false },
};

int tty_init(bool *color, bool utf8, bool want_mouse)
{
	(void)utf8;
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return -ENOTTY;
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	/* input is waited for with poll(); curses only decodes it */
	nodelay(stdscr, TRUE);
	/* a lone Esc is a key of its own here, not the start of a sequence */
	set_escdelay(25);
	curs_set(0);
	mouse = want_mouse;
	if (mouse) {
		/* the reports come to tty_key() as they are */
		keyok(KEY_MOUSE, FALSE);
		mouse_reports(true);
	}
	colors = *color && has_colors() && start_color() == OK;
	*color = colors;
	if (colors) {
		use_default_colors();
		for (int r = 1; r < NSTOP_NCOLORS; r++)
			init_pair((short)r, roles[r].fg, roles[r].bg);
	}
	return 0;
}

bool tty_set_colors(bool on)
{
	if (!screen)
		return false;
	if (on && has_colors() && (colors || start_color() == OK)) {
		use_default_colors();
		for (int r = 1; r < NSTOP_NCOLORS; r++)
			init_pair((short)r, roles[r].fg, roles[r].bg);
		colors = true;
	} else {
		colors = false;
	}
	/* every cell again, in its new colors */
	clearok(curscr, TRUE);
	return colors;
}

void tty_set_mouse(bool on)
{
	if (!screen || on == mouse)
		return;
	if (on) {
		mouse = true;
		keyok(KEY_MOUSE, FALSE);
		mouse_reports(true);
	} else {
		mouse_reports(false);
		mouse = false;
	}
}

void tty_release(void)
{
	if (!screen)
		return;
	mouse_reports(false);
	endwin();
	delscreen(screen);
	screen = NULL;
}

void tty_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

static void cell_style(unsigned int a, attr_t *attr, short *pair)
{
	int role = (int)NSTOP_ATTR_COLOR_OF(a);

	*attr = 0;
	*pair = 0;
	if (a & NSTOP_ATTR_BOLD)
		*attr |= A_BOLD;
	if (a & NSTOP_ATTR_REVERSE)
		*attr |= A_REVERSE;
	if (a & NSTOP_ATTR_UNDERLINE)
		*attr |= A_UNDERLINE;
	if (a & NSTOP_ATTR_DIM)
		*attr |= A_DIM;
	if (!colors || role <= 0 || role >= NSTOP_NCOLORS)
		return;
	*pair = (short)role;
	/* a colored bar replaces the reverse video it stands for */
	if (roles[role].bar)
		*attr &= ~(attr_t)A_REVERSE;
}

void tty_draw(const struct nstop_frame *f)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	if (rows > f->rows)
		rows = f->rows;
	if (cols > f->cols)
		cols = f->cols;
	for (int y = 0; y < rows; y++) {
		for (int x = 0; x < cols; x++) {
			const struct nstop_cell *c = &f->cells[(size_t)y * (size_t)f->cols + (size_t)x];
			wchar_t wc[2] = { (wchar_t)c->ch, L'\0' };
			cchar_t cc;
			attr_t attr;
			short pair;

			if (!c->ch)
				continue;	/* the right half of a wide character */
			cell_style(c->attr, &attr, &pair);
			if (setcchar(&cc, wc, attr, pair, NULL) == OK)
				mvwadd_wch(stdscr, y, x, &cc);
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

int tty_wait(int timeout_ms, int fd)
{
	struct pollfd p[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = fd, .events = POLLIN },
	};
	int n, ev = 0;

	n = poll(p, fd >= 0 ? 2 : 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 1 : 0;	/* SIGWINCH: curses has a KEY_RESIZE */
	if (p[0].revents)
		ev |= 1;
	if (fd >= 0 && p[1].revents)
		ev |= 2;
	/* a key may be waiting inside curses even when poll saw nothing */
	return ev ? ev : 1;
}

/*
 * After an Esc: a mouse report, or the Esc key itself. The bytes that
 * follow are there already when it is a report (the terminal writes it at
 * once); those that do not make one go back to be read as keys. Reports
 * are decoded with the mouse off too, and dropped: the release of the
 * click that turned it off (the setup screen's Mouse line) is on its way
 * already, and read as keys it would be an Esc, '[', '<' and digits.
 */
static int escape(struct nstop_mouse *at)
{
	unsigned char buf[40];
	size_t n = 0;
	int key, used, ch;
	struct timespec ts;

	while (n < sizeof(buf)) {
		ch = wgetch(stdscr);
		if (ch == ERR)
			break;
		if (ch < 0 || ch > 0xff) {
			ungetch(ch);
			break;
		}
		buf[n++] = (unsigned char)ch;
		if (n == 1 && ch != '[')
			break;
		if (n > 1 && (used = nstop_mouse_decode(buf + 1, n - 1, &key, at)) != 0) {
			if (used < 0)
				break;
			/* after the mouse went off: dropped (a release is none either) */
			if (!mouse)
				return NSTOP_KEY_NONE;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			return nstop_mouse_click(&clicks, key, at,
						 (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
		}
	}
	while (n)
		ungetch(buf[--n]);
	return NSTOP_KEY_ESC;
}

int tty_key(struct nstop_mouse *at)
{
	int ch = wgetch(stdscr);

	/* a report that is no key: the keys behind it are read on */
	while (ch == 27) {
		int key = escape(at);

		if (key != NSTOP_KEY_NONE)
			return key;
		ch = wgetch(stdscr);
	}
	switch (ch) {
	case ERR:
		return NSTOP_KEY_NONE;
	case KEY_UP:
		return NSTOP_KEY_UP;
	case KEY_DOWN:
		return NSTOP_KEY_DOWN;
	case KEY_LEFT:
		return NSTOP_KEY_LEFT;
	case KEY_RIGHT:
		return NSTOP_KEY_RIGHT;
	case KEY_PPAGE:
		return NSTOP_KEY_PGUP;
	case KEY_NPAGE:
		return NSTOP_KEY_PGDN;
	case KEY_HOME:
		return NSTOP_KEY_HOME;
	case KEY_END:
		return NSTOP_KEY_END;
	case KEY_F(1) ... KEY_F(12):
		return NSTOP_KEY_F(ch - KEY_F0);
	case KEY_RESIZE:
		return NSTOP_KEY_RESIZE;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		return NSTOP_KEY_BACKSPACE;
	case KEY_ENTER:
	case '\r':
	case '\n':
		return NSTOP_KEY_ENTER;
	default:
		return ch >= 0 && ch <= 0xff ? ch : NSTOP_KEY_NONE;
	}
}

void tty_suspend(void)
{
	mouse_reports(false);
	def_prog_mode();
	endwin();
	fflush(stdout);
}

void tty_resume(void)
{
	reset_prog_mode();
	/* the shell drew over everything: repaint it all */
	clearok(curscr, TRUE);
	wnoutrefresh(stdscr);
	doupdate();
	mouse_reports(true);
}
