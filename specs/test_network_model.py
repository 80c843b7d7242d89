"""传输模型 — layers, names, addresses and ports, witnessed by the runtime's network stack.

Each spec's check is a plain function taking the asserted facts, so tests/test_wrong_network.py
can show that it rejects the wrong statement (the tutorial's, where the tutorial is wrong).
"""
import contextlib
import ctypes
import errno
import ipaddress
import socket
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .harness import claim
from .harness.checks import expect_raises
from .harness.messages import say

LINUX = sys.platform.startswith("linux")
TIMEOUT = 10.0


def _linux_only(why):
    if not LINUX:
        pytest.skip(say(f"Linux only: {why}", f"仅限 Linux：{why}"))


@contextlib.contextmanager
def listening(host="127.0.0.1", port=0, family=socket.AF_INET):
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((host, port))
        sock.listen(8)
        sock.settimeout(TIMEOUT)
        yield sock
    finally:
        sock.close()


def exchange_via(listener, connect_host, payload):
    """Connect to the listener's port at connect_host, send payload, return what accept() received."""
    port = listener.getsockname()[1]
    with socket.create_connection((connect_host, port), timeout=TIMEOUT) as client:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(TIMEOUT)
            client.sendall(payload)
            client.shutdown(socket.SHUT_WR)
            got = bytearray()
            while True:
                data = conn.recv(65536)
                if not data:
                    return bytes(got)
                got += data


# ---- 层次模型 / 传输层 ---------------------------------------------------------------------------------

def observed_transport(family, kind):
    """The IP protocol number the kernel uses for a socket of this family and type."""
    with socket.socket(family, kind) as s:
        if hasattr(socket, "SO_PROTOCOL"):
            return s.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL)
        return s.proto or pytest.skip(say("this platform cannot report a socket's protocol (no SO_PROTOCOL)",
                                          "本平台无法报告套接字使用的协议（没有 SO_PROTOCOL）"))


def check_transport_by_type(claimed):
    """claimed: {socket type: protocol name}. The kernel's choice must match."""
    for family in (socket.AF_INET, socket.AF_INET6):
        if family == socket.AF_INET6 and not socket.has_ipv6:
            continue
        for kind, name in claimed.items():
            got = observed_transport(family, kind)
            want = socket.getprotobyname(name)
            assert got == want, say(
                f"a {socket.SocketKind(kind).name} socket over {socket.AddressFamily(family).name} uses IP protocol "
                f"{got}, not {name} ({want})",
                f"基于 {socket.AddressFamily(family).name} 的 {socket.SocketKind(kind).name} 套接字使用的 IP 协议号是 "
                f"{got}，而不是 {name}（{want}）",
            )


@claim("net.transport.stream-is-tcp-dgram-is-udp")
def test_socket_type_selects_transport():
    check_transport_by_type({socket.SOCK_STREAM: "tcp", socket.SOCK_DGRAM: "udp"})


APPLICATION = ["telnet", "ftp", "smtp", "domain", "http"]
CARRIED_BY_IP = ["tcp", "udp", "icmp"]


def check_protocol_layer(name, layer):
    """layer 'application': a service on a transport port, not an IP protocol.
    layer 'ip-carried' (transport, or ICMP at the network layer): an IP protocol number, not a service."""
    try:
        port = socket.getservbyname(name, "tcp")
    except OSError:
        port = None
    try:
        number = socket.getprotobyname(name)
    except OSError:
        number = None
    if port is None and number is None:
        pytest.skip(say(f"the system's services/protocols databases do not know {name!r}",
                        f"系统的 services/protocols 数据库里都没有 {name!r}"))
    if layer == "application":
        assert port is not None and number is None, say(
            f"{name} should be an application service on a TCP port; services db says port {port}, protocols db says {number}",
            f"{name} 应当是一个跑在 TCP 端口上的应用层服务；services 数据库给出端口 {port}，protocols 数据库给出 {number}",
        )
    else:
        assert number is not None and port is None, say(
            f"{name} should be carried directly by IP (a protocol number), not a service on a port; "
            f"protocols db says {number}, services db says port {port}",
            f"{name} 应当直接由 IP 承载（有自己的协议号），而不是某个端口上的服务；"
            f"protocols 数据库给出 {number}，services 数据库给出端口 {port}",
        )


@claim("net.layers.protocols-by-layer")
@given(name=st.sampled_from(APPLICATION + CARRIED_BY_IP))
def test_protocols_sit_on_their_layer(name):
    check_protocol_layer(name, "application" if name in APPLICATION else "ip-carried")


