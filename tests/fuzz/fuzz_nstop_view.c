// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for nstop's view: command lines, names and searches are
 * whatever processes and users make them (any bytes, any UTF-8 or none),
 * and they are drawn into frames of any size. The frame must never be
 * written past its edge, and its text must read back.
 *
 * TOOL: nstop (scripts/fuzz.sh links its modules)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nstop_sample s;
	struct nstop_model m;
	struct nstop_header h;
	struct nstop_ui ui;
	struct nstop_frame f;
	struct task *p;
	char *text, out[4096];
	int rows, cols;

	if (size < 2)
		return 0;
	/* the first two bytes choose the screen, the rest is the text */
	rows = data[0] % 64;
	cols = data[1] % 200;
	text = malloc(size - 1);
	if (!text)
		return 0;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';

	nstop_sample_init(&s);
	if (nstop_sample_reserve(&s, 1) < 0) {
		free(text);
		return 0;
	}
	p = &s.snap.tasks[s.snap.ntasks++];
	memset(p, 0, sizeof(*p));
	p->pid = 42;
	p->loaded = TASK_STAT | TASK_CONTAINER | TASK_CMDLINE;
	p->stat.nthreads = 1;
	p->ns[NS_NET] = 4026532204ULL;
	p->ns[NS_PID] = 4026532202ULL;
	p->cmdline = text;
	memcpy(p->stat.comm, text, strnlen(text, sizeof(p->stat.comm) - 1));

	nstop_model_init(&m);
	memset(&h, 0, sizeof(h));
	nstop_ui_init(&ui);
	memcpy(ui.input, text, strnlen(text, sizeof(ui.input) - 1));
	ui.mode = data[0] % NSTOP_NMODES;
	{
		/* keys of the bottom line with labels and priorities of any kind */
		static struct nstop_footer_item items[4];

		for (int i = 0; i < 4; i++)
			items[i] = (struct nstop_footer_item){ text, text + (size - 2) / 2,
							       data[1] >> i, i };
		ui.footer = items;
		ui.nfooter = 4;
	}
	ui.pane_lines = &p->cmdline;
	ui.pane_nlines = 1;
	ui.menu_sel = data[1] % 3;
	ui.menu_width = data[0] % 90;
	nstop_frame_init(&f, data[1] & 1);
	if (nstop_model_build(&m, &s) == 0 && nstop_frame_resize(&f, rows, cols) == 0) {
		nstop_view_draw(&f, &m, &h, &ui);
		for (int y = 0; y < rows; y++)
			nstop_frame_text(&f, y, out, sizeof(out));
		nstop_frame_put(&f, rows / 2, cols / 3, text, -1, 0);
	}
	nstop_frame_release(&f);
	nstop_model_release(&m);
	s.snap.tasks[0].cmdline = NULL;	/* text is this function's */
	nstop_sample_free(&s);
	free(text);
	return 0;
}
