/**
 * The scripts' API client and kept-alive sockets: a request written to a socket the server has just closed as
 * idle fails before the server reads it, and is sent once more on a fresh socket; other failures are not.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiClient } from '../../../scripts/lib/api-client';

/** Answers 200 with the request count; `closeSecondOnSocket` drops the connection at its second request. */
async function server(
  closeSecondOnSocket: boolean,
): Promise<{ url: string; requests: () => number; srv: Server }> {
  let requests = 0;
  const perSocket = new Map<Socket, number>();
  const srv = createServer((req, res) => {
    requests++;
    const seen = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, seen);
    if (closeSecondOnSocket && seen === 2) {
      req.socket.destroy(); // as a server does with a socket it has just timed out
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ n: requests }));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, requests: () => requests, srv };
}

describe('ApiClient on kept-alive sockets', () => {
  test('when the server closed the reused socket, then the request is sent again once and answered', async () => {
    const { url, requests, srv } = await server(true);
    const client = new ApiClient(url, { maxSockets: 1 });
    try {
      expect((await client.send('GET', '/a')).status).toBe(200);
      const second = await client.send('POST', '/b', { x: 1 });
      expect(second).toMatchObject({ status: 200, body: { n: 3 } });
      expect(requests()).toBe(3);
    } finally {
      client.close();
      srv.close();
    }
  });

  test('when a fresh socket fails, then the error reaches the caller without a second try', async () => {
    const { url, srv } = await server(false);
    srv.close();
    const client = new ApiClient(url);
    await expect(client.send('GET', '/a')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    client.close();
  });
});
