/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Growing arrays: the one realloc pattern of the library.
 *
 * Used by the library itself, nsdiff and nstop.
 */
#ifndef NSKIT_ARRAY_H
#define NSKIT_ARRAY_H

#include <stddef.h>

/*
 * Make room for at least need items of size bytes in the array *pv, which
 * holds *cap: the capacity doubles (from 16), so n pushes cost O(n). On
 * failure the array is left as it was and -ENOMEM returned: the caller
 * still owns it. Pass the address of the array's pointer: (void **)&v.
 */
int array_grow(void **pv, size_t *cap, size_t need, size_t size);

#endif
