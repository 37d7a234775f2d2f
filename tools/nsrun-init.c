// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun-init: PID 1 of an nsrun container's pid namespace, and nothing
 * else; nsrun starts it, nobody else should.
 *
 * The kernel drops signals sent to a namespace's init that it has no
 * handler for, so a plain command as PID 1 would ignore the SIGTERM of
 * `nsrun stop`, and orphans would stay zombies. nsrun's container process
 * sets the container up, starts the command (its first child, whose pid
 * it passes as NSRUN_INIT_CHILD), and then execs this program, with every
 * signal but the faults blocked. Blocked signals are queued, never
 * dropped, and they, the mask and the parent-death signal all survive the
 * exec. This init takes them with sigtimedwait, forwards them to the
 * command, reaps whatever ends, and exits with the command's status, at
 * which the kernel kills what is left in the namespace.
 *
 * A program of its own, not a part of nsrun: the container process runs
 * in the launcher's memory while it sets up (see clone_child() in
 * tools/nsrun/run.c), and the exec gives the init memory of its own, so
 * that nothing in the container can reach the launcher's through it; it
 * also shows as "nsrun-init -- CMD" in ps and nsls, and its memory in
 * nstop is its own few pages.
 *
 * Its start is on the way of every launch, so on x86-64 it is built
 * without a C library (-nostdlib, see the Makefile): its own entry point
 * and six system calls, and an exec of it costs two page faults where a
 * static glibc program costs twenty-five. Elsewhere the same code runs
 * on glibc's syscall(2).
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* The exit code of a failure of nsrun itself, as nsrun's (NSRUN_EXIT_FAILED). */
#define EXIT_NSRUN_FAILED 125

/* The kernel's signal set (rt_sigprocmask, rt_sigtimedwait): 64 signals, a bit each. */
typedef uint64_t ksigset_t;
#define KSIG(s) ((ksigset_t)1 << ((s) - 1))

/* The kernel's siginfo: 128 bytes, of which the first three ints are read here. */
struct ksiginfo {
	int signo;
	int err;
	int code;
	int rest[29];
};

#if defined(__x86_64__) && !defined(NSRUN_INIT_LIBC)
static long sc(long n, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall"
			 : "+a"(n)
			 : "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return n;
}
#define SC_ERR(r) ((r) < 0)
#else
#include <unistd.h>
#define sc(n, a, b, c, d) syscall((n), (a), (b), (c), (d))
#define SC_ERR(r) ((r) == -1)
#endif

static void __attribute__((noreturn)) quit(int code)
{
	for (;;)
		sc(SYS_exit_group, code, 0, 0, 0);
}

static size_t len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int status_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return EXIT_NSRUN_FAILED;
}

/* The command's pid from "NSRUN_INIT_CHILD=PID" in envp; 0 when absent or bad. */
static long child_pid(char **envp)
{
	static const char key[] = "NSRUN_INIT_CHILD=";

	for (; *envp; envp++) {
		const char *e = *envp;
		long pid = 0;
		size_t i;

		for (i = 0; i < sizeof(key) - 1 && e[i] == key[i]; i++)
			;
		if (i < sizeof(key) - 1)
			continue;
		for (e += i; *e >= '0' && *e <= '9' && pid < 1L << 30; e++)
			pid = pid * 10 + (*e - '0');
		return *e || e == *envp + i ? 0 : pid;
	}
	return 0;
}

static void __attribute__((noreturn)) init(char **envp)
{
	static const char usage[] =
		"nsrun-init: the init of nsrun's containers, started by nsrun only\n";
	/* every signal but the faults, which are synchronous: blocked, they would kill silently */
	const ksigset_t all = ~(KSIG(SIGSEGV) | KSIG(SIGBUS) | KSIG(SIGFPE) | KSIG(SIGILL) |
				KSIG(SIGTRAP) | KSIG(SIGSYS));
	long cmd = child_pid(envp);
	int sig = SIGCHLD;

	if (sc(SYS_getpid, 0, 0, 0, 0) != 1 || cmd < 2) {
		sc(SYS_write, 2, (long)usage, (long)len(usage), 0);
		quit(EXIT_NSRUN_FAILED);
	}
	sc(SYS_rt_sigprocmask, SIG_SETMASK, (long)&all, 0, sizeof(all));

	/*
	 * The first round reaps without a signal: the command may have ended
	 * before this program ran, and its SIGCHLD need not have waited.
	 */
	for (;;) {
		struct ksiginfo si;
		long r;
		int status;

		if (sig == SIGCHLD) {
			while ((r = sc(SYS_wait4, -1, (long)&status, WNOHANG, 0)) > 0)
				if (r == cmd)
					quit(status_code(status));
			/* no child left, and never the command: not ours to wait for */
			if (SC_ERR(r))
				quit(EXIT_NSRUN_FAILED);
		} else if (sig > 0 && si.code != SI_KERNEL) {
			/* not SI_KERNEL: the terminal's ^C reached the command's group itself */
			sc(SYS_kill, cmd, sig, 0, 0);
		}
		r = sc(SYS_rt_sigtimedwait, (long)&all, (long)&si, 0, sizeof(all));
		sig = SC_ERR(r) ? 0 : (int)r;
	}
}

#if defined(__x86_64__) && !defined(NSRUN_INIT_LIBC)
/*
 * The entry point: the kernel leaves argc, argv[], NULL, envp[], NULL at
 * the stack pointer. Aligned for the call, as the ABI wants it.
 */
__asm__(".text\n"
	".global _start\n"
	"_start:\n\t"
	"xor %ebp, %ebp\n\t"
	"mov %rsp, %rdi\n\t"
	"and $-16, %rsp\n\t"
	"call start_c\n\t"
	"hlt\n");

void __attribute__((noreturn, used)) start_c(long *sp);

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);

	init(argv + sp[0] + 1);
}
#else
int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	init(envp);
}
#endif
