/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UTF-8 decoding for the places that print strings from the system
 * (hostnames, mount points, command lines can hold any byte): JSON output
 * that must stay valid, and terminal output that must never carry escape
 * sequences.
 *
 * Used by container names, the JSON writers (jsonw, and libsmartcols's
 * through out_cell()), nsdiff and nstop.
 */
#ifndef NSKIT_UTF8_H
#define NSKIT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length (1 to 4) of the valid UTF-8 sequence at s, its code point in
 * *cp; 0 when s does not start one: a stray continuation byte, a truncated
 * sequence (a NUL included), an overlong form, a UTF-16 surrogate or a
 * value beyond U+10FFFF. s[0] == 0 decodes as U+0000, length 1.
 */
size_t utf8_decode(const unsigned char *s, uint32_t *cp);

/*
 * Write the code point cp (at most U+10FFFF, not a surrogate: the caller's
 * to check) as UTF-8 into out, which has room for 4 bytes; returns the
 * length.
 */
size_t utf8_encode(uint32_t cp, char *out);

/*
 * Valid UTF-8 from any string: NULL with *nbad 0 when s is valid already
 * (nothing to copy), else a malloc'ed copy in which every byte that does
 * not start a valid sequence is U+FFFD, with *nbad their count (NULL with
 * *nbad > 0: out of memory).
 */
char *utf8_repair(const char *s, size_t *nbad);

#endif
