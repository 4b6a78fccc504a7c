#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and types answers to its passphrase prompts.

Usage: pty_drive.py ANSWERS_FILE COMMAND [ARGS...]

ANSWERS_FILE holds one answer per line; each prompt the command shows ("...passphrase for ...: "
or "Type it again: ") gets the next one. Everything the command wrote to the terminal is
printed to stdout, then "EXIT <code>". A command still waiting after 120 seconds (a prompt the
driver did not recognise) is killed, so a broken test fails instead of hanging."""
import os
import pty
import re
import signal
import sys

PROMPT = re.compile(rb"([Pp]assphrase for [^\n]*: |Type it again: )$")


def main():
    answers = open(sys.argv[1], encoding="utf-8").read().split("\n")
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[2], sys.argv[2:])
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.alarm(120)
    seen, answered = b"", 0
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
        if PROMPT.search(seen) and answered < len(answers):
            os.write(fd, answers[answered].encode() + b"\n")
            answered += 1
            seen += b"<typed>\n"
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode("utf-8", "replace").replace("\r\n", "\n"))
    sys.stdout.write(f"\nEXIT {os.waitstatus_to_exitcode(status)}\n")


main()
