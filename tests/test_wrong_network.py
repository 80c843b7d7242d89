"""The network specs reject wrong statements of their claims (the tutorial's, where it is wrong).

Each test feeds a spec's check the asserted value a wrong statement makes (or what the runtime
does in the situation the wrong statement describes) and expects the check to fail.
"""
import contextlib
import ipaddress
import select
import socket
import threading

import pytest

from specs import test_network_model as model
from specs import test_sockets as socks
from specs import test_tcp_udp as tcp
from specs.harness.blocking import assert_blocks_until
from tests.rejections import rejects

MIB = 1024 * 1024


def rejected(check, *args, **kwargs):
    with pytest.raises(AssertionError):
        check(*args, **kwargs)


# ---- 层次模型, 应用层, 传输层, 网络层 ------------------------------------------------------------------------

@rejects("net.layers.protocols-by-layer")
def test_tcp_is_not_an_application_protocol():
    rejected(model.check_protocol_layer, "tcp", "application")
    rejected(model.check_protocol_layer, "http", "ip-carried")


@rejects("net.app.name-resolution")
def test_localhost_resolving_elsewhere_is_rejected():
    rejected(model.check_all_loopback, ["127.0.0.1", "192.0.2.7"])
    rejected(model.check_all_loopback, [])


@rejects("net.transport.stream-is-tcp-dgram-is-udp")
def test_stream_socket_is_not_udp():
    rejected(model.check_transport_by_type, {socket.SOCK_STREAM: "udp"})


@rejects("net.network.icmp-reports-errors")
def test_silence_is_not_an_icmp_report():
    rejected(model.check_icmp_reported, socket.timeout("timed out"))
    rejected(model.check_icmp_reported, b"")


# ---- IPV4和IPV6 ---------------------------------------------------------------------------------------------

@rejects("ip.v4.format")
def test_wrong_ipv4_layouts_are_rejected():
    value = int(ipaddress.IPv4Address("192.0.2.1"))
    rejected(model.check_ipv4_format, value, bits=32, parts=4, part_max=256)
    rejected(model.check_ipv4_format, value, bits=64, parts=4, part_max=255)
    rejected(model.check_ipv4_format, value, bits=32, parts=6, part_max=255)


@rejects("ip.v4.loopback-block")
def test_only_127_0_0_1_as_loopback_is_rejected():
    # the tutorial: "the address block 127.0.0.1 is reserved for loopback"
    rejected(model.check_loopback_block, "127.0.0.1/32", "127.1.2.3")


@rejects("ip.v4.unspecified-address")
def test_an_ordinary_address_is_not_the_wildcard():
    rejected(model.check_unspecified, "127.0.0.1", b"x")


TUTORIAL_CLASSES = {
    "A": ((1, 127), 8),
    "B": ((128, 191), 16),
    "C": ((192, 223), 24),
    "D": ((224, 239), None),
    "E": ((240, 254), None),
}


@rejects("ip.v4.classes")
def test_the_tutorials_classful_ranges_are_rejected():
    rejected(model.check_class_table, TUTORIAL_CLASSES, "0.1.2.3")  # class A starts at 0
    rejected(model.check_class_table, TUTORIAL_CLASSES, "255.1.2.3")  # class E ends at 255
    model.check_class_table(TUTORIAL_CLASSES, "10.0.0.1")  # where the tutorial is right, the check agrees


@rejects("ip.v4.classes")
def test_a_table_that_agrees_with_a_wrong_class_rule_is_still_rejected(monkeypatch):
    """The spec's own rule is not the last word: a rule (and a table made to match it) that puts 127
    in class B is caught by the C library's classful split (inet_lnaof)."""
    shifted = {**model.CLASSES, "A": ((0, 126), 8), "B": ((127, 191), 16)}
    original = model.true_class
    monkeypatch.setattr(model, "true_class", lambda first: "B" if first == 127 else original(first))
    rejected(model.check_class_table, shifted, "127.1.2.3")
    model.check_class_table(shifted, "10.0.0.1")


@rejects("ip.v6.format")
def test_wrong_ipv6_layouts_are_rejected():
    value = int(ipaddress.IPv6Address("2001:db8::1"))
    rejected(model.check_ipv6_format, value, bits=128, groups=8, times_v4=2)
    rejected(model.check_ipv6_format, value, bits=64, groups=8, times_v4=4)
    rejected(model.check_ipv6_format, value, bits=128, groups=6, times_v4=4)


# ---- 端口 ---------------------------------------------------------------------------------------------------

@rejects("port.range")
def test_wrong_port_ranges_are_rejected():
    rejected(model.check_port_range, 0, 65536, 65536)
    rejected(model.check_port_range, 0, 32767, 40000)


@rejects("port.distinguishes-services")
def test_the_ip_does_not_tell_services_on_one_host_apart():
    rejected(model.check_told_apart_by, model.services_on_ports([b"a", b"b"]), "ip")


