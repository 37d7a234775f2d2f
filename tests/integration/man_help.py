#!/usr/bin/env python3
# The options a tool's --help lists against those its man page documents,
# both ways (helper of man_help.sh; not a test itself).
#
#   man_help.py TOOL BINARY MANPAGE
#   TOOL --help | man_help.py --help-options    the options, on one line
#
# --help: the option column of every line that starts with an option, and
# for nsrun the synopsis of each line under "Subcommands:" (scoped by the
# subcommand's name). The man page: the tag of every .TP (and .TQ) under
# OPTIONS, and under SUBCOMMANDS scoped by its first word. Prints what one
# side has and the other lacks; exits 1 if anything.
import re
import shlex
import subprocess
import sys

# -x or --long-name, not inside a word or after "=" or "<"
OPT = re.compile(r'(?<![\w<=-])(--?[A-Za-z0-9][\w-]*)')


def help_opts(text):
    out, sub = set(), False
    for line in text.splitlines():
        if line.startswith('Subcommands:'):
            sub = True
        elif sub:
            m = re.match(r'^ (\w+)(.*)$', line)
            if m:
                head = re.split(r'\s{2,}', m.group(2).strip())[0]
                out |= {(m.group(1), o) for o in OPT.findall(head)}
        elif re.match(r'^\s+-', line):
            # the option column ends at two spaces (or one, before a
            # description that does not start with a dash)
            head = re.split(r'\s{2,}', line.strip())[0]
            out |= {('', o) for o in OPT.findall(head)}
    return out


def roff_text(line):
    """The text of a macro line, its arguments joined as the macro joins them."""
    line = re.sub(r'\\f[BIRP]', '', line)
    line = line.replace('\\-', '-').replace('\\&', '')
    line = re.sub(r'\\\(..', '', line)
    if not line.startswith('.'):
        return line
    macro, _, rest = line.partition(' ')
    try:
        args = shlex.split(rest)
    except ValueError:
        args = rest.split()
    alternating = macro in ('.BR', '.BI', '.IR', '.RB', '.IB', '.RI')
    return ('' if alternating else ' ').join(args)


def man_opts(path):
    out, sect, tag = set(), '', False
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('.\\"'):
                continue
            if line.startswith('.SH'):
                sect = line[3:].strip().strip('"')
            elif tag and sect in ('OPTIONS', 'SUBCOMMANDS'):
                head = roff_text(line)
                scope = head.split()[0] if sect == 'SUBCOMMANDS' and head.split() else ''
                out |= {(scope, o) for o in OPT.findall(head)}
            tag = line.strip() in ('.TP', '.TQ')
    return out


def main():
    if sys.argv[1:2] == ['--help-options']:
        # the options of a --help text on stdin, sorted as LC_ALL=C sort
        opts = sorted({o for scope, o in help_opts(sys.stdin.read()) if not scope})
        print(''.join(o + ' ' for o in opts))
        return 0
    tool, binary, man = sys.argv[1:4]
    text = subprocess.run([binary, '--help'], capture_output=True, text=True,
                          check=True).stdout
    h, m = help_opts(text), man_opts(man)
    if not h or not m:
        print(f"{tool}: no options found ({len(h)} in --help, {len(m)} in {man})")
        return 1

    def names(s):
        return ' '.join(sorted((a + ' ' if a else '') + b for a, b in s))
    bad = 0
    if h - m:
        print(f"{tool}: in --help, not in its man page: {names(h - m)}")
        bad = 1
    if m - h:
        print(f"{tool}: in its man page, not in --help: {names(m - h)}")
        bad = 1
    return bad


sys.exit(main())
