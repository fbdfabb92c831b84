"""`whatif --executor dask --scheduler ADDRESS` ends in one line, within its timeout, when the
address is not a Dask scheduler (issue 23): a port that accepts and never answers, one that
answers with something else (an SSH banner), and one that refuses."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from scheduler.whatif import scenarios
from scheduler.whatif.scenarios import ExecutorError, probe


@pytest.fixture
def server() -> Iterator[tuple[socket.socket, list[socket.socket]]]:
    """A listening socket on a free local port; accepted connections are kept open."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    yield listener, held
    for conn in held:
        conn.close()
    listener.close()


def serve(listener: socket.socket, held: list[socket.socket], say: bytes) -> None:
    def run() -> None:
        conn, _ = listener.accept()
        held.append(conn)
        if say:
            conn.sendall(say)

    threading.Thread(target=run, daemon=True).start()


def address(listener: socket.socket) -> str:
    host, port = listener.getsockname()
    return f"tcp://{host}:{port}"


def test_a_port_that_never_answers_is_one_line_within_the_timeout(server: tuple) -> None:
    listener, held = server
    serve(listener, held, b"")
    started = time.monotonic()
    with pytest.raises(ExecutorError) as caught:
        probe(address(listener), 0.5)
    assert time.monotonic() - started < 3
    assert str(caught.value) == (
        f"--scheduler {address(listener)}: accepted the connection but sent no Dask handshake within 0.5 s"
    )


def test_a_port_that_answers_something_else_is_one_line(server: tuple) -> None:
    listener, held = server
    serve(listener, held, b"SSH-2.0-OpenSSH_9.6\r\n")
    with pytest.raises(ExecutorError) as caught:
        probe(address(listener), 2)
    assert str(caught.value) == (
        f"--scheduler {address(listener)}: answered b'SSH-2.0-', not a Dask scheduler's handshake; "
        "is it the right port?"
    )


def test_a_refused_port_and_a_malformed_address_are_one_line(server: tuple) -> None:
    listener, _ = server
    gone = address(listener)
    listener.close()
    with pytest.raises(ExecutorError, match="no Dask scheduler there"):
        probe(gone, 1)
    with pytest.raises(ExecutorError, match="expected tcp://HOST:PORT"):
        probe("tcp://nowhere", 1)


def test_whatif_says_it_in_one_line_and_exits_2(server: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from scheduler.cli import main

    pytest.importorskip("distributed")
    listener, held = server
    serve(listener, held, b"SSH-2.0-OpenSSH_9.6\r\n")
    monkeypatch.setattr(scenarios, "CONNECT_SECONDS", 1)
    result = CliRunner().invoke(
        main,
        ["whatif", "--set", "visitation.booths=5", "--executor", "dask", "--scheduler", address(listener)],
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"--scheduler {address(listener)}: answered b'SSH-2.0-', not a Dask scheduler's handshake; "
        "is it the right port?"
    ]
