// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The terminal's mouse reports, decoded into nstop's keys. tty.c asks the
 * terminal for reports of button presses in SGR form (xterm's mode 1006:
 * ESC [ < button ; column ; line M, m for a release), which have no limit
 * on the coordinates; a terminal that does not know it sends the older
 * form (ESC [ M and three bytes, 223 columns at most), read as well. What
 * a click, a double click or the wheel does is the key table's (keys.c).
 * Pure: the bytes and the time come from the caller, so that tests give
 * them.
 */
#include <string.h>

#include "nstop.h"

/* Two presses of the first button on one cell this close are a double click. */
#define DOUBLE_CLICK_SECONDS 0.4

/* A press (or wheel) of button b at x, y (0-based) as a key; releases are none. */
static int button_key(int b, bool release)
{
	/* the low bits are the button, 64 the wheel, 32 a motion, 4 8 16 modifiers */
	if (release || (b & 32))
		return NSTOP_KEY_NONE;
	if (b & 64)
		return (b & 3) == 0 ? NSTOP_KEY_WHEEL_UP : (b & 3) == 1 ? NSTOP_KEY_WHEEL_DOWN :
									  NSTOP_KEY_NONE;
	/* the first button; the others do nothing here, as in htop */
	return (b & 3) == 0 ? NSTOP_KEY_CLICK : NSTOP_KEY_NONE;
}

int nstop_mouse_decode(const unsigned char *s, size_t len, int *key, struct nstop_mouse *pos)
{
	long v[3] = { 0, 0, 0 };
	size_t i = 1;
	int n = 0;

	*key = NSTOP_KEY_NONE;
	if (!len)
		return 0;
	if (s[0] == 'M') {
		/* the old form: button, column and line, each plus 32 */
		if (len < 4)
			return 0;
		if (s[1] < 32 || s[2] < 33 || s[3] < 33)
			return -1;
		pos->x = s[2] - 33;
		pos->y = s[3] - 33;
		*key = (s[1] - 32) == 3 ? NSTOP_KEY_NONE : button_key(s[1] - 32, false);
		return 4;
	}
	if (s[0] != '<')
		return -1;
	for (; i < len; i++) {
		unsigned char c = s[i];

		if (c >= '0' && c <= '9') {
			if (v[n] > 100000)
				return -1;
			v[n] = v[n] * 10 + (c - '0');
		} else if (c == ';') {
			if (++n > 2)
				return -1;
		} else if ((c == 'M' || c == 'm') && n == 2) {
			if (v[1] < 1 || v[2] < 1)
				return -1;
			pos->x = (int)v[1] - 1;
			pos->y = (int)v[2] - 1;
			*key = button_key((int)v[0], c == 'm');
			return (int)i + 1;
		} else {
			return -1;
		}
	}
	/* a prefix of a report: more to come */
	return i < 32 ? 0 : -1;
}

int nstop_mouse_click(struct nstop_clicks *c, int key, const struct nstop_mouse *pos, double now)
{
	if (key != NSTOP_KEY_CLICK)
		return key;
	if (c->have && c->pos.x == pos->x && c->pos.y == pos->y &&
	    now - c->time <= DOUBLE_CLICK_SECONDS && now >= c->time) {
		/* a third press starts again */
		c->have = false;
		return NSTOP_KEY_DCLICK;
	}
	c->have = true;
	c->time = now;
	c->pos = *pos;
	return NSTOP_KEY_CLICK;
}
