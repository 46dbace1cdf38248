#!/usr/bin/env python3
"""Best CPU and wall seconds of several commands, measured in interleaved rounds.

    interleaved-best.py ROUNDS NAME=COMMAND... (each COMMAND's words quoted as for the shell)

Each round runs every command once, in turn, so that a load that drifts over the minutes of a
benchmark (a shared machine) falls on every command alike; best-of-N per command then takes
the quietest moment of each (a command's best CPU and best wall may come from different rounds).
CPU is user + system from getrusage, in microseconds (the work); wall is time.perf_counter around
the run (what a user waits for). Prints "NAME CPU WALL" per command. A command that fails stops the script with its status.
"""
import resource
import shlex
import subprocess
import sys
import time


def main() -> int:
    rounds = int(sys.argv[1])
    commands = []
    for spec in sys.argv[2:]:
        name, _, command = spec.partition("=")
        commands.append((name, shlex.split(command)))
    best = {}
    for _ in range(rounds):
        for name, argv in commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode != 0:
                sys.stderr.write(f"benchmark: {name} ({' '.join(argv)}) failed with status {done.returncode}:\n")
                sys.stderr.write(done.stderr.decode(errors="replace")[:2000])
                return 1
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            old_cpu, old_wall = best.get(name, (cpu, wall))
            best[name] = (min(old_cpu, cpu), min(old_wall, wall))
    for name, _ in commands:
        cpu, wall = best[name]
        print(f"{name} {cpu:.4f} {wall:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
