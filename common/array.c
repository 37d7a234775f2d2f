// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "array.h"

int array_grow(void **pv, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	void *nv;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	/* reallocarray: ncap * size cannot overflow unnoticed */
	nv = reallocarray(*pv, ncap, size);
	if (!nv)
		return -ENOMEM;
	*pv = nv;
	*cap = ncap;
	return 0;
}