# ---- 应用层 --------------------------------------------------------------------------------------------

def check_all_loopback(addresses):
    assert addresses, say("the name resolved to no address at all", "这个名字没有解析出任何地址")
    bad = [a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_loopback]
    assert not bad, say(f"'localhost' resolved to non-loopback addresses {bad}", f"'localhost' 解析出了非回环地址 {bad}")


@claim("net.app.name-resolution")
def test_localhost_resolves_to_loopback():
    infos = socket.getaddrinfo("localhost", 0, type=socket.SOCK_STREAM)
    check_all_loopback(sorted({info[4][0] for info in infos}))


# ---- 网络层 --------------------------------------------------------------------------------------------

def closed_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free again once closed; nothing listens there


def udp_to_closed_port(payload):
    """What a connected UDP socket sees after sending to a port with no listener: an exception or data."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(TIMEOUT)
        s.connect(("127.0.0.1", closed_udp_port()))
        s.send(payload)
        try:
            return s.recv(65536)
        except OSError as exc:
            return exc


def check_icmp_reported(outcome):
    assert isinstance(outcome, ConnectionRefusedError), say(
        "sending to a UDP port with no listener should come back as ICMP port unreachable, raised as "
        f"ConnectionRefusedError on the connected socket; got {outcome!r}",
        "向一个没有程序监听的 UDP 端口发送数据，应当收到 ICMP 端口不可达报文，并在已 connect 的套接字上"
        f"表现为 ConnectionRefusedError；实际得到 {outcome!r}",
    )


@claim("net.network.icmp-reports-errors")
@given(payload=st.binary(max_size=512))
def test_icmp_port_unreachable_is_reported(payload):
    check_icmp_reported(udp_to_closed_port(payload))


# ---- IPV4和IPV6 ----------------------------------------------------------------------------------------

def _valid_v4(text):
    try:
        socket.inet_pton(socket.AF_INET, text)
        ipaddress.IPv4Address(text)
        return True
    except (OSError, ValueError):
        return False


def check_ipv4_format(value, *, bits, parts, part_max):
    """An address drawn as an integer, against the claimed layout: bits, number of parts, largest part."""
    text = str(ipaddress.IPv4Address(value))
    packed = socket.inet_pton(socket.AF_INET, text)
    assert len(packed) * 8 == bits, say(f"{text} packs into {len(packed) * 8} bits, claimed {bits}",
                                        f"{text} 打包后是 {len(packed) * 8} 位，而说法是 {bits} 位")
    fields = text.split(".")
    assert len(fields) == parts, say(f"{text} has {len(fields)} dot-separated parts, claimed {parts}",
                                     f"{text} 用点分成 {len(fields)} 段，而说法是 {parts} 段")
    assert all(f.isdigit() and 0 <= int(f) <= part_max for f in fields), say(
        f"{text}: a part is not a decimal 0..{part_max}", f"{text}：有一段不是 0..{part_max} 之间的十进制数")
    assert int.from_bytes(bytes(int(f) for f in fields), "big") == value, say(
        f"{text} does not encode {value}", f"{text} 表示的不是 {value}")
    top = ".".join([str(part_max)] + fields[1:])
    over = ".".join([str(part_max + 1)] + fields[1:])
    assert _valid_v4(top), say(f"{top}: a part of {part_max} should be valid", f"{top}：某段取 {part_max} 应当是合法的")
    assert not _valid_v4(over), say(f"{over}: a part of {part_max + 1} should be refused",
                                    f"{over}：某段取 {part_max + 1} 应当被拒绝")
    assert not _valid_v4(".".join(fields[:-1])) and not _valid_v4(text + ".0"), say(
        "an address with a missing or an extra part should be refused",
        "少一段或多一段的地址都应当被拒绝",
    )


@claim("ip.v4.format")
@given(value=st.integers(0, 2 ** 32 - 1))
@example(value=0)
@example(value=2 ** 32 - 1)
def test_ipv4_is_four_decimal_octets(value):
    check_ipv4_format(value, bits=32, parts=4, part_max=255)


def check_loopback_block(claimed_network, address):
    """address is loopback exactly when it lies in the claimed block, and (Linux) a loopback address works."""
    addr = ipaddress.IPv4Address(address)
    inside = addr in ipaddress.IPv4Network(claimed_network)
    assert addr.is_loopback == inside, say(
        f"{addr} is {'' if addr.is_loopback else 'not '}a loopback address, but the claimed block {claimed_network} "
        f"{'contains' if inside else 'does not contain'} it",
        f"{addr} {'是' if addr.is_loopback else '不是'}回环地址，但说法中的地址块 {claimed_network} "
        f"{'包含' if inside else '不包含'}它",
    )
    if addr.is_loopback and LINUX and int(addr) & 0xFF != 0xFF:  # x.x.x.255 of 127/8 is its broadcast
        with listening(str(addr)) as listener:
            got = exchange_via(listener, str(addr), b"ping")
        assert got == b"ping", say(f"a listener on {addr} did not receive what was sent to it",
                                   f"监听在 {addr} 上的套接字没有收到发给它的数据")


@claim("ip.v4.loopback-block")
@given(address=st.integers(int(ipaddress.IPv4Address("126.255.255.0")), int(ipaddress.IPv4Address("128.0.0.255"))).map(ipaddress.IPv4Address).map(str))
@example(address="127.0.0.1")
@example(address="127.1.2.3")
def test_all_of_127_8_is_loopback(address):
    check_loopback_block("127.0.0.0/8", address)


def check_unspecified(bind_address, payload):
    assert ipaddress.ip_address(bind_address).is_unspecified, say(f"{bind_address} is not the unspecified address",
                                                                  f"{bind_address} 不是未指定地址（通配地址）")
    with listening(bind_address) as listener:
        got = exchange_via(listener, "127.0.0.1", payload)
    assert got == payload, say(f"a listener bound to {bind_address} got {got!r} from a client on 127.0.0.1, not {payload!r}",
                               f"绑定在 {bind_address} 上的监听套接字从 127.0.0.1 的客户端收到的是 {got!r}，而不是 {payload!r}")


@claim("ip.v4.unspecified-address")
@given(payload=st.binary(min_size=1, max_size=256))
def test_wildcard_bind_accepts_on_loopback(payload):
    check_unspecified("0.0.0.0", payload)


CLASSES = {
    "A": ((0, 127), 8),
    "B": ((128, 191), 16),
    "C": ((192, 223), 24),
    "D": ((224, 239), None),
    "E": ((240, 255), None),
}


DEFAULT_PREFIX = {"A": 8, "B": 16, "C": 24}  # the classful default masks of the classes that have one


def true_class(first_octet):
    """The class by the leading bits of the first octet (RFC 791): 0, 10, 110, 1110, 1111."""
    for cls, width in (("A", 1), ("B", 2), ("C", 3), ("D", 4)):
        if first_octet >> (8 - width) == (1 << width) - 2:  # 0, 10, 110, 1110
            return cls
    return "E"


def classful_host_part(addr):
    """The host part of an IPv4 address by its class, as the C library splits it (inet_lnaof)."""
    inet_lnaof = ctypes.CDLL(None).inet_lnaof
    inet_lnaof.argtypes, inet_lnaof.restype = [ctypes.c_uint32], ctypes.c_uint32
    return inet_lnaof(socket.htonl(int(addr)))


def check_class_table(table, address):
    """table: {class: ((first, last) first octet, default prefix or None)}, checked on one address."""
    addr = ipaddress.IPv4Address(address)
    first = int(addr) >> 24
    claimed = [cls for cls, ((lo, hi), _) in table.items() if lo <= first <= hi]
    truth = true_class(first)
    assert claimed == [truth], say(
        f"{addr}: leading bits make it class {truth}; the table puts first octet {first} in {claimed or 'no class'}",
        f"{addr}：按开头几位应属于 {truth} 类；而表中首字节 {first} 对应的类别是 {claimed or '无'}",
    )
    # the runtime's own registry agrees on the special classes, and the C library's classful split
    # (inet_lnaof, from 4.2BSD's classful routing) on the host part of classes A to C
    if truth in "ABC":
        host_bits = 32 - DEFAULT_PREFIX[truth]
        host = classful_host_part(addr)
        assert host == int(addr) & ((1 << host_bits) - 1), say(
            f"{addr}: class {truth} by its leading bits, yet the C library's inet_lnaof gives host part {host:#x}",
            f"{addr}：按开头几位属于 {truth} 类，但 C 库的 inet_lnaof 给出的主机部分是 {host:#x}")
    assert addr.is_multicast == (truth == "D"), say(f"{addr}: multicast is {addr.is_multicast}, class {truth}",
                                                    f"{addr}：是否组播为 {addr.is_multicast}，类别为 {truth}")
    assert addr.is_reserved == (truth == "E"), say(f"{addr}: reserved (240.0.0.0/4) is {addr.is_reserved}, class {truth}",
                                                   f"{addr}：是否保留地址（240.0.0.0/4）为 {addr.is_reserved}，类别为 {truth}")
    prefix = table[truth][1]
    if prefix is not None:
        assert prefix == DEFAULT_PREFIX[truth], say(f"class {truth} default mask /{prefix}",
                                                                f"{truth} 类的默认掩码写成了 /{prefix}")
        assert ipaddress.IPv4Network(f"{addr}/{prefix}", strict=False).netmask == ipaddress.IPv4Address(
            (2 ** 32 - 1) ^ (2 ** (32 - prefix) - 1)
        )


@claim("ip.v4.classes")
@given(address=st.integers(0, 2 ** 32 - 1).map(ipaddress.IPv4Address).map(str))
@example(address="0.1.2.3")
@example(address="127.0.0.1")
@example(address="255.255.255.255")
@example(address="240.0.0.1")
def test_classful_ranges(address):
    check_class_table(CLASSES, address)


@st.composite
def ipv6_values(draw):
    groups = draw(st.lists(st.one_of(st.just(0), st.integers(0, 0xFFFF)), min_size=8, max_size=8))
    return int.from_bytes(b"".join(g.to_bytes(2, "big") for g in groups), "big")


def check_ipv6_format(value, *, bits, groups, times_v4):
    addr = ipaddress.IPv6Address(value)
    packed = socket.inet_pton(socket.AF_INET6, addr.compressed)
    assert len(packed) * 8 == bits, say(f"{addr} packs into {len(packed) * 8} bits, claimed {bits}",
                                        f"{addr} 打包后是 {len(packed) * 8} 位，而说法是 {bits} 位")
    assert len(packed) == times_v4 * len(socket.inet_pton(socket.AF_INET, "0.0.0.0")), say(
        f"IPv6 is {len(packed)} bytes, IPv4 4: {len(packed) // 4} times as long, claimed {times_v4}",
        f"IPv6 地址 {len(packed)} 字节，IPv4 地址 4 字节：长度是它的 {len(packed) // 4} 倍，而说法是 {times_v4} 倍",
    )
    full = addr.exploded.split(":")
    assert len(full) == groups and all(len(g) == 4 and int(g, 16) >= 0 for g in full), say(
        f"{addr.exploded}: full form should be {groups} groups of 4 hex digits",
        f"{addr.exploded}：完整写法应当是 {groups} 组、每组 4 个十六进制数字",
    )
    assert ipaddress.IPv6Address(addr.compressed) == addr == ipaddress.IPv6Address(addr.exploded)
    assert socket.inet_ntop(socket.AF_INET6, packed) and int.from_bytes(packed, "big") == value


@claim("ip.v6.format")
@given(value=ipv6_values())
@example(value=1)
@example(value=2 ** 128 - 1)
def test_ipv6_is_eight_hex_groups(value):
    check_ipv6_format(value, bits=128, groups=8, times_v4=4)


# ---- 端口 ----------------------------------------------------------------------------------------------

def port_accepted(port):
    """Whether the socket layer takes this port number in an address. A UDP connect() sends nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("127.0.0.1", port))
            return True
        except OverflowError as exc:
            assert "65535" in str(exc), say(f"the error for port {port} should say the valid range: {exc}",
                                            f"端口 {port} 的报错应当说明合法的端口范围：{exc}")
            return False