@rejects("port.endpoint-is-address-and-port")
def test_same_port_on_the_same_address_is_not_two_services():
    rejected(model.check_same_port_two_addresses, ["127.0.0.1", "127.0.0.1"], [b"a", b"b"])


@rejects("port.well-known")
def test_wrong_well_known_ports_are_rejected():
    rejected(model.check_well_known, {"http": 8080}, "http")
    rejected(model.check_well_known, {"ftp": 20}, "ftp")


# ---- 传输层: TCP ------------------------------------------------------------------------------------------

@rejects("tcp.connection-required")
def test_a_connectionless_socket_fails_the_connection_check():
    rejected(tcp.check_needs_connection, socket.SOCK_DGRAM)  # UDP sends without a connection


@rejects("tcp.byte-stream")
def test_a_transport_keeping_boundaries_is_not_a_stream():
    # the same observation on a datagram socket pair: one recv returns one send, so the check fails
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    with a, b:
        a.send(b"hello")
        a.send(b"world")
        rejected(tcp.check_one_recv_joins_sends, [b"hello", b"world"], b.recv(65536))
    # an empty read before the end, or a read longer than asked
    rejected(tcp.check_stream, [b"abcd"], [(4, b"ab"), (4, b""), (4, b"cd"), (4, b"")])
    rejected(tcp.check_stream, [b"abcd"], [(2, b"abcd"), (2, b"")])


@rejects("tcp.reliable-in-order")
def test_reordered_or_lost_bytes_are_rejected():
    rejected(tcp.check_stream, [b"abc", b"def"], [(10, b"defabc"), (10, b"")])
    rejected(tcp.check_stream, [b"abc", b"def"], [(10, b"abc"), (10, b"")])


def _measure():
    messages = [tcp.MESSAGE] * 10
    with tcp.exchange_endpoints() as (listener, udp):
        return tcp.best_times(
            lambda: tcp.fresh_connection_exchanges(listener, messages),
            lambda: tcp.one_connection_exchanges(listener, messages),
            lambda: tcp.datagram_exchanges(udp, messages),
            repeats=3,
        )


@rejects("tcp.setup-costs-time", "tcp.long-connection-saves-setup")
def test_long_connection_costing_as_much_is_rejected():
    short, long_, _ = _measure()
    # the wrong statement: one long connection costs per exchange at least as much as short ones
    rejected(tcp.check_setup_cost, long_, short, what="long / short", at_least=1.0)


@rejects("udp.cheaper-than-new-tcp-connection")
def test_udp_costing_as_much_as_a_new_connection_is_rejected():
    short, _, udp = _measure()
    rejected(tcp.check_setup_cost, udp, short, what="UDP / fresh TCP", at_least=1.0)


# ---- 传输层: UDP ------------------------------------------------------------------------------------------

@rejects("udp.connectionless-datagrams")
def test_joined_datagrams_are_rejected():
    rejected(tcp.check_datagrams, [b"ab", b"cd"], [b"abcd"])  # what a stream would hand over
    rejected(tcp.check_datagrams, [b"ab", b"cd"], [b"ab", b"c", b"d"])


@rejects("udp.datagram-size-limit")
def test_sending_everything_at_once_is_rejected():
    # the tutorial: UDP "sends all the data at once" (no limit)
    rejected(tcp.check_size_limit, None, 100000)
    rejected(tcp.check_size_limit, 70000, 66000)


@rejects("udp.one-socket-many-peers")
def test_crossed_replies_are_rejected():
    a, b = ("127.0.0.1", 40001), ("127.0.0.1", 40002)
    rejected(tcp.check_many_peers, [(a, b"x", b"re:y", a), (b, b"y", b"re:x", b)])
    rejected(tcp.check_many_peers, [(b, b"x", b"re:x", a)])


@rejects("udp.has-checksum")
def test_no_checking_is_rejected():
    # the tutorial: UDP has "no checking", so a corrupted datagram would be delivered
    rejected(tcp.check_checksum, False, tcp.first_after_corrupt(b"payload", 0x0101))


@rejects("udp.loss-is-silent")
def test_lossless_udp_is_rejected():
    results, arrived = tcp.flood(100, 1000)
    rejected(tcp.check_silent_loss, False, 100, 1000, results, arrived, tcp.send_to_nobody(b"d" * 1000))


# ---- TCP协议 ------------------------------------------------------------------------------------------------

@rejects("tcp.handshake.kernel-completes")
def test_handshake_needing_accept_is_rejected():
    payloads = [b"one", b"two"]
    completed, got = tcp.connect_without_accept(payloads)
    rejected(tcp.check_kernel_handshake, False, payloads, completed, got)


@rejects("tcp.handshake.both-established")
def test_server_left_in_syn_recv_is_rejected():
    # the tutorial moves only the client to ESTABLISHED
    if not tcp.LINUX:
        pytest.skip("Linux only")
    rejected(tcp.check_both_established, ("ESTABLISHED", "SYN_RECV"), tcp.states_after_connect(1))


