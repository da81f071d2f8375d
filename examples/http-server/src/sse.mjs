// Server-sent events: `event: <name>\ndata: <json>\n\n` on a response kept open.
// The data is one line of JSON (JSON.stringify never emits a raw newline).

/** Starts an event stream on `res`; returns `send(event, data)` and `close()`. */
export function openEventStream(res, { heartbeatMs = 15_000 } = {}) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx buffers proxied responses unless told not to; events would arrive all at the end.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  // A comment line now and then keeps proxies and load balancers from timing out a slow page.
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  return {
    send(event, data) {
      if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    },
  };
}