def check_port_range(low, high, port):
    assert port_accepted(port) == (low <= port <= high), say(
        f"port {port}: the runtime {'accepts' if port_accepted(port) else 'refuses'} it, the claimed range is {low}..{high}",
        f"端口 {port}：运行时{'接受' if port_accepted(port) else '拒绝'}了它，而说法中的范围是 {low}..{high}",
    )
    with socket.socket() as s:  # binding outside fails too, with the same clear error
        if not low <= port <= high:
            expect_raises(OverflowError, lambda: s.bind(("127.0.0.1", port)),
                          say(f"bind() to port {port}", f"bind() 到端口 {port}"))


def check_port_zero_is_ephemeral():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert 1 <= port <= 65535, say(f"binding port 0 gave port {port}, expected a real port chosen by the system",
                                   f"绑定端口 0 得到的是端口 {port}，应当是系统挑选的一个真实端口")


@claim("port.range")
@given(port=st.one_of(st.integers(0, 65535), st.integers(65536, 2 ** 31), st.integers(-(2 ** 31), -1)))
@example(port=65535)
@example(port=65536)
@example(port=-1)
def test_port_numbers_are_16_bit(port):
    check_port_range(0, 65535, port)
    check_port_zero_is_ephemeral()


_KEYS_ZH = {"ip": " IP 地址", "port": "端口"}


