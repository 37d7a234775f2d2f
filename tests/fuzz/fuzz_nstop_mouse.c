// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for nstop's decoding of the terminal's mouse reports
 * (tools/nstop/mouse.c): the bytes after ESC [ come from the terminal, or
 * from whatever wrote to it. Besides the sanitizers' findings, it traps
 * when the decoder breaks its word: taking more bytes than it was given,
 * a key that is not a mouse key, a place off the screen's first quadrant.
 *
 * TOOL: nstop (scripts/fuzz.sh links its modules)
 */
#include <stdint.h>
#include <string.h>

#include "nstop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nstop_clicks clicks = { 0 };
	size_t off = 0;

	/* as tty.c feeds it: report after report, until one is not */
	while (off < size) {
		struct nstop_mouse at = { -1, -1 };
		int key, used = nstop_mouse_decode(data + off, size - off, &key, &at);

		if (used < -1 || (size_t)(used > 0 ? used : 0) > size - off)
			__builtin_trap();
		if (used <= 0)
			break;
		if (key != NSTOP_KEY_NONE && key != NSTOP_KEY_CLICK && key != NSTOP_KEY_WHEEL_UP &&
		    key != NSTOP_KEY_WHEEL_DOWN)
			__builtin_trap();
		if (key != NSTOP_KEY_NONE && (at.x < 0 || at.y < 0))
			__builtin_trap();
		key = nstop_mouse_click(&clicks, key, &at, (double)off / 10);
		if (key == NSTOP_KEY_DCLICK && clicks.have)
			__builtin_trap();
		off += (size_t)used;
	}
	return 0;
}
