"""The claim catalogue: one module per tutorial chapter, each defining CLAIMS.

SECTIONS lists the tutorial's headings in the tutorial's order as (chapter, section)
pairs; a heading that the tutorial repeats (生产者和消费者模型) is told apart by its chapter.
"""

SECTIONS = [
    ("传输模型", "层次模型"),
    ("传输模型", "应用层"),
    ("传输模型", "传输层"),
    ("传输层", "TCP"),
    ("传输层", "UDP"),
    ("传输模型", "网络层"),
    ("传输模型", "IPV4和IPV6"),
    ("传输模型", "端口"),
    ("TCP协议", "建立连接"),
    ("TCP协议", "长连接与短连接"),
    ("TCP协议", "断开连接"),
    ("创建套接字", "创建套接字"),
    ("创建套接字", "数据交互"),
    ("创建套接字", "阻塞"),
    ("基本IO模型", "数据流概念"),
    ("基本IO模型", "IO解释与IO交互"),
    ("基本IO模型", "阻塞IO"),
    ("基本IO模型", "非阻塞IO模型与非阻塞套接字"),
    ("并发与并行", "并发"),
    ("并发与并行", "并行"),
    ("IO多路复用", "IO多路复用"),
    ("IO多路复用", "epoll"),
    ("多任务", "CPU的时间片"),
    ("多任务", "进程"),
    ("多任务", "多进程"),
    ("多任务", "多线程"),
    ("多任务", "GIL全局解释锁"),
    ("多任务运行控制", "等待子任务结束"),
    ("多任务运行控制", "终止任务"),
    ("多任务运行控制", "任务名字"),
    ("多任务运行控制", "获取当前进程"),
    ("多任务标识", "进程的pid"),
    ("多任务标识", "线程的ident"),
    ("多任务运行控制", "生存周期"),
    ("多任务运行控制", "守护模式"),
    ("多任务运行控制", "面向对象编程"),
    ("进程相互通信", "通信隔离"),
    ("进程相互通信", "Manager"),
    ("线程的通信", "线程共享"),
    ("线程的通信", "线程资源争夺"),
    ("线程的通信", "互斥锁"),
    ("队列", "概念"),
    ("队列", "先进先出"),
    ("队列", "实现"),
    ("队列", "队列计数器"),
    ("队列", "生产者和消费者模型"),
    ("线程池", "线程的重复利用"),
    ("线程池", "线程池"),
    ("线程池", "内置线程池"),
    ("进程池", "进程池"),
    ("进程池", "池并发服务器"),
    ("协程", "概念"),
    ("协程", "优点"),
    ("协程", "缺点"),
    ("协程", "特点"),
    ("协程", "生成器"),
    ("生成器", "生产者和消费者模型"),
    ("协程", "greenlet"),
    ("协程", "gevent"),
    ("gevent", "gevent并发服务器"),
    ("gevent", "生产者和消费者模型"),
    ("协程", "实现异步"),
]

# Headings under which the tutorial says nothing: no claim to catalogue, and why, for the reader
# of CLAIMS.md (a test checks these, and only these, headings have no claim).
EMPTY_HEADINGS = {
    ("队列", "概念"): (
        "The tutorial gives this heading no text. Its one idea, first in first out, is the next "
        "heading's claim (queue.fifo)."
    ),
}