def check_told_apart_by(services, key):
    """services: [(address (ip, port), tag received there, tag sent to it)]. Each was reached by the
    client that named it, and `key` ('ip' or 'port') differs between all of them."""
    for address, got, sent in services:
        assert got == sent, say(f"the service at {address} received {got!r}; the client that named it sent {sent!r}",
                                f"{address} 上的服务收到的是 {got!r}；指名连它的客户端发送的是 {sent!r}")
    values = [a[0] if key == "ip" else a[1] for a, _, _ in services]
    assert len(set(values)) == len(values), say(
        f"the services share the same {key} ({values}), so the {key} cannot tell them apart",
        f"这些服务的{_KEYS_ZH.get(key, key)}相同（{values}），所以无法靠{_KEYS_ZH.get(key, key)}区分它们",
    )


def two_listeners_same_port_refused():
    with listening() as first, socket.socket() as second:
        second.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            second.bind(first.getsockname())
            second.listen(1)
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
        return False


def services_on_ports(tags):
    """One listener per tag on 127.0.0.1, each on its own port; a client sends the tag to each.
    Returns [(listener address, what it received, the tag sent to it)]."""
    with contextlib.ExitStack() as stack:
        listeners = [stack.enter_context(listening()) for _ in tags]
        for listener, tag in zip(listeners, tags):
            c = stack.enter_context(socket.create_connection(listener.getsockname(), timeout=TIMEOUT))
            c.sendall(tag)
            c.shutdown(socket.SHUT_WR)
        services = []
        for listener, tag in zip(listeners, tags):
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(TIMEOUT)
                got = b""
                while True:
                    data = conn.recv(1024)
                    if not data:
                        break
                    got += data
            services.append((listener.getsockname(), got, tag))
        return services


