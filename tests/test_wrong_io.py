"""The IO-model specs reject wrong statements of their claims (the tutorial's, where it is wrong)."""
import os
import socket

import pytest

from specs import test_io_models as io
from specs.harness.blocking import assert_blocks_until
from tests.rejections import rejects


def rejected(check, *args, **kwargs):
    with pytest.raises(AssertionError):
        check(*args, **kwargs)


@rejects("io.stream.ordered-consumed")
def test_rereading_or_reordering_a_stream_is_rejected():
    rejected(io.check_stream_reads, b"abc", [b"ab", b"ab", b"c", b""], [4])  # bytes read twice
    rejected(io.check_stream_reads, b"abc", [b"c", b"ab", b""], [4])  # out of order
    rejected(io.check_stream_reads, b"abc", [b"abc"], [4])  # no end


@rejects("io.stream.input-output-directions")
def test_swapped_pipe_ends_are_rejected():
    with io.pipe() as (r, w):
        rejected(io.check_directions, w, r, b"data")  # claim the write end is the input stream


@rejects("io.stream.device-independent")
def test_a_device_losing_bytes_is_rejected():
    rejected(io.check_same_calls, "pipe", b"abc", b"ab")


@rejects("io.fd.socket-is-a-descriptor")
def test_a_non_descriptor_is_rejected():
    with io.tcp_pairs(1) as [(client, server)]:
        rejected(io.check_socket_fd, -1, server, client, b"x")
        rejected(io.check_socket_fd, "socket", server, client, b"x")


@rejects("io.fd.not-everything-is-a-stream")
def test_udp_read_as_a_stream_is_rejected():
    # the tutorial: every file is a stream, so a short read would leave the rest of the datagram
    first, second, k = b"hello", b"world", 2
    short, next_read = io.datagram_reads(first, second, k)
    rejected(io.check_datagram_reads, first, second, k, short, first[k:])
    rejected(io.check_datagram_reads, first, first[k:] + second, k, short, next_read)


@rejects("io.blocking.read-waits-for-data")
def test_a_read_returning_at_once_is_rejected():
    with io.pipe() as (r, w):
        os.write(w, b"early")
        with pytest.raises(AssertionError):
            assert_blocks_until(lambda: os.read(r, 100), lambda: None, what="os.read()", settle=0.05)


@rejects("io.blocking.returns-what-arrived")
def test_waiting_for_enough_data_is_rejected():
    # the tutorial: the kernel waits until "enough" data has come
    data = b"partial"
    rejected(io.check_returns_what_arrived, True, data, 100, io.blocking_recv_outcome(data, 100))


@rejects("io.blocking.only-the-calling-thread")
def test_the_whole_process_blocking_is_rejected():
    # the tutorial: "the whole process is blocked"
    rejected(io.check_thread_only, True, *io.other_thread_progress(10000))


@rejects("io.nonblocking.raises-at-once")
def test_waiting_or_returning_nothing_is_rejected():
    rejected(io.check_nonblocking, socket.timeout("timed out"), b"x", b"x")  # it waited
    rejected(io.check_nonblocking, b"", b"x", b"x")  # it returned instead of raising


@rejects("io.multiplex.polling-burns-cpu")
def test_polling_as_cheap_as_a_selector_is_rejected():
    rejected(io.check_idle_cost, False, *io.idle_cpu())


@rejects("io.multiplex.reports-ready-sockets")
def test_a_selector_reporting_every_socket_is_rejected():
    expected, reported = io.ready_report([False, True, False])
    rejected(io.check_ready, {0, 1, 2}, reported)  # "you still have to try every socket"


@rejects("io.epoll.linux-default")
def test_other_default_selectors_on_linux_are_rejected():
    rejected(io.check_epoll_platform, True, True, "SelectSelector")
    rejected(io.check_epoll_platform, True, False, "EpollSelector")


@rejects("io.epoll.notifies-only")
def test_level_triggered_reports_are_not_edge_triggered():
    if not io.LINUX:
        pytest.skip("Linux only: epoll")
    rejected(io.check_epoll_reports, True, io.epoll_reports(b"x", edge=False))
    rejected(io.check_epoll_reports, False, io.epoll_reports(b"x", edge=True))
