"""传输模型, 传输层, TCP协议, 创建套接字: layers, addresses, ports, TCP, UDP and the socket calls.

Nearly every claim here is about the runtime (the kernel's network stack and Python's socket
module), so no role judges them: their specs witness the runtime, and tests/test_wrong_network.py
shows that each spec's check rejects the wrong statement (the tutorial's, where it is wrong).
"""
from ..harness.claims import Claim

MODEL = "传输模型"
TRANSPORT = "传输层"
TCP = "TCP协议"
SOCK = "创建套接字"

CLAIMS = [
    # ---- 层次模型 -------------------------------------------------------------------------------
    Claim(
        id="net.layers.osi-seven-tcpip-four",
        chapter=MODEL,
        section="层次模型",
        statement=(
            "The OSI reference model has seven layers (physical, data link, network, transport, session, "
            "presentation, application); the TCP/IP model folds them into four: application (OSI's top three), "
            "transport, network (internet), and a link layer below it that covers data link and physical."
        ),
        verdict="not-executable",
        note=(
            "A conceptual model: no program can observe a layer boundary. The tutorial's table names the bottom "
            "TCP/IP layer 数据链路层 (data link) for both OSI rows; it is more usually called the link or "
            "network-access layer, since it also covers the physical medium."
        ),
        kind="fact",
    ),
    Claim(
        id="net.layers.layer-duties",
        chapter=MODEL,
        section="层次模型",
        statement=(
            "Each layer has one job: the application layer is the interface programs use, presentation converts "
            "representations (character encodings such as UTF-8), session sets up and tears down dialogues, "
            "transport carries data end to end between processes on two hosts, network routes packets to the "
            "destination host, data link moves frames between neighbouring nodes, physical carries raw bits."
        ),
        verdict="not-executable",
        note="Definitions of the reference model; the runtime has no presentation or session layer to observe (TCP/IP leaves both to the application).",
        kind="fact",
    ),
    Claim(
        id="net.layers.protocols-by-layer",
        chapter=MODEL,
        section="层次模型",
        statement=(
            "Telnet, FTP, SMTP, DNS and HTTP are application protocols; TCP and UDP are transport protocols; "
            "IP and ICMP belong to the network layer."
        ),
        verdict="refined",
        note=(
            "The socket API witnesses the transport/network split: a stream socket over IP speaks TCP and a "
            "datagram socket UDP, and application protocols are just services on their ports. The tutorial also "
            "puts ARP and RARP in the network layer; they serve the link layer (resolving IP to hardware "
            "addresses on one segment) and are usually drawn between the two, and RARP has long been replaced "
            "by BOOTP/DHCP."
        ),
        kind="fact",
    ),
    # ---- 应用层 -------------------------------------------------------------------------------
    Claim(
        id="net.app.protocol-purposes",
        chapter=MODEL,
        section="应用层",
        statement=(
            "HTTP carries web pages between browsers and web servers, FTP transfers files between hosts, SMTP "
            "moves mail between mail servers, POP lets a mail client download mail from its server, Telnet gives "
            "a remote login session, and DNS translates domain names into IP addresses."
        ),
        verdict="not-executable",
        note=(
            "Protocol definitions; running them needs servers outside loopback. The tutorial says POP downloads "
            "mail to a local *server*; it downloads to the user's mail client. It spells Telnet 'Telent'."
        ),
        kind="fact",
    ),
    Claim(
        id="net.app.name-resolution",
        chapter=MODEL,
        section="应用层",
        statement="Resolving a host name yields IP addresses: the name 'localhost' resolves only to loopback addresses.",
        verdict="refined",
        note=(
            "The runtime witnesses name-to-address resolution, not DNS itself: 'localhost' is answered from the "
            "hosts file (or the resolver's built-in rule) without any DNS query, and a real DNS lookup needs a "
            "network outside loopback."
        ),
    ),
    # ---- 传输层 -------------------------------------------------------------------------------
    Claim(
        id="net.transport.protocol-is-agreement",
        chapter=MODEL,
        section="传输层",
        statement="A network protocol is the set of rules both ends agree on; two parties can exchange information only if they follow the same protocol.",
        verdict="not-executable",
        note="A definition.",
        kind="fact",
    ),
    Claim(
        id="net.transport.stream-is-tcp-dgram-is-udp",
        chapter=MODEL,
        section="传输层",
        statement=(
            "In the socket API the transport protocol is chosen by the socket type: over IPv4 or IPv6 a "
            "SOCK_STREAM socket uses TCP and a SOCK_DGRAM socket uses UDP."
        ),
        verdict="holds",
        kind="fact",
    ),
    # ---- 传输层 / TCP -------------------------------------------------------------------------
    Claim(
        id="tcp.connection-required",
        chapter=TRANSPORT,
        section="TCP",
        statement=(
            "TCP is connection-oriented: data can only travel over a connection established first (by the "
            "three-way handshake); sending on a TCP socket that is not connected fails, with or without a destination address."
        ),
        verdict="holds",
    ),
    Claim(
        id="tcp.byte-stream",
        chapter=TRANSPORT,
        section="TCP",
        statement=(
            "TCP carries a byte stream, not messages: however the sender chunks its writes, the receiver gets "
            "exactly the same bytes in the same order, cut wherever the stack chose. recv(n) returns between 1 and "
            "n bytes while the stream lasts and b'' only at its end, so a reader must loop; one recv may join "
            "two sends and a send may be split over several recvs."
        ),
        verdict="refined",
        note=(
            "The tutorial says TCP splits application data into suitably sized blocks; true on the wire, but "
            "what a program must know is the consequence: the sender's boundaries are not kept, so the receiver "
            "cannot rely on one recv per send."
        ),
    ),
    Claim(
        id="tcp.reliable-in-order",
        chapter=TRANSPORT,
        section="TCP",
        statement="Bytes sent on a TCP connection arrive complete, in order and without duplicates, or the connection reports an error.",
        verdict="refined",
        note=(
            "The tutorial says loss and reordering are merely 'not likely'. TCP guarantees order and completeness "
            "(sequence numbers, acknowledgements, retransmission) for as long as the connection lives; what it "
            "cannot guarantee is that the connection survives."
        ),
    ),
    Claim(
        id="tcp.setup-costs-time",
        chapter=TRANSPORT,
        section="TCP",
        statement=(
            "Setting up and tearing down a TCP connection costs time: one request/response exchange on a fresh "
            "connection takes clearly longer than the same exchange on a connection already established."
        ),
        verdict="refined",
        note=(
            "The tutorial blames connection setup and 'checking'. The handshake and teardown are the measurable "
            "cost; checksums are not (UDP computes them too), and on an established connection TCP's per-message "
            "cost is close to UDP's."
        ),
        kind="timing",
    ),
    # ---- 传输层 / UDP -------------------------------------------------------------------------
    Claim(
        id="udp.connectionless-datagrams",
        chapter=TRANSPORT,
        section="UDP",
        statement=(
            "UDP needs no connection: sendto() reaches a socket that is merely bound (no listen, accept or "
            "connect), and each datagram arrives whole, as one recv, with the sender's boundaries kept."
        ),
        verdict="holds",
    ),
    Claim(
        id="udp.datagram-size-limit",
        chapter=TRANSPORT,
        section="UDP",
        statement=(
            "A UDP datagram over IPv4 carries at most 65,507 bytes of data (65,535 minus the IP and UDP headers); "
            "sendto() refuses a larger one with an error instead of splitting it."
        ),
        verdict="refined",
        note="The tutorial says UDP sends all the data at once; only up to this limit, and the program must split larger data itself.",
    ),
    Claim(
        id="udp.one-socket-many-peers",
        chapter=TRANSPORT,
        section="UDP",
        statement=(
            "One unconnected UDP socket can exchange datagrams with many peers: recvfrom() tells the senders apart "
            "by address, and sendto() answers each of them from the same socket."
        ),
        verdict="refined",
        note=(
            "The tutorial says the server can send to several clients 'at the same time'. Each sendto() goes to "
            "one address; reaching many hosts with one send needs broadcast or multicast."
        ),
    ),
    Claim(
        id="udp.has-checksum",
        chapter=TRANSPORT,
        section="UDP",
        statement="UDP does check its data: every datagram carries a checksum, and the receiving stack silently drops a datagram whose checksum is wrong.",
        verdict="refuted",
        note=(
            "The tutorial says UDP has 'no checking'. It has a checksum (mandatory over IPv6, used by default "
            "over IPv4); what it lacks is acknowledgement and retransmission, so a dropped datagram stays lost. "
            "The spec forges a corrupted datagram with a raw socket, so it needs CAP_NET_RAW and skips without it."
        ),
    ),
    Claim(
        id="udp.loss-is-silent",
        chapter=TRANSPORT,
        section="UDP",
        statement=(
            "UDP can lose datagrams without telling anyone: when the receiver's buffer is full the rest are "
            "dropped while every sendto() reports success, and a datagram sent to a port nobody listens on "
            "vanishes without an error on an unconnected socket."
        ),
        verdict="holds",
    ),
    Claim(
        id="udp.cheaper-than-new-tcp-connection",
        chapter=TRANSPORT,
        section="UDP",
        statement="A UDP request/response exchange needs no handshake, so it takes clearly less time than the same exchange over a fresh TCP connection.",
        verdict="refined",
        note=(
            "The tutorial says UDP uses few resources and is fast in general. The saving is the connection's "
            "setup and teardown (and per-connection state); against an already established TCP connection a UDP "
            "exchange is not markedly faster on loopback."
        ),
        kind="timing",
    ),
    # ---- 网络层 -------------------------------------------------------------------------------
    Claim(
        id="net.network.ip-address-per-host",
        chapter=MODEL,
        section="网络层",
        statement="IP gives every host on a network an address to which packets are routed.",
        verdict="not-executable",
        note=(
            "A definition; loopback cannot show routing between hosts. Behind NAT many devices share one public "
            "address, and one host often has several addresses (see port.endpoint-is-address-and-port)."
        ),
        kind="fact",
    ),
    Claim(
        id="net.network.arp-rarp",
        chapter=MODEL,
        section="网络层",
        statement="ARP finds the hardware (MAC) address for an IP address on the local segment; RARP did the reverse.",
        verdict="not-executable",
        note="Loopback has no hardware addresses to resolve. RARP is obsolete (BOOTP, then DHCP replaced it).",
        kind="fact",
    ),
    Claim(
        id="net.network.icmp-reports-errors",
        chapter=MODEL,
        section="网络层",
        statement=(
            "ICMP reports delivery errors back to the sender: a datagram sent on a connected UDP socket to a port "
            "with no listener comes back as 'port unreachable', which the socket raises as ConnectionRefusedError."
        ),
        verdict="holds",
    ),
    # ---- IPV4和IPV6 ---------------------------------------------------------------------------
    Claim(
        id="ip.v4.network-layer-core",
        chapter=MODEL,
        section="IPV4和IPV6",
        statement="IPv4 was the first widely deployed version of IP, the network-layer protocol at the core of the TCP/IP suite.",
        verdict="not-executable",
        note="History and classification; nothing a program can observe.",
        kind="fact",
    ),
    Claim(
        id="ip.v4.format",
        chapter=MODEL,
        section="IPV4和IPV6",
        statement=(
            "An IPv4 address is 32 bits, written as four dot-separated decimal numbers of 8 bits each (0-255), from "
            "0.0.0.0 to 255.255.255.255; a part above 255 or a wrong number of parts is not an address."
        ),
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="ip.v4.loopback-block",
        chapter=MODEL,
        section="IPV4和IPV6",
        statement=(
            "The whole block 127.0.0.0/8 is reserved for loopback, not only 127.0.0.1: on Linux a server can "
            "listen on any 127.x.y.z address and be reached there without a network."
        ),
        verdict="refined",
        note=(
            "The tutorial names the 'address block 127.0.0.1'; the reserved block is 127.0.0.0/8. Linux routes "
            "all of it to the loopback device; some systems configure only 127.0.0.1 (the spec skips off Linux)."
        ),
    ),
    Claim(
        id="ip.v4.unspecified-address",
        chapter=MODEL,
        section="IPV4和IPV6",
        statement=(
            "0.0.0.0 is the unspecified address: no host has it, and binding a listener to it means 'every local "
            "address', so it accepts connections that arrive on 127.0.0.1."
        ),
        verdict="refined",
        note="The tutorial says 0.0.0.0 is 'for any use'; it is not an assignable address but the wildcard a server binds to listen on all interfaces.",
    ),
    Claim(
        id="ip.v4.classes",
        chapter=MODEL,
        section="IPV4和IPV6",
        statement=(
            "Under the old classful scheme the first octet fixes the class: A 0-127 (mask 255.0.0.0), B 128-191 "
            "(255.255.0.0), C 192-223 (255.255.255.0), D 224-239 (multicast), E 240-255 (reserved)."
        ),
        verdict="refuted",
        note=(
            "The tutorial gives class A as 1-127 and class E as 240-254. Class A is every address with a leading 0 "
            "bit, 0-127 (0/8 means 'this network' and 127/8 is loopback, so neither is assignable: usable A "
            "networks are 1-126); class E is 240.0.0.0/4, 240-255, which includes the limited broadcast "
            "255.255.255.255. Classful addressing itself was replaced by CIDR in 1993. The spec checks each class "
            "by the leading bits of the first octet, against the ipaddress module (D multicast, E reserved) and "
            "the C library's classful split inet_lnaof (the host part of A, B and C)."
        ),
        kind="fact",
    ),
    Claim(
        id="ip.v6.format",
        chapter=MODEL,
        section="IPV4和IPV6",
        statement=(
            "An IPv6 address is 128 bits, four times IPv4's 32, written in full as eight colon-separated groups of "
            "four hexadecimal digits; the usual short form drops leading zeros and may replace one run of zero "
            "groups with '::'."
        ),
        verdict="refined",
        note="The tutorial's eight groups are the full form; the compressed form most tools print can show fewer.",
        kind="fact",
    ),
    Claim(
        id="ip.v6.why",
        chapter=MODEL,
        section="IPV4和IPV6",
        statement="IPv6 was introduced because IPv4's 32-bit address space ran out.",
        verdict="not-executable",
        note="History: IANA's pool of IPv4 addresses was exhausted in 2011; nothing a program can observe.",
        kind="fact",
    ),
    # ---- 端口 ---------------------------------------------------------------------------------
    Claim(
        id="port.range",
        chapter=MODEL,
        section="端口",
        statement=(
            "A port is a 16-bit number, 0 to 65535: binding to a number outside fails with a clear error, and "
            "binding to port 0 asks the system for a free ephemeral port, so the ports a service can actually "
            "hold are 1 to 65535."
        ),
        verdict="refined",
        note="The tutorial's range 0-65535 is the field's range; port 0 is never a service's port, it means 'pick one for me'.",
    ),
    Claim(
        id="port.distinguishes-services",
        chapter=MODEL,
        section="端口",
        statement=(
            "Several services on one host and address are told apart by port: a client reaches the service "
            "listening on the port it names, and a second listener cannot take a port already taken on that address."
        ),
        verdict="holds",
    ),
    Claim(
        id="port.endpoint-is-address-and-port",
        chapter=MODEL,
        section="端口",
        statement=(
            "A service is identified by address and port together: one host can have several addresses, and two "
            "services may use the same port number on two different addresses of the same host."
        ),
        verdict="refined",
        note=(
            "The tutorial says the IP tells hosts apart and the port tells services on a host apart. A host may "
            "own many addresses (here 127.0.0.1 and 127.0.0.2), so the port alone does not name a service on it. "
            "Linux only (it routes all of 127/8 to loopback)."
        ),
    ),
    Claim(
        id="port.well-known",
        chapter=MODEL,
        section="端口",
        statement="Well-known ports: HTTP 80 and FTP 21 (also Telnet 23, SMTP 25, DNS 53, POP3 110 for the other protocols the tutorial lists).",
        verdict="holds",
        kind="fact",
        note="Read from the system's services database; skipped where it is missing.",
    ),
    # ---- TCP协议 / 建立连接 -------------------------------------------------------------------
    Claim(
        id="tcp.handshake.kernel-completes",
        chapter=TCP,
        section="建立连接",
        statement=(
            "The three-way handshake is done by the operating system: a client's connect() completes against a "
            "listening socket whose program never calls accept(), and data the client sends then waits for the "
            "connection to be accepted later."
        ),
        verdict="holds",
    ),
    Claim(
        id="tcp.handshake.both-established",
        chapter=TCP,
        section="建立连接",
        statement=(
            "The handshake is SYN, SYN+ACK, ACK: the client waits in SYN-SENT and the server in SYN-RECEIVED, and "
            "once it is done both ends are ESTABLISHED, which the kernel's connection table shows as soon as "
            "connect() returns, before any accept()."
        ),
        verdict="refined",
        note=(
            "The tutorial writes the state SYN_SEND (it is SYN-SENT), has the client answer the server's 'SYN' "
            "(it is a SYN+ACK), and only moves the client to ESTABLISHED; the server gets there too, when the final "
            "ACK arrives. The spec reads /proc/net/tcp, so it runs on Linux only; the packets themselves are not "
            "observed."
        ),
    ),
    # ---- TCP协议 / 长连接与短连接 -------------------------------------------------------------
    Claim(
        id="tcp.long-and-short-connections",
        chapter=TCP,
        section="长连接与短连接",
        statement=(
            "A short connection carries one exchange and is closed, so each exchange is a new connection (a new "
            "client port); a long connection stays open and carries many exchanges in turn."
        ),
        verdict="holds",
    ),
    Claim(
        id="tcp.long-connection-saves-setup",
        chapter=TCP,
        section="长连接与短连接",
        statement="Exchanges on one long connection take clearly less time each than the same exchanges on short connections, which pay setup and teardown every time.",
        verdict="holds",
        kind="timing",
    ),
    # ---- TCP协议 / 断开连接 -------------------------------------------------------------------
    Claim(
        id="tcp.close.eof-after-peer-close",
        chapter=TCP,
        section="断开连接",
        statement="When the peer closes the connection, recv() returns whatever data was still on the way and then b'' (end of stream), and keeps returning b''.",
        verdict="holds",
    ),
    Claim(
        id="tcp.close.half-close",
        chapter=TCP,
        section="断开连接",
        statement=(
            "Closing is done per direction (hence four steps: a FIN and its ACK each way): after one end shuts down "
            "its sending side, the other end reads end-of-stream but can still send, and the first end still receives."
        ),
        verdict="holds",
    ),
    Claim(
        id="tcp.close.either-side-starts",
        chapter=TCP,
        section="断开连接",
        statement="Either end may start closing a TCP connection, the server as well as the client; the other end sees end-of-stream either way.",
        verdict="refined",
        note="The tutorial has the client send the first FIN; that is one case of two.",
    ),
    Claim(
        id="tcp.close.ack-numbers",
        chapter=TCP,
        section="断开连接",
        statement="Each FIN is acknowledged with an ACK whose acknowledgement number is the FIN's sequence number plus one (a FIN takes up one sequence number).",
        verdict="not-executable",
        note=(
            "The tutorial says the ACK value equals 'FIN+SEQ', which is wrong: it is the FIN's sequence number + 1. "
            "Sequence numbers are invisible through the socket API; checking them needs a packet capture."
        ),
        kind="fact",
    ),
    # ---- 创建套接字 ---------------------------------------------------------------------------
    Claim(
        id="sock.default-tcp-ipv4",
        chapter=SOCK,
        section="创建套接字",
        statement="socket.socket() with no arguments makes an IPv4 TCP socket (AF_INET, SOCK_STREAM).",
        verdict="holds",
        kind="fact",
    ),
    Claim(
        id="sock.server-accept-gives-peer-socket",
        chapter=SOCK,
        section="创建套接字",
        statement=(
            "A server socket is created, bound, and set listening; each accept() returns a new connected socket "
            "for one client (with the client's address), while the listening socket stays open for the next client."
        ),
        verdict="holds",
    ),
    Claim(
        id="sock.client-connect-needs-no-bind",
        chapter=SOCK,
        section="创建套接字",
        statement="A client socket needs no bind(): connect() gives it an ephemeral local port chosen by the system.",
        verdict="holds",
    ),
    # ---- 数据交互 -----------------------------------------------------------------------------
    Claim(
        id="sock.send-takes-bytes",
        chapter=SOCK,
        section="数据交互",
        statement="send() accepts only bytes-like data (bytes, bytearray, memoryview); a str raises TypeError and must be encoded first.",
        verdict="refined",
        note="The tutorial says 'bytes'; any bytes-like object is accepted.",
    ),
    Claim(
        id="sock.recv-needs-max-size",
        chapter=SOCK,
        section="数据交互",
        statement="recv() must be told the most bytes to return, and never returns more than that; the rest of the stream waits for the next call.",
        verdict="holds",
    ),
    Claim(
        id="sock.send-may-be-partial",
        chapter=SOCK,
        section="数据交互",
        statement=(
            "send() returns how many bytes it took, which can be fewer than it was given (a non-blocking socket "
            "whose buffers are full); sendall() keeps sending until every byte is taken."
        ),
        verdict="refined",
        note="The tutorial's code calls send() and ignores its result, as if it always sent everything.",
    ),
    Claim(
        id="sock.close-releases",
        chapter=SOCK,
        section="数据交互",
        statement="close() releases the socket: its file descriptor becomes -1, further calls on it raise OSError, and the peer reads end-of-stream.",
        verdict="holds",
    ),
    # ---- 阻塞 ---------------------------------------------------------------------------------
    Claim(
        id="sock.blocking.accept-waits",
        chapter=SOCK,
        section="阻塞",
        statement="On a blocking listening socket, accept() waits until a client connects.",
        verdict="refined",
        note="Only in blocking mode, the default: with a timeout it raises socket.timeout, non-blocking it raises BlockingIOError.",
    ),
    Claim(
        id="sock.blocking.recv-waits",
        chapter=SOCK,
        section="阻塞",
        statement="On a blocking connected socket, recv() waits until the peer sends data (or closes), then returns it.",
        verdict="refined",
        note="Only in blocking mode, the default: with a timeout it raises socket.timeout, non-blocking it raises BlockingIOError.",
    ),
    Claim(
        id="sock.full-duplex",
        chapter=SOCK,
        section="阻塞",
        statement="A TCP connection is full duplex: both ends can send and receive at the same time, each direction independent of the other.",
        verdict="holds",
    ),
    Claim(
        id="sock.duplex-terms",
        chapter=SOCK,
        section="阻塞",
        statement="Simplex links carry data one way only, half-duplex links both ways but one at a time, full-duplex links both ways at once.",
        verdict="not-executable",
        note="Definitions. The tutorial's example of simplex, 'broadcast', is only simplex from a receiver's point of view.",
        kind="fact",
    ),
]
