/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The syscall layer: thin wrappers for the calls that change or probe
 * namespaces and for those glibc 2.36 lacks. They live in their own object
 * so that unit tests can replace them with the linker's --wrap=sys_NAME.
 * Each returns what the syscall returns, with errno set, like libc.
 *
 * Used by the library itself, nsdiff, nstop and nsrun.
 */
#ifndef NSKIT_SYS_H
#define NSKIT_SYS_H

#include <signal.h>
#include <sys/types.h>

int sys_setns(int fd, int nstype);
int sys_unshare(int flags);
int sys_pidfd_open(pid_t pid, unsigned int flags);
int sys_pidfd_getfd(int pidfd, int targetfd, unsigned int flags);
int sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags);
/* ioctl(2) on a namespace fd with an integer result (NS_GET_*). */
int sys_ns_ioctl(int fd, unsigned long request);
int sys_ns_ioctl_arg(int fd, unsigned long request, void *arg);
int sys_pivot_root(const char *new_root, const char *put_old);

struct open_how;
/* openat2(2) (Linux 5.6); -1 with errno ENOSYS before. */
int sys_openat2(int dirfd, const char *path, struct open_how *how, size_t size);

struct clone_args;
/*
 * clone3(2) for a child that shares the caller's memory (CLONE_VM): the
 * child starts on args->stack, runs fn(arg) and exits with what fn
 * returns; it never returns into the caller's frames, whose stack it
 * shares. The parent gets the child's pid. -1 with errno ENOSYS where
 * this is not implemented (architectures other than x86-64), or where the
 * kernel or a tool such as valgrind refuses clone3.
 */
pid_t sys_clone3_fn(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);

#endif
