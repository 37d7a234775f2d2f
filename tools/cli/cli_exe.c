// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_exe_dir(char *buf, size_t size)
{
	ssize_t n;
	char *slash;

	if (size < 2)
		return -ENAMETOOLONG;
	n = readlink("/proc/self/exe", buf, size - 1);
	if (n < 0)
		return -errno;
	if ((size_t)n == size - 1)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -ENOENT;
	/* the root directory stays "/" */
	slash[slash == buf ? 1 : 0] = '\0';
	return 0;
}