@rejects("tcp.long-and-short-connections")
def test_swapped_connection_counts_are_rejected():
    short_count, long_count = tcp.connections_used([b"a", b"b", b"c"])
    rejected(tcp.check_connection_counts, 3, long_count, short_count)


@rejects("tcp.close.eof-after-peer-close")
def test_no_end_of_stream_is_rejected():
    rejected(tcp.check_eof, b"abc", [b"abc"])
    rejected(tcp.check_eof, b"abc", [b"ab", b"", b""])


@rejects("tcp.close.either-side-starts")
def test_only_the_client_closing_first_is_rejected():
    # the tutorial's steps start with the client's FIN; the server can start too
    rejected(tcp.check_close_initiators, {"client"}, "server", tcp.reads_after_close(b"bye", "server"))


@rejects("tcp.close.half-close")
def test_closing_both_directions_at_once_is_rejected():
    rejected(tcp.check_half_close, b"a", b"b", b"a", b"")


# ---- 创建套接字 ----------------------------------------------------------------------------------------------

@rejects("sock.default-tcp-ipv4")
def test_other_defaults_are_rejected():
    rejected(socks.check_default_socket, socket.AF_INET6, socket.SOCK_STREAM)
    rejected(socks.check_default_socket, socket.AF_INET, socket.SOCK_DGRAM)


@rejects("sock.server-accept-gives-peer-socket")
def test_a_peer_socket_for_another_client_is_rejected():
    with socks.listener() as lst:
        clients = [socket.create_connection(lst.getsockname(), timeout=10) for _ in range(2)]
        try:
            rejected(socks.check_accept, lst, list(reversed(clients)))
        finally:
            for c in clients:
                c.close()


@rejects("sock.client-connect-needs-no-bind")
def test_client_without_a_port_is_rejected():
    rejected(socks.check_client_port, ("0.0.0.0", 0), ("127.0.0.1", 0))


@rejects("sock.send-takes-bytes")
def test_sending_str_is_rejected():
    rejected(socks.check_send_accepts, "hello", True)
    rejected(socks.check_send_accepts, b"hello", False)


@rejects("sock.recv-needs-max-size")
def test_recv_over_its_size_is_rejected():
    rejected(socks.check_recv_bound, 4, [b"12345"], b"12345")


@rejects("sock.send-may-be-partial")
def test_send_taking_everything_is_rejected():
    # the tutorial's code treats send() as if it always took the whole buffer
    rejected(socks.check_partial_send, False, *socks.partial_send(12 * MIB))


@rejects("sock.close-releases")
def test_an_open_socket_is_not_released():
    with socks.tcp_pair() as (client, server):
        rejected(socks.check_closed, client, server)


@rejects("sock.blocking.accept-waits")
def test_accept_returning_at_once_is_rejected():
    with socks.listener() as lst:
        lst.setblocking(False)
        with pytest.raises(AssertionError):
            assert_blocks_until(lst.accept, lambda: None, what="accept()", settle=0.05)
        rejected(socks.check_timeout_mode, lambda: None)


@rejects("sock.blocking.recv-waits")
def test_recv_returning_at_once_is_rejected():
    with socks.tcp_pair() as (client, server):
        client.sendall(b"already here")
        with pytest.raises(AssertionError):
            assert_blocks_until(lambda: server.recv(100), lambda: None, what="recv()", settle=0.05)


@rejects("sock.full-duplex")
def test_one_direction_at_a_time_is_rejected():
    rejected(socks.check_duplex, b"a" * 10, b"b" * 10, b"", b"a" * 10)


@contextlib.contextmanager
def relayed_pair():
    """A link through a one-thread store-and-forward relay: each chunk is written on (blocking)
    before the next is read, so only one direction moves at a time."""
    with socks.tcp_pair() as (a, near), socks.tcp_pair() as (far, b):
        stop = threading.Event()

        def relay():
            with contextlib.suppress(OSError, ValueError):
                while not stop.is_set():
                    for source in select.select([near, far], [], [], 0.05)[0]:
                        data = source.recv(65536)
                        if data:
                            (far if source is near else near).sendall(data)

        thread = threading.Thread(target=relay, daemon=True)
        thread.start()
        try:
            yield a, b
        finally:
            stop.set()
            for sock in (near, far):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a sendall stuck on a full link
            thread.join(socks.TIMEOUT)


@rejects("sock.full-duplex")
def test_a_link_that_carries_one_direction_at_a_time_is_rejected():
    # both readers draining at once: the relay keeps up, so the first check alone would pass it
    data = bytes(3 * MIB)
    socks.check_duplex(data, data, *socks.both_ways_at_once(data, data, pair=relayed_pair))
    payload = bytes(MIB)
    rejected(socks.check_other_way_flows, payload, socks.other_way_while_one_is_full(payload, pair=relayed_pair, wait=1.0))
