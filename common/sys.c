// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

int sys_setns(int fd, int nstype)
{
	return setns(fd, nstype);
}

int sys_unshare(int flags)
{
	return unshare(flags);
}

int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

int sys_pidfd_getfd(int pidfd, int targetfd, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_getfd, pidfd, targetfd, flags);
}

int sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, info, flags);
}

int sys_ns_ioctl(int fd, unsigned long request)
{
	return ioctl(fd, request);
}

int sys_ns_ioctl_arg(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

int sys_pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(SYS_pivot_root, new_root, put_old);
}

int sys_openat2(int dirfd, const char *path, struct open_how *how, size_t size)
{
	return (int)syscall(SYS_openat2, dirfd, path, how, size);
}

/*
 * AddressSanitizer cannot follow a process onto a stack it was not told
 * of (its bookkeeping of the stack faults on the first noreturn call):
 * its builds take the ENOSYS way, a child with a copy of the memory.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NSKIT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define NSKIT_ASAN 1
#endif

#if defined(__x86_64__) && !defined(NSKIT_ASAN)
pid_t sys_clone3_fn(struct clone_args *args, size_t size, int (*fn)(void *), void *arg)
{
	/*
	 * glibc 2.36 has no clone3() that calls a function on a new stack,
	 * and a C wrapper cannot do it: the child, on a stack of its own,
	 * must not return through the caller's frames. So the syscall and
	 * the child's first steps are here: fn and arg wait in registers
	 * that the kernel gives the child as they were (r12, r13), the
	 * stack pointer is the top of the new stack (16-byte aligned, as a
	 * call wants it), and the frame chain starts afresh (rbp 0).
	 */
	register long rax __asm__("rax") = SYS_clone3;
	register struct clone_args *rdi __asm__("rdi") = args;
	register size_t rsi __asm__("rsi") = size;
	register int (*r12)(void *) __asm__("r12") = fn;
	register void *r13 __asm__("r13") = arg;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "mov %%r13, %%rdi\n\t"
			 "call *%%r12\n\t"
			 "mov %%eax, %%edi\n\t"
			 "mov %[exit_group], %%eax\n\t"
			 "syscall\n\t"
			 "hlt\n"
			 "1:\n\t"
			 : "+r"(rax)
			 : "r"(rdi), "r"(rsi), "r"(r12), "r"(r13), [exit_group] "i"(SYS_exit_group)
			 : "rcx", "r11", "memory");
	if (rax < 0) {
		errno = (int)-rax;
		return -1;
	}
	return (pid_t)rax;
}
#else
pid_t sys_clone3_fn(struct clone_args *args, size_t size, int (*fn)(void *), void *arg)
{
	(void)args;
	(void)size;
	(void)fn;
	(void)arg;
	errno = ENOSYS;
	return -1;
}
#endif
