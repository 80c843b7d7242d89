"""An "asyncio" server that accepts with a blocking accept() and runs each connection's
coroutine to completion with asyncio.run() before accepting the next: coroutines, one client at
a time."""
import asyncio


async def _echo(conn):
    reader, writer = await asyncio.open_connection(sock=conn)
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()


def serve_asyncio(listener):
    while True:
        conn, _ = listener.accept()
        asyncio.run(_echo(conn))