@claim("port.distinguishes-services")
@given(tags=st.lists(st.binary(min_size=1, max_size=16), min_size=2, max_size=5))
def test_ports_tell_services_apart(tags):
    check_told_apart_by(services_on_ports(tags), "port")
    assert two_listeners_same_port_refused(), say(
        "a second listener was allowed on an address and port already listened on",
        "在已有套接字监听的地址和端口上，竟然又允许了第二个监听套接字",
    )


def check_same_port_two_addresses(hosts, payloads):
    """Two services on one host share a port number on two addresses; each gets its own client's bytes."""
    for _ in range(5):  # the port is the system's choice for the first address; rarely taken on the other
        with contextlib.ExitStack() as stack:
            first = stack.enter_context(listening(hosts[0]))
            port = first.getsockname()[1]
            try:  # the one non-zero port bound in these specs: the port the system just gave us
                second = stack.enter_context(listening(hosts[1], port))
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or hosts[0] == hosts[1]:
                    raise AssertionError(say(f"could not listen on {hosts[1]}:{port} beside {hosts[0]}:{port}: {exc}",
                                             f"已在 {hosts[0]}:{port} 上监听时，无法再在 {hosts[1]}:{port} 上监听：{exc}")) from None
                continue
            services = [
                ((host, port), exchange_via(listener, host, payload), payload)
                for host, listener, payload in zip(hosts, (first, second), payloads)
            ]
            check_told_apart_by(services, "ip")
            return
    raise AssertionError(say("the ephemeral port was taken on the second address five times in a row",
                             "系统分配的临时端口连续五次在第二个地址上已被占用"))


@claim("port.endpoint-is-address-and-port")
@given(payloads=st.lists(st.binary(min_size=1, max_size=64), min_size=2, max_size=2, unique=True))
def test_same_port_on_two_addresses(payloads):
    _linux_only("other systems configure only 127.0.0.1 on loopback")
    check_same_port_two_addresses(["127.0.0.1", "127.0.0.2"], payloads)


WELL_KNOWN = {"http": 80, "ftp": 21, "telnet": 23, "smtp": 25, "domain": 53, "pop3": 110}


def check_well_known(table, name):
    try:
        port = socket.getservbyname(name, "tcp")
    except OSError:
        pytest.skip(say(f"the system's services database does not list {name!r}",
                        f"系统的 services 数据库里没有 {name!r}"))
    assert port == table[name], say(f"{name} is on port {port}, not {table[name]}",
                                    f"{name} 在端口 {port} 上，而不是 {table[name]}")


@claim("port.well-known")
@given(name=st.sampled_from(sorted(WELL_KNOWN)))
def test_well_known_ports(name):
    check_well_known(WELL_KNOWN, name)
