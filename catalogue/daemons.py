"""Processes the local stack starts detached and remembers by a pid file: how to tell
whether one still runs, wait for it to answer, and stop it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar


class StackError(RuntimeError):
    """The local stack could not be started; the message says why and what to do."""


def running_pid(pid_file: Path) -> int | None:
    """The pid recorded in ``pid_file`` if that process is alive."""
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def wait_until_healthy(
    process: subprocess.Popen[bytes], healthy: Callable[[], bool], name: str, log: Path
) -> None:
    """Wait (30 s at most) for a process just started to answer."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"{name} s'est arrêté au démarrage (voir {log}).")
        if healthy():
            return
        time.sleep(0.1)
    raise StackError(f"{name} ne répond pas après 30 s.")


def stop_pid(pid_file: Path) -> None:
    """Stop the process of ``pid_file`` (politely, then not), and forget it."""
    pid = running_pid(pid_file)
    if pid is None:
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and running_pid(pid_file) is not None:
        with contextlib.suppress(ChildProcessError):  # not our child: just wait
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    if running_pid(pid_file) is not None:
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)


class Daemon:
    """A detached process of the stack, in its own directory, known by its pid file."""

    name: ClassVar[str]  # as the messages name it; its pid file is named after it

    @property
    def root(self) -> Path:
        raise NotImplementedError

    @property
    def pid_file(self) -> Path:
        return self.root / f"{self.name.lower()}.pid"

    @property
    def log_file(self) -> Path:
        return self.root / f"{self.name.lower()}.log"

    def is_healthy(self) -> bool:
        raise NotImplementedError

    def is_running(self) -> bool:
        return running_pid(self.pid_file) is not None

    def launch(self, command: list[str]) -> None:
        """Start ``command`` detached (its output appended to its log) and wait for it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=self.root
            )
        self.pid_file.write_text(str(process.pid))
        wait_until_healthy(process, self.is_healthy, self.name, self.log_file)

    def stop(self) -> None:
        stop_pid(self.pid_file)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
