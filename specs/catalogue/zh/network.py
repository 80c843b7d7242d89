"""Chinese of the claims in specs/catalogue/network.py (传输模型, 传输层, TCP协议, 创建套接字)."""

ZH = {
    "net.layers.osi-seven-tcpip-four": {
        "statement": "OSI 参考模型分七层（物理层、数据链路层、网络层、传输层、会话层、表示层、应用层）；"
                     "TCP/IP 模型把它们合并成四层：应用层（对应 OSI 最上面三层）、传输层、网络层（网际层），"
                     "以及最下面涵盖数据链路层和物理层的链路层。",
        "note": "这是概念模型：没有哪个程序能观察到层与层的边界。教程的表格把 TCP/IP 最下面一层叫作“数据链路层”，"
                "并让它同时对应 OSI 的两行；它更常被叫作链路层或网络接口层，因为它也包括物理介质。",
    },
    "net.layers.layer-duties": {
        "statement": "每层只负责一件事：应用层是程序使用的接口；表示层转换数据的表示形式（例如 UTF-8 这样的字符编码）；"
                     "会话层建立和结束对话；传输层在两台主机的进程之间端到端地传送数据；网络层把数据包路由到目标主机；"
                     "数据链路层在相邻节点之间传送帧；物理层传送原始的比特。",
        "note": "这是参考模型的定义；运行环境里没有可观察的表示层和会话层（TCP/IP 把这两层的工作都交给应用程序）。",
    },
    "net.layers.protocols-by-layer": {
        "statement": "Telnet、FTP、SMTP、DNS 和 HTTP 是应用层协议；TCP 和 UDP 是传输层协议；IP 和 ICMP 属于网络层。",
        "note": "套接字 API 能体现传输层与网络层的划分：基于 IP 的流式套接字使用 TCP，数据报套接字使用 UDP，"
                "而应用层协议只是各自端口上的服务。教程还把 ARP 和 RARP 放在网络层；它们为链路层服务"
                "（在同一网段内把 IP 地址解析为硬件地址），通常画在两层之间，而且 RARP 早已被 BOOTP/DHCP 取代。",
    },
    "net.app.protocol-purposes": {
        "statement": "HTTP 在浏览器和 Web 服务器之间传送网页；FTP 在主机之间传输文件；SMTP 在邮件服务器之间转发邮件；"
                     "POP 让邮件客户端从它的服务器下载邮件；Telnet 提供远程登录会话；DNS 把域名转换为 IP 地址。",
        "note": "这些是协议的定义；要真正运行它们，需要回环地址之外的服务器。教程说 POP 把邮件下载到本地“服务器”，"
                "实际上是下载到用户的邮件客户端。教程把 Telnet 拼成了 “Telent”。",
    },
    "net.app.name-resolution": {
        "statement": "解析主机名得到 IP 地址：名字 “localhost” 只会解析为回环地址。",
        "note": "运行环境能验证的是“名字到地址”的解析，而不是 DNS 本身：“localhost” 由 hosts 文件（或解析器内置的规则）"
                "直接给出，不发出任何 DNS 查询；真正的 DNS 查询需要回环之外的网络。",
    },
    "net.transport.protocol-is-agreement": {
        "statement": "网络协议是通信双方共同遵守的一套规则；只有双方遵循同一个协议，才能交换信息。",
        "note": "这是一个定义。",
    },
    "net.transport.stream-is-tcp-dgram-is-udp": {
        "statement": "在套接字 API 中，传输层协议由套接字类型决定：在 IPv4 或 IPv6 上，SOCK_STREAM 套接字使用 TCP，"
                     "SOCK_DGRAM 套接字使用 UDP。",
    },
    "tcp.connection-required": {
        "statement": "TCP 是面向连接的：数据只能在事先（经三次握手）建立好的连接上传送；在没有连接的 TCP 套接字上发送数据会失败，"
                     "不论是否给出目标地址。",
    },
    "tcp.byte-stream": {
        "statement": "TCP 传送的是字节流，而不是一条条消息：无论发送方怎样分块写入，接收方都按同样的顺序收到完全相同的字节，"
                     "但在哪里切开由协议栈决定。流没有结束时 recv(n) 返回 1 到 n 个字节，只有在流结束时才返回 b''，"
                     "所以读取方必须循环读取；一次 recv 可能拿到两次 send 的数据，一次 send 的数据也可能分成几次 recv 才收完。",
        "note": "教程说 TCP 会把应用数据分割成合适大小的块；在线路上确实如此，但程序必须知道的是它的后果："
                "发送方的边界不会被保留，所以接收方不能指望一次 send 正好对应一次 recv。",
    },
    "tcp.reliable-in-order": {
        "statement": "在 TCP 连接上发送的字节要么完整、按序、不重复地到达，要么连接报告错误。",
        "note": "教程只说丢失和乱序“不太可能”发生。只要连接还在，TCP 就保证顺序和完整（靠序号、确认和重传）；"
                "它不能保证的是连接本身不断开。",
    },
    "tcp.setup-costs-time": {
        "statement": "建立和断开 TCP 连接要花时间：在新建的连接上做一次请求/响应，明显比在已经建立的连接上做同样的交换慢。",
        "note": "教程把原因归于建立连接和“校验”。可测量的开销是握手和断开；校验和不是（UDP 同样计算校验和），"
                "而在已建立的连接上，TCP 每条消息的开销与 UDP 相近。",
    },
    "udp.connectionless-datagrams": {
        "statement": "UDP 不需要连接：sendto() 能把数据发到一个只绑定了地址的套接字（不需要 listen、accept 或 connect），"
                     "而且每个数据报都完整地、作为一次 recv 到达，保留发送方的边界。",
    },
    "udp.datagram-size-limit": {
        "statement": "IPv4 上一个 UDP 数据报最多携带 65,507 字节数据（65,535 减去 IP 首部和 UDP 首部）；"
                     "对更大的数据报，sendto() 会报错拒绝，而不会把它拆开。",
        "note": "教程说 UDP 一次把所有数据发出去；这只在上述上限之内成立，更大的数据必须由程序自己拆分。",
    },
    "udp.one-socket-many-peers": {
        "statement": "一个未连接的 UDP 套接字可以和许多对端交换数据报：recvfrom() 按地址区分不同的发送方，"
                     "sendto() 从同一个套接字分别回复它们。",
        "note": "教程说服务器可以“同时”向多个客户端发送。每次 sendto() 只发往一个地址；要一次发送到达多台主机，需要广播或组播。",
    },
    "udp.has-checksum": {
        "statement": "UDP 会校验数据：每个数据报都带有校验和，接收方的协议栈会悄悄丢弃校验和错误的数据报。",
        "note": "教程说 UDP “没有校验”。它有校验和（IPv6 上必须使用，IPv4 上默认使用）；它缺少的是确认和重传，"
                "所以被丢弃的数据报就丢失了。该测试用原始套接字伪造一个损坏的数据报，因此需要 CAP_NET_RAW 权限，没有权限时跳过。",
    },
    "udp.loss-is-silent": {
        "statement": "UDP 可能在不通知任何一方的情况下丢失数据报：接收方缓冲区满了，其余的数据报就被丢弃，而每次 sendto() 都报告成功；"
                     "从未连接的套接字发往无人监听的端口的数据报，也会无声无息地消失，不报任何错误。",
    },
    "udp.cheaper-than-new-tcp-connection": {
        "statement": "UDP 的一次请求/响应不需要握手，所以明显比在新建的 TCP 连接上做同样的交换快。",
        "note": "教程笼统地说 UDP 占用资源少、速度快。节省的是连接的建立和断开（以及每个连接的状态）；"
                "与已经建立的 TCP 连接相比，在回环地址上 UDP 交换并不明显更快。",
    },
    "net.network.ip-address-per-host": {
        "statement": "IP 为网络上的每台主机分配一个地址，数据包按这个地址路由。",
        "note": "这是一个定义；回环地址无法展示主机之间的路由。在 NAT 之后，许多设备共用一个公网地址；"
                "一台主机也常常有多个地址（见 port.endpoint-is-address-and-port）。",
    },
    "net.network.arp-rarp": {
        "statement": "ARP 在本地网段上查出某个 IP 地址对应的硬件（MAC）地址；RARP 做的是反向的查询。",
        "note": "回环设备没有需要解析的硬件地址。RARP 已经过时（先被 BOOTP、后被 DHCP 取代）。",
    },
    "net.network.icmp-reports-errors": {
        "statement": "ICMP 把投递错误报告给发送方：在已连接的 UDP 套接字上向无人监听的端口发送数据报，会收到“端口不可达”，"
                     "套接字把它作为 ConnectionRefusedError 抛出。",
    },
    "ip.v4.network-layer-core": {
        "statement": "IPv4 是第一个被广泛部署的 IP 版本，是 TCP/IP 协议族核心的网络层协议。",
        "note": "这是历史和分类，程序无法观察。",
    },
    "ip.v4.format": {
        "statement": "IPv4 地址有 32 位，写成用点分隔的四个十进制数，每个数 8 位（0-255），范围从 0.0.0.0 到 255.255.255.255；"
                     "某一部分大于 255 或部分的个数不对，就不是地址。",
    },
    "ip.v4.loopback-block": {
        "statement": "整个 127.0.0.0/8 地址块都保留给回环，而不只是 127.0.0.1：在 Linux 上，服务器可以在任意 127.x.y.z 地址上监听，"
                     "并且不需要网络就能在那里被访问。",
        "note": "教程说的是“127.0.0.1 地址块”；保留的地址块是 127.0.0.0/8。Linux 把整个地址块都路由到回环设备；"
                "有些系统只配置了 127.0.0.1（在 Linux 以外该测试跳过）。",
    },
    "ip.v4.unspecified-address": {
        "statement": "0.0.0.0 是未指定地址：没有哪台主机拥有它；监听套接字绑定到它表示“所有本地地址”，"
                     "所以它也接受从 127.0.0.1 进来的连接。",
        "note": "教程说 0.0.0.0 “可作任何用途”；它不是可以分配给主机的地址，而是服务器为了在所有网络接口上监听而绑定的通配地址。",
    },
    "ip.v4.classes": {
        "statement": "在旧的分类编址方案中，第一个字节决定地址类别：A 类 0-127（掩码 255.0.0.0），B 类 128-191（255.255.0.0），"
                     "C 类 192-223（255.255.255.0），D 类 224-239（组播），E 类 240-255（保留）。",
        "note": "教程给出 A 类为 1-127、E 类为 240-254。A 类是最高位为 0 的全部地址，即 0-127（0/8 表示“本网络”，127/8 是回环，"
                "两者都不能分配，可用的 A 类网络是 1-126）；E 类是 240.0.0.0/4，即 240-255，其中包括受限广播地址 255.255.255.255。"
                "分类编址本身在 1993 年已被 CIDR 取代。测试按第一个字节的开头几位判定类别，并与 ipaddress 模块（D 类组播、E 类保留）"
                "以及 C 库的分类拆分函数 inet_lnaof（A、B、C 类的主机部分）相互印证。",
    },
    "ip.v6.format": {
        "statement": "IPv6 地址有 128 位，是 IPv4 的 32 位的四倍；完整写法是用冒号分隔的八组、每组四个十六进制数字；"
                     "常用的简写会省略前导零，并可以把一段连续的全零组写成 “::”。",
        "note": "教程说的八组是完整写法；大多数工具输出的压缩写法可能少于八组。",
    },
    "ip.v6.why": {
        "statement": "引入 IPv6 是因为 IPv4 的 32 位地址空间用完了。",
        "note": "这是历史：IANA 的 IPv4 地址池在 2011 年耗尽；程序无法观察。",
    },
    "port.range": {
        "statement": "端口是 16 位的数，范围 0 到 65535：绑定到范围外的数会失败并给出明确的错误；绑定到端口 0 是请系统分配一个空闲的临时端口，"
                     "所以服务真正能占用的端口是 1 到 65535。",
        "note": "教程的 0-65535 是这个字段的取值范围；端口 0 从来不是某个服务的端口，它的意思是“替我挑一个”。",
    },
    "port.distinguishes-services": {
        "statement": "同一台主机、同一个地址上的多个服务靠端口区分：客户端连到它指定的端口上正在监听的服务；"
                     "在这个地址上已被占用的端口，第二个监听套接字无法再占用。",
    },
    "port.endpoint-is-address-and-port": {
        "statement": "一个服务由地址和端口共同标识：一台主机可以有多个地址，两个服务可以在同一台主机的两个不同地址上使用相同的端口号。",
        "note": "教程说 IP 区分主机，端口区分主机上的服务。但一台主机可以拥有多个地址（这里是 127.0.0.1 和 127.0.0.2），"
                "所以单凭端口不能确定它上面的一个服务。仅限 Linux（它把整个 127/8 都路由到回环设备）。",
    },
    "port.well-known": {
        "statement": "知名端口：HTTP 是 80，FTP 是 21（教程列出的其他协议：Telnet 23、SMTP 25、DNS 53、POP3 110）。",
        "note": "从系统的服务数据库读取；没有这个数据库时跳过。",
    },
    "tcp.handshake.kernel-completes": {
        "statement": "三次握手由操作系统完成：即使监听套接字所在的程序从不调用 accept()，客户端的 connect() 也能完成；"
                     "客户端随后发送的数据会一直等着，直到这个连接以后被 accept。",
    },
    "tcp.handshake.both-established": {
        "statement": "握手的过程是 SYN、SYN+ACK、ACK：客户端在 SYN-SENT 状态等待，服务器在 SYN-RECEIVED 状态等待；"
                     "握手完成后两端都处于 ESTABLISHED 状态，connect() 一返回，内核的连接表就显示出这一点，早于任何 accept()。",
        "note": "教程把状态写成 SYN_SEND（应为 SYN-SENT），说客户端回应的是服务器的 “SYN”（其实是 SYN+ACK），"
                "而且只让客户端进入 ESTABLISHED；服务器在最后的 ACK 到达时也进入该状态。该测试读取 /proc/net/tcp，"
                "所以只在 Linux 上运行；数据包本身没有被观察。",
    },
    "tcp.long-and-short-connections": {
        "statement": "短连接只承载一次交换就关闭，所以每次交换都是一个新连接（新的客户端端口）；长连接保持打开，依次承载多次交换。",
    },
    "tcp.long-connection-saves-setup": {
        "statement": "在一个长连接上进行的每次交换，明显比在短连接上进行同样的交换快，因为短连接每次都要付出建立和断开的开销。",
    },
    "tcp.close.eof-after-peer-close": {
        "statement": "对端关闭连接后，recv() 先返回仍在路上的数据，然后返回 b''（流结束），并且之后一直返回 b''。",
    },
    "tcp.close.half-close": {
        "statement": "关闭是按方向进行的（所以是四步：每个方向各一个 FIN 和它的 ACK）：一端关闭自己的发送方向后，"
                     "另一端读到流结束，但仍然可以发送，而先关闭的一端仍然可以接收。",
    },
    "tcp.close.either-side-starts": {
        "statement": "TCP 连接的任意一端都可以先发起关闭，服务器和客户端都可以；无论哪一端先关闭，另一端都会读到流结束。",
        "note": "教程让客户端发送第一个 FIN；这只是两种情况之一。",
    },
    "tcp.close.ack-numbers": {
        "statement": "每个 FIN 都由一个 ACK 确认，ACK 的确认号是该 FIN 的序号加一（FIN 占用一个序号）。",
        "note": "教程说 ACK 的值等于 “FIN+SEQ”，这是错的：它是 FIN 的序号加 1。通过套接字 API 看不到序号，要检验需要抓包。",
    },
    "sock.default-tcp-ipv4": {
        "statement": "不带参数的 socket.socket() 创建的是 IPv4 的 TCP 套接字（AF_INET、SOCK_STREAM）。",
    },
    "sock.server-accept-gives-peer-socket": {
        "statement": "服务器套接字要经过创建、绑定、开始监听；每次 accept() 为一个客户端返回一个新的已连接套接字（连同客户端的地址），"
                     "而监听套接字保持打开，等待下一个客户端。",
    },
    "sock.client-connect-needs-no-bind": {
        "statement": "客户端套接字不需要 bind()：connect() 会给它分配一个由系统选择的临时本地端口。",
    },
    "sock.send-takes-bytes": {
        "statement": "send() 只接受类字节对象（bytes、bytearray、memoryview）；传入 str 会抛出 TypeError，必须先编码。",
        "note": "教程说的是 “bytes”；其实任何类字节对象都可以。",
    },
    "sock.recv-needs-max-size": {
        "statement": "调用 recv() 必须指定最多返回多少字节，它返回的字节数从不超过这个数；流中剩下的数据留给下一次调用。",
    },
    "sock.send-may-be-partial": {
        "statement": "send() 返回它实际接收的字节数，这可能少于交给它的字节数（例如缓冲区已满的非阻塞套接字）；"
                     "sendall() 会一直发送，直到所有字节都被接收。",
        "note": "教程的代码调用 send() 却不理会它的返回值，好像它总能把数据全部发出。",
    },
    "sock.close-releases": {
        "statement": "close() 释放套接字：它的文件描述符变为 -1，之后对它的调用会抛出 OSError，对端会读到流结束。",
    },
    "sock.blocking.accept-waits": {
        "statement": "在阻塞的监听套接字上，accept() 会一直等到有客户端连接。",
        "note": "只在阻塞模式（默认模式）下如此：设置了超时会抛出 socket.timeout，非阻塞时会抛出 BlockingIOError。",
    },
    "sock.blocking.recv-waits": {
        "statement": "在阻塞的已连接套接字上，recv() 会一直等到对端发来数据（或关闭连接），然后返回数据。",
        "note": "只在阻塞模式（默认模式）下如此：设置了超时会抛出 socket.timeout，非阻塞时会抛出 BlockingIOError。",
    },
    "sock.full-duplex": {
        "statement": "TCP 连接是全双工的：两端可以同时发送和接收，两个方向互不影响。",
    },
    "sock.duplex-terms": {
        "statement": "单工链路只能单向传送数据；半双工链路可以双向传送，但同一时刻只能一个方向；全双工链路可以同时双向传送。",
        "note": "这些是定义。教程举的单工例子“广播”，只有从接收方的角度看才是单工的。",
    },
}
