/**
 * TEST SUPPORT: a TCP proxy in the test process, standing between a service and a real server (here
 * Cassandra), that can be taken down and brought back on the same port. It lets a test cut a
 * service off from Cassandra mid-stream without stopping the shared Cassandra other tests use.
 */
import type { Socket, TCPSocketListener } from "bun";

interface Pipe {
  upstream?: Socket<Pipe>;
  /** Bytes waiting for the upstream connection or for its socket to drain. */
  toUpstream: Uint8Array[];
  /** Bytes waiting for the client's socket to drain. */
  toClient: Uint8Array[];
  client?: Socket<Pipe>;
}

/** Writes `chunk` after anything already queued; queues what the socket did not take. */
function send(socket: Socket<Pipe> | undefined, queue: Uint8Array[], chunk: Uint8Array): void {
  if (!socket || queue.length > 0) {
    queue.push(chunk);
    return;
  }
  const n = socket.write(chunk);
  if (n < chunk.length) queue.push(chunk.subarray(Math.max(n, 0)));
}

function flush(socket: Socket<Pipe>, queue: Uint8Array[]): void {
  while (queue.length > 0) {
    const chunk = queue[0]!;
    const n = socket.write(chunk);
    if (n < chunk.length) {
      queue[0] = chunk.subarray(Math.max(n, 0));
      return;
    }
    queue.shift();
  }
}

export class TcpProxy {
  private listener: TCPSocketListener<Pipe> | undefined;
  private readonly sockets = new Set<Socket<Pipe>>();
  port = 0;

  constructor(private readonly target: { hostname: string; port: number }) {}

  /** Listens on 127.0.0.1 (the same port as before after a `down`, else a free one). */
  up(): number {
    const sockets = this.sockets;
    const target = this.target;
    this.listener = Bun.listen<Pipe>({
      hostname: "127.0.0.1",
      port: this.port,
      socket: {
        open(client) {
          const pipe: Pipe = { toUpstream: [], toClient: [], client };
          client.data = pipe;
          sockets.add(client);
          void Bun.connect<Pipe>({
            ...target,
            data: pipe,
            socket: {
              open(upstream) {
                pipe.upstream = upstream;
                sockets.add(upstream);
                flush(upstream, pipe.toUpstream);
              },
              data(_upstream, chunk) {
                send(pipe.client, pipe.toClient, chunk);
              },
              drain(upstream) {
                flush(upstream, pipe.toUpstream);
              },
              close(upstream) {
                sockets.delete(upstream);
                pipe.client?.end();
              },
              error(upstream) {
                upstream.end();
              },
            },
          }).catch(() => client.end());
        },
        data(client, chunk) {
          send(client.data.upstream, client.data.toUpstream, chunk);
        },
        drain(client) {
          flush(client, client.data.toClient);
        },
        close(client) {
          sockets.delete(client);
          client.data.upstream?.end();
        },
        error(client) {
          client.end();
        },
      },
    });
    this.port = this.listener.port;
    return this.port;
  }

  /** Stops listening and cuts every connection: the server looks gone (connection refused). */
  down(): void {
    this.listener?.stop(true);
    this.listener = undefined;
    for (const s of this.sockets) s.terminate();
    this.sockets.clear();
  }
}
